import type { ImageReference } from '../image/reference.js';

export interface BasicCredentials {
  username: string;
  password: string;
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

/**
 * One manifest HEAD: does the registry hold this tag? Answers the auth challenge the registry sends
 * (Basic, or a Bearer token from its realm) the way docker does. Two requests at most when a token
 * is needed, one otherwise — never a tag listing.
 */
export async function lookupManifest(
  ref: Pick<ImageReference, 'host' | 'path'>,
  tag: string,
  credentials: BasicCredentials | undefined,
  fetchImpl: typeof fetch = fetch,
): Promise<LookupResult> {
  try {
    const response = await registryRequest(
      ref,
      `/manifests/${encodeURIComponent(tag)}`,
      { method: 'HEAD', headers: { Accept: MANIFEST_TYPES } },
      'pull',
      credentials,
      fetchImpl,
    );
    if (response.status === 200) {
      const digest = response.headers.get('docker-content-digest');
      if (!digest) return unknown('the registry answered 200 without a Docker-Content-Digest');
      return { exists: true, digest };
    }
    if (response.status === 404) return { exists: false };
    if (response.status === 401) return unknown('the registry refused the credentials (401)');
    return unknown(`the registry answered ${response.status} ${response.statusText}`);
  } catch (error) {
    return unknown(error instanceof Error ? error.message : String(error));
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
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const get = await registryRequest(
    ref,
    `/manifests/${digest}`,
    { method: 'GET', headers: { Accept: MANIFEST_TYPES } },
    'pull,push',
    credentials,
    fetchImpl,
  );
  if (get.status !== 200) throw new Error(`reading manifest ${digest} answered ${get.status}`);
  const body = Buffer.from(await get.arrayBuffer());
  const put = await registryRequest(
    ref,
    `/manifests/${encodeURIComponent(tag)}`,
    {
      method: 'PUT',
      headers: { 'Content-Type': get.headers.get('content-type') ?? MANIFEST_TYPES.split(',')[0]! },
      body,
    },
    'pull,push',
    credentials,
    fetchImpl,
  );
  if (put.status !== 201 && put.status !== 200) {
    throw new Error(`writing tag ${tag} answered ${put.status} ${await put.text()}`);
  }
}

/** A request to `/v2/<path><suffix>` that answers the registry's auth challenge once (`actions`: the token scope, e.g. `pull,push`). */
export async function registryRequest(
  ref: Pick<ImageReference, 'host' | 'path'>,
  suffix: string,
  init: { method: string; headers: Record<string, string>; body?: Buffer },
  actions: string,
  credentials: BasicCredentials | undefined,
  fetchImpl: typeof fetch,
): Promise<Response> {
  const url = `${registryBaseUrl(ref.host)}/v2/${ref.path}${suffix}`;
  const send = (authorization?: string) =>
    fetchImpl(url, {
      ...init,
      headers: { ...init.headers, ...(authorization ? { Authorization: authorization } : {}) },
      signal: AbortSignal.timeout(30_000),
    });
  const basic = credentials
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : undefined;
  const response = await send();
  if (response.status !== 401) return response;
  const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
  if (challenge?.scheme === 'basic') {
    if (!basic) throw new Error('the registry asks for credentials and none were given');
    return send(basic);
  }
  if (challenge?.scheme === 'bearer') {
    const scope = `repository:${ref.path}:${actions}`;
    const token = await fetchToken({ ...challenge.params, scope }, ref.path, basic, fetchImpl);
    return send(`Bearer ${token}`);
  }
  return response;
}

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

async function fetchToken(
  params: Record<string, string>,
  path: string,
  basic: string | undefined,
  fetchImpl: typeof fetch,
): Promise<string> {
  if (!params.realm) throw new Error('the registry sent a Bearer challenge without a realm');
  const url = new URL(params.realm);
  if (params.service) url.searchParams.set('service', params.service);
  url.searchParams.set('scope', params.scope ?? `repository:${path}:pull`);
  const response = await fetchImpl(url, {
    headers: basic ? { Authorization: basic } : {},
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`the token service answered ${response.status}`);
  const body = (await response.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new Error('the token service answered without a token');
  return token;
}
