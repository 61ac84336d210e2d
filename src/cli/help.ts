import { COMMANDS, flagsOf } from './args.js';
import { SPEC } from './spec.generated.js';
import type { InputFlag } from './spec.js';

const WIDTH = 100;
const FLAG_COLUMN = 32;

/** Backticks are Markdown for the README; in a terminal they are noise. */
const plain = (text: string) => text.replace(/`([^`]*)`/g, '$1');

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** `  --flag VALUE      description…` with the description wrapped under its column. */
function row(flag: string, description: string): string {
  const text = wrap(plain(description), WIDTH - FLAG_COLUMN);
  const head = `  ${flag}`;
  const first =
    head.length < FLAG_COLUMN
      ? `${head.padEnd(FLAG_COLUMN)}${text[0] ?? ''}`
      : `${head}\n${' '.repeat(FLAG_COLUMN)}${text[0] ?? ''}`;
  return [first, ...text.slice(1).map((line) => `${' '.repeat(FLAG_COLUMN)}${line}`)].join('\n');
}

function flagWords(flag: InputFlag): string {
  if (flag.kind === 'boolean') return `--${flag.name}, --no-${flag.name}`;
  return `--${flag.name} VALUE`;
}

function flagDescription(flag: InputFlag): string {
  const notes = [
    ...(flag.kind === 'list' ? ['Repeatable: one item each.'] : []),
    ...(flag.default !== undefined && !flag.default.includes('${{')
      ? [`[default: ${flag.default}]`]
      : []),
  ];
  return [flag.description, ...notes].join(' ');
}

function optionRows(): string[] {
  return Object.entries(SPEC.options).map(([name, spec]) =>
    row(`${spec.short ? `-${spec.short}, ` : ''}--${name}`, spec.description),
  );
}

function exitCodes(): string[] {
  return Object.entries(SPEC.exitCodes).map(([code, meaning]) => row(code, meaning));
}

/** `launch-action --help`: the commands, the common flags and the exit codes. */
export function mainHelp(): string {
  return [
    'launch-action: build a content-addressed image of an ML training repository, and run it.',
    '',
    'Usage:',
    '  launch-action <command> [flags]',
    '  launch-action <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((name) => row(name, SPEC.commands[name]!.summary)),
    '',
    'Flags of every command:',
    ...optionRows(),
    '',
    "Every input of the action is a flag (--base-image, --env, …): see 'launch-action <command> --help'.",
    '',
    'Exit codes:',
    ...exitCodes(),
    '',
  ].join('\n');
}

/** `launch-action <command> --help`: every flag the command takes, grouped as action.yml groups them. */
export function commandHelp(command: string): string {
  const spec = SPEC.commands[command]!;
  const flags = flagsOf(command);
  const sections = [...new Set(flags.map((flag) => flag.section))];
  return [
    `Usage: launch-action ${command} [flags]${flags.some((f) => f.name === 'args') ? ' [-- ARGS...]' : ''}`,
    '',
    ...wrap(plain(spec.summary), WIDTH),
    '',
    ...sections.flatMap((section) => [
      `${section.charAt(0).toUpperCase()}${section.slice(1)}:`,
      ...flags
        .filter((flag) => flag.section === section)
        .map((flag) => row(flagWords(flag), flagDescription(flag))),
      '',
    ]),
    'Flags of every command:',
    ...optionRows(),
    '',
    'A value that starts with - is written --flag=VALUE. Exit codes:',
    ...exitCodes(),
    '',
  ].join('\n');
}
