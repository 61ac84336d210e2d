/**
 * The cloud half of `mode: doctor`: the same OIDC chains a real run uses, one step at a time, each
 * refusal turned into its own named finding with the fix, and the chain stopped only where the
 * next step cannot run without the previous one's answer.
 */
import type { EcrApi } from '../auth/aws.js';
import {
  ACR_TOKEN_USERNAME,
  AZURE_AUDIENCE,
  exchangeForAcrRefreshToken,
  getAadToken,
} from '../auth/azure.js';
import { cloudEndpoints } from '../auth/endpoints.js';
import {
  exchangeForFederatedToken,
  gcpAudience,
  generateServiceAccountToken,
} from '../auth/gcp.js';
import { HttpError, parseJson, stringField } from '../platform/http.js';
import type { AuthDeps, AuthInputs, RegistryCredentials, RegistryProvider } from '../auth/index.js';
import { repositoryPath } from '../auth/index.js';
import { getGithubIdToken } from '../auth/oidc.js';
import type { IdToken, IdTokenClaims } from '../auth/oidc.js';
import { isEcrPublic } from '../auth/registry.js';
import { errorMessage } from '../platform/errors.js';
import type { Finding } from './findings.js';

type Provider<K extends RegistryProvider['kind']> = Extract<RegistryProvider, { kind: K }>;

export interface CloudCheck {
  findings: Finding[];
  /** The docker credentials the chain produced, when it got that far. */
  credentials?: RegistryCredentials;
}

const PERMISSIONS_FIX =
  'Add to the job (or the workflow, or the caller of a reusable workflow):\n' +
  'permissions:\n  id-token: write\n  contents: read';

/** Runs the login chain for `provider` and reports every step. Never throws. */
export async function checkCloud(
  provider: RegistryProvider,
  repository: string,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<CloudCheck> {
  if (inputs.username !== undefined && inputs.password !== undefined) {
    deps.setSecret(inputs.password);
    return {
      findings: [
        {
          id: 'login.password',
          severity: 'info',
          title: `${provider.host}: logging in as "${inputs.username}" with the \`password\` input (no OIDC)`,
        },
      ],
      credentials: {
        registry: provider.host,
        username: inputs.username,
        password: inputs.password,
      },
    };
  }
  switch (provider.kind) {
    case 'ecr':
      if (inputs.awsRoleArn) return checkEcr(provider, repository, inputs, deps);
      break;
    case 'gar':
      if (inputs.gcpWorkloadIdentityProvider) return checkGar(provider, inputs, deps);
      break;
    case 'acr':
      if (inputs.azureClientId && inputs.azureTenantId) return checkAcr(provider, inputs, deps);
      break;
    case 'ghcr':
      if (inputs.githubToken) {
        deps.setSecret(inputs.githubToken);
        return {
          findings: [
            {
              id: 'login.github-token',
              severity: 'info',
              title: `${provider.host}: logging in with \`github-token\` (the job needs \`permissions: packages: write\` to push)`,
            },
          ],
          credentials: {
            registry: provider.host,
            username: deps.env.GITHUB_ACTOR || 'x-access-token',
            password: inputs.githubToken,
          },
        };
      }
      break;
  }
  return {
    findings: [
      {
        id: 'login.none',
        severity: 'warning',
        title: `${provider.host}: no login configured; the run relies on an existing \`docker login\``,
        fix: missingLoginFix(provider),
      },
    ],
  };
}

function missingLoginFix(provider: RegistryProvider): string {
  switch (provider.kind) {
    case 'ecr':
      return 'Set `aws-role-arn` (see docs/cloud-setup.md#amazon-ecr), or `username` and `password`.';
    case 'gar':
      return 'Set `gcp-workload-identity-provider` (see docs/cloud-setup.md#google-artifact-registry).';
    case 'acr':
      return 'Set `azure-client-id` and `azure-tenant-id` (see docs/cloud-setup.md#azure-container-registry).';
    default:
      return 'Set `username` and `password` (from secrets) if the registry needs a login.';
  }
}

/** The job's token for `audience`, with its claims as a finding; undefined (and why) when not. */
async function idToken(
  deps: AuthDeps,
  audience: string,
  cloud: string,
  findings: Finding[],
): Promise<IdToken | undefined> {
  if (!deps.env.ACTIONS_ID_TOKEN_REQUEST_URL || !deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
    findings.push({
      id: 'oidc.permission-missing',
      severity: 'error',
      title: `This job has no GitHub OIDC token, so it cannot log in to ${cloud}`,
      detail:
        'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: the job lacks ' +
        '`id-token: write`, or it runs for a pull request from a fork (which never gets a token).',
      fix: PERMISSIONS_FIX,
    });
    return undefined;
  }
  try {
    const token = await getGithubIdToken(deps, audience, cloud);
    findings.push({
      id: 'oidc.token',
      severity: 'ok',
      title:
        'The job has `id-token: write` and got an OIDC token; its claims (the token itself is not shown):',
      detail: claimLines(token.claims),
    });
    return token;
  } catch (error) {
    findings.push({
      id: 'oidc.token-request-failed',
      severity: 'error',
      title: 'The runner did not hand out an OIDC token',
      detail: errorMessage(error),
      fix: 'Re-run the job; if it persists, check https://www.githubstatus.com/.',
    });
    return undefined;
  }
}

/** Pure: the claims a cloud compares, one per line. */
export function claimLines(claims: IdTokenClaims): string {
  const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
  const keys: [string, string | undefined][] = [
    ['sub', claims.sub],
    ['aud', aud],
    ['iss', claims.iss],
    ['repository', claims.repository],
    ['repository_id', claims.repository_id],
    ['repository_owner_id', claims.repository_owner_id],
    ['ref', claims.ref],
    ['job_workflow_ref', claims.job_workflow_ref],
  ];
  return keys
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n');
}

// ---- Amazon ECR ------------------------------------------------------------------------------

async function checkEcr(
  provider: Provider<'ecr'>,
  repository: string,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<CloudCheck> {
  const findings: Finding[] = [];
  const cloud = `Amazon ECR (${provider.host})`;
  // The SigV4 signer is large: loaded only for ECR, as the login chain does.
  const aws = await import('../auth/aws.js');
  const { AWS_AUDIENCE, assumeRoleWithWebIdentity, callEcr, EcrApiError, getEcrLogin } = aws;
  const token = await idToken(deps, AWS_AUDIENCE, cloud, findings);
  if (!token) return { findings };
  const publicRegistry = isEcrPublic(provider);
  const region = publicRegistry ? 'us-east-1' : (inputs.awsRegion ?? provider.region);
  const roleArn = inputs.awsRoleArn ?? '';
  let session;
  try {
    session = await assumeRoleWithWebIdentity(deps, {
      stsEndpoint: cloudEndpoints(deps.env, { awsRegion: region }).awsSts,
      roleArn,
      sessionName: inputs.awsSessionName,
      durationSeconds: inputs.awsRoleDuration,
      idToken: token,
    });
  } catch (error) {
    findings.push(stsFinding(error, roleArn, aws.xmlText));
    return { findings };
  }
  findings.push({
    id: 'aws.role-assumed',
    severity: 'ok',
    title: `AWS STS accepted the token: assumed ${roleArn} (session expires ${session.expiration || '?'})`,
  });
  const api: EcrApi = {
    endpoint: cloudEndpoints(deps.env, { awsRegion: region, ecrPublic: publicRegistry }).awsEcr,
    region,
    service: publicRegistry ? 'ecr-public' : 'ecr',
    targetPrefix: publicRegistry
      ? 'SpencerFrontendService'
      : 'AmazonEC2ContainerRegistry_V20150921',
  };
  let credentials: RegistryCredentials | undefined;
  try {
    const login = await getEcrLogin(deps, api, session);
    credentials = { registry: provider.host, ...login };
    findings.push({
      id: 'aws.ecr-login',
      severity: 'ok',
      title: 'ecr:GetAuthorizationToken allowed: got the docker password (valid 12 h)',
    });
  } catch (error) {
    findings.push(ecrFinding(error, 'GetAuthorizationToken', roleArn, EcrApiError));
  }
  const name = repositoryPath(provider, repository);
  try {
    await callEcr(deps, api, session, 'DescribeRepositories', {
      ...(provider.account ? { registryId: provider.account } : {}),
      repositoryNames: [name],
    });
    findings.push({
      id: 'aws.repository',
      severity: 'ok',
      title: `ECR repository "${name}" exists (ecr:DescribeRepositories allowed)`,
    });
  } catch (error) {
    if (error instanceof EcrApiError && error.type === 'RepositoryNotFoundException') {
      findings.push(
        inputs.createRepository
          ? {
              id: 'aws.repository-missing',
              severity: 'info',
              title: `ECR repository "${name}" does not exist yet: the first build creates it (\`create-repository: true\`)`,
              detail:
                'Creating it needs ecr:CreateRepository, which doctor does not try (it changes nothing).',
            }
          : {
              id: 'aws.repository-missing',
              severity: 'error',
              title: `ECR repository "${name}" does not exist and \`create-repository\` is false`,
              fix: `aws ecr create-repository --repository-name ${name} --region ${region}, or set \`create-repository: true\` (the role then needs ecr:CreateRepository).`,
            },
      );
    } else {
      findings.push(ecrFinding(error, 'DescribeRepositories', roleArn, EcrApiError));
    }
  }
  return { findings, credentials };
}

/** The audience AWS STS expects (the value of AWS_AUDIENCE, without loading the signer). */
const STS_AUDIENCE = 'sts.amazonaws.com';

function stsFinding(
  error: unknown,
  roleArn: string,
  xmlText: (xml: string, tag: string) => string | undefined,
): Finding {
  const body = error instanceof HttpError ? error.body : '';
  const code = xmlText(body, 'Code') ?? '';
  const message = xmlText(body, 'Message') ?? '';
  const detail = errorMessage(error);
  if (code === 'AccessDenied') {
    return {
      id: 'aws.trust-policy-refused',
      severity: 'error',
      title: `AWS STS refused to let this job assume ${roleArn}: the role does not exist, or its trust policy does not accept the token's sub`,
      detail,
      fix: "Edit the role's trust policy (IAM → Roles → Trust relationships) to the Condition shown above, or correct `aws-role-arn`. See docs/cloud-setup.md#amazon-ecr.",
    };
  }
  if (code === 'InvalidIdentityToken' && /audience/i.test(message)) {
    return {
      id: 'aws.audience-refused',
      severity: 'error',
      title: `AWS STS refused the token's audience "${STS_AUDIENCE}"`,
      detail,
      fix: `Add the client ID ${STS_AUDIENCE} to the IAM OIDC provider token.actions.githubusercontent.com, and make the role's "token.actions.githubusercontent.com:aud" condition "${STS_AUDIENCE}" (also in the China regions: the action always requests this audience).`,
    };
  }
  if (code === 'InvalidIdentityToken' && /provider/i.test(message)) {
    return {
      id: 'aws.oidc-provider-missing',
      severity: 'error',
      title: 'The AWS account has no OIDC provider for https://token.actions.githubusercontent.com',
      detail,
      fix: 'aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com',
    };
  }
  if (code === 'ValidationError' && /Duration/i.test(message)) {
    return {
      id: 'aws.session-duration',
      severity: 'error',
      title: "`aws-role-duration` exceeds the role's maximum session duration",
      detail,
      fix: "Lower `aws-role-duration`, or raise the role's maximum session duration (IAM → Roles → Edit).",
    };
  }
  return {
    id: 'aws.sts-failed',
    severity: 'error',
    title: `AWS STS did not issue credentials for ${roleArn}`,
    detail,
    fix: 'See the answer above; docs/cloud-setup.md#amazon-ecr lists the setup.',
  };
}

function ecrFinding(
  error: unknown,
  operation: string,
  roleArn: string,
  EcrApiError: typeof import('../auth/aws.js').EcrApiError,
): Finding {
  if (error instanceof EcrApiError && /AccessDenied/.test(error.type)) {
    return {
      id: 'aws.ecr-permission-missing',
      severity: 'error',
      title: `The role is not allowed ecr:${operation}`,
      detail: errorMessage(error),
      fix: `Add "ecr:${operation}" to the permission policy of ${roleArn} (the full list is in docs/cloud-setup.md#amazon-ecr).`,
    };
  }
  return {
    id: 'aws.ecr-failed',
    severity: 'error',
    title: `ECR ${operation} failed`,
    detail: errorMessage(error),
  };
}

// ---- Google Artifact Registry ----------------------------------------------------------------

/** Google's documented limit on the mapped `google.subject`. */
const GOOGLE_SUBJECT_MAX_BYTES = 127;

async function checkGar(
  provider: Provider<'gar'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<CloudCheck> {
  const findings: Finding[] = [];
  const workloadProvider = inputs.gcpWorkloadIdentityProvider ?? '';
  const token = await idToken(
    deps,
    gcpAudience(workloadProvider),
    `Artifact Registry (${provider.host})`,
    findings,
  );
  if (!token) return { findings };
  const subjectBytes = Buffer.byteLength(token.claims.sub ?? '', 'utf8');
  if (subjectBytes > GOOGLE_SUBJECT_MAX_BYTES) {
    findings.push({
      id: 'gcp.subject-too-long',
      severity: 'warning',
      title: `The token's sub is ${subjectBytes} bytes: mapped to google.subject it exceeds Google's ${GOOGLE_SUBJECT_MAX_BYTES}-byte limit`,
      fix: 'Map google.subject to a shorter value (e.g. assertion.repository_id + ":" + assertion.ref) and bind principalSet://…/attribute.repository_id/<id>.',
    });
  }
  const endpoints = cloudEndpoints(deps.env, {});
  let federated: string;
  try {
    federated = (
      await exchangeForFederatedToken(deps, endpoints.googleSts, workloadProvider, token)
    ).token;
  } catch (error) {
    findings.push(googleStsFinding(error, workloadProvider));
    return { findings };
  }
  findings.push({
    id: 'gcp.token-exchanged',
    severity: 'ok',
    title: `Google STS accepted the token for ${workloadProvider}`,
  });
  if (!inputs.gcpServiceAccount) {
    findings.push({
      id: 'gcp.direct-access-short-lived',
      severity: 'warning',
      title:
        'Direct resource access: the docker password is the federated token, which does not outlive the GitHub token (about 5 minutes)',
      fix: 'For builds longer than a few minutes set `gcp-service-account` (impersonation gives a one-hour token). See docs/cloud-setup.md#google-artifact-registry.',
    });
    return {
      findings,
      credentials: { registry: provider.host, username: 'oauth2accesstoken', password: federated },
    };
  }
  try {
    const { token: password } = await generateServiceAccountToken(
      deps,
      endpoints.googleIamCredentials,
      inputs.gcpServiceAccount,
      federated,
      { provider: workloadProvider, idToken: token },
    );
    findings.push({
      id: 'gcp.impersonation',
      severity: 'ok',
      title: `Impersonating ${inputs.gcpServiceAccount}: got a one-hour access token`,
    });
    return {
      findings,
      credentials: { registry: provider.host, username: 'oauth2accesstoken', password },
    };
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    findings.push(
      status === 403
        ? {
            id: 'gcp.impersonation-denied',
            severity: 'error',
            title: `This job's identity may not impersonate ${inputs.gcpServiceAccount} (roles/iam.workloadIdentityUser missing)`,
            detail: errorMessage(error),
            fix: 'Run the gcloud command shown above (it grants roles/iam.workloadIdentityUser to this repository).',
          }
        : {
            id: 'gcp.impersonation-failed',
            severity: 'error',
            title: `Could not impersonate ${inputs.gcpServiceAccount}`,
            detail: errorMessage(error),
            fix: 'Check `gcp-service-account` (the service account must exist) and that the IAM Service Account Credentials API is enabled.',
          },
    );
    return { findings };
  }
}

function googleStsFinding(error: unknown, workloadProvider: string): Finding {
  const body = parseJson(error instanceof HttpError ? error.body : '');
  const code = stringField(body, 'error') ?? '';
  const description = stringField(body, 'error_description') ?? '';
  const detail = errorMessage(error);
  if (code === 'invalid_target') {
    return {
      id: 'gcp.provider-not-found',
      severity: 'error',
      title: `Google STS does not know the workload identity provider ${workloadProvider} (or it is disabled)`,
      detail,
      fix: 'Set `gcp-workload-identity-provider` to the output of `gcloud iam workload-identity-pools providers describe PROVIDER --workload-identity-pool=POOL --location=global --format="value(name)"` (project NUMBER, not id).',
    };
  }
  if (code === 'unauthorized_client') {
    return {
      id: 'gcp.attribute-condition-refused',
      severity: 'error',
      title: "The provider's attribute condition refuses this job's token",
      detail,
      fix: "Update the provider's --attribute-condition to accept the claims above, e.g. assertion.repository_owner_id == '<repository_owner_id>' && assertion.repository_id == '<repository_id>'.",
    };
  }
  if (code === 'invalid_grant' && /audience/i.test(description)) {
    return {
      id: 'gcp.audience-refused',
      severity: 'error',
      title: "The provider's allowed audiences do not include the token's aud",
      detail,
      fix: `Clear the provider's allowed audiences (the default accepts https://iam.googleapis.com/${workloadProvider}), or add that value.`,
    };
  }
  return {
    id: 'gcp.token-refused',
    severity: 'error',
    title: 'Google STS refused the token',
    detail,
    fix: 'The provider must have the issuer https://token.actions.githubusercontent.com; see docs/cloud-setup.md#google-artifact-registry.',
  };
}

// ---- Azure Container Registry ----------------------------------------------------------------

async function checkAcr(
  provider: Provider<'acr'>,
  inputs: AuthInputs,
  deps: AuthDeps,
): Promise<CloudCheck> {
  const findings: Finding[] = [];
  const app = { clientId: inputs.azureClientId ?? '', tenantId: inputs.azureTenantId ?? '' };
  const token = await idToken(
    deps,
    AZURE_AUDIENCE,
    `Azure Container Registry (${provider.host})`,
    findings,
  );
  if (!token) return { findings };
  const endpoints = cloudEndpoints(deps.env, { acrHost: provider.host });
  let aadToken: string;
  try {
    aadToken = await getAadToken(deps, endpoints.azureLogin, app, token);
  } catch (error) {
    findings.push(aadFinding(error, app, token.claims));
    return { findings };
  }
  findings.push({
    id: 'azure.token',
    severity: 'ok',
    title: `Microsoft Entra accepted the token for app ${app.clientId}`,
  });
  try {
    const refresh = await exchangeForAcrRefreshToken(
      deps,
      endpoints.acrExchange,
      { host: provider.host, tenantId: app.tenantId },
      aadToken,
    );
    findings.push({
      id: 'azure.acr-exchange',
      severity: 'ok',
      title: `${provider.host} exchanged the Entra token for a registry refresh token`,
    });
    return {
      findings,
      credentials: { registry: provider.host, username: ACR_TOKEN_USERNAME, password: refresh },
    };
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    findings.push(
      status === 401 || status === 403
        ? {
            id: 'azure.acr-role-missing',
            severity: 'error',
            title: `${provider.host} refused the app: it has no role on the registry`,
            detail: errorMessage(error),
            fix:
              `az role assignment create --assignee ${app.clientId} --role AcrPush --scope "$(az acr show --name ${provider.name} --query id --output tsv)" ` +
              '— in a registry with ABAC repository permissions use the role "Container Registry Repository Writer" instead (AcrPush is not honored there).',
          }
        : {
            id: 'azure.acr-exchange-failed',
            severity: 'error',
            title: `${provider.host} did not exchange the Entra token`,
            detail: errorMessage(error),
          },
    );
    return { findings };
  }
}

function aadFinding(
  error: unknown,
  app: { clientId: string; tenantId: string },
  claims: IdTokenClaims,
): Finding {
  const body = parseJson(error instanceof HttpError ? error.body : '') as
    { error_codes?: unknown } | undefined;
  const codes = Array.isArray(body?.error_codes) ? body.error_codes : [];
  const detail = errorMessage(error);
  if (codes.includes(70021) || codes.includes(700213)) {
    return {
      id: 'azure.no-matching-federated-credential',
      severity: 'error',
      title: `No federated credential of app ${app.clientId} matches this job's issuer, subject and audience`,
      detail,
      fix:
        `az ad app federated-credential create --id ${app.clientId} --parameters '{"name": "github", ` +
        `"issuer": "https://token.actions.githubusercontent.com", "subject": "${claims.sub ?? '<sub>'}", ` +
        `"audiences": ["${AZURE_AUDIENCE}"]}'`,
    };
  }
  if (codes.includes(700016)) {
    return {
      id: 'azure.app-not-found',
      severity: 'error',
      title: `Tenant ${app.tenantId} has no application ${app.clientId}`,
      detail,
      fix: 'Set `azure-client-id` to the application (client) id of the app registration, and `azure-tenant-id` to its directory.',
    };
  }
  if (codes.includes(90002) || codes.includes(900023)) {
    return {
      id: 'azure.tenant-not-found',
      severity: 'error',
      title: `There is no Microsoft Entra tenant ${app.tenantId}`,
      detail,
      fix: 'Set `azure-tenant-id` to the directory (tenant) id: az account show --query tenantId --output tsv',
    };
  }
  return {
    id: 'azure.login-failed',
    severity: 'error',
    title: 'Microsoft Entra refused the token',
    detail,
  };
}
