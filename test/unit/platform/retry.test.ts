import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError, sendWithRetry } from '../../../src/platform/http.js';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextRetryDelay,
  parseRetryAfter,
} from '../../../src/platform/retry.js';
import { FakeHttpService, json } from '../../servers/fake-http.js';
import { recordingDeps } from '../auth/helpers.js';

describe('retry policy', () => {
  it.each([
    [200, false],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [408, true],
    [429, true],
    [500, true],
    [502, true],
    [503, true],
  ])('status %i retryable: %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected);
  });

  it.each([
    [null, undefined],
    ['', undefined],
    ['7', 7000],
    ['0', 0],
    ['soon', undefined],
    ['Thu, 26 Nov 2026 18:00:30 GMT', 30_000],
    ['Thu, 26 Nov 2026 17:00:00 GMT', 0],
  ])('Retry-After %j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, Date.parse('2026-11-26T18:00:00Z'))).toBe(expected);
  });

  const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 4000, maxTotalDelayMs: 20_000 };
  it.each([
    // attempt, waited so far, Retry-After, random → delay
    [1, 0, undefined, 0, 250],
    [1, 0, undefined, 1, 500],
    [2, 500, undefined, 0.5, 750],
    [3, 0, undefined, 1, 2000],
    [4, 0, undefined, 1, 4000],
    [4, 0, undefined, 0, 2000],
    [2, 0, 3000, 0, 3000], // the server asks for longer than the backoff
    [2, 0, 100, 1, 1000], // the backoff is longer than the server asks
    [5, 0, undefined, 0, undefined], // attempts exhausted
    [2, 19_500, undefined, 1, undefined], // waiting budget exhausted
    [2, 0, 60_000, 0, undefined], // Retry-After beyond the budget
  ])(
    'attempt %i, waited %i, Retry-After %j, random %d → %j',
    (attempt, waited, after, random, expected) => {
      expect(nextRetryDelay(policy, attempt, waited, after, random)).toBe(expected);
    },
  );

  it('never waits longer in total than the budget', () => {
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      const delay = nextRetryDelay(DEFAULT_RETRY_POLICY, attempt, waited, undefined, 1);
      if (delay === undefined) break;
      waited += delay;
    }
    expect(waited).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxTotalDelayMs);
  });
});

describe('sendWithRetry against a local server', () => {
  const service = new FakeHttpService('test service', () => json(200, { ok: true }));
  beforeAll(() => service.start());
  afterAll(() => service.close());

  function send() {
    const recorded = recordingDeps({});
    const result = sendWithRetry(recorded.deps, {
      method: 'GET',
      url: `${service.url}/thing?x=1`,
      headers: {},
    });
    return { result, ...recorded };
  }

  it('retries throttling, honouring Retry-After, then succeeds', async () => {
    service.requests.length = 0;
    service.failNext(2, { status: 429, retryAfter: '3' });
    const { result, sleeps } = send();
    await expect(result).resolves.toMatchObject({ status: 200 });
    expect(service.requests).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps.every((ms) => ms >= 3000)).toBe(true);
  });

  it('retries a dropped connection', async () => {
    service.requests.length = 0;
    service.failNext(1, { drop: true });
    const { result, sleeps } = send();
    await expect(result).resolves.toMatchObject({ status: 200 });
    expect(service.requests).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
  });

  it('gives up on a persistent 5xx after the attempt bound', async () => {
    service.requests.length = 0;
    service.failNext(20, { status: 503, body: 'upstream unavailable' });
    const { result, sleeps } = send();
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/thing failed after 5 attempts: HTTP 503: upstream unavailable/,
    );
    expect((error as HttpError).message).not.toContain('x=1');
    expect(service.requests).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(sleeps).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts - 1);
    service.clearFaults();
  });

  it('does not retry a 4xx refusal', async () => {
    service.requests.length = 0;
    service.failNext(1, { status: 403, body: 'denied' });
    const { result, sleeps } = send();
    await expect(result).resolves.toMatchObject({ status: 403, text: 'denied' });
    expect(service.requests).toHaveLength(1);
    expect(sleeps).toHaveLength(0);
  });

  it('reports a refused connection after the bound', async () => {
    const closed = new FakeHttpService('closed', () => json(200, {}));
    await closed.start();
    const url = closed.url;
    await closed.close();
    const { deps, sleeps } = recordingDeps({});
    const error = await sendWithRetry(deps, { method: 'POST', url, headers: {} }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).message).toMatch(
      /failed after 5 attempts: fetch failed \(ECONNREFUSED\)/,
    );
    expect(sleeps).toHaveLength(4);
  });
});
