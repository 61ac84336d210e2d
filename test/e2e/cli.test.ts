/**
 * The CLI bundle (dist/cli/index.js) against the real engine: flags reach the image and the run
 * exactly as typed, and build progress is BuildKit's terminal display in a terminal, plain lines
 * when piped.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_BASE_IMAGE, REPO_ROOT } from './harness/infra.js';
import { runCommand } from './harness/process.js';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'index.js');
let dir: string;

// A training script that shows what it was given: its arguments and two baked-in variables.
const TRAIN = [
  'import json, os, sys',
  'print("GOT " + json.dumps({"argv": sys.argv[1:], "A": os.environ.get("A"), "B": os.environ.get("B")}))',
].join('\n');

const common = (context: string) => [
  '--context',
  context,
  '--base-image',
  PYTHON_BASE_IMAGE,
  '--network',
  'host',
  '--allow-empty-environment',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'launch-cli-e2e-'));
  await writeFile(join(dir, 'train.py'), `${TRAIN}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('launch-action build (real engine)', () => {
  it('repeated --env, --args with flag values and arguments after -- reach the running image', async () => {
    const result = await runCommand(
      process.execPath,
      [
        CLI,
        'build',
        ...common(dir),
        '--env',
        'A=1',
        '--env',
        'B=two words',
        '--mode',
        'run',
        '--gpus',
        'none',
        '--args',
        '--epochs=3',
        '--json',
        '--',
        '--lr',
        '0.1',
      ],
      { cwd: dir, env: { ...process.env, CI: 'true' } },
    );
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { built: boolean; exitCode: number };
    expect(out.exitCode).toBe(0);
    // The container's own output, from the image that was just built and run.
    const got = /GOT (\{.*\})/.exec(result.stderr + result.stdout)?.[1];
    expect(JSON.parse(got ?? 'null')).toEqual({
      argv: ['--epochs=3', '--lr', '0.1'],
      A: '1',
      B: 'two words',
    });
    // Piped output: BuildKit's plain progress lines.
    expect(result.stderr).toMatch(/^#\d+ \[internal\] load build definition/m);
  });

  it("in a terminal, the build shows BuildKit's tty progress", async () => {
    // A change of content, so the build really runs BuildKit steps.
    await writeFile(join(dir, 'extra.txt'), `${Date.now()}\n`);
    const argv = [
      process.execPath,
      CLI,
      'build',
      ...common(dir),
      '--entrypoint',
      'python train.py',
    ];
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm' };
    delete env.CI;
    delete env.BUILDKIT_PROGRESS;
    // `script` gives the CLI a pseudo-terminal, as a person's shell would.
    const result = await runCommand(
      'script',
      ['-qefc', argv.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' '), '/dev/null'],
      { cwd: dir, env },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[\+\] Building/);
    expect(result.stdout).toMatch(/=> \[internal\] load build definition/);
    expect(result.stdout).not.toMatch(/^#\d+ \[internal\] load build definition/m);
    expect(result.stdout).toMatch(/built: +true/);
    // The image that was built runs.
    const image = /image: +(\S+)/.exec(result.stdout)?.[1];
    expect(image).toBeTruthy();
    const run = await runCommand('docker', ['run', '--rm', '--network', 'host', image!, '--x']);
    expect(run.stdout).toContain('GOT {"argv": ["--x"]');
  });
});
