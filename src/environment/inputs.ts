/**
 * The `requirements` and `frozen-requirements` inputs take a context-relative file path or an
 * inline list. Pure: decides which, and refuses paths that leave the context, before any file is
 * read.
 */
import { posix } from 'node:path';
import { InputError } from '../platform/errors.js';
import { classifyLine } from './requirements-file.js';

export type ListInput = { kind: 'inline'; text: string } | { kind: 'path'; path: string };

/** The input's value as a path candidate or an inline list. */
export function classifyListInput(input: string, value: string): ListInput {
  const text = value.trim();
  // A newline, or a URL (`name @ https://…`), never names a file in the context.
  if (text.includes('\n') || text.includes('://')) return { kind: 'inline', text };
  const slashed = text.replace(/\\/g, '/');
  const normalized = posix.normalize(slashed);
  const escapes =
    slashed.startsWith('/') ||
    slashed.startsWith('~') ||
    /^[A-Za-z]:\//.test(slashed) ||
    normalized === '..' ||
    normalized.startsWith('../');
  if (!escapes) return { kind: 'path', path: normalized.replace(/^\.\//, '') };
  throw new InputError(
    input,
    value,
    'expected a file path inside the build context (relative, without ..) or an inline list',
    'Copy the file into the repository and give its path relative to the context.',
  );
}

/** A single line that is a requirement (or a URL / pip option line), not a file name. */
function looksLikeRequirement(text: string): boolean {
  const kind = classifyLine(text).kind;
  return kind === 'requirement' || kind === 'url' || kind === 'option';
}

/**
 * A single token that names a file (`*.txt`, `*.in`, or a `/` that is not part of a requirement's
 * URL): when it is missing, the user meant a file, so guessing "inline" would install a package
 * named like the file.
 */
export function looksLikePath(text: string): boolean {
  if (/\s/.test(text)) return false;
  if (/\.(?:txt|in|lock)$/i.test(text)) return true;
  return text.includes('/') && !looksLikeRequirement(text);
}
