import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored manifest: its digest, bytes and media type. */
export interface StoredManifest {
  digest: string;
  body: string;
  contentType: string;
}

/**
 * A registry on 127.0.0.1 that speaks the distribution protocol as Docker Hub, GHCR and ACR do:
 * 401 with a Basic or Bearer challenge, a token service that wants Basic credentials and the
 * right scope, manifests by tag or digest. It never throws inside a handler: whatever breaks the
 * contract is recorded in `violations` (and answered 400), so a test fails on its own assertion
 * rather than on a timeout.
 */
export class FakeRegistry {
  auth: 'bearer' | 'basic' | 'none' = 'bearer';
  user = { username: 'u', password: 'p' };
  /** repository path → tag or digest → manifest. */
  readonly manifests = new Map<string, Map<string, StoredManifest>>();
  /** Answers that replace the normal one for matching requests (`METHOD /path` → answer). */
  readonly overrides = new Map<
    string,
    { status: number; headers?: Record<string, string>; times?: number }
  >();
  /** Every request: `METHOD /path?query <auth scheme>`. */
  readonly seen: string[] = [];
  readonly violations: string[] = [];
  /** The Accept header of every manifest read. */
  readonly accepts: string[] = [];
  /** An answer the token service gives instead of a token (after checking the credentials). */
  tokenAnswer: { status: number; body: string } | undefined;
  /** The scope the token service expects next (`repository:<path>:<actions>`). */
  expectedScope: string | undefined;
  host = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((request, response) => this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  reset(): void {
    this.auth = 'bearer';
    this.manifests.clear();
    this.overrides.clear();
    this.seen.length = 0;
    this.violations.length = 0;
    this.accepts.length = 0;
    this.tokenAnswer = undefined;
    this.expectedScope = undefined;
  }

  put(path: string, ref: string, manifest: StoredManifest): void {
    let repo = this.manifests.get(path);
    if (!repo) this.manifests.set(path, (repo = new Map()));
    repo.set(ref, manifest);
    repo.set(manifest.digest, manifest);
  }

  private basic(): string {
    return `Basic ${Buffer.from(`${this.user.username}:${this.user.password}`).toString('base64')}`;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => this.answer(request, Buffer.concat(chunks), response));
  }

  private violation(response: ServerResponse, text: string): void {
    this.violations.push(text);
    response.statusCode = 400;
    response.end(text);
  }

  private answer(request: IncomingMessage, body: Buffer, response: ServerResponse): void {
    const auth = request.headers.authorization ?? '';
    const url = new URL(request.url ?? '/', 'http://registry');
    this.seen.push(`${request.method} ${request.url} ${auth.split(' ')[0] ?? ''}`.trimEnd());
    if (url.pathname === '/token') {
      if (request.method !== 'GET') return this.violation(response, `token ${request.method}`);
      if (auth !== this.basic()) {
        response.statusCode = 401;
        return void response.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      }
      if (url.searchParams.get('service') !== 'fake-registry') {
        return this.violation(response, `token service ${url.searchParams.get('service')}`);
      }
      const scope = url.searchParams.get('scope');
      if (this.expectedScope !== undefined && scope !== this.expectedScope) {
        return this.violation(response, `token scope ${scope}, expected ${this.expectedScope}`);
      }
      response.setHeader('content-type', 'application/json');
      if (this.tokenAnswer) {
        response.statusCode = this.tokenAnswer.status;
        return void response.end(this.tokenAnswer.body);
      }
      return void response.end(JSON.stringify({ token: `tkn ${scope}` }));
    }
    const override = this.overrides.get(`${request.method} ${url.pathname}`);
    const ok =
      this.auth === 'none' ||
      (this.auth === 'basic' ? auth === this.basic() : auth.startsWith('Bearer tkn '));
    if (!ok) {
      response.statusCode = 401;
      response.setHeader(
        'www-authenticate',
        this.auth === 'bearer'
          ? `Bearer realm="http://${this.host}/token",service="fake-registry",scope="repository:x:pull"`
          : 'Basic realm="fake-registry"',
      );
      return void response.end();
    }
    if (override && override.times !== 0) {
      if (override.times !== undefined) override.times--;
      response.statusCode = override.status;
      for (const [name, value] of Object.entries(override.headers ?? {})) {
        response.setHeader(name, value);
      }
      return void response.end();
    }
    const match = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (!match) return this.violation(response, `unexpected ${request.method} ${url.pathname}`);
    const [, repoPath, ref] = match as unknown as [string, string, string];
    const tokenScope = auth.startsWith('Bearer ') ? auth.slice('Bearer tkn '.length) : undefined;
    if (tokenScope !== undefined && !tokenScope.startsWith(`repository:${repoPath}:`)) {
      return this.violation(response, `token for ${tokenScope} used on ${repoPath}`);
    }
    const repo = this.manifests.get(repoPath);
    if (request.method === 'HEAD' || request.method === 'GET') {
      const accept = request.headers.accept ?? '';
      this.accepts.push(accept);
      if (!accept.includes('application/vnd.oci.image.index.v1+json')) {
        return this.violation(response, `${request.method} without the OCI index in Accept`);
      }
      const found = repo?.get(decodeURIComponent(ref));
      if (!found) {
        response.statusCode = 404;
        return void response.end();
      }
      response.setHeader('docker-content-digest', found.digest);
      response.setHeader('content-type', found.contentType);
      return void response.end(request.method === 'GET' ? found.body : undefined);
    }
    if (request.method === 'PUT') {
      if (tokenScope !== undefined && !tokenScope.endsWith(':pull,push')) {
        return this.violation(response, `PUT with a token for ${tokenScope}`);
      }
      const contentType = request.headers['content-type'] ?? '';
      const source = [...(repo?.values() ?? [])].find((m) => m.body === body.toString());
      if (!source) return this.violation(response, 'PUT of a manifest the registry does not hold');
      if (contentType !== source.contentType) {
        return this.violation(response, `PUT as ${contentType}, stored as ${source.contentType}`);
      }
      this.put(repoPath, decodeURIComponent(ref), source);
      response.statusCode = 201;
      response.setHeader('docker-content-digest', source.digest);
      return void response.end();
    }
    this.violation(response, `unexpected ${request.method}`);
  }
}
