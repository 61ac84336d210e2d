import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermissionProxy } from '../servers/read-only-registry.js';
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
import { runChecked } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

/**
 * Credentials as docker finds them, on the real engine and registry: the destination's
 * credentials kept only in a docker credential helper (a real `docker-credential-*` program on
 * PATH) are found by the exists-lookup, and the destination's username/password never reach a
 * registry on another host (a base image served by a proxy on another 127.0.0.1 port, which gets
 * only its own credentials from the user's docker config).
 */
let work: string;
let bin: string;
let helperLog: string;
let userConfig: string;
let repo: MlRepo;
let docker: DockerConfig;
let proxy: PermissionProxy;
const repository = uniqueRepo('credentials');
const READER = { name: 'base-reader', password: 'base-reader-password' };

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-credentials-'));
  bin = path.join(work, 'bin');
  await mkdir(bin);
  helperLog = path.join(work, 'helper.log');
  await writeFile(helperLog, '');
  // The protocol: `get` with the server address on stdin; JSON on stdout, or "credentials not
  // found" and a non-zero exit. It stores nothing (as docker-credential-ecr-login).
  const helper = path.join(bin, 'docker-credential-launchtest');
  await writeFile(
    helper,
    [
      '#!/bin/sh',
      'server=$(cat)',
      `printf 'argv=%s stdin=%s\\n' "$*" "$server" >> '${helperLog}'`,
      '[ "$1" = get ] || { echo "not implemented" >&2; exit 1; }',
      `if [ "$server" = '${REGISTRY_HOST}' ]; then`,
      `  printf '{"ServerURL":"%s","Username":"${REGISTRY_USER}","Secret":"${REGISTRY_PASSWORD}"}' "$server"`,
      'else echo "credentials not found in native keychain"; exit 1; fi',
      '',
    ].join('\n'),
  );
  await chmod(helper, 0o755);

  docker = await loggedInDockerConfig();
  proxy = await new PermissionProxy({
    users: { [READER.name]: { password: READER.password, write: false } },
    upstream: {
      host: '127.0.0.1',
      port: 5000,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
    },
  }).start();
  // The base image lives on the proxy's host (same registry behind it, another host name).
  const base = `${REGISTRY_HOST}/${repository}-base:3.11`;
  await runChecked('docker', ['tag', PYTHON_BASE_IMAGE, base], { env: docker.env });
  await runChecked('docker', ['push', base], { env: docker.env, timeoutMs: 300_000 });

  // The user's docker config: the destination through the helper, the base image's host inline.
  userConfig = path.join(work, 'docker');
  await mkdir(userConfig);
  await writeFile(
    path.join(userConfig, 'config.json'),
    JSON.stringify({
      credHelpers: { [REGISTRY_HOST]: 'launchtest' },
      auths: {
        [proxy.host]: {
          auth: Buffer.from(`${READER.name}:${READER.password}`).toString('base64'),
        },
      },
    }),
  );
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [] });
}, 600_000);

afterAll(async () => {
  await proxy?.close();
  await rm(work, { recursive: true, force: true });
  if (docker) await rm(docker.dir, { recursive: true, force: true });
});

function launch(inputs: Record<string, string>): Promise<ActionRun> {
  return runAction({
    workspace: repo.dir,
    inputs: {
      destination: `${REGISTRY_HOST}/${repository}`,
      'base-image': `${proxy.host}/${repository}-base:3.11`,
      network: 'host',
      builder: 'buildx',
      ...inputs,
    },
    env: { DOCKER_CONFIG: userConfig, PATH: `${bin}:${process.env.PATH ?? ''}` },
    timeoutMs: 300_000,
  });
}

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

describe('credentials as docker finds them, per registry host', () => {
  it('builds with username/password sent to the destination only, then relaunches with the helper’s credentials', async () => {
    const first = await launch({ username: REGISTRY_USER, password: REGISTRY_PASSWORD });
    expectSuccess(first);
    expect(first.outputs.built).toBe('true');
    // The base image was pulled through the other host with its own credentials only.
    const reader = `Basic ${Buffer.from(`${READER.name}:${READER.password}`).toString('base64')}`;
    expect(proxy.authorizations).toContain(reader);
    for (const authorization of proxy.authorizations) {
      expect(authorization).not.toContain(
        Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64'),
      );
      expect(authorization).toBe(reader);
    }
    // (Blobs may already be in the engine's content store: the manifest is always resolved.)
    expect(proxy.seen.some((entry) => entry.path.includes('/manifests/'))).toBe(true);

    // No username/password: the credentials are only in the helper, and the relaunch finds the image.
    const relaunch = await launch({});
    expectSuccess(relaunch);
    expect(relaunch.outputs.built).toBe('false');
    expect(relaunch.outputs.digest).toBe(first.outputs.digest);
    expect(relaunch.stdout).toContain('already exists');
    const calls = (await readFile(helperLog, 'utf8')).trim().split('\n');
    expect(calls).toContain(`argv=get stdin=${REGISTRY_HOST}`);
    expect(calls.join('\n')).not.toContain(REGISTRY_PASSWORD);

    const ref = `${REGISTRY_HOST}/${repository}@${relaunch.outputs.digest!}`;
    const ran = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
      env: docker.env,
      timeoutMs: 120_000,
    });
    expect(ran.stdout).toContain('training');
  });
});
