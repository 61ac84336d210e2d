import { describe, expect, it } from 'vitest';
import { closest, parseCommandLine, UsageError } from '../../../src/cli/args.js';

const run = (argv: string[]) => {
  const line = parseCommandLine(argv);
  if (line.kind !== 'run') throw new Error(`expected a run, got ${line.kind}`);
  return line;
};
const usageError = (argv: string[]): string => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseCommandLine: what each command line means', () => {
  it.each([
    [['plan', '--base-image', 'local/python:3.11'], { 'base-image': 'local/python:3.11' }],
    [['plan', '--base-image=local/python:3.11'], { 'base-image': 'local/python:3.11' }],
    [['build', '--env', 'A=1', '--env', 'B=2'], { env: 'A=1\nB=2' }],
    [['build', '--tags', 'v1', '--tags=latest'], { tags: 'v1\nlatest' }],
    [['build', '--args=--epochs=3'], { args: '--epochs=3' }],
    [['build', '--args', '--epochs=3', '--args', '--lr=0.1'], { args: '--epochs=3\n--lr=0.1' }],
    [['build', '--', '--epochs=3', '--lr', '0.1'], { args: '--epochs=3\n--lr\n0.1' }],
    [['build', '--args', 'a', '--', '--b'], { args: 'a\n--b' }],
    [['build', '--docker-args', '--cpus=8'], { 'docker-args': '--cpus=8' }],
    [['plan', '--force-rebuild'], { 'force-rebuild': 'true' }],
    [['plan', '--no-force-rebuild'], { 'force-rebuild': 'false' }],
    [['plan', '--force-rebuild=false'], { 'force-rebuild': 'false' }],
    [['build', '--no-wait'], { wait: 'false' }],
    [
      ['plan', '--entrypoint', 'python train.py --epochs 3'],
      { entrypoint: 'python train.py --epochs 3' },
    ],
    [['plan', '--base-image='], { 'base-image': '' }],
    [['plan'], {}],
  ])('%j → %j', (argv, values) => {
    expect(run(argv).values).toEqual(values);
  });

  it.each([
    [['plan', '--json'], { json: true, passwordStdin: false }],
    [['build', '--password-stdin', '--username', 'me'], { json: false, passwordStdin: true }],
  ])('%j sets the CLI flags %j', (argv, flags) => {
    expect(run(argv)).toMatchObject(flags);
  });

  it.each([
    [[], { kind: 'help' }],
    [['--help'], { kind: 'help' }],
    [['-h'], { kind: 'help' }],
    [['help'], { kind: 'help' }],
    [['help', 'build'], { kind: 'help', command: 'build' }],
    [['plan', '--help'], { kind: 'help', command: 'plan' }],
    [['build', '-h', '--env', 'A=1'], { kind: 'help', command: 'build' }],
    [['--version'], { kind: 'version' }],
    [['plan', '--version'], { kind: 'version' }],
  ])('%j is %j', (argv, line) => {
    expect(parseCommandLine(argv)).toEqual(line);
  });
});

describe('parseCommandLine: what it refuses, and the fix it names', () => {
  it.each([
    // A flag without its value is an error, never "true".
    [['plan', '--base-image'], /'--base-image' needs a value: '--base-image VALUE'/],
    [['plan', '--base-image', '--json'], /followed by '--json'.*'--base-image=--json'/],
    [['plan', '--env'], /'--env' needs a value/],
    [['build', '--args', '--json'], /'--args' needs a value, but is followed by '--json'/],
    // Unknown flags, with the nearest valid name.
    [['plan', '--base-imge', 'x'], /unknown flag '--base-imge'. Did you mean '--base-image'\?/],
    [['plan', '--jsn'], /Did you mean '--json'\?/],
    [['plan', '--no-force-rebuil'], /Did you mean '--no-force-rebuild'\?/],
    [['build', '--epochs=3'], /unknown flag '--epochs'/],
    [['plan', '--totally-unrelated-thing'], /^unknown flag '--totally-unrelated-thing'. See/],
    [['plan', '-x'], /unknown flag '-x'/],
    // Flags of another command.
    [['plan', '--gpus', 'all'], /'--gpus' is not a flag of 'plan' \(it is one of: build\)/],
    [['plan', '--', '--epochs=3'], /'plan' takes no arguments after '--'/],
    // Stray words, repeats, values on flags that take none.
    [['plan', 'extra'], /unexpected argument 'extra'/],
    [['plan', '--force-rebuild', 'false'], /unexpected argument 'false'/],
    [['plan', '--base-image', 'a', '--base-image', 'b'], /'--base-image' is given twice/],
    [['plan', '--json=yes'], /'--json' takes no value/],
    [['plan', '--no-force-rebuild=true'], /'--no-force-rebuild' takes no value/],
    [['biuld'], /unknown command 'biuld'. Did you mean 'build'\?/],
    [['help', 'nope'], /unknown command 'nope'/],
  ])('%j → %s', (argv, message) => {
    expect(usageError(argv)).toMatch(message);
  });

  it('names the command whose help fits', () => {
    try {
      parseCommandLine(['build', '--nope']);
    } catch (error) {
      expect((error as UsageError).command).toBe('build');
    }
  });
});

describe('closest', () => {
  it.each([
    ['base-imag', 'base-image'],
    ['enviroment', 'environment'],
    ['contxt', 'context'],
    ['zzzzzzzz', undefined],
  ])('%s → %s', (word, expected) => {
    expect(closest(word, ['base-image', 'environment', 'context', 'env'])).toBe(expected);
  });
});
