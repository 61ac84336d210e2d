/**
 * Extra tags on an image already in the registry, against a distribution-API server on 127.0.0.1:
 * transient failures are retried (Retry-After honoured), a tag that still cannot be written is a
 * warning naming it, and the image is reported as present under its source-hash tag.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addExtraTags, findInRegistry } from '../../../src/registry/existing.js';
import {
  FakeHttpService,
  type FakeResponse,
  type RecordedRequest,
} from '../../servers/fake-http.js';

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:0', size: 2 },
  layers: [],
});
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const MEDIA = 'application/vnd.oci.image.manifest.v1+json';

let registry: FakeHttpService;
let host: string;
/** Tags the registry holds (tag → manifest bytes), and tags whose PUT always fails. */
const tags = new Map<string, string>();
const refused = new Set<string>();

function handle(request: RecordedRequest): FakeResponse {
  const match = /^\/v2\/team\/img\/manifests\/([^/?]+)$/.exec(request.url);
  if (!match) return { status: 404, body: '' };
  const reference = decodeURIComponent(match[1]!);
  if (request.method === 'HEAD' || request.method === 'GET') {
    const body = reference === DIGEST ? MANIFEST : tags.get(reference);
    if (body === undefined) return { status: 404, body: '' };
    return {
      status: 200,
      headers: { 'content-type': MEDIA, 'docker-content-digest': DIGEST },
      body: request.method === 'GET' ? body : '',
    };
  }
  if (request.method === 'PUT') {
    if (refused.has(reference)) return { status: 500, body: 'storage unavailable' };
    if (request.headers['content-type'] !== MEDIA || request.body !== MANIFEST) {
      return { status: 400, body: 'MANIFEST_INVALID' };
    }
    tags.set(reference, request.body);
    return { status: 201, headers: { 'docker-content-digest': DIGEST }, body: '' };
  }
  return { status: 405, body: '' };
}

const slept: number[] = [];
const warnings: string[] = [];
const rt = {
  fetch,
  sleep: async (ms: number) => void slept.push(ms),
  log: {
    info: () => undefined,
    warning: (message: string) => void warnings.push(message),
    debug: () => undefined,
  },
};
const planned = () => ({
  image: `${host}/team/img:src123`,
  tag: 'src123',
  tags: [`${host}/team/img:src123`, `${host}/team/img:latest`, `${host}/team/img:v1`],
});

beforeAll(async () => {
  registry = await new FakeHttpService('registry', handle).start();
  host = new URL(registry.url).host;
});
afterAll(() => registry.close());
beforeEach(() => {
  tags.clear();
  tags.set('src123', MANIFEST);
  refused.clear();
  registry.clearFaults();
  registry.requests.length = 0;
  slept.length = 0;
  warnings.length = 0;
});

describe('extra tags after the image exists', () => {
  it('retries a throttled or failing registry, waiting as long as Retry-After asks', async () => {
    registry.failNext(1, { status: 429, retryAfter: '2' });
    registry.failNext(1, { status: 503 });
    const added = await addExtraTags(rt, planned(), { host, path: 'team/img' }, DIGEST, undefined);
    expect(added).toEqual(['latest', 'v1']);
    expect(warnings).toEqual([]);
    expect(slept[0]).toBeGreaterThanOrEqual(2000);
    expect(slept).toHaveLength(2);
    expect(tags.get('latest')).toBe(MANIFEST);
    expect(tags.get('v1')).toBe(MANIFEST);
  });

  it('gives up within its bounds and warns naming the tag; the image is still found', async () => {
    refused.add('latest');
    const found = await findInRegistry(
      rt,
      planned(),
      { host, path: 'team/img' },
      {
        credentialsFor: async () => undefined,
      },
    );
    expect(found?.digest).toBe(DIGEST);
    expect(found?.built).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the tag latest could not be added');
    expect(warnings[0]).toContain('HTTP 500');
    // Bounded: 3 attempts of the PUT, and the other tag still added.
    const puts = registry.requests.filter((r) => r.method === 'PUT' && r.url.endsWith('/latest'));
    expect(puts).toHaveLength(3);
    expect(slept.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000);
    expect(tags.get('v1')).toBe(MANIFEST);
  });
});
