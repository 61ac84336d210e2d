/**
 * The image's config (WorkingDir, Env) read from its registry by digest: for runs where no local
 * engine holds the image (a Kubernetes Job), so nothing is pulled to learn it.
 */
import type { ImageReference } from '../image/reference.js';
import { parseJson, type HttpDeps } from '../platform/http.js';
import { registryRequest, type BasicCredentials } from './manifest.js';

const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const ACCEPT = [
  ...INDEX_TYPES,
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

export interface ImageConfig {
  workingDir: string;
  env: string[];
}

interface Descriptor {
  mediaType?: string;
  digest?: string;
  platform?: { os?: string; architecture?: string };
}

async function getJson(
  ref: Pick<ImageReference, 'host' | 'path'>,
  suffix: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<Record<string, unknown>> {
  const response = await registryRequest(
    ref,
    suffix,
    { method: 'GET', headers: { Accept: ACCEPT } },
    'pull',
    credentials,
    http,
  );
  if (response.status !== 200) {
    throw new Error(`GET ${suffix} answered ${response.status}`);
  }
  const parsed = parseJson(response.text);
  if (!parsed || typeof parsed !== 'object') throw new Error(`${suffix} is not a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * The config of `ref@digest`. An index resolves to its `architecture` entry (default amd64, the
 * GPU nodes' usual platform), else its first image that is not an attestation.
 */
export async function readImageConfig(
  ref: Pick<ImageReference, 'host' | 'path'>,
  digest: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
  architecture = 'amd64',
): Promise<ImageConfig> {
  let manifest = await getJson(ref, `/manifests/${digest}`, credentials, http);
  if (INDEX_TYPES.includes(String(manifest.mediaType)) || Array.isArray(manifest.manifests)) {
    const entries = (manifest.manifests ?? []) as Descriptor[];
    const images = entries.filter((entry) => entry.platform?.os !== 'unknown');
    const chosen =
      images.find((e) => e.platform?.os === 'linux' && e.platform.architecture === architecture) ??
      images[0];
    if (!chosen?.digest) throw new Error(`the index ${digest} lists no image`);
    manifest = await getJson(ref, `/manifests/${chosen.digest}`, credentials, http);
  }
  const configDigest = (manifest.config as Descriptor | undefined)?.digest;
  if (!configDigest) throw new Error(`the manifest of ${digest} names no config`);
  const blob = await getJson(ref, `/blobs/${configDigest}`, credentials, http);
  const config = (blob.config ?? {}) as { WorkingDir?: unknown; Env?: unknown };
  return {
    workingDir: typeof config.WorkingDir === 'string' ? config.WorkingDir : '',
    env: Array.isArray(config.Env)
      ? config.Env.filter((e): e is string => typeof e === 'string')
      : [],
  };
}
