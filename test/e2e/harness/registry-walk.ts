import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { registryFetch, REGISTRY_PASSWORD, REGISTRY_USER } from './infra.js';

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Descriptor {
  mediaType?: string;
  digest: string;
}

interface ManifestBody {
  mediaType?: string;
  manifests?: Descriptor[];
  config?: Descriptor;
  layers?: Descriptor[];
}

/** What a tag points at, walked to the last blob. */
export interface WalkedImage {
  digest: string;
  /** Every manifest reached (the index first, when there is one). */
  manifests: string[];
  /** Every config and layer blob the manifests reference, each answered 200 to a HEAD. */
  blobs: string[];
}

/**
 * Walks repo:reference in the registry itself (not through any front): the manifest or index,
 * every child manifest, and a HEAD of every config and layer blob they reference. Returns
 * undefined when the tag does not exist; throws, naming the missing piece, when the tag points at
 * an image the registry cannot serve completely.
 */
export async function walkImage(repo: string, reference: string): Promise<WalkedImage | undefined> {
  const top = await getManifest(repo, reference);
  if (!top) return undefined;
  const walked: WalkedImage = { digest: top.digest, manifests: [], blobs: [] };
  const pending: { digest: string; body: ManifestBody }[] = [top];
  while (pending.length > 0) {
    const { digest, body } = pending.shift()!;
    walked.manifests.push(digest);
    for (const child of body.manifests ?? []) {
      const got = await getManifest(repo, child.digest);
      if (!got) throw new Error(`${repo}:${reference}: child manifest ${child.digest} is missing`);
      if (got.digest !== child.digest) {
        throw new Error(`${repo}@${child.digest} is served with digest ${got.digest}`);
      }
      pending.push(got);
    }
    const blobs = [...(body.config ? [body.config] : []), ...(body.layers ?? [])];
    if (!body.manifests && blobs.length === 0) {
      throw new Error(`${repo}@${digest} is neither an index nor an image manifest`);
    }
    for (const blob of blobs) {
      const head = await registryFetch(
        `/v2/${repo}/blobs/${blob.digest}`,
        { method: 'HEAD' },
        AUTH,
      );
      if (head.status !== 200) {
        throw new Error(`${repo}@${digest} references blob ${blob.digest}: HEAD ${head.status}`);
      }
      walked.blobs.push(blob.digest);
    }
  }
  return walked;
}

const AUTH = { username: REGISTRY_USER, password: REGISTRY_PASSWORD };

async function getManifest(
  repo: string,
  reference: string,
): Promise<{ digest: string; body: ManifestBody } | undefined> {
  const response = await registryFetch(
    `/v2/${repo}/manifests/${encodeURIComponent(reference)}`,
    { headers: { accept: MANIFEST_ACCEPT } },
    AUTH,
  );
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (response.status !== 200) {
    throw new Error(`GET manifest ${repo}:${reference} answered ${response.status}`);
  }
  const digest = response.headers.get('docker-content-digest');
  if (!digest) throw new Error(`GET manifest ${repo}:${reference}: no Docker-Content-Digest`);
  return { digest, body: JSON.parse(await response.text()) as ManifestBody };
}

/** A file under one of `roots` that holds one of `needles`, with the needle found. */
export interface Leak {
  file: string;
  needle: string;
}

/**
 * Every regular file under `roots` (symlinks not followed, files over 8 MiB skipped) that contains
 * one of the `needles`. Unreadable or vanished entries are passed over.
 */
export async function findLeaks(roots: string[], needles: string[]): Promise<Leak[]> {
  const leaks: Leak[] = [];
  const visit = async (entry: string): Promise<void> => {
    const stat = await lstat(entry).catch(() => undefined);
    if (!stat) return;
    if (stat.isDirectory()) {
      const names = await readdir(entry).catch(() => [] as string[]);
      for (const name of names) await visit(path.join(entry, name));
      return;
    }
    if (!stat.isFile() || stat.size > 8 * 1024 * 1024) return;
    const text = await readFile(entry, 'latin1').catch(() => '');
    for (const needle of needles) if (text.includes(needle)) leaks.push({ file: entry, needle });
  };
  for (const root of roots) await visit(root);
  return leaks;
}
