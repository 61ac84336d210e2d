import { InputError } from '../platform/errors.js';

/** Where raw input values come from: the runner's INPUT_* variables, or CLI flags. */
export type InputSource = (name: string) => string | undefined;

/** Reads the runner's `INPUT_<NAME>` variables the way `@actions/core` does, without importing it. */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): InputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}

/** Parses `--name value` / `--name=value` CLI flags into an input source. */
export function mapInputSource(values: Record<string, string>): InputSource {
  return (name) => values[name];
}

/**
 * Typed access to inputs. Every read goes through here, so the set of names the parser reads can
 * be compared with action.yml by a test, and every error names the input.
 */
export class InputReader {
  readonly namesRead = new Set<string>();

  constructor(private readonly source: InputSource) {}

  /** The trimmed value, or '' when unset. */
  string(name: string): string {
    this.namesRead.add(name);
    return (this.source(name) ?? '').trim();
  }

  /** The value with its inner newlines kept (patches, inline lists); outer blank lines dropped. */
  text(name: string): string {
    this.namesRead.add(name);
    return (this.source(name) ?? '').replace(/^\s*\n/, '').replace(/\s+$/, '');
  }

  optional(name: string): string | undefined {
    const value = this.string(name);
    return value === '' ? undefined : value;
  }

  /** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
  bool(name: string, fallback: boolean): boolean {
    const value = this.string(name);
    if (value === '') return fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    throw new InputError(name, value, 'expected true or false');
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name);
    if (value === '') return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InputError(name, value, `expected one of ${allowed.join(', ')}`);
  }

  /** A whole number within [min, max]. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.string(name);
    if (value === '') return fallback;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InputError(name, value, `expected a whole number from ${min} to ${max}`);
    }
    return Number(value);
  }

  /** Non-empty lines, trimmed; `#` comment lines dropped. */
  lines(name: string): string[] {
    return this.text(name)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  /** Items separated by commas, whitespace or newlines. */
  list(name: string): string[] {
    return this.string(name)
      .split(/[\s,]+/)
      .filter((item) => item !== '');
  }

  /**
   * `KEY=VALUE` lines; KEY must match `keyPattern`. Values keep inner spaces and may contain '='.
   */
  keyValues(name: string, keyPattern: RegExp, what: string): [string, string][] {
    return this.lines(name).map((line) => {
      const eq = line.indexOf('=');
      const key = eq === -1 ? line : line.slice(0, eq).trim();
      if (eq === -1 || !keyPattern.test(key)) {
        throw new InputError(
          name,
          line,
          `each line must be KEY=VALUE where KEY is ${what}`,
          `Write it as e.g. "MY_VAR=value", one per line.`,
        );
      }
      return [key, line.slice(eq + 1)];
    });
  }
}
