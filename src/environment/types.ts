import type { HeavyPins } from './heavy.js';
import type { ProjectInstall } from './project.js';

/** Which source of Python packages the image is built from. */
export type EnvironmentKind =
  'requirements' | 'conda' | 'pyproject' | 'project' | 'frozen' | 'none' | 'dockerfile';

/** A line of a package list that was left out, and why (shown in the log and the job summary). */
export interface DroppedRequirement {
  line: string;
  file: string;
  lineNumber: number;
  reason: string;
}

/** The Python version the image gets, and where it came from. */
export interface PythonVersion {
  /** `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`. */
  version: string;
  /** e.g. `python-version input`, `.python-version`, `runtime.txt`, `environment.yml`, `requires-python`, `default`. */
  source: string;
}

/**
 * How the dependency layer installs packages. Files are context-relative and are COPY'd into the
 * image BEFORE the code, so a code-only change reuses the installed layer.
 */
export type DependencyInstall =
  /** `pip install -r <file>` of a requirements file that exists in the context. */
  | {
      kind: 'requirements-file';
      file: string;
      alsoCopy: string[];
      /** Files whose local project lines were taken out: written with this content, not copied. */
      rewritten?: Record<string, string>;
      /** The file's heavy pins, installed in their own layer before the file is copied. */
      heavy?: HeavyPins;
    }
  /**
   * A list with no file in the context (inline input, sanitised frozen list, pyproject
   * dependencies, pip freeze output): the Dockerfile writes these lines itself.
   * `noDeps`: a frozen list pins every package already, install exactly those.
   */
  | { kind: 'requirement-lines'; lines: string[]; noDeps: boolean }
  /** `pip install .` style project install is NOT used: only the dependencies are installed. */
  | {
      kind: 'uv-lock';
      files: string[];
      /** `--extra` / `--group` of both `uv sync` phases (the extras and dependency-groups inputs). */
      extras?: string[];
      groups?: string[];
    }
  | { kind: 'poetry-lock'; files: string[]; lines: string[] }
  | {
      kind: 'conda';
      file: string;
      name?: string;
      pipLines: string[];
      /**
       * Channels added after the file's own: conda-forge, as conda and repo2docker do, unless the
       * file lists it or says `nodefaults`.
       */
      fallbackChannels?: string[];
    }
  | { kind: 'nothing' };

export interface PythonEnvironment {
  kind: EnvironmentKind;
  /** One sentence: which file or input was used and why (first match wins). */
  reason: string;
  /** Context-relative files that define the environment (for reports and the JSON plan). */
  files: string[];
  python: PythonVersion;
  install: DependencyInstall;
  /** Extra package indexes the list needs (e.g. the PyTorch CUDA wheel index for `+cuXXX` pins). */
  extraIndexUrls: string[];
  dropped: DroppedRequirement[];
  /** The repository's own package(s), installed after the code copy. */
  project?: ProjectInstall;
  /** Files that were ignored with a reason (a `.python-version` naming a virtualenv, …). */
  warnings?: string[];
  /** Debian packages the requirements need (git for VCS lines, a compiler, libGL…), with reasons. */
  systemPackages?: SystemPackage[];
}

/** A Debian package added to the image, and why. */
export interface SystemPackage {
  name: string;
  reason: string;
}
