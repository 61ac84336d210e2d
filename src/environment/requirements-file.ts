/**
 * The pip requirements-file format: logical lines (comments, `\` continuations) and what each
 * line is. Pure; shared by the requirements, frozen and conda `pip:` stages and by the reader that
 * follows `-r`/`-c` includes.
 */
import { posix } from 'node:path';
import { parseRequirement, type Requirement } from './pep508.js';

export interface LogicalLine {
  /** 1-based number of the line the logical line starts on. */
  lineNumber: number;
  /** The line with its comment removed and continuations joined, trimmed; never empty. */
  text: string;
}

/** What a requirements-file line is. */
export type LineEntry =
  | { kind: 'requirement'; requirement: Requirement }
  /** A bare `https://…` or `git+https://…#egg=name` line, which pip accepts in files. */
  | { kind: 'url'; url: string }
  | { kind: 'include'; option: '-r' | '-c'; target: string }
  /** A global pip option (`--pre`, `-i URL`, …); `indexUrls` are the indexes it adds. */
  | { kind: 'option'; indexUrls: string[] }
  | { kind: 'editable'; target: string }
  /** A bare local path, a `file:` URL or `name @ file:…`. */
  | { kind: 'local'; target: string }
  | { kind: 'invalid'; error: string };

export const REQUIREMENT_EXAMPLES =
  "expected e.g. 'numpy==1.26.4', 'torch>=2.1,<3', 'pkg[extra]; python_version<\"3.12\"' " +
  "or 'name @ https://…'";

/** pip options allowed in a requirements file; `true` when the option takes a value. */
const FILE_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['-r', true],
  ['--requirement', true],
  ['-c', true],
  ['--constraint', true],
  ['-e', true],
  ['--editable', true],
  ['-i', true],
  ['--index-url', true],
  ['--extra-index-url', true],
  ['-f', true],
  ['--find-links', true],
  ['--trusted-host', true],
  ['--only-binary', true],
  ['--no-binary', true],
  ['--no-index', false],
  ['--pre', false],
  ['--prefer-binary', false],
  ['--require-hashes', false],
]);

const SHORT_TO_LONG: Readonly<Record<string, string>> = {
  '-r': '--requirement',
  '-c': '--constraint',
  '-e': '--editable',
  '-i': '--index-url',
  '-f': '--find-links',
};

const VCS_URL = /^(?:git|hg|svn|bzr)\+[A-Za-z]+:\/\//i;
const HASH = /^(?:sha256|sha384|sha512):[0-9a-fA-F]+$/;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

/** Splits a file into logical lines the way pip reads it (continuations, then comments). */
export function logicalLines(content: string): LogicalLine[] {
  const physical = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const result: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  physical.forEach((raw, index) => {
    const isComment = /^\s*#/.test(raw);
    const joined: LogicalLine = pending
      ? { lineNumber: pending.lineNumber, text: pending.text + (isComment ? ' ' : '') + raw }
      : { lineNumber: index + 1, text: raw };
    if (!isComment && joined.text.endsWith('\\')) {
      pending = { lineNumber: joined.lineNumber, text: joined.text.slice(0, -1) };
      return;
    }
    pending = undefined;
    pushLine(result, joined);
  });
  if (pending) pushLine(result, pending);
  return result;
}

function pushLine(result: LogicalLine[], line: LogicalLine): void {
  const text = line.text.replace(/(^|\s+)#.*$/, '').trim();
  if (text !== '') result.push({ lineNumber: line.lineNumber, text });
}

/** Classifies one logical line. Never throws: callers decide what is an error. */
export function classifyLine(text: string): LineEntry {
  if (text.startsWith('-')) return classifyOptionLine(text);
  const { requirementText, error } = splitPerRequirementOptions(text);
  if (error) return { kind: 'invalid', error };
  if (looksLikeLocalPath(requirementText)) return { kind: 'local', target: requirementText };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(requirementText) && !/\s/.test(requirementText)) {
    return /^file:/i.test(requirementText)
      ? { kind: 'local', target: requirementText }
      : { kind: 'url', url: requirementText };
  }
  const parsed = parseRequirement(requirementText);
  if (!parsed.ok) {
    if (/[/\\]/.test(requirementText) && !requirementText.includes('@')) {
      return { kind: 'local', target: requirementText };
    }
    return { kind: 'invalid', error: parsed.error };
  }
  if (parsed.value.url && /^file:/i.test(parsed.value.url)) {
    return { kind: 'local', target: parsed.value.url };
  }
  return { kind: 'requirement', requirement: parsed.value };
}

function looksLikeLocalPath(text: string): boolean {
  return (
    /^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(text) ||
    (ARCHIVE.test(text) && !text.includes('://') && !text.includes('@'))
  );
}

/** Separates trailing `--hash=…` options (the only per-requirement option allowed). */
function splitPerRequirementOptions(text: string): { requirementText: string; error?: string } {
  const optionStart = text.search(/\s--?[A-Za-z]/);
  if (optionStart === -1) return { requirementText: text };
  const tokens = text.slice(optionStart).trim().split(/\s+/);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    let value: string | undefined;
    if (token.startsWith('--hash=')) value = token.slice('--hash='.length);
    else if (token === '--hash') value = tokens[(index += 1)];
    else return { requirementText: text, error: `'${token}' is not allowed after a requirement` };
    if (value === undefined || !HASH.test(value)) {
      return {
        requirementText: text,
        error: `'${value ?? ''}' is not a hash (expected --hash=sha256:<hex>)`,
      };
    }
  }
  return { requirementText: text.slice(0, optionStart).trim() };
}

function classifyOptionLine(text: string): LineEntry {
  const tokens = text.split(/\s+/);
  const indexUrls: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const parsed = splitOptionToken(tokens[index] ?? '');
    if (!parsed) {
      return { kind: 'invalid', error: `'${tokens[index]}' is not an option allowed in a file` };
    }
    const takesValue = FILE_OPTIONS.get(parsed.option) ?? false;
    let value = parsed.value;
    if (takesValue && value === undefined) value = tokens[(index += 1)];
    if (takesValue && (value === undefined || value === '')) {
      return { kind: 'invalid', error: `option ${parsed.option} needs a value` };
    }
    if (!takesValue && value !== undefined) {
      return { kind: 'invalid', error: `option ${parsed.option} takes no value` };
    }
    const long = SHORT_TO_LONG[parsed.option] ?? parsed.option;
    const rest = tokens.slice(index + 1);
    if (long === '--requirement' || long === '--constraint' || long === '--editable') {
      if (rest.length > 0) return { kind: 'invalid', error: `unexpected '${rest.join(' ')}'` };
      // `-e git+https://…#egg=name` is a remote checkout pip clones: a requirement like any other.
      if (long === '--editable' && VCS_URL.test(value ?? ''))
        return { kind: 'url', url: value ?? '' };
      if (long === '--editable') return { kind: 'editable', target: value ?? '' };
      return {
        kind: 'include',
        option: long === '--requirement' ? '-r' : '-c',
        target: value ?? '',
      };
    }
    if (long === '--index-url' || long === '--extra-index-url' || long === '--find-links') {
      indexUrls.push(value ?? '');
    }
  }
  return { kind: 'option', indexUrls };
}

function splitOptionToken(token: string): { option: string; value?: string } | undefined {
  if (token.startsWith('--')) {
    const eq = token.indexOf('=');
    const option = eq === -1 ? token : token.slice(0, eq);
    if (!FILE_OPTIONS.has(option)) return undefined;
    return eq === -1 ? { option } : { option, value: token.slice(eq + 1) };
  }
  const option = token.slice(0, 2);
  if (!FILE_OPTIONS.get(option)) return undefined;
  // pip accepts a short option glued to its value: `-rother.txt`.
  return token.length > 2 ? { option, value: token.slice(2) } : { option };
}

/** Where an include (`-r`/`-c` target) points, relative to the context root. */
export type IncludeTarget =
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'outside'; reason: string };

/** pip resolves `-r`/`-c` relative to the including file's folder. */
export function resolveInclude(fromFile: string, target: string): IncludeTarget {
  if (/^https?:\/\//i.test(target)) return { kind: 'url', url: target };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) && !/^[A-Za-z]:[/\\]/.test(target)) {
    return { kind: 'outside', reason: `'${target}' is not a path or an http(s) URL` };
  }
  const slashed = target.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith('~')) {
    return { kind: 'outside', reason: `'${target}' is an absolute path` };
  }
  const joined = posix.normalize(posix.join(posix.dirname(fromFile), slashed));
  if (joined === '..' || joined.startsWith('../')) {
    return { kind: 'outside', reason: `'${target}' points outside the build context` };
  }
  return { kind: 'file', path: joined };
}

/** The `-r`/`-c` includes of a file, with their line numbers, in file order. */
export function listIncludes(
  file: string,
  content: string,
): { lineNumber: number; text: string; target: IncludeTarget }[] {
  return logicalLines(content).flatMap((line) => {
    const entry = classifyLine(line.text);
    return entry.kind === 'include'
      ? [
          {
            lineNumber: line.lineNumber,
            text: line.text,
            target: resolveInclude(file, entry.target),
          },
        ]
      : [];
  });
}
