import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFault, FaultRegistry, type Fault } from '../servers/fault-registry.js';
import {
  runAction,
  runPost,
  startAction,
  type ActionRun,
  type ActionRunOptions,
} from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { runChecked } from './harness/process.js';
import { findLeaks, walkImage } from './harness/registry-walk.js';
import { makeMlRepo, trainScript, type MlRepo } from './harness/repo.js';

/**
 * The registry misbehaves (a 503 or a 429 on the lookup, on a blob upload or on the manifest PUT,
 * a connection reset halfway through an upload, tags that refuse overwrite), the step is killed
 * at a random point of its build or push, or two runs push the same tag at once. After each case:
 * the tag is absent or points at a complete image (every manifest and blob served by the
 * registry), no credential is left on the runner, and a rerun of the same commit is green and
 * its image runs the commit's code.
 */
const SEED = Number(process.env.FAULT_SEED ?? 20261130);
const repository = uniqueRepo('e2e/faults');
// A private index credential rides along in every run (the build installs nothing from it, so no
// index is needed): it reaches BuildKit as a secret file, which must not outlive the step either.
const INDEX_SECRET = 'fault-index-secret-7f3a';
const PIP_INDEX_URL = `http://fault-user:${INDEX_SECRET}@127.0.0.1:9/simple/`;
const AUTH_STRINGS = [
  REGISTRY_PASSWORD,
  Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64'),
  INDEX_SECRET,
];

let work: string;
let docker: DockerConfig;
/** The first image, pushed in beforeAll: the exists-lookup cases find it. */
let baseline: Lane;
const proxies: FaultRegistry[] = [];

/** mulberry32: a small seeded generator, so a failing kill point can be replayed (FAULT_SEED). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One case's own registry front and working copy, so the cases run side by side: the faults armed
 * on one front never hit another case's requests.
 */
interface Lane {
  proxy: FaultRegistry;
  repo: MlRepo;
  /** What the image of the current commit prints. */
  marker: string;
}

async function newLane(name: string): Promise<Lane> {
  const proxy = await new FaultRegistry({ host: '127.0.0.1', port: 5000 }).start();
  proxies.push(proxy);
  // The salt makes this run's commits new to the registry (an earlier run's would be found).
  const marker = `${name} ${repository}`;
  const repo = await makeMlRepo(path.join(work, name.replace(/\W+/g, '-')), {
    requirements: [],
    files: { 'train.py': `${trainScript([])}print(${JSON.stringify(marker)})\n` },
  });
  return { proxy, repo, marker };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-faults-'));
  docker = await loggedInDockerConfig();
  // The base image's layers go to the repository straight away (the engine mounts them from where
  // it pushed them before), so each case uploads only its own small layers through a front.
  const base = `${REGISTRY_HOST}/${repository}:base`;
  await runChecked('docker', ['tag', PYTHON_BASE_IMAGE, base], { env: docker.env });
  await runChecked('docker', ['push', '--quiet', base], { env: docker.env, timeoutMs: 180_000 });
  await runChecked('docker', ['rmi', base], { env: docker.env });
  console.log(`registry-faults: FAULT_SEED=${SEED}`);
  baseline = await newLane('baseline');
  await expectRerunRecovers(baseline);
});

afterAll(async () => {
  await Promise.all(proxies.map((proxy) => proxy.close()));
  await rm(work, { recursive: true, force: true });
  await docker?.cleanup();
});

/** A step on a fresh runner: its own HOME and TMPDIR, so what it leaves behind can be searched. */
async function runnerOptions(lane: Lane) {
  const home = await mkdtemp(path.join(work, 'home-'));
  const tmp = await mkdtemp(path.join(work, 'tmp-'));
  const options: ActionRunOptions = {
    workspace: lane.repo.dir,
    inputs: {
      destination: `${lane.proxy.host}/${repository}`,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
      'base-image': PYTHON_BASE_IMAGE,
      network: 'host',
      builder: 'buildx',
      'pip-index-url': PIP_INDEX_URL,
    },
    env: { HOME: home, TMPDIR: tmp, DOCKER_CONFIG: undefined, XDG_CACHE_HOME: undefined },
    timeoutMs: 240_000,
  };
  return { options, home, tmp };
}

function log(run: ActionRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

function expectGreen(run: ActionRun, what: string) {
  if (run.code !== 0) {
    throw new Error(`${what}: step failed (${run.code} ${run.signal}):\n${log(run).slice(-6000)}`);
  }
}

/** The failure message the step reported (its ::error:: annotation). */
function failureMessage(run: ActionRun): string {
  return run.commands
    .filter((command) => command.command === 'error')
    .map((command) => command.message)
    .join('\n');
}

/** After a case: the post step, then nothing of the login left in RUNNER_TEMP, TMPDIR or HOME. */
async function postAndScan(run: ActionRun, roots: string[]) {
  const post = await runPost(run, { timeoutMs: 60_000 });
  expectGreen(post, 'post step');
  const leaks = await findLeaks([run.job.runnerDir, ...roots], AUTH_STRINGS);
  expect(leaks, 'credentials left on the runner').toEqual([]);
}

/** The tag is absent, or every manifest and blob it reaches is served by the registry. */
async function expectAbsentOrComplete(tag: string) {
  await walkImage(repository, tag);
}

/** A rerun of the same commit on a healthy registry: green, and the image runs the commit's code. */
async function expectRerunRecovers(lane: Lane, immutable = false): Promise<ActionRun> {
  lane.proxy.reset();
  lane.proxy.immutable = immutable;
  const { options, home, tmp } = await runnerOptions(lane);
  const rerun = await runAction(options);
  expectGreen(rerun, 'rerun');
  await postAndScan(rerun, [home, tmp]);
  const walked = await walkImage(repository, rerun.outputs.tag!);
  expect(walked?.digest, 'the tag points at the digest the rerun reported').toBe(
    rerun.outputs.digest,
  );
  const ran = await runChecked(
    'docker',
    ['run', '--rm', '--network', 'none', `${REGISTRY_HOST}/${repository}@${rerun.outputs.digest!}`],
    { env: docker.env, timeoutMs: 120_000 },
  );
  expect(ran.stdout).toContain(lane.marker);
  return rerun;
}

type Expected = 'recovers' | 'fails-naming-registry';

/**
 * One fault, once: the step retries past it, or fails saying which registry. `existing`: the
 * commit's image is already in the registry (the baseline), so only the lookup runs.
 */
async function faultCase(fault: Fault, expected: Expected, options: { existing?: boolean } = {}) {
  const lane = options.existing
    ? { ...baseline, proxy: (await newLane(`front ${describeFault(fault)}`)).proxy }
    : await newLane(describeFault(fault));
  const proxy = lane.proxy;
  proxy.inject(fault);
  const { options: runOptions, home, tmp } = await runnerOptions(lane);
  const run = await runAction(runOptions);
  const seen = {
    fault: describeFault(fault),
    code: run.code,
    built: run.outputs.built,
    error: failureMessage(run).split('\n')[0],
    warnings: run.commands.filter((c) => c.command === 'warning').map((c) => c.message),
    injected: proxy.requests.filter((r) => r.injected).map((r) => `${r.method} ${r.path}`),
    seconds: run.durationMs / 1000,
  };
  console.log(JSON.stringify(seen));
  expect(proxy.pending, `the fault ${seen.fault} never fired`).toBe(0);
  if ('retryAfterSeconds' in fault && fault.retryAfterSeconds !== undefined) {
    // The request was tried again, no sooner than the registry asked. Uploads of other blobs run
    // concurrently, so same-kind requests inside the window may belong to them: what must exist is
    // a try of the same kind and method at least Retry-After later.
    const injected = proxy.requests.findIndex((request) => request.injected);
    const first = proxy.requests[injected]!;
    const retried = proxy.requests
      .slice(injected + 1)
      .find(
        (request) =>
          request.kind === fault.kind &&
          request.method === first.method &&
          request.at - first.at >= fault.retryAfterSeconds! * 1000 - 50,
      );
    expect(retried, 'the request was tried again after Retry-After').toBeDefined();
    if (fault.kind !== 'blob-upload') {
      // A lookup or a manifest PUT has no concurrent peers: nothing of its kind came in between.
      const early = proxy.requests
        .slice(injected + 1)
        .filter(
          (request) =>
            request.kind === fault.kind &&
            request.method === first.method &&
            request.at - first.at < fault.retryAfterSeconds! * 1000 - 50,
        );
      expect(early, 'no try before Retry-After').toEqual([]);
    }
  }
  if (expected === 'recovers') {
    expectGreen(run, seen.fault);
    expect(run.outputs.built).toBe(options.existing ? 'false' : 'true');
  } else {
    expect(run.code, seen.fault).not.toBe(0);
    expect(seen.error).toContain(proxy.host);
    expect(seen.error).not.toMatch(/\bE(CONNRESET|PIPE|CONNREFUSED)\b|buildx works/);
  }
  await postAndScan(run, [home, tmp]);
  await expectAbsentOrComplete(run.outputs.tag!);
  await expectRerunRecovers(lane);
  return { run, lane };
}

/** Every pid below `pid` (children first found, then theirs). */
function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift()!;
    for (const [child, ppid] of table) {
      if (ppid === parent) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** SIGKILL of the step and every process it started, as the runner kills a job's process tree. */
function killTree(pid: number) {
  for (const victim of [pid, ...descendants(pid)]) {
    try {
      process.kill(victim, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

// The cases run side by side (each on its own front and working copy): most of their time is
// spent waiting for retries, which overlap.
describe.concurrent('a registry that misbehaves, once', () => {
  it('503 on the exists-lookup: retried, the image is found and not rebuilt', async () => {
    await faultCase({ kind: 'manifest-lookup', status: 503 }, 'recovers', { existing: true });
  });

  it('429 with Retry-After on the exists-lookup: waited for, then found', async () => {
    await faultCase({ kind: 'manifest-lookup', status: 429, retryAfterSeconds: 1 }, 'recovers', {
      existing: true,
    });
  });

  it('503 on a blob upload', async () => {
    await faultCase({ kind: 'blob-upload', status: 503 }, 'recovers');
  });

  it('429 with Retry-After on a blob upload', async () => {
    await faultCase({ kind: 'blob-upload', status: 429, retryAfterSeconds: 1 }, 'recovers');
  });

  it('connection reset in the middle of a blob upload', async () => {
    await faultCase({ kind: 'blob-upload', reset: true }, 'recovers');
  });

  it('503 on the manifest PUT', async () => {
    await faultCase({ kind: 'manifest-put', status: 503 }, 'recovers');
  });

  it('429 with Retry-After on the manifest PUT', async () => {
    await faultCase({ kind: 'manifest-put', status: 429, retryAfterSeconds: 1 }, 'recovers');
  });
});

type Started = Awaited<ReturnType<typeof startAction>>;

/**
 * Kills the step and its processes a seeded random delay (below `windowMs`) after `arm` calls
 * back; then the post step, the scan, the walk of the tag, and a rerun.
 */
async function killCase(
  name: string,
  seed: number,
  arm: (started: Started, lane: Lane, fire: () => void) => void,
  windowMs: number,
  inputs: Record<string, string> = {},
) {
  const lane = await newLane(`killed ${name}`);
  const { options, home, tmp } = await runnerOptions(lane);
  options.inputs = { ...options.inputs, ...inputs };
  // A slow registry: the push cannot be over before the kill, however fast this machine is.
  lane.proxy.stall = { kinds: ['blob-upload', 'manifest-put'], ms: 5_000 };
  const started = await startAction(options);
  const delay = Math.floor(seeded(seed)() * windowMs);
  let killedAt: string | undefined;
  let fired = false;
  arm(started, lane, () => {
    if (fired) return;
    fired = true;
    setTimeout(() => {
      if (started.child.exitCode !== null) return;
      killedAt = `${delay} ms after ${name}; registry requests so far: ${lane.proxy.requests.length}`;
      killTree(started.child.pid!);
    }, delay);
  });
  const run = await started.done;
  console.log(JSON.stringify({ case: `SIGKILL, ${name}`, seed, killedAt, code: run.code }));
  expect(
    killedAt,
    `the step ended before the kill (${run.code}):\n${log(run).slice(-3000)}`,
  ).toBeDefined();
  expect(run.signal).toBe('SIGKILL');
  await postAndScan(run, [home, tmp]);
  expect(run.outputs.tag, 'the step got as far as planning').toBeDefined();
  await expectAbsentOrComplete(run.outputs.tag!);
  await expectRerunRecovers(lane);
}

// One at a time: BuildKit 0.8 (dockerd 20.10) can panic ("failed to get edge") when a build is
// cancelled while another solve shares its steps.
describe('a step killed at a random point (seeded)', () => {
  it('SIGKILL during the build', async () => {
    await killCase(
      'the build started',
      SEED,
      (started, _lane, fire) => {
        started.child.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString('utf8').includes('Layer cache:')) fire();
        });
      },
      1_500,
      // The whole image built and pushed by buildx (not a dependency image found, code appended).
      { assemble: 'off' },
    );
  });

  it('SIGKILL during the push', async () => {
    await killCase(
      'the first blob upload',
      SEED + 1,
      (_started, lane, fire) => {
        lane.proxy.onRequest = (request) => {
          if (request.kind === 'blob-upload') fire();
        };
      },
      400,
    );
  });
});

describe.concurrent('two runs of one commit at once', () => {
  it('both push the same tag: green, and the tag points at a complete image', async () => {
    const lane = await newLane('two runs');
    const runners = await Promise.all([runnerOptions(lane), runnerOptions(lane)]);
    const runs = await Promise.all(runners.map(({ options }) => runAction(options)));
    for (const [index, run] of runs.entries()) {
      expectGreen(run, `concurrent run ${index + 1}`);
      await postAndScan(run, [runners[index]!.home, runners[index]!.tmp]);
      // Whichever won the tag, each reported digest is an image the registry serves whole.
      expect(await walkImage(repository, run.outputs.digest!)).toBeDefined();
    }
    expect(runs[0]!.outputs.tag).toBe(runs[1]!.outputs.tag);
    const walked = await walkImage(repository, runs[0]!.outputs.tag!);
    expect(runs.map((run) => run.outputs.digest)).toContain(walked?.digest);
    await expectRerunRecovers(lane);
  });

  it('on a registry that refuses tag overwrites: the run that loses the race is green with the winner', async () => {
    const lane = await newLane('two runs immutable');
    lane.proxy.immutable = true;
    // Both runs built before either writes the tag: a real race, whoever is faster.
    lane.proxy.tagWriteBarrier = { count: 2, arrived: 0 };
    const runners = await Promise.all([runnerOptions(lane), runnerOptions(lane)]);
    const runs = await Promise.all(runners.map(({ options }) => runAction(options)));
    const refused = lane.proxy.requests.filter((request) =>
      request.injected?.includes('immutable'),
    );
    console.log(
      JSON.stringify({
        case: 'immutable race',
        refused: refused.length,
        codes: runs.map((run) => run.code),
        warnings: runs.flatMap((run) =>
          run.commands.filter((c) => c.command === 'warning').map((c) => c.message),
        ),
      }),
    );
    expect(refused.length, 'exactly one run lost the race').toBe(1);
    const walked = await walkImage(repository, runs[0]!.outputs.tag!);
    for (const [index, run] of runs.entries()) {
      expectGreen(run, `concurrent run ${index + 1}`);
      await postAndScan(run, [runners[index]!.home, runners[index]!.tmp]);
      expect(run.outputs.digest, 'each run reports what the tag points at').toBe(walked?.digest);
    }
    const relaunch = await expectRerunRecovers(lane, true);
    expect(relaunch.outputs.built).toBe('false');
  });
});
