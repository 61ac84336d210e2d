/**
 * A push after a build that outlives the registry token: the fake Google endpoint issues
 * service account tokens that live a few seconds, the TLS registry proxy refuses a token once it
 * has expired (as Artifact Registry does), and a user Dockerfile sleeps past the first token's
 * life. The step must refresh the token and the real buildx push must get the fresh one from our
 * credential helper.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACR_HOST,
  ECR_HOST,
  FakeClouds,
  GAR_HOST,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
} from '../servers/clouds.js';
import { installCredentialHelper } from '../../src/registry/credential-helper.js';
import { RegistryProxy, setUpAliases, tearDownAliases } from '../servers/registry-proxy.js';
import { runAction, runPost, type ActionRun } from './harness/action-runner.js';
import {
  NOPYTHON_BASE_IMAGE,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryImage,
  registryManifestDigest,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

// The same alias hosts as auth.test.ts: the shared certificate is made for this list.
const ALIAS_HOSTS = [ECR_HOST, GAR_HOST, ACR_HOST];
const TOKEN_LIFETIME_MS = 10_000;
const BUILD_SLEEP_S = 12;

let work: string;
let repo: MlRepo;
let certDir: string;
let clouds: FakeClouds;
let proxy: RegistryProxy;
const pulled: string[] = [];

beforeAll(async () => {
  certDir = setUpAliases(ALIAS_HOSTS);
  clouds = await new FakeClouds({ google: { tokenLifetimeMs: TOKEN_LIFETIME_MS } }).start();
  proxy = await new RegistryProxy(
    {
      aliases: [
        {
          host: GAR_HOST,
          username: () => 'oauth2accesstoken',
          password: () => '',
          accepts: (username, password) =>
            username === 'oauth2accesstoken' && clouds.google.isLive(password),
        },
      ],
      upstream: {
        host: '127.0.0.1',
        port: 5000,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
      },
    },
    certDir,
  ).start();
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-refresh-'));
  repo = await makeMlRepo(path.join(work, 'repo'), {
    files: {
      // A fresh value: a build cache hit from an earlier run would skip the sleep.
      Dockerfile: `FROM ${NOPYTHON_BASE_IMAGE}\nRUN echo ${randomBytes(6).toString('hex')} && sleep ${BUILD_SLEEP_S} && echo slow build done > /built.txt\nCMD ["cat", "/built.txt"]\n`,
    },
  });
});

afterAll(async () => {
  for (const image of pulled) await runCommand('docker', ['image', 'rm', '--force', image]);
  await proxy?.close();
  await clouds?.close();
  tearDownAliases(ALIAS_HOSTS);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('Artifact Registry: a token that expires during the build', () => {
  let run: ActionRun;
  const repository = `ml-project/images/${uniqueRepo('refresh-gar')}`;

  it('is refreshed, and the push after the build uses the fresh token', async () => {
    // The base layer is put in the repository first, so the push itself (a small layer) takes
    // far less than a token's life: what is tested is the token at the start of the push.
    const base = registryImage(repository, 'base');
    const seed = await loggedInDockerConfig();
    try {
      await runChecked('docker', ['tag', NOPYTHON_BASE_IMAGE, base]);
      await runChecked('docker', ['push', base], { env: seed.env, timeoutMs: 120_000 });
    } finally {
      await seed.cleanup();
      await runCommand('docker', ['image', 'rm', base]);
    }
    const started = Date.now();
    run = await runAction({
      workspace: repo.dir,
      timeoutMs: 300_000,
      env: { ...clouds.env, NODE_EXTRA_CA_CERTS: path.join(certDir, 'ca.crt') },
      inputs: {
        destination: `${GAR_HOST}/${repository}`,
        dockerfile: 'Dockerfile',
        network: 'host',
        cache: 'none',
        'gcp-workload-identity-provider': GCP_PROVIDER,
        'gcp-service-account': GCP_SERVICE_ACCOUNT,
      },
    });
    if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    expect(run.outputs.built).toBe('true');

    const issued = clouds.google.serviceAccountIssued.filter((t) => t.issuedAt >= started);
    const first = issued[0]!;
    // The manifest is the push's last write: it came after the first token had expired, and
    // the proxy accepted it (it refuses expired tokens).
    const manifestPuts = proxy.seen.filter(
      (r) => r.host === GAR_HOST && r.method === 'PUT' && r.path.includes('/manifests/'),
    );
    expect(manifestPuts.length).toBeGreaterThan(0);
    expect(manifestPuts.every((r) => r.auth === 'accepted')).toBe(true);
    expect(manifestPuts[0]!.at).toBeGreaterThan(first.expiresAt);
    expect(issued.length).toBeGreaterThanOrEqual(2);
    expect(proxy.seen.filter((r) => r.host === GAR_HOST && r.auth === 'rejected')).toEqual([]);
    // Every token is masked, and the step says it refreshed.
    for (const token of issued) expect(run.masks).toContain(token.token);
    expect(run.stdout).toMatch(/Refreshed the login for us-central1-docker\.pkg\.dev/);

    // The registry really has it, and the image runs.
    const digest = await registryManifestDigest(repository, run.outputs.tag ?? '');
    expect(run.outputs.digest).toBe(digest);
    const image = registryImage(repository, run.outputs.tag ?? '');
    const login = await loggedInDockerConfig();
    try {
      await runChecked('docker', ['pull', image], { env: login.env, timeoutMs: 120_000 });
    } finally {
      await login.cleanup();
    }
    pulled.push(image);
    const ran = await runChecked('docker', ['run', '--rm', image], { timeoutMs: 60_000 });
    expect(ran.stdout.trim()).toBe('slow build done');
  });

  it('the first token is refused by the registry now that it has expired', async () => {
    const first = clouds.google.serviceAccountIssued[0]!;
    expect(Date.now()).toBeGreaterThan(first.expiresAt);
    const config = await mkdtemp(path.join(work, 'docker-config-'));
    const login = await runCommand(
      'docker',
      ['login', GAR_HOST, '--username', 'oauth2accesstoken', '--password-stdin'],
      { env: { ...process.env, DOCKER_CONFIG: config }, input: first.token },
    );
    expect(login.code).not.toBe(0);
    expect(proxy.seen.at(-1)).toMatchObject({ host: GAR_HOST, auth: 'rejected' });
  });

  it('the post step removes the helper and its tokens with the private docker config', async () => {
    const dockerConfig = run.state['docker-config'] ?? '';
    expect(dockerConfig).toBeTruthy();
    // As a main step that died before its own cleanup would leave it.
    const helper = await installCredentialHelper(dockerConfig);
    await helper.writeTokens(
      new Map([[GAR_HOST, { username: 'oauth2accesstoken', password: 'left-behind' }]]),
    );
    expect(existsSync(path.join(helper.dir, 'tokens.json'))).toBe(true);
    const post = await runPost(run);
    expect(post.code).toBe(0);
    expect(existsSync(path.join(helper.dir, 'tokens.json'))).toBe(false);
    expect(existsSync(dockerConfig)).toBe(false);
  });
});
