/**
 * The action (the shipped bundle) assembling its image: the dependency image is built with buildx
 * once, then a code-only change is one code layer appended through the registry API — no build.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryManifestDigest,
  registryTags,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { runChecked } from './harness/process.js';
import { commitAll, makeMlRepo, type MlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';

let work: string;
let index: PackageIndex;
let docker: DockerConfig;
let repo: MlRepo;
const repository = uniqueRepo('e2e/assemble');
const destination = `${REGISTRY_HOST}/${repository}`;
const VERSION = `1.0.${Date.now() % 1_000_000}`;

function inputs(): Record<string, string> {
  return {
    destination,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    'base-image': PYTHON_BASE_IMAGE,
    network: 'host',
    'pip-index-url': index.url,
  };
}

async function launch(): Promise<ActionRun> {
  const run = await runAction({
    workspace: repo.dir,
    inputs: inputs(),
    env: { LAUNCH_ACTION_ASSEMBLE: 'registry' },
  });
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run;
}

async function runImage(ref: string): Promise<string> {
  const result = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
    env: docker.env,
    timeoutMs: 120_000,
  });
  return result.stdout;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-assemble-'));
  await makeWheel(path.join(work, 'wheels'), { name: 'alpha-pkg', version: VERSION });
  index = await startPackageIndex(path.join(work, 'wheels'));
  docker = await loggedInDockerConfig();
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [`alpha-pkg==${VERSION}`] });
});

afterAll(async () => {
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('assembled images', () => {
  let first: ActionRun;

  it('builds the dependency image once and appends the code to it', async () => {
    first = await launch();
    expect(first.outputs.built).toBe('true');
    expect(first.stdout).toMatch(/Dependency image \S+:deps-[0-9a-f]{16} is not in the registry/);
    expect(first.stdout).toMatch(/assembled on \S+:deps-[0-9a-f]{16}: sha256:/);
    expect(first.outputs.digest).toBe(await registryManifestDigest(repository, first.outputs.tag!));
    expect((await registryTags(repository)).filter((t) => t.startsWith('deps-'))).toHaveLength(1);
    expect(await runImage(first.outputs['image-ref']!)).toContain(`alpha_pkg ${VERSION}`);
  });

  it('turns a code-only change into one appended layer: no build, nothing downloaded', async () => {
    index.clearLog();
    const train = path.join(repo.dir, 'train.py');
    await writeFile(train, `${await readFile(train, 'utf8')}\nprint("code change 1")\n`);
    await commitAll(repo.dir, 'Change the code only');
    const started = performance.now();
    const changed = await launch();
    console.log(`code-only change, assembled: ${(performance.now() - started).toFixed(0)} ms`);
    expect(changed.outputs.tag).not.toBe(first.outputs.tag);
    expect(changed.stdout).toMatch(/Dependency image \S+ exists .*: no build/);
    expect(changed.stdout).not.toMatch(/buildx build|#\d+ \[/);
    expect(index.downloads()).toEqual([]);
    const printed = await runImage(changed.outputs['image-ref']!);
    expect(printed).toContain('code change 1');
    expect(printed).toContain(`alpha_pkg ${VERSION}`);
    const labels = await runChecked(
      'docker',
      ['image', 'inspect', '--format', '{{json .Config.Labels}}', changed.outputs['image-ref']!],
      { env: docker.env },
    );
    expect(JSON.parse(labels.stdout)['dev.launch-action.source-hash']).toBe(
      changed.outputs['source-hash'],
    );
  });
});
