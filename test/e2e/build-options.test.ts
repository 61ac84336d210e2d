/**
 * Build options as docker/build-push-action users know them, on the real engine and registry,
 * through the bundled action (`node dist/index.js`): `push: false` builds under the destination's
 * name without credentials and pushes nothing; `labels` and `no-cache` reach the image.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  registryManifestDigest,
  registryTags,
  uniqueRepo,
} from './harness/infra.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';
import { runCommand } from './harness/process.js';

const repository = uniqueRepo('e2e/build-options');
const destination = `${REGISTRY_HOST}/${repository}`;
const credentials = { username: REGISTRY_USER, password: REGISTRY_PASSWORD };
let work: string;
let repo: MlRepo;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'launch-build-options-'));
  repo = await makeMlRepo(join(work, 'repo'), { imports: [] });
});
afterAll(() => rm(work, { recursive: true, force: true }));

const base = {
  destination,
  'base-image': PYTHON_BASE_IMAGE,
  network: 'host',
  'allow-empty-environment': 'true',
};

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

describe('push, labels, no-cache', () => {
  let local: ActionRun;

  it('push: false builds into the local engine with no credentials, and pushes nothing', async () => {
    local = await runAction({
      workspace: repo.dir,
      inputs: {
        ...base,
        push: 'false',
        labels: 'team=ml\norg.example.note=two words',
        'no-cache': 'true',
      },
    });
    expectSuccess(local);
    const { outputs } = local;
    expect(outputs.built).toBe('true');
    expect(outputs.image).toBe(`${destination}:${outputs.tag}`);
    // Not pushed: no registry digest. digest is the local image ID, image-ref the tag reference.
    expect(outputs['image-ref']).toBe(outputs.image);
    const id = await runCommand('docker', [
      'image',
      'inspect',
      '--format',
      '{{.Id}}',
      outputs.image!,
    ]);
    expect(outputs.digest).toBe(id.stdout.trim());
    // buildx's metadata file as written; imageid is the engine's image ID.
    expect(outputs.imageid).toBe(id.stdout.trim());
    expect(JSON.parse(outputs.metadata!)).toMatchObject({
      'containerimage.digest': id.stdout.trim(),
    });
    // A repository nothing was pushed to answers 404 (an empty list); any other failure throws.
    expect(await registryTags(repository, credentials)).toEqual([]);
    expect(local.stdout).toContain('push: false');
    expect(local.stdout).not.toMatch(/Logged in to/);
    // no-cache: every RUN step ran (none was taken from the cache; the base image always is).
    const runSteps = [...local.stdout.matchAll(/^#(\d+) \[\d+\/\d+\] RUN /gm)].map((m) => m[1]);
    expect(runSteps.length).toBeGreaterThan(0);
    for (const step of runSteps)
      expect(local.stdout).not.toMatch(new RegExp(`^#${step} CACHED`, 'm'));

    const labels = await runCommand('docker', [
      'image',
      'inspect',
      '--format',
      '{{json .Config.Labels}}',
      outputs.image!,
    ]);
    expect(JSON.parse(labels.stdout)).toMatchObject({
      team: 'ml',
      'org.example.note': 'two words',
    });
    const ran = await runCommand('docker', ['run', '--rm', '--network', 'host', outputs.image!]);
    expect(ran.code).toBe(0);
  });

  it('the same source with push (the default) is pushed with full-reference tags; digest is the registry digest', async () => {
    // tags as docker/metadata-action writes them: full references to the destination.
    const pushed = await runAction({
      workspace: repo.dir,
      inputs: { ...base, ...credentials, tags: `${destination}:v1\n${destination}:pr-7` },
    });
    expectSuccess(pushed);
    const { outputs } = pushed;
    expect(outputs.tag).toBe(local.outputs.tag);
    const digest = await registryManifestDigest(repository, outputs.tag!, credentials);
    expect(digest).toMatch(/^sha256:/);
    expect(outputs.digest).toBe(digest);
    expect(JSON.parse(outputs.metadata!)).toMatchObject({ 'containerimage.digest': digest });
    expect(outputs['image-ref']).toBe(`${destination}@${digest}`);
    expect(await registryManifestDigest(repository, 'v1', credentials)).toBe(digest);
    expect(await registryManifestDigest(repository, 'pr-7', credentials)).toBe(digest);
  });
});

describe('a failed step', () => {
  it('writes a job summary with the file and line, and one annotation', async () => {
    const bad = await makeMlRepo(join(work, 'bad'), {
      files: { 'requirements.txt': 'ok-pkg==1.0\nbad line!!\n' },
      imports: [],
    });
    const run = await runAction({ workspace: bad.dir, inputs: { ...base, push: 'false' } });
    expect(run.code).not.toBe(0);
    const errors = run.commands.filter((command) => command.command === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.properties).toMatchObject({ file: 'requirements.txt', line: '2' });
    expect(run.summary).toContain('<h3>launch-action failed</h3>');
    expect(run.summary).toContain('<code>requirements.txt:2</code>');
    expect(run.summary).toContain('bad line!!');
  });
});
