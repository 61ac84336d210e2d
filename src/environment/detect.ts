/**
 * Python environment detection. PURE: no fs, no exec — it reads a snapshot of the candidate
 * files, so every branch is a table test. First match wins:
 *   'requirements' input → requirements.txt → environment.yml/.yaml → pyproject.toml
 *   → frozen list ('frozen-requirements' input, requirements.frozen.txt, pip freeze) → nothing.
 */
import { FileError, InputError } from '../platform/errors.js';
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
  parseToml,
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
import type { LocalProjectLine } from './requirements.js';
import { projectAt, projectInstall, type ProjectInstall, type ProjectTarget } from './project.js';
import { inferSystemPackages } from './system-packages.js';
import { classifyLine, logicalLines } from './requirements-file.js';
import { heavyPins } from './heavy.js';
import { markerTarget, type MarkerTarget } from './markers.js';
import {
  checkSelection,
  declaredOptional,
  groupLines,
  type OptionalSelection,
} from './optional.js';

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
  /** Add the Debian packages the requirements need and apt.txt's (default true). */
  inferSystemPackages?: boolean;
  /** The `platforms` input (OS/ARCH), for lock markers on `platform_machine`. */
  platforms?: string[];
  /** The `extras` input: optional dependencies of the project to install. */
  extras?: string[];
  /** The `dependency-groups` input: dependency groups of the project to install. */
  dependencyGroups?: string[];
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
  /** Requirement lists in other places (`requirements/base.txt`, …), for the "nothing found" error. */
  otherRequirementFiles?: string[];
  /** `pip freeze` output of the job's Python, present only when freezeLocalEnv was requested and no earlier source matched. */
  localFreeze?: string;
}

export const REQUIREMENTS_TXT = 'requirements.txt';
const CONDA_FILES = ['environment.yml', 'environment.yaml'] as const;
const FROZEN_TXT = 'requirements.frozen.txt';
const PYTHON_VERSION_FILE = '.python-version';
const RUNTIME_TXT = 'runtime.txt';
const SETUP_PY = 'setup.py';
const SETUP_CFG = 'setup.cfg';
/** repo2docker's apt.txt, at the root or in its binder folders (first found wins). */
const APT_TXT_FILES = ['apt.txt', 'binder/apt.txt', '.binder/apt.txt'] as const;

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
  SETUP_PY,
  SETUP_CFG,
  ...APT_TXT_FILES,
];

/** The source that detection picked. */
export type EnvironmentSource =
  | { kind: 'requirements-input'; list: ListInput }
  | { kind: 'requirements-txt' }
  | { kind: 'conda'; file: string }
  | { kind: 'pyproject'; pyproject: Pyproject }
  | { kind: 'project' }
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
  const root = projectAt(files, '.');
  // A package whose dependencies are computed (undefined) or listed (setup.py install_requires,
  // setup.cfg) is the environment; one that declares none falls through.
  if (root && (root.dependencies === undefined || root.dependencies.length > 0)) {
    return { kind: 'project' };
  }
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

/**
 * Asked extras and groups must be declared by the project (before anything is built). Groups
 * need pyproject.toml as the environment or a package at the root to land in.
 */
function checkOptionalSelection(
  files: ReadonlyMap<string, string>,
  source: EnvironmentSource,
  selection: OptionalSelection,
): void {
  if (selection.extras.length === 0 && selection.groups.length === 0) return;
  const pyprojectText = files.get(PYPROJECT);
  const pyproject =
    source.kind === 'pyproject'
      ? source.pyproject
      : pyprojectText === undefined
        ? undefined
        : parsePyproject(pyprojectText);
  const present = [PYPROJECT, SETUP_PY, SETUP_CFG].filter((file) => files.has(file));
  const declared = declaredOptional(pyproject, files.get(SETUP_PY), files.get(SETUP_CFG));
  const where =
    present.length > 0
      ? `the project (${present.join(', ')})`
      : 'the context (no pyproject.toml, setup.py or setup.cfg)';
  checkSelection(selection, declared, where);
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
  /** `-e .` / `./sub` lines of the requirements list. */
  localProjects?: LocalProjectLine[];
}

export function detectEnvironment(
  snapshot: ContextSnapshot,
  options: EnvironmentOptions,
): PythonEnvironment {
  // Validated first: a bad input fails before any file is interpreted.
  const inputVersion = given(options.pythonVersion)
    ? parsePythonVersionInput(options.pythonVersion)
    : undefined;
  const selection: OptionalSelection = {
    extras: options.extras ?? [],
    groups: options.dependencyGroups ?? [],
  };
  const source = selectSource(snapshot.files, options);
  checkOptionalSelection(snapshot.files, source, selection);
  const warnings: string[] = [];
  // A lock's markers are evaluated for the image's Python, so it is chosen first when it can be
  // (only a conda file needs detection to have run).
  const early =
    source.kind === 'pyproject'
      ? choosePython(snapshot.files, inputVersion, { pyproject: source.pyproject }, warnings)
      : undefined;
  const target = early && markerTarget(early.version, options.platforms ?? []);
  const detected = fromSource(source, snapshot, options.allowEmpty, target, selection);
  const targets = projectTargets(snapshot.files, detected, selection.extras);
  const project = projectInstall(targets);
  if (!project && source.kind !== 'pyproject' && selection.groups.length > 0) {
    throw new InputError(
      'dependency-groups',
      selection.groups.join(','),
      `dependency groups are installed from pyproject.toml, but the environment is ${detected.files.join(', ') || detected.kind} and the context root is not a package`,
      "Leave 'dependency-groups' empty, or list the group's packages in the environment file.",
    );
  }
  if (project && source.kind !== 'pyproject' && selection.groups.length > 0) {
    const pyproject = snapshot.files.get(PYPROJECT);
    const lines = pyproject ? groupLines(parsePyproject(pyproject), selection.groups) : [];
    project.dependencies = [...new Set([...project.dependencies, ...lines])];
  }
  const environment: PythonEnvironment = {
    kind: detected.kind,
    reason: detected.reason,
    files: detected.files,
    python: early ?? choosePython(snapshot.files, inputVersion, detected, warnings),
    install: detected.install,
    extraIndexUrls: detected.extraIndexUrls,
    dropped: detected.dropped,
    ...(project && { project }),
  };
  if (warnings.length > 0) environment.warnings = warnings;
  if (options.inferSystemPackages !== false) {
    const aptFile = APT_TXT_FILES.find((file) => snapshot.files.has(file));
    const packages = inferSystemPackages(
      requirementSignals(snapshot.files, detected, project),
      aptFile ? { file: aptFile, content: snapshot.files.get(aptFile) ?? '' } : undefined,
    );
    if (packages.length > 0) environment.systemPackages = packages;
  }
  return environment;
}

/** Project names and direct URLs of everything the image installs, for the system-package table. */
function requirementSignals(
  files: ReadonlyMap<string, string>,
  detected: Detected,
  project: ProjectInstall | undefined,
): { names: string[]; urls: string[] } {
  const install = detected.install;
  const lines: string[] = [...(project?.dependencies ?? [])];
  const names: string[] = [];
  const urls: string[] = [];
  switch (install.kind) {
    case 'requirements-file':
      for (const file of [install.file, ...install.alsoCopy]) {
        lines.push(...logicalLines(files.get(file) ?? '').map((line) => line.text));
      }
      break;
    case 'requirement-lines':
    case 'poetry-lock':
      lines.push(...install.lines);
      break;
    case 'conda':
      lines.push(...install.pipLines);
      break;
    case 'uv-lock':
      for (const item of uvLockPackages(files.get(UV_LOCK) ?? '')) {
        names.push(item.name);
        if (item.git) urls.push(`git+${item.git}`);
      }
      break;
    case 'nothing':
      break;
  }
  for (const line of lines) {
    const entry = classifyLine(line);
    if (entry.kind === 'requirement') {
      names.push(entry.requirement.name);
      if (entry.requirement.url) urls.push(entry.requirement.url);
    } else if (entry.kind === 'url') {
      urls.push(entry.url);
      const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(entry.url)?.[1];
      if (egg) names.push(egg);
    }
  }
  return { names, urls };
}

/** `[[package]]` names and git sources of a uv.lock (a broken lock is reported elsewhere). */
function uvLockPackages(content: string): { name: string; git?: string }[] {
  try {
    const lock = parseToml(UV_LOCK, content);
    const packages = Array.isArray(lock.package) ? (lock.package as unknown[]) : [];
    return packages.flatMap((item) => {
      if (typeof item !== 'object' || item === null) return [];
      const { name, source } = item as { name?: unknown; source?: { git?: unknown } };
      if (typeof name !== 'string') return [];
      return [typeof source?.git === 'string' ? { name, git: source.git } : { name }];
    });
  } catch {
    return [];
  }
}

/**
 * The project folders installed after the code copy: those named by `-e .` / `./sub` lines (a
 * failure fails the build), else the context root when it is a package (a failure is reported and
 * the build goes on: the code still runs from the working directory).
 */
function projectTargets(
  files: ReadonlyMap<string, string>,
  detected: Detected,
  askedExtras: string[],
): ProjectTarget[] {
  const targets: ProjectTarget[] = [];
  for (const line of detected.localProjects ?? []) {
    if (targets.some((target) => target.path === line.path)) continue;
    const extras = line.path === '.' ? [...new Set([...line.extras, ...askedExtras])] : line.extras;
    const found = projectAt(files, line.path, extras);
    if (!found) {
      throw new FileError(
        line.where.replace(/ line \d+$/, ''),
        Number(/ line (\d+)$/.exec(line.where)?.[1]) || undefined,
        `names the folder '${line.path}', which has no setup.py and no pyproject.toml with a [build-system] table, so pip cannot install it: ${line.text}`,
      );
    }
    targets.push({
      path: line.path,
      reason: `${line.text} (${line.where})`,
      explicit: true,
      ...(extras.length > 0 && { extras }),
      ...found,
    });
  }
  if (targets.length === 0) {
    const root = projectAt(files, '.', askedExtras);
    if (root) {
      const file = files.has(SETUP_PY) ? SETUP_PY : `${PYPROJECT} [build-system]`;
      // When the package is the environment source its failure fails the build; as an add-on
      // to another environment file it is reported and the build goes on.
      const explicit = detected.kind === 'project';
      targets.push({
        path: '.',
        reason: `${file} at the context root`,
        explicit,
        ...(askedExtras.length > 0 && { extras: askedExtras }),
        ...root,
      });
    }
  }
  // A lock or the pyproject's own list already installed the root project's dependencies:
  // resolving them again could move a locked version.
  if (detected.kind === 'pyproject') {
    for (const target of targets) if (target.path === '.') target.dependencies = [];
  }
  return targets;
}

function fromSource(
  source: EnvironmentSource,
  snapshot: ContextSnapshot,
  allowEmpty: boolean,
  target: MarkerTarget | undefined,
  selection: OptionalSelection,
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
      return fromPyproject(source.pyproject, files, target, selection);
    case 'project':
      return fromProject(files);
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
      return fromNothing(
        source.pyprojectWithoutDependencies,
        allowEmpty,
        snapshot.otherRequirementFiles ?? [],
      );
  }
}

function fromRequirementsFile(
  files: ReadonlyMap<string, string>,
  file: string,
  reason: string,
): Detected {
  const checked = checkRequirementsFile(files, file);
  const install: DependencyInstall = {
    kind: 'requirements-file',
    file,
    alsoCopy: checked.files.slice(1),
  };
  if (Object.keys(checked.rewritten).length > 0) install.rewritten = checked.rewritten;
  const heavy = heavyPins(checked.rewritten[file] ?? files.get(file) ?? '');
  if (heavy) install.heavy = heavy;
  return {
    kind: 'requirements',
    reason,
    files: checked.files,
    install,
    extraIndexUrls: checked.extraIndexUrls,
    dropped: [],
    localProjects: checked.localProjects,
  };
}

function fromProject(files: ReadonlyMap<string, string>): Detected {
  const setupPy = files.has(SETUP_PY);
  const source = setupPy ? SETUP_PY : files.has(SETUP_CFG) ? SETUP_CFG : PYPROJECT;
  const projectFiles = [PYPROJECT, SETUP_PY, SETUP_CFG].filter((file) => files.has(file));
  return {
    kind: 'project',
    reason: `${source} describes an installable package (no requirements.txt, environment.yml or pyproject.toml dependency list): installing its dependencies, then the package`,
    files: projectFiles,
    install: { kind: 'nothing' },
    extraIndexUrls: [],
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
    localProjects: checked.localProjects,
  };
}

function fromConda(file: string, content: string): Detected {
  const conda = parseCondaEnvironment(file, content);
  const install: DependencyInstall = { kind: 'conda', file, pipLines: conda.pipLines };
  if (conda.name !== undefined) install.name = conda.name;
  const channels = conda.channels.map((channel) => channel.replace(/\/+$/, ''));
  if (!channels.includes('nodefaults') && !channels.some((c) => c.endsWith('conda-forge'))) {
    install.fallbackChannels = ['conda-forge'];
  }
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

function fromPyproject(
  pyproject: Pyproject,
  files: ReadonlyMap<string, string>,
  target: MarkerTarget | undefined,
  selection: OptionalSelection,
): Detected {
  const found = pyprojectEnvironment(pyproject, files, target, selection);
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
  `${SETUP_PY} / ${SETUP_CFG} (install_requires)`,
  FROZEN_TXT,
];

const HELPFUL_INPUTS = [
  "'requirements' (a file path or an inline list)",
  "'frozen-requirements' (pip freeze output, a file path or inline)",
  "'freeze-local-env: true' (use pip freeze of the job's Python)",
  "'allow-empty-environment: true' (an image with no packages)",
];

function fromNothing(
  pyprojectWithoutDependencies: boolean,
  allowEmpty: boolean,
  otherLists: readonly string[],
): Detected {
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
  const notes = [
    ...(pyprojectWithoutDependencies
      ? [
          `${PYPROJECT} is present but declares no dependencies (no [project].dependencies, or dynamic dependencies).`,
        ]
      : []),
    ...(otherLists.length > 0
      ? [
          `Requirement lists found elsewhere: ${otherLists.join(', ')} — set 'requirements' to the one to install, e.g. requirements: ${otherLists[0]}.`,
        ]
      : []),
  ];
  throw new NoEnvironmentError(
    LOOKED_FOR,
    HELPFUL_INPUTS,
    notes.length > 0 ? notes.join(' ') : undefined,
  );
}

/** `python_requires` of setup.py (a string literal) or setup.cfg `[options]`. */
function pythonRequiresOfSetup(
  files: ReadonlyMap<string, string>,
): { specifier: string; file: string } | undefined {
  const setupPy = files.get(SETUP_PY);
  const fromPy = setupPy && /python_requires\s*=\s*(['"])([^'"]+)\1/.exec(setupPy)?.[2];
  if (fromPy) return { specifier: fromPy.replace(/\s+/g, ''), file: SETUP_PY };
  const setupCfg = files.get(SETUP_CFG);
  const fromCfg = setupCfg && /^python_requires\s*=\s*(\S[^\n#]*)/m.exec(setupCfg)?.[1];
  if (fromCfg) return { specifier: fromCfg.trim().replace(/\s+/g, ''), file: SETUP_CFG };
  return undefined;
}

function choosePython(
  files: ReadonlyMap<string, string>,
  inputVersion: string | undefined,
  detected: Pick<Detected, 'conda' | 'pyproject'>,
  warnings: string[],
): PythonVersion {
  if (inputVersion) return { version: inputVersion, source: 'python-version input' };
  const dotFile = files.get(PYTHON_VERSION_FILE);
  if (dotFile !== undefined) {
    const result = parseDotPythonVersion(PYTHON_VERSION_FILE, dotFile);
    if ('version' in result) return { version: result.version, source: PYTHON_VERSION_FILE };
    warnings.push(result.warning);
  }
  const runtime = files.get(RUNTIME_TXT);
  if (runtime !== undefined) {
    const result = parseRuntimeTxt(RUNTIME_TXT, runtime);
    if ('version' in result) return { version: result.version, source: RUNTIME_TXT };
    warnings.push(result.warning);
  }
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
  const setupRequirement = pythonRequiresOfSetup(files);
  if (setupRequirement) {
    return {
      version: pythonFromSpecifier(setupRequirement.specifier, setupRequirement.file, undefined),
      source: `python_requires (${setupRequirement.file})`,
    };
  }
  return { version: DEFAULT_PYTHON_VERSION, source: 'default' };
}
