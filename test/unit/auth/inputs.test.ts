import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import { classifyRegistry, readAuthInputs, validateAuthInputs } from '../../../src/auth/index.js';
import type { AuthInputs } from '../../../src/auth/index.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';

function read(values: Record<string, string>) {
  const masked: string[] = [];
  const reader = new InputReader(mapInputSource(values));
  const inputs = readAuthInputs(reader, (s) => masked.push(s));
  return { inputs, masked, reader };
}

const ARN = 'arn:aws:iam::123456789012:role/github-push';
const PROVIDER =
  'projects/123456789/locations/global/workloadIdentityPools/github/providers/github-actions';

describe('readAuthInputs', () => {
  it('reads every auth input, with defaults', () => {
    const { inputs, reader } = read({});
    expect(inputs).toEqual({
      username: undefined,
      password: undefined,
      githubToken: undefined,
      awsRoleArn: undefined,
      awsRegion: undefined,
      awsSessionName: 'launch-action',
      awsRoleDuration: 3600,
      createRepository: true,
      gcpWorkloadIdentityProvider: undefined,
      gcpServiceAccount: undefined,
      azureClientId: undefined,
      azureTenantId: undefined,
    });
    expect([...reader.namesRead].sort()).toEqual(
      [
        'username',
        'password',
        'github-token',
        'aws-role-arn',
        'aws-region',
        'aws-session-name',
        'aws-role-duration',
        'create-repository',
        'gcp-workload-identity-provider',
        'gcp-service-account',
        'azure-client-id',
        'azure-tenant-id',
      ].sort(),
    );
  });

  it('masks the password and the github token as soon as they are read', () => {
    const { masked } = read({ username: 'u', password: 'hunter2', 'github-token': 'ghs_abc' });
    expect(masked).toEqual(['hunter2', 'ghs_abc']);
  });

  it('accepts well-formed values', () => {
    const { inputs } = read({
      'aws-role-arn': 'arn:aws:iam::123456789012:role/path/to/github-push',
      'aws-region': 'eu-west-1',
      'aws-session-name': 'run-42@ci',
      'aws-role-duration': '7200',
      'create-repository': 'false',
      'gcp-workload-identity-provider': PROVIDER,
      'gcp-service-account': 'pusher@my-project.iam.gserviceaccount.com',
      'azure-client-id': 'a1b2c3d4-0000-4000-8000-0123456789ab',
      'azure-tenant-id': 'contoso.onmicrosoft.com',
    });
    expect(inputs.awsRoleDuration).toBe(7200);
    expect(inputs.createRepository).toBe(false);
    expect(inputs.azureTenantId).toBe('contoso.onmicrosoft.com');
  });

  it.each([
    ['aws-role-arn', '123456789012', /account id/],
    ['aws-role-arn', 'arn:aws:iam::123456789012:user/ci', /user cannot be assumed/],
    ['aws-role-arn', 'github-push', /IAM role ARN/],
    ['aws-region', 'US-EAST-1', /AWS region/],
    ['aws-session-name', 'has space', /2 to 64 characters/],
    ['aws-session-name', 'x', /2 to 64 characters/],
    ['aws-role-duration', '60', /900 to 43200/],
    ['create-repository', 'yes', /true or false/],
    [
      'gcp-workload-identity-provider',
      `//iam.googleapis.com/${PROVIDER}`,
      /Drop the "\/\/iam.googleapis.com\/" prefix/,
    ],
    [
      'gcp-workload-identity-provider',
      PROVIDER.replace('123456789', 'my-project'),
      /project NUMBER/,
    ],
    [
      'gcp-workload-identity-provider',
      'projects/1/locations/global/workloadIdentityPools/p',
      /providers/,
    ],
    ['gcp-service-account', 'pusher', /service account email/],
    ['azure-client-id', 'not-a-guid', /GUID/],
    ['azure-tenant-id', 'not a tenant', /tenant/],
  ])('%s = %s is refused', (name, value, message) => {
    const attempt = () => read({ [name]: value });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(new RegExp(`Input '${name}'`));
    expect(attempt).toThrow(message);
  });
});

const base: AuthInputs = {
  awsSessionName: 'launch-action',
  awsRoleDuration: 3600,
  createRepository: true,
};
const ECR = classifyRegistry('123456789012.dkr.ecr.us-east-1.amazonaws.com');
const GAR = classifyRegistry('us-central1-docker.pkg.dev');
const ACR = classifyRegistry('acmeml.azurecr.io');
const GHCR = classifyRegistry('ghcr.io');
const LOCAL = classifyRegistry('127.0.0.1:5000');
const AZ = {
  azureClientId: 'a1b2c3d4-0000-4000-8000-0123456789ab',
  azureTenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
};
const PASS = { username: 'ci', password: 'secret-value' };

describe('validateAuthInputs', () => {
  it.each([
    ['ECR with a role', ECR, { awsRoleArn: ARN }],
    ['ECR with a role and the same region', ECR, { awsRoleArn: ARN, awsRegion: 'us-east-1' }],
    ['ECR with username/password', ECR, PASS],
    [
      'ECR Public with a role and any region',
      classifyRegistry('public.ecr.aws'),
      { awsRoleArn: ARN, awsRegion: 'eu-west-1' },
    ],
    [
      'ECR China with an aws-cn role',
      classifyRegistry('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'),
      { awsRoleArn: 'arn:aws-cn:iam::123456789012:role/r' },
    ],
    ['GAR with a provider', GAR, { gcpWorkloadIdentityProvider: PROVIDER }],
    [
      'GAR with a provider and a service account',
      GAR,
      { gcpWorkloadIdentityProvider: PROVIDER, gcpServiceAccount: 'a@b.iam.gserviceaccount.com' },
    ],
    ['GAR with username/password', GAR, PASS],
    ['ACR with client and tenant', ACR, AZ],
    ['ACR with username/password', ACR, PASS],
    ['GHCR with the github token', GHCR, { githubToken: 'ghs_x' }],
    ['a local registry with nothing', LOCAL, {}],
    ['a local registry with username/password', LOCAL, PASS],
  ])('accepts %s', (_name, provider, extra) => {
    expect(() => validateAuthInputs(provider, { ...base, ...extra })).not.toThrow();
  });

  it.each([
    ['ECR without any login', ECR, {}, 'aws-role-arn', /needs an IAM role/],
    [
      'a contradicting aws-region',
      ECR,
      { awsRoleArn: ARN, awsRegion: 'eu-west-1' },
      'aws-region',
      /is in us-east-1/,
    ],
    [
      'an aws role for GAR',
      GAR,
      { awsRoleArn: ARN, gcpWorkloadIdentityProvider: PROVIDER },
      'aws-role-arn',
      /only applies to ECR/,
    ],
    [
      'an aws-region for a local registry',
      LOCAL,
      { awsRegion: 'us-east-1' },
      'aws-region',
      /only applies to ECR/,
    ],
    [
      'a GCP provider for ECR',
      ECR,
      { awsRoleArn: ARN, gcpWorkloadIdentityProvider: PROVIDER },
      'gcp-workload-identity-provider',
      /Artifact Registry/,
    ],
    ['an Azure client for GHCR', GHCR, AZ, 'azure-client-id', /only applies to ACR/],
    [
      'a role and a password together',
      ECR,
      { awsRoleArn: ARN, ...PASS },
      'aws-role-arn',
      /either the OIDC identity or username\/password/,
    ],
    [
      'an aws role in the wrong partition',
      classifyRegistry('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn'),
      { awsRoleArn: ARN },
      'aws-role-arn',
      /partition "aws-cn"/,
    ],
    [
      'GAR without any login',
      GAR,
      {},
      'gcp-workload-identity-provider',
      /needs a workload identity provider/,
    ],
    [
      'a service account without provider',
      GAR,
      { gcpServiceAccount: 'a@b.iam.gserviceaccount.com' },
      'gcp-workload-identity-provider',
      /impersonated through/,
    ],
    ['ACR without any login', ACR, {}, 'azure-client-id', /azure-client-id and azure-tenant-id/],
    [
      'ACR with the client id only',
      ACR,
      { azureClientId: AZ.azureClientId },
      'azure-tenant-id',
      /together with azure-client-id/,
    ],
    [
      'ACR with the tenant only',
      ACR,
      { azureTenantId: AZ.azureTenantId },
      'azure-client-id',
      /together with azure-tenant-id/,
    ],
    [
      'a username without password',
      LOCAL,
      { username: 'ci' },
      'password',
      /needed with username "ci"/,
    ],
    [
      'a password without username',
      LOCAL,
      { password: 'secret-value' },
      'username',
      /user name is needed/,
    ],
  ])('refuses %s', (_name, provider, extra, input, message) => {
    let thrown: unknown;
    try {
      validateAuthInputs(provider, { ...base, ...extra });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).input).toBe(input);
    expect((thrown as InputError).message).toMatch(message);
    expect((thrown as InputError).message).not.toContain('secret-value');
  });
});
