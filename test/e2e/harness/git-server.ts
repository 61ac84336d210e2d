import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { git } from './repo.js';

export interface GitServer {
  /** `http://127.0.0.1:<port>/` — repositories are at `<url><name>.git`. */
  url: string;
  /** Paths requested, in order (to prove a clone went through this server). */
  requests(): string[];
  /** Publishes the commit of a working repository as the bare repository `<name>.git`. */
  publish(name: string, workingRepo: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Git's "dumb" HTTP protocol on 127.0.0.1: bare repositories prepared with
 * `git update-server-info` served as static files, which `git clone http://…` reads as is.
 */
export async function startGitServer(root: string): Promise<GitServer> {
  await mkdir(root, { recursive: true });
  const log: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://git');
    const relative = path.posix.normalize(decodeURIComponent(url.pathname)).replace(/^\/+/, '');
    log.push(url.pathname);
    const file = path.join(root, relative);
    if (relative.startsWith('..') || !file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) {
          response.writeHead(404).end();
          return;
        }
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(info.size),
        });
        createReadStream(file).pipe(response);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests: () => [...log],
    async publish(name, workingRepo) {
      const bare = path.join(root, `${name}.git`);
      await git(root, ['clone', '--bare', '--quiet', workingRepo, bare]);
      await git(bare, ['update-server-info']);
      return git(bare, ['rev-parse', 'HEAD']);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
