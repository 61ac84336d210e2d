import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runPost, startAction, type StartedAction } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  uniqueRepo,
} from './harness/infra.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

/**
 * An interrupted build leaves no credential behind, and nothing keeps using one: a real build is
 * interrupted while it runs (CLI: SIGINT; action: the runner's cancellation, and a main step
 * killed outright before its post step), then the temp directories are searched for the registry
 * password and the package index credentials, and the processes for our build.
 */
let work: string;
let repo: MlRepo;
const INDEX_SECRET = `idx-${randomBytes(8).toString('hex')}`;
// Never contacted: the build is stopped long before anything would install.
const INDEX = `http://ci-user:${INDEX_SECRET}@127.0.0.1:9/simple`;
// The password as given, and as `docker login` stores it (base64 of user:password).
const SECRETS = [
  REGISTRY_PASSWORD,
  Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64'),
  INDEX_SECRET,
];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-interrupt-'));
  repo = await makeMlRepo(path.join(work, 'repo'), {
    requirements: [],
    files: { Dockerfile: dockerfile() },
  });
});

/**
 * A build step of its own for each test: BuildKit (0.8, in dockerd 20.10) can crash when
 * cancelled builds share a step that is still running.
 */
function dockerfile(): string {
  return `FROM ${PYTHON_BASE_IMAGE}\nRUN echo ${randomBytes(6).toString('hex')} && sleep 300\nCOPY . /app\n`;
}

beforeEach(async () => {
  await writeFile(path.join(repo.dir, 'Dockerfile'), dockerfile());
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Every file under `dir` whose content holds one of the secrets. */
async function filesWithSecrets(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8').catch(() => '');
    if (SECRETS.some((secret) => text.includes(secret))) found.push(file);
  }
  return found;
}

/** Processes whose command line mentions `marker` (our build's files live under it). */
async function processesMentioning(marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(marker)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
  }
  return found;
}

function waitFor(read: () => string, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pattern.test(read())) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`timed out waiting for ${pattern}:\n${read()}`));
      }
    }, 100);
  });
}

// BuildKit's progress line for the step (the plan's log also shows the Dockerfile).
const BUILD_RUNNING = /#\d+ \[\d\/\d\] RUN echo [0-9a-f]+ && sleep 300/;

const actionInputs = () => ({
  destination: `${REGISTRY_HOST}/${uniqueRepo('interrupt')}`,
  username: REGISTRY_USER,
  password: REGISTRY_PASSWORD,
  dockerfile: 'Dockerfile',
  'pip-index-url': INDEX,
  network: 'host',
  builder: 'buildx',
});

async function startedBuild(): Promise<{ started: StartedAction; output: () => string }> {
  const started = await startAction({
    workspace: repo.dir,
    inputs: actionInputs(),
    timeoutMs: 120_000,
  });
  let output = '';
  started.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await waitFor(() => output, BUILD_RUNNING, 90_000);
  return { started, output: () => output };
}

describe('interrupted builds', () => {
  it('the CLI, on SIGINT mid-build, stops the build and leaves no credential in TMPDIR', async () => {
    const tmp = await mkdtemp(path.join(work, 'cli-tmp-'));
    const child = spawn(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
        'build',
        '--dockerfile',
        'Dockerfile',
        '--destination',
        `${REGISTRY_HOST}/${uniqueRepo('interrupt-cli')}`,
        '--username',
        REGISTRY_USER,
        '--password-stdin',
        '--network',
        'host',
        '--builder',
        'buildx',
      ],
      {
        cwd: repo.dir,
        env: { ...process.env, TMPDIR: tmp, LAUNCH_ACTION_PIP_INDEX_URL: INDEX, CI: 'true' },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    child.stdin.end(`${REGISTRY_PASSWORD}\n`);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitFor(() => output, BUILD_RUNNING, 90_000);
    expect(await filesWithSecrets(tmp)).not.toEqual([]); // the secret files exist mid-build
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(await filesWithSecrets(tmp)).toEqual([]);
    expect(await readdir(tmp)).toEqual([]);
    expect(await processesMentioning(tmp)).toEqual([]);
  });

  it('the action, cancelled mid-build, leaves nothing in RUNNER_TEMP after main and post', async () => {
    const { started } = await startedBuild();
    started.cancel();
    const main = await started.done;
    const runnerTemp = path.join(main.job.runnerDir, 'temp');
    expect(main.code).not.toBe(0);
    expect(await filesWithSecrets(runnerTemp)).toEqual([]);
    expect(await processesMentioning(runnerTemp)).toEqual([]);
    const post = await runPost(main);
    expect(post.code).toBe(0);
    expect(await filesWithSecrets(runnerTemp)).toEqual([]);
  });

  it('the post step stops a build the killed main step left running before removing credentials', async () => {
    const { started } = await startedBuild();
    started.child.kill('SIGKILL');
    const main = await started.done;
    const runnerTemp = path.join(main.job.runnerDir, 'temp');
    // The build outlived its step, with its credentials on disk.
    expect(await processesMentioning(runnerTemp)).not.toEqual([]);
    expect(await filesWithSecrets(runnerTemp)).not.toEqual([]);
    const post = await runPost(main);
    expect(post.code).toBe(0);
    const stopped = post.stdout.indexOf('Stopped the build or push the main step left running');
    const removed = post.stdout.indexOf('Registry credentials removed');
    expect(stopped).toBeGreaterThanOrEqual(0);
    expect(removed).toBeGreaterThan(stopped);
    expect(await processesMentioning(runnerTemp)).toEqual([]);
    expect(await filesWithSecrets(runnerTemp)).toEqual([]);
  });
});
