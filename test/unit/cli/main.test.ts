import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, progressFor, type CliIo, type JsonError } from '../../../src/cli/main.js';

const action = load(readFileSync('action.yml', 'utf8')) as {
  inputs: Record<string, { description: string }>;
};

let repo: string;
beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'launch-cli-'));
  await writeFile(path.join(repo, 'requirements.txt'), 'numpy==1.26.4\n');
  await writeFile(path.join(repo, 'train.py'), 'print("hi")\n');
  await mkdir(path.join(repo, 'bad'));
  await writeFile(
    path.join(repo, 'bad', 'requirements.txt'),
    'numpy==1.26.4\nnot a requirement!!\n',
  );
});
afterAll(() => rm(repo, { recursive: true, force: true }));

async function cli(argv: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
    readStdin: async () => stdin,
    stderrIsTTY: false,
    env: { PATH: process.env.PATH, HOME: os.tmpdir() },
    cwd: repo,
    version: '9.8.7',
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** Help text joined back into one line per flag, so wrapped descriptions compare as written. */
const unwrapped = (help: string) => help.replace(/\n {32}/g, ' ').replace(/`/g, '');

describe('help and version', () => {
  it.each([[['--help']], [['-h']], [[]], [['help']]])(
    '%j prints the overview on stdout',
    async (argv) => {
      const { code, stdout, stderr } = await cli(argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^launch-action: /);
      expect(stdout).toMatch(/^ {2}plan {2,}Print what would be built/m);
      expect(stdout).toMatch(/^ {2}build {2,}Build the image/m);
      expect(stdout).toMatch(/Exit codes:\n {2}0 +success/);
    },
  );

  it.each(['plan', 'build'])(
    '%s --help describes every flag with its action.yml description',
    async (command) => {
      const { code, stdout } = await cli([command, '--help']);
      expect(code).toBe(0);
      const text = unwrapped(stdout);
      const flagged = [...text.matchAll(/^ {2}--([a-z-]+)/gm)].map((m) => m[1]!);
      for (const name of flagged.filter((name) => action.inputs[name])) {
        const description = action.inputs[name]!.description.replace(/\s+/g, ' ').replace(/`/g, '');
        expect(text).toContain(description);
      }
      expect(flagged).toContain('context');
      expect(flagged).toContain('json');
      if (command === 'build') {
        // build takes every input.
        expect(flagged.filter((name) => action.inputs[name]).sort()).toEqual(
          Object.keys(action.inputs).sort(),
        );
      } else {
        expect(flagged).not.toContain('gpus');
      }
    },
  );

  it('--version prints the version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: '9.8.7\n', stderr: '' });
  });
});

describe('errors and exit codes', () => {
  it('a flag without its value is exit 2 with the fix, and nothing runs', async () => {
    const { code, stdout, stderr } = await cli(['plan', '--base-image']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("error: '--base-image' needs a value");
    expect(stderr).toContain("Run 'launch-action plan --help'");
  });

  it('--json prints a JSON error object on stdout for a usage error', async () => {
    const { code, stdout } = await cli(['plan', '--json', '--base-imag', 'x']);
    expect(code).toBe(2);
    const body = JSON.parse(stdout) as JsonError;
    expect(body.error).toMatchObject({ kind: 'usage', exitCode: 2 });
    expect(body.error.message).toContain("Did you mean '--base-image'?");
  });

  it('--json prints a JSON error naming the input for an invalid value', async () => {
    const { code, stdout, stderr } = await cli(['plan', '--json', '--installer', 'conda']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({
      error: {
        kind: 'input',
        input: 'installer',
        message: expect.stringContaining('Input \'installer\' has an invalid value "conda"'),
        exitCode: 2,
      },
    });
    expect(stderr).toContain("error: Input 'installer'");
  });

  it('--json prints a JSON error for a failure while planning (exit 1)', async () => {
    const { code, stdout } = await cli(['plan', '--json', '--builder', 'noop', '--context', 'bad']);
    expect(code).toBe(1);
    const body = JSON.parse(stdout) as JsonError;
    expect(body.error).toMatchObject({ kind: 'failed', file: 'bad/requirements.txt', line: 2 });
    expect(body.error.message).toContain('not a requirement!!');
  });

  it('--password-stdin reads the password; with --password too it is a usage error', async () => {
    const both = await cli(['plan', '--password-stdin', '--builder', 'noop'], 'secret\n');
    // plan takes no registry credentials at all.
    expect(both.code).toBe(0);
    const twice = await cli(['build', '--password-stdin', '--password', 'x'], 'secret\n');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("'--password-stdin' or '--password', not both");
    const empty = await cli(['build', '--password-stdin', '--builder', 'noop'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('read nothing from standard input');
  });

  it('--secrets repeats, warns that argv is visible, and never prints a value', async () => {
    const run = await cli([
      'plan',
      '--json',
      '--builder',
      'noop',
      '--secrets',
      'TOKEN=tok-visible-1',
      '--secrets',
      'NETRC=tok-visible-2',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("'--secrets' values on the command line are visible");
    expect(run.stderr).toContain("'--secret-files ID=PATH'");
    expect(run.stdout + run.stderr).not.toMatch(/tok-visible/);
  });
});

describe('plan', () => {
  it('prints the plan with the flags applied (repeated --env accumulates)', async () => {
    const { code, stdout, stderr } = await cli([
      'plan',
      '--json',
      '--builder',
      'noop',
      '--base-image',
      'local/python:3.11-bookworm',
      '--env',
      'A=1',
      '--env',
      'B=two words',
    ]);
    expect(stderr).not.toContain('error');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { dockerfile: string; environment: { kind: string } };
    expect(plan.environment.kind).toBe('requirements');
    expect(plan.dockerfile).toContain('FROM local/python:3.11-bookworm');
    expect(plan.dockerfile).toContain('ENV A="1" \\\n    B="two words"');
  });
});

describe('progressFor', () => {
  it.each([
    [true, {}, 'tty'],
    [false, {}, 'plain'],
    [true, { CI: 'true' }, 'plain'],
    [true, { TERM: 'dumb' }, 'plain'],
    [true, { BUILDKIT_PROGRESS: 'plain' }, 'plain'],
    [false, { BUILDKIT_PROGRESS: 'tty' }, 'plain'],
    [true, { CI: 'true', BUILDKIT_PROGRESS: 'tty' }, 'tty'],
  ] as const)('stderr TTY %s, env %j → %s', (tty, env, expected) => {
    expect(progressFor(tty, env)).toBe(expected);
  });
});
