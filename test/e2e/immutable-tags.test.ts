import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImmutableRegistry } from '../servers/immutable-registry.js';
import { runAction, type ActionRun } from './harness/action-runner.js';
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
import { commitAll, makeMlRepo, trainScript, type MlRepo } from './harness/repo.js';

/**
 * A registry with immutable tags (as ECR IMMUTABLE or Artifact Registry immutable tags): every
 * build after the first must still succeed, which it can only do if nothing but the new
 * source-hash tag is pushed — no moving cache tag.
 */
let work: string;
let registry: ImmutableRegistry;
let repo: MlRepo;
let docker: DockerConfig;
const repository = uniqueRepo('immutable');

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-immutable-'));
  registry = await new ImmutableRegistry({ host: '127.0.0.1', port: 5000 }).start();
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [] });
  docker = await loggedInDockerConfig();
});

afterAll(async () => {
  await registry.close();
  await rm(work, { recursive: true, force: true });
  await rm(docker.dir, { recursive: true, force: true });
});

function launch(): Promise<ActionRun> {
  return runAction({
    workspace: repo.dir,
    inputs: {
      destination: `${registry.host}/${repository}`,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
      'base-image': PYTHON_BASE_IMAGE,
      network: 'host',
      builder: 'buildx',
    },
    timeoutMs: 300_000,
  });
}

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

describe('a registry that refuses tag overwrites', () => {
  it('takes a first build, a second build of new code, and a relaunch', async () => {
    const first = await launch();
    expectSuccess(first);
    expect(first.outputs.built).toBe('true');

    await writeFile(path.join(repo.dir, 'train.py'), `${trainScript([])}print("second")\n`);
    await commitAll(repo.dir, 'second');
    const second = await launch();
    expectSuccess(second);
    expect(second.outputs.built).toBe('true');
    expect(second.outputs.tag).not.toBe(first.outputs.tag);

    const relaunch = await launch();
    expectSuccess(relaunch);
    expect(relaunch.outputs.built).toBe('false');
    expect(relaunch.outputs.digest).toBe(second.outputs.digest);

    // Only the two source-hash tags and the one dependency image they share were ever pushed
    // by tag; nothing was refused.
    const deps = /Dependency image \S+:(deps-[0-9a-f]{16}) is not in the registry/.exec(
      first.stdout,
    )?.[1];
    expect(second.stdout).toContain(`:${deps} exists`);
    expect(registry.manifestPuts.filter((put) => put.refused)).toEqual([]);
    const taggedPuts = registry.manifestPuts
      .filter((put) => !put.reference.startsWith('sha256:'))
      .map((put) => put.reference)
      .sort();
    const expected = [first.outputs.tag!, second.outputs.tag!, deps!].sort();
    expect(taggedPuts).toEqual(expected);
    expect(
      await registryTags(repository, { username: REGISTRY_USER, password: REGISTRY_PASSWORD }),
    ).toEqual(expected);

    // The image the second build pushed runs the second version of the code.
    const ref = `${REGISTRY_HOST}/${repository}@${second.outputs.digest!}`;
    const ran = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
      env: docker.env,
      timeoutMs: 120_000,
    });
    expect(ran.stdout).toContain('second');
  });
});
