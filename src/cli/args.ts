import { parseArgs } from 'node:util';
import { SPEC } from './spec.generated.js';
import type { InputFlag } from './spec.js';

/** A command line the CLI cannot use; exit code 2 with this message and the command's usage. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help fits, when one was named. */
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CommandLine =
  | { kind: 'help'; command?: string }
  | { kind: 'version' }
  | {
      kind: 'run';
      command: string;
      /** Input name → raw value, as the action would receive it (lists joined with newlines). */
      values: Record<string, string>;
      json: boolean;
      passwordStdin: boolean;
    };

export const COMMANDS = Object.keys(SPEC.commands);

/** The input flags a command takes. */
export function flagsOf(command: string): InputFlag[] {
  return SPEC.inputs.filter((flag) => flag.commands.includes(command));
}

/**
 * Parses argv (without node and the script). Strict: an unknown flag, a flag without its value,
 * a value that looks like a flag, a repeated single-value flag or a stray argument is a UsageError.
 * `node:util` parseArgs splits the words; the rules are ours, so each error can say the fix.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) return { kind: 'help' };
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic !== undefined && !COMMANDS.includes(topic)) throw unknownCommand(topic);
    return topic ? { kind: 'help', command: topic } : { kind: 'help' };
  }
  if (!COMMANDS.includes(first)) throw unknownCommand(first);
  const command = first;

  const inputFlags = new Map(flagsOf(command).map((flag) => [flag.name, flag]));
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, spec] of Object.entries(SPEC.options)) {
    options[name] = { type: 'boolean', ...(spec.short && { short: spec.short }) };
  }
  for (const flag of SPEC.inputs) {
    options[flag.name] = { type: flag.kind === 'boolean' ? 'boolean' : 'string' };
    if (flag.kind === 'boolean') options[`no-${flag.name}`] = { type: 'boolean' };
  }
  const { tokens } = parseArgs({
    args: [...rest],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const values: Record<string, string> = {};
  const afterDashes: string[] = [];
  let json = false;
  let passwordStdin = false;
  let help = false;
  let terminated = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') {
      terminated = true;
      continue;
    }
    if (token.kind === 'positional') {
      if (terminated) {
        afterDashes.push(token.value);
        continue;
      }
      throw new UsageError(
        `unexpected argument '${token.value}'. Flags take their value as '--flag VALUE' or ` +
          `'--flag=VALUE'; arguments for the entrypoint go after '--'.`,
        command,
      );
    }
    const raw = token.rawName;
    if (raw.startsWith('-') && !raw.startsWith('--') && raw !== '-h') {
      throw new UsageError(`unknown flag '${raw}'.`, command);
    }
    const name = token.name;
    if (name in SPEC.options) {
      if (token.value !== undefined) {
        throw new UsageError(`'${raw}' takes no value (got '${token.value}').`, command);
      }
      if (name === 'help') help = true;
      else if (name === 'version') return { kind: 'version' };
      else if (name === 'json') json = true;
      else if (name === 'password-stdin') passwordStdin = true;
      continue;
    }
    const negated = name.startsWith('no-') && inputFlags.get(name.slice(3))?.kind === 'boolean';
    const flag = inputFlags.get(negated ? name.slice(3) : name);
    if (!flag) throw unknownFlag(raw, command, inputFlags);
    if (flag.kind === 'boolean') {
      if (negated && token.value !== undefined) {
        throw new UsageError(`'${raw}' takes no value (got '${token.value}').`, command);
      }
      // `--flag=false` is allowed and checked by the input reader like the action's value.
      setOnce(values, flag.name, negated ? 'false' : (token.value ?? 'true'), raw, command);
      continue;
    }
    const value = token.value;
    if (value === undefined) {
      throw new UsageError(`'${raw}' needs a value: '${raw} VALUE'.`, command);
    }
    const isOwnFlag = (word: string) => {
      const own = word.replace(/^-+/, '').split('=')[0]!;
      return word === '-h' || own in SPEC.options || inputFlags.has(own.replace(/^no-/, ''));
    };
    if (!token.inlineValue && value.startsWith('-') && (!flag.dashValues || isOwnFlag(value))) {
      throw new UsageError(
        `'${raw}' needs a value, but is followed by '${value}'. A value that starts with '-' ` +
          `is written '${raw}=${value}'.`,
        command,
      );
    }
    if (flag.kind === 'list') {
      values[flag.name] =
        values[flag.name] === undefined ? value : `${values[flag.name]}\n${value}`;
    } else {
      setOnce(values, flag.name, value, raw, command);
    }
  }
  if (help) return { kind: 'help', command };
  if (afterDashes.length > 0) {
    const args = inputFlags.get('args');
    if (!args) {
      throw new UsageError(`'${command}' takes no arguments after '--'.`, command);
    }
    values.args = [...(values.args === undefined ? [] : [values.args]), ...afterDashes].join('\n');
  }
  return { kind: 'run', command, values, json, passwordStdin };
}

function setOnce(
  values: Record<string, string>,
  name: string,
  value: string,
  raw: string,
  command: string,
): void {
  if (values[name] !== undefined) {
    throw new UsageError(`'${raw}' is given twice; it takes one value.`, command);
  }
  values[name] = value;
}

function unknownCommand(word: string): UsageError {
  const near = closest(word, COMMANDS);
  return new UsageError(
    `unknown command '${word}'.${near ? ` Did you mean '${near}'?` : ''} Commands: ${COMMANDS.join(', ')}.`,
  );
}

function unknownFlag(raw: string, command: string, inputFlags: Map<string, InputFlag>): UsageError {
  const name = raw.replace(/^-+/, '');
  const elsewhere = SPEC.inputs.find((flag) => flag.name === name);
  if (elsewhere) {
    return new UsageError(
      `'--${name}' is not a flag of '${command}' (it is one of: ${elsewhere.commands.join(', ')}).`,
      command,
    );
  }
  const names = [
    ...Object.keys(SPEC.options),
    ...[...inputFlags.values()].flatMap((flag) =>
      flag.kind === 'boolean' ? [flag.name, `no-${flag.name}`] : [flag.name],
    ),
  ];
  const near = closest(name, names);
  return new UsageError(
    `unknown flag '${raw}'.${near ? ` Did you mean '--${near}'?` : ''} ` +
      `See 'launch-action ${command} --help'.`,
    command,
  );
}

/** The candidate nearest to `word` by edit distance, when near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const prefix = candidates.find((candidate) => candidate.startsWith(word) && word.length >= 3);
  if (bestDistance <= Math.max(2, Math.floor(word.length / 3))) return best;
  return prefix;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
