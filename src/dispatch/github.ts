/** A small GitHub REST client over `fetch`: auth, JSON, rate-limit back-off, errors with context. */

export interface DispatchLogger {
  info(message: string): void;
  warning(message: string): void;
}

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

/** Longest wait accepted for a rate limit before giving up (a job should not idle for an hour). */
const MAX_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;
const MAX_ATTEMPTS = 6;

export interface GitHubResponse {
  status: number;
  body: unknown;
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

export class GitHubClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly deps: GitHubDeps,
  ) {}

  /** Sends one request, backing off on rate limits. Non-2xx answers other than rate limits are returned. */
  async request(method: string, path: string, body?: unknown): Promise<GitHubResponse> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    // Only reads are retried after a server or network error: a repeated dispatch could start a second run.
    const idempotent = method === 'GET';
    for (let attempt = 1; ; attempt++) {
      let response: GitHubResponse & { headers: Headers };
      try {
        response = await this.send(method, url, body);
      } catch (error) {
        if (!idempotent || attempt >= MAX_ATTEMPTS) throw error;
        await this.backOff(
          `${method} ${path} failed (${error instanceof Error ? error.message : String(error)})`,
          attempt,
        );
        continue;
      }
      if (response.status >= 500 && idempotent && attempt < MAX_ATTEMPTS) {
        await this.backOff(`${method} ${path} answered ${response.status}`, attempt);
        continue;
      }
      const wait = rateLimitWaitMs(
        response.status,
        response.headers,
        response.body,
        (this.deps.now ?? Date.now)(),
      );
      if (wait === undefined) return { status: response.status, body: response.body };
      if (attempt >= MAX_ATTEMPTS || wait > MAX_RATE_LIMIT_WAIT_MS) {
        throw new GitHubApiError(
          response.status,
          apiMessage(response.body),
          `${method} ${path}`,
          `Rate limited; the limit resets in ${Math.round(wait / 1000)} s. Dispatch less often or use a token with a larger budget`,
        );
      }
      this.deps.log.warning(
        `GitHub rate limit on ${method} ${path}: waiting ${Math.round(wait / 1000)} s.`,
      );
      await this.deps.sleep(wait);
    }
  }

  private async backOff(what: string, attempt: number): Promise<void> {
    const wait = 2000 * 2 ** (attempt - 1);
    this.deps.log.warning(`${what}; retrying in ${wait / 1000} s.`);
    await this.deps.sleep(wait);
  }

  private async send(
    method: string,
    url: string,
    body: unknown,
  ): Promise<GitHubResponse & { headers: Headers }> {
    const response = await this.deps.fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'launch-action',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }

  /**
   * Downloads an archive GitHub answers with a redirect (artifacts, logs): the API gives a 302 to a
   * short-lived signed storage URL, which is fetched WITHOUT the token (it carries its own signature).
   */
  async download(path: string, context: string): Promise<Buffer> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
    const first = await this.deps.fetch(url, {
      method: 'GET',
      redirect: 'manual',
      headers: {
        authorization: `Bearer ${this.token}`,
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'launch-action',
      },
    });
    const location = first.headers.get('location');
    if (first.status !== 302 || !location) {
      const text = await first.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text.
      }
      throw new GitHubApiError(
        first.status,
        apiMessage(body),
        context,
        first.status === 410 ? 'The artifact has expired' : statusHint(first.status),
      );
    }
    const blob = await this.deps.fetch(location, { headers: { 'user-agent': 'launch-action' } });
    if (!blob.ok) throw new Error(`${context}: the artifact storage answered ${blob.status}`);
    return Buffer.from(await blob.arrayBuffer());
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
      throw new GitHubApiError(
        response.status,
        apiMessage(response.body),
        context,
        statusHint(response.status),
      );
    }
    return response;
  }
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
