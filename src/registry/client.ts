import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextRetryDelay,
  parseRetryAfter,
  type RetryPolicy,
} from '../platform/retry.js';
import {
  basicAuthorization,
  parseChallenge,
  registryBaseUrl,
  tokenFromAnswer,
  tokenRequest,
  type BasicCredentials,
} from './manifest.js';

/**
 * A registry answered an operation of the distribution API with a refusal (not a transient
 * failure): the caller can fall back to another way of building, naming what was refused.
 */
export class RegistryRefusal extends Error {
  constructor(
    readonly operation: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${operation} was refused${status ? `: ${status}` : ''}${detail ? ` ${detail}` : ''}`);
    this.name = 'RegistryRefusal';
  }
}

export interface RegistryRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** `/v2/...` or an absolute URL the registry returned (an upload Location). */
  url: string;
  headers?: Record<string, string>;
  /** Made anew for every attempt, so a retried or re-authenticated request sends it whole. */
  body?: () => Buffer | Readable;
}

export interface RegistryClientOptions {
  host: string;
  credentials?: BasicCredentials;
  /** Repositories this client works in and the actions it needs there (for Bearer tokens). */
  scopes: readonly { path: string; actions: string }[];
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The project's one retry policy unless a test asks for another. */
  policy?: RetryPolicy;
}

/**
 * The distribution API on one registry host: answers the Basic or Bearer challenge once and
 * reuses the answer, retries transient failures with the project's retry policy, never follows a
 * credential to another host (fetch drops Authorization on a cross-origin redirect). Unlike the
 * buffered client of platform/http.ts it streams request bodies: a layer blob is not held in
 * memory.
 */
export class RegistryClient {
  readonly baseUrl: string;
  private authorization: string | undefined;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: RetryPolicy;

  constructor(private readonly options: RegistryClientOptions) {
    this.baseUrl = registryBaseUrl(options.host);
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.policy = options.policy ?? DEFAULT_RETRY_POLICY;
  }

  /** Resolves a path or a Location header (which may be relative) against the registry. */
  resolve(url: string): URL {
    return new URL(url, this.baseUrl);
  }

  /** One request, retried on transient failures; any other status is returned to the caller. */
  async send(request: RegistryRequest): Promise<Response> {
    let waited = 0;
    for (let attempt = 1; ; attempt += 1) {
      let failure: unknown;
      let retryAfter: number | undefined;
      try {
        const response = await this.sendAuthenticated(request);
        if (!isRetryableStatus(response.status)) return response;
        retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
        const delay = nextRetryDelay(this.policy, attempt, waited, retryAfter, Math.random());
        if (delay === undefined) return response;
        await response.body?.cancel();
        waited += delay;
        await this.sleep(delay);
        continue;
      } catch (error) {
        failure = error;
      }
      const delay = nextRetryDelay(this.policy, attempt, waited, undefined, Math.random());
      if (delay === undefined) {
        throw failure instanceof Error ? failure : new Error(String(failure));
      }
      waited += delay;
      await this.sleep(delay);
    }
  }

  private async sendAuthenticated(request: RegistryRequest): Promise<Response> {
    const response = await this.sendOnce(request);
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
    await response.body?.cancel();
    if (!challenge) return this.sendOnce(request);
    if (challenge.scheme === 'basic') {
      this.authorization = basicAuthorization(this.options.credentials);
    } else {
      this.authorization = `Bearer ${await this.fetchToken(challenge.params)}`;
    }
    return this.sendOnce(request);
  }

  private sendOnce(request: RegistryRequest): Promise<Response> {
    const body = request.body?.();
    const init: RequestInit & { duplex?: 'half' } = {
      method: request.method,
      headers: {
        ...request.headers,
        ...(this.authorization ? { Authorization: this.authorization } : {}),
      },
      signal: AbortSignal.timeout(body instanceof Readable ? 30 * 60_000 : 60_000),
    };
    if (body instanceof Readable) {
      init.body = Readable.toWeb(body) as unknown as ReadableStream;
      init.duplex = 'half';
    } else if (body) {
      init.body = body;
    }
    return this.fetchImpl(this.resolve(request.url), init);
  }

  private async fetchToken(params: Record<string, string>): Promise<string> {
    const scopes = this.options.scopes.map((scope) => `repository:${scope.path}:${scope.actions}`);
    const request = tokenRequest(params, scopes, this.options.credentials);
    const response = await this.fetchImpl(request.url, {
      method: request.method,
      headers: request.headers,
      ...(request.body !== undefined && { body: request.body }),
      signal: AbortSignal.timeout(30_000),
    });
    return tokenFromAnswer(response.status, await response.text());
  }
}

/** The registry's own words for an error answer: `CODE: message` of each entry, or the text. */
export async function registryErrorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (parsed.errors?.length) {
      return parsed.errors.map((e) => `${e.code ?? ''}: ${e.message ?? ''}`).join('; ');
    }
  } catch {
    // not JSON: the text itself
  }
  return text.trim().slice(0, 300);
}

/** A blob to upload: its digest, size and a way to read any byte range of it again. */
export interface BlobSource {
  digest: string;
  size: number;
  read(start: number, end: number): Buffer | Readable;
}

export function fileBlob(file: string, digest: string, size: number): BlobSource {
  return {
    digest,
    size,
    read: (start, end) => createReadStream(file, { start, end: end - 1 }),
  };
}

export function bufferBlob(bytes: Buffer, digest: string): BlobSource {
  return { digest, size: bytes.length, read: (start, end) => bytes.subarray(start, end) };
}

export type UploadMode =
  /** POST, one streamed PATCH, PUT ?digest: the flow every major registry accepts. */
  | { kind: 'streamed' }
  /** POST, PATCHes of `chunkSize` bytes with Content-Range, PUT ?digest. */
  | { kind: 'chunked'; chunkSize: number }
  /** POST, then one PUT ?digest carrying the whole blob. */
  | { kind: 'monolithic' };

/**
 * Uploads a blob into `repository` unless it is already there. A failure in the middle restarts
 * the upload from a new session (the client has already retried each request); a refusal throws
 * a RegistryRefusal naming the step.
 */
export async function uploadBlob(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  mode: UploadMode = { kind: 'streamed' },
): Promise<'present' | 'uploaded'> {
  if (await blobExists(client, repository, blob.digest)) return 'present';
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    try {
      await uploadOnce(client, repository, blob, mode);
      return 'uploaded';
    } catch (error) {
      if (error instanceof RegistryRefusal) throw error;
      lastError = error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

async function uploadOnce(
  client: RegistryClient,
  repository: string,
  blob: BlobSource,
  mode: UploadMode,
): Promise<void> {
  let location = await startUpload(client, repository);
  const octets = { 'Content-Type': 'application/octet-stream' };
  if (mode.kind !== 'monolithic') {
    const chunk = mode.kind === 'chunked' ? mode.chunkSize : Math.max(blob.size, 1);
    for (let start = 0; start < blob.size; start += chunk) {
      const end = Math.min(start + chunk, blob.size);
      const patch = await client.send({
        method: 'PATCH',
        url: location,
        headers: {
          ...octets,
          'Content-Length': String(end - start),
          ...(mode.kind === 'chunked' ? { 'Content-Range': `${start}-${end - 1}` } : {}),
        },
        body: () => blob.read(start, end),
      });
      if (patch.status !== 202) {
        throw await refusalOrError(
          `PATCH of blob ${blob.digest} (bytes ${start}-${end - 1})`,
          patch,
        );
      }
      await patch.body?.cancel();
      location = nextLocation(patch, location);
    }
  }
  const url = client.resolve(location);
  url.searchParams.set('digest', blob.digest);
  const put = await client.send({
    method: 'PUT',
    url: url.toString(),
    headers:
      mode.kind === 'monolithic'
        ? { ...octets, 'Content-Length': String(blob.size) }
        : { 'Content-Length': '0' },
    ...(mode.kind === 'monolithic' ? { body: () => blob.read(0, blob.size) } : {}),
  });
  if (put.status !== 201) throw await refusalOrError(`PUT of blob ${blob.digest}`, put);
  await put.body?.cancel();
}

async function startUpload(client: RegistryClient, repository: string): Promise<string> {
  const post = await client.send({
    method: 'POST',
    url: `/v2/${repository}/blobs/uploads/`,
    headers: { 'Content-Length': '0' },
  });
  if (post.status !== 202)
    throw await refusalOrError(`POST /v2/${repository}/blobs/uploads/`, post);
  await post.body?.cancel();
  return nextLocation(post, undefined);
}

/**
 * Cross-repository mount: true when the registry mounted the blob, false when it opened an
 * ordinary upload session instead (cancelled here, so the caller uploads or copies).
 */
export async function mountBlob(
  client: RegistryClient,
  repository: string,
  digest: string,
  from: string,
): Promise<boolean> {
  const url = `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
  const post = await client.send({ method: 'POST', url, headers: { 'Content-Length': '0' } });
  if (post.status === 201) {
    await post.body?.cancel();
    return true;
  }
  if (post.status === 202) {
    await post.body?.cancel();
    const location = post.headers.get('location');
    if (location) {
      const cancel = await client.send({ method: 'DELETE', url: location }).catch(() => undefined);
      await cancel?.body?.cancel();
    }
    return false;
  }
  throw await refusalOrError(`mount of blob ${digest} from ${from}`, post);
}

export async function blobExists(
  client: RegistryClient,
  repository: string,
  digest: string,
): Promise<boolean> {
  const head = await client.send({ method: 'HEAD', url: `/v2/${repository}/blobs/${digest}` });
  await head.body?.cancel();
  if (head.status === 200) return true;
  if (head.status === 404) return false;
  throw new RegistryRefusal(`HEAD /v2/${repository}/blobs/${digest}`, head.status, '');
}

function nextLocation(response: Response, previous: string | undefined): string {
  const location = response.headers.get('location');
  if (location) return location;
  if (previous) return previous;
  throw new Error(`the registry answered ${response.status} without a Location`);
}

/** 4xx (but 408/429) is the registry saying no; anything else is a failure worth retrying. */
export async function refusalOrError(operation: string, response: Response): Promise<Error> {
  const detail = await registryErrorText(response);
  if (response.status >= 400 && response.status < 500 && !isRetryableStatus(response.status)) {
    return new RegistryRefusal(operation, response.status, detail);
  }
  return new Error(`${operation} answered ${response.status} ${detail}`);
}
