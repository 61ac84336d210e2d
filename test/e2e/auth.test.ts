/**
 * Registry login through the shipped bundle: the OIDC chains of ECR, Artifact Registry and ACR
 * against the local fake clouds, ending in a REAL `docker login` and push. The cloud registry host
 * names resolve to 127.0.0.1 (test/servers/registry-aliases.sh), where a TLS proxy accepts exactly
 * the credentials the fake cloud issued and forwards to the local registry with its own.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACR_HOST,
  AWS_ROLE_ARN,
  AZURE_CLIENT,
  AZURE_TENANT,
  ECR_HOST,
  FakeClouds,
  GAR_HOST,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
  REPOSITORY,
} from '../servers/clouds.js';
import { RegistryProxy, setUpAliases, tearDownAliases } from '../servers/registry-proxy.js';
import { runAction, runPost, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryImage,
  registryManifestDigest,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

const ALIAS_HOSTS = [ECR_HOST, GAR_HOST, ACR_HOST];
const ACR_USER = '00000000-0000-0000-0000-000000000000';

let work: string;
let repo: MlRepo;
let certDir: string;
let clouds: FakeClouds;
let proxy: RegistryProxy;
const pushed: string[] = [];

beforeAll(async () => {
  certDir = setUpAliases(ALIAS_HOSTS);
  clouds = await new FakeClouds({
    google: { accessToken: `ya29.c.e2e-${Date.now().toString(36)}-sa-token` },
    azure: { refreshToken: `acr-refresh-e2e-${Date.now().toString(36)}` },
  }).start();
  proxy = await new RegistryProxy(
    {
      aliases: [
        { host: ECR_HOST, username: () => 'AWS', password: () => clouds.aws.registryPassword },
        {
          host: GAR_HOST,
          username: () => 'oauth2accesstoken',
          password: () => clouds.google.options.accessToken ?? '',
        },
        {
          host: ACR_HOST,
          username: () => ACR_USER,
          password: () => clouds.azure.options.refreshToken ?? '',
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
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-auth-'));
  repo = await makeMlRepo(path.join(work, 'repo'), { files: { 'requirements.txt': '\n' } });
});

afterAll(async () => {
  for (const image of pushed) await runCommand('docker', ['image', 'rm', '--force', image]);
  await proxy?.close();
  await clouds?.close();
  tearDownAliases(ALIAS_HOSTS);
  if (work) await rm(work, { recursive: true, force: true });
});

function jobEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return { ...clouds.env, NODE_EXTRA_CA_CERTS: path.join(certDir, 'ca.crt'), ...extra };
}

function build(
  destination: string,
  inputs: Record<string, string>,
  env = jobEnv(),
): Promise<ActionRun> {
  return runAction({
    workspace: repo.dir,
    timeoutMs: 300_000,
    env,
    inputs: {
      destination,
      'base-image': PYTHON_BASE_IMAGE,
      network: 'host',
      'allow-empty-environment': 'true',
      cache: 'none',
      ...inputs,
    },
  });
}

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

function failureText(run: ActionRun): string {
  return run.commands
    .filter((c) => c.command === 'error')
    .map((c) => c.message)
    .join('\n');
}

/** Checks the pushed image really is in the local registry, under the alias host's path. */
async function expectPushed(run: ActionRun, repository: string) {
  const digest = await registryManifestDigest(repository, run.outputs.tag ?? '');
  expect(digest).toBeDefined();
  expect(run.outputs.digest).toBe(digest);
  pushed.push(run.outputs.image ?? '');
}

describe('ECR: OIDC → STS → GetAuthorizationToken → docker login → push', () => {
  const repository = uniqueRepo('auth-ecr');
  let first: ActionRun;
  let firstJwts: string[] = [];

  it('logs in with the role, creates the repository and pushes', async () => {
    const issuedBefore = clouds.oidc.issued.length;
    first = await build(`${ECR_HOST}/${repository}`, { 'aws-role-arn': AWS_ROLE_ARN });
    firstJwts = clouds.oidc.issued.slice(issuedBefore);
    expectSuccess(first);
    expect(first.outputs.built).toBe('true');
    expect(first.outputs.image).toBe(`${ECR_HOST}/${repository}:${first.outputs.tag}`);
    await expectPushed(first, repository);
    expect(clouds.aws.repositories.has(repository)).toBe(true);
    expect(
      proxy.seen.some((r) => r.host === ECR_HOST && r.auth === 'accepted' && r.method === 'PUT'),
    ).toBe(true);
    expect(proxy.seen.filter((r) => r.host === ECR_HOST && r.auth === 'rejected')).toEqual([]);
  });

  it('the alias registry refuses credentials the fake cloud did not issue', async () => {
    const config = await mkdtemp(path.join(work, 'docker-config-'));
    const login = await runCommand(
      'docker',
      ['login', ECR_HOST, '--username', 'AWS', '--password-stdin'],
      { env: { ...process.env, DOCKER_CONFIG: config }, input: 'not-the-issued-password' },
    );
    expect(login.code).not.toBe(0);
    expect(proxy.seen.some((r) => r.host === ECR_HOST && r.auth === 'rejected')).toBe(true);
  });

  it('skips the build when the tag exists (the lookup uses the ECR credentials)', async () => {
    const second = await build(`${ECR_HOST}/${repository}`, { 'aws-role-arn': AWS_ROLE_ARN });
    expectSuccess(second);
    expect(second.outputs.built).toBe('false');
    expect(second.outputs.digest).toBe(first.outputs.digest);
  });

  it('leaks no token, key or password anywhere after main and post', async () => {
    const post = await runPost(first);
    expect(post.code).toBe(0);
    // The private docker config holding the login is gone after the post step.
    const dockerConfig = first.state['docker-config'];
    expect(dockerConfig).toBeTruthy();
    expect(dockerConfig?.startsWith(repo.dir)).toBe(false);
    expect(existsSync(dockerConfig ?? '')).toBe(false);
    // The scan below sees the raw output: the password is there, registered for masking.
    expect(first.stdout).toContain(`::add-mask::${clouds.aws.registryPassword}`);
    const secrets = clouds.issuedSecrets;
    expect(secrets).toContain(clouds.aws.registryPassword);
    const texts: [string, string][] = [];
    for (const run of [first, post]) {
      // `::add-mask::<value>` is how a secret is registered with the runner, which removes it.
      const stdout = run.stdout
        .split('\n')
        .filter((line) => !line.startsWith('::add-mask::'))
        .join('\n');
      texts.push(['stdout', stdout], ['stderr', run.stderr], ['summary', run.summary]);
      texts.push(['outputs', JSON.stringify(run.outputs)], ['state', JSON.stringify(run.state)]);
      texts.push(['exported env', JSON.stringify(run.exportedEnv)]);
    }
    for (const file of await filesUnder(repo.dir))
      texts.push([file, await readFile(file, 'latin1')]);
    // Every layer of the pushed image, as pulled back from the registry.
    const pulled = registryImage(repository, first.outputs.tag ?? '');
    const login = await loggedInDockerConfig();
    try {
      await runChecked('docker', ['pull', pulled], { env: login.env, timeoutMs: 120_000 });
    } finally {
      await login.cleanup();
    }
    pushed.push(pulled);
    const tarball = path.join(work, 'image.tar');
    await runChecked('docker', ['save', '--output', tarball, pulled], { timeoutMs: 120_000 });
    texts.push(['docker save of the pushed image', await readFile(tarball, 'latin1')]);
    for (const [where, text] of texts) {
      for (const secret of secrets) {
        if (text.includes(secret))
          throw new Error(`a secret (${secret.slice(0, 6)}…) leaked into ${where}`);
      }
    }
    // Every secret the chain handled was registered with the runner for masking.
    expect(firstJwts).toHaveLength(1);
    const firstSession = clouds.aws.issuedSecrets.slice(0, 3); // access key, secret key, session token
    for (const secret of [clouds.aws.registryPassword, ...firstJwts, ...firstSession]) {
      expect(first.masks).toContain(secret);
    }
  });
});

describe('Artifact Registry: OIDC → Google STS → generateAccessToken → push', () => {
  it('impersonates the service account and pushes', async () => {
    const repository = `ml-project/images/${uniqueRepo('auth-gar')}`;
    const run = await build(`${GAR_HOST}/${repository}`, {
      'gcp-workload-identity-provider': GCP_PROVIDER,
      'gcp-service-account': GCP_SERVICE_ACCOUNT,
    });
    expectSuccess(run);
    expect(run.outputs.built).toBe('true');
    await expectPushed(run, repository);
    expect(proxy.seen.some((r) => r.host === GAR_HOST && r.auth === 'accepted')).toBe(true);
    expect(run.masks).toContain(clouds.google.options.accessToken);
  });
});

describe('ACR: OIDC → Azure AD → /oauth2/exchange → push', () => {
  it('exchanges for a refresh token and pushes', async () => {
    const repository = uniqueRepo('auth-acr');
    const run = await build(`${ACR_HOST}/${repository}`, {
      'azure-client-id': AZURE_CLIENT,
      'azure-tenant-id': AZURE_TENANT,
    });
    expectSuccess(run);
    expect(run.outputs.built).toBe('true');
    await expectPushed(run, repository);
    expect(proxy.seen.some((r) => r.host === ACR_HOST && r.auth === 'accepted')).toBe(true);
    expect(run.masks).toContain(clouds.azure.options.refreshToken);
  });
});

describe('refusals through the bundle', () => {
  it('a job without id-token: write fails before any network call, saying how to fix it', async () => {
    const before = clouds.requestCount;
    const run = await build(
      `${ECR_HOST}/${uniqueRepo('auth-noperm')}`,
      { 'aws-role-arn': AWS_ROLE_ARN },
      jobEnv({
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
      }),
    );
    expect(run.code).not.toBe(0);
    expect(failureText(run)).toContain('id-token: write');
    expect(clouds.requestCount).toBe(before);
  });

  it('an ECR destination without aws-role-arn is an input error', async () => {
    const run = await build(`${ECR_HOST}/x`, {});
    expect(run.code).not.toBe(0);
    expect(failureText(run)).toContain("Input 'aws-role-arn'");
  });

  it('a trust policy that does not match prints the token sub and aud', async () => {
    const strict = await new FakeClouds({
      aws: {
        roles: [{ arn: AWS_ROLE_ARN, subjects: ['repo:Acme-ML/train-models:ref:refs/heads/main'] }],
      },
    }).start();
    try {
      const run = await build(
        `${ECR_HOST}/${uniqueRepo('auth-denied')}`,
        { 'aws-role-arn': AWS_ROLE_ARN },
        { ...jobEnv(), ...strict.env },
      );
      expect(run.code).not.toBe(0);
      const text = failureText(run);
      expect(text).toContain('AccessDenied');
      expect(text).toContain(`repo:${REPOSITORY}:ref:refs/heads/main`);
      expect(text).toContain('sts.amazonaws.com');
      expect(strict.aws.ecr.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
