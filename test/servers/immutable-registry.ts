import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A plain-HTTP front for the local registry on 127.0.0.1 that enforces tag immutability the way
 * ECR (IMMUTABLE) and Artifact Registry (immutable tags) do: a manifest PUT to a tag that already
 * exists is refused, whatever the digest. Everything else is forwarded unchanged (the client's
 * Host and Authorization included, so the registry's own auth and upload URLs work through it).
 */
export class ImmutableRegistry {
  private server?: Server;
  /** Every manifest PUT by reference (tag or digest), with whether it was refused. */
  readonly manifestPuts: { repository: string; reference: string; refused: boolean }[] = [];

  constructor(private readonly upstream: { host: string; port: number }) {}

  get host(): string {
    return `127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', resolve);
    });
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const put = /^\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(req.url ?? '');
    if (req.method === 'PUT' && put) {
      const [, repository, reference] = put as unknown as [string, string, string];
      const isTag = !reference.startsWith('sha256:');
      const exists = isTag && (await this.status('HEAD', req.url!, req.headers)) === 200;
      this.manifestPuts.push({ repository, reference, refused: exists });
      if (exists) {
        req.resume();
        const message = `The image tag '${reference}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`;
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'TAG_INVALID', message }] }));
        return;
      }
    }
    const upstream = httpRequest(
      {
        host: this.upstream.host,
        port: this.upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }

  private status(
    method: string,
    path: string,
    headers: IncomingMessage['headers'],
  ): Promise<number | undefined> {
    return new Promise((resolve) => {
      const check = httpRequest(
        {
          host: this.upstream.host,
          port: this.upstream.port,
          method,
          path,
          headers: {
            ...(headers.authorization && { authorization: headers.authorization }),
            accept: [
              'application/vnd.oci.image.index.v1+json',
              'application/vnd.oci.image.manifest.v1+json',
              'application/vnd.docker.distribution.manifest.list.v2+json',
              'application/vnd.docker.distribution.manifest.v2+json',
            ].join(', '),
          },
        },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode);
        },
      );
      check.on('error', () => resolve(undefined));
      check.end();
    });
  }
}
