import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A registry user: its password and whether it may write (push, delete). */
export interface RegistryUser {
  password: string;
  write: boolean;
}

export interface PermissionProxyOptions {
  users: Record<string, RegistryUser>;
  /** The real local registry and the credentials it accepts (htpasswd). */
  upstream: { host: string; port: number; username: string; password: string };
}

/**
 * The local registry's htpasswd auth lets every user do everything; cloud registries grant push
 * and pull separately. This HTTP proxy on 127.0.0.1 adds that: it checks its own users' Basic
 * credentials (401 with a Basic challenge otherwise), refuses writes from read-only users with
 * the 403 `DENIED` error registries give, and forwards everything else to the real registry
 * with the registry's own credentials.
 */
export class PermissionProxy {
  private server?: Server;
  readonly seen: { method: string; path: string; user?: string; status: number }[] = [];
  /** Every Authorization header received, as sent (to prove whose credentials reached this host). */
  readonly authorizations: string[] = [];

  constructor(private readonly options: PermissionProxyOptions) {}

  get host(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the proxy is not started');
    return `127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.forward(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private refuse(res: ServerResponse, status: number, code: string, message: string): void {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (status === 401) headers['www-authenticate'] = `Basic realm="${this.host}"`;
    res.writeHead(status, headers).end(JSON.stringify({ errors: [{ code, message }] }));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    if (req.headers.authorization) this.authorizations.push(req.headers.authorization);
    const user = this.authenticate(req.headers.authorization);
    const record = (status: number) => this.seen.push({ method, path, user, status });
    if (user === undefined) {
      record(401);
      this.refuse(res, 401, 'UNAUTHORIZED', 'authentication required');
      return;
    }
    if (!['GET', 'HEAD'].includes(method) && !this.options.users[user]?.write) {
      record(403);
      this.refuse(res, 403, 'DENIED', 'requested access to the resource is denied');
      return;
    }
    const { upstream } = this.options;
    const headers = {
      ...req.headers,
      host: `${upstream.host}:${upstream.port}`,
      authorization: `Basic ${Buffer.from(`${upstream.username}:${upstream.password}`).toString('base64')}`,
    };
    const upstreamRequest = httpRequest(
      { host: upstream.host, port: upstream.port, method, path, headers },
      (upstreamResponse) => {
        record(upstreamResponse.statusCode ?? 502);
        const responseHeaders = { ...upstreamResponse.headers };
        if (typeof responseHeaders.location === 'string') {
          responseHeaders.location = responseHeaders.location.replace(
            /^https?:\/\/[^/]+/,
            `http://${this.host}`,
          );
        }
        res.writeHead(upstreamResponse.statusCode ?? 502, responseHeaders);
        upstreamResponse.pipe(res);
      },
    );
    upstreamRequest.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstreamRequest);
  }

  private authenticate(header: string | undefined): string | undefined {
    const match = /^Basic (.+)$/.exec(header ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const name = decoded.slice(0, colon);
    return this.options.users[name]?.password === decoded.slice(colon + 1) ? name : undefined;
  }
}
