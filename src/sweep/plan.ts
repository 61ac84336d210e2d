/**
 * A sweep: many runs of one image with different arguments. `sweep` is a JSON list of argument sets
 * or an object of lists (expanded as a grid). Pure: text in, matrix out.
 */
import { InputError } from '../platform/errors.js';

/** GitHub runs at most this many jobs from one matrix. */
export const MAX_MATRIX_JOBS = 256;

export interface SweepPoint {
  /** 0-based; names the point's artifact (`launch-run-<point>`). */
  point: number;
  /** Short, readable: `lr=0.1 batch=32`. */
  label: string;
  /** Arguments appended to the `args` input, one per line. */
  args: string;
}

type Scalar = string | number | boolean;

function isScalar(value: unknown): value is Scalar {
  return ['string', 'number', 'boolean'].includes(typeof value);
}

function fail(value: string, allowed: string, fix?: string): never {
  throw new InputError('sweep', value, allowed, fix);
}

const SHAPE =
  'expected a JSON list of argument sets (e.g. [{"lr": 0.1}, {"lr": 0.01}] or [["--lr=0.1"]]) or an object of lists expanded as a grid (e.g. {"lr": [0.1, 0.01], "batch": [32, 64]})';

/** One argument set: an object becomes `--name=value` lines, a list is taken as is. */
function argsOf(set: unknown, text: string): { label: string; args: string[] } {
  if (isScalar(set)) return { label: String(set), args: [String(set)] };
  if (Array.isArray(set)) {
    if (!set.every(isScalar)) fail(text, SHAPE);
    const args = set.map(String);
    return { label: args.join(' '), args };
  }
  if (set && typeof set === 'object') {
    const entries = Object.entries(set);
    if (!entries.every(([, value]) => isScalar(value))) fail(text, SHAPE);
    return {
      label: entries.map(([name, value]) => `${name}=${String(value)}`).join(' '),
      args: entries.map(([name, value]) => `--${name}=${String(value)}`),
    };
  }
  return fail(text, SHAPE);
}

function grid(axes: [string, Scalar[]][]): Record<string, Scalar>[] {
  let sets: Record<string, Scalar>[] = [{}];
  for (const [name, values] of axes) {
    sets = sets.flatMap((set) => values.map((value) => ({ ...set, [name]: value })));
  }
  return sets;
}

/** The sweep's points; an empty `sweep` is one point with no extra arguments. */
export function planSweep(text: string): SweepPoint[] {
  if (text.trim() === '') return [{ point: 0, label: '', args: '' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    fail(
      text,
      `${SHAPE}; it is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  let sets: unknown[];
  if (Array.isArray(parsed)) {
    sets = parsed;
  } else if (parsed && typeof parsed === 'object') {
    const axes = Object.entries(parsed).map(([name, values]): [string, Scalar[]] => {
      const list = Array.isArray(values) ? values : [values];
      if (list.length === 0 || !list.every(isScalar)) {
        fail(text, `${SHAPE}; "${name}" must be a non-empty list of strings, numbers or booleans`);
      }
      return [name, list as Scalar[]];
    });
    const size = axes.reduce((product, [, values]) => product * values.length, 1);
    if (size > MAX_MATRIX_JOBS) tooMany(text, size);
    sets = grid(axes);
  } else {
    return fail(text, SHAPE);
  }
  if (sets.length === 0) fail(text, `${SHAPE}; the list is empty`);
  if (sets.length > MAX_MATRIX_JOBS) tooMany(text, sets.length);
  return sets.map((set, point) => {
    const { label, args } = argsOf(set, text);
    return { point, label, args: args.join('\n') };
  });
}

function tooMany(text: string, size: number): never {
  return fail(
    text,
    `it expands to ${size} runs; GitHub runs at most ${MAX_MATRIX_JOBS} jobs from one matrix`,
    'Split the sweep into several calls of the workflow, or sweep fewer values.',
  );
}
