import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import { fileURLToPath } from 'node:url';

export const ALIASES_SCRIPT = fileURLToPath(new URL('./registry-aliases.sh', import.meta.url));

/** Credentials a fake cloud issued for one alias host: the only ones the proxy accepts for it. */
export interface AliasLogin {
  host: string;
  username: () => string;
  password: () => string;
  /** Instead of the one username/password: which logins the cloud accepts now (tokens that expire). */
  accepts?: (username: string, password: string) => boolean;
}

export interface RegistryProxyOptions {
  aliases: AliasLogin[];
  /** The real local registry and the credentials it accepts (htpasswd). */
  upstream: { host: string; port: number; username: string; password: string };
}

/** Sets up the alias hosts (certs, /etc/hosts, docker certs.d) and returns the cert directory. */
export function setUpAliases(hosts: string[]): string {
  return execFileSync('bash', [ALIASES_SCRIPT, 'up', ...hosts], { encoding: 'utf8' }).trim();
}

export function tearDownAliases(hosts: string[]): void {
  execFileSync('bash', [ALIASES_SCRIPT, 'down', ...hosts]);
}

/**
 * A TLS reverse proxy on 127.0.0.1:443 that makes `<account>.dkr.ecr.<region>.amazonaws.com` (and
 * the GAR and ACR hosts) a real registry: it accepts exactly the docker credentials the fake cloud
 * issued for that host, swaps them for the local registry's own, and forwards to it. A wrong or
 * stale token gets the registry's 401, as the cloud registry would answer.
 */
export class RegistryProxy {
  private server?: Server;
  /** Requests seen per alias host, with whether their credentials were accepted. */
  readonly seen: {
    host: string;
    method: string;
    path: string;
    auth: 'none' | 'accepted' | 'rejected';
    /** When the request arrived (ms since the epoch). */
    at: number;
  }[] = [];

  constructor(
    private readonly options: RegistryProxyOptions,
    private readonly certDir: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer(
      {
        key: readFileSync(`${this.certDir}/server.key`),
        cert: readFileSync(`${this.certDir}/server.crt`),
      },
      (req, res) => this.forward(req, res),
    );
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(443, '127.0.0.1', resolve);
    });
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accepted(alias: AliasLogin, given: string): boolean {
    if (!alias.accepts) {
      return (
        given ===
        `Basic ${Buffer.from(`${alias.username()}:${alias.password()}`).toString('base64')}`
      );
    }
    const match = /^Basic (.+)$/.exec(given);
    const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    return colon > 0 && alias.accepts(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    const host = (req.headers.host ?? '').replace(/:443$/, '');
    const alias = this.options.aliases.find((a) => a.host === host);
    if (!alias) {
      res.writeHead(421).end('unknown host');
      return;
    }
    const { upstream } = this.options;
    const headers = { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': host };
    const given = req.headers.authorization;
    let auth: 'none' | 'accepted' | 'rejected' = 'none';
    if (given !== undefined) {
      auth = this.accepted(alias, given) ? 'accepted' : 'rejected';
      if (auth === 'rejected') {
        this.seen.push({
          host,
          method: req.method ?? '',
          path: req.url ?? '',
          auth,
          at: Date.now(),
        });
        res.writeHead(401, {
          'content-type': 'application/json',
          'www-authenticate': `Basic realm="${host}"`,
        });
        res.end(
          JSON.stringify({
            errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }],
          }),
        );
        return;
      }
      headers.authorization = `Basic ${Buffer.from(`${upstream.username}:${upstream.password}`).toString('base64')}`;
    }
    this.seen.push({ host, method: req.method ?? '', path: req.url ?? '', auth, at: Date.now() });
    const upstreamRequest = httpRequest(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers },
      (upstreamResponse) => {
        const responseHeaders = { ...upstreamResponse.headers };
        const location = responseHeaders.location;
        if (typeof location === 'string') {
          responseHeaders.location = location.replace(/^https?:\/\/[^/]+/, `https://${host}`);
        }
        if (typeof responseHeaders['www-authenticate'] === 'string') {
          responseHeaders['www-authenticate'] = `Basic realm="${host}"`;
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
}
