// The physical floor of a code-only change, measured in the same run: the code layer written
// (tar of the repository's files with fixed owners, modes and times; gzip level 1) and appended
// to an image that already holds the dependencies, straight through the registry API — one blob
// upload, a config and a manifest. No builder, no pull, no hashing of the context, no planning:
// the least any tool can do to publish the changed code. Independent of the action's own code.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { URL, URLSearchParams } from 'node:url';
import { gzipSync } from 'node:zlib';
import { REGISTRY_HOST, REGISTRY_PASSWORD, REGISTRY_USER } from './infra.mjs';

const AUTH = `Basic ${Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')}`;
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const APP_DIR = 'home/launch/app';

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

async function registry(method, path, { body, headers = {}, ok = [200] } = {}) {
  const url = path.startsWith('http') ? path : `http://${REGISTRY_HOST}${path}`;
  const response = await fetch(url, {
    method,
    headers: { authorization: AUTH, ...headers },
    ...(body !== undefined && { body }),
  });
  if (!ok.includes(response.status)) {
    throw new Error(`floor: ${method} ${path} → ${response.status} ${await response.text()}`);
  }
  return response;
}

/** Every file under `root` but `.git`, sorted: what a build context without ignore rules holds. */
async function listFiles(root) {
  const files = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name === '.git' && dir === root) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile()) files.push(relative(root, full));
    }
  };
  await walk(root);
  return files.sort();
}

function tarHeader(name, size, mode, type) {
  const header = Buffer.alloc(512);
  let prefix = '';
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut < 0 || Buffer.byteLength(base) > 100) throw new Error(`floor: path too long: ${name}`);
  }
  const octal = (value, width) => value.toString(8).padStart(width - 1, '0') + '\0';
  header.write(base, 0);
  header.write(octal(mode, 8), 100);
  header.write(octal(1000, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(0, 12), 136);
  header.write('        ', 148);
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  header.write(prefix, 345);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(octal(sum, 7) + ' ', 148);
  return header;
}

/** The code layer: the app dir and its parents, then every file, owned by 1000:0, mtime 0. */
async function codeLayer(root) {
  const parts = [];
  for (const dir of ['home/', 'home/launch/', `${APP_DIR}/`]) {
    parts.push(tarHeader(dir, 0, 0o755, '5'));
  }
  const dirs = new Set();
  for (const file of await listFiles(root)) {
    const segments = file.split('/');
    for (let i = 1; i < segments.length; i += 1) {
      const dir = `${APP_DIR}/${segments.slice(0, i).join('/')}/`;
      if (!dirs.has(dir)) {
        dirs.add(dir);
        parts.push(tarHeader(dir, 0, 0o755, '5'));
      }
    }
    const full = join(root, file);
    const content = await readFile(full);
    const executable = ((await stat(full)).mode & 0o111) !== 0;
    parts.push(tarHeader(`${APP_DIR}/${file}`, content.length, executable ? 0o755 : 0o644, '0'));
    parts.push(content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  const gz = gzipSync(tar, { level: 1 });
  return { gz, diffId: sha256(tar), digest: sha256(gz) };
}

async function uploadBlob(repository, bytes, digest) {
  const started = await registry('POST', `/v2/${repository}/blobs/uploads/`, { ok: [202] });
  const location = new URL(started.headers.get('location'), `http://${REGISTRY_HOST}`);
  location.searchParams.set('digest', digest);
  await registry('PUT', location.toString(), {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream' },
    ok: [201],
  });
}

/**
 * Appends the code of `repo` to `base` (`repository:tag`, already in the registry) as
 * `target` (`repository:tag`) and returns the wall time of the whole append and what it pushed.
 */
export async function measureFloor({ repo, base, target }) {
  const [baseRepository, baseTag] = base.split(':');
  const [targetRepository, targetTag] = target.split(':');
  const started = performance.now();
  const layer = await codeLayer(repo);
  const layerMs = performance.now() - started;
  const accept = { accept: MANIFEST_TYPES.join(', ') };
  let manifestResponse = await registry('GET', `/v2/${baseRepository}/manifests/${baseTag}`, {
    headers: accept,
  });
  let manifest = await manifestResponse.json();
  if (manifest.manifests) {
    const entry = manifest.manifests.find((m) => m.platform?.architecture !== 'unknown');
    manifestResponse = await registry('GET', `/v2/${baseRepository}/manifests/${entry.digest}`, {
      headers: accept,
    });
    manifest = await manifestResponse.json();
  }
  const mediaType = manifestResponse.headers.get('content-type').split(';')[0];
  const oci = mediaType.includes('oci');
  const config = await (
    await registry('GET', `/v2/${baseRepository}/blobs/${manifest.config.digest}`)
  ).json();
  if (baseRepository !== targetRepository) {
    for (const blob of [...manifest.layers]) {
      const from = new URLSearchParams({ mount: blob.digest, from: baseRepository });
      await registry('POST', `/v2/${targetRepository}/blobs/uploads/?${from}`, { ok: [201, 202] });
    }
  }
  await uploadBlob(targetRepository, layer.gz, layer.digest);
  const newConfig = Buffer.from(
    JSON.stringify({
      ...config,
      rootfs: { ...config.rootfs, diff_ids: [...config.rootfs.diff_ids, layer.diffId] },
      history: [...(config.history ?? []), { created_by: 'code layer (floor)' }],
    }),
  );
  const configDigest = sha256(newConfig);
  await uploadBlob(targetRepository, newConfig, configDigest);
  const newManifest = JSON.stringify({
    ...manifest,
    mediaType,
    config: { ...manifest.config, digest: configDigest, size: newConfig.length },
    layers: [
      ...manifest.layers,
      {
        mediaType: oci
          ? 'application/vnd.oci.image.layer.v1.tar+gzip'
          : 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        digest: layer.digest,
        size: layer.gz.length,
      },
    ],
  });
  await registry('PUT', `/v2/${targetRepository}/manifests/${targetTag}`, {
    body: newManifest,
    headers: { 'content-type': mediaType },
    ok: [201],
  });
  return {
    ms: Math.round(performance.now() - started),
    layerMs: Math.round(layerMs),
    layerBytes: layer.gz.length,
  };
}

/** The dependency image the action assembled on (its `deps-` tag), or undefined. */
export async function dependencyTag(repository) {
  const response = await registry('GET', `/v2/${repository}/tags/list`, { ok: [200, 404] });
  if (response.status !== 200) return undefined;
  const tags = (await response.json()).tags ?? [];
  return tags.find((tag) => tag.startsWith('deps-'));
}
