import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** The registry requests a fault can target (distribution API v2). */
export type RequestKind =
  /** HEAD or GET of `/v2/<repo>/manifests/<tag or digest>`: the exists-lookup, or a pull. */
  | 'manifest-lookup'
  /** POST, PATCH or PUT of `/v2/<repo>/blobs/uploads/…`: pushing a layer or a config. */
  | 'blob-upload'
  /** PUT of `/v2/<repo>/manifests/<reference>`: the step that makes a tag point at an image. */
  | 'manifest-put'
  | 'other';

export type Fault =
  /** The registry answers this status (503: down for a moment; 429: throttled). */
  | { kind: RequestKind; status: 429 | 503; retryAfterSeconds?: number }
  /** The connection is reset after part of the request body went through. */
  | { kind: 'blob-upload'; reset: true };

export interface SeenRequest {
  method: string;
  path: string;
  kind: RequestKind;
  /** What the proxy did instead of forwarding, if anything. */
  injected?: string;
  at: number;
}

/** Names a fault for the log and the table of cases. */
export function describeFault(fault: Fault): string {
  if ('reset' in fault) return `connection reset during ${fault.kind}`;
  const after =
    fault.retryAfterSeconds !== undefined ? ` (Retry-After ${fault.retryAfterSeconds})` : '';
  return `${fault.status}${after} on ${fault.kind}`;
}

export function classifyRequest(method: string, url: string): RequestKind {
  const pathname = url.split('?')[0] ?? '';
  if (/^\/v2\/.+\/blobs\/uploads\/?/.test(pathname) && ['POST', 'PATCH', 'PUT'].includes(method))
    return 'blob-upload';
  if (/^\/v2\/.+\/manifests\/[^/]+$/.test(pathname)) {
    if (method === 'PUT') return 'manifest-put';
    if (method === 'HEAD' || method === 'GET') return 'manifest-lookup';
  }
  return 'other';
}

/**
 * A plain-HTTP front for the local registry on 127.0.0.1 (docker and BuildKit push to loopback
 * registries over HTTP) that injects faults on chosen kinds of requests: a 503 or a 429 with
 * Retry-After, or a connection reset halfway through a blob upload. Faults hit authenticated
 * requests only (the registry's 401 challenge round trip is left alone), each armed fault a given
 * number of times. With `immutable`, a manifest PUT to a tag that exists is refused, as ECR
 * (IMMUTABLE) and Artifact Registry do. Everything else is forwarded unchanged, the client's
 * Authorization included, so the registry's own auth decides.
 */
export class FaultRegistry {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private armed: { fault: Fault; remaining: number }[] = [];
  private tagWrites: Promise<void> = Promise.resolve();
  readonly requests: SeenRequest[] = [];
  /** Refuse a manifest PUT to an existing tag. */
  immutable = false;
  /** Holds manifest PUTs by tag until this many have arrived, then lets them go together. */
  tagWriteBarrier?: { count: number; arrived: number; open?: Promise<void>; release?: () => void };
  /** Called for every request before it is answered (tests use it to time a kill). */
  onRequest?: (request: SeenRequest) => void;
  /** Holds requests of these kinds this long before forwarding them (a slow registry). */
  stall?: { kinds: RequestKind[]; ms: number };
  /** Tags a manifest PUT may not write: refused with 403 DENIED, as a tag-restricted registry does. */
  deniedTags: string[] = [];

  constructor(private readonly upstream: { host: string; port: number }) {}

  get host(): string {
    return `127.0.0.1:${(this.server?.address() as AddressInfo).port}`;
  }

  /** Arms a fault for the next `times` matching requests. */
  inject(fault: Fault, times = 1): void {
    this.armed.push({ fault, remaining: times });
  }

  /** Disarms every fault and forgets the requests seen. */
  reset(): void {
    this.armed = [];
    this.requests.length = 0;
    this.immutable = false;
    this.onRequest = undefined;
    this.tagWriteBarrier = undefined;
    this.stall = undefined;
    this.deniedTags = [];
  }

  /** The faults still armed (a fault that never fired means its case tested nothing). */
  get pending(): number {
    return this.armed.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', resolve);
    });
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private takeFault(kind: RequestKind, req: IncomingMessage): Fault | undefined {
    if (req.headers.authorization === undefined) return undefined;
    // A reset "in the middle" needs a body to cut: only an upload that carries data.
    const hasBody =
      Number(req.headers['content-length'] ?? 0) > 0 ||
      req.headers['transfer-encoding'] !== undefined;
    const entry = this.armed.find(
      (armed) =>
        armed.fault.kind === kind && armed.remaining > 0 && (!('reset' in armed.fault) || hasBody),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    return entry.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const kind = classifyRequest(method, url);
    const seen: SeenRequest = { method, path: url.split('?')[0] ?? '', kind, at: Date.now() };
    this.requests.push(seen);
    this.onRequest?.(seen);
    const fault = this.takeFault(kind, req);
    if (fault && 'status' in fault) {
      seen.injected = describeFault(fault);
      req.resume();
      const code = fault.status === 429 ? 'TOOMANYREQUESTS' : 'UNAVAILABLE';
      res.writeHead(fault.status, {
        'content-type': 'application/json',
        ...(fault.retryAfterSeconds !== undefined && {
          'retry-after': String(fault.retryAfterSeconds),
        }),
      });
      res.end(JSON.stringify({ errors: [{ code, message: `injected ${seen.injected}` }] }));
      return;
    }
    const putTag = kind === 'manifest-put' ? /\/manifests\/([^/?]+)$/.exec(url)?.[1] : undefined;
    if (putTag !== undefined && this.deniedTags.includes(putTag)) {
      seen.injected = `tag ${putTag} denied`;
      req.resume();
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [{ code: 'DENIED', message: `pushing the tag ${putTag} is not allowed` }],
        }),
      );
      return;
    }
    const stall = this.stall;
    if (stall?.kinds.includes(kind)) await new Promise((resolve) => setTimeout(resolve, stall.ms));
    const byTag = kind === 'manifest-put' && !/\/manifests\/sha256:/.test(url);
    const barrier = this.tagWriteBarrier;
    if (byTag && barrier) {
      barrier.open ??= new Promise<void>((resolve) => (barrier.release = resolve));
      barrier.arrived += 1;
      if (barrier.arrived >= barrier.count) barrier.release?.();
      await barrier.open;
    }
    let release: (() => void) | undefined;
    if (this.immutable && kind === 'manifest-put') {
      // Check and write are one step, as in a registry that enforces immutability: a second PUT
      // of the same tag waits for the first to be answered.
      const previous = this.tagWrites;
      this.tagWrites = new Promise<void>((resolve) => (release = resolve));
      await previous;
      res.on('close', () => release?.());
      const reference = /\/manifests\/([^/?]+)$/.exec(url)?.[1] ?? '';
      if (!reference.startsWith('sha256:') && (await this.status('HEAD', url, req)) === 200) {
        seen.injected = 'tag exists (immutable)';
        req.resume();
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [
              {
                code: 'TAG_INVALID',
                message: `The image tag '${reference}' already exists and cannot be overwritten because the repository is immutable.`,
              },
            ],
          }),
        );
        return;
      }
    }
    const upstream = httpRequest(
      {
        host: this.upstream.host,
        port: this.upstream.port,
        method,
        path: url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    if (fault && 'reset' in fault) {
      seen.injected = describeFault(fault);
      // Part of the body reaches the registry, then both connections drop, as a network fault would.
      let forwarded = 0;
      req.on('data', (chunk: Buffer) => {
        if (forwarded === 0) upstream.write(chunk.subarray(0, Math.ceil(chunk.length / 2)));
        forwarded += chunk.length;
        upstream.destroy();
        req.socket.destroy();
      });
      req.on('end', () => {
        upstream.destroy();
        req.socket.destroy();
      });
      return;
    }
    req.pipe(upstream);
  }

  private status(method: string, url: string, req: IncomingMessage): Promise<number | undefined> {
    return new Promise((resolve) => {
      const check = httpRequest(
        {
          host: this.upstream.host,
          port: this.upstream.port,
          method,
          path: url,
          headers: {
            ...(req.headers.authorization && { authorization: req.headers.authorization }),
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
