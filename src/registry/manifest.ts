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
  const url = `${registryBaseUrl(ref.host)}/v2/${ref.path}/manifests/${encodeURIComponent(tag)}`;
  const head = (authorization?: string) =>
    fetchImpl(url, {
      method: 'HEAD',
      headers: {
        Accept: MANIFEST_TYPES,
        ...(authorization ? { Authorization: authorization } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
  try {
    const basic = credentials
      ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
      : undefined;
    let response = await head();
    if (response.status === 401) {
      const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
      if (challenge?.scheme === 'basic') {
        if (!basic) return unknown('the registry asks for credentials and none were given');
        response = await head(basic);
      } else if (challenge?.scheme === 'bearer') {
        const token = await fetchToken(challenge.params, ref.path, basic, fetchImpl);
        response = await head(`Bearer ${token}`);
      }
    }
    if (response.status === 200) {
      const digest = response.headers.get('docker-content-digest');
      if (!digest) return unknown('the registry answered 200 without a Docker-Content-Digest');
      return { exists: true, digest };
    }
    if (response.status === 404) return { exists: false };
    return unknown(`the registry answered ${response.status} ${response.statusText}`);
  } catch (error) {
    return unknown(error instanceof Error ? error.message : String(error));
  }
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
