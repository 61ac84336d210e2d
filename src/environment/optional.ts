/**
 * Optional dependencies the `extras` and `dependency-groups` inputs ask for: which names a project
 * declares (PEP 621 optional-dependencies, Poetry extras and groups, PEP 735 `[dependency-groups]`,
 * uv's dev-dependencies, setup.py / setup.cfg extras_require), and the requirement lines of a
 * group. Pure. Names compare normalised (PEP 685, PEP 735).
 */
import { InputError } from '../platform/errors.js';
import { normalizeName } from './pep508.js';
import type { Pyproject } from './pyproject.js';
import { poetryDependencyLines } from './poetry.js';

/** What the inputs ask for; both lists are empty by default. */
export interface OptionalSelection {
  extras: string[];
  groups: string[];
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function tableAt(document: Table | undefined, ...keys: string[]): Table {
  let current: unknown = document;
  for (const key of keys) current = isTable(current) ? current[key] : undefined;
  return isTable(current) ? current : {};
}

/** The names a project declares; `dynamicExtras` when its extras are computed at build time. */
export interface DeclaredOptional {
  extras: string[];
  groups: string[];
  dynamicExtras: boolean;
}

export function declaredOptional(
  pyproject: Pyproject | undefined,
  setupPy: string | undefined,
  setupCfg: string | undefined,
): DeclaredOptional {
  const document = pyproject?.document;
  const project = pyproject?.project;
  const poetry = tableAt(document, 'tool', 'poetry');
  const extras = [
    ...Object.keys(tableAt(project, 'optional-dependencies')),
    ...Object.keys(tableAt(poetry, 'extras')),
    ...setupCfgExtras(setupCfg),
    ...setupPyExtras(setupPy),
  ];
  const groups = [
    ...Object.keys(tableAt(document, 'dependency-groups')),
    ...Object.keys(tableAt(poetry, 'group')),
    ...(isTable(poetry['dev-dependencies']) ? ['dev'] : []),
    ...(Array.isArray(tableAt(document, 'tool', 'uv')['dev-dependencies']) ? ['dev'] : []),
  ];
  const dynamicExtras =
    strings(project?.dynamic).includes('optional-dependencies') ||
    (setupPy !== undefined &&
      /extras_require\s*=/.test(setupPy) &&
      !/extras_require\s*=\s*\{/.test(setupPy));
  return { extras: unique(extras), groups: unique(groups), dynamicExtras };
}

function unique(names: string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = normalizeName(name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function setupCfgExtras(setupCfg: string | undefined): string[] {
  if (setupCfg === undefined) return [];
  const section =
    /^\[options\.extras_require\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(setupCfg)?.[1] ?? '';
  return [...section.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)\s*[=:]/gm)].map((m) => m[1] ?? '');
}

/** Keys of an `extras_require={...}` literal (string keys at the dict's top level). */
function setupPyExtras(setupPy: string | undefined): string[] {
  const at = setupPy === undefined ? -1 : setupPy.search(/extras_require\s*=\s*\{/);
  if (setupPy === undefined || at === -1) return [];
  const body = setupPy.slice(setupPy.indexOf('{', at));
  const keys: string[] = [];
  let depth = 0;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index];
    if (char === '{' || char === '[' || char === '(') depth += 1;
    else if (char === '}' || char === ']' || char === ')') {
      depth -= 1;
      if (depth === 0) break;
    } else if (depth === 1 && (char === '"' || char === "'")) {
      const end = body.indexOf(char, index + 1);
      const key = /^\s*:/.test(body.slice(end + 1)) ? body.slice(index + 1, end) : undefined;
      if (key !== undefined) keys.push(key);
      index = end;
    }
  }
  return keys;
}

/**
 * Fails before anything is built when an asked name is not declared: the input, the value, the
 * names the project declares.
 */
export function checkSelection(
  selection: OptionalSelection,
  declared: DeclaredOptional,
  source: string,
): void {
  const check = (input: string, asked: string[], names: string[], what: string) => {
    const known = new Set(names.map(normalizeName));
    const unknown = asked.filter((name) => !known.has(normalizeName(name)));
    if (unknown.length === 0) return;
    throw new InputError(
      input,
      asked.join(','),
      `${source} declares no ${what} named ${unknown.map((name) => `'${name}'`).join(', ')}; ` +
        (names.length > 0 ? `it declares: ${names.join(', ')}` : `it declares no ${what} at all`),
      names.length > 0
        ? `Use one of the declared names, or leave '${input}' empty.`
        : `Leave '${input}' empty, or declare the ${what} in pyproject.toml.`,
    );
  };
  if (!declared.dynamicExtras) check('extras', selection.extras, declared.extras, 'extra');
  check('dependency-groups', selection.groups, declared.groups, 'dependency group');
}

/** `[project.optional-dependencies]` lines of the asked extras. */
export function extraLines(pyproject: Pyproject, extras: readonly string[]): string[] {
  const optional = tableAt(pyproject.project, 'optional-dependencies');
  const wanted = new Set(extras.map(normalizeName));
  return Object.entries(optional)
    .filter(([name]) => wanted.has(normalizeName(name)))
    .flatMap(([, lines]) => strings(lines));
}

/** Package names `[tool.poetry.extras]` lists for the asked extras (optional dependencies). */
export function poetryExtraPackages(pyproject: Pyproject, extras: readonly string[]): string[] {
  const table = tableAt(pyproject.document, 'tool', 'poetry', 'extras');
  const wanted = new Set(extras.map(normalizeName));
  return Object.entries(table)
    .filter(([name]) => wanted.has(normalizeName(name)))
    .flatMap(([, names]) => strings(names));
}

/**
 * Requirement lines of the asked groups: PEP 735 `[dependency-groups]` (with `include-group`),
 * Poetry's `[tool.poetry.group.<name>.dependencies]`, uv's legacy dev-dependencies.
 */
export function groupLines(pyproject: Pyproject, groups: readonly string[]): string[] {
  const pep735 = tableAt(pyproject.document, 'dependency-groups');
  const byName = new Map(
    Object.entries(pep735).map(([name, value]) => [normalizeName(name), value]),
  );
  const lines: string[] = [];
  const expand = (name: string, seen: Set<string>) => {
    const key = normalizeName(name);
    if (seen.has(key)) return;
    seen.add(key);
    const entries = byName.get(key);
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (typeof entry === 'string') lines.push(entry.trim());
      else if (isTable(entry) && typeof entry['include-group'] === 'string') {
        expand(entry['include-group'], seen);
      }
    }
  };
  const poetry = tableAt(pyproject.document, 'tool', 'poetry');
  const poetryGroups = tableAt(poetry, 'group');
  for (const group of groups) {
    expand(group, new Set());
    for (const [name, table] of Object.entries(poetryGroups)) {
      if (normalizeName(name) !== normalizeName(group)) continue;
      const dependencies = tableAt(table as Table, 'dependencies');
      lines.push(...poetryDependencyLines('pyproject.toml', pyproject.content, dependencies));
    }
    if (normalizeName(group) === 'dev') {
      const legacy = tableAt(poetry, 'dev-dependencies');
      lines.push(...poetryDependencyLines('pyproject.toml', pyproject.content, legacy));
      lines.push(...strings(tableAt(pyproject.document, 'tool', 'uv')['dev-dependencies']));
    }
  }
  return [...new Set(lines)];
}

/** Poetry group dependency tables of the asked groups (roots of a lock walk). */
export function poetryGroupTables(pyproject: Pyproject, groups: readonly string[]): Table[] {
  const poetry = tableAt(pyproject.document, 'tool', 'poetry');
  const wanted = new Set(groups.map(normalizeName));
  const tables = Object.entries(tableAt(poetry, 'group'))
    .filter(([name]) => wanted.has(normalizeName(name)))
    .map(([, table]) => tableAt(table as Table, 'dependencies'));
  if (wanted.has('dev') && isTable(poetry['dev-dependencies']))
    tables.push(poetry['dev-dependencies']);
  return tables;
}
