/**
 * The repository's own package: whether the context (or a sub-folder a requirements file names
 * with `-e ./sub` / `.`) is an installable Python project, what builds it, what it depends on and
 * which console scripts it declares. Pure: reads the snapshot only.
 *
 * The project is installed in a small layer AFTER the code copy, editable and without build
 * isolation, so a code-only change rebuilds only that layer: its build backend
 * (`[build-system].requires`) and, when they can be read statically, its dependencies are
 * installed in the dependency layer before the code copy.
 */
import { posix } from 'node:path';
import type { Pyproject } from './pyproject.js';
import { parsePyproject } from './pyproject.js';
import { normalizeName, parseRequirement } from './pep508.js';
import { poetryDependencyLines } from './poetry.js';

/** What pip uses for a project without `[build-system]` (PEP 517's setuptools fallback). */
export const SETUPTOOLS_FALLBACK_REQUIRES = ['setuptools>=40.8.0', 'wheel'];
/** What hatchling's get_requires_for_build_editable adds to `[build-system].requires`. */
export const HATCHLING_EDITABLE_REQUIRES = 'editables~=0.3';

/** One project directory to install after the code copy. */
export interface ProjectTarget {
  /** Context-relative POSIX directory; `.` is the context root. */
  path: string;
  /** Why it is installed, e.g. `pyproject.toml [build-system] hatchling.build`, `-e . (requirements.txt line 3)`. */
  reason: string;
  /** The build backend named by the project (for the plan), e.g. `setuptools.build_meta`. */
  backend: string;
  /** `[build-system].requires`, or the setuptools fallback. */
  buildRequires: string[];
  /**
   * The project's own dependencies (with the asked extras) when they can be read without running
   * anything; undefined when they are dynamic, so pip resolves them in the project layer instead.
   */
  dependencies?: string[];
  /** Console scripts the project declares ([project.scripts], [tool.poetry.scripts], entry_points). */
  scripts: string[];
  /** True when a requirements line asked for it: its failure fails the build. */
  explicit: boolean;
  /** Extras installed with it (`-e .[train]`, or the extras input). */
  extras?: string[];
  /** The distribution name, when the files state it (a sibling's dependency on it is not fetched). */
  name?: string;
}

export interface ProjectInstall {
  targets: ProjectTarget[];
  /** Union of the targets' build requirements, installed in the dependency layer. */
  buildRequires: string[];
  /** Union of the targets' static dependencies, installed in the dependency layer. */
  dependencies: string[];
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function inDir(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : posix.join(dir, name);
}

/** The files `projectAt` reads in a directory. */
export function projectFiles(dir: string): string[] {
  return ['pyproject.toml', 'setup.py', 'setup.cfg'].map((name) => inDir(dir, name));
}

/**
 * The installable project in `dir`, or undefined: like repo2docker, a `setup.py`, or a
 * pyproject.toml with a `[build-system]` table (a pyproject.toml holding only tool settings is not
 * a package). Extras come from a `-e .[extra]` line.
 */
export function projectAt(
  files: ReadonlyMap<string, string>,
  dir: string,
  extras: readonly string[] = [],
): Omit<ProjectTarget, 'reason' | 'explicit' | 'path'> | undefined {
  const pyprojectText = files.get(inDir(dir, 'pyproject.toml'));
  const setupPy = files.get(inDir(dir, 'setup.py'));
  const setupCfg = files.get(inDir(dir, 'setup.cfg'));
  let document: Table | undefined;
  let pyproject: Pyproject | undefined;
  if (pyprojectText !== undefined) {
    try {
      pyproject = parsePyproject(pyprojectText);
      document = pyproject.document;
    } catch {
      // A broken pyproject.toml is reported by detection when it is the environment source;
      // here it only means "not a project we can read".
      document = undefined;
    }
  }
  const buildSystem = isTable(document?.['build-system']) ? document['build-system'] : undefined;
  if (!buildSystem && setupPy === undefined) return undefined;
  let buildRequires = buildSystem
    ? buildSystem.requires === undefined
      ? SETUPTOOLS_FALLBACK_REQUIRES
      : strings(buildSystem.requires)
    : SETUPTOOLS_FALLBACK_REQUIRES;
  const backend =
    typeof buildSystem?.['build-backend'] === 'string'
      ? buildSystem['build-backend']
      : 'setuptools.build_meta:__legacy__';
  // setuptools before 70.1 builds wheels with the `wheel` package, which it requests on the fly
  // in an isolated build; without isolation it has to be there already.
  if (backend.startsWith('setuptools') && !buildRequires.some((item) => /^wheel\b/i.test(item))) {
    buildRequires = [...buildRequires, 'wheel'];
  }
  // Likewise hatchling's editable build imports `editables`, which an isolated build gets from
  // hatchling's get_requires_for_build_editable (PEP 660).
  if (
    backend.startsWith('hatchling') &&
    !buildRequires.some((item) => /^editables\b/i.test(item))
  ) {
    buildRequires = [...buildRequires, HATCHLING_EDITABLE_REQUIRES];
  }
  const scripts = [
    ...Object.keys(isTable(pyproject?.project?.scripts) ? pyproject.project.scripts : {}),
    ...Object.keys(poetryTable(document, 'scripts')),
    ...(setupCfg ? setupCfgScripts(setupCfg) : []),
    ...(setupPy ? setupPyScripts(setupPy) : []),
  ];
  const dependencies = staticDependencies(pyproject, document, setupPy, setupCfg, extras);
  const name = projectName(pyproject, document, setupPy, setupCfg);
  return {
    ...(name !== undefined && { name }),
    backend,
    buildRequires,
    ...(dependencies !== undefined && { dependencies }),
    scripts: [...new Set(scripts)],
  };
}

function projectName(
  pyproject: Pyproject | undefined,
  document: Table | undefined,
  setupPy: string | undefined,
  setupCfg: string | undefined,
): string | undefined {
  if (typeof pyproject?.project?.name === 'string') return pyproject.project.name;
  const tool = isTable(document?.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  if (typeof poetry.name === 'string') return poetry.name;
  const fromCfg = setupCfg && /^\s*name\s*=\s*([A-Za-z0-9._-]+)\s*$/m.exec(setupCfg)?.[1];
  if (fromCfg) return fromCfg;
  return (setupPy && /\bname\s*=\s*(['"])([A-Za-z0-9._-]+)\1/.exec(setupPy)?.[2]) || undefined;
}

function poetryTable(document: Table | undefined, key: string): Table {
  const tool = isTable(document?.tool) ? document.tool : {};
  const poetry = isTable(tool.poetry) ? tool.poetry : {};
  return isTable(poetry[key]) ? poetry[key] : {};
}

/** Dependencies readable without running the build backend; undefined when they are dynamic. */
function staticDependencies(
  pyproject: Pyproject | undefined,
  document: Table | undefined,
  setupPy: string | undefined,
  setupCfg: string | undefined,
  extras: readonly string[],
): string[] | undefined {
  const project = pyproject?.project;
  if (project) {
    const dynamic = strings(project.dynamic);
    if (dynamic.includes('dependencies')) return undefined;
    if (extras.length > 0 && dynamic.includes('optional-dependencies')) return undefined;
    const optional = isTable(project['optional-dependencies'])
      ? project['optional-dependencies']
      : {};
    return [
      ...strings(project.dependencies),
      ...extras.flatMap((extra) => strings(optional[extra])),
    ];
  }
  if (pyproject?.poetryDependencies) {
    try {
      const lines = poetryDependencyLines(
        'pyproject.toml',
        pyproject.content,
        pyproject.poetryDependencies,
      );
      return extras.length > 0 ? undefined : lines;
    } catch {
      return undefined;
    }
  }
  if (setupCfg !== undefined) {
    const fromCfg = setupCfgList(setupCfg, 'options', 'install_requires');
    if (fromCfg !== undefined && setupPy !== undefined && /install_requires\s*=/.test(setupPy)) {
      return undefined;
    }
    if (fromCfg !== undefined) {
      if (extras.length > 0) return undefined;
      return fromCfg;
    }
  }
  if (setupPy !== undefined) return setupPyInstallRequires(setupPy, extras);
  void document;
  return [];
}

/**
 * `install_requires=[...]` written as a list of string literals in setup.py; undefined when it is
 * computed (read from a file, built in code), [] when setup.py names none.
 */
export function setupPyInstallRequires(
  setupPy: string,
  extras: readonly string[] = [],
): string[] | undefined {
  if (extras.length > 0 && /extras_require\s*=/.test(setupPy)) return undefined;
  const at = /install_requires\s*=\s*/.exec(setupPy);
  if (!at) return [];
  const rest = setupPy.slice(at.index + at[0].length);
  const list = /^\[([^\]]*)\]/.exec(rest);
  if (!list) return undefined;
  // `[...] + extra` or `[...] if … else …` is computed too.
  if (/^\s*[+*]|^\s*if\b/.test(rest.slice(list[0].length))) return undefined;
  const body = (list[1] ?? '').replace(/#.*$/gm, '');
  const items = [...body.matchAll(/(['"])(.*?)\1/g)].map((match) => (match[2] ?? '').trim());
  // Anything other than string literals and commas (a variable, a call) means computed.
  const leftover = body.replace(/(['"])(.*?)\1/g, '').replace(/[\s,]/g, '');
  if (leftover !== '') return undefined;
  return items.filter((item) => item !== '' && parseRequirement(item).ok);
}

function setupPyScripts(setupPy: string): string[] {
  const block = /['"]console_scripts['"]\s*:\s*\[([^\]]*)\]/.exec(setupPy)?.[1] ?? '';
  return [...block.matchAll(/(['"])\s*([A-Za-z0-9_.-]+)\s*=/g)].map((match) => match[2] ?? '');
}

/** A multi-line value of an INI section, one entry a line (setup.cfg style). */
function setupCfgList(content: string, section: string, key: string): string[] | undefined {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  let current = '';
  let collecting = false;
  let found: string[] | undefined;
  for (const raw of lines) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      current = (header[1] ?? '').trim();
      collecting = false;
      continue;
    }
    if (current !== section) continue;
    const entry = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (entry && !/^\s/.test(raw)) {
      collecting = entry[1] === key;
      if (collecting) {
        found = [];
        const first = (entry[2] ?? '').trim();
        if (first !== '') found.push(first);
      }
      continue;
    }
    if (collecting && /^\s+\S/.test(raw)) {
      const value = raw.replace(/\s#.*$/, '').trim();
      if (value !== '' && !value.startsWith('#')) found?.push(value);
    }
  }
  return found;
}

function setupCfgScripts(content: string): string[] {
  return (setupCfgList(content, 'options.entry_points', 'console_scripts') ?? []).map(
    (line) => line.split('=')[0]?.trim() ?? '',
  );
}

/** Builds the install from the targets: build requirements and static dependencies merged. */
export function projectInstall(targets: ProjectTarget[]): ProjectInstall | undefined {
  if (targets.length === 0) return undefined;
  const unique = (items: string[]) => [...new Set(items)];
  // A package of the repository that another one depends on (a monorepo's `core`) is installed
  // from its folder after the code copy, not fetched from an index before it.
  const local = new Set(
    targets.flatMap((target) => (target.name ? [normalizeName(target.name)] : [])),
  );
  const fromIndex = (line: string) => {
    const parsed = parseRequirement(line);
    return !(parsed.ok && local.has(normalizeName(parsed.value.name)) && !parsed.value.url);
  };
  return {
    targets,
    buildRequires: unique(targets.flatMap((target) => target.buildRequires)),
    dependencies: unique(targets.flatMap((target) => target.dependencies ?? [])).filter(fromIndex),
  };
}
