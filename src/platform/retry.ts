/** Bounds for retrying one cloud call: attempts, and total time spent waiting between them. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total waiting budget; a Retry-After that does not fit ends the retries. */
  maxTotalDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxTotalDelayMs: 60_000,
};

/** Pure: network errors, throttling and server faults are retried; other 4xx are answers. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Pure: `Retry-After` as milliseconds (seconds or an HTTP date), or undefined when absent/invalid. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Pure: how long to wait before attempt `attempt + 1` (attempt counts from 1), or undefined to give
 * up. Exponential backoff with "equal jitter" (half fixed, half random), so jobs throttled together
 * do not retry in lockstep and no wait collapses to zero; a server's Retry-After wins when longer.
 */
export function nextRetryDelay(
  policy: RetryPolicy,
  attempt: number,
  waitedMs: number,
  retryAfterMs: number | undefined,
  random: number,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
  const delay = retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
  if (waitedMs + delay > policy.maxTotalDelayMs) return undefined;
  return delay;
}
