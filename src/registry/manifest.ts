import type { ImageReference } from '../image/reference.js';
import { errorMessage } from '../platform/errors.js';
import {
  parseJson,
  sendWithRetry,
  stringField,
  type HttpDeps,
  type HttpRequest,
  type HttpResponse,
  type SendOptions,
} from '../platform/http.js';
import type { RetryPolicy } from '../platform/retry.js';

export interface BasicCredentials {
  username: string;
  password: string;
  /**
   * docker's identity token (a credential helper's `<token>` user, `identitytoken` in `auths`): an
   * OAuth2 refresh token for the registry's token service; username and password are then unused.
   */
  identityToken?: string;
}

export type LookupResult =
  | { exists: true; digest: string }
  | { exists: false }
  /** Anything else: never taken as "exists" (building again is safe, skipping wrongly is not). */
  | { exists: 'unknown'; reason: string };

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Registries on loopback are plain HTTP (docker allows that); every other registry is HTTPS. */
export function registryBaseUrl(host: string): string {
  const bare = host.replace(/:\d+$/, '');
  const insecure = bare === 'localhost' || bare === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(bare);
  const name = host === 'docker.io' ? 'registry-1.docker.io' : host;
  return `${insecure ? 'http' : 'https'}://${name}`;
}

/** Manifest reads get a few quick retries: a relaunch should not rebuild over one lost packet. */
const LOOKUP_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 2_000,
  maxTotalDelayMs: 5_000,
};

/**
 * One manifest HEAD: does the registry hold this tag? Answers the auth challenge the registry sends
 * (Basic, or a Bearer token from its realm) the way docker does — never a tag listing. Network
 * errors, 408, 429 and 5xx are retried briefly; whatever still fails is "unknown", never "exists".
 */
export async function lookupManifest(
  ref: Pick<ImageReference, 'host' | 'path'>,
  tag: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<LookupResult> {
  try {
    const response = await registryRequest(
      ref,
      `/manifests/${encodeURIComponent(tag)}`,
      { method: 'HEAD', headers: { Accept: MANIFEST_TYPES } },
      'pull',
      credentials,
      http,
    );
    if (response.status === 200) {
      const digest = response.headers.get('docker-content-digest');
      if (!digest) return unknown('the registry answered 200 without a Docker-Content-Digest');
      return { exists: true, digest };
    }
    if (response.status === 404) return { exists: false };
    if (response.status === 401) return unknown('the registry refused the credentials (401)');
    return unknown(`the registry answered ${response.status}`);
  } catch (error) {
    return unknown(errorMessage(error));
  }
}

/**
 * Adds a tag to a manifest already in the registry: the same manifest bytes PUT under the new
 * tag, so the digest stays the same and nothing is built or uploaded.
 */
export async function addTag(
  ref: Pick<ImageReference, 'host' | 'path'>,
  digest: string,
  tag: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<void> {
  const get = await registryRequest(
    ref,
    `/manifests/${digest}`,
    { method: 'GET', headers: { Accept: MANIFEST_TYPES } },
    'pull,push',
    credentials,
    http,
  );
  if (get.status !== 200) throw new Error(`reading manifest ${digest} answered ${get.status}`);
  const put = await registryRequest(
    ref,
    `/manifests/${encodeURIComponent(tag)}`,
    {
      method: 'PUT',
      headers: { 'Content-Type': get.headers.get('content-type') ?? MANIFEST_TYPES.split(',')[0]! },
      body: get.bytes,
    },
    'pull,push',
    credentials,
    http,
  );
  if (put.status !== 201 && put.status !== 200) {
    throw new Error(`writing tag ${tag} answered ${put.status} ${put.text}`);
  }
}

/** A request to `/v2/<path><suffix>` that answers the registry's auth challenge once (`actions`: the token scope, e.g. `pull,push`). */
export async function registryRequest(
  ref: Pick<ImageReference, 'host' | 'path'>,
  suffix: string,
  init: Pick<HttpRequest, 'method' | 'headers' | 'body'>,
  actions: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<HttpResponse> {
  const url = `${registryBaseUrl(ref.host)}/v2/${ref.path}${suffix}`;
  const send = (authorization?: string) =>
    sendWithRetry(
      http,
      {
        ...init,
        url,
        headers: { ...init.headers, ...(authorization ? { Authorization: authorization } : {}) },
      },
      REGISTRY_SEND,
    );
  const response = await send();
  if (response.status !== 401) return response;
  const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
  if (challenge?.scheme === 'basic') return send(basicAuthorization(credentials));
  if (challenge?.scheme === 'bearer') {
    const request = tokenRequest(
      challenge.params,
      [`repository:${ref.path}:${actions}`],
      credentials,
    );
    const answer = await sendWithRetry(http, request, REGISTRY_SEND);
    return send(`Bearer ${tokenFromAnswer(answer.status, answer.text)}`);
  }
  return response;
}

/** The answer to a Basic challenge: the user name and password (an identity token cannot be one). */
export function basicAuthorization(credentials: BasicCredentials | undefined): string {
  if (!credentials) throw new Error('the registry asks for credentials and none were given');
  if (credentials.identityToken !== undefined) {
    throw new Error(
      'the registry asks for a user name and password, and docker holds only an identity token for it',
    );
  }
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * Pure: the token request for a Bearer challenge, as the docker CLI and containerd make it. With an
 * identity token, the OAuth2 refresh-token grant POSTed to the realm; otherwise a GET of the
 * realm, with Basic credentials when there are any.
 */
export function tokenRequest(
  params: Record<string, string>,
  scopes: readonly string[],
  credentials: BasicCredentials | undefined,
): HttpRequest {
  if (!params.realm) throw new Error('the registry sent a Bearer challenge without a realm');
  const url = new URL(params.realm);
  if (credentials?.identityToken !== undefined) {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credentials.identityToken,
      client_id: 'launch-action',
    });
    if (params.service) form.set('service', params.service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    return {
      method: 'POST',
      url: url.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    };
  }
  if (params.service) url.searchParams.set('service', params.service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return {
    method: 'GET',
    url: url.toString(),
    headers: credentials ? { Authorization: basicAuthorization(credentials) } : {},
  };
}

/** The token in a token service's answer (`token`, or OAuth2's `access_token`). */
export function tokenFromAnswer(status: number, text: string): string {
  if (status < 200 || status > 299) throw new Error(`the token service answered ${status}`);
  const body = parseJson(text);
  const token = stringField(body, 'token') ?? stringField(body, 'access_token');
  if (!token) throw new Error('the token service answered without a token');
  return token;
}

const REGISTRY_SEND: SendOptions = {
  policy: LOOKUP_RETRY_POLICY,
  timeoutMs: 10_000,
  // Registries may send reads on to their storage; fetch drops Authorization across origins.
  redirect: 'follow',
};

function unknown(reason: string): LookupResult {
  return { exists: 'unknown', reason };
}

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

export function parseChallenge(header: string): Challenge | undefined {
  const match = /^\s*(Basic|Bearer)\b(.*)$/i.exec(header);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
    if (key) params[key.toLowerCase()] = quoted ?? bare ?? '';
  }
  return { scheme: match[1]!.toLowerCase() as Challenge['scheme'], params };
}
