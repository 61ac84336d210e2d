import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { STATE } from '../../../src/platform/state.js';
import {
  DispatchedRunError,
  cancelDispatchedRun,
  dispatchRun,
  packDispatchInputs,
  readDispatchInputs,
  type DispatchInputs,
} from '../../../src/dispatch/index.js';
import { rateLimitWaitMs } from '../../../src/dispatch/github.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { GitHubApiServer, type GitHubApiOptions } from '../../servers/github-api.js';

const TOKEN = 'ghs_testtoken123';
/** The queue workflow users copy (workflows/gpu-queue.yml): its inputs and run-name drive the server. */
const template = load(
  readFileSync(new URL('../../../workflows/gpu-queue.yml', import.meta.url), 'utf8'),
) as {
  'run-name': string;
  on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } };
};
const QUEUE = {
  id: 4242,
  file: 'gpu-queue.yml',
  runName: template['run-name'],
  inputs: template.on.workflow_dispatch.inputs,
};

let server: GitHubApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function startServer(options: Partial<GitHubApiOptions> = {}): Promise<GitHubApiServer> {
  server = new GitHubApiServer({
    token: TOKEN,
    repository: 'acme/train',
    workflows: [QUEUE],
    ...options,
  });
  await server.start();
  return server;
}

function harness(api: GitHubApiServer) {
  const sleeps: number[] = [];
  const states: [string, string][] = [];
  const logs: string[] = [];
  return {
    sleeps,
    states,
    logs,
    deps: {
      fetch,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      log: { info: (m: string) => logs.push(m), warning: (m: string) => logs.push(`warn: ${m}`) },
      saveState: (name: string, value: string) => states.push([name, value]),
      env: { GITHUB_API_URL: api.url },
    },
  };
}

const inputs = (over: Partial<DispatchInputs> = {}): DispatchInputs => ({
  repository: 'acme/train',
  workflow: 'gpu-queue.yml',
  wait: true,
  token: TOKEN,
  ...over,
});

const IMAGE = '127.0.0.1:5000/train@sha256:' + 'a'.repeat(64);

describe('packDispatchInputs', () => {
  it.each([
    [{}, '{}'],
    [{ command: 'python eval.py', gpus: '2' }, '{"command":"python eval.py","gpus":"2"}'],
    [
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, String(i)])),
      JSON.stringify(
        Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, String(i)])),
      ),
    ],
  ])('packs %j into three inputs', (params, json) => {
    const packed = packDispatchInputs('img:1', params, 'id-1');
    expect(packed).toEqual({ image: 'img:1', params: json, distinct_id: 'id-1' });
    expect(Object.keys(packed).length).toBeLessThanOrEqual(25);
  });

  it('refuses inputs beyond the size GitHub accepts', () => {
    expect(() => packDispatchInputs('img', { big: 'x'.repeat(70_000) }, 'id')).toThrow(
      /at most 65535/,
    );
  });
});

describe('readDispatchInputs', () => {
  const read = (
    values: Record<string, string>,
    env: NodeJS.ProcessEnv = { GITHUB_REPOSITORY: 'acme/train' },
  ) =>
    readDispatchInputs(new InputReader(mapInputSource(values)), env, (secret) =>
      masked.push(secret),
    );
  let masked: string[] = [];
  beforeEach(() => {
    masked = [];
  });

  it('defaults to this repository, gpu-queue.yml and waiting', () => {
    expect(read({ 'github-token': 't' })).toEqual({
      repository: 'acme/train',
      workflow: 'gpu-queue.yml',
      ref: undefined,
      wait: true,
      token: 't',
    });
    expect(masked).toEqual(['t']);
  });

  it.each([
    [
      { 'dispatch-repository': 'not a repo', 'github-token': 't' },
      /dispatch-repository.*owner\/repo/,
    ],
    [
      { 'dispatch-workflow': '.github/workflows/q.yml', 'github-token': 't' },
      /dispatch-workflow.*file name/,
    ],
    [{ 'dispatch-ref': '--upload-pack', 'github-token': 't' }, /dispatch-ref/],
    [{ wait: 'yes', 'github-token': 't' }, /'wait'.*true or false/],
    [{ 'github-token': '' }, /github-token.*actions: write/],
  ])('refuses %j', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });

  it('accepts a numeric workflow id and another repository', () => {
    const parsed = read({
      'dispatch-workflow': '123',
      'dispatch-repository': 'o/r',
      'github-token': 't',
      wait: 'false',
    });
    expect(parsed).toMatchObject({ workflow: '123', repository: 'o/r', wait: false });
  });
});

describe('rateLimitWaitMs', () => {
  const h = (values: Record<string, string>) => new Headers(values);
  it.each([
    [403, {}, { message: 'Resource not accessible by integration' }, undefined],
    [403, { 'retry-after': '30' }, {}, 30_000],
    [429, {}, {}, 60_000],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' }, {}, 11_000],
    [403, {}, { message: 'You have exceeded a secondary rate limit' }, 60_000],
    [404, { 'retry-after': '5' }, {}, undefined],
  ])('%i %j %j → %s', (status, headers, body, expected) => {
    expect(rateLimitWaitMs(status, h(headers), body, 1_000_000)).toBe(expected);
  });
});

describe('dispatchRun against the local GitHub API', () => {
  it('dispatches with run details and waits for success', async () => {
    const api = await startServer({ pollsPerStatus: 2 });
    const h = harness(api);
    const result = await dispatchRun(IMAGE, { command: 'python train.py' }, inputs(), h.deps);
    const run = api.runs[0];
    expect(run).toBeDefined();
    expect(result).toEqual({
      runId: String(run?.id),
      runUrl: `https://github.com/acme/train/actions/runs/${run?.id}`,
      conclusion: 'success',
    });
    expect(run?.inputs.image).toBe(IMAGE);
    expect(JSON.parse(run?.inputs.params ?? '')).toEqual({ command: 'python train.py' });
    expect(run?.ref).toBe('main');
    const dispatch = api.requests.find((r) => r.path.endsWith('/dispatches'));
    expect(dispatch?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(dispatch?.body).toMatchObject({ ref: 'main', return_run_details: true });
    // No listing needed when the run id came back.
    expect(api.requests.some((r) => r.path.endsWith('/runs'))).toBe(false);
    expect(h.states).toEqual([
      [STATE.dispatchRun, JSON.stringify({ repository: 'acme/train', runId: String(run?.id) })],
      [STATE.dispatchRun, ''],
    ]);
  });

  it('falls back on servers without return_run_details and finds the run by distinct_id', async () => {
    const api = await startServer({ supportsRunDetails: false, listingDelay: 2 });
    const h = harness(api);
    // An older run of the same workflow must not be picked up.
    const result = await dispatchRun(IMAGE, {}, inputs({ ref: 'main' }), h.deps);
    const dispatches = api.requests.filter((r) => r.path.endsWith('/dispatches'));
    expect(
      dispatches.map((r) => (r.body as { return_run_details?: boolean }).return_run_details),
    ).toEqual([true, undefined]);
    const listings = api.requests.filter((r) => r.path.endsWith('/runs'));
    expect(listings.length).toBe(3);
    expect(listings[0]?.query.get('event')).toBe('workflow_dispatch');
    expect(listings[0]?.query.get('created')).toMatch(/^>=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(result.runId).toBe(String(api.runs[0]?.id));
    expect(api.runs[0]?.display_title).toContain(api.runs[0]?.inputs.distinct_id ?? 'missing');
    expect(result.conclusion).toBe('success');
  });

  it('matches its own run among concurrent dispatches', async () => {
    const api = await startServer({ supportsRunDetails: false });
    const h = harness(api);
    await dispatchRun('other:1', {}, inputs({ wait: false }), h.deps);
    const second = await dispatchRun(IMAGE, {}, inputs({ wait: false }), h.deps);
    expect(second.runId).toBe(String(api.runs[1]?.id));
    expect(second.conclusion).toBe('');
  });

  it.each(['failure', 'cancelled', 'timed_out', 'startup_failure'] as const)(
    'fails with the outputs when the run ends %s',
    async (conclusion) => {
      const api = await startServer({ conclusion });
      const h = harness(api);
      const error = await dispatchRun(IMAGE, {}, inputs(), h.deps).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DispatchedRunError);
      expect((error as DispatchedRunError).result.conclusion).toBe(conclusion);
      expect((error as DispatchedRunError).message).toContain(conclusion);
    },
  );

  it('backs off on a 403 rate limit with retry-after, then succeeds', async () => {
    const api = await startServer();
    api.rateLimitNext({ status: 403, retryAfter: 7 });
    api.rateLimitNext({ status: 429 });
    const h = harness(api);
    const result = await dispatchRun(IMAGE, {}, inputs({ wait: false }), h.deps);
    expect(result.runId).toBe(String(api.runs[0]?.id));
    expect(h.sleeps.slice(0, 2)).toEqual([7000, 60_000]);
    expect(h.logs.some((l) => l.includes('rate limit'))).toBe(true);
  });

  it('retries reads after server errors while following the run', async () => {
    const api = await startServer({ pollsPerStatus: 1 });
    const h = harness(api);
    let injected = false;
    const deps = {
      ...h.deps,
      // The first poll of the run meets two 502s from the server.
      fetch: (async (input, init) => {
        if (!injected && String(input).includes('/actions/runs/')) {
          injected = true;
          api.failNext(502, 2);
        }
        return fetch(input, init);
      }) as typeof fetch,
    };
    const result = await dispatchRun(IMAGE, {}, inputs(), deps);
    expect(result.conclusion).toBe('success');
    // Backoff from 2 s with equal jitter: half of each wait fixed, half random.
    const [first = 0, second = 0] = h.sleeps;
    expect(first).toBeGreaterThanOrEqual(1000);
    expect(first).toBeLessThanOrEqual(2000);
    expect(second).toBeGreaterThanOrEqual(2000);
    expect(second).toBeLessThanOrEqual(4000);
    expect(h.logs.filter((l) => l.includes('HTTP 502'))).toHaveLength(2);
  });

  it('never repeats a dispatch after a server error (it could start a second run)', async () => {
    const api = await startServer();
    api.failNext(502);
    const h = harness(api);
    await expect(dispatchRun(IMAGE, {}, inputs({ ref: 'main' }), h.deps)).rejects.toThrow(/502/);
    expect(api.requests.filter((r) => r.path.endsWith('/dispatches'))).toHaveLength(1);
  });

  it('waits until x-ratelimit-reset', async () => {
    const api = await startServer();
    const resetAt = Math.floor(Date.now() / 1000) + 20;
    api.rateLimitNext({ status: 403, resetAt });
    const h = harness(api);
    await dispatchRun(IMAGE, {}, inputs({ wait: false }), h.deps);
    expect(h.sleeps[0]).toBeGreaterThan(15_000);
    expect(h.sleeps[0]).toBeLessThanOrEqual(22_000);
  });

  it.each([
    ['a bad token', { token: 'wrong' }, /401 Bad credentials.*github-token/],
    ['an unknown workflow', { workflow: 'missing.yml' }, /404 Not Found.*default branch/],
    ['an unknown ref', { ref: 'nope' }, /422 No ref found for: nope/],
  ])('explains %s', async (_name, over, message) => {
    const api = await startServer({ branches: ['main'] });
    const h = harness(api);
    await expect(dispatchRun(IMAGE, {}, inputs(over), h.deps)).rejects.toThrow(message);
    expect(api.runs).toHaveLength(0);
  });

  it('reports a workflow that does not declare the inputs', async () => {
    const api = await startServer({ workflows: [{ ...QUEUE, inputs: { image: {} } }] });
    const h = harness(api);
    await expect(dispatchRun(IMAGE, {}, inputs(), h.deps)).rejects.toThrow(
      /Unexpected inputs provided/,
    );
  });

  it('explains a queue workflow whose run-name lacks the distinct id', async () => {
    const api = await startServer({
      supportsRunDetails: false,
      workflows: [{ ...QUEUE, runName: 'GPU run' }],
    });
    const h = harness(api);
    await expect(dispatchRun(IMAGE, {}, inputs(), h.deps)).rejects.toThrow(/run-name/);
  });
});

describe('cancelDispatchedRun', () => {
  async function dispatched(options: Partial<GitHubApiOptions>) {
    const api = await startServer({ pollsPerStatus: 100, ...options });
    const h = harness(api);
    const result = await dispatchRun(IMAGE, {}, inputs({ wait: false }), h.deps);
    const state = JSON.stringify({ repository: 'acme/train', runId: result.runId });
    return { api, h, state, deps: { ...h.deps, token: TOKEN } };
  }

  it('does nothing without state', async () => {
    const { api, deps } = await dispatched({});
    const before = api.requests.length;
    await cancelDispatchedRun('', deps);
    expect(api.requests.length).toBe(before);
  });

  it('cancels a running run', async () => {
    const { api, state, deps } = await dispatched({});
    await cancelDispatchedRun(state, deps);
    expect(api.runs[0]?.conclusion).toBe('cancelled');
    expect(api.requests.some((r) => r.path.endsWith('/cancel'))).toBe(true);
    expect(api.requests.some((r) => r.path.endsWith('/force-cancel'))).toBe(false);
  });

  it('force-cancels a run that ignores cancel', async () => {
    const { api, state, deps } = await dispatched({ ignoreCancel: true });
    await cancelDispatchedRun(state, deps);
    expect(api.requests.some((r) => r.path.endsWith('/force-cancel'))).toBe(true);
    expect(api.runs[0]?.forceCancelled).toBe(true);
  });

  it('leaves a completed run alone', async () => {
    const { api, state, deps } = await dispatched({ pollsPerStatus: 1 });
    const run = api.runs[0];
    if (run) Object.assign(run, { status: 'completed', conclusion: 'success' });
    await cancelDispatchedRun(state, deps);
    expect(api.requests.some((r) => r.path.endsWith('/cancel'))).toBe(false);
  });
});
