/**
 * Registry login for the push: which registry a destination is, which inputs it needs, and the
 * OIDC chains that turn the job's GitHub token into short-lived docker credentials. The docker
 * login itself, the manifest lookup and the logout belong to the pipeline.
 */
import type { AwsSessionCredentials, EcrApi } from './aws.js';
import {
  ACR_TOKEN_USERNAME,
  AKS_SERVER_APP_ID,
  AZURE_AUDIENCE,
  exchangeForAcrRefreshToken,
  getAadToken,
  jwtExpiry,
} from './azure.js';
import { cloudEndpoints } from './endpoints.js';
import { exchangeForFederatedToken, gcpAudience, generateServiceAccountToken } from './gcp.js';
import { getGithubIdToken } from './oidc.js';
import { isEcrPublic, repositoryPath } from './registry.js';
import type { AuthDeps, AuthInputs, RegistryCredentials, RegistryProvider } from './types.js';

export { readAuthInputs, validateAuthInputs } from './inputs.js';
export { classifyRegistry, repositoryPath } from './registry.js';
export type { AuthDeps, AuthInputs, RegistryCredentials, RegistryProvider } from './types.js';

type Provider<K extends RegistryProvider['kind']> = Extract<RegistryProvider, { kind: K }>;

// The SigV4 signer is most of the auth code's size: load it only for ECR destinations.
const loadAws = () => import('./aws.js');

/**
 * Docker credentials for the destination: the OIDC chain for ECR/GAR/ACR, GITHUB_TOKEN for
 * ghcr.io, username/password when given; undefined when nothing is needed (an existing docker
 * login, a local registry). Every token is masked before it is returned.
 */
export async function resolveRegistryCredentials(
  provider: RegistryProvider,
  repository: string,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<RegistryCredentials | undefined> {
  if (inputs.username !== undefined && inputs.password !== undefined) {
    deps.setSecret(inputs.password);
    return { registry: provider.host, username: inputs.username, password: inputs.password };
  }
  switch (provider.kind) {
    case 'ecr':
      return inputs.awsRoleArn ? ecrCredentials(provider, inputs, deps) : undefined;
    case 'gar':
      return inputs.gcpWorkloadIdentityProvider
        ? garCredentials(provider, inputs, deps)
        : undefined;
    case 'acr':
      return inputs.azureClientId && inputs.azureTenantId
        ? acrCredentials(provider, inputs, deps)
        : undefined;
    case 'ghcr':
      return ghcrCredentials(provider, repository, inputs, deps);
    default:
      return undefined;
  }
}

/**
 * ECR only: creates the repository when it is missing and `create-repository` is true
 * (DescribeRepositories → CreateRepository). A no-op for other registries and for ECR logins
 * by username/password, which have no AWS credentials to call the API with.
 */
export async function prepareRepository(
  provider: RegistryProvider,
  repository: string,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<void> {
  if (provider.kind !== 'ecr' || !inputs.awsRoleArn || inputs.password !== undefined) return;
  const name = repositoryPath(provider, repository);
  const credentials = await awsSession(provider, inputs, deps);
  const { ensureEcrRepository } = await loadAws();
  try {
    await ensureEcrRepository(deps, ecrApi(provider, inputs, deps), credentials, {
      account: provider.account,
      name,
      create: inputs.createRepository,
    });
  } catch (error) {
    throw new Error(
      `Could not prepare ECR repository ${provider.host}/${name}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

async function ecrCredentials(
  provider: Provider<'ecr'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<RegistryCredentials> {
  const credentials = await awsSession(provider, inputs, deps);
  const { getEcrLogin } = await loadAws();
  try {
    const login = await getEcrLogin(deps, ecrApi(provider, inputs, deps), credentials);
    return { registry: provider.host, ...login };
  } catch (error) {
    throw new Error(
      `Could not get an ECR login for ${provider.host} as ${inputs.awsRoleArn}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

function awsRegion(provider: Provider<'ecr'>, inputs: AuthInputs): string {
  return isEcrPublic(provider) ? 'us-east-1' : (inputs.awsRegion ?? provider.region);
}

function ecrApi(provider: Provider<'ecr'>, inputs: AuthInputs, deps: AuthDeps): EcrApi {
  const region = awsRegion(provider, inputs);
  const ecrPublic = isEcrPublic(provider);
  return {
    endpoint: cloudEndpoints(deps.env, { awsRegion: region, ecrPublic }).awsEcr,
    region,
    service: ecrPublic ? 'ecr-public' : 'ecr',
    targetPrefix: ecrPublic ? 'SpencerFrontendService' : 'AmazonEC2ContainerRegistry_V20150921',
  };
}

// One role session per job serves the login, the repository check and a cluster token.
const awsSessions = new WeakMap<AuthDeps, Map<string, Promise<AwsSessionCredentials>>>();

function awsSession(
  provider: Provider<'ecr'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<AwsSessionCredentials> {
  return awsSessionIn(awsRegion(provider, inputs), inputs, deps, `Amazon ECR (${provider.host})`);
}

function awsSessionIn(
  region: string,
  inputs: AuthInputs,
  deps: AuthDeps,
  what: string,
): Promise<AwsSessionCredentials> {
  const key = [inputs.awsRoleArn, inputs.awsSessionName, inputs.awsRoleDuration, region].join('|');
  const sessions = awsSessions.get(deps) ?? new Map<string, Promise<AwsSessionCredentials>>();
  awsSessions.set(deps, sessions);
  let session = sessions.get(key);
  if (!session) {
    session = assumeRole(what, inputs, deps, region);
    sessions.set(key, session);
    session.catch(() => sessions.delete(key));
  }
  return session;
}

async function assumeRole(
  what: string,
  inputs: AuthInputs,
  deps: AuthDeps,
  region: string,
): Promise<AwsSessionCredentials> {
  const roleArn = inputs.awsRoleArn ?? '';
  const { AWS_AUDIENCE, assumeRoleWithWebIdentity } = await loadAws();
  const idToken = await getGithubIdToken(deps, AWS_AUDIENCE, what);
  const credentials = await assumeRoleWithWebIdentity(deps, {
    stsEndpoint: cloudEndpoints(deps.env, { awsRegion: region }).awsSts,
    roleArn,
    sessionName: inputs.awsSessionName,
    durationSeconds: inputs.awsRoleDuration,
    idToken,
  });
  deps.log.info(
    `Assumed ${roleArn} as session ${inputs.awsSessionName} (expires ${credentials.expiration || '?'})`,
  );
  return credentials;
}

/** A managed Kubernetes cluster whose API server takes a token of the cloud identity. */
export type ManagedCluster = 'eks' | 'gke' | 'aks';

/**
 * A bearer token for a managed cluster's API server from the same OIDC chains as the registry
 * login (masked): EKS a presigned STS GetCallerIdentity URL bound to the cluster name, GKE the
 * Google access token, AKS an Entra ID token for the AKS server application.
 */
export async function clusterBearerToken(
  cluster: ManagedCluster,
  inputs: AuthInputs,
  deps: AuthDeps,
  where: { name?: string; region?: string },
): Promise<{ token: string; identity: string }> {
  const need = (value: string | undefined, input: string, why: string): string => {
    if (value) return value;
    throw new Error(`kubernetes-access: ${cluster} needs input \`${input}\` (${why}).`);
  };
  if (cluster === 'eks') {
    need(inputs.awsRoleArn, 'aws-role-arn', 'the IAM role the cluster maps to a Kubernetes user');
    const name = need(
      where.name,
      'kubernetes-cluster',
      'the EKS cluster name the token is bound to',
    );
    const region = need(where.region, 'aws-region', "the cluster's region");
    const credentials = await awsSessionIn(region, inputs, deps, `EKS cluster ${name}`);
    const { eksToken } = await import('./eks.js');
    const stsEndpoint = cloudEndpoints(deps.env, { awsRegion: region }).awsSts;
    const token = await eksToken(credentials, stsEndpoint, region, name);
    deps.setSecret(token);
    return { token, identity: inputs.awsRoleArn ?? '' };
  }
  if (cluster === 'gke') {
    const provider = need(
      inputs.gcpWorkloadIdentityProvider,
      'gcp-workload-identity-provider',
      'the workload identity provider that trusts this repository',
    );
    const endpoints = cloudEndpoints(deps.env, {});
    const idToken = await getGithubIdToken(deps, gcpAudience(provider), 'GKE');
    const { token: federated } = await exchangeForFederatedToken(
      deps,
      endpoints.googleSts,
      provider,
      idToken,
    );
    if (!inputs.gcpServiceAccount) return { token: federated, identity: provider };
    const { token } = await generateServiceAccountToken(
      deps,
      endpoints.googleIamCredentials,
      inputs.gcpServiceAccount,
      federated,
      { provider, idToken },
    );
    return { token, identity: inputs.gcpServiceAccount };
  }
  const clientId = need(
    inputs.azureClientId,
    'azure-client-id',
    'the app with the federated credential',
  );
  const tenantId = need(inputs.azureTenantId, 'azure-tenant-id', "the app's tenant");
  const endpoints = cloudEndpoints(deps.env, {});
  const idToken = await getGithubIdToken(deps, AZURE_AUDIENCE, 'AKS');
  const token = await getAadToken(
    deps,
    endpoints.azureLogin,
    { clientId, tenantId },
    idToken,
    `${AKS_SERVER_APP_ID}/.default`,
  );
  return { token, identity: clientId };
}

async function garCredentials(
  provider: Provider<'gar'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<RegistryCredentials> {
  const workloadProvider = inputs.gcpWorkloadIdentityProvider ?? '';
  const cloud = `Artifact Registry (${provider.host})`;
  const endpoints = cloudEndpoints(deps.env, {});
  const idToken = await getGithubIdToken(deps, gcpAudience(workloadProvider), cloud);
  const federated = await exchangeForFederatedToken(
    deps,
    endpoints.googleSts,
    workloadProvider,
    idToken,
  );
  let access = federated;
  if (inputs.gcpServiceAccount) {
    access = await generateServiceAccountToken(
      deps,
      endpoints.googleIamCredentials,
      inputs.gcpServiceAccount,
      federated.token,
      { provider: workloadProvider, idToken },
    );
    deps.log.info(`Impersonating ${inputs.gcpServiceAccount} for ${provider.host}`);
  } else {
    deps.log.info(
      `Using the federated identity of ${workloadProvider} directly for ${provider.host}`,
    );
  }
  return {
    registry: provider.host,
    username: 'oauth2accesstoken',
    password: access.token,
    expiresAt: access.expiresAt,
  };
}

async function acrCredentials(
  provider: Provider<'acr'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<RegistryCredentials> {
  const app = { clientId: inputs.azureClientId ?? '', tenantId: inputs.azureTenantId ?? '' };
  const cloud = `Azure Container Registry (${provider.host})`;
  const endpoints = cloudEndpoints(deps.env, { acrHost: provider.host });
  const idToken = await getGithubIdToken(deps, AZURE_AUDIENCE, cloud);
  const aadToken = await getAadToken(deps, endpoints.azureLogin, app, idToken);
  const refreshToken = await exchangeForAcrRefreshToken(
    deps,
    endpoints.acrExchange,
    { host: provider.host, tenantId: app.tenantId },
    aadToken,
  );
  return {
    registry: provider.host,
    username: ACR_TOKEN_USERNAME,
    password: refreshToken,
    expiresAt: jwtExpiry(refreshToken),
  };
}

function ghcrCredentials(
  provider: Provider<'ghcr'>,
  repository: string,
  inputs: AuthInputs,
  deps: AuthDeps,
): RegistryCredentials | undefined {
  if (!inputs.githubToken) {
    deps.log.warning(
      `No github-token to push ${repository} to ${provider.host}: relying on an existing docker login.`,
    );
    return undefined;
  }
  deps.setSecret(inputs.githubToken);
  const username = deps.env.GITHUB_ACTOR || 'x-access-token';
  return { registry: provider.host, username, password: inputs.githubToken };
}
