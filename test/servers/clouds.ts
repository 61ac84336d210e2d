import { FakeAws } from './aws.js';
import type { FakeAwsOptions } from './aws.js';
import { FakeAzure } from './azure.js';
import type { FakeAzureOptions } from './azure.js';
import { randomToken } from './fake-http.js';
import { FakeGithubOidc, GITHUB_ISSUER } from './github-oidc.js';
import { FakeGoogle } from './google.js';
import type { FakeGoogleOptions } from './google.js';

export const REPOSITORY = 'acme-ml/train-models';
export const AWS_ACCOUNT = '123456789012';
export const AWS_REGION = 'us-east-1';
export const AWS_ROLE_ARN = `arn:aws:iam::${AWS_ACCOUNT}:role/github-push`;
export const GCP_PROVIDER =
  'projects/123456789/locations/global/workloadIdentityPools/github/providers/github-actions';
export const GCP_SERVICE_ACCOUNT = 'pusher@ml-project.iam.gserviceaccount.com';
export const AZURE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const AZURE_CLIENT = 'a1b2c3d4-0000-4000-8000-0123456789ab';
export const ACR_HOST = 'acmeml.azurecr.io';
export const ECR_HOST = `${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com`;
export const GAR_HOST = 'us-central1-docker.pkg.dev';

export interface CloudOverrides {
  aws?: Partial<FakeAwsOptions>;
  google?: Partial<FakeGoogleOptions>;
  azure?: Partial<FakeAzureOptions>;
  sub?: string;
}

/** Every fake cloud a login chain talks to, started together, with the env that points at them. */
export class FakeClouds {
  readonly signingKey = randomToken('oidc-key-');
  readonly requestToken = randomToken('runner-request-token-');
  readonly oidc: FakeGithubOidc;
  readonly aws: FakeAws;
  readonly google: FakeGoogle;
  readonly azure: FakeAzure;

  constructor(overrides: CloudOverrides = {}) {
    this.oidc = new FakeGithubOidc({
      requestToken: this.requestToken,
      signingKey: this.signingKey,
      repository: REPOSITORY,
      sub: overrides.sub,
    });
    this.aws = new FakeAws({
      account: AWS_ACCOUNT,
      region: AWS_REGION,
      oidcSigningKey: this.signingKey,
      roles: [{ arn: AWS_ROLE_ARN, subjects: [`repo:${REPOSITORY}:*`] }],
      ...overrides.aws,
    });
    this.google = new FakeGoogle({
      provider: GCP_PROVIDER,
      oidcSigningKey: this.signingKey,
      allowedRepositories: [REPOSITORY],
      serviceAccounts: {
        [GCP_SERVICE_ACCOUNT]: [
          `principalSet://iam.googleapis.com/${GCP_PROVIDER.replace(/\/providers\/.*$/, '')}/attribute.repository/${REPOSITORY}`,
        ],
      },
      ...overrides.google,
    });
    this.azure = new FakeAzure({
      tenantId: AZURE_TENANT,
      apps: {
        [AZURE_CLIENT]: [
          {
            issuer: GITHUB_ISSUER,
            subject: `repo:${REPOSITORY}:ref:refs/heads/main`,
            audience: 'api://AzureADTokenExchange',
          },
        ],
      },
      oidcSigningKey: this.signingKey,
      registryHost: ACR_HOST,
      ...overrides.azure,
    });
  }

  async start(): Promise<this> {
    await Promise.all([
      this.oidc.start(),
      this.aws.start(),
      this.google.start(),
      this.azure.start(),
    ]);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([
      this.oidc.close(),
      this.aws.close(),
      this.google.close(),
      this.azure.close(),
    ]);
  }

  /** The internal endpoint overrides (JSON) that point the action at these fakes. */
  get endpointsJson(): string {
    return JSON.stringify({
      awsSts: this.aws.sts.url,
      awsEcr: this.aws.ecr.url,
      googleSts: this.google.sts.url,
      googleIamCredentials: this.google.iamCredentials.url,
      azureLogin: this.azure.login.url,
      acrExchange: this.azure.acr.url,
    });
  }

  /** The environment a runner gives a job with `id-token: write`, plus the endpoint overrides. */
  get env(): Record<string, string> {
    return {
      ACTIONS_ID_TOKEN_REQUEST_URL: this.oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.requestToken,
      GITHUB_REPOSITORY: REPOSITORY,
      GITHUB_ACTOR: 'octocat',
      LAUNCH_ACTION_INTERNAL_ENDPOINTS: this.endpointsJson,
    };
  }

  /** Every secret any fake handed out, for leak checks. */
  get issuedSecrets(): string[] {
    return [
      this.requestToken,
      ...this.oidc.issued,
      ...this.aws.issuedSecrets,
      ...this.google.issuedSecrets,
      ...this.azure.issuedSecrets,
    ];
  }

  /** Requests made to any fake, in no particular order. */
  get requestCount(): number {
    return [
      this.oidc.service,
      this.aws.sts,
      this.aws.ecr,
      this.google.sts,
      this.google.iamCredentials,
      this.azure.login,
      this.azure.acr,
    ].reduce((sum, s) => sum + s.requests.length, 0);
  }
}
