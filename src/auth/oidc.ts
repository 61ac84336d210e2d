import {
  excerpt,
  HttpError,
  parseJson,
  safeUrl,
  sendWithContext,
  stringField,
} from '../platform/http.js';
import type { AuthDeps } from './types.js';

/** The claims of a GitHub OIDC token that explain a cloud's refusal. */
export interface IdTokenClaims {
  sub?: string;
  aud?: string | string[];
  iss?: string;
  repository?: string;
  ref?: string;
  job_workflow_ref?: string;
}

export interface IdToken {
  jwt: string;
  claims: IdTokenClaims;
}

/** Throws, before any network call, when the job cannot get an OIDC token at all. */
function assertIdTokenAvailable(env: NodeJS.ProcessEnv, cloud: string): void {
  if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return;
  throw new Error(
    [
      `Cannot log in to ${cloud} with OIDC: this job has no GitHub OIDC token ` +
        '(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set), ' +
        'which means it lacks `id-token: write`. Add to the job (or the workflow):',
      '',
      '    permissions:',
      '      id-token: write',
      '      contents: read',
      '',
      'A reusable workflow gets the permission only when its caller grants it too. Pull requests ' +
        'from forks never receive an OIDC token: push from a workflow of the base repository instead, ' +
        'or pass username/password for this registry.',
    ].join('\n'),
  );
}

/**
 * Requests the job's OIDC token for `audience` from the runner (what core.getIDToken does, over
 * the injected fetch). The token is masked before it is returned.
 */
export async function getGithubIdToken(
  deps: AuthDeps,
  audience: string,
  cloud: string,
): Promise<IdToken> {
  assertIdTokenAvailable(deps.env, cloud);
  const requestUrl = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '';
  const requestToken = deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '';
  deps.setSecret(requestToken);
  if (!URL.canParse(requestUrl)) {
    throw new Error(`Cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL`);
  }
  const url = new URL(requestUrl);
  url.searchParams.set('audience', audience);
  const context = `Could not get a GitHub OIDC token for audience ${audience} from ${safeUrl(requestUrl)}`;
  const response = await sendWithContext(deps, context, {
    method: 'GET',
    url: url.toString(),
    headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
  });
  const jwt = stringField(parseJson(response.text), 'value');
  if (response.status !== 200 || !jwt) {
    throw new HttpError(
      `${context}: HTTP ${response.status}${excerpt(response.text)}`,
      response.status,
      response.text,
    );
  }
  deps.setSecret(jwt);
  return { jwt, claims: decodeJwtClaims(jwt) ?? {} };
}

/** Pure: the payload of a JWT, decoded but NOT verified (only used to explain refusals). */
function decodeJwtClaims(jwt: string): IdTokenClaims | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as IdTokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** Pure: the claims a trust policy matches, for refusal messages. */
export function describeClaims(claims: IdTokenClaims): string {
  const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
  return `sub "${claims.sub ?? '?'}", aud "${aud ?? '?'}"`;
}
