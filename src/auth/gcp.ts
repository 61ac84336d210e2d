import { excerpt, HttpError, parseJson, sendWithContext, stringField } from '../platform/http.js';
import { describeClaims } from './oidc.js';
import type { IdToken } from './oidc.js';
import type { AuthDeps } from './types.js';

const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';

/** The audience GitHub must put in the token for a workload identity provider. */
export function gcpAudience(provider: string): string {
  return `https://iam.googleapis.com/${provider}`;
}

/** Pure: `projects/N/locations/global/workloadIdentityPools/P` of a provider resource name. */
function gcpPoolName(provider: string): string {
  return provider.replace(/\/providers\/[^/]+$/, '');
}

/** An access token and when it stops working (ms since the epoch; undefined when not said). */
export interface AccessToken {
  token: string;
  expiresAt?: number;
}

/** Google STS token exchange: GitHub JWT → federated access token (masked). */
export async function exchangeForFederatedToken(
  deps: AuthDeps,
  stsEndpoint: string,
  provider: string,
  idToken: IdToken,
): Promise<AccessToken> {
  const context = `Could not exchange the GitHub OIDC token with workload identity provider ${provider}`;
  const response = await sendWithContext(deps, context, {
    method: 'POST',
    url: `${stsEndpoint}/v1/token`,
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({
      audience: `//iam.googleapis.com/${provider}`,
      grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
      scope: CLOUD_PLATFORM_SCOPE,
      subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
      subjectToken: idToken.jwt,
    }),
  });
  const token = stringField(parseJson(response.text), 'access_token');
  if (response.status !== 200 || !token) {
    const body = parseJson(response.text);
    const code = stringField(body, 'error');
    const description = stringField(body, 'error_description');
    const detail = code
      ? `${code}: ${description ?? ''}`
      : `HTTP ${response.status}${excerpt(response.text)}`;
    const lines = [`${context}: ${detail}`];
    if (code === 'invalid_grant' || code === 'unauthorized_client' || code === 'invalid_target') {
      lines.push(
        `This job's token has ${describeClaims(idToken.claims)}. Check input \`gcp-workload-identity-provider\` ` +
          '(the provider must exist and be enabled), its issuer https://token.actions.githubusercontent.com, ' +
          'and that its attribute condition accepts this repository (names are case-sensitive).',
      );
    }
    throw new HttpError(lines.join('\n'), response.status, response.text);
  }
  deps.setSecret(token);
  const expiresIn = (parseJson(response.text) as { expires_in?: unknown } | undefined)?.expires_in;
  return {
    token,
    expiresAt: typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : undefined,
  };
}

/** IAM Credentials generateAccessToken: impersonate a service account with the federated token. */
export async function generateServiceAccountToken(
  deps: AuthDeps,
  iamCredentialsEndpoint: string,
  serviceAccount: string,
  federatedToken: string,
  explain: { provider: string; idToken: IdToken },
): Promise<AccessToken> {
  const context = `Could not generate an access token for service account ${serviceAccount}`;
  const response = await sendWithContext(deps, context, {
    method: 'POST',
    url: `${iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`,
    headers: {
      Authorization: `Bearer ${federatedToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    },
    // One hour is the longest lifetime allowed without an organization policy exception.
    body: JSON.stringify({ scope: [CLOUD_PLATFORM_SCOPE], lifetime: '3600s' }),
  });
  const token = stringField(parseJson(response.text), 'accessToken');
  if (response.status === 200 && token) {
    deps.setSecret(token);
    const expireTime = Date.parse(stringField(parseJson(response.text), 'expireTime') ?? '');
    return { token, expiresAt: Number.isNaN(expireTime) ? undefined : expireTime };
  }
  const error = (parseJson(response.text) as { error?: unknown } | undefined)?.error;
  const message =
    stringField(error, 'message') ?? `HTTP ${response.status}${excerpt(response.text)}`;
  const lines = [`${context}: ${message}`];
  if (response.status === 403) lines.push(...impersonationHelp(serviceAccount, explain));
  throw new HttpError(lines.join('\n'), response.status, response.text);
}

function impersonationHelp(
  serviceAccount: string,
  explain: { provider: string; idToken: IdToken },
): string[] {
  const pool = gcpPoolName(explain.provider);
  const { sub, repository } = explain.idToken.claims;
  const principal = `principal://iam.googleapis.com/${pool}/subject/${sub ?? '<sub>'}`;
  const principalSet = `principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository ?? '<OWNER/REPO>'}`;
  return [
    `The service account in input \`gcp-service-account\` must grant roles/iam.workloadIdentityUser ` +
      `to this job's identity from input \`gcp-workload-identity-provider\` (${describeClaims(explain.idToken.claims)}), either`,
    `    ${principal}`,
    `or, for every workflow of the repository (needs the attribute mapping attribute.repository=assertion.repository),`,
    `    ${principalSet}`,
    `e.g. gcloud iam service-accounts add-iam-policy-binding ${serviceAccount} --role=roles/iam.workloadIdentityUser --member="${principalSet}"`,
  ];
}
