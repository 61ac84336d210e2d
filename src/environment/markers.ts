/**
 * PEP 508 environment markers evaluated for the image: Linux, the build platform's architecture,
 * the chosen CPython. Pure. The answer is three-valued: `undefined` means "depends on something
 * the plan does not fix" (an architecture when several platforms are built, a patch release when
 * only MAJOR.MINOR is known), and such a requirement keeps its marker for pip to decide.
 */
import { satisfiesClause } from './pep440.js';
import { parseSpecifierList, tokenizeMarker, type MarkerToken } from './pep508.js';
import { poetryConstraintToSpecifier } from './python-version.js';

/** What markers are evaluated against. */
export interface MarkerTarget {
  /** `MAJOR.MINOR` or `MAJOR.MINOR.PATCH`. */
  python: string;
  /** `platform_machine` values of the platforms built (`x86_64`, `aarch64`); empty = unknown. */
  machines: string[];
  /** Extras in force (for `extra == "…"`); none outside an extra's dependencies. */
  extras?: string[];
}

/** Docker platform architecture → `platform_machine` on Linux. */
const MACHINES: Record<string, string> = {
  amd64: 'x86_64',
  arm64: 'aarch64',
  '386': 'i686',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/** The target for a Python version and the `platforms` input (default: linux/amd64). */
export function markerTarget(python: string, platforms: readonly string[]): MarkerTarget {
  const architectures = platforms.length > 0 ? platforms : ['linux/amd64'];
  const machines = architectures.map((platform) => {
    const arch = platform.split('/')[1] ?? '';
    return MACHINES[arch] ?? arch;
  });
  return { python, machines: [...new Set(machines)] };
}

/** `Linux x86_64, Python 3.11` for plan sentences. */
export function describeTarget(target: MarkerTarget): string {
  const machines = target.machines.length > 0 ? ` ${target.machines.join('/')}` : '';
  return `Linux${machines}, Python ${target.python}`;
}

// ---- versions -------------------------------------------------------------------------------

/**
 * Whether `version` satisfies a constraint written as PEP 440 (`>=1.2,<2`) or in Poetry's syntax
 * (`^1.2`, `~1.2`, `1.2.3`, `*`, `>=3.8 || <3.7`). Undefined when the constraint cannot be read.
 */
export function versionSatisfies(version: string, constraint: string): boolean | undefined {
  const alternatives = constraint.split('||').map((part) => part.trim());
  let unknown = false;
  for (const alternative of alternatives) {
    const specifier = poetryConstraintToSpecifier(alternative);
    if (specifier === undefined) return undefined;
    const clauses = parseSpecifierList(specifier);
    if (!clauses.ok) return undefined;
    const results = clauses.value.map((clause) => satisfiesClause(version, clause));
    if (results.every((result) => result === true)) return true;
    if (results.some((result) => result === undefined)) unknown = true;
  }
  return unknown ? undefined : false;
}

// ---- markers --------------------------------------------------------------------------------

type Tri = boolean | undefined;

function and(left: Tri, right: Tri): Tri {
  if (left === false || right === false) return false;
  return left === true && right === true ? true : undefined;
}

function or(left: Tri, right: Tri): Tri {
  if (left === true || right === true) return true;
  return left === false && right === false ? false : undefined;
}

/** A marker variable's value on the target; undefined when the plan does not fix it. */
function variable(name: string, target: MarkerTarget): string | string[] | undefined {
  const minor = target.python.split('.').slice(0, 2).join('.');
  switch (name.replace('.', '_')) {
    case 'python_version':
      return minor;
    case 'python_full_version':
    case 'implementation_version':
      return target.python;
    case 'os_name':
      return 'posix';
    case 'sys_platform':
      return 'linux';
    case 'platform_system':
      return 'Linux';
    case 'platform_machine':
      return target.machines.length === 1 ? target.machines[0] : target.machines;
    case 'platform_python_implementation':
    case 'python_implementation':
      return 'CPython';
    case 'implementation_name':
      return 'cpython';
    default:
      // platform_release / platform_version depend on the host kernel.
      return undefined;
  }
}

const VERSION_VARIABLES = new Set([
  'python_version',
  'python_full_version',
  'implementation_version',
]);

/**
 * Evaluates a PEP 508 marker. True or false when the target decides it, undefined when it depends
 * on what the plan does not fix (the caller then keeps the marker for pip). An unreadable marker
 * is undefined too: pip reports it.
 */
export function evaluateMarker(marker: string, target: MarkerTarget): boolean | undefined {
  const tokens = tokenizeMarker(marker);
  if (!tokens.ok) return undefined;
  const evaluator = new MarkerEvaluator(tokens.value, target);
  const result = evaluator.or();
  return evaluator.done() ? result : undefined;
}

class MarkerEvaluator {
  private position = 0;
  private failed = false;

  constructor(
    private readonly tokens: MarkerToken[],
    private readonly target: MarkerTarget,
  ) {}

  done(): boolean {
    return !this.failed && this.position === this.tokens.length;
  }

  or(): Tri {
    let result = this.and();
    while (this.isWord('or')) {
      this.position += 1;
      result = or(result, this.and());
    }
    return result;
  }

  private and(): Tri {
    let result = this.expression();
    while (this.isWord('and')) {
      this.position += 1;
      result = and(result, this.expression());
    }
    return result;
  }

  private expression(): Tri {
    if (this.tokens[this.position]?.kind === '(') {
      this.position += 1;
      const inner = this.or();
      if (this.tokens[this.position]?.kind !== ')') this.failed = true;
      this.position += 1;
      return inner;
    }
    const left = this.value();
    const op = this.operator();
    const right = this.value();
    if (left === undefined || op === undefined || right === undefined) {
      this.failed = true;
      return undefined;
    }
    return this.compare(left, op, right);
  }

  private value(): { variable?: string; text: string } | undefined {
    const token = this.tokens[this.position];
    if (token === undefined || (token.kind !== 'string' && token.kind !== 'word')) return undefined;
    this.position += 1;
    return token.kind === 'string' ? { text: token.text } : { variable: token.text, text: '' };
  }

  private operator(): string | undefined {
    const token = this.tokens[this.position];
    if (token?.kind === 'op') {
      this.position += 1;
      return token.text;
    }
    if (this.isWord('in')) {
      this.position += 1;
      return 'in';
    }
    if (this.isWord('not') && this.tokens[this.position + 1]?.text === 'in') {
      this.position += 2;
      return 'not in';
    }
    return undefined;
  }

  private isWord(word: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === 'word' && token.text === word;
  }

  private compare(
    left: { variable?: string; text: string },
    op: string,
    right: { variable?: string; text: string },
  ): Tri {
    const name = left.variable ?? right.variable;
    if (name === 'extra' || name === 'extras') {
      const extras = this.target.extras ?? [];
      const literal = left.variable ? right.text : left.text;
      const holds = extras.some((extra) => normalizeExtra(extra) === normalizeExtra(literal));
      if (op === '==' || op === 'in') return holds;
      if (op === '!=' || op === 'not in') return !holds;
      return undefined;
    }
    const leftValue = left.variable ? variable(left.variable, this.target) : left.text;
    const rightValue = right.variable ? variable(right.variable, this.target) : right.text;
    if (leftValue === undefined || rightValue === undefined) return undefined;
    // Several architectures: true only when every one agrees, false when none holds.
    if (Array.isArray(leftValue) || Array.isArray(rightValue)) {
      const lefts = Array.isArray(leftValue) ? leftValue : [leftValue];
      const rights = Array.isArray(rightValue) ? rightValue : [rightValue];
      if (lefts.length === 0 || rights.length === 0) return undefined;
      const results = lefts.flatMap((l) =>
        rights.map((r) => this.compareValues(name, l, op, r, left.variable !== undefined)),
      );
      if (results.every((result) => result === true)) return true;
      if (results.every((result) => result === false)) return false;
      return undefined;
    }
    return this.compareValues(name, leftValue, op, rightValue, left.variable !== undefined);
  }

  private compareValues(
    name: string | undefined,
    left: string,
    op: string,
    right: string,
    variableLeft: boolean,
  ): Tri {
    if (op === 'in') return right.includes(left);
    if (op === 'not in') return !right.includes(left);
    const versionVariable = name !== undefined && VERSION_VARIABLES.has(name.replace('.', '_'));
    if (versionVariable) {
      // Written as `variable op literal` (a literal on the left mirrors the operator).
      const [value, clauseOp, bound] = variableLeft ? [left, op, right] : [right, mirror(op), left];
      return this.compareVersion(name ?? '', value, clauseOp, bound);
    }
    if (op === '==' || op === '===') return left === right;
    if (op === '!=') return left !== right;
    return undefined;
  }

  /**
   * python_full_version with only MAJOR.MINOR known: decided when the bound's MAJOR.MINOR differs
   * (any patch of 3.11 is below 3.12.0), unknown when the bound names a patch of the same minor.
   */
  private compareVersion(name: string, value: string, op: string, bound: string): Tri {
    if (op === 'in' || op === 'not in') return undefined;
    const patchUnknown = name.replace('.', '_') !== 'python_version' && value.split('.').length < 3;
    if (patchUnknown) {
      const minorOf = (text: string) => text.split('.').slice(0, 2).join('.');
      if (minorOf(bound) === minorOf(value) && bound.split('.').length > 2) return undefined;
    }
    return satisfiesClause(value, { op, version: bound });
  }
}

function mirror(op: string): string {
  return ({ '<': '>', '>': '<', '<=': '>=', '>=': '<=' } as Record<string, string>)[op] ?? op;
}

function normalizeExtra(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
