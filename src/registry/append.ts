import { createHash } from 'node:crypto';
import type { LayerBlob } from '../layer/code-layer.js';
import {
  RegistryRefusal,
  bufferBlob,
  fileBlob,
  mountBlob,
  blobExists,
  refusalOrError,
  registryErrorText,
  uploadBlob,
  type RegistryClient,
  type UploadMode,
} from './client.js';

export const MEDIA = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

const ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(
  ', ',
);

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

interface ImageManifest {
  schemaVersion: number;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  [key: string]: unknown;
}

interface ImageIndex {
  schemaVersion: number;
  mediaType?: string;
  manifests: Descriptor[];
  [key: string]: unknown;
}

interface ImageConfig {
  rootfs?: { type: string; diff_ids: string[] };
  history?: { created?: string; created_by?: string; comment?: string; empty_layer?: boolean }[];
  [key: string]: unknown;
}

export interface AppendRequest {
  /** The image to build on, in the client's registry: repository and tag or digest. */
  base: { repository: string; reference: string };
  /** Where the result goes (same registry): repository and tag. */
  target: { repository: string; tag: string };
  /**
   * The layer to append. May still be being written: the base's manifest and config are read
   * meanwhile, and it is awaited when its digests are needed.
   */
  layer: LayerBlob | Promise<LayerBlob>;
  /** The history entry of the new layer (what `docker history` shows). */
  createdBy: string;
  /** Labels set on the result (over the base's own), as `LABEL` would. */
  labels?: Readonly<Record<string, string>>;
  upload?: UploadMode;
}

export interface AppendResult {
  /** Digest of what the tag points at: the new manifest, or the new index for several platforms. */
  digest: string;
  mediaType: string;
  /** One line per image written: `<platform> <digest>`. */
  images: string[];
  /** The new config's digest (the image ID docker shows) of a single-platform result. */
  configDigest?: string;
  /** How the code layer got into the target repository. */
  layerUpload: 'present' | 'uploaded';
  /** Base blobs mounted from the base repository (0 when base and target are one repository). */
  mounted: number;
  /** Base blobs the registry would not mount, copied through this client instead. */
  copied: number;
}

/**
 * Appends one layer to an image through the distribution API, without a builder or a pull:
 * the layer blob is uploaded once, every platform image of the base gets the layer appended to
 * its config (diff_id and history) and manifest, and the tag is written in the base's own form
 * (Docker v2 or OCI, single image or list). The base's blobs are mounted into the target
 * repository when it is another one.
 */
export async function appendLayer(
  client: RegistryClient,
  request: AppendRequest,
): Promise<AppendResult> {
  const base = await getManifest(client, request.base.repository, request.base.reference);
  const state = {
    mounted: 0,
    copied: 0,
    layerUpload: undefined as 'present' | 'uploaded' | undefined,
  };
  // One upload of the layer, whichever platform image needs it first.
  let layerUploaded: Promise<void> | undefined;
  const uploadLayer = (layer: LayerBlob) =>
    (layerUploaded ??= uploadBlob(
      client,
      request.target.repository,
      fileBlob(layer.file, layer.digest, layer.size),
      request.upload,
    ).then((how) => {
      state.layerUpload = how;
    }));

  if (isIndex(base.mediaType)) {
    const index = JSON.parse(base.bytes.toString('utf8')) as ImageIndex;
    const manifests: Descriptor[] = [];
    const images: string[] = [];
    for (const entry of index.manifests) {
      // Attestations describe the base image, not the result: they are not carried over.
      if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
      if (!isImageManifest(entry.mediaType)) {
        throw new RegistryRefusal(`appending to a ${entry.mediaType} entry of the index`, 0, '');
      }
      const child = await getManifest(client, request.base.repository, entry.digest);
      const appended = await appendToImage(client, request, child, state, uploadLayer);
      await putManifest(client, request.target.repository, appended.digest, appended);
      manifests.push({ ...entry, digest: appended.digest, size: appended.bytes.length });
      images.push(`${platformName(entry)} ${appended.digest}`);
    }
    if (manifests.length === 0) {
      throw new RegistryRefusal('appending to an index without image manifests', 0, '');
    }
    const bytes = Buffer.from(JSON.stringify({ ...index, manifests }, null, 2));
    const written = { mediaType: base.mediaType, bytes, digest: sha256(bytes) };
    await putManifest(client, request.target.repository, request.target.tag, written);
    return {
      digest: written.digest,
      mediaType: written.mediaType,
      images,
      layerUpload: state.layerUpload ?? 'present',
      mounted: state.mounted,
      copied: state.copied,
    };
  }
  if (!isImageManifest(base.mediaType)) {
    throw new RegistryRefusal(`appending to a manifest of type ${base.mediaType}`, 0, '');
  }
  const appended = await appendToImage(client, request, base, state, uploadLayer);
  await putManifest(client, request.target.repository, request.target.tag, appended);
  return {
    digest: appended.digest,
    mediaType: appended.mediaType,
    images: [`single ${appended.digest}`],
    configDigest: appended.configDigest,
    layerUpload: state.layerUpload ?? 'present',
    mounted: state.mounted,
    copied: state.copied,
  };
}

interface FetchedManifest {
  mediaType: string;
  bytes: Buffer;
  digest: string;
}

async function appendToImage(
  client: RegistryClient,
  request: AppendRequest,
  base: FetchedManifest,
  state: { mounted: number; copied: number },
  uploadLayer: (layer: LayerBlob) => Promise<void>,
): Promise<FetchedManifest & { configDigest: string }> {
  const manifest = JSON.parse(base.bytes.toString('utf8')) as ImageManifest;
  const oci = base.mediaType === MEDIA.ociManifest;
  if (typeof manifest.config?.digest !== 'string' || !Array.isArray(manifest.layers)) {
    throw new RegistryRefusal(`reading the manifest ${base.digest} (no config or layers)`, 0, '');
  }
  const configBytes = await getBlob(client, request.base.repository, manifest.config.digest);
  const config = JSON.parse(configBytes.toString('utf8')) as ImageConfig;
  if (!config.rootfs || !Array.isArray(config.rootfs.diff_ids)) {
    throw new RegistryRefusal(`reading the config of ${base.digest} (no rootfs.diff_ids)`, 0, '');
  }

  if (request.base.repository !== request.target.repository) {
    for (const layer of manifest.layers) {
      await bringBlob(client, request, layer, state);
    }
  }
  const layer = await request.layer;

  const containerConfig = (config.config ?? {}) as { Labels?: Record<string, string> | null };
  const newConfig: ImageConfig = {
    ...config,
    ...(request.labels &&
      Object.keys(request.labels).length > 0 && {
        config: {
          ...containerConfig,
          Labels: { ...(containerConfig.Labels ?? {}), ...request.labels },
        },
      }),
    rootfs: { ...config.rootfs, diff_ids: [...config.rootfs.diff_ids, layer.diffId] },
    // No timestamp: the same base and code give the same config, whenever they are assembled.
    history: [
      ...(config.history ?? []),
      { created_by: request.createdBy, comment: 'launch-action' },
    ],
  };
  const newConfigBytes = Buffer.from(JSON.stringify(newConfig));
  const configDigest = sha256(newConfigBytes);
  // The layer and the config go up side by side: the manifest needs both, neither needs the other.
  await Promise.all([
    uploadLayer(layer),
    uploadBlob(client, request.target.repository, bufferBlob(newConfigBytes, configDigest), {
      kind: 'monolithic',
    }),
  ]);

  const newManifest: ImageManifest = {
    ...manifest,
    config: { ...manifest.config, digest: configDigest, size: newConfigBytes.length },
    layers: [
      ...manifest.layers,
      {
        mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer,
        digest: layer.digest,
        size: layer.size,
      },
    ],
  };
  const bytes = Buffer.from(JSON.stringify(newManifest, null, 2));
  return { mediaType: base.mediaType, bytes, digest: sha256(bytes), configDigest };
}

/** A base layer into the target repository: already there, mounted, or copied. */
async function bringBlob(
  client: RegistryClient,
  request: AppendRequest,
  layer: Descriptor,
  state: { mounted: number; copied: number },
): Promise<void> {
  if (await blobExists(client, request.target.repository, layer.digest)) return;
  if (await mountBlob(client, request.target.repository, layer.digest, request.base.repository)) {
    state.mounted += 1;
    return;
  }
  // The registry opened an upload instead of mounting: copy the blob through this client.
  const response = await client.send({
    method: 'GET',
    url: `/v2/${request.base.repository}/blobs/${layer.digest}`,
  });
  if (response.status !== 200 || !response.body) {
    throw await refusalOrError(
      `GET blob ${layer.digest} from ${request.base.repository}`,
      response,
    );
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (sha256(bytes) !== layer.digest) {
    throw new Error(`blob ${layer.digest} of ${request.base.repository} does not match its digest`);
  }
  await uploadBlob(client, request.target.repository, bufferBlob(bytes, layer.digest));
  state.copied += 1;
}

async function getManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
): Promise<FetchedManifest> {
  const response = await client.send({
    method: 'GET',
    url: `/v2/${repository}/manifests/${reference}`,
    headers: { Accept: ACCEPT },
  });
  if (response.status !== 200) {
    throw await refusalOrError(`GET manifest ${repository}:${reference}`, response);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = sha256(bytes);
  if (reference.startsWith('sha256:') && digest !== reference) {
    throw new Error(`manifest ${reference} of ${repository} does not match its digest`);
  }
  const declared = (JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType;
  const header = response.headers.get('content-type')?.split(';')[0]?.trim();
  const mediaType = declared ?? header ?? '';
  return { mediaType, bytes, digest };
}

async function getBlob(client: RegistryClient, repository: string, digest: string) {
  const response = await client.send({ method: 'GET', url: `/v2/${repository}/blobs/${digest}` });
  if (response.status !== 200) throw await refusalOrError(`GET blob ${digest}`, response);
  const bytes = Buffer.from(await response.arrayBuffer());
  if (sha256(bytes) !== digest) throw new Error(`blob ${digest} does not match its digest`);
  return bytes;
}

/**
 * PUT a manifest. A registry with immutable tags refuses a PUT on an existing tag: when the tag
 * already holds these very bytes that is success (the tag is content-addressed).
 */
async function putManifest(
  client: RegistryClient,
  repository: string,
  reference: string,
  manifest: FetchedManifest,
): Promise<void> {
  const put = await client.send({
    method: 'PUT',
    url: `/v2/${repository}/manifests/${reference}`,
    headers: { 'Content-Type': manifest.mediaType },
    body: () => manifest.bytes,
  });
  if (put.status === 201 || put.status === 200) {
    await put.body?.cancel();
    return;
  }
  const detail = await registryErrorText(put);
  if (/TAG_INVALID|ImageTagAlreadyExists|already exists/i.test(detail)) {
    const head = await client.send({
      method: 'HEAD',
      url: `/v2/${repository}/manifests/${reference}`,
      headers: { Accept: ACCEPT },
    });
    if (head.status === 200 && head.headers.get('docker-content-digest') === manifest.digest)
      return;
  }
  if (put.status >= 400 && put.status < 500) {
    throw new RegistryRefusal(`PUT manifest ${repository}:${reference}`, put.status, detail);
  }
  throw new Error(`PUT manifest ${repository}:${reference} answered ${put.status} ${detail}`);
}

function isIndex(mediaType: string): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

function isImageManifest(mediaType: string): boolean {
  return mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest;
}

function platformName(entry: Descriptor): string {
  const p = entry.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown';
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
