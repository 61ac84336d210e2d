/**
 * The large pinned packages in a layer of their own: after a small package is added, a fresh
 * runner (none of this image's build cache, no local image) gets the heavy install step from the registry's cache of
 * the first dependency image — the step is CACHED, the big wheel is not downloaded again, the
 * registry receives only the small layers, and the heavy layer keeps its blob digest.
 */
import { mkdtemp, open, rm, stat, writeFile } from 'node:fs/promises';
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
  registryFetch,
  registryTags,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { runChecked } from './harness/process.js';
import { commitAll, makeMlRepo, trainScript, type MlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';

const REGISTRY_LOG = path.join(
  process.env.LAUNCH_TEST_STATE_DIR ?? '/var/tmp/launch-action-test',
  'registry.log',
);
const HEAVY_BYTES = 24_000_000;

let work: string;
let index: PackageIndex;
let docker: DockerConfig;
let repo: MlRepo;
let startedAt: number;
const repository = uniqueRepo('e2e/heavy-layer');
const destination = `${REGISTRY_HOST}/${repository}`;
const VERSION = `1.0.${Date.now() % 1_000_000}`;

async function launch(): Promise<ActionRun> {
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

/** The layers (digest, size) of repo:reference, read from the registry. */
async function layersOf(reference: string): Promise<{ digest: string; size: number }[]> {
  const response = await registryFetch(`/v2/${repository}/manifests/${reference}`, {
    headers: {
      accept:
        'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json',
    },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { layers: { digest: string; size: number }[] };
  return body.layers;
}

/** The blobs whose upload the registry completed for this repository after `offset` in its log. */
async function uploadedBlobs(offset: number): Promise<string[]> {
  const file = await open(REGISTRY_LOG, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(size - offset);
    await file.read(buffer, 0, buffer.length, offset);
    const uploads = new RegExp(
      `"PUT /v2/${repository}/blobs/uploads/[^" ]*[?&]digest=(sha256(?:%3A|:)[0-9a-f]{64})[^" ]* HTTP/[0-9.]+" 201 `,
      'g',
    );
    return [...buffer.toString('utf8').matchAll(uploads)].map((match) =>
      decodeURIComponent(match[1]!),
    );
  } finally {
    await file.close();
  }
}

/** The plain-progress step number of the RUN line that contains `text`, and whether it was CACHED. */
function step(log: string, text: string): { number: string; cached: boolean } {
  const line = log
    .split('\n')
    .find((candidate) => /^#\d+ \[[^\]]*\] RUN /.test(candidate) && candidate.includes(text));
  if (!line) throw new Error(`no build step runs ${text}:\n${log}`);
  const number = /^#(\d+)/.exec(line)![1]!;
  return { number, cached: new RegExp(`^#${number} CACHED`, 'm').test(log) };
}

/** Removes every local image of this test's repository. */
async function removeLocalImages(): Promise<void> {
  const images = await runChecked(
    'docker',
    ['image', 'ls', '--no-trunc', '--format', '{{.ID}}', destination],
    { env: docker.env },
  );
  const refs = [...new Set(images.stdout.split('\n').filter((id) => id.startsWith('sha256:')))];
  if (refs.length > 0) {
    await runChecked('docker', ['image', 'rm', '--force', ...refs], { env: docker.env });
  }
}

/** The steps of this test's dependency Dockerfile, as build records describe them. */
const OUR_STEPS = [
  'heavy-requirements.txt',
  'heavy-constraints.txt',
  'useradd --create-home',
  'chown 0:0 /home && chmod 0755 /home',
  // COPY and WORKDIR
  'fileop target',
];

/**
 * A fresh runner as far as this image goes: no local image of this repository, and none of the
 * build records this test's builds made (made since it started, by the steps of its Dockerfile).
 * The engine is shared, so its other records stay: pruning everything races other builds' pulls.
 */
async function freshRunner(): Promise<void> {
  // The images first: a local image holds on to the build records of its layers.
  await removeLocalImages();
  const listed = await runChecked('docker', ['buildx', 'du', '--verbose'], { env: docker.env });
  let left = listed.stdout
    .split(/\n\s*\n/)
    .filter((block) => {
      const created = Date.parse(
        /^Created at:\s*(\S+ \S+)/m.exec(block)?.[1]?.replace(' ', 'T') ?? '',
      );
      const description = /^Description:\s*(.*)$/m.exec(block)?.[1] ?? '';
      return created >= startedAt && OUR_STEPS.some((text) => description.includes(text));
    })
    .map((block) => /^ID:\s*(\S+)/m.exec(block)![1]!);
  expect(left.length).toBeGreaterThan(0);
  // One prune frees a record's children; its parents go in the next one.
  for (let round = 0; round < 6 && left.length > 0; round += 1) {
    await runChecked(
      'docker',
      ['builder', 'prune', '--all', '--force', '--filter', `id=^(${left.join('|')})$`],
      { env: docker.env },
    );
    const du = await runChecked('docker', ['buildx', 'du', '--verbose'], { env: docker.env });
    left = left.filter((id) => du.stdout.includes(id));
  }
  expect(left).toEqual([]);
}

function depsTagOf(run: ActionRun): string {
  const tag = /assembled on \S+:(deps-[0-9a-f]{16}): sha256:/.exec(run.stdout)?.[1];
  if (!tag) throw new Error(`no dependency image in the log:\n${run.stdout}`);
  return tag;
}

beforeAll(async () => {
  await stat(REGISTRY_LOG);
  startedAt = Date.now() - 1000;
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-heavy-'));
  const wheels = path.join(work, 'wheels');
  await makeWheel(wheels, { name: 'torch', version: VERSION, sizeBytes: HEAVY_BYTES });
  await makeWheel(wheels, { name: 'small-a', version: VERSION });
  await makeWheel(wheels, { name: 'small-b', version: VERSION });
  index = await startPackageIndex(wheels);
  docker = await loggedInDockerConfig();
  repo = await makeMlRepo(path.join(work, 'repo'), {
    requirements: [`torch==${VERSION}`, `small-a==${VERSION}`],
  });
});

afterAll(async () => {
  if (docker) await removeLocalImages();
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('the heavy pinned packages in their own layer', () => {
  let first: ActionRun;

  it('installs them in a step of their own and tags the first dependency image for its cache', async () => {
    first = await launch();
    expect(first.outputs.built).toBe('true');
    expect(step(first.stdout, '-r /tmp/launch/heavy-requirements.txt').cached).toBe(false);
    expect(index.downloads().filter((file) => file.startsWith('torch-'))).toHaveLength(1);
    const heavyTags = (await registryTags(repository)).filter((tag) => tag.startsWith('heavy-'));
    expect(heavyTags).toHaveLength(1);
    const output = await runImage(first.outputs['image-ref']!);
    expect(output).toContain(`torch ${VERSION}`);
    expect(output).toContain(`small_a ${VERSION}`);
  });

  it('adding a small package on a fresh runner reuses the heavy layer and pushes only small ones', async () => {
    const before = await layersOf(depsTagOf(first));
    // The stand-in wheel's data is incompressible: its layer is the one of about its size.
    const sized = before.filter((layer) => Math.abs(layer.size - HEAVY_BYTES) < HEAVY_BYTES * 0.05);
    expect(sized).toHaveLength(1);
    const heavyLayer = sized[0]!;

    const requirements = [`torch==${VERSION}`, `small-a==${VERSION}`, `small-b==${VERSION}`];
    await writeFile(path.join(repo.dir, 'requirements.txt'), `${requirements.join('\n')}\n`);
    await writeFile(path.join(repo.dir, 'train.py'), trainScript(['torch', 'small_a', 'small_b']));
    await commitAll(repo.dir, 'Add small-b');
    await freshRunner();
    index.clearLog();
    const logOffset = (await stat(REGISTRY_LOG)).size;

    const second = await launch();
    console.log(`dependency change, fresh runner: ${second.durationMs.toFixed(0)} ms`);
    expect(second.outputs.built).toBe('true');
    expect(second.stdout).toContain("The large pinned packages' layer comes from");
    // The heavy install is a cache hit; the full install runs with the new list.
    expect(step(second.stdout, '-r /tmp/launch/heavy-requirements.txt').cached).toBe(true);
    expect(step(second.stdout, '-r /tmp/launch/requirements.txt').cached).toBe(false);
    expect(index.downloads()).toEqual([expect.stringMatching(/^small_b-/)]);

    const depsTag = depsTagOf(second);
    expect(depsTag).not.toBe(depsTagOf(first));
    const after = await layersOf(depsTag);
    expect(after.map((layer) => layer.digest)).toContain(heavyLayer.digest);
    const uploaded = await uploadedBlobs(logOffset);
    expect(uploaded).not.toContain(heavyLayer.digest);
    const uploadedLayers = after.filter((layer) => uploaded.includes(layer.digest));
    expect(uploadedLayers.length).toBeGreaterThan(0);
    const uploadedBytes = uploadedLayers.reduce((sum, layer) => sum + layer.size, 0);
    console.log(
      `uploaded ${uploaded.length} blobs, ${uploadedLayers.length} layers, ${uploadedBytes} bytes ` +
        `(heavy layer ${heavyLayer.size} bytes kept)`,
    );
    expect(uploadedBytes).toBeLessThan(HEAVY_BYTES / 10);

    const output = await runImage(second.outputs['image-ref']!);
    expect(output).toContain(`torch ${VERSION}`);
    expect(output).toContain(`small_a ${VERSION}`);
    expect(output).toContain(`small_b ${VERSION}`);
  });
});
