/** GitHub's REST API for dispatch: Octokit over the one HTTP client, rate limits, errors with context. */
import { parseJson, retryingFetch, type HttpResponse } from '../platform/http.js';
import type { RetryPolicy } from '../platform/retry.js';
import type { Logger } from '../platform/runtime.js';

export type DispatchLogger = Pick<Logger, 'info' | 'warning'>;

export interface GitHubDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: DispatchLogger;
  /** Defaults to `Date.now`; used to turn `x-ratelimit-reset` into a wait. */
  now?: () => number;
}

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    readonly apiMessage: string,
    context: string,
    hint?: string,
  ) {
    super(`${context}: GitHub answered ${status} ${apiMessage}${hint ? `. ${hint}` : ''}`);
    this.name = 'GitHubApiError';
  }
}

/**
 * GitHub's retry policy: reads are retried after server errors with backoff from 2 s; a rate
 * limit is waited out (its reset or Retry-After), but a job should not idle more than 15 minutes.
 */
const GITHUB_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 2_000,
  maxDelayMs: 32_000,
  maxTotalDelayMs: 15 * 60 * 1000,
};

export interface GitHubResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

export function apiMessage(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body)
    return String((body as { message: unknown }).message);
  return typeof body === 'string' ? body : '';
}

/** How long to wait before retrying, or undefined when the answer is not a rate limit. Pure. */
export function rateLimitWaitMs(
  status: number,
  headers: Headers,
  body: unknown,
  now: number,
): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  const reset = headers.get('x-ratelimit-reset');
  if (headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - now) + 1000;
  }
  // Secondary limits sometimes come with only a message; GitHub asks for at least a minute then.
  if (status === 429 || /rate limit/i.test(apiMessage(body))) return 60_000;
  return undefined;
}

type Octokit = ReturnType<typeof import('@actions/github').getOctokit>;
type OctokitRequest = Octokit['request'];

/** GitHub's REST API through Octokit, whose every request goes through the one HTTP client. */
export class GitHubClient {
  private constructor(private readonly octokit: Octokit) {}

  static async connect(baseUrl: string, token: string, deps: GitHubDeps): Promise<GitHubClient> {
    // Only dispatch mode talks to GitHub: Octokit is loaded then, so other modes start as fast.
    const { getOctokit } = await import('@actions/github');
    const now = deps.now ?? Date.now;
    const http = {
      fetch: deps.fetch,
      sleep: deps.sleep,
      // Waiting on GitHub is worth a line in the log, not only in debug output.
      log: { debug: (message: string) => deps.log.warning(message) },
    };
    const octokit = getOctokit(token, {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      userAgent: 'launch-action',
      // GitHub's documented scheme for every kind of token (Octokit would send `token …`).
      authStrategy: () => ({
        hook: (request: OctokitRequest, route: string, parameters?: Record<string, unknown>) => {
          const endpoint = request.endpoint.merge(route, parameters);
          endpoint.headers.authorization = `Bearer ${token}`;
          return request(endpoint as typeof endpoint & { url: string });
        },
      }),
      request: {
        fetch: retryingFetch(http, (method) => ({
          policy: GITHUB_RETRY_POLICY,
          // A repeated dispatch could start a second run: only reads are replayed after a fault.
          replayable: method === 'GET',
          retryable: (answer) => rateLimitOf(answer, now()) !== undefined,
          retryAfterMs: (answer) => rateLimitOf(answer, now()),
          redirect: 'follow',
        })),
      },
    });
    return new GitHubClient(octokit);
  }

  /** Sends one request; every answer is returned (rate limits were already waited out). */
  async request(method: string, path: string, body?: unknown): Promise<GitHubResponse> {
    try {
      const response = await this.octokit.request(`${method} ${path}`, {
        ...(body !== undefined && { data: body }),
        headers: { 'x-github-api-version': '2022-11-28' },
      });
      return { status: response.status, body: response.data, headers: new Headers() };
    } catch (error) {
      const answer = answerOf(error);
      if (answer) return answer;
      throw error;
    }
  }

  /** Like `request`, but throws a `GitHubApiError` with `context` unless the status is expected. */
  async expect(
    method: string,
    path: string,
    ok: number[],
    context: string,
    body?: unknown,
  ): Promise<GitHubResponse> {
    const response = await this.request(method, path, body);
    if (!ok.includes(response.status)) {
      const wait = rateLimitWaitMs(response.status, response.headers, response.body, Date.now());
      throw new GitHubApiError(
        response.status,
        apiMessage(response.body),
        context,
        wait !== undefined
          ? `Rate limited; the limit resets in ${Math.round(wait / 1000)} s. Dispatch less often or use a token with a larger budget`
          : statusHint(response.status),
      );
    }
    return response;
  }
}

/** How long a rate-limit answer asks to wait, or undefined when it is no rate limit. */
function rateLimitOf(answer: HttpResponse, now: number): number | undefined {
  return rateLimitWaitMs(answer.status, answer.headers, parseJson(answer.text) ?? answer.text, now);
}

/** The HTTP answer inside an Octokit RequestError (4xx/5xx), or undefined for other failures. */
function answerOf(error: unknown): GitHubResponse | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined;
  const response = (error as { response?: { data?: unknown; headers?: Record<string, unknown> } })
    .response;
  if (!response) return undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined) headers.set(name, String(value));
  }
  return { status: Number((error as { status: unknown }).status), body: response.data, headers };
}

export function statusHint(status: number): string | undefined {
  switch (status) {
    case 401:
      return 'The token is invalid or expired: check `github-token`';
    case 403:
      return 'The token lacks permission: it needs `actions: write` on the target repository (a fine-grained or app token for another repository)';
    case 404:
      return 'The repository or workflow was not found, or the token cannot see it: the workflow file must exist on the default branch';
    default:
      return undefined;
  }
}
