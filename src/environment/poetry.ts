/**
 * Poetry: `[tool.poetry.dependencies]` as PEP 508 lines, and the main-group packages of a
 * `poetry.lock` as pinned lines. Pure.
 */
import { FileError } from '../platform/errors.js';
import type { DroppedRequirement } from './types.js';
import { normalizeName } from './pep508.js';
import { appendUnique } from './origin.js';
import { poetryConstraintToSpecifier } from './python-version.js';
import { findLine } from './text.js';
import { LOCAL_INSTALL_PROBLEM } from './requirements.js';

/** A dependency the project asks for directly: the start of the lock walk. */
export interface RootDependency {
  name: string;
  extras: string[];
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

/** `[tool.poetry.dependencies]` (without `python`) as PEP 508 lines; optional ones are extras. */
export function poetryDependencyLines(
  file: string,
  content: string,
  dependencies: Table,
): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(dependencies)) {
    if (name === 'python') continue;
    const entries = Array.isArray(value) ? value : [value];
    for (const entry of entries) {
      const line = poetryEntryLine(file, content, name, entry);
      if (line !== undefined) lines.push(line);
    }
  }
  return lines;
}

function poetryEntryLine(
  file: string,
  content: string,
  name: string,
  entry: unknown,
): string | undefined {
  const where = findLine(content, name) ?? findLine(content, '[tool.poetry.dependencies]');
  const table: Table = typeof entry === 'string' ? { version: entry } : isTable(entry) ? entry : {};
  if (typeof entry !== 'string' && !isTable(entry)) {
    throw new FileError(file, where, `dependency '${name}' must be a version string or a table`);
  }
  if (table.optional === true) return undefined;
  if (table.path !== undefined)
    throw new FileError(file, where, `'${name}' ${LOCAL_INSTALL_PROBLEM}`);
  const extras = stringsOf(table.extras);
  const head = extras.length > 0 ? `${name}[${extras.join(',')}]` : name;
  const markers = poetryMarkers(file, where, name, table);
  const suffix = markers.length > 0 ? ` ; ${markers.join(' and ')}` : '';
  if (typeof table.git === 'string') {
    const ref = [table.rev, table.tag, table.branch].find((item) => typeof item === 'string');
    const sub = typeof table.subdirectory === 'string' ? `#subdirectory=${table.subdirectory}` : '';
    return `${head} @ git+${table.git}${ref ? `@${String(ref)}` : ''}${sub}${suffix}`;
  }
  if (typeof table.url === 'string') return `${head} @ ${table.url}${suffix}`;
  const specifier = poetryConstraintToSpecifier(String(table.version ?? '*'));
  if (specifier === undefined) {
    throw new FileError(
      file,
      where,
      `'${name}': version constraints with '||' have no pip equivalent; commit a poetry.lock or ` +
        `write one range`,
    );
  }
  return `${head}${specifier}${suffix}`;
}

function poetryMarkers(
  file: string,
  where: number | undefined,
  name: string,
  table: Table,
): string[] {
  const markers: string[] = [];
  if (typeof table.markers === 'string') markers.push(`(${table.markers})`);
  if (typeof table.python === 'string') {
    const specifier = poetryConstraintToSpecifier(table.python);
    if (specifier === undefined) {
      throw new FileError(file, where, `'${name}': a python constraint with '||' is not supported`);
    }
    for (const clause of specifier.split(',').filter((part) => part !== '')) {
      const [, op, version] = /^(~=|===|==|!=|<=|>=|<|>)(.*)$/.exec(clause) ?? [];
      if (op && version) markers.push(`python_version ${op} "${version.replace(/\.\*$/, '')}"`);
    }
  }
  if (typeof table.platform === 'string') markers.push(`sys_platform == "${table.platform}"`);
  return markers;
}

/** Roots from `[tool.poetry.dependencies]`: non-optional entries with their extras. */
export function poetryRoots(dependencies: Table): RootDependency[] {
  return Object.entries(dependencies)
    .filter(([name, value]) => name !== 'python' && !(isTable(value) && value.optional === true))
    .map(([name, value]) => ({ name, extras: isTable(value) ? stringsOf(value.extras) : [] }));
}

export interface LockedLines {
  lines: string[];
  dropped: DroppedRequirement[];
  extraIndexUrls: string[];
}

interface LockedPackage {
  name: string;
  version: string;
  table: Table;
}

/**
 * The packages of the main group, pinned. Poetry 2 records `groups`, Poetry < 1.5 `category`;
 * locks in between record neither, so the main group is what the project's own dependencies
 * reach through the lock's dependency tables (dev-only packages are not reached).
 */
export function poetryLockLines(
  file: string,
  content: string,
  lock: Table,
  roots: RootDependency[],
): LockedLines {
  const packages = (Array.isArray(lock.package) ? lock.package : [])
    .filter(isTable)
    .map((table): LockedPackage => ({
      name: String(table.name ?? ''),
      version: String(table.version ?? ''),
      table,
    }));
  const selected = packages.some((pkg) => Array.isArray(pkg.table.groups))
    ? packages.filter((pkg) => stringsOf(pkg.table.groups).includes('main'))
    : packages.some((pkg) => typeof pkg.table.category === 'string')
      ? packages.filter((pkg) => pkg.table.category === 'main')
      : reachablePackages(packages, roots);

  const result: LockedLines = { lines: [], dropped: [], extraIndexUrls: [] };
  for (const pkg of selected) {
    if (pkg.table.optional === true && !roots.some((root) => sameName(root.name, pkg.name))) {
      continue;
    }
    lockedLine(file, content, pkg, result);
  }
  return result;
}

function lockedLine(file: string, content: string, pkg: LockedPackage, result: LockedLines): void {
  const source = isTable(pkg.table.source) ? pkg.table.source : undefined;
  const marker = lockMarker(pkg.table.markers);
  const suffix = marker ? ` ; ${marker}` : '';
  const url = typeof source?.url === 'string' ? source.url : '';
  switch (source?.type) {
    case 'git': {
      const ref = source.resolved_reference ?? source.reference;
      const sub =
        typeof source.subdirectory === 'string' ? `#subdirectory=${source.subdirectory}` : '';
      result.lines.push(`${pkg.name} @ git+${url}${ref ? `@${String(ref)}` : ''}${sub}${suffix}`);
      return;
    }
    case 'url':
      result.lines.push(`${pkg.name} @ ${url}${suffix}`);
      return;
    case 'file':
    case 'directory':
      result.dropped.push({
        line: `${pkg.name} @ ${url}`,
        file,
        lineNumber: findLine(content, `name = "${pkg.name}"`) ?? 1,
        reason: 'local path dependency: it is not part of the dependency layer',
      });
      return;
    case 'legacy':
      if (url !== '') appendUnique(result.extraIndexUrls, [url]);
      break;
  }
  result.lines.push(`${pkg.name}==${pkg.version}${suffix}`);
}

function lockMarker(markers: unknown): string | undefined {
  if (typeof markers === 'string') return markers;
  if (isTable(markers) && typeof markers.main === 'string') return markers.main;
  return undefined;
}

function sameName(left: string, right: string): boolean {
  return normalizeName(left) === normalizeName(right);
}

function reachablePackages(packages: LockedPackage[], roots: RootDependency[]): LockedPackage[] {
  const byName = new Map(packages.map((pkg) => [normalizeName(pkg.name), pkg]));
  // Visited packages, and visited `name[extra]` pairs, so cycles through extras terminate.
  const reached = new Set<string>();
  const queue: RootDependency[] = [...roots];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const key = normalizeName(next.name);
    const pkg = byName.get(key);
    if (!pkg) continue;
    const firstVisit = !reached.has(key);
    reached.add(key);
    const newExtras = next.extras.filter((extra) => !reached.has(`${key}[${extra}]`));
    newExtras.forEach((extra) => reached.add(`${key}[${extra}]`));
    const extras = isTable(pkg.table.extras) ? pkg.table.extras : {};
    const wanted = new Set(
      newExtras.flatMap((extra) =>
        stringsOf(extras[extra]).map((spec) =>
          normalizeName(/^[A-Za-z0-9._-]+/.exec(spec)?.[0] ?? ''),
        ),
      ),
    );
    const dependencies = isTable(pkg.table.dependencies) ? pkg.table.dependencies : {};
    for (const [name, spec] of Object.entries(dependencies)) {
      const entries = Array.isArray(spec) ? spec : [spec];
      const optional = entries.every((entry) => isTable(entry) && entry.optional === true);
      const follow = wanted.has(normalizeName(name)) || (firstVisit && !optional);
      if (!follow) continue;
      const extrasOf = entries.flatMap((entry) => (isTable(entry) ? stringsOf(entry.extras) : []));
      queue.push({ name, extras: extrasOf });
    }
  }
  // Keep the lock's own order (sorted by name), not the walk order.
  return packages.filter((pkg) => reached.has(normalizeName(pkg.name)));
}
