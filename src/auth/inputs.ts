import { InputError } from '../platform/errors.js';
import type { InputReader } from '../inputs/reader.js';
import { awsPartition, isEcrPublic } from './registry.js';
import type { AuthInputs, RegistryProvider } from './types.js';

const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const GCP_PROVIDER =
  /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;
const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]*@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/**
 * Reads and validates (format only) the registry login inputs. Masks password and github-token
 * before anything could print them.
 */
export function readAuthInputs(
  reader: InputReader,
  /** Registers a secret with the log masker (the runner's, or none in a terminal). */
  mask: (secret: string) => void,
): AuthInputs {
  const password = reader.optional('password');
  if (password) mask(password);
  const githubToken = reader.optional('github-token');
  if (githubToken) mask(githubToken);
  return {
    username: reader.optional('username'),
    password,
    githubToken,
    awsRoleArn: checked(reader, 'aws-role-arn', ROLE_ARN, roleArnHelp),
    awsRegion: checked(reader, 'aws-region', AWS_REGION, () => ({
      allowed: 'expected an AWS region such as us-east-1',
      fix: 'Leave it empty to use the region in the destination host.',
    })),
    awsSessionName:
      checked(reader, 'aws-session-name', SESSION_NAME, () => ({
        allowed: 'expected 2 to 64 characters of letters, digits and _+=,.@-',
        fix: 'Use e.g. "launch-action".',
      })) ?? 'launch-action',
    awsRoleDuration: reader.integer('aws-role-duration', 3600, 900, 43200),
    createRepository: reader.bool('create-repository', true),
    gcpWorkloadIdentityProvider: checked(
      reader,
      'gcp-workload-identity-provider',
      GCP_PROVIDER,
      gcpProviderHelp,
    ),
    gcpServiceAccount: checked(reader, 'gcp-service-account', GCP_SERVICE_ACCOUNT, () => ({
      allowed: 'expected a service account email such as pusher@my-project.iam.gserviceaccount.com',
      fix: 'Leave it empty to use the federated identity directly.',
    })),
    azureClientId: checked(reader, 'azure-client-id', GUID, () => ({
      allowed:
        'expected the application (client) id, a GUID like 00000000-0000-0000-0000-000000000000',
      fix: 'Copy it from the app registration\'s "Overview" page in the Azure portal.',
    })),
    azureTenantId: checked(
      reader,
      'azure-tenant-id',
      { test: (v: string) => GUID.test(v) || TENANT_DOMAIN.test(v) },
      () => ({
        allowed:
          'expected the directory (tenant) id GUID or a domain such as contoso.onmicrosoft.com',
        fix: 'Copy it from the app registration\'s "Overview" page in the Azure portal.',
      }),
    ),
  };
}

interface Help {
  allowed: string;
  fix?: string;
}

function checked(
  reader: InputReader,
  name: string,
  pattern: { test(value: string): boolean },
  help: (value: string) => Help,
): string | undefined {
  const value = reader.optional(name);
  if (value === undefined || pattern.test(value)) return value;
  const { allowed, fix } = help(value);
  throw new InputError(name, value, allowed, fix);
}

function roleArnHelp(value: string): Help {
  const allowed = 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/github-push';
  if (/^\d{12}$/.test(value)) {
    return { allowed, fix: 'That is an account id; give the full ARN of the role to assume.' };
  }
  if (/:user\//.test(value)) {
    return {
      allowed,
      fix: 'A user cannot be assumed with OIDC; create a role with a web identity trust policy.',
    };
  }
  return { allowed, fix: 'Copy the role ARN from the IAM console ("Roles" → the role → ARN).' };
}

function gcpProviderHelp(value: string): Help {
  const allowed =
    'expected projects/<project NUMBER>/locations/global/workloadIdentityPools/<pool>/providers/<provider>';
  if (/^(?:https?:)?\/\/iam\.googleapis\.com\//.test(value)) {
    return {
      allowed,
      fix: 'Drop the "//iam.googleapis.com/" prefix; give the resource name only.',
    };
  }
  if (/^projects\/[^/]*[a-z][^/]*\//.test(value)) {
    return {
      allowed,
      fix: 'Use the project NUMBER, not the project id: `gcloud projects describe <id> --format="value(projectNumber)"`.',
    };
  }
  return {
    allowed,
    fix: 'Print it with `gcloud iam workload-identity-pools providers describe <provider> --workload-identity-pool=<pool> --location=global --format="value(name)"`.',
  };
}

/**
 * Pure: rejects input combinations that cannot work for this registry, before anything runs.
 */
export function validateAuthInputs(
  provider: RegistryProvider,
  inputs: AuthInputs,
  /** The cloud whose identity inputs another consumer uses (a managed cluster's token). */
  alsoUsedFor?: 'ecr' | 'gar' | 'acr',
): void {
  if (inputs.username !== undefined && inputs.password === undefined) {
    throw new InputError(
      'password',
      '',
      `a password or token is needed with username "${inputs.username}"`,
      'Pass it from a secret: `password: ${{ secrets.REGISTRY_PASSWORD }}`.',
    );
  }
  if (inputs.password !== undefined && inputs.username === undefined) {
    throw new InputError('username', '', 'a user name is needed with password', 'Set `username`.');
  }
  rejectForeignIdentity(provider, inputs, alsoUsedFor);
  const hasPassword = inputs.password !== undefined;
  switch (provider.kind) {
    case 'ecr':
      return validateEcr(provider, inputs, hasPassword);
    case 'gar':
      return validateGar(provider, inputs, hasPassword);
    case 'acr':
      return validateAcr(provider, inputs, hasPassword);
    default:
      return;
  }
}

/** Cloud identity inputs are only meaningful for their own registry kind. */
function rejectForeignIdentity(
  provider: RegistryProvider,
  inputs: AuthInputs,
  alsoUsedFor?: RegistryProvider['kind'],
): void {
  const owners: [keyof AuthInputs, string, RegistryProvider['kind']][] = [
    ['awsRoleArn', 'aws-role-arn', 'ecr'],
    ['awsRegion', 'aws-region', 'ecr'],
    ['gcpWorkloadIdentityProvider', 'gcp-workload-identity-provider', 'gar'],
    ['gcpServiceAccount', 'gcp-service-account', 'gar'],
    ['azureClientId', 'azure-client-id', 'acr'],
    ['azureTenantId', 'azure-tenant-id', 'acr'],
  ];
  const registryName = { ecr: 'ECR', gar: 'Artifact Registry', acr: 'ACR' } as const;
  for (const [key, input, kind] of owners) {
    const value = inputs[key];
    if (value === undefined || provider.kind === kind || alsoUsedFor === kind) continue;
    throw new InputError(
      input,
      String(value),
      `it only applies to ${registryName[kind as keyof typeof registryName]} destinations, but the destination host ${provider.host} is ${describeKind(provider)}`,
      `Remove \`${input}\`, or fix \`destination\`.`,
    );
  }
}

function describeKind(provider: RegistryProvider): string {
  switch (provider.kind) {
    case 'ecr':
      return 'Amazon ECR';
    case 'gar':
      return 'Google Artifact Registry';
    case 'acr':
      return 'Azure Container Registry';
    case 'ghcr':
      return 'GitHub Container Registry';
    default:
      return 'not a cloud registry with OIDC login';
  }
}

function rejectMixedLogin(input: string, value: string, hasPassword: boolean): void {
  if (!hasPassword) return;
  throw new InputError(
    input,
    value,
    'give either the OIDC identity or username/password, not both',
    `Remove \`${input}\` to log in with username/password, or remove username/password to use OIDC.`,
  );
}

function validateEcr(
  provider: Extract<RegistryProvider, { kind: 'ecr' }>,
  inputs: AuthInputs,
  hasPassword: boolean,
): void {
  if (inputs.awsRoleArn === undefined) {
    if (hasPassword) return;
    throw new InputError(
      'aws-role-arn',
      '',
      `pushing to Amazon ECR (${provider.host}) needs an IAM role to assume with the job's OIDC token`,
      'Set `aws-role-arn: arn:aws:iam::<account>:role/<role>` (see docs/cloud-setup.md), or pass username/password.',
    );
  }
  rejectMixedLogin('aws-role-arn', inputs.awsRoleArn, hasPassword);
  if (
    inputs.awsRegion !== undefined &&
    !isEcrPublic(provider) &&
    inputs.awsRegion !== provider.region
  ) {
    throw new InputError(
      'aws-region',
      inputs.awsRegion,
      `the destination host ${provider.host} is in ${provider.region}`,
      `Remove \`aws-region\` (the host's region is used) or set it to ${provider.region}.`,
    );
  }
  const roleRegion = inputs.awsRegion ?? provider.region;
  const expected = awsPartition(roleRegion).arnPartition;
  const actual = inputs.awsRoleArn.split(':')[1];
  if (actual !== expected) {
    throw new InputError(
      'aws-role-arn',
      inputs.awsRoleArn,
      `a role for region ${roleRegion} must be in partition "${expected}" (arn:${expected}:iam::…)`,
      'Use the ARN of a role in the same partition as the registry.',
    );
  }
}

function validateGar(
  provider: Extract<RegistryProvider, { kind: 'gar' }>,
  inputs: AuthInputs,
  hasPassword: boolean,
): void {
  if (inputs.gcpWorkloadIdentityProvider === undefined) {
    if (inputs.gcpServiceAccount !== undefined) {
      throw new InputError(
        'gcp-workload-identity-provider',
        '',
        'gcp-service-account is impersonated through a workload identity provider, which is missing',
        'Set `gcp-workload-identity-provider` (see docs/cloud-setup.md).',
      );
    }
    if (hasPassword) return;
    throw new InputError(
      'gcp-workload-identity-provider',
      '',
      `pushing to Artifact Registry (${provider.host}) needs a workload identity provider for the job's OIDC token`,
      'Set `gcp-workload-identity-provider: projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>` (see docs/cloud-setup.md), or pass username/password.',
    );
  }
  rejectMixedLogin(
    'gcp-workload-identity-provider',
    inputs.gcpWorkloadIdentityProvider,
    hasPassword,
  );
}

function validateAcr(
  provider: Extract<RegistryProvider, { kind: 'acr' }>,
  inputs: AuthInputs,
  hasPassword: boolean,
): void {
  const { azureClientId: clientId, azureTenantId: tenantId } = inputs;
  if (clientId === undefined && tenantId === undefined) {
    if (hasPassword) return;
    throw new InputError(
      'azure-client-id',
      '',
      `pushing to Azure Container Registry (${provider.host}) needs azure-client-id and azure-tenant-id of an app with a federated credential`,
      'Set both (see docs/cloud-setup.md), or pass username/password.',
    );
  }
  if (clientId === undefined || tenantId === undefined) {
    const missing = clientId === undefined ? 'azure-client-id' : 'azure-tenant-id';
    const given = clientId === undefined ? 'azure-tenant-id' : 'azure-client-id';
    throw new InputError(missing, '', `it is needed together with ${given}`, `Set \`${missing}\`.`);
  }
  rejectMixedLogin('azure-client-id', clientId, hasPassword);
}
