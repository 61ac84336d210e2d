import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local, contract-strict GitHub Actions cache service (v2, the "results" service) on 127.0.0.1.
 *
 * It speaks what the @actions/cache client sends when ACTIONS_CACHE_SERVICE_V2 is set: twirp JSON calls
 * under /twirp/github.actions.results.api.v1.CacheService/ authorised by the runtime token, and Azure
 * block-blob uploads / plain GET downloads against the signed URLs it issues. Anything outside that
 * contract is refused the way the real service refuses it.
 */

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const BLOB_PREFIX = '/blob/cacheaccount/actions-cache/';

/** One request as the service received it (bodies of blob uploads are summarised by their size). */
export interface CacheServiceRequest {
  method: string;
  path: string;
  status: number;
  bytes: number;
}

/** An entry as stored by the service. */
export interface CacheEntry {
  id: number;
  key: string;
  version: string;
  blobName: string;
  createdAt: number;
  finalized: boolean;
  sizeBytes?: number;
}

interface TwirpError {
  status: number;
  code: string;
  msg: string;
}

const REQUEST_FIELDS: Record<string, readonly string[]> = {
  CreateCacheEntry: ['metadata', 'key', 'version'],
  FinalizeCacheEntryUpload: ['metadata', 'key', 'size_bytes', 'version'],
  GetCacheEntryDownloadURL: ['metadata', 'key', 'restore_keys', 'version'],
};

export class ActionsCacheService {
  readonly requests: CacheServiceRequest[] = [];
  readonly entries: CacheEntry[] = [];
  /** Every request the service refused, with its reason (tests assert on it being empty on the happy path). */
  readonly refusals: string[] = [];
  readonly token = `cache-token-${randomBytes(12).toString('hex')}`;
  private readonly signingKey = randomBytes(32);
  /** Uncommitted blocks per blob, and committed blob contents. */
  private readonly stagedBlocks = new Map<string, Map<string, Buffer>>();
  private readonly blobs = new Map<string, Buffer>();
  private readonly failures: TwirpError[] = [];
  private nextId = 1;
  private server?: Server;
  private baseUrl?: string;

  get url(): string {
    if (!this.baseUrl) throw new Error('the cache service is not started');
    return this.baseUrl;
  }

  /** The variables a GitHub runner gives a step for this service. */
  runnerEnv(): Record<string, string> {
    return {
      ACTIONS_CACHE_SERVICE_V2: 'True',
      ACTIONS_RESULTS_URL: `${this.url}/`,
      ACTIONS_RUNTIME_TOKEN: this.token,
    };
  }

  /** The next `count` twirp calls answer with a server error (the client retries 5xx). */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++)
      this.failures.push({ status, code: 'internal', msg: 'injected failure' });
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The committed bytes of an entry's archive. */
  archive(entry: CacheEntry): Buffer | undefined {
    return this.blobs.get(entry.blobName);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let status = 500;
    try {
      if (url.pathname.startsWith(TWIRP_PREFIX)) {
        status = this.twirp(req, url, body, res);
      } else if (url.pathname.startsWith(BLOB_PREFIX)) {
        status = this.blob(req, url, body, res);
      } else {
        status = this.refuse(res, 404, `no route ${req.method ?? ''} ${url.pathname}`);
      }
    } catch (error) {
      status = this.refuse(res, 500, `internal: ${String(error)}`);
    }
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      status,
      bytes: body.length,
    });
  }

  private refuse(
    res: ServerResponse,
    status: number,
    reason: string,
    headers: Record<string, string> = {},
  ): number {
    this.refusals.push(reason);
    res.writeHead(status, { 'content-type': 'text/plain', ...headers });
    res.end(reason);
    return status;
  }

  // ---- twirp ----

  private twirp(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): number {
    const method = url.pathname.slice(TWIRP_PREFIX.length);
    const answer = (status: number, payload: unknown): number => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
      return status;
    };
    const fail = (error: TwirpError): number => {
      if (error.code !== 'internal' || error.msg !== 'injected failure')
        this.refusals.push(`${method}: ${error.msg}`);
      return answer(error.status, { code: error.code, msg: error.msg });
    };
    if (req.method !== 'POST')
      return fail({ status: 404, code: 'bad_route', msg: `${req.method ?? ''} not allowed` });
    const fields = REQUEST_FIELDS[method];
    if (!fields) return fail({ status: 404, code: 'bad_route', msg: `no such method ${method}` });
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return fail({
        status: 401,
        code: 'unauthenticated',
        msg: 'invalid or missing runtime token',
      });
    }
    if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/json') {
      return fail({ status: 400, code: 'malformed', msg: 'content-type must be application/json' });
    }
    const injected = this.failures.shift();
    if (injected) return fail(injected);
    let request: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      request = parsed as Record<string, unknown>;
    } catch {
      return fail({ status: 400, code: 'malformed', msg: 'the request body is not a JSON object' });
    }
    const unknown = Object.keys(request).filter((field) => !fields.includes(field));
    if (unknown.length > 0) {
      return fail({
        status: 400,
        code: 'malformed',
        msg: `unknown field(s) ${unknown.join(', ')}`,
      });
    }
    const key = request.key;
    const version = request.version;
    if (typeof key !== 'string' || key === '' || key.length > 512 || key.includes(',')) {
      return fail({
        status: 400,
        code: 'invalid_argument',
        msg: 'key is required (≤ 512 characters, no comma)',
      });
    }
    if (typeof version !== 'string' || !/^[0-9a-f]{64}$/.test(version)) {
      return fail({
        status: 400,
        code: 'invalid_argument',
        msg: 'version must be a sha256 hex digest',
      });
    }
    switch (method) {
      case 'CreateCacheEntry':
        return this.create(key, version, answer, fail);
      case 'FinalizeCacheEntryUpload':
        return this.finalize(key, version, request.size_bytes, answer, fail);
      default:
        return this.lookup(key, request.restore_keys, version, answer, fail);
    }
  }

  private create(
    key: string,
    version: string,
    answer: (status: number, payload: unknown) => number,
    fail: (error: TwirpError) => number,
  ): number {
    if (this.entries.some((entry) => entry.key === key && entry.version === version)) {
      return fail({
        status: 409,
        code: 'already_exists',
        msg: 'cache entry with the same key, version, and scope already exists',
      });
    }
    const id = this.nextId++;
    const blobName = `${id}-${createHash('sha256').update(`${key}\n${version}`).digest('hex').slice(0, 16)}`;
    this.entries.push({ id, key, version, blobName, createdAt: Date.now() + id, finalized: false });
    return answer(200, { ok: true, signed_upload_url: this.sign(blobName, 'cw') });
  }

  private finalize(
    key: string,
    version: string,
    size: unknown,
    answer: (status: number, payload: unknown) => number,
    fail: (error: TwirpError) => number,
  ): number {
    const entry = this.entries.find(
      (candidate) => candidate.key === key && candidate.version === version,
    );
    if (!entry)
      return fail({ status: 404, code: 'not_found', msg: `no cache entry ${key} was created` });
    if (entry.finalized)
      return fail({ status: 409, code: 'already_exists', msg: `${key} is already finalized` });
    if (typeof size !== 'string' || !/^\d+$/.test(size)) {
      return fail({
        status: 400,
        code: 'invalid_argument',
        msg: 'size_bytes must be an int64 JSON string',
      });
    }
    const blob = this.blobs.get(entry.blobName);
    if (!blob)
      return fail({
        status: 400,
        code: 'failed_precondition',
        msg: `${key}: nothing was uploaded`,
      });
    if (blob.length !== Number(size)) {
      return fail({
        status: 400,
        code: 'invalid_argument',
        msg: `${key}: size_bytes ${size} does not match the uploaded ${blob.length} bytes`,
      });
    }
    entry.finalized = true;
    entry.sizeBytes = blob.length;
    return answer(200, { ok: true, entry_id: String(entry.id) });
  }

  private lookup(
    key: string,
    restoreKeys: unknown,
    version: string,
    answer: (status: number, payload: unknown) => number,
    fail: (error: TwirpError) => number,
  ): number {
    if (
      restoreKeys !== undefined &&
      (!Array.isArray(restoreKeys) || restoreKeys.some((k) => typeof k !== 'string'))
    ) {
      return fail({
        status: 400,
        code: 'invalid_argument',
        msg: 'restore_keys must be a list of strings',
      });
    }
    const usable = this.entries
      .filter((entry) => entry.finalized && entry.version === version)
      .sort((a, b) => b.createdAt - a.createdAt);
    // The primary key matches exactly; then each restore key, in order, as a prefix (newest first).
    let match = usable.find((entry) => entry.key === key);
    for (const prefix of (restoreKeys as string[] | undefined) ?? []) {
      if (match) break;
      match =
        usable.find((entry) => entry.key === prefix) ??
        usable.find((entry) => entry.key.startsWith(prefix));
    }
    if (!match) return answer(200, { ok: false, signed_download_url: '', matched_key: '' });
    return answer(200, {
      ok: true,
      signed_download_url: this.sign(match.blobName, 'r'),
      matched_key: match.key,
    });
  }

  // ---- signed blob URLs ----

  private signature(blobName: string, permissions: string, expiry: string): string {
    return createHmac('sha256', this.signingKey)
      .update(`${permissions}\n${blobName}\n${expiry}`)
      .digest('base64');
  }

  private sign(blobName: string, permissions: string): string {
    const expiry = new Date(Date.now() + 10 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const query = new URLSearchParams({
      sv: '2024-11-04',
      sr: 'b',
      sp: permissions,
      se: expiry,
      sig: this.signature(blobName, permissions, expiry),
    });
    return `${this.url}${BLOB_PREFIX}${blobName}?${query.toString()}`;
  }

  /** A signature check: the sig must be ours for exactly this blob, these permissions and this expiry. */
  private authorised(url: URL, blobName: string, permission: 'r' | 'w'): string | undefined {
    const sp = url.searchParams.get('sp') ?? '';
    const se = url.searchParams.get('se') ?? '';
    const sig = url.searchParams.get('sig') ?? '';
    const expected = Buffer.from(this.signature(blobName, sp, se));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return 'signature mismatch';
    if (!sp.includes(permission)) return `the signature does not grant '${permission}'`;
    if (Number.isNaN(Date.parse(se)) || Date.parse(se) < Date.now())
      return 'the signature has expired';
    return undefined;
  }

  private blob(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): number {
    const blobName = decodeURIComponent(url.pathname.slice(BLOB_PREFIX.length));
    const entry = this.entries.find((candidate) => candidate.blobName === blobName);
    const azureError = (status: number, code: string, reason: string): number =>
      this.refuse(res, status, `${req.method ?? ''} ${blobName}: ${reason}`, {
        'x-ms-error-code': code,
      });
    const ok = (status: number, headers: Record<string, string> = {}): number => {
      res.writeHead(status, {
        'x-ms-request-id': randomBytes(8).toString('hex'),
        'x-ms-version': '2024-11-04',
        ...headers,
      });
      res.end();
      return status;
    };
    if (req.method === 'GET' || req.method === 'HEAD') {
      const denied = this.authorised(url, blobName, 'r');
      if (denied) return azureError(403, 'AuthenticationFailed', denied);
      const content = this.blobs.get(blobName);
      if (!entry?.finalized || !content) return azureError(404, 'BlobNotFound', 'no such blob');
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(content.length),
        'x-ms-blob-type': 'BlockBlob',
      });
      res.end(req.method === 'GET' ? content : undefined);
      return 200;
    }
    if (req.method !== 'PUT') return azureError(405, 'UnsupportedHttpVerb', 'method not allowed');
    const denied = this.authorised(url, blobName, 'w');
    if (denied) return azureError(403, 'AuthenticationFailed', denied);
    if (!entry || entry.finalized)
      return azureError(403, 'AuthorizationFailure', 'the entry is not open for upload');
    const declared = req.headers['content-length'];
    if (declared === undefined || Number(declared) !== body.length) {
      return azureError(
        400,
        'InvalidHeaderValue',
        `content-length ${declared ?? 'missing'} ≠ ${body.length} bytes`,
      );
    }
    if (!req.headers['x-ms-version'])
      return azureError(400, 'MissingRequiredHeader', 'x-ms-version is required');
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      const blockId = url.searchParams.get('blockid') ?? '';
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blockId) || Buffer.from(blockId, 'base64').length > 64) {
        return azureError(
          400,
          'InvalidQueryParameterValue',
          `block id ${blockId} is not base64 of ≤ 64 bytes`,
        );
      }
      const blocks = this.stagedBlocks.get(blobName) ?? new Map<string, Buffer>();
      const lengths = new Set([...blocks.keys()].map((id) => Buffer.from(id, 'base64').length));
      if (lengths.size > 0 && !lengths.has(Buffer.from(blockId, 'base64').length)) {
        return azureError(
          400,
          'InvalidBlobOrBlock',
          'block ids of one blob must all have the same length',
        );
      }
      blocks.set(blockId, body);
      this.stagedBlocks.set(blobName, blocks);
      return ok(201, { 'content-md5': createHash('md5').update(body).digest('base64') });
    }
    if (comp === 'blocklist') {
      const ids = [
        ...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g),
      ].map((match) => match[2] ?? '');
      const staged = this.stagedBlocks.get(blobName) ?? new Map<string, Buffer>();
      const missing = ids.filter((id) => !staged.has(id));
      if (ids.length === 0 || missing.length > 0) {
        return azureError(
          400,
          'InvalidBlockList',
          `unknown block id(s) ${missing.join(', ') || '(none listed)'}`,
        );
      }
      this.blobs.set(blobName, Buffer.concat(ids.map((id) => staged.get(id) as Buffer)));
      this.stagedBlocks.delete(blobName);
      return ok(201, { etag: `"${randomBytes(8).toString('hex')}"` });
    }
    if (comp !== null)
      return azureError(400, 'InvalidQueryParameterValue', `comp=${comp} is not supported`);
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
      return azureError(400, 'InvalidHeaderValue', 'x-ms-blob-type must be BlockBlob');
    }
    this.blobs.set(blobName, body);
    return ok(201, {
      etag: `"${randomBytes(8).toString('hex')}"`,
      'content-md5': createHash('md5').update(body).digest('base64'),
    });
  }
}
