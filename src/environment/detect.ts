/**
 * Python environment detection. PURE: no fs, no exec — it reads a snapshot of the candidate
 * files, so every branch is a table test. First match wins:
 *   'requirements' input → requirements.txt → environment.yml/.yaml → pyproject.toml
 *   → frozen list ('frozen-requirements' input, requirements.frozen.txt, pip freeze) → nothing.
 */
import { InputError } from '../platform/errors.js';
import type { DependencyInstall, DroppedRequirement, EnvironmentKind } from './types.js';
import type { PythonEnvironment, PythonVersion } from './types.js';
import { NoEnvironmentError } from './errors.js';
import { classifyListInput, looksLikePath, type ListInput } from './inputs.js';
import { checkInlineRequirements, checkRequirementsFile } from './requirements.js';
import { sanitiseFrozenList } from './frozen.js';
import { parseCondaEnvironment, pythonFromCondaPin, type CondaEnvironment } from './conda.js';
import {
  dependencyTable,
  parsePyproject,
  pyprojectEnvironment,
  pythonRequirement,
  POETRY_LOCK,
  PYPROJECT,
  UV_LOCK,
  type Pyproject,
} from './pyproject.js';
import {
  DEFAULT_PYTHON_VERSION,
  parseDotPythonVersion,
  parsePythonVersionInput,
  parseRuntimeTxt,
  pythonFromSpecifier,
} from './python-version.js';
import type { Origin } from './origin.js';

export { DEFAULT_PYTHON_VERSION } from './python-version.js';

export interface EnvironmentOptions {
  /** Raw 'requirements' input: a context-relative file path, or an inline newline-separated list. */
  requirements?: string;
  /** Raw 'frozen-requirements' input: path or inline. */
  frozenRequirements?: string;
  freezeLocalEnv: boolean;
  allowEmpty: boolean;
  /** Raw 'python-version' input (MAJOR.MINOR[.PATCH], 3.8–3.14). */
  pythonVersion?: string;
}

export interface ContextSnapshot {
  /**
   * Contents of the candidate files that exist in the context (context-relative POSIX paths):
   * requirements.txt, files it includes with -r/-c (recursively), environment.yml,
   * environment.yaml, pyproject.toml, uv.lock, poetry.lock, requirements.frozen.txt,
   * .python-version, runtime.txt, and the files named by the requirements / frozen-requirements
   * inputs when they are paths.
   */
  files: ReadonlyMap<string, string>;
  /** `pip freeze` output of the job's Python, present only when freezeLocalEnv was requested and no earlier source matched. */
  localFreeze?: string;
}

export const REQUIREMENTS_TXT = 'requirements.txt';
const CONDA_FILES = ['environment.yml', 'environment.yaml'] as const;
const FROZEN_TXT = 'requirements.frozen.txt';
const PYTHON_VERSION_FILE = '.python-version';
const RUNTIME_TXT = 'runtime.txt';

/** Every fixed file name detection looks at (includes and input paths come on top). */
export const CANDIDATE_FILES: readonly string[] = [
  REQUIREMENTS_TXT,
  ...CONDA_FILES,
  PYPROJECT,
  UV_LOCK,
  POETRY_LOCK,
  FROZEN_TXT,
  PYTHON_VERSION_FILE,
  RUNTIME_TXT,
];

/** The source that detection picked. */
export type EnvironmentSource =
  | { kind: 'requirements-input'; list: ListInput }
  | { kind: 'requirements-txt' }
  | { kind: 'conda'; file: string }
  | { kind: 'pyproject'; pyproject: Pyproject }
  | { kind: 'frozen-input'; list: ListInput }
  | { kind: 'frozen-txt' }
  | { kind: 'local-freeze' }
  | { kind: 'none'; pyprojectWithoutDependencies: boolean };

function given(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/** The first source that matches. Exported so the reader runs `pip freeze` only when it is picked. */
export function selectSource(
  files: ReadonlyMap<string, string>,
  options: EnvironmentOptions,
): EnvironmentSource {
  if (given(options.requirements)) {
    return {
      kind: 'requirements-input',
      list: listInput(files, 'requirements', options.requirements),
    };
  }
  if (files.has(REQUIREMENTS_TXT)) return { kind: 'requirements-txt' };
  const conda = CONDA_FILES.find((file) => files.has(file));
  if (conda) return { kind: 'conda', file: conda };
  const pyprojectText = files.get(PYPROJECT);
  const pyproject = pyprojectText === undefined ? undefined : parsePyproject(pyprojectText);
  if (pyproject && dependencyTable(pyproject)) return { kind: 'pyproject', pyproject };
  if (given(options.frozenRequirements)) {
    const list = listInput(files, 'frozen-requirements', options.frozenRequirements);
    return { kind: 'frozen-input', list };
  }
  if (files.has(FROZEN_TXT)) return { kind: 'frozen-txt' };
  if (options.freezeLocalEnv) return { kind: 'local-freeze' };
  return { kind: 'none', pyprojectWithoutDependencies: pyproject !== undefined };
}

/** A path input names an existing file, else it is an inline list — unless it plainly names a file. */
function listInput(files: ReadonlyMap<string, string>, input: string, value: string): ListInput {
  const list = classifyListInput(input, value);
  if (list.kind === 'inline' || files.has(list.path)) return list;
  if (looksLikePath(value.trim())) {
    throw new InputError(
      input,
      value,
      `the file '${list.path}' is not in the build context`,
      'Give a path relative to the context, or an inline list with one requirement per line.',
    );
  }
  return { kind: 'inline', text: value.trim() };
}

/** What a source contributes before the Python version is chosen. */
interface Detected {
  kind: EnvironmentKind;
  reason: string;
  files: string[];
  install: DependencyInstall;
  extraIndexUrls: string[];
  dropped: DroppedRequirement[];
  conda?: CondaEnvironment;
  pyproject?: Pyproject;
}

export function detectEnvironment(
  snapshot: ContextSnapshot,
  options: EnvironmentOptions,
): PythonEnvironment {
  // Validated first: a bad input fails before any file is interpreted.
  const inputVersion = given(options.pythonVersion)
    ? parsePythonVersionInput(options.pythonVersion)
    : undefined;
  const detected = fromSource(selectSource(snapshot.files, options), snapshot, options.allowEmpty);
  return {
    kind: detected.kind,
    reason: detected.reason,
    files: detected.files,
    python: choosePython(snapshot.files, inputVersion, detected),
    install: detected.install,
    extraIndexUrls: detected.extraIndexUrls,
    dropped: detected.dropped,
  };
}

function fromSource(
  source: EnvironmentSource,
  snapshot: ContextSnapshot,
  allowEmpty: boolean,
): Detected {
  const files = snapshot.files;
  switch (source.kind) {
    case 'requirements-input':
      return source.list.kind === 'path'
        ? fromRequirementsFile(
            files,
            source.list.path,
            `the 'requirements' input names ${source.list.path} (overrides detection)`,
          )
        : fromInlineRequirements(source.list.text);
    case 'requirements-txt':
      return fromRequirementsFile(
        files,
        REQUIREMENTS_TXT,
        "requirements.txt found in the context (no 'requirements' input)",
      );
    case 'conda':
      return fromConda(source.file, files.get(source.file) ?? '');
    case 'pyproject':
      return fromPyproject(source.pyproject, files);
    case 'frozen-input':
      return source.list.kind === 'path'
        ? fromFrozen(
            { kind: 'file', file: source.list.path },
            files.get(source.list.path) ?? '',
            [source.list.path],
            `the 'frozen-requirements' input names ${source.list.path} (no environment file in the context)`,
          )
        : fromFrozen(
            { kind: 'input', input: 'frozen-requirements' },
            source.list.text,
            [],
            "the 'frozen-requirements' input holds an inline frozen list (no environment file in the context)",
          );
    case 'frozen-txt':
      return fromFrozen(
        { kind: 'file', file: FROZEN_TXT },
        files.get(FROZEN_TXT) ?? '',
        [FROZEN_TXT],
        `${FROZEN_TXT} found in the context (no requirements.txt, environment.yml or pyproject.toml dependencies)`,
      );
    case 'local-freeze':
      if (snapshot.localFreeze === undefined) {
        throw new Error("freeze-local-env is true but the job's pip freeze output was not read");
      }
      return fromFrozen(
        { kind: 'freeze' },
        snapshot.localFreeze,
        [],
        "pip freeze of the job's Python (freeze-local-env is true and no environment file is in the context)",
      );
    case 'none':
      return fromNothing(source.pyprojectWithoutDependencies, allowEmpty);
  }
}

function fromRequirementsFile(
  files: ReadonlyMap<string, string>,
  file: string,
  reason: string,
): Detected {
  const checked = checkRequirementsFile(files, file);
  return {
    kind: 'requirements',
    reason,
    files: checked.files,
    install: { kind: 'requirements-file', file, alsoCopy: checked.files.slice(1) },
    extraIndexUrls: checked.extraIndexUrls,
    dropped: [],
  };
}

function fromInlineRequirements(text: string): Detected {
  const checked = checkInlineRequirements('requirements', text);
  const count = checked.lines.length;
  return {
    kind: 'requirements',
    reason: `the 'requirements' input holds an inline list of ${count} line${count === 1 ? '' : 's'} (overrides detection)`,
    files: [],
    install: { kind: 'requirement-lines', lines: checked.lines, noDeps: false },
    extraIndexUrls: checked.extraIndexUrls,
    dropped: [],
  };
}

function fromConda(file: string, content: string): Detected {
  const conda = parseCondaEnvironment(file, content);
  const install: DependencyInstall = { kind: 'conda', file, pipLines: conda.pipLines };
  if (conda.name !== undefined) install.name = conda.name;
  return {
    kind: 'conda',
    reason: `${file} found in the context (no 'requirements' input, no requirements.txt)`,
    files: [file],
    install,
    extraIndexUrls: conda.extraIndexUrls,
    dropped: [],
    conda,
  };
}

function fromPyproject(pyproject: Pyproject, files: ReadonlyMap<string, string>): Detected {
  const found = pyprojectEnvironment(pyproject, files);
  return {
    kind: 'pyproject',
    reason: `${PYPROJECT} declares dependencies (no requirements.txt or environment.yml): installing ${found.detail}`,
    files: found.files,
    install: found.install,
    extraIndexUrls: found.extraIndexUrls,
    dropped: found.dropped,
    pyproject,
  };
}

function fromFrozen(origin: Origin, content: string, files: string[], reason: string): Detected {
  const sanitised = sanitiseFrozenList(origin, content);
  const dropped = sanitised.dropped.length;
  return {
    kind: 'frozen',
    reason: dropped > 0 ? `${reason}; ${dropped} line${dropped === 1 ? '' : 's'} dropped` : reason,
    files,
    install: { kind: 'requirement-lines', lines: sanitised.lines, noDeps: true },
    extraIndexUrls: sanitised.extraIndexUrls,
    dropped: sanitised.dropped,
  };
}

const LOOKED_FOR = [
  REQUIREMENTS_TXT,
  ...CONDA_FILES,
  `${PYPROJECT} (with [project].dependencies or [tool.poetry.dependencies])`,
  FROZEN_TXT,
];

const HELPFUL_INPUTS = [
  "'requirements' (a file path or an inline list)",
  "'frozen-requirements' (pip freeze output, a file path or inline)",
  "'freeze-local-env: true' (use pip freeze of the job's Python)",
  "'allow-empty-environment: true' (an image with no packages)",
];

function fromNothing(pyprojectWithoutDependencies: boolean, allowEmpty: boolean): Detected {
  if (allowEmpty) {
    return {
      kind: 'none',
      reason:
        'no environment file in the context and allow-empty-environment is true: the image gets no packages',
      files: [],
      install: { kind: 'nothing' },
      extraIndexUrls: [],
      dropped: [],
    };
  }
  const note = pyprojectWithoutDependencies
    ? `${PYPROJECT} is present but declares no dependencies (no [project] table, or dynamic dependencies).`
    : undefined;
  throw new NoEnvironmentError(LOOKED_FOR, HELPFUL_INPUTS, note);
}

function choosePython(
  files: ReadonlyMap<string, string>,
  inputVersion: string | undefined,
  detected: Detected,
): PythonVersion {
  if (inputVersion) return { version: inputVersion, source: 'python-version input' };
  const dotFile = files.get(PYTHON_VERSION_FILE);
  if (dotFile !== undefined) {
    return {
      version: parseDotPythonVersion(PYTHON_VERSION_FILE, dotFile),
      source: PYTHON_VERSION_FILE,
    };
  }
  const runtime = files.get(RUNTIME_TXT);
  if (runtime !== undefined)
    return { version: parseRuntimeTxt(RUNTIME_TXT, runtime), source: RUNTIME_TXT };
  // A conda pin counts only when environment.yml is the environment used.
  if (detected.conda?.pythonPin) {
    const version = pythonFromCondaPin(detected.conda.file, detected.conda.pythonPin);
    if (version) return { version, source: detected.conda.file };
  }
  const pyprojectText = files.get(PYPROJECT);
  const pyproject =
    detected.pyproject ?? (pyprojectText === undefined ? undefined : parsePyproject(pyprojectText));
  const requirement = pyproject ? pythonRequirement(pyproject) : undefined;
  if (requirement) {
    return {
      version: pythonFromSpecifier(requirement.specifier, PYPROJECT, requirement.line),
      source: requirement.source,
    };
  }
  return { version: DEFAULT_PYTHON_VERSION, source: 'default' };
}
