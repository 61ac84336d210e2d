import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultRegistry } from '../servers/fault-registry.js';
import { runAction } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryTags,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { runChecked } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

/**
 * The classic builder (`docker build` + `docker push` per tag) against a registry that refuses one
 * of the extra tags: the source-hash tag is pushed and confirmed, so the step is green, the refused
 * tag is a warning naming it, and the other extra tag is still pushed.
 */
let work: string;
let registry: FaultRegistry;
let repo: MlRepo;
let docker: DockerConfig;
const repository = uniqueRepo('classic-tags');

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-classic-tags-'));
  registry = await new FaultRegistry({ host: '127.0.0.1', port: 5000 }).start();
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [] });
  docker = await loggedInDockerConfig();
});

afterAll(async () => {
  await registry?.close();
  await rm(work, { recursive: true, force: true });
  if (docker) await rm(docker.dir, { recursive: true, force: true });
});

describe('classic builder, an extra tag the registry refuses', () => {
  it('is a warning naming the tag once the source-hash tag is pushed and confirmed', async () => {
    registry.deniedTags = ['stable'];
    const run = await runAction({
      workspace: repo.dir,
      inputs: {
        destination: `${registry.host}/${repository}`,
        tags: 'stable\nnightly',
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
        'base-image': PYTHON_BASE_IMAGE,
        network: 'host',
        builder: 'docker',
      },
      timeoutMs: 300_000,
    });
    if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    expect(run.outputs.built).toBe('true');
    expect(run.stdout).toContain("builder 'docker' was requested");
    const warnings = run.commands.filter((c) => c.command === 'warning').map((c) => c.message);
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `is in the registry \\(${run.outputs.digest}\\), but the tag stable could not be added`,
        ),
      ),
    ]);
    // The refusal really happened: by docker push, then by the registry-side retry.
    expect(registry.requests.filter((r) => r.injected === 'tag stable denied').length).toBe(2);
    expect(
      await registryTags(repository, { username: REGISTRY_USER, password: REGISTRY_PASSWORD }),
    ).toEqual([run.outputs.tag!, 'nightly'].sort());

    const ref = `${REGISTRY_HOST}/${repository}:nightly`;
    const ran = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
      env: docker.env,
      timeoutMs: 120_000,
    });
    expect(ran.stdout).toContain('training done');
  });
});
