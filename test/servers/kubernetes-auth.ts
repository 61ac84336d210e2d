/**
 * How managed clusters authenticate bearer tokens, for the fake API server: EKS (the
 * aws-iam-authenticator flow: a presigned STS GetCallerIdentity URL, replayed with the cluster's
 * own id header), GKE (a Google access token, validated with Google), AKS (an Entra ID token whose
 * audience is the AKS server application).
 */
import type { FakeAws } from './aws.js';
import type { FakeAzure } from './azure.js';
import type { FakeGoogle } from './google.js';

const EKS_PREFIX = 'k8s-aws-v1.';
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** Why a token was refused, kept for the tests to read. */
export const refusals: string[] = [];

function refuse(reason: string): undefined {
  refusals.push(reason);
  return undefined;
}

/**
 * aws-iam-authenticator: the token decodes to a presigned GetCallerIdentity URL on the STS host,
 * valid at most 15 minutes, with `x-k8s-aws-id` among its signed headers; the server calls it with
 * ITS cluster id, so a token minted for another cluster fails STS's signature check.
 */
export function eksAuthenticator(aws: FakeAws, clusterId: string) {
  return async (token: string): Promise<string | undefined> => {
    if (!token.startsWith(EKS_PREFIX)) return refuse('not an EKS token');
    const encoded = token.slice(EKS_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded))
      return refuse('the token is not base64url without padding');
    let url: URL;
    try {
      url = new URL(Buffer.from(encoded, 'base64url').toString('utf8'));
    } catch {
      return refuse('the token is not a URL');
    }
    const sts = new URL(aws.sts.url);
    if (url.host !== sts.host || url.pathname !== '/')
      return refuse(`unexpected STS host ${url.host}`);
    const q = url.searchParams;
    if (q.get('Action') !== 'GetCallerIdentity') return refuse('not GetCallerIdentity');
    if (Number(q.get('X-Amz-Expires')) > 900) return refuse('X-Amz-Expires over 15 minutes');
    if (!(q.get('X-Amz-SignedHeaders') ?? '').split(';').includes('x-k8s-aws-id')) {
      return refuse('x-k8s-aws-id is not a signed header');
    }
    const response = await fetch(url, {
      headers: { 'x-k8s-aws-id': clusterId, accept: 'application/json' },
    });
    if (response.status !== 200)
      return refuse(`STS answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as {
      GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: string } };
    };
    const arn = body.GetCallerIdentityResponse?.GetCallerIdentityResult?.Arn ?? '';
    // An access entry names the role: arn:aws:sts::A:assumed-role/R/S → arn:aws:iam::A:role/R.
    const assumed = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
    return assumed
      ? `arn:aws:iam::${assumed[1]}:role/${assumed[2]}`
      : refuse(`unexpected ARN ${arn}`);
  };
}

/** GKE: a Google access token the (fake) Google issued; the user is its account. */
export function gkeAuthenticator(google: FakeGoogle) {
  return (token: string): Promise<string | undefined> =>
    Promise.resolve(google.identityOf(token) ?? refuse('not a Google access token'));
}

/** AKS with Entra ID: a token for the AKS server application; the user is the app. */
export function aksAuthenticator(azure: FakeAzure) {
  return (token: string): Promise<string | undefined> => {
    const info = azure.tokenInfo(token);
    if (!info) return Promise.resolve(refuse('not an Entra ID token'));
    if (info.audience !== AKS_SERVER_APP_ID) {
      return Promise.resolve(refuse(`audience ${info.audience} is not the AKS server app`));
    }
    return Promise.resolve(info.clientId);
  };
}

/** Tries each route's check in turn (one API server, several test routes). */
export function anyOf(...checks: ((token: string) => Promise<string | undefined>)[]) {
  return async (token: string): Promise<string | undefined> => {
    for (const check of checks) {
      const user = await check(token);
      if (user) return user;
    }
    return undefined;
  };
}
