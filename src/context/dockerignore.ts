import ignore, { type Ignore } from 'ignore';

/**
 * `.dockerignore` semantics on top of the `ignore` matcher. Docker anchors every pattern at the
 * context root (`foo` matches only `./foo`, unlike .gitignore), so each pattern is anchored with a
 * leading '/'. Paths that must never enter an image or the hash (`.git`) are always excluded.
 */
const ALWAYS_IGNORED = ['.git'] as const;

export interface IgnoreRules {
  /** The patterns as written, in order (comments and blanks dropped). */
  patterns: string[];
  /** True when a `!` exception exists: directories cannot be pruned during the walk then. */
  hasExceptions: boolean;
  ignores(relativePath: string, isDirectory: boolean): boolean;
}

export function parseDockerignore(text: string): IgnoreRules {
  const patterns = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const matcher: Ignore = ignore();
  let hasExceptions = false;
  for (const pattern of [...ALWAYS_IGNORED, ...patterns]) {
    const negated = pattern.startsWith('!');
    const body = (negated ? pattern.slice(1) : pattern).trim().replace(/^(\.\/|\/)+/, '');
    if (body === '' || body === '.') continue;
    if (negated) hasExceptions = true;
    matcher.add(`${negated ? '!' : ''}/${body}`);
  }
  return {
    patterns,
    hasExceptions,
    ignores: (relativePath, isDirectory) =>
      matcher.ignores(isDirectory ? `${relativePath}/` : relativePath),
  };
}

/** The .dockerignore handed to the builder: the user's rules plus the always-ignored paths. */
export function renderDockerignore(rules: IgnoreRules): string {
  return [...ALWAYS_IGNORED, ...rules.patterns].join('\n') + '\n';
}
