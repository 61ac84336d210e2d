import { parseImageReference, type ImageReference } from '../image/reference.js';
import type { ImageResult } from '../image/result.js';
import { parseJson, type HttpDeps } from '../platform/http.js';
import type { Runtime } from '../platform/runtime.js';
import { registryRequest, type BasicCredentials } from './manifest.js';
import type { RegistrySession } from './session.js';

/** How big an image is, and what the number counts. */
export interface ImageSize {
  bytes: number;
  /** `compressed`: the layers as the registry stores them; `uncompressed`: the engine's Size. */
  kind: 'compressed' | 'uncompressed';
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Manifest {
  layers?: { size?: unknown }[];
  manifests?: { digest?: unknown; platform?: { os?: string; architecture?: string } }[];
}

/**
 * The sum of the compressed layer sizes of the manifest `digest` (what a pull downloads at most);
 * for an index, of its linux/amd64 image (else its first). undefined when the registry does not
 * say: a size is information, never a reason to fail the step.
 */
export async function registryImageSize(
  ref: Pick<ImageReference, 'host' | 'path'>,
  digest: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<ImageSize | undefined> {
  const read = async (reference: string): Promise<Manifest | undefined> => {
    const response = await registryRequest(
      ref,
      `/manifests/${reference}`,
      { method: 'GET', headers: { Accept: ACCEPT } },
      'pull',
      credentials,
      http,
    );
    return response.status === 200 ? (parseJson(response.text) as Manifest) : undefined;
  };
  try {
    let manifest = await read(digest);
    if (manifest?.manifests) {
      const images = manifest.manifests.filter((entry) => typeof entry.digest === 'string');
      const image =
        images.find(
          (entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64',
        ) ?? images.find((entry) => entry.platform?.os !== 'unknown');
      manifest = image ? await read(image.digest as string) : undefined;
    }
    const layers = manifest?.layers;
    if (!layers || !layers.every((layer) => typeof layer.size === 'number')) return undefined;
    return {
      bytes: layers.reduce((sum, layer) => sum + (layer.size as number), 0),
      kind: 'compressed',
    };
  } catch {
    return undefined;
  }
}

/** `1.2 GB`, `340.5 MB`, `12 kB` (decimal units, as docker and registries show sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/**
 * The size of the image a step produced: from the registry when it is referenced by digest there
 * (pushed, found or given), else the local engine's uncompressed Size.
 */
export async function measureImage(
  rt: Pick<Runtime, 'run' | 'env'> & HttpDeps,
  image: Pick<ImageResult, 'imageRef'>,
  session: Pick<RegistrySession, 'credentialsFor'>,
): Promise<ImageSize | undefined> {
  const ref = parseImageReference(image.imageRef);
  if (typeof ref !== 'string' && ref.digest) {
    return registryImageSize(ref, ref.digest, await session.credentialsFor(ref.host), rt);
  }
  const inspect = await rt.run(
    'docker',
    ['image', 'inspect', '--format', '{{.Size}}', image.imageRef],
    {
      env: rt.env,
    },
  );
  const bytes = Number(inspect.stdout.trim());
  return inspect.exitCode === 0 && Number.isSafeInteger(bytes) && bytes > 0
    ? { bytes, kind: 'uncompressed' }
    : undefined;
}
