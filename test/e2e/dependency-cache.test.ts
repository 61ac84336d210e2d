/**
 * The dependency cache on a GitHub runner: the action (the shipped bundle, @actions/cache inside)
 * keeps pip's downloads in the Actions cache — here a strict local cache service — so that on a
 * fresh engine a dependency change downloads only the new package from the index.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionsCacheService } from '../servers/actions-cache.js';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { runChecked } from './harness/process.js';
import { commitAll, makeMlRepo, trainScript, type MlRepo } from './harness/repo.js';
import { makeWheel, wheelFilename } from './harness/wheels.js';

let work: string;
let index: PackageIndex;
let docker: DockerConfig;
let repo: MlRepo;
let runnerTemp: string;
const service = new ActionsCacheService();
const destination = `${REGISTRY_HOST}/${uniqueRepo('e2e/dependency-cache')}`;
// New versions every run: the install step can never come from an earlier run's layer cache.
const VERSION = `1.0.${Date.now() % 1_000_000}`;
const HEAVY = ['heavy-alpha', 'heavy-beta', 'heavy-gamma'];
const ADDED = 'small-delta';
const ADDED_LATER = 'small-epsilon';

async function launch(env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({
    workspace: repo.dir,
    inputs: {
      destination,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
      'base-image': PYTHON_BASE_IMAGE,
      network: 'host',
      'pip-index-url': index.url,
    },
    // A hosted runner's temp directory has the same path in every job.
    env: { ...service.runnerEnv(), RUNNER_TEMP: runnerTemp, ...env },
  });
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** A fresh runner's engine: no installer cache mounts (they hold pip's downloads). */
async function emptyCacheMounts(): Promise<void> {
  await runChecked('docker', ['builder', 'prune', '--force', '--filter', 'type=exec.cachemount'], {
    env: docker.env,
  });
}

async function runImage(ref: string): Promise<string> {
  const result = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
    env: docker.env,
    timeoutMs: 120_000,
  });
  return result.stdout;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-dependency-cache-'));
  runnerTemp = path.join(work, 'runner-temp');
  await mkdir(runnerTemp);
  for (const name of HEAVY) {
    await makeWheel(path.join(work, 'wheels'), { name, version: VERSION, sizeBytes: 3_000_000 });
  }
  for (const name of [ADDED, ADDED_LATER]) {
    await makeWheel(path.join(work, 'wheels'), { name, version: VERSION, sizeBytes: 300_000 });
  }
  index = await startPackageIndex(path.join(work, 'wheels'));
  docker = await loggedInDockerConfig();
  await service.start();
  repo = await makeMlRepo(path.join(work, 'repo'), {
    requirements: HEAVY.map((name) => `${name}==${VERSION}`),
  });
});

afterAll(async () => {
  await service.close();
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('dependency cache through the Actions cache service', () => {
  let first: ActionRun;

  it('a first dependency build on a fresh engine stores what pip downloaded', async () => {
    await emptyCacheMounts();
    first = await launch();
    console.log(`first dependency build: ${first.durationMs.toFixed(0)} ms`);
    expect(first.stdout).toMatch(
      /Dependency cache: no entry for launch-wheels-linux-amd64-py3\.\d+-/,
    );
    expect(first.stdout).toMatch(/Dependency cache: launch-wheels-\S+ stored \(\d+\.\d MB/);
    expect(index.downloads().sort()).toEqual(HEAVY.map((name) => wheelFilename(name, VERSION)));
    expect(service.entries).toHaveLength(1);
    expect(service.entries[0]).toMatchObject({ finalized: true });
    expect(service.entries[0]?.key).toMatch(/^launch-wheels-linux-amd64-py3\.\d+-[0-9a-f]+$/);
    // The kept archive holds the downloads (≥ the three 3 MB wheels, compressed or not).
    expect(service.entries[0]?.sizeBytes).toBeGreaterThan(8_000_000);
    expect(service.refusals).toEqual([]);
    expect(await runImage(first.outputs['image-ref']!)).toContain(`heavy_gamma ${VERSION}`);
  });

  it('a dependency change on a fresh engine downloads only the added package', async () => {
    await emptyCacheMounts();
    index.clearLog();
    const requirements = [...HEAVY, ADDED].map((name) => `${name}==${VERSION}`);
    await writeFile(path.join(repo.dir, 'requirements.txt'), `${requirements.join('\n')}\n`);
    const imports = [...HEAVY, ADDED].map((name) => name.replace(/-/g, '_'));
    await writeFile(path.join(repo.dir, 'train.py'), trainScript(imports));
    await commitAll(repo.dir, 'Add a small dependency');

    const second = await launch();
    console.log(`dependency change: ${second.durationMs.toFixed(0)} ms`);
    expect(second.stdout).toContain(`Cache hit for restore-key: ${service.entries[0]?.key}`);
    expect(second.stdout).toMatch(
      /Dependency cache: launch-wheels-\S+ restored into the installer caches/,
    );
    expect(second.stdout).not.toMatch(/::warning::.*[Cc]ache/);
    // The index's access log: the old wheels came from the kept cache, only the new one from here.
    expect(index.downloads()).toEqual([wheelFilename(ADDED, VERSION)]);
    expect(service.entries.filter((entry) => entry.finalized)).toHaveLength(2);
    expect(service.refusals).toEqual([]);
    const printed = await runImage(second.outputs['image-ref']!);
    for (const module of imports) expect(printed).toContain(`${module} ${VERSION}`);
    expect(printed).toContain('training done');
  });

  it('a cache service that refuses is a warning: the step builds, pushes and is green', async () => {
    const before = service.entries.length;
    const requirements = [...HEAVY, ADDED, ADDED_LATER].map((name) => `${name}==${VERSION}`);
    await writeFile(path.join(repo.dir, 'requirements.txt'), `${requirements.join('\n')}\n`);
    await commitAll(repo.dir, 'Add another small dependency');
    const refused = await launch({ ACTIONS_RUNTIME_TOKEN: 'expired-token' });
    expect(refused.stdout).toMatch(/::warning::Failed to restore: .*401/);
    expect(refused.stdout).toMatch(/Dependency cache: launch-wheels-\S+ was not stored/);
    expect(service.entries).toHaveLength(before);
    expect(service.refusals.every((reason) => reason.includes('runtime token'))).toBe(true);
    expect(await runImage(refused.outputs['image-ref']!)).toContain('training done');
  });
});
