/**
 * Run mode against the real local Docker engine: `runImage` pulls, runs and stops real containers.
 * The engine has no bridge network (see docs), so every run uses `network: host`, and `gpus: none`
 * (no GPU here; GPU preflight is covered with fake nvidia-smi hosts in the unit tests).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/platform/errors.js';
import { InputReader, mapInputSource } from '../../src/inputs/reader.js';
import { IMAGE_LABEL } from '../../src/image/labels.js';
import { runProgram as spawnExec, type Exec } from '../../src/platform/exec.js';
import { JOB_LABEL } from '../../src/run/argv.js';
import {
  cleanupRunContainers,
  readRunInputs,
  runImage,
  type RunDeps,
  type RunInputs,
} from '../../src/run/index.js';
import { ensureFreeDisk } from '../../src/run/disk.js';
import {
  PYTHON_BASE_IMAGE,
  REPO_ROOT,
  loggedInDockerConfig,
  registryImage,
  tempDockerConfig,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';

const IMAGE = PYTHON_BASE_IMAGE;

function jobEnv(job: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GITHUB_RUN_ID: String(Date.now()),
    GITHUB_JOB: job,
    RUNNER_NAME: `e2e-${job}`,
  };
}

function inputs(values: Record<string, string>, env: [string, string][] = []): RunInputs {
  return readRunInputs(new InputReader(mapInputSource({ gpus: 'none', ...values })), {
    network: 'host',
    env,
  });
}

interface Captured {
  deps: RunDeps;
  stdout: () => string;
  stderr: () => string;
  logs: string[];
  calls: string[][];
  states: [string, string][];
}

function capture(env: NodeJS.ProcessEnv, exec: Exec = spawnExec): Captured {
  let out = '';
  let err = '';
  const logs: string[] = [];
  const calls: string[][] = [];
  const states: [string, string][] = [];
  return {
    logs,
    calls,
    states,
    stdout: () => out,
    stderr: () => err,
    deps: {
      exec: (command, args, options) => {
        calls.push([command, ...args]);
        return exec(command, args, options);
      },
      log: {
        info: (m) => logs.push(`info: ${m}`),
        warning: (m) => logs.push(`warning: ${m}`),
        error: (m) => logs.push(`error: ${m}`),
      },
      saveState: (name, value) => states.push([name, value]),
      env,
      stdout: (chunk) => (out += chunk),
      stderr: (chunk) => (err += chunk),
    },
  };
}

async function containersWithLabel(value: string): Promise<string[]> {
  const listed = await runChecked('docker', [
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=${JOB_LABEL}=${value}`,
  ]);
  return listed.stdout.split(/\s+/).filter((id) => id !== '');
}

describe('runImage on the local engine', () => {
  it('streams output, passes env by name and args, and reports exit code 0', async () => {
    const env = jobEnv('stream');
    const c = capture(env);
    const run = inputs(
      {
        command: `python3 -c "import os, sys; print('hello', os.environ['SEED'], os.environ['SECRET_TOKEN'], sys.argv[1:]); print('to-stderr', file=sys.stderr)"`,
        args: 'a b\n--flag=1',
      },
      [
        ['SEED', '42'],
        ['SECRET_TOKEN', 'value-not-on-argv'],
      ],
    );
    const result = await runImage(IMAGE, run, c.deps);
    expect(result.exitCode).toBe(0);
    expect(result.gpu).toBe('none');
    expect(result.durationSeconds).toBeGreaterThan(0);
    expect(c.stdout()).toContain("hello 42 value-not-on-argv ['a b', '--flag=1']");
    expect(c.stderr()).toContain('to-stderr');
    const dockerRun = c.calls.find((call) => call[1] === 'run');
    expect(dockerRun).toBeDefined();
    expect(dockerRun?.join(' ')).not.toContain('value-not-on-argv');
    expect(dockerRun).toEqual(
      expect.arrayContaining(['--env', 'SECRET_TOKEN', '--rm', '--init', '--ipc=host']),
    );
    expect(c.states[0]?.[0]).toBe('run-container');
    expect(await containersWithLabel(`${env.GITHUB_RUN_ID}-stream`)).toEqual([]);
  });

  it('propagates the container exit code', async () => {
    const c = capture(jobEnv('exit3'));
    const result = await runImage(
      IMAGE,
      inputs({ command: 'sh -c "echo failing; exit 3"' }),
      c.deps,
    );
    expect(result.exitCode).toBe(3);
    expect(c.stdout()).toContain('failing');
  });

  it('applies allowlisted docker-args (a --shm-size replaces --ipc=host)', async () => {
    const c = capture(jobEnv('shm'));
    const run = inputs({
      command: 'sh -c "df -k /dev/shm | tail -n 1"',
      'docker-args': '--shm-size=64m\n--memory 256m',
    });
    const result = await runImage(IMAGE, run, c.deps);
    expect(result.exitCode).toBe(0);
    expect(c.stdout()).toMatch(/\s65536\s/);
    const dockerRun = c.calls.find((call) => call[1] === 'run') ?? [];
    expect(dockerRun).not.toContain('--ipc=host');
    expect(dockerRun).toContain('--memory=256m');
  });

  it('refuses disallowed docker-args before any docker call', () => {
    const c = capture(jobEnv('refuse'));
    let error: unknown;
    try {
      inputs({ 'docker-args': '--cpus=1\n--volume=/:/host' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/'--volume' is not allowed.*--shm-size/);
    expect(c.calls).toEqual([]);
  });

  it('fails clearly when the image cannot be pulled', async () => {
    const c = capture(jobEnv('nopull'));
    const missing = registryImage(uniqueRepo('e2e/run-missing'), 'nope');
    await expect(runImage(missing, inputs({}), c.deps)).rejects.toThrow(
      /Pulling .* failed: .*logged in/s,
    );
    expect(c.calls.some((call) => call[1] === 'run')).toBe(false);
  });
});

describe('pulling from the authenticated registry', () => {
  const repo = uniqueRepo('e2e/run-pull');
  const ref = registryImage(repo, 'v1');
  let pushConfig: Awaited<ReturnType<typeof loggedInDockerConfig>> | undefined;

  beforeAll(async () => {
    pushConfig = await loggedInDockerConfig();
    await runChecked('docker', ['tag', IMAGE, ref]);
    await runChecked('docker', ['push', ref], { env: pushConfig.env, timeoutMs: 300_000 });
    await runChecked('docker', ['image', 'rm', ref]);
  });
  afterAll(async () => {
    await runCommand('docker', ['image', 'rm', ref]);
    await pushConfig?.cleanup();
  });

  it('pulls with the DOCKER_CONFIG the caller logged in with, then runs', async () => {
    const login = await loggedInDockerConfig();
    try {
      const c = capture({ ...jobEnv('pull'), DOCKER_CONFIG: login.dir });
      const result = await runImage(ref, inputs({ command: 'echo pulled-and-ran' }), c.deps);
      expect(result.exitCode).toBe(0);
      expect(c.stdout()).toContain('pulled-and-ran');
      expect(c.calls.some((call) => call[1] === 'pull' && call[2] === ref)).toBe(true);
    } finally {
      await login.cleanup();
    }
  });

  it('a failed pull falls back to the copy on this runner, with a warning', async () => {
    const anonymous = await tempDockerConfig();
    try {
      expect((await runCommand('docker', ['image', 'inspect', ref])).code).toBe(0);
      const c = capture({ ...jobEnv('fallback'), DOCKER_CONFIG: anonymous.dir });
      const result = await runImage(ref, inputs({ command: 'echo local-copy' }), c.deps);
      expect(result.exitCode).toBe(0);
      expect(
        c.logs.some(
          (l) => l.startsWith('warning:') && l.includes('using the copy already on this runner'),
        ),
      ).toBe(true);
    } finally {
      await anonymous.cleanup();
    }
  });

  it('without a login the pull is refused and nothing runs', async () => {
    await runChecked('docker', ['image', 'rm', ref]);
    const anonymous = await tempDockerConfig();
    try {
      const c = capture({ ...jobEnv('anon'), DOCKER_CONFIG: anonymous.dir });
      await expect(runImage(ref, inputs({}), c.deps)).rejects.toThrow(/Pulling .* failed/);
      expect(c.calls.some((call) => call[1] === 'run')).toBe(false);
    } finally {
      await anonymous.cleanup();
    }
  });
});

describe('cancellation and cleanup', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'run-cancel-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** Bundles a small script that calls runImage, so it runs under plain node as a separate process. */
  async function bundleRunner(): Promise<string> {
    const entry = join(work, 'runner.ts');
    await writeFile(
      entry,
      [
        `import { readRunInputs, runImage } from ${JSON.stringify(join(REPO_ROOT, 'src/run/index.js'))};`,
        `import { runProgram } from ${JSON.stringify(join(REPO_ROOT, 'src/platform/exec.js'))};`,
        `import { InputReader, mapInputSource } from ${JSON.stringify(join(REPO_ROOT, 'src/inputs/reader.js'))};`,
        `const inputs = readRunInputs(new InputReader(mapInputSource({ gpus: 'none', command: 'sh -c "echo container-$((20+22)); sleep 300"' })), { network: 'host', env: [] });`,
        `const log = { info: (m: string) => console.log(m), warning: (m: string) => console.log('warning: ' + m), error: (m: string) => console.log('error: ' + m) };`,
        `const result = await runImage(process.argv[2] as string, inputs, { exec: runProgram, log, saveState: () => undefined, env: process.env });`,
        `console.log('RESULT ' + JSON.stringify(result));`,
      ].join('\n'),
    );
    const { build } = await import('rolldown');
    const out = join(work, 'runner.mjs');
    await build({
      input: entry,
      platform: 'node',
      logLevel: 'warn',
      output: { file: out, format: 'esm' },
    });
    return out;
  }

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s stops the container at once; nothing is left for the post step',
    async (signal) => {
      const script = await bundleRunner();
      const env = jobEnv(`cancel-${signal}`);
      const label = `${env.GITHUB_RUN_ID}-cancel-${signal}`;
      const child = spawn(process.execPath, [script, IMAGE], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) =>
        child.on('close', (code) => resolve(code)),
      );

      const deadline = Date.now() + 60_000;
      // The marker is computed inside the container, so the logged command line cannot match it.
      while (!output.includes('container-42') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('container-42');
      expect(await containersWithLabel(label)).toHaveLength(1);

      const signalled = Date.now();
      child.kill(signal);
      while ((await containersWithLabel(label)).length > 0 && Date.now() - signalled < 15_000) {
        await new Promise((r) => setTimeout(r, 200));
      }
      const goneAfterMs = Date.now() - signalled;
      expect(await containersWithLabel(label)).toEqual([]);
      expect(goneAfterMs).toBeLessThan(10_000);
      await exited;
      expect(output).toContain('Cancellation received');
      expect(output).toMatch(/RESULT .*"cancelled":true/);

      const c = capture(env);
      expect(await cleanupRunContainers(c.deps)).toEqual([]);
    },
  );

  it('cleanupRunContainers removes this job’s leftover containers only', async () => {
    const env = jobEnv('leftover');
    const label = `${env.GITHUB_RUN_ID}-leftover`;
    const started = await runChecked('docker', [
      'run',
      '-d',
      '--network',
      'host',
      '--label',
      `${JOB_LABEL}=${label}`,
      '--label',
      `launch-action.runner=${env.RUNNER_NAME}`,
      IMAGE,
      'sleep',
      '300',
    ]);
    const otherJob = await runChecked('docker', [
      'run',
      '-d',
      '--network',
      'host',
      '--label',
      `${JOB_LABEL}=${label}-other`,
      IMAGE,
      'sleep',
      '300',
    ]);
    try {
      const c = capture(env);
      const removed = await cleanupRunContainers(c.deps);
      expect(removed).toHaveLength(1);
      expect(started.stdout.trim().startsWith(removed[0] ?? 'none')).toBe(true);
      expect(await containersWithLabel(label)).toEqual([]);
      expect(await containersWithLabel(`${label}-other`)).toHaveLength(1);
      expect(await cleanupRunContainers(c.deps)).toEqual([]);
    } finally {
      await runCommand('docker', ['rm', '--force', otherJob.stdout.trim()]);
    }
  });
});

describe('disk hygiene', () => {
  const value = `e2e-${randomBytes(4).toString('hex')}`;
  const old = `e2e/prune-${value}:old`;
  const current = `e2e/prune-${value}:current`;

  beforeAll(async () => {
    // Two distinct images carrying the builder's label with a value unique to this test.
    for (const [ref, marker] of [
      [old, 'a'],
      [current, 'b'],
    ] as const) {
      await runChecked(
        'docker',
        ['build', '--network', 'host', '--label', `${IMAGE_LABEL}=${value}`, '-t', ref, '-'],
        {
          input: `FROM ${IMAGE}\nRUN echo ${marker} > /marker\n`,
          env: { ...process.env, DOCKER_BUILDKIT: '0' },
          timeoutMs: 300_000,
        },
      );
    }
  });
  afterAll(async () => {
    await runCommand('docker', ['image', 'rm', '--force', old, current]);
  });

  it('does nothing while there is enough free space (real statfs of the Docker root)', async () => {
    const c = capture(jobEnv('disk-ok'));
    expect(await ensureFreeDisk(c.deps, 1, undefined, `${IMAGE_LABEL}=${value}`)).toEqual([]);
    expect(c.logs.some((l) => /Free disk under \/.*GB/.test(l))).toBe(true);
    expect((await runCommand('docker', ['image', 'inspect', old])).code).toBe(0);
  });

  it('prunes labelled images older than a day, but not the image about to run', async () => {
    const c = capture(jobEnv('disk-low'));
    c.deps.freeBytes = () => 1024 ** 3; // 1 GB free
    c.deps.now = () => Date.now() + 2 * 24 * 3600 * 1000; // the test images are two days old
    const removed = await ensureFreeDisk(c.deps, 20, current, `${IMAGE_LABEL}=${value}`);
    expect(removed).toEqual([old]);
    expect((await runCommand('docker', ['image', 'inspect', old])).code).not.toBe(0);
    expect((await runCommand('docker', ['image', 'inspect', current])).code).toBe(0);
    expect(c.logs.some((l) => l.includes(`Removed ${old}`))).toBe(true);
  });
});
