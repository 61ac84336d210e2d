/**
 * appendLayer against a small distribution-API server on 127.0.0.1 that enforces what real
 * registries do and the local test registry does not: Bearer tokens scoped per repository,
 * refused cross-repository mounts, immutable tags, a transient 503.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLayer, MEDIA } from '../../../src/registry/append.js';
import { RegistryClient } from '../../../src/registry/client.js';

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

class FakeRegistry {
  blobs = new Map<string, Map<string, Buffer>>(); // repo -> digest -> bytes
  manifests = new Map<string, Map<string, { type: string; bytes: Buffer }>>();
  uploads = new Map<string, { repo: string; data: Buffer[] }>();
  log: string[] = [];
  allowMount = true;
  immutable = true;
  failNextPatch = false;
  /** PATCHes wait for this before they are answered. */
  holdPatch: Promise<void> | undefined;
  onBlobStored: ((digest: string) => void) | undefined;
  server!: Server;
  host = '';

  async start() {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  repoBlobs(repo: string) {
    if (!this.blobs.has(repo)) this.blobs.set(repo, new Map());
    return this.blobs.get(repo)!;
  }
  repoManifests(repo: string) {
    if (!this.manifests.has(repo)) this.manifests.set(repo, new Map());
    return this.manifests.get(repo)!;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url!, `http://${this.host}`);
    this.log.push(`${req.method} ${url.pathname}${url.search}`);
    if (url.pathname === '/token') {
      if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) {
        return void res.writeHead(401).end();
      }
      const token = Buffer.from(JSON.stringify(url.searchParams.getAll('scope'))).toString(
        'base64url',
      );
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token }));
    }
    const match = /^\/v2\/(.+?)\/(blobs|manifests)\/(.*)$/.exec(url.pathname);
    if (!match) return void res.writeHead(404).end();
    const [, repo, kind, rest] = match as unknown as [string, string, string, string];
    const write = req.method !== 'GET' && req.method !== 'HEAD';
    const scopes = this.scopes(req);
    const challenge = () =>
      res
        .writeHead(401, {
          'www-authenticate': `Bearer realm="http://${this.host}/token",service="fake",scope="repository:${repo}:pull,push"`,
        })
        .end();
    if (!this.allowed(scopes, repo, write ? 'push' : 'pull')) return challenge();
    const error = (status: number, code: string, message = code) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ errors: [{ code, message }] }));

    if (kind === 'blobs' && rest === 'uploads/' && req.method === 'POST') {
      const mount = url.searchParams.get('mount');
      const from = url.searchParams.get('from');
      if (mount && from && this.allowMount) {
        if (!this.allowed(scopes, from, 'pull')) return challenge();
        const blob = this.repoBlobs(from).get(mount);
        if (blob) {
          this.repoBlobs(repo).set(mount, blob);
          return void res.writeHead(201, { location: `/v2/${repo}/blobs/${mount}` }).end();
        }
      }
      const id = randomBytes(8).toString('hex');
      this.uploads.set(id, { repo, data: [] });
      return void res
        .writeHead(202, { location: `/v2/${repo}/blobs/uploads/${id}?_state=s${id}` })
        .end();
    }
    const upload = /^uploads\/([0-9a-f]+)$/.exec(rest);
    if (kind === 'blobs' && upload) {
      const session = this.uploads.get(upload[1]!);
      if (!session || url.searchParams.get('_state') !== `s${upload[1]}`)
        return error(404, 'BLOB_UPLOAD_UNKNOWN');
      if (req.method === 'DELETE') {
        this.uploads.delete(upload[1]!);
        return void res.writeHead(204).end();
      }
      if (req.method === 'PATCH') {
        if (this.holdPatch) await this.holdPatch;
        if (this.failNextPatch) {
          this.failNextPatch = false;
          return void res.writeHead(503).end();
        }
        session.data.push(body);
        return void res
          .writeHead(202, {
            location: `/v2/${repo}/blobs/uploads/${upload[1]}?_state=s${upload[1]}`,
          })
          .end();
      }
      if (req.method === 'PUT') {
        session.data.push(body);
        const all = Buffer.concat(session.data);
        if (sha(all) !== url.searchParams.get('digest')) return error(400, 'DIGEST_INVALID');
        this.repoBlobs(repo).set(sha(all), all);
        this.onBlobStored?.(sha(all));
        this.uploads.delete(upload[1]!);
        return void res.writeHead(201).end();
      }
    }
    if (kind === 'blobs' && (req.method === 'GET' || req.method === 'HEAD')) {
      const blob = this.repoBlobs(repo).get(rest);
      if (!blob) return error(404, 'BLOB_UNKNOWN');
      return void res
        .writeHead(200, { 'content-length': blob.length })
        .end(req.method === 'GET' ? blob : undefined);
    }
    if (kind === 'manifests' && (req.method === 'GET' || req.method === 'HEAD')) {
      const found = this.repoManifests(repo).get(rest);
      if (!found) return error(404, 'MANIFEST_UNKNOWN');
      return void res
        .writeHead(200, { 'content-type': found.type, 'docker-content-digest': sha(found.bytes) })
        .end(req.method === 'GET' ? found.bytes : undefined);
    }
    if (kind === 'manifests' && req.method === 'PUT') {
      const manifest = JSON.parse(body.toString()) as {
        config?: { digest: string };
        layers?: { digest: string }[];
      };
      for (const d of [manifest.config?.digest, ...(manifest.layers ?? []).map((l) => l.digest)]) {
        if (d && !this.repoBlobs(repo).has(d)) return error(400, 'MANIFEST_BLOB_UNKNOWN', d);
      }
      if (this.immutable && !rest.startsWith('sha256:') && this.repoManifests(repo).has(rest)) {
        return error(
          400,
          'TAG_INVALID',
          `The image tag '${rest}' already exists and cannot be overwritten`,
        );
      }
      const entry = { type: String(req.headers['content-type']), bytes: body };
      this.repoManifests(repo).set(rest, entry);
      this.repoManifests(repo).set(sha(body), entry);
      return void res.writeHead(201, { 'docker-content-digest': sha(body) }).end();
    }
    return error(405, 'UNSUPPORTED');
  }

  private scopes(req: IncomingMessage): string[] {
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return [];
    return JSON.parse(Buffer.from(auth.slice(7), 'base64url').toString()) as string[];
  }

  private allowed(scopes: string[], repo: string, action: string) {
    return scopes.some((s) => {
      const [kind, name, actions] = s.split(':');
      return kind === 'repository' && name === repo && actions!.split(',').includes(action);
    });
  }
}

let registry: FakeRegistry;
let dir: string;
const layerBytes = randomBytes(300_000);

beforeAll(async () => {
  registry = new FakeRegistry();
  await registry.start();
  dir = await mkdtemp(path.join(tmpdir(), 'append-unit-'));
  await writeFile(path.join(dir, 'layer'), layerBytes);
  // A base image in "team/deps": one layer and a config.
  const base = randomBytes(1000);
  const config = Buffer.from(
    JSON.stringify({
      rootfs: { type: 'layers', diff_ids: [sha(base)] },
      history: [{}],
      config: { User: '1000:0' },
    }),
  );
  registry.repoBlobs('team/deps').set(sha(base), base);
  registry.repoBlobs('team/deps').set(sha(config), config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.dockerManifest,
      config: { mediaType: MEDIA.dockerConfig, digest: sha(config), size: config.length },
      layers: [{ mediaType: MEDIA.dockerLayer, digest: sha(base), size: base.length }],
    }),
  );
  registry.repoManifests('team/deps').set('v1', { type: MEDIA.dockerManifest, bytes: manifest });
});

afterAll(async () => {
  registry.server.close();
  await rm(dir, { recursive: true, force: true });
});

function client(target: string) {
  return new RegistryClient({
    host: registry.host,
    credentials: { username: 'u', password: 'p' },
    scopes: [
      { path: target, actions: 'pull,push' },
      { path: 'team/deps', actions: 'pull' },
    ],
    sleep: async () => undefined,
  });
}

const layer = () => ({
  file: path.join(dir, 'layer'),
  digest: sha(layerBytes),
  size: layerBytes.length,
  diffId: `sha256:${'d'.repeat(64)}`,
  entries: 1,
});

describe('appendLayer on a registry with Bearer tokens and immutable tags', () => {
  it('mounts the base blobs with a token scoped to both repositories and retries a 503', async () => {
    registry.failNextPatch = true;
    const result = await appendLayer(client('team/app'), {
      base: { repository: 'team/deps', reference: 'v1' },
      target: { repository: 'team/app', tag: 'a1' },
      layer: layer(),
      createdBy: 'COPY . /app',
      labels: { 'dev.example': 'x' },
    });
    expect(result).toMatchObject({ mounted: 1, copied: 0, layerUpload: 'uploaded' });
    const stored = registry.repoManifests('team/app').get('a1')!;
    expect(sha(stored.bytes)).toBe(result.digest);
    const manifest = JSON.parse(stored.bytes.toString()) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    expect(manifest.layers.at(-1)!.digest).toBe(sha(layerBytes));
    const config = JSON.parse(
      registry.repoBlobs('team/app').get(manifest.config.digest)!.toString(),
    );
    expect(config.rootfs.diff_ids.at(-1)).toBe(`sha256:${'d'.repeat(64)}`);
    expect(config.history.at(-1)).toEqual({ created_by: 'COPY . /app', comment: 'launch-action' });
    expect(config.config).toEqual({ User: '1000:0', Labels: { 'dev.example': 'x' } });
  });

  it('takes an immutable tag that already holds the same image as success', async () => {
    const again = await appendLayer(client('team/app'), {
      base: { repository: 'team/deps', reference: 'v1' },
      target: { repository: 'team/app', tag: 'a1' },
      layer: layer(),
      createdBy: 'COPY . /app',
      labels: { 'dev.example': 'x' },
    });
    expect(again.layerUpload).toBe('present');
    await expect(
      appendLayer(client('team/app'), {
        base: { repository: 'team/deps', reference: 'v1' },
        target: { repository: 'team/app', tag: 'a1' },
        layer: layer(),
        createdBy: 'something else',
      }),
    ).rejects.toThrow(/PUT manifest team\/app:a1 was refused: 400 TAG_INVALID/);
  });

  it('copies the base blobs when the registry opens an upload instead of mounting', async () => {
    registry.allowMount = false;
    try {
      const result = await appendLayer(client('team/other'), {
        base: { repository: 'team/deps', reference: 'v1' },
        target: { repository: 'team/other', tag: 'b1' },
        layer: layer(),
        createdBy: 'COPY . /app',
      });
      expect(result).toMatchObject({ mounted: 0, copied: 1 });
      // The upload sessions opened by the refused mounts were cancelled.
      expect(registry.log.filter((l) => l.startsWith('DELETE'))).toHaveLength(1);
    } finally {
      registry.allowMount = true;
    }
  });

  it('reads the base while the layer is still being written, and uploads it once it is', async () => {
    let finish!: () => void;
    const written = new Promise<void>((resolve) => (finish = resolve));
    const from = registry.log.length;
    const appending = appendLayer(client('team/late'), {
      base: { repository: 'team/deps', reference: 'v1' },
      target: { repository: 'team/late', tag: 'c1' },
      layer: written.then(layer),
      createdBy: 'COPY . /app',
    });
    // Until the layer exists, only reads of the base (and mounts of its blobs) go out.
    for (
      let i = 0;
      i < 200 && !registry.log.slice(from).some((l) => l.includes('/blobs/uploads/?mount'));
      i += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const before = registry.log.slice(from).filter((l) => !l.startsWith('GET /token'));
    expect(before.some((l) => l.startsWith('GET /v2/team/deps/manifests/v1'))).toBe(true);
    expect(before.some((l) => l.startsWith('GET /v2/team/deps/blobs/'))).toBe(true);
    expect(before.some((l) => l.includes(sha(layerBytes)))).toBe(false);
    expect(before.some((l) => l.startsWith('PUT'))).toBe(false);
    finish();
    const result = await appending;
    expect(result.layerUpload).toBe('uploaded');
    const manifest = JSON.parse(
      registry.repoManifests('team/late').get('c1')!.bytes.toString(),
    ) as { layers: { digest: string }[] };
    expect(manifest.layers.at(-1)!.digest).toBe(sha(layerBytes));
  });

  it('uploads the config while the layer is still going up', async () => {
    // The layer's PATCH is answered only once another blob (the config) has been stored: done
    // one after the other, this append would never finish.
    let release!: () => void;
    registry.holdPatch = new Promise<void>((resolve) => (release = resolve));
    registry.onBlobStored = (digest) => {
      if (digest !== sha(layerBytes)) release();
    };
    try {
      const result = await appendLayer(client('team/side'), {
        base: { repository: 'team/deps', reference: 'v1' },
        target: { repository: 'team/side', tag: 'd1' },
        layer: layer(),
        createdBy: 'COPY . /app',
      });
      expect(result.layerUpload).toBe('uploaded');
      expect(registry.repoBlobs('team/side').get(sha(layerBytes))!.equals(layerBytes)).toBe(true);
    } finally {
      registry.holdPatch = undefined;
      registry.onBlobStored = undefined;
    }
  });
});
