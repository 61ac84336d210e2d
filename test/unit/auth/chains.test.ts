import { afterEach, describe, expect, it } from 'vitest';
import {
  classifyRegistry,
  prepareRepository,
  resolveRegistryCredentials,
} from '../../../src/auth/index.js';
import type { AuthInputs } from '../../../src/auth/index.js';
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
} from '../../servers/clouds.js';
import type { CloudOverrides } from '../../servers/clouds.js';
import { recordingDeps } from './helpers.js';

const base: AuthInputs = {
  awsSessionName: 'launch-action',
  awsRoleDuration: 3600,
  createRepository: true,
};
const ecrInputs: AuthInputs = { ...base, awsRoleArn: AWS_ROLE_ARN };
const garInputs: AuthInputs = {
  ...base,
  gcpWorkloadIdentityProvider: GCP_PROVIDER,
  gcpServiceAccount: GCP_SERVICE_ACCOUNT,
};
const acrInputs: AuthInputs = { ...base, azureClientId: AZURE_CLIENT, azureTenantId: AZURE_TENANT };
const ecr = classifyRegistry(ECR_HOST);
const gar = classifyRegistry(GAR_HOST);
const acr = classifyRegistry(ACR_HOST);

let clouds: FakeClouds | undefined;
afterEach(async () => {
  await clouds?.close();
  clouds = undefined;
});

async function start(overrides: CloudOverrides = {}) {
  clouds = await new FakeClouds(overrides).start();
  return { clouds, ...recordingDeps(clouds.env) };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

/** Every token any fake issued (and the runner's request token) went through setSecret. */
function expectAllMasked(c: FakeClouds, masked: string[]) {
  expect(c.issuedSecrets.length).toBeGreaterThan(1);
  for (const secret of c.issuedSecrets) expect(masked).toContain(secret);
}

describe('missing id-token permission', () => {
  it.each([
    ['ECR', ecr, ecrInputs],
    ['Artifact Registry', gar, garInputs],
    ['ACR', acr, acrInputs],
  ])(
    '%s: explains the permissions block before any network call',
    async (_name, provider, inputs) => {
      const { clouds: c, deps } = await start();
      delete deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
      const error = await failure(resolveRegistryCredentials(provider, 'train', inputs, deps));
      expect(error.message).toContain('lacks `id-token: write`');
      expect(error.message).toMatch(/permissions:\n\s+id-token: write\n\s+contents: read/);
      expect(error.message).toContain('forks');
      expect(c.requestCount).toBe(0);
    },
  );
});

describe('GitHub OIDC token request', () => {
  it('reports a refused request token without retrying', async () => {
    const { clouds: c, deps, sleeps } = await start();
    deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'stale-request-token';
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toMatch(
      /Could not get a GitHub OIDC token for audience sts\.amazonaws\.com from http:\/\/127\.0\.0\.1:\d+\/_apis\/\S+: HTTP 401/,
    );
    expect(c.oidc.service.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
    expect(c.aws.sts.requests).toHaveLength(0);
  });

  it('keeps the runner URL query and adds the audience', async () => {
    const { clouds: c, deps } = await start();
    await resolveRegistryCredentials(acr, 'train', acrInputs, deps);
    const url = new URL(c.oidc.service.requests[0]!.url, 'http://x');
    expect(url.searchParams.get('api-version')).toBe('2.0');
    expect(url.searchParams.get('audience')).toBe('api://AzureADTokenExchange');
    expect(c.oidc.service.requests[0]!.headers.authorization).toBe(`Bearer ${c.requestToken}`);
  });
});

describe('ECR: OIDC → STS → GetAuthorizationToken', () => {
  it('returns the registry password and masks every secret', async () => {
    const { clouds: c, deps, masked } = await start();
    const credentials = await resolveRegistryCredentials(ecr, 'train', ecrInputs, deps);
    expect(credentials).toEqual({
      registry: ECR_HOST,
      username: 'AWS',
      password: c.aws.registryPassword,
      expiresAt: expect.any(Number),
    });
    // ECR's `expiresAt` (epoch seconds, 12 hours on) in ms.
    expect(Math.abs(credentials!.expiresAt! - (Date.now() + 12 * 3600_000))).toBeLessThan(60_000);
    expectAllMasked(c, masked);

    const [oidcRequest] = c.oidc.service.requests;
    expect(new URL(oidcRequest!.url, 'http://x').searchParams.get('audience')).toBe(
      'sts.amazonaws.com',
    );
    const form = new URLSearchParams(c.aws.sts.requests[0]!.body);
    expect(Object.fromEntries(form)).toMatchObject({
      Action: 'AssumeRoleWithWebIdentity',
      Version: '2011-06-15',
      RoleArn: AWS_ROLE_ARN,
      RoleSessionName: 'launch-action',
      DurationSeconds: '3600',
    });
    const ecrRequest = c.aws.ecr.requests[0]!;
    expect(ecrRequest.headers['x-amz-target']).toBe(
      'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken',
    );
    expect(ecrRequest.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=ASIA\w+\/\d{8}\/us-east-1\/ecr\/aws4_request/,
    );
  });

  it('explains an AccessDenied with the token sub/aud and the role', async () => {
    const {
      clouds: c,
      deps,
      sleeps,
    } = await start({
      aws: { roles: [{ arn: AWS_ROLE_ARN, subjects: ['repo:Acme-ML/train-models:*'] }] },
    });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain(
      `Could not assume role ${AWS_ROLE_ARN} with web identity: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity`,
    );
    expect(error.message).toContain(`sub "repo:${REPOSITORY}:ref:refs/heads/main"`);
    expect(error.message).toContain('aud "sts.amazonaws.com"');
    expect(error.message).toContain('`aws-role-arn`');
    expect(error.message).toContain('case-sensitive');
    expect(c.aws.sts.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
    expect(c.aws.ecr.requests).toHaveLength(0);
  });

  it('prints job_workflow_ref and the trust conditions in both subject formats', async () => {
    const { clouds: c, deps } = await start({
      aws: { roles: [{ arn: AWS_ROLE_ARN, subjects: ['repo:Acme-ML/train-models:*'] }] },
    });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain(
      `job_workflow_ref "${REPOSITORY}/.github/workflows/train.yml@refs/heads/main"`,
    );
    expect(error.message).toContain(
      `"StringLike": { "token.actions.githubusercontent.com:sub": "repo:${REPOSITORY}:ref:refs/heads/main" }`,
    );
    expect(error.message).toContain(
      `"token.actions.githubusercontent.com:sub": ["repo:${REPOSITORY}:*","repo:acme-ml@81234567/train-models@712345678:*"]`,
    );
    expect(error.message).toContain(
      'oidc-provider/token.actions.githubusercontent.com with client id sts.amazonaws.com',
    );
    expect(c.oidc.issued).toHaveLength(1);
    for (const token of c.oidc.issued) expect(error.message).not.toContain(token);
  });

  it('an immutable subject refused by a name-only policy gets the immutable pattern', async () => {
    const immutable = 'repo:acme-ml@81234567/train-models@712345678:ref:refs/heads/main';
    const { deps } = await start({ sub: immutable });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain(`sub "${immutable}"`);
    expect(error.message).toContain(
      '"token.actions.githubusercontent.com:sub": ["repo:acme-ml@81234567/train-models@712345678:*"] (this token has the immutable subject',
    );
  });

  it('refuses a forged OIDC token (the fake really verifies signatures)', async () => {
    const { clouds: c, deps } = await start({ aws: { oidcSigningKey: 'some-other-key' } });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain('InvalidIdentityToken');
    expect(c.aws.ecr.requests).toHaveLength(0);
  });

  it('survives throttling: 429 with Retry-After, then STS Throttling, then success', async () => {
    const { clouds: c, deps, sleeps } = await start();
    c.aws.sts.failNext(1, { status: 429, retryAfter: '2' });
    c.aws.sts.failNext(1, {
      status: 400,
      body: '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>',
    });
    c.aws.ecr.failNext(1, { status: 503 });
    const credentials = await resolveRegistryCredentials(ecr, 'train', ecrInputs, deps);
    expect(credentials?.password).toBe(c.aws.registryPassword);
    expect(c.aws.sts.requests).toHaveLength(3);
    expect(c.aws.ecr.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(3);
    expect(sleeps[0]).toBeGreaterThanOrEqual(2000);
  });

  it('gives up on a persistent ECR 5xx after the attempt bound, with context', async () => {
    const { clouds: c, deps, sleeps } = await start();
    c.aws.ecr.failNext(10, {
      status: 500,
      body: '{"__type":"ServerException","message":"internal"}',
    });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain(
      `Could not get an ECR login for ${ECR_HOST} as ${AWS_ROLE_ARN}`,
    );
    expect(error.message).toMatch(
      /GetAuthorizationToken: POST http:\/\/127\.0\.0\.1:\d+\/ failed after 5 attempts: HTTP 500/,
    );
    expect(c.aws.ecr.requests).toHaveLength(5);
    expect(sleeps).toHaveLength(4);
  });

  it('reports ECR AccessDeniedException without retrying', async () => {
    const { clouds: c, deps } = await start({
      aws: {
        roles: [
          {
            arn: AWS_ROLE_ARN,
            subjects: [`repo:${REPOSITORY}:*`],
            ecrActions: ['DescribeRepositories'],
          },
        ],
      },
    });
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain('GetAuthorizationToken: AccessDeniedException');
    expect(error.message).toContain('not authorized to perform: ecr:GetAuthorizationToken');
    expect(c.aws.ecr.requests).toHaveLength(1);
  });

  it('a request altered after signing is refused by the fake ECR', async () => {
    const { deps } = await start();
    const realFetch = deps.fetch;
    deps.fetch = (input, init) =>
      realFetch(
        input,
        init?.body === '{}' ? { ...init, body: '{"registryIds":["123456789012"]}' } : init,
      );
    const error = await failure(resolveRegistryCredentials(ecr, 'train', ecrInputs, deps));
    expect(error.message).toContain('InvalidSignatureException');
  });

  it('reports a role session duration above the role maximum', async () => {
    const { deps } = await start();
    const error = await failure(
      resolveRegistryCredentials(ecr, 'train', { ...ecrInputs, awsRoleDuration: 7200 }, deps),
    );
    expect(error.message).toContain('MaxSessionDuration');
    expect(error.message).toContain('aws-role-duration');
  });
});

describe('ECR Public', () => {
  it('signs for ecr-public in us-east-1 and reads the single authorizationData', async () => {
    const { clouds: c, deps } = await start({ aws: { publicRegistry: true } });
    const credentials = await resolveRegistryCredentials(
      classifyRegistry('public.ecr.aws'),
      'acme/train',
      { ...ecrInputs, awsRegion: 'eu-west-1' },
      deps,
    );
    expect(credentials).toEqual({
      registry: 'public.ecr.aws',
      username: 'AWS',
      password: c.aws.registryPassword,
      expiresAt: expect.any(Number),
    });
    const request = c.aws.ecr.requests[0]!;
    expect(request.headers['x-amz-target']).toBe('SpencerFrontendService.GetAuthorizationToken');
    expect(request.headers.authorization).toMatch(/\/us-east-1\/ecr-public\/aws4_request/);
  });
});

describe('ECR: prepareRepository', () => {
  it('creates a missing repository, reusing the role session of the login', async () => {
    const { clouds: c, deps, logs } = await start();
    await resolveRegistryCredentials(ecr, `${ECR_HOST}/team/train`, ecrInputs, deps);
    await prepareRepository(ecr, `${ECR_HOST}/team/train`, ecrInputs, deps);
    expect([...c.aws.repositories]).toEqual(['team/train']);
    expect(c.aws.sts.requests).toHaveLength(1);
    expect(c.aws.ecr.requests.map((r) => r.headers['x-amz-target']?.split('.')[1])).toEqual([
      'GetAuthorizationToken',
      'DescribeRepositories',
      'CreateRepository',
    ]);
    expect(JSON.parse(c.aws.ecr.requests[2]!.body)).toEqual({
      registryId: '123456789012',
      repositoryName: 'team/train',
    });
    expect(logs).toContain('info: Created ECR repository team/train');
  });

  it('leaves an existing repository alone', async () => {
    const { clouds: c, deps } = await start({ aws: { repositories: ['train'] } });
    await prepareRepository(ecr, 'train', ecrInputs, deps);
    expect(c.aws.ecr.requests).toHaveLength(1);
  });

  it('refuses a missing repository when create-repository is false', async () => {
    const { clouds: c, deps } = await start();
    const error = await failure(
      prepareRepository(ecr, 'train', { ...ecrInputs, createRepository: false }, deps),
    );
    expect(error.message).toContain('ECR repository "train" does not exist');
    expect(error.message).toContain('create-repository: true');
    expect(c.aws.repositories.size).toBe(0);
  });

  it('is a no-op for other registries', async () => {
    const { clouds: c, deps } = await start();
    await prepareRepository(gar, 'p/r/img', garInputs, deps);
    await prepareRepository(classifyRegistry('127.0.0.1:5000'), 'img', base, deps);
    expect(c.requestCount).toBe(0);
  });
});

describe('Artifact Registry: OIDC → Google STS → generateAccessToken', () => {
  it('impersonates the service account and masks every token', async () => {
    const {
      clouds: c,
      deps,
      masked,
    } = await start({ google: { accessToken: 'ya29.sa-token-for-test' } });
    const credentials = await resolveRegistryCredentials(
      gar,
      'ml-project/images/train',
      garInputs,
      deps,
    );
    expect(credentials).toEqual({
      registry: GAR_HOST,
      username: 'oauth2accesstoken',
      password: 'ya29.sa-token-for-test',
      expiresAt: expect.any(Number),
    });
    // generateAccessToken's `expireTime`: one hour on.
    expect(Math.abs(credentials!.expiresAt! - (Date.now() + 3600_000))).toBeLessThan(60_000);
    expectAllMasked(c, masked);
    const audience = new URL(c.oidc.service.requests[0]!.url, 'http://x').searchParams.get(
      'audience',
    );
    expect(audience).toBe(`https://iam.googleapis.com/${GCP_PROVIDER}`);
    expect(JSON.parse(c.google.sts.requests[0]!.body)).toMatchObject({
      audience: `//iam.googleapis.com/${GCP_PROVIDER}`,
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
    });
    expect(c.google.iamCredentials.requests[0]!.url).toBe(
      `/v1/projects/-/serviceAccounts/${encodeURIComponent(GCP_SERVICE_ACCOUNT)}:generateAccessToken`,
    );
  });

  it('uses the federated token directly without a service account', async () => {
    const { clouds: c, deps } = await start();
    const credentials = await resolveRegistryCredentials(
      gar,
      'p/r/i',
      { ...garInputs, gcpServiceAccount: undefined },
      deps,
    );
    expect(credentials?.password).toMatch(/^ya29\.d\.federated-/);
    expect(c.google.iamCredentials.requests).toHaveLength(0);
  });

  it('explains a 403 with the principal to bind', async () => {
    const {
      clouds: c,
      deps,
      sleeps,
    } = await start({ google: { serviceAccounts: { [GCP_SERVICE_ACCOUNT]: [] } } });
    const error = await failure(resolveRegistryCredentials(gar, 'p/r/i', garInputs, deps));
    const pool = GCP_PROVIDER.replace(/\/providers\/.*$/, '');
    expect(error.message).toContain(
      `Could not generate an access token for service account ${GCP_SERVICE_ACCOUNT}: Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).`,
    );
    expect(error.message).toContain('roles/iam.workloadIdentityUser');
    expect(error.message).toContain(
      `principal://iam.googleapis.com/${pool}/subject/repo:${REPOSITORY}:ref:refs/heads/main`,
    );
    expect(error.message).toContain(
      `principalSet://iam.googleapis.com/${pool}/attribute.repository/${REPOSITORY}`,
    );
    expect(error.message).toContain('`gcp-service-account`');
    expect(error.message).toContain('`gcp-workload-identity-provider`');
    expect(c.google.iamCredentials.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('explains an attribute-condition refusal', async () => {
    const { deps } = await start({ google: { allowedRepositories: ['someone/else'] } });
    const error = await failure(resolveRegistryCredentials(gar, 'p/r/i', garInputs, deps));
    expect(error.message).toContain(
      'unauthorized_client: The given credential is rejected by the attribute condition.',
    );
    expect(error.message).toContain(`sub "repo:${REPOSITORY}:ref:refs/heads/main"`);
  });

  it('explains an unknown provider', async () => {
    const { deps } = await start({
      google: { provider: GCP_PROVIDER.replace('github-actions', 'other-provider') },
    });
    const error = await failure(resolveRegistryCredentials(gar, 'p/r/i', garInputs, deps));
    expect(error.message).toContain('invalid_target');
    expect(error.message).toContain('`gcp-workload-identity-provider`');
  });

  it('retries a 502 from IAM Credentials', async () => {
    const { clouds: c, deps } = await start();
    c.google.iamCredentials.failNext(2, { status: 502 });
    await resolveRegistryCredentials(gar, 'p/r/i', garInputs, deps);
    expect(c.google.iamCredentials.requests).toHaveLength(3);
  });
});

describe('ACR: OIDC → Azure AD → /oauth2/exchange', () => {
  it('returns the ACR refresh token for the fixed user, all masked', async () => {
    const {
      clouds: c,
      deps,
      masked,
    } = await start({ azure: { refreshToken: 'acr-refresh-for-test' } });
    const credentials = await resolveRegistryCredentials(acr, 'train', acrInputs, deps);
    expect(credentials).toEqual({
      registry: ACR_HOST,
      username: '00000000-0000-0000-0000-000000000000',
      password: 'acr-refresh-for-test',
    });
    expectAllMasked(c, masked);
    const audience = new URL(c.oidc.service.requests[0]!.url, 'http://x').searchParams.get(
      'audience',
    );
    expect(audience).toBe('api://AzureADTokenExchange');
    expect(c.azure.login.requests[0]!.url).toBe(`/${AZURE_TENANT}/oauth2/v2.0/token`);
    expect(Object.fromEntries(new URLSearchParams(c.azure.acr.requests[0]!.body))).toMatchObject({
      grant_type: 'access_token',
      service: ACR_HOST,
      tenant: AZURE_TENANT,
    });
  });

  it('explains AADSTS70021 with the token subject', async () => {
    const {
      clouds: c,
      deps,
      sleeps,
    } = await start({ sub: `repo:${REPOSITORY}:environment:production` });
    const error = await failure(resolveRegistryCredentials(acr, 'train', acrInputs, deps));
    expect(error.message).toContain(
      'AADSTS70021: No matching federated identity record found for presented assertion.',
    );
    expect(error.message).toContain(`subject exactly "repo:${REPOSITORY}:environment:production"`);
    expect(error.message).toContain('`azure-client-id`');
    expect(error.message).toContain('`azure-tenant-id`');
    expect(c.azure.login.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('explains an unknown application', async () => {
    const { deps } = await start();
    const inputs = { ...acrInputs, azureClientId: 'ffffffff-0000-4000-8000-0123456789ab' };
    const error = await failure(resolveRegistryCredentials(acr, 'train', inputs, deps));
    expect(error.message).toContain('AADSTS700016');
    expect(error.message).toContain('names no application');
  });

  it('explains a registry refusing the exchange (no AcrPush)', async () => {
    const { deps } = await start({ azure: { acrPushers: [] } });
    const error = await failure(resolveRegistryCredentials(acr, 'train', acrInputs, deps));
    expect(error.message).toContain(
      `Could not exchange the Azure AD token for an ACR refresh token at ${ACR_HOST}: HTTP 401`,
    );
    expect(error.message).toContain('AcrPush');
  });
});

describe('GHCR, username/password and registries without login', () => {
  it('GHCR: the github token as password for GITHUB_ACTOR', async () => {
    const { deps, masked } = await start();
    const credentials = await resolveRegistryCredentials(
      classifyRegistry('ghcr.io'),
      'acme/train',
      { ...base, githubToken: 'ghs_test' },
      deps,
    );
    expect(credentials).toEqual({ registry: 'ghcr.io', username: 'octocat', password: 'ghs_test' });
    expect(masked).toContain('ghs_test');
  });

  it('GHCR without GITHUB_ACTOR uses x-access-token', async () => {
    const { deps } = await start();
    delete deps.env.GITHUB_ACTOR;
    const credentials = await resolveRegistryCredentials(
      classifyRegistry('ghcr.io'),
      'a/b',
      { ...base, githubToken: 't' },
      deps,
    );
    expect(credentials?.username).toBe('x-access-token');
  });

  it('GHCR without a token relies on an existing login, with a warning', async () => {
    const { deps, logs } = await start();
    expect(
      await resolveRegistryCredentials(classifyRegistry('ghcr.io'), 'a/b', base, deps),
    ).toBeUndefined();
    expect(logs.some((l) => l.startsWith('warning: No github-token'))).toBe(true);
  });

  it('username/password win for any registry, without network', async () => {
    const { clouds: c, deps, masked } = await start();
    const inputs = { ...base, username: 'ci', password: 'pw-123' };
    for (const host of [ECR_HOST, GAR_HOST, ACR_HOST, '127.0.0.1:5000']) {
      expect(await resolveRegistryCredentials(classifyRegistry(host), 'x', inputs, deps)).toEqual({
        registry: host,
        username: 'ci',
        password: 'pw-123',
      });
    }
    expect(masked).toContain('pw-123');
    expect(c.requestCount).toBe(0);
  });

  it('a generic registry with no inputs needs nothing', async () => {
    const { clouds: c, deps } = await start();
    expect(
      await resolveRegistryCredentials(classifyRegistry('127.0.0.1:5000'), 'x', base, deps),
    ).toBeUndefined();
    expect(c.requestCount).toBe(0);
  });

  it('refuses internal endpoint overrides that leave the machine', async () => {
    const { deps } = await start();
    deps.env.LAUNCH_ACTION_INTERNAL_ENDPOINTS = JSON.stringify({
      awsSts: 'https://sts.example.com',
    });
    const error = await failure(resolveRegistryCredentials(ecr, 'x', ecrInputs, deps));
    expect(error.message).toContain('must be an http(s) URL on 127.0.0.1 or localhost');
  });
});
