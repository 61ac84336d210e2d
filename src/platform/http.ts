import { errorMessage } from './errors.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextRetryDelay,
  parseRetryAfter,
} from './retry.js';
import type { RetryPolicy } from './retry.js';
import type { Logger } from './runtime.js';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body as sent (a registry manifest must be copied byte for byte). */
  bytes: Uint8Array;
}

/** The I/O of the one HTTP client, injected so tests point it at local servers and skip waits. */
export interface HttpDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: Pick<Logger, 'debug'>;
}

/** A call that failed: the HTTP status (0 for a network error) and the service's answer. */
export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface SendOptions {
  /** Extra retryable answers that refuse the request for now, e.g. STS's 400 `Throttling`. */
  retryable?: (response: HttpResponse) => boolean;
  /** How long such an answer asks to wait, beyond Retry-After (e.g. GitHub's rate-limit reset). */
  retryAfterMs?: (response: HttpResponse) => number | undefined;
  /**
   * false for a request that must not run twice (a workflow dispatch): a network error or a server
   * fault may come after it took effect, so only answers that refuse it (429, `retryable`) are retried.
   */
  replayable?: boolean;
  /** When retries run out on an answer, return it instead of throwing (the caller reads it). */
  returnLastAnswer?: boolean;
  policy?: RetryPolicy;
  random?: () => number;
  timeoutMs?: number;
  /** 'error' (default) for token services; registries may redirect reads to their storage. */
  redirect?: 'error' | 'follow';
}

/**
 * Sends a request, retrying network errors, 408/429/5xx (and `options.retryable` answers) with
 * jittered backoff within the policy's time budget. Any other answer is returned, 4xx included:
 * auth refusals are never retried. `request` may be a function so each attempt is built fresh (a
 * SigV4 signature carries the time).
 */
export async function sendWithRetry(
  deps: HttpDeps,
  request: HttpRequest | (() => Promise<HttpRequest>),
  options: SendOptions = {},
): Promise<HttpResponse> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  const replayable = options.replayable ?? true;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    const req = typeof request === 'function' ? await request() : request;
    let failure: string;
    let retryAfter: number | undefined;
    let last: HttpResponse | undefined;
    try {
      const response = await deps.fetch(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: options.redirect ?? 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      const bytes = new Uint8Array(await response.arrayBuffer());
      last = {
        status: response.status,
        headers: response.headers,
        text: new TextDecoder().decode(bytes),
        bytes,
      };
      const refused = last.status === 429 || (options.retryable?.(last) ?? false);
      const retryable = refused || (replayable && isRetryableStatus(last.status));
      if (!retryable) return last;
      failure = `HTTP ${last.status}${excerpt(last.text)}`;
      retryAfter =
        options.retryAfterMs?.(last) ??
        parseRetryAfter(last.headers.get('retry-after'), Date.now());
    } catch (error) {
      failure = networkErrorMessage(error);
      if (!replayable) {
        throw new HttpError(`${req.method} ${safeUrl(req.url)} failed: ${failure}`, 0, '');
      }
    }
    const delay = nextRetryDelay(policy, attempt, waited, retryAfter, random());
    if (delay === undefined) {
      if (last && options.returnLastAnswer) return last;
      throw new HttpError(
        `${req.method} ${safeUrl(req.url)} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure}`,
        last?.status ?? 0,
        last?.text ?? '',
      );
    }
    deps.log.debug(
      `${req.method} ${safeUrl(req.url)}: ${failure}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`,
    );
    waited += delay;
    await deps.sleep(delay);
  }
}

/**
 * A `fetch` over this client, for a library that brings its own request layer (Octokit): every
 * call goes through the same retries, and an answer that stays retryable is handed back as is.
 */
export function retryingFetch(
  deps: HttpDeps,
  optionsFor: (method: HttpRequest['method']) => SendOptions,
): typeof fetch {
  return async (input, init = {}) => {
    const url = input instanceof Request ? input.url : String(input);
    const method = (init.method ?? 'GET').toUpperCase() as HttpRequest['method'];
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
      throw new Error(`only text request bodies are supported (${method} ${safeUrl(url)})`);
    }
    const answer = await sendWithRetry(
      deps,
      {
        method,
        url,
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        ...(typeof init.body === 'string' && { body: init.body }),
      },
      { ...optionsFor(method), returnLastAnswer: true },
    );
    const empty = method === 'HEAD' || [204, 205, 304].includes(answer.status);
    const headers = new Headers(answer.headers);
    // The body is already decoded: the encoding header no longer describes it.
    headers.delete('content-encoding');
    headers.delete('content-length');
    return new Response(empty ? null : answer.bytes, { status: answer.status, headers });
  };
}

/** sendWithRetry, with a network failure or exhausted retries wrapped as "<context>: <cause>". */
export async function sendWithContext(
  deps: HttpDeps,
  context: string,
  request: HttpRequest | (() => Promise<HttpRequest>),
  options: SendOptions = {},
): Promise<HttpResponse> {
  try {
    return await sendWithRetry(deps, request, options);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 0;
    const body = error instanceof HttpError ? error.body : '';
    throw new HttpError(`${context}: ${errorMessage(error)}`, status, body);
  }
}

/** The URL without its query, which may carry one-time parameters. */
export function safeUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  return parsed ? `${parsed.origin}${parsed.pathname}` : '<invalid URL>';
}

/** A short, single-line excerpt of a service's answer for an error message. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '';
  return `: ${flat.length > max ? `${flat.slice(0, max)}…` : flat}`;
}

function networkErrorMessage(error: unknown): string {
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const detail = cause?.code ?? cause?.message;
  return `${errorMessage(error)}${detail ? ` (${detail})` : ''}`;
}

/** application/x-www-form-urlencoded body, as the OAuth and STS endpoints expect. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Parses a JSON answer; a non-JSON answer (an HTML error page from a proxy) becomes undefined. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a string field of a parsed JSON object, or undefined. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : undefined;
}
