/**
 * Which Python the image gets. Pure: parses the `python-version` input, `.python-version`,
 * `runtime.txt`, conda pins and `requires-python` specifiers.
 */
import { InputError, FileError } from '../platform/errors.js';
import { satisfiesClause, type VersionClause } from './pep440.js';
import { parseSpecifierList } from './pep508.js';

export const DEFAULT_PYTHON_VERSION = '3.11';
const OLDEST_MINOR = 8;
const NEWEST_MINOR = 14;
export const SUPPORTED_RANGE = `3.${OLDEST_MINOR}–3.${NEWEST_MINOR}`;

const EXACT_VERSION = /^3\.(\d+)(?:\.(\d+))?$/;

/** `3.11` / `3.11.4` within the supported range, else undefined. */
export function supportedVersion(text: string): string | undefined {
  const match = EXACT_VERSION.exec(text);
  if (!match) return undefined;
  const minor = Number(match[1]);
  return minor >= OLDEST_MINOR && minor <= NEWEST_MINOR ? text : undefined;
}

/** Validates the `python-version` input. */
export function parsePythonVersionInput(value: string): string {
  const version = supportedVersion(value.trim());
  if (version) return version;
  throw new InputError(
    'python-version',
    value,
    `expected MAJOR.MINOR or MAJOR.MINOR.PATCH of Python ${SUPPORTED_RANGE}`,
    'Write it as e.g. "3.11" or "3.11.9".',
  );
}

/** A version file's answer: a version, or a warning and no version (detection goes on). */
export type VersionFileResult = { version: string } | { warning: string };

/** Decodes a text file that may be UTF-16 (a BOM says so) or UTF-8 with a BOM. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * `.python-version` (pyenv): the first non-comment line. A CPython version (or pyenv-virtualenv's
 * `3.11.4/envs/name`) is used; a name (`system`, a virtualenv, `pypy3.10`) says nothing this
 * action can install, so it is reported and detection goes on. A clear version outside the
 * supported range is an error.
 */
export function parseDotPythonVersion(file: string, content: string): VersionFileResult {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const index = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  const text = index === -1 ? '' : (lines[index] ?? '').trim();
  const candidate = text.split('/')[0] ?? '';
  const version = supportedVersion(candidate);
  if (version) return { version };
  if (EXACT_VERSION.test(candidate) || /^[0-9]+\.[0-9]+/.test(candidate)) {
    throw new FileError(
      file,
      index === -1 ? 1 : index + 1,
      `'${text}' is not a CPython version this action can install (expected e.g. 3.11 or 3.11.4, ` +
        `Python ${SUPPORTED_RANGE}). Fix the file or set the 'python-version' input.`,
    );
  }
  return {
    warning: `${file}: '${text}' is not a CPython version (a pyenv virtualenv or interpreter name?): ignored. Set 'python-version' to choose one.`,
  };
}

/**
 * `runtime.txt`: `python-3.11.4` (Heroku / repo2docker), `python-3` (any 3.x: the default),
 * `3.9` (a documentation host's format), `python3.11`. Anything else is reported and ignored.
 */
export function parseRuntimeTxt(file: string, content: string): VersionFileResult {
  const text =
    content
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)[0]
      ?.trim() ?? '';
  const bare = text.replace(/^python-?/, '');
  if (bare === '3') return { version: DEFAULT_PYTHON_VERSION };
  const version = supportedVersion(bare);
  if (version) return { version };
  if (/^\d+\.\d+/.test(bare)) {
    throw new FileError(
      file,
      1,
      `'${text}' is a Python this action cannot install (Python ${SUPPORTED_RANGE}). ` +
        `Fix the file or set the 'python-version' input.`,
    );
  }
  return {
    warning: `${file}: '${text}' is not a Python runtime (expected e.g. 'python-3.11'): ignored. Set 'python-version' to choose one.`,
  };
}

/**
 * Picks the Python minor for a PEP 440 specifier such as `>=3.10,<3.13`. Choice: the default (3.11)
 * when it is allowed, else the newest allowed minor below it, else the oldest allowed above it —
 * the version closest to the one with the broadest wheel coverage for ML packages. Returns
 * undefined when no supported minor is allowed.
 */
export function chooseMinorForSpecifier(clauses: VersionClause[]): string | undefined {
  const chosen = minorPreference().find((minor) => minorSatisfies(minor, clauses));
  return chosen === undefined ? undefined : `3.${chosen}`;
}

/**
 * The supported minors in order of preference: the default, then older ones newest first, then
 * newer ones oldest first.
 */
export function minorPreference(): number[] {
  const defaultMinor = Number(DEFAULT_PYTHON_VERSION.split('.')[1]);
  const preference: number[] = [];
  for (let minor = defaultMinor; minor >= OLDEST_MINOR; minor -= 1) preference.push(minor);
  for (let minor = defaultMinor + 1; minor <= NEWEST_MINOR; minor += 1) preference.push(minor);
  return preference;
}

/** Whether a `requires-python` specifier allows Python 3.minor; undefined when it cannot be read. */
export function minorAllowedBySpecifier(specifier: string, minor: number): boolean | undefined {
  const clauses = parseSpecifierList(specifier);
  return clauses.ok ? minorSatisfies(minor, clauses.value) : undefined;
}

/** A minor satisfies the specifier when any of its patch releases does. */
function minorSatisfies(minor: number, clauses: VersionClause[]): boolean {
  for (let patch = 0; patch <= 40; patch += 1) {
    const version = `3.${minor}.${patch}`;
    if (clauses.every((clause) => satisfiesClause(version, clause) === true)) return true;
  }
  return false;
}

/**
 * Python from a specifier text (`requires-python`, a conda `python>=3.9` pin); errors go to
 * `file:line`.
 */
export function pythonFromSpecifier(
  specifier: string,
  file: string,
  line: number | undefined,
): string {
  const clauses = parseSpecifierList(specifier);
  if (!clauses.ok) {
    throw new FileError(
      file,
      line,
      `'${specifier}' is not a Python version specifier: ${clauses.error}`,
    );
  }
  const chosen = chooseMinorForSpecifier(clauses.value);
  if (chosen) return chosen;
  throw new FileError(
    file,
    line,
    `no supported Python (${SUPPORTED_RANGE}) satisfies '${specifier}'. ` +
      `Widen the range or set the 'python-version' input.`,
  );
}

/**
 * Poetry's constraint syntax as a PEP 440 specifier: `^1.2.3` → `>=1.2.3,<2.0.0`, `~1.2` →
 * `>=1.2,<1.3`, `1.2.3` → `==1.2.3`, `*` → ``. Returns undefined for `||` (no PEP 440 form).
 */
export function poetryConstraintToSpecifier(constraint: string): string | undefined {
  const text = constraint.trim();
  if (text.includes('||') || /\s\|\s/.test(text)) return undefined;
  if (text === '' || text === '*') return '';
  const parts = text.split(/\s*,\s*|\s+(?=[<>=!~^])/).filter((part) => part !== '');
  return parts.map(poetryClause).join(',');
}

function poetryClause(part: string): string {
  if (part.startsWith('^')) {
    const release = part.slice(1).split('.');
    const numbers = release.map(Number);
    const firstNonZero = numbers.findIndex((value) => value !== 0);
    const bumpAt = firstNonZero === -1 ? Math.max(numbers.length - 1, 0) : firstNonZero;
    return `>=${part.slice(1)},<${bump(numbers, bumpAt)}`;
  }
  if (part.startsWith('~') && !part.startsWith('~=')) {
    const numbers = part.slice(1).split('.').map(Number);
    return `>=${part.slice(1)},<${bump(numbers, numbers.length === 1 ? 0 : 1)}`;
  }
  if (/^[0-9]/.test(part)) return `==${part}`;
  return part;
}

function bump(numbers: number[], index: number): string {
  const bumped = numbers.slice(0, index + 1).map((value, at) => (at === index ? value + 1 : value));
  while (bumped.length < numbers.length) bumped.push(0);
  return bumped.join('.');
}
