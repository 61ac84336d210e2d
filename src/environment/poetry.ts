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
import { evaluateMarker, versionSatisfies, type MarkerTarget } from './markers.js';
import { compareVersions } from './pep440.js';
import { LOCAL_INSTALL_PROBLEM } from './requirements.js';

/** A dependency the project asks for directly: the start of the lock walk. */
export interface RootDependency {
  name: string;
  extras: string[];
  /** The version constraint (PEP 440 or Poetry syntax), when the project gives one. */
  constraint?: string;
  /** Markers that limit it to some platforms or Pythons. */
  marker?: string;
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

/**
 * Roots from `[tool.poetry.dependencies]`: non-optional entries (and optional ones an asked extra
 * names) with their extras, version constraint and markers. A list of entries (one per Python or
 * platform) gives one root each.
 */
export function poetryRoots(
  dependencies: Table,
  extraPackages: readonly string[] = [],
): RootDependency[] {
  const asked = new Set(extraPackages.map(normalizeName));
  const roots: RootDependency[] = [];
  for (const [name, value] of Object.entries(dependencies)) {
    if (name === 'python') continue;
    for (const entry of Array.isArray(value) ? value : [value]) {
      const table: Table =
        typeof entry === 'string' ? { version: entry } : isTable(entry) ? entry : {};
      if (table.optional === true && !asked.has(normalizeName(name))) continue;
      let markers: string[] = [];
      try {
        markers = poetryMarkers('pyproject.toml', undefined, name, table);
      } catch {
        markers = [];
      }
      roots.push({
        name,
        extras: stringsOf(table.extras),
        ...(typeof table.version === 'string' && { constraint: table.version }),
        ...(markers.length > 0 && { marker: markers.join(' and ') }),
      });
    }
  }
  return roots;
}

export interface LockedLines {
  lines: string[];
  dropped: DroppedRequirement[];
  extraIndexUrls: string[];
  /** Locked packages left out because their markers exclude the target (`pywin32 306`). */
  otherTargets: string[];
}

interface LockedPackage {
  name: string;
  version: string;
  table: Table;
}

/**
 * When a package is installed: a disjunction of conjunctions of markers the plan could not decide
 * (several architectures). `[[]]` is "always"; `[]` is "never reached".
 */
type Condition = string[][];

/** Adds a conjunction, keeping the disjunction minimal (so cycles in the graph terminate). */
function addConjunction(condition: Condition, conjunction: string[]): boolean {
  if (condition.some((existing) => existing.every((atom) => conjunction.includes(atom)))) {
    return false;
  }
  const kept = condition.filter(
    (existing) => !conjunction.every((atom) => existing.includes(atom)),
  );
  condition.splice(0, condition.length, ...kept, conjunction);
  return true;
}

function renderCondition(condition: Condition): string | undefined {
  if (condition.some((conjunction) => conjunction.length === 0)) return undefined;
  if (condition.length === 1 && condition[0]?.length === 1) return condition[0][0];
  return condition
    .map((conjunction) => conjunction.map((atom) => `(${atom})`).join(' and '))
    .map((text, _, all) => (all.length > 1 ? `(${text})` : text))
    .join(' or ');
}

/**
 * The packages of the main group (and the asked groups), pinned, for the target. Poetry 2
 * records `groups` and package markers, Poetry < 1.5 `category`; locks in between record
 * neither, so what is installed is what the project's own dependencies reach through the lock's
 * dependency tables, following only the links whose markers hold on the target (a Windows-only
 * pin is not reached) and, where the lock holds two versions of one package, the newest one the
 * link's constraint and the package's `python-versions` allow.
 */
export function poetryLockLines(
  file: string,
  content: string,
  lock: Table,
  roots: RootDependency[],
  target?: MarkerTarget,
  groups: readonly string[] = [],
): LockedLines {
  const packages = (Array.isArray(lock.package) ? lock.package : [])
    .filter(isTable)
    .map((table): LockedPackage => ({
      name: String(table.name ?? ''),
      version: String(table.version ?? ''),
      table,
    }));
  const result: LockedLines = { lines: [], dropped: [], extraIndexUrls: [], otherTargets: [] };
  const wantedGroups = new Set(['main', ...groups.map(normalizeName)]);
  let selected: { pkg: LockedPackage; marker: string | undefined }[];
  if (packages.some((pkg) => Array.isArray(pkg.table.groups))) {
    selected = packages
      .filter((pkg) =>
        stringsOf(pkg.table.groups).some((group) => wantedGroups.has(normalizeName(group))),
      )
      .map((pkg) => ({ pkg, marker: lockMarker(pkg.table.markers, wantedGroups) }));
  } else if (packages.some((pkg) => typeof pkg.table.category === 'string')) {
    selected = packages
      .filter((pkg) => pkg.table.category === 'main')
      .map((pkg) => ({ pkg, marker: lockMarker(pkg.table.markers, wantedGroups) }));
  } else {
    selected = reachablePackages(packages, roots, target, result.otherTargets);
  }

  const walked = !packages.some(
    (pkg) => Array.isArray(pkg.table.groups) || typeof pkg.table.category === 'string',
  );
  for (const { pkg, marker } of selected) {
    // The walk reaches extras-only packages only when an extra asks for them.
    const optional = pkg.table.optional === true && !walked;
    if (optional && !roots.some((root) => sameName(root.name, pkg.name))) continue;
    const holds =
      marker === undefined || target === undefined ? undefined : evaluateMarker(marker, target);
    if (holds === false) {
      result.otherTargets.push(`${pkg.name} ${pkg.version}`);
      continue;
    }
    lockedLine(file, content, pkg, holds === true ? undefined : marker, result);
  }
  return result;
}

function lockedLine(
  file: string,
  content: string,
  pkg: LockedPackage,
  marker: string | undefined,
  result: LockedLines,
): void {
  const source = isTable(pkg.table.source) ? pkg.table.source : undefined;
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

/** A package's marker: a string, or Poetry 2's per-group table (any wanted group's). */
function lockMarker(markers: unknown, groups: ReadonlySet<string>): string | undefined {
  if (typeof markers === 'string') return markers;
  if (!isTable(markers)) return undefined;
  const wanted = Object.entries(markers)
    .filter(([group, marker]) => groups.has(normalizeName(group)) && typeof marker === 'string')
    .map(([, marker]) => String(marker));
  if (wanted.length === 0) return undefined;
  return wanted.length === 1 ? wanted[0] : wanted.map((marker) => `(${marker})`).join(' or ');
}

function sameName(left: string, right: string): boolean {
  return normalizeName(left) === normalizeName(right);
}

/** A link in the graph: a root, or one entry of a package's dependency table. */
interface Link {
  name: string;
  extras: string[];
  constraint?: string;
  marker?: string;
}

function linksOf(name: string, spec: unknown): (Link & { optional: boolean })[] {
  return (Array.isArray(spec) ? spec : [spec]).map((entry: unknown) => {
    const table: Table =
      typeof entry === 'string' ? { version: entry } : isTable(entry) ? entry : {};
    return {
      name,
      extras: stringsOf(table.extras),
      optional: table.optional === true,
      ...(typeof table.version === 'string' && { constraint: table.version }),
      ...(typeof table.markers === 'string' && { marker: table.markers }),
    };
  });
}

/** The locked version a link installs: the newest its constraint and the target's Python allow. */
function chooseVersion(
  candidates: LockedPackage[],
  link: Link,
  target: MarkerTarget | undefined,
): LockedPackage | undefined {
  if (candidates.length <= 1) return candidates[0];
  const allowed = candidates.filter(
    (pkg) =>
      (link.constraint === undefined || versionSatisfies(pkg.version, link.constraint) !== false) &&
      (target === undefined ||
        typeof pkg.table['python-versions'] !== 'string' ||
        versionSatisfies(target.python, pkg.table['python-versions']) !== false),
  );
  const pool = allowed.length > 0 ? allowed : candidates;
  return [...pool].sort((a, b) => compareVersions(b.version, a.version) ?? 0)[0];
}

function reachablePackages(
  packages: LockedPackage[],
  roots: RootDependency[],
  target: MarkerTarget | undefined,
  otherTargets: string[],
): { pkg: LockedPackage; marker: string | undefined }[] {
  const byName = new Map<string, LockedPackage[]>();
  for (const pkg of packages) {
    const key = normalizeName(pkg.name);
    byName.set(key, [...(byName.get(key) ?? []), pkg]);
  }
  const conditions = new Map<LockedPackage, Condition>();
  const extrasOf = new Map<LockedPackage, Set<string>>();
  const excluded = new Set<string>();
  const queue: { link: Link; condition: string[]; parentExtras: string[] }[] = roots.map(
    (root) => ({ link: root, condition: [], parentExtras: [] }),
  );
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { link } = next;
    const holds =
      link.marker === undefined
        ? true
        : target === undefined
          ? undefined
          : evaluateMarker(link.marker, { ...target, extras: next.parentExtras });
    if (holds === false) {
      excluded.add(normalizeName(link.name));
      continue;
    }
    const pkg = chooseVersion(byName.get(normalizeName(link.name)) ?? [], link, target);
    if (!pkg) continue;
    const conjunction =
      holds === true || link.marker === undefined
        ? next.condition
        : [...new Set([...next.condition, link.marker])].sort();
    const condition = conditions.get(pkg) ?? [];
    const firstVisit = !conditions.has(pkg);
    conditions.set(pkg, condition);
    const widened = addConjunction(condition, conjunction);
    const seenExtras = extrasOf.get(pkg) ?? new Set<string>();
    extrasOf.set(pkg, seenExtras);
    const newExtras = link.extras.filter((extra) => !seenExtras.has(normalizeName(extra)));
    newExtras.forEach((extra) => seenExtras.add(normalizeName(extra)));
    if (!firstVisit && !widened && newExtras.length === 0) continue;
    // Follow the package's links again with what changed: a wider condition, or new extras.
    const lockExtras = isTable(pkg.table.extras) ? pkg.table.extras : {};
    const allExtras = [...seenExtras];
    const wanted = new Set(
      allExtras.flatMap((extra) =>
        Object.entries(lockExtras)
          .filter(([name]) => normalizeName(name) === extra)
          .flatMap(([, specs]) =>
            stringsOf(specs).map((spec) => normalizeName(/^[A-Za-z0-9._-]+/.exec(spec)?.[0] ?? '')),
          ),
      ),
    );
    const dependencies = isTable(pkg.table.dependencies) ? pkg.table.dependencies : {};
    for (const [name, spec] of Object.entries(dependencies)) {
      for (const entry of linksOf(name, spec)) {
        if (entry.optional && !wanted.has(normalizeName(name))) continue;
        queue.push({ link: entry, condition: conjunction, parentExtras: allExtras });
      }
    }
  }
  // Keep the lock's own order (sorted by name), not the walk order.
  const reached = packages.filter((pkg) => (conditions.get(pkg)?.length ?? 0) > 0);
  const reachedNames = new Set(reached.map((pkg) => normalizeName(pkg.name)));
  for (const pkg of packages) {
    if (
      reachedNames.has(normalizeName(pkg.name))
        ? !conditions.has(pkg)
        : excluded.has(normalizeName(pkg.name))
    ) {
      otherTargets.push(`${pkg.name} ${pkg.version}`);
    }
  }
  return reached.map((pkg) => ({ pkg, marker: renderCondition(conditions.get(pkg) ?? []) }));
}
