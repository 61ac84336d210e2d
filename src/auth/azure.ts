import {
  excerpt,
  formBody,
  HttpError,
  parseJson,
  sendWithContext,
  stringField,
} from '../platform/http.js';
import { describeClaims } from './oidc.js';
import type { IdToken } from './oidc.js';
import type { AuthDeps } from './types.js';

/** The audience Azure AD expects in a federated credential's token. */
export const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
export const ACR_SCOPE = 'https://containerregistry.azure.net/.default';
/** The AKS Entra ID server application (the same id in every tenant): a cluster token's audience. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';
/** The fixed user name docker uses with an ACR refresh token. */
export const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

/** AAD client-credentials grant with the GitHub JWT as client assertion → AAD access token (masked). */
export async function getAadToken(
  deps: AuthDeps,
  loginEndpoint: string,
  app: { clientId: string; tenantId: string },
  idToken: IdToken,
  scope = ACR_SCOPE,
): Promise<string> {
  const context = `Could not get an Azure AD token for app ${app.clientId} in tenant ${app.tenantId}`;
  const response = await sendWithContext(deps, context, {
    method: 'POST',
    url: `${loginEndpoint}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: formBody({
      client_id: app.clientId,
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: idToken.jwt,
      scope,
    }),
  });
  const body = parseJson(response.text);
  const token = stringField(body, 'access_token');
  if (response.status === 200 && token) {
    deps.setSecret(token);
    return token;
  }
  const description = stringField(body, 'error_description');
  const lines = [
    `${context}: ${description ? firstLine(description) : `HTTP ${response.status}${excerpt(response.text)}`}`,
  ];
  const codes = (body as { error_codes?: unknown } | undefined)?.error_codes;
  const hint = aadHint(Array.isArray(codes) ? codes : [], idToken);
  if (hint) lines.push(hint);
  throw new HttpError(lines.join('\n'), response.status, response.text);
}

function aadHint(codes: unknown[], idToken: IdToken): string | undefined {
  const { sub } = idToken.claims;
  if (codes.includes(70021) || codes.includes(700213)) {
    return (
      `No federated credential of the app in input \`azure-client-id\` (tenant \`azure-tenant-id\`) matches this job's token ` +
      `(${describeClaims(idToken.claims)}). Add one with issuer https://token.actions.githubusercontent.com ` +
      `(no trailing slash), audience ${AZURE_AUDIENCE} and subject exactly "${sub ?? '<sub>'}" ` +
      '(subjects are matched exactly: a branch, an environment or pull_request each need their own credential).'
    );
  }
  if (codes.includes(700016)) {
    return 'Input `azure-client-id` names no application in this tenant: check `azure-client-id` and `azure-tenant-id`.';
  }
  if (codes.includes(90002) || codes.includes(900023)) {
    return 'Input `azure-tenant-id` names no Azure AD tenant.';
  }
  return undefined;
}

/** ACR /oauth2/exchange: AAD access token → ACR refresh token, the docker password (masked). */
export async function exchangeForAcrRefreshToken(
  deps: AuthDeps,
  exchangeEndpoint: string,
  registry: { host: string; tenantId: string },
  aadToken: string,
): Promise<string> {
  const context = `Could not exchange the Azure AD token for an ACR refresh token at ${registry.host}`;
  const response = await sendWithContext(deps, context, {
    method: 'POST',
    url: `${exchangeEndpoint}/oauth2/exchange`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: formBody({
      grant_type: 'access_token',
      service: registry.host,
      tenant: registry.tenantId,
      access_token: aadToken,
    }),
  });
  const token = stringField(parseJson(response.text), 'refresh_token');
  if (response.status === 200 && token) {
    deps.setSecret(token);
    return token;
  }
  const hint =
    response.status === 401 || response.status === 403
      ? '\nThe app in input `azure-client-id` needs the AcrPush role on the registry (see docs/cloud-setup.md).'
      : '';
  throw new HttpError(
    `${context}: HTTP ${response.status}${excerpt(response.text)}${hint}`,
    response.status,
    response.text,
  );
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0] ?? text;
}

/** Pure: the `exp` claim of a JWT in ms since the epoch; undefined when it is not a JWT with one. */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (
      JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }
    ).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
