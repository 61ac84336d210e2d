/**
 * PEP 508 requirement and PEP 440 version syntax. Pure: used to validate every requirement line
 * before anything is built, so a typo fails in seconds with its file and line instead of minutes
 * later inside `docker build`.
 */
import { parseVersion, type VersionClause } from './pep440.js';

/** A parsed `name[extras] <specifiers | @ url> ; marker` requirement. */
export interface Requirement {
  name: string;
  extras: string[];
  /** Version clauses, e.g. `[{ op: '>=', version: '1.2' }]`; empty for a URL or a bare name. */
  specifiers: VersionClause[];
  /** The direct reference of `name @ url`. */
  url?: string;
  marker?: string;
}

export type { VersionClause };

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const VERSION_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'] as const;

/** A URL with a scheme (`https://`, `git+ssh://`, `file:`). */
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** PEP 503 normalised project name: lower case, runs of `-_.` become `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The local version label of a version (`2.3.1+cu121` → `cu121`), if any. */
export function localVersionLabel(version: string): string | undefined {
  const plus = version.indexOf('+');
  return plus === -1 ? undefined : version.slice(plus + 1);
}

/** Parses one PEP 508 requirement (no pip options). */
export function parseRequirement(text: string): ParseResult<Requirement> {
  const source = text.trim();
  const nameMatch = NAME.exec(source);
  if (!nameMatch) return { ok: false, error: 'it does not start with a package name' };
  const name = nameMatch[0];
  let rest = source.slice(name.length).trimStart();

  const extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close === -1) return { ok: false, error: "the extras list has no closing ']'" };
    for (const extra of rest.slice(1, close).split(',')) {
      const trimmed = extra.trim();
      if (trimmed === '') continue;
      if (NAME.exec(trimmed)?.[0] !== trimmed) {
        return { ok: false, error: `'${trimmed}' is not a valid extra name` };
      }
      extras.push(trimmed);
    }
    rest = rest.slice(close + 1).trimStart();
  }

  if (rest.startsWith('@')) return parseUrlRequirement(name, extras, rest.slice(1).trimStart());

  const semicolon = rest.indexOf(';');
  const versionPart = semicolon === -1 ? rest : rest.slice(0, semicolon);
  const specifiers = parseSpecifierList(versionPart);
  if (!specifiers.ok) return specifiers;
  const requirement: Requirement = { name, extras, specifiers: specifiers.value };
  if (semicolon !== -1) {
    const marker = rest.slice(semicolon + 1).trim();
    const checked = validateMarker(marker);
    if (!checked.ok) return checked;
    requirement.marker = marker;
  }
  return { ok: true, value: requirement };
}

function parseUrlRequirement(
  name: string,
  extras: string[],
  rest: string,
): ParseResult<Requirement> {
  // PEP 508 needs whitespace between the URL and ';' because ';' is legal inside a URL.
  const markerStart = rest.search(/\s+;/);
  const url = (markerStart === -1 ? rest : rest.slice(0, markerStart)).trim();
  if (!URL_WITH_SCHEME.test(url)) {
    return { ok: false, error: `'${url}' after '@' is not a URL with a scheme (https://…)` };
  }
  const requirement: Requirement = { name, extras, specifiers: [], url };
  if (markerStart !== -1) {
    const marker = rest.slice(markerStart).trim().replace(/^;/, '').trim();
    const checked = validateMarker(marker);
    if (!checked.ok) return checked;
    requirement.marker = marker;
  }
  return { ok: true, value: requirement };
}

/** Parses `>=1.2, <2` or `(>=1.2,<2)`; an empty string is an empty list. */
export function parseSpecifierList(text: string): ParseResult<VersionClause[]> {
  let body = text.trim();
  if (body.startsWith('(')) {
    if (!body.endsWith(')')) return { ok: false, error: "the version list has no closing ')'" };
    body = body.slice(1, -1).trim();
  }
  if (body === '') return { ok: true, value: [] };
  const clauses: VersionClause[] = [];
  for (const part of body.split(',')) {
    const clause = parseClause(part.trim());
    if (!clause.ok) return clause;
    clauses.push(clause.value);
  }
  return { ok: true, value: clauses };
}

function parseClause(text: string): ParseResult<VersionClause> {
  const op = VERSION_OPERATORS.find((candidate) => text.startsWith(candidate));
  if (!op && /^=[^=]/.test(text)) {
    return {
      ok: false,
      error: `'${text}' has a single '=': pip needs '==' (conda's '=' belongs in environment.yml)`,
    };
  }
  if (!op) {
    return {
      ok: false,
      error: `'${text}' has no version operator (one of ${VERSION_OPERATORS.join(' ')})`,
    };
  }
  const version = text.slice(op.length).trim();
  if (op === '===') {
    return /^\S+$/.test(version)
      ? { ok: true, value: { op, version } }
      : { ok: false, error: `'${text}' has no version` };
  }
  const wildcard = version.endsWith('.*');
  if (wildcard && op !== '==' && op !== '!=') {
    return { ok: false, error: `'${text}': a '.*' version is only allowed with == and !=` };
  }
  const plain = wildcard ? version.slice(0, -2) : version;
  if (parseVersion(plain) === undefined || (wildcard && plain.includes('+'))) {
    return { ok: false, error: `'${version}' is not a valid version` };
  }
  if (op === '~=' && !/^v?(?:\d+!)?\d+\.\d+/.test(plain)) {
    return { ok: false, error: `'${text}': '~=' needs at least two version parts (e.g. ~=1.4)` };
  }
  return { ok: true, value: { op, version } };
}

// ---- environment markers --------------------------------------------------------------------

const MARKER_VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
  // Legacy dotted forms that pip still accepts.
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
]);

export type MarkerToken = { kind: 'string' | 'op' | 'word' | '(' | ')'; text: string };

export function tokenizeMarker(text: string): ParseResult<MarkerToken[]> {
  const tokens: MarkerToken[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
    } else if (char === '"' || char === "'") {
      const end = text.indexOf(char, index + 1);
      if (end === -1) return { ok: false, error: `the marker has an unclosed ${char} quote` };
      tokens.push({ kind: 'string', text: text.slice(index + 1, end) });
      index = end + 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ kind: char, text: char });
      index += 1;
    } else {
      const op = /^(===|~=|==|!=|<=|>=|<|>)/.exec(text.slice(index));
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index));
      const token = op ? { kind: 'op' as const, text: op[0] } : word ? word[0] : undefined;
      if (token === undefined) {
        return { ok: false, error: `the marker has an unexpected '${char}'` };
      }
      if (typeof token === 'string') tokens.push({ kind: 'word', text: token });
      else tokens.push(token);
      index += typeof token === 'string' ? token.length : token.text.length;
    }
  }
  return { ok: true, value: tokens };
}

/** Checks a PEP 508 marker (`python_version < "3.11" and sys_platform == 'linux'`). */
function validateMarker(marker: string): ParseResult<string> {
  if (marker === '') return { ok: false, error: "the marker after ';' is empty" };
  const tokens = tokenizeMarker(marker);
  if (!tokens.ok) return tokens;
  const parser = new MarkerParser(tokens.value);
  const error = parser.parseOr() ?? parser.expectEnd();
  return error === undefined
    ? { ok: true, value: marker }
    : { ok: false, error: `invalid marker '${marker}': ${error}` };
}

/** Recursive descent over PEP 508's marker grammar; each method returns an error or undefined. */
class MarkerParser {
  private position = 0;

  constructor(private readonly tokens: MarkerToken[]) {}

  parseOr(): string | undefined {
    const first = this.parseAnd();
    if (first !== undefined) return first;
    while (this.peekWord('or')) {
      this.position += 1;
      const next = this.parseAnd();
      if (next !== undefined) return next;
    }
    return undefined;
  }

  expectEnd(): string | undefined {
    const token = this.tokens[this.position];
    return token === undefined ? undefined : `unexpected '${token.text}'`;
  }

  private parseAnd(): string | undefined {
    const first = this.parseExpression();
    if (first !== undefined) return first;
    while (this.peekWord('and')) {
      this.position += 1;
      const next = this.parseExpression();
      if (next !== undefined) return next;
    }
    return undefined;
  }

  private parseExpression(): string | undefined {
    const token = this.tokens[this.position];
    if (token?.kind === '(') {
      this.position += 1;
      const inner = this.parseOr();
      if (inner !== undefined) return inner;
      if (this.tokens[this.position]?.kind !== ')') return "missing ')'";
      this.position += 1;
      return undefined;
    }
    return this.parseValue() ?? this.parseOperator() ?? this.parseValue();
  }

  private parseValue(): string | undefined {
    const token = this.tokens[this.position];
    if (token === undefined) return 'it ends where a value was expected';
    if (token.kind === 'string') {
      this.position += 1;
      return undefined;
    }
    if (token.kind === 'word' && MARKER_VARIABLES.has(token.text)) {
      this.position += 1;
      return undefined;
    }
    return `'${token.text}' is not a marker variable or a quoted string`;
  }

  private parseOperator(): string | undefined {
    const token = this.tokens[this.position];
    if (token?.kind === 'op') {
      this.position += 1;
      return undefined;
    }
    if (this.peekWord('in')) {
      this.position += 1;
      return undefined;
    }
    if (this.peekWord('not') && this.tokens[this.position + 1]?.text === 'in') {
      this.position += 2;
      return undefined;
    }
    return `expected a comparison operator, got '${token?.text ?? 'the end'}'`;
  }

  private peekWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.text === word;
  }
}
