/**
 * `pyproject.toml`: PEP 621 `[project].dependencies` or Poetry's `[tool.poetry.dependencies]`,
 * with `uv.lock` / `poetry.lock` when present. Pure; TOML errors carry the parser's line.
 */
import { parse, TomlError } from 'smol-toml';
import { FileError } from '../platform/errors.js';
import type { DependencyInstall, DroppedRequirement } from './types.js';
import { parseRequirement } from './pep508.js';
import { appendUnique, invalidRequirementProblem, pytorchIndexFor } from './origin.js';
import { poetryConstraintToSpecifier } from './python-version.js';
import { LOCAL_INSTALL_PROBLEM } from './requirements.js';
import {
  poetryDependencyLines,
  poetryLockLines,
  poetryRoots,
  type RootDependency,
} from './poetry.js';
import { findLine } from './text.js';
import type { MarkerTarget } from './markers.js';
import { describeTarget } from './markers.js';
import {
  extraLines,
  groupLines,
  poetryExtraPackages,
  poetryGroupTables,
  type OptionalSelection,
} from './optional.js';

export const PYPROJECT = 'pyproject.toml';
export const UV_LOCK = 'uv.lock';
export const POETRY_LOCK = 'poetry.lock';

type Table = Record<string, unknown>;

export interface Pyproject {
  content: string;
  /** The whole parsed document (for `[build-system]` and tool tables). */
  document: Table;
  /** `[project]`, when the file has one. */
  project?: Table;
  /** `[tool.poetry.dependencies]`, when the file has it. */
  poetryDependencies?: Table;
  /** `[[tool.poetry.source]]`: extra package indexes of a Poetry project. */
  poetrySources: { name: string; url: string; explicit: boolean }[];
}

export interface PyprojectEnvironment {
  files: string[];
  install: DependencyInstall;
  extraIndexUrls: string[];
  dropped: DroppedRequirement[];
  /** Which part of the file or lock was used, for the reason sentence. */
  detail: string;
}

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseToml(file: string, content: string): Table {
  try {
    return parse(content) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new FileError(
        file,
        error.line,
        `invalid TOML: ${error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')}`,
      );
    }
    throw error;
  }
}

export function parsePyproject(content: string): Pyproject {
  const document = parseToml(PYPROJECT, content);
  const pyproject: Pyproject = { content, document, poetrySources: [] };
  if (isTable(document.project)) pyproject.project = document.project;
  const tool = isTable(document.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  if (isTable(poetry.dependencies)) pyproject.poetryDependencies = poetry.dependencies;
  for (const source of Array.isArray(poetry.source) ? poetry.source : []) {
    if (isTable(source) && typeof source.name === 'string' && typeof source.url === 'string') {
      const explicit = source.priority === 'explicit';
      pyproject.poetrySources.push({ name: source.name, url: source.url, explicit });
    }
  }
  return pyproject;
}

/**
 * Which table lists the dependencies. `[project].dependencies` wins; Poetry's table is used when
 * `[project]` has none. A pyproject.toml holding only tool settings (black, ruff, pytest), a
 * `[project]` table without `dependencies` (the list is elsewhere: requirements/*.txt, setup.py)
 * or with `dynamic = ["dependencies"]` does not describe the environment by itself.
 */
export function dependencyTable(pyproject: Pyproject): 'project' | 'poetry' | undefined {
  if (pyproject.project?.dependencies !== undefined) return 'project';
  if (pyproject.poetryDependencies) return 'poetry';
  return undefined;
}

/** The Python specifier the file declares (PEP 440), with where it came from. */
export function pythonRequirement(
  pyproject: Pyproject,
): { specifier: string; line: number | undefined; source: string } | undefined {
  const requires = pyproject.project?.['requires-python'];
  if (typeof requires === 'string') {
    return {
      specifier: requires,
      line: findLine(pyproject.content, 'requires-python'),
      source: 'requires-python',
    };
  }
  const poetryPython = pyproject.poetryDependencies?.python;
  if (typeof poetryPython === 'string') {
    const line = findLine(pyproject.content, 'python', findLine(pyproject.content, 'dependencies'));
    const specifier = poetryConstraintToSpecifier(poetryPython);
    if (specifier === undefined) {
      throw new FileError(PYPROJECT, line, `python = "${poetryPython}": '||' is not supported`);
    }
    return { specifier, line, source: 'tool.poetry.dependencies.python' };
  }
  return undefined;
}

/** The environment of a pyproject.toml that declares dependencies, with its lock if present. */
export function pyprojectEnvironment(
  pyproject: Pyproject,
  files: ReadonlyMap<string, string>,
  target?: MarkerTarget,
  selection: OptionalSelection = { extras: [], groups: [] },
): PyprojectEnvironment {
  const projectLines =
    dependencyTable(pyproject) === 'project'
      ? [
          ...projectDependencies(pyproject),
          ...extraLines(pyproject, selection.extras),
          ...groupLines(pyproject, selection.groups),
        ]
      : undefined;
  const extraPackages = poetryExtraPackages(pyproject, selection.extras);
  const lines = projectLines ?? [
    ...poetryDependencyLines(
      PYPROJECT,
      pyproject.content,
      withOptional(pyproject.poetryDependencies ?? {}, extraPackages),
    ),
    ...groupLines(pyproject, selection.groups),
  ];
  const extraIndexUrls: string[] = [];
  for (const line of lines) {
    const parsed = parseRequirement(line);
    if (!parsed.ok) {
      throw new FileError(
        PYPROJECT,
        findLine(pyproject.content, line.split(/[\s[@;<>=!~]/)[0] ?? line),
        `${invalidRequirementProblem(parsed.error)}: ${line}`,
      );
    }
    const index = pytorchIndexFor(parsed.value);
    if (index) appendUnique(extraIndexUrls, [index]);
  }

  const uvLock = files.get(UV_LOCK);
  if (projectLines !== undefined && uvLock !== undefined) {
    const lock = parseToml(UV_LOCK, uvLock);
    if (!Array.isArray(lock.package) && lock.version === undefined) {
      throw new FileError(UV_LOCK, 1, 'not a uv lock file (no version and no [[package]] tables)');
    }
    return {
      files: [PYPROJECT, UV_LOCK],
      install: {
        kind: 'uv-lock',
        files: [PYPROJECT, UV_LOCK],
        ...(selection.extras.length > 0 && { extras: selection.extras }),
        ...(selection.groups.length > 0 && { groups: selection.groups }),
      },
      extraIndexUrls,
      dropped: [],
      detail: 'the locked set of uv.lock',
    };
  }

  const poetryLock = files.get(POETRY_LOCK);
  if (poetryLock !== undefined) {
    const roots = [
      ...rootsOf(pyproject, projectLines, extraPackages),
      ...poetryGroupTables(pyproject, selection.groups).flatMap((table) => poetryRoots(table)),
    ];
    const locked = poetryLockLines(
      POETRY_LOCK,
      poetryLock,
      parseToml(POETRY_LOCK, poetryLock),
      roots,
      target,
      selection.groups,
    );
    appendUnique(extraIndexUrls, locked.extraIndexUrls);
    const groups =
      selection.groups.length > 0 ? ` and the groups ${selection.groups.join(', ')}` : '';
    const others = locked.otherTargets.length;
    return {
      files: [PYPROJECT, POETRY_LOCK],
      install: { kind: 'poetry-lock', files: [PYPROJECT, POETRY_LOCK], lines: locked.lines },
      extraIndexUrls,
      dropped: locked.dropped,
      detail:
        `the main-group${groups} packages pinned in poetry.lock` +
        (target ? ` for ${describeTarget(target)}` : '') +
        (others > 0
          ? ` (${others} locked for other platforms or Pythons left out: ${locked.otherTargets.join(', ')})`
          : ''),
    };
  }

  if (projectLines === undefined) appendUnique(extraIndexUrls, poetrySourceUrls(pyproject));
  return {
    files: [PYPROJECT],
    install: { kind: 'requirement-lines', lines, noDeps: false },
    extraIndexUrls,
    dropped: [],
    detail: projectLines !== undefined ? '[project].dependencies' : '[tool.poetry.dependencies]',
  };
}

function projectDependencies(pyproject: Pyproject): string[] {
  const dependencies = pyproject.project?.dependencies ?? [];
  const where = findLine(pyproject.content, 'dependencies');
  if (!Array.isArray(dependencies)) {
    throw new FileError(PYPROJECT, where, '[project].dependencies must be a list of strings');
  }
  return dependencies.map((item: unknown) => {
    if (typeof item !== 'string') {
      throw new FileError(PYPROJECT, where, `dependency ${JSON.stringify(item)} is not a string`);
    }
    const parsed = parseRequirement(item);
    const line = findLine(pyproject.content, item, where) ?? where;
    if (!parsed.ok) {
      throw new FileError(PYPROJECT, line, `${invalidRequirementProblem(parsed.error)}: ${item}`);
    }
    if (parsed.value.url?.startsWith('file:')) {
      throw new FileError(PYPROJECT, line, `${LOCAL_INSTALL_PROBLEM}: ${item}`);
    }
    return item.trim();
  });
}

function rootsOf(
  pyproject: Pyproject,
  projectLines: string[] | undefined,
  extraPackages: string[],
): RootDependency[] {
  const roots: RootDependency[] = [];
  for (const line of projectLines ?? []) {
    const parsed = parseRequirement(line);
    if (!parsed.ok) continue;
    const { name, extras, specifiers, marker } = parsed.value;
    roots.push({
      name,
      extras,
      ...(specifiers.length > 0 && {
        constraint: specifiers.map((clause) => `${clause.op}${clause.version}`).join(','),
      }),
      ...(marker !== undefined && { marker }),
    });
  }
  if (pyproject.poetryDependencies) {
    roots.push(...poetryRoots(pyproject.poetryDependencies, extraPackages));
  }
  return roots;
}

/** The Poetry table with the optional entries an asked extra names made required. */
function withOptional(dependencies: Table, names: string[]): Table {
  if (names.length === 0) return dependencies;
  const wanted = new Set(names.map((name) => name.toLowerCase().replace(/[-_.]+/g, '-')));
  const strip = (entry: unknown) =>
    isTable(entry) && entry.optional === true ? { ...entry, optional: false } : entry;
  return Object.fromEntries(
    Object.entries(dependencies).map(([name, value]) =>
      wanted.has(name.toLowerCase().replace(/[-_.]+/g, '-'))
        ? [name, Array.isArray(value) ? value.map(strip) : strip(value)]
        : [name, value],
    ),
  );
}

/**
 * Without a lock, Poetry sources become extra indexes: every non-explicit source, and explicit
 * ones that a dependency names with `source = "…"`.
 */
function poetrySourceUrls(pyproject: Pyproject): string[] {
  const named = Object.values(pyproject.poetryDependencies ?? {}).flatMap((value) =>
    (Array.isArray(value) ? value : [value]).flatMap((entry: unknown) =>
      isTable(entry) && typeof entry.source === 'string' ? [entry.source] : [],
    ),
  );
  return pyproject.poetrySources
    .filter((source) => !source.explicit || named.includes(source.name))
    .map((source) => source.url);
}
