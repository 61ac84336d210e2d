import { createHash, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { registerSecret, registerUrlCredentials } from './argv-secrets.js';

/** One request the index answered, in arrival order. */
export interface IndexRequest {
  method: string;
  path: string;
  status: number;
  /** Whether the request carried an Authorization header. */
  authorized: boolean;
}

export interface PackageIndex {
  /** The simple index root, e.g. `http://127.0.0.1:41234/simple/` (what `--index-url` takes). */
  url: string;
  /** The same URL with the credentials in it (only when the index requires authentication). */
  authenticatedUrl: string;
  port: number;
  /** File names fetched (GET of a distribution), in order, repeats included. */
  downloads(): string[];
  requests(): IndexRequest[];
  /** Forgets the recorded requests, e.g. between a first and a second build. */
  clearLog(): void;
  close(): Promise<void>;
}

export interface PackageIndexOptions {
  /** Require HTTP Basic credentials, like a private index. */
  auth?: { username: string; password: string };
}

/** PEP 503 normalised project name: runs of `-`, `_`, `.` become `-`, lower case. */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The project a distribution file belongs to (wheel or sdist), normalised; undefined if neither. */
export function projectOfFile(filename: string): string | undefined {
  if (filename.endsWith('.whl')) {
    const name = filename.split('-')[0];
    return name ? normalizeProjectName(name) : undefined;
  }
  const sdist = /^(.+)-[^-]+\.(tar\.gz|zip)$/.exec(filename);
  return sdist?.[1] ? normalizeProjectName(sdist[1]) : undefined;
}

interface DistFile {
  filename: string;
  project: string;
  sha256: string;
  size: number;
}

/**
 * Serves the wheels (and sdists) in `wheelDir` as a PEP 503 simple index on 127.0.0.1 at a random
 * port: `/simple/` lists projects, `/simple/<project>/` links each file with `#sha256=`, and
 * `/files/<file>` serves it. The directory is read on every request, so files added later appear.
 * A build with `--network host` reaches it at the same address.
 */
export async function startPackageIndex(
  wheelDir: string,
  options: PackageIndexOptions = {},
): Promise<PackageIndex> {
  const log: IndexRequest[] = [];
  const hashes = new Map<string, { key: string; sha256: string }>();

  async function listFiles(): Promise<DistFile[]> {
    const files: DistFile[] = [];
    for (const filename of (await readdir(wheelDir)).sort()) {
      const project = projectOfFile(filename);
      if (!project) continue;
      const info = await stat(join(wheelDir, filename));
      if (!info.isFile()) continue;
      const key = `${info.size}:${info.mtimeMs}`;
      let cached = hashes.get(filename);
      if (cached?.key !== key) {
        cached = { key, sha256: await sha256File(join(wheelDir, filename)) };
        hashes.set(filename, cached);
      }
      files.push({ filename, project, sha256: cached.sha256, size: info.size });
    }
    return files;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<number> {
    if (options.auth && !hasCredentials(request, options.auth)) {
      response.writeHead(401, { 'www-authenticate': 'Basic realm="test-index"' }).end();
      return 401;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return 405;
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://index').pathname);
    if (path === '/simple' || path === '/simple/') {
      const projects = [...new Set((await listFiles()).map((file) => file.project))];
      return sendHtml(response, request, projectListPage(projects));
    }
    const project = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (project !== undefined) {
      const normalized = normalizeProjectName(project);
      if (normalized !== project || !path.endsWith('/')) {
        // What PyPI does: one canonical URL per project.
        response.writeHead(301, { location: `/simple/${normalized}/` }).end();
        return 301;
      }
      const files = (await listFiles()).filter((file) => file.project === normalized);
      if (files.length === 0) return sendNotFound(response);
      return sendHtml(response, request, projectPage(normalized, files));
    }
    const filename = /^\/files\/([^/]+)$/.exec(path)?.[1];
    if (filename !== undefined) {
      const file = (await listFiles()).find((candidate) => candidate.filename === filename);
      if (!file) return sendNotFound(response);
      // PyPI's headers for distribution files: pip keeps such responses in its HTTP cache.
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(file.size),
        'cache-control': 'max-age=365000000, immutable, public',
        etag: `"${file.sha256}"`,
      });
      if (request.method === 'HEAD') {
        response.end();
      } else {
        createReadStream(join(wheelDir, filename)).pipe(response);
      }
      return 200;
    }
    return sendNotFound(response);
  }

  const server = createServer((request, response) => {
    handle(request, response)
      .then((status) => {
        log.push({
          method: request.method ?? '',
          path: request.url ?? '',
          status,
          authorized: request.headers.authorization !== undefined,
        });
      })
      .catch((error: Error) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(error.message);
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/simple/`;
  const authenticatedUrl = options.auth
    ? `http://${encodeURIComponent(options.auth.username)}:${encodeURIComponent(options.auth.password)}@127.0.0.1:${port}/simple/`
    : url;
  registerSecret(options.auth?.password);
  registerUrlCredentials(authenticatedUrl);

  return {
    url,
    authenticatedUrl,
    port,
    downloads: () =>
      log
        .filter((entry) => entry.method === 'GET' && entry.status === 200)
        .map((entry) => /^\/files\/([^/?]+)/.exec(entry.path)?.[1])
        .filter((name): name is string => name !== undefined)
        .map((name) => decodeURIComponent(name)),
    requests: () => [...log],
    clearLog: () => {
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function hasCredentials(
  request: IncomingMessage,
  auth: { username: string; password: string },
): boolean {
  const header = request.headers.authorization ?? '';
  const expected = Buffer.from(
    `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`,
  );
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function projectListPage(projects: string[]): string {
  const links = projects.map((name) => `<a href="/simple/${name}/">${escapeHtml(name)}</a><br/>`);
  return page('Simple index', links);
}

function projectPage(project: string, files: DistFile[]): string {
  const links = files.map(
    (file) =>
      `<a href="/files/${encodeURIComponent(file.filename)}#sha256=${file.sha256}">` +
      `${escapeHtml(file.filename)}</a><br/>`,
  );
  return page(`Links for ${project}`, links);
}

function page(title: string, lines: string[]): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta name="pypi:repository-version" content="1.0">',
    `<title>${escapeHtml(title)}</title></head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    ...lines,
    '</body></html>',
    '',
  ].join('\n');
}

function sendHtml(response: ServerResponse, request: IncomingMessage, body: string): number {
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  return 200;
}

function sendNotFound(response: ServerResponse): number {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  return 404;
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
