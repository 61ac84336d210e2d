// A PEP 503 "simple" package index on 127.0.0.1 that records every file it serves, so the bench
// can tell which wheels a build downloaded ("only the changed dependency downloaded").
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';

export function normalizeProject(name) {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The normalised project of a wheel file name, or undefined for other files. */
export function projectOfWheel(filename) {
  if (!filename.endsWith('.whl')) return undefined;
  const name = filename.split('-')[0];
  return name ? normalizeProject(name) : undefined;
}

/**
 * Serves the wheels in `dir`: `/simple/` lists projects, `/simple/<project>/` links each file with
 * its `#sha256=`, `/files/<file>` serves it with PyPI's caching headers (pip's HTTP cache keeps a
 * response only when the server allows it, as PyPI does).
 */
export async function startPackageIndex(dir) {
  const served = [];
  const hashes = new Map();

  async function files() {
    const result = [];
    for (const filename of (await readdir(dir)).sort()) {
      const project = projectOfWheel(filename);
      if (!project) continue;
      const info = await stat(join(dir, filename));
      const key = `${info.size}:${info.mtimeMs}`;
      if (hashes.get(filename)?.key !== key) {
        hashes.set(filename, { key, sha256: await sha256File(join(dir, filename)) });
      }
      result.push({ filename, project, size: info.size, sha256: hashes.get(filename).sha256 });
    }
    return result;
  }

  async function handle(request, response) {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://index').pathname);
    if (path === '/simple/' || path === '/simple') {
      const projects = [...new Set((await files()).map((file) => file.project))];
      return html(
        response,
        projects.map((p) => `<a href="/simple/${p}/">${p}</a><br/>`),
      );
    }
    const project = /^\/simple\/([^/]+)\/?$/.exec(path)?.[1];
    if (project !== undefined) {
      const matching = (await files()).filter((file) => file.project === normalizeProject(project));
      if (matching.length === 0) return notFound(response);
      return html(
        response,
        matching.map(
          (file) =>
            `<a href="/files/${encodeURIComponent(file.filename)}#sha256=${file.sha256}">${file.filename}</a><br/>`,
        ),
      );
    }
    const filename = /^\/files\/([^/]+)$/.exec(path)?.[1];
    const file = filename && (await files()).find((candidate) => candidate.filename === filename);
    if (!file) return notFound(response);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(file.size),
      'cache-control': 'max-age=365000000, immutable, public',
      etag: `"${file.sha256}"`,
    });
    if (request.method === 'HEAD') return response.end();
    if (request.method === 'GET') served.push({ filename: file.filename, size: file.size });
    createReadStream(join(dir, file.filename)).pipe(response);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    /** Files served (GET) since the last `mark()`. */
    servedSince: (mark) => served.slice(mark),
    mark: () => served.length,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function html(response, lines) {
  const body = `<!DOCTYPE html>\n<html><body>\n${lines.join('\n')}\n</body></html>\n`;
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  response.end(body);
}

function notFound(response) {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
}

async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}
