/**
 * `.dockerignore` exactly as Docker applies it: a port of moby/patternmatcher (pattern cleaning,
 * compilation and `MatchesUsingParentResults`) and of its ignore-file reader. The walk that uses
 * it (files.ts) ports BuildKit's context filter (tonistiigi/fsutil), because what Docker sends
 * depends on the walk too: a pattern is matched against each path *given the parent directory's
 * per-pattern results*, and excluded directories are pruned unless a literal `!` exception
 * starts inside them.
 *
 * Why a port and not a package: the npm ports (`@balena/dockerignore`, `@zeit/dockerignore`)
 * follow moby's old, deprecated `Matches` (one parent directory checked, no parent results, no
 * pruning rule), which gives different answers for re-includes under excluded directories and
 * for `**` allow-lists; the gitignore matchers differ more. The Go source is small and stable,
 * so following it line by line is the surest way to send the hash the files Docker sends.
 * A differential test against Docker itself guards the port.
 */

import { FileError } from '../platform/errors.js';

/**
 * Paths that never enter an image or the hash, whatever the user's rules say: `.git` (history,
 * and the token actions/checkout leaves in .git/config) and `.dockerignore`, which the classic
 * builder always drops, so every builder sends the same files.
 */
const ALWAYS_IGNORED = ['.git', '.dockerignore'] as const;

/** A .dockerignore that Docker would refuse (or that this port cannot follow exactly). */
export class DockerignoreError extends FileError {
  constructor(
    file: string,
    readonly pattern: string,
    detail: string,
  ) {
    super(
      file,
      undefined,
      `the pattern ${JSON.stringify(pattern)} ${detail}. Fix or remove that line of ${file}.`,
    );
    this.name = 'DockerignoreError';
  }
}

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** One compiled pattern: moby's `Pattern`. */
export interface Pattern {
  /** The pattern after cleaning, without its `!`. */
  cleaned: string;
  /** `!pattern`: re-includes what earlier patterns excluded. */
  exclusion: boolean;
  matchType: MatchType;
  regexp?: RegExp;
}

/** moby's `MatchInfo`: which patterns matched the parent directory. Empty at the context root. */
export type MatchInfo = readonly boolean[];

export interface IgnoreRules {
  /** The ignore file these rules came from (context-relative), or undefined when there is none. */
  source: string | undefined;
  /** The file's text as written ('' when there is none). */
  text: string;
  /** The user's patterns after the reader's cleaning, then the always-ignored ones. */
  patterns: Pattern[];
  /** Any `!` exception (moby's `Exclusions()`). */
  exclusions: boolean;
  /** fsutil: every exception is a literal path (no glob but a trailing `/*` or `/**`). */
  onlyPrefixExcludeExceptions: boolean;
  /**
   * moby's `MatchesUsingParentResults`: whether `path` is excluded, and the per-pattern results
   * the walk hands to the entries of `path` when it is a directory.
   */
  matches(path: string, parent: MatchInfo): { excluded: boolean; info: boolean[] };
  /** fsutil's pruning rule: an excluded directory whose contents cannot be re-included. */
  canSkipExcludedDirectory(path: string): boolean;
}

/**
 * Reads an ignore file like moby's `ignorefile.ReadAll`: a UTF-8 BOM dropped, lines starting with
 * `#` skipped (before trimming, so ` #x` is a pattern), whitespace trimmed, `!` split off and
 * trimmed, the rest cleaned like Go's `filepath.Clean` and a leading `/` removed.
 */
export function readIgnorePatterns(text: string): string[] {
  const patterns: string[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const raw of lines) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#')) continue;
    let pattern = goTrimSpace(line);
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = goTrimSpace(pattern.slice(1));
    if (pattern.length > 0) {
      pattern = goClean(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/**
 * Parses the user's ignore file (named `source` in errors) into Docker's rules, with the
 * always-ignored paths last so no `!` exception can bring them back.
 */
export function parseDockerignore(text: string, source = '.dockerignore'): IgnoreRules {
  const userPatterns = readIgnorePatterns(text);
  const patterns = compilePatterns([...userPatterns, ...ALWAYS_IGNORED], source);
  const exclusions = patterns.some((pattern) => pattern.exclusion);
  const onlyPrefixExcludeExceptions = !patterns.some(
    (pattern) => pattern.exclusion && /[*[\]?^\\]/.test(withoutTrailingGlob(pattern.cleaned)),
  );
  return {
    source: text === '' ? undefined : source,
    text,
    patterns,
    exclusions,
    onlyPrefixExcludeExceptions,
    matches: (path, parent) => matchesUsingParentResults(patterns, path, parent),
    canSkipExcludedDirectory(path) {
      if (!onlyPrefixExcludeExceptions) return false;
      if (!exclusions) return true;
      const dirSlash = `${path}/`;
      return !patterns.some(
        (pattern) =>
          pattern.exclusion && `${withoutTrailingGlob(pattern.cleaned)}/`.startsWith(dirSlash),
      );
    },
  };
}

/**
 * The ignore file handed to the builder next to the Dockerfile: the user's file as written (so
 * the builder reads exactly the patterns hashed here), then the always-ignored paths.
 */
export function renderDockerignore(rules: IgnoreRules): string {
  const text = rules.text === '' || rules.text.endsWith('\n') ? rules.text : `${rules.text}\n`;
  return `${text}${ALWAYS_IGNORED.join('\n')}\n`;
}

/** The last pattern that excludes `path` (checked with the same parent results as the walk). */
export function excludingPattern(rules: IgnoreRules, path: string): string | undefined {
  const parts = path.split('/');
  let info: MatchInfo = [];
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join('/');
    const result = rules.matches(prefix, info);
    if (result.excluded) {
      // The deciding pattern is the last non-exception one that matched.
      for (let p = rules.patterns.length - 1; p >= 0; p--) {
        const pattern = rules.patterns[p]!;
        if (result.info[p] && !pattern.exclusion) return pattern.cleaned;
      }
    }
    info = result.info;
  }
  return undefined;
}

/** moby's `New`: trims, cleans, splits off `!`, and refuses what Go's `filepath.Match` refuses. */
function compilePatterns(raw: readonly string[], source: string): Pattern[] {
  const patterns: Pattern[] = [];
  for (const original of raw) {
    let text = goTrimSpace(original);
    if (text === '') continue;
    text = goClean(text);
    let exclusion = false;
    if (text.startsWith('!')) {
      if (text.length === 1) {
        throw new DockerignoreError(source, original, 'is a lone "!" (Docker refuses it)');
      }
      exclusion = true;
      text = text.slice(1);
    }
    const syntax = globSyntaxProblem(text);
    if (syntax) throw new DockerignoreError(source, original, syntax);
    patterns.push(compile(text, exclusion, source, original));
  }
  return patterns;
}

/** moby's `Pattern.compile`: a literal, a prefix (`dir/**`), a suffix (`**\/name`) or a regexp. */
function compile(cleaned: string, exclusion: boolean, source: string, original: string): Pattern {
  let regStr = '^';
  let matchType: MatchType = 'exact';
  const chars = [...cleaned];
  let at = 0;
  const peek = () => chars[at];
  for (let i = 0; at < chars.length; i++) {
    const ch = chars[at++]!;
    if (ch === '*') {
      if (peek() === '*') {
        at++;
        if (peek() === '/') at++;
        if (peek() === undefined) {
          if (matchType === 'exact') {
            matchType = 'prefix';
          } else {
            regStr += ANY;
            matchType = 'regexp';
          }
        } else {
          regStr += `(?:${ANY}/)?`;
          matchType = 'regexp';
        }
        if (i === 0) matchType = 'suffix';
      } else {
        regStr += `${NOT_SLASH}*`;
        matchType = 'regexp';
      }
    } else if (ch === '?') {
      regStr += ONE_NOT_SLASH;
      matchType = 'regexp';
    } else if ('.+()|{}$'.includes(ch)) {
      regStr += `\\${ch}`;
    } else if (ch === '\\') {
      const next = peek();
      if (next !== undefined) {
        at++;
        // Go's regexp accepts `\` before ASCII punctuation only (as a literal), and gives letters
        // and digits class meanings JavaScript does not share: refuse those rather than differ.
        if (next.codePointAt(0)! >= 0x80 || /^[A-Za-z0-9]$/.test(next)) {
          throw new DockerignoreError(
            source,
            original,
            `escapes ${JSON.stringify(next)}; only punctuation may follow "\\" in a pattern`,
          );
        }
        regStr += `\\${next}`;
        matchType = 'regexp';
      } else {
        regStr += '\\\\';
      }
    } else if (ch === '[' || ch === ']') {
      regStr += ch;
      matchType = 'regexp';
    } else {
      regStr += ch.length > 1 ? ch : escapeForJs(ch);
    }
  }
  if (matchType !== 'regexp') return { cleaned, exclusion, matchType };
  if (/\[[^\]]*\[:/.test(cleaned) || /\[[^\]]*[\uD800-\uDFFF]/.test(cleaned)) {
    throw new DockerignoreError(
      source,
      original,
      'uses a character class this tool cannot match exactly as Docker does (POSIX classes or characters outside the Basic Multilingual Plane inside [...])',
    );
  }
  try {
    return { cleaned, exclusion, matchType, regexp: new RegExp(`${regStr}$`) };
  } catch {
    throw new DockerignoreError(source, original, 'is not a valid pattern (Docker refuses it)');
  }
}

/** Go's `.` (no `s` flag): anything but a newline; JavaScript's `.` also stops at \r, \u2028. */
const ANY = '[^\\n]*';
const NOT_SLASH = '[^/]';
/** One character that is not '/': a surrogate pair counts as one, as Go counts runes. */
const ONE_NOT_SLASH = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^/])';

/** Characters moby leaves as they are but that mean something to a JavaScript RegExp. */
function escapeForJs(ch: string): string {
  return ch === '/' ? '\\/' : ch;
}

/** moby's `Pattern.match`. */
function matchPattern(pattern: Pattern, path: string): boolean {
  switch (pattern.matchType) {
    case 'exact':
      return path === pattern.cleaned;
    case 'prefix':
      return path.startsWith(pattern.cleaned.slice(0, -2));
    case 'suffix': {
      const suffix = pattern.cleaned.slice(2);
      if (path.endsWith(suffix)) return true;
      return suffix.startsWith('/') && path === suffix.slice(1);
    }
    case 'regexp':
      return pattern.regexp!.test(path);
  }
}

/** moby's `MatchesUsingParentResults`, line by line. */
function matchesUsingParentResults(
  patterns: readonly Pattern[],
  path: string,
  parentMatched: MatchInfo,
): { excluded: boolean; info: boolean[] } {
  let matched = false;
  const info = new Array<boolean>(patterns.length).fill(false);
  patterns.forEach((pattern, i) => {
    let match = parentMatched.length !== 0 ? parentMatched[i]! : false;
    if (!match) {
      if (pattern.exclusion !== matched) return;
      match = matchPattern(pattern, path);
      if (!match && parentMatched.length === 0) {
        const slash = path.lastIndexOf('/');
        if (slash > 0) {
          const dirs = path.slice(0, slash).split('/');
          for (let d = 0; d < dirs.length && !match; d++) {
            match = matchPattern(pattern, dirs.slice(0, d + 1).join('/'));
          }
        }
      }
    }
    info[i] = match;
    if (match) matched = !pattern.exclusion;
  });
  return { excluded: matched, info };
}

/** fsutil's `patternWithoutTrailingGlob`. */
function withoutTrailingGlob(pattern: string): string {
  let text = pattern;
  if (text.endsWith('/**')) text = text.slice(0, -3);
  if (text.endsWith('/*')) text = text.slice(0, -2);
  return text;
}

/** Go's `strings.TrimSpace` (Unicode White_Space; unlike String.trim it keeps U+FEFF). */
function goTrimSpace(text: string): string {
  return text.replace(GO_SPACE_START, '').replace(GO_SPACE_END, '');
}
const GO_SPACES =
  '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const GO_SPACE_START = new RegExp(`^[${GO_SPACES}]+`);
const GO_SPACE_END = new RegExp(`[${GO_SPACES}]+$`);

/** Go's `filepath.Clean` on a slash-separated path. */
export function goClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out.at(-1) !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/**
 * Why Go's `filepath.Match` would call the pattern malformed (it validates the whole pattern even
 * when matching fails early), or undefined: unterminated or empty `[...]`, a range missing an end,
 * a trailing `\`.
 */
function globSyntaxProblem(pattern: string): string | undefined {
  let rest = pattern;
  while (rest.length > 0) {
    while (rest.startsWith('*')) rest = rest.slice(1);
    // scanChunk: up to the next '*' outside brackets.
    let i = 0;
    let inRange = false;
    for (; i < rest.length; i++) {
      const c = rest[i];
      if (c === '\\') {
        if (i + 1 < rest.length) i++;
      } else if (c === '[') inRange = true;
      else if (c === ']') inRange = false;
      else if (c === '*' && !inRange) break;
    }
    const problem = chunkProblem(rest.slice(0, i));
    if (problem) return problem;
    rest = rest.slice(i);
  }
  return undefined;
}

function chunkProblem(chunk: string): string | undefined {
  let at = 0;
  const bad = 'is malformed (an unterminated or empty [...] class, or a trailing "\\")';
  // getEsc: one (possibly escaped) class character, which must not be the last of the chunk.
  const classChar = (): boolean => {
    if (at >= chunk.length || chunk[at] === '-' || chunk[at] === ']') return false;
    if (chunk[at] === '\\') {
      at++;
      if (at >= chunk.length) return false;
    }
    at += chunk.codePointAt(at)! > 0xffff ? 2 : 1;
    return at < chunk.length;
  };
  while (at < chunk.length) {
    const c = chunk[at];
    if (c === '[') {
      at++;
      if (chunk[at] === '^') at++;
      let ranges = 0;
      for (;;) {
        if (chunk[at] === ']' && ranges > 0) {
          at++;
          break;
        }
        if (!classChar()) return bad;
        if (chunk[at] === '-') {
          at++;
          if (!classChar()) return bad;
        }
        ranges++;
      }
    } else if (c === '\\') {
      at++;
      if (at >= chunk.length) return bad;
      at++;
    } else {
      at++;
    }
  }
  return undefined;
}
