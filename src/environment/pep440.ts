/**
 * PEP 440 versions and version specifiers: parsing, ordering, and whether a version satisfies a
 * clause such as `>=1.2`, `~=2.2.0`, `!=3.1.*` or `===1.0`. Pure. The one evaluator behind lock
 * markers, Poetry constraints and `requires-python`; it answers as pip's `packaging` does with
 * pre-releases allowed (which is how markers and Python versions are compared).
 */

/** One `op version` clause of a specifier (`>=`, `1.2`). */
export interface VersionClause {
  op: string;
  version: string;
}

/** A parsed PEP 440 version. */
export interface Pep440Version {
  epoch: number;
  release: number[];
  /** Pre-release: rank 0 = a, 1 = b, 2 = rc (`c`, `pre`, `preview` are rc), and its number. */
  pre: [number, number] | undefined;
  post: number | undefined;
  dev: number | undefined;
  /** Local label segments, lower-cased (`+cu121.1` → ['cu121', '1']). */
  local: string[] | undefined;
}

/** The PEP 440 version grammar (as pip's `packaging` accepts it), case-insensitive. */
const VERSION = new RegExp(
  '^\\s*v?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?([0-9]+)?)?' +
    '(?:-([0-9]+)|[-_.]?(post|rev|r)[-_.]?([0-9]+)?)?' +
    '(?:[-_.]?(dev)[-_.]?([0-9]+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$',
  'i',
);

/** Parses a version; undefined when the text is not PEP 440. */
export function parseVersion(text: string): Pep440Version | undefined {
  const match = VERSION.exec(text);
  if (!match) return undefined;
  const [
    ,
    epoch,
    release,
    preLabel,
    preNumber,
    postDash,
    postLabel,
    postNumber,
    devLabel,
    devNumber,
    local,
  ] = match;
  return {
    epoch: Number(epoch ?? 0),
    release: (release ?? '0').split('.').map(Number),
    pre: preLabel === undefined ? undefined : [preRank(preLabel), Number(preNumber ?? 0)],
    post:
      postDash !== undefined || postLabel !== undefined
        ? Number(postDash ?? postNumber ?? 0)
        : undefined,
    dev: devLabel === undefined ? undefined : Number(devNumber ?? 0),
    local: local === undefined ? undefined : local.toLowerCase().split(/[-_.]/),
  };
}

function preRank(label: string): number {
  const lower = label.toLowerCase();
  if (lower.startsWith('a')) return 0;
  if (lower.startsWith('b')) return 1;
  return 2;
}

/** PEP 440 order of two versions (local labels included); undefined when either does not parse. */
export function compareVersions(left: string, right: string): number | undefined {
  const a = parseVersion(left);
  const b = parseVersion(right);
  return a && b ? compareParsed(a, b) : undefined;
}

function compareParsed(a: Pep440Version, b: Pep440Version): number {
  return (
    Math.sign(a.epoch - b.epoch) ||
    compareNumbers(a.release, b.release) ||
    compareNumbers(suffixKey(a), suffixKey(b)) ||
    compareLocal(a.local, b.local)
  );
}

/** Release parts compared as if padded with zeros (1.0 == 1.0.0). */
function compareNumbers(left: readonly number[], right: readonly number[]): number {
  const length = Math.max(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** Order after the release: a dev release of the release itself < pre < final < post; dev last. */
function suffixKey(version: Pep440Version): number[] {
  const devOnly =
    version.pre === undefined && version.post === undefined && version.dev !== undefined;
  const pre = version.pre ?? (devOnly ? [-1, 0] : [3, 0]);
  return [...pre, version.post ?? -1, version.dev ?? Number.POSITIVE_INFINITY];
}

/** No label < any label; numeric segments sort above alphanumeric ones and compare as numbers. */
function compareLocal(left: string[] | undefined, right: string[] | undefined): number {
  if (left === undefined || right === undefined) {
    return left === right ? 0 : left === undefined ? -1 : 1;
  }
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index += 1) {
    const order = compareLocalSegment(left[index] ?? '', right[index] ?? '');
    if (order !== 0) return order;
  }
  return Math.sign(left.length - right.length);
}

function compareLocalSegment(left: string, right: string): number {
  const leftNumeric = /^[0-9]+$/.test(left);
  const rightNumeric = /^[0-9]+$/.test(right);
  if (leftNumeric && rightNumeric) return Math.sign(Number(left) - Number(right));
  if (leftNumeric !== rightNumeric) return leftNumeric ? 1 : -1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function isPrerelease(version: Pep440Version): boolean {
  return version.pre !== undefined || version.dev !== undefined;
}

function publicPart(version: Pep440Version): Pep440Version {
  return { ...version, local: undefined };
}

/** Epoch equal and the release starts with `prefix` (the shorter one padded with zeros). */
function releaseStartsWith(
  version: Pep440Version,
  epoch: number,
  prefix: readonly number[],
): boolean {
  return (
    version.epoch === epoch && prefix.every((part, index) => (version.release[index] ?? 0) === part)
  );
}

/**
 * Whether `version` satisfies one clause, pre-releases allowed. Undefined when the version or the
 * clause's version does not parse (`===` compares the text and always answers).
 */
export function satisfiesClause(version: string, clause: VersionClause): boolean | undefined {
  if (clause.op === '===')
    return version.trim().toLowerCase() === clause.version.trim().toLowerCase();
  const candidate = parseVersion(version);
  const wildcard = clause.version.trim().endsWith('.*');
  const bound = parseVersion(wildcard ? clause.version.trim().slice(0, -2) : clause.version);
  if (!candidate || !bound) return undefined;
  switch (clause.op) {
    case '==':
      return equals(candidate, bound, wildcard);
    case '!=':
      return !equals(candidate, bound, wildcard);
    case '<=':
      return compareParsed(publicPart(candidate), bound) <= 0;
    case '>=':
      return compareParsed(publicPart(candidate), bound) >= 0;
    case '<':
      return lessThan(candidate, bound);
    case '>':
      return greaterThan(candidate, bound);
    case '~=':
      // ~=2.2.1 is >=2.2.1 and ==2.2.*: the release without its last part, suffixes ignored.
      return (
        compareParsed(publicPart(candidate), bound) >= 0 &&
        releaseStartsWith(candidate, bound.epoch, bound.release.slice(0, -1))
      );
    default:
      return undefined;
  }
}

/** `==`: a prefix match for `.*`; a bound without a local label ignores the candidate's label. */
function equals(candidate: Pep440Version, bound: Pep440Version, wildcard: boolean): boolean {
  if (wildcard) return releaseStartsWith(candidate, bound.epoch, bound.release);
  const compared = bound.local === undefined ? publicPart(candidate) : candidate;
  return compareParsed(compared, bound) === 0;
}

/** `<V` excludes V's own pre-releases unless V is one. */
function lessThan(candidate: Pep440Version, bound: Pep440Version): boolean {
  if (compareParsed(candidate, bound) >= 0) return false;
  if (isPrerelease(bound) || !isPrerelease(candidate)) return true;
  const earliestOfBound: Pep440Version = { ...bound, dev: 0, local: undefined };
  return compareParsed(candidate, earliestOfBound) < 0;
}

/** `>V` excludes V's post-releases (unless V is one) and V with a local label. */
function greaterThan(candidate: Pep440Version, bound: Pep440Version): boolean {
  if (compareParsed(candidate, bound) <= 0) return false;
  if (bound.post === undefined && candidate.post !== undefined) {
    const postOf: Pep440Version = {
      ...candidate,
      post: undefined,
      dev: undefined,
      local: undefined,
    };
    if (compareParsed(postOf, bound) === 0) return false;
  }
  return !(candidate.local !== undefined && compareParsed(publicPart(candidate), bound) === 0);
}
