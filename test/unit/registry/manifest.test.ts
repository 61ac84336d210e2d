import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addTag,
  lookupManifest,
  parseChallenge,
  registryBaseUrl,
  type LookupResult,
} from '../../../src/registry/manifest.js';
import { FakeRegistry } from './fake-registry.js';

const registry = new FakeRegistry();
const DIGEST = `sha256:${'c'.repeat(64)}`;
const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = { digest: DIGEST, body: '{"schemaVersion":2}', contentType: INDEX };

beforeAll(async () => void (await registry.start()));
afterAll(() => registry.stop());
afterEach(() => {
  // Contract breaks seen by the fake registry fail the test that caused them.
  expect(registry.violations).toEqual([]);
  registry.reset();
});

/** Real fetch to the local registry; waits between retries recorded, not slept. */
const waits: number[] = [];
const http = {
  fetch,
  sleep: async (ms: number) => void waits.push(ms),
  log: { debug: () => undefined },
};
const ref = () => ({ host: registry.host, path: 'team/img' });
const creds = { username: 'u', password: 'p' };
const wrong = { username: 'u', password: 'not-p' };

describe('lookupManifest', () => {
  it('answers the Bearer challenge with a pull token for the repository and finds a present tag', async () => {
    registry.put('team/img', 'present', MANIFEST);
    registry.expectedScope = 'repository:team/img:pull';
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(registry.seen).toEqual([
      'HEAD /v2/team/img/manifests/present',
      'GET /token?service=fake-registry&scope=repository%3Ateam%2Fimg%3Apull Basic',
      'HEAD /v2/team/img/manifests/present Bearer',
    ]);
  });

  it('accepts every manifest type a registry may store (OCI and Docker, single and lists)', async () => {
    registry.auth = 'none';
    await lookupManifest(ref(), 'present', undefined, http);
    expect(registry.accepts).toEqual([
      'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json',
    ]);
  });

  it.each<[string, { status: number; body: string }, RegExp]>([
    ['a token service failing', { status: 500, body: '' }, /HTTP 500|answered 500/],
    [
      'a token service answering 403',
      { status: 403, body: '{}' },
      /the token service answered 403/,
    ],
    [
      'a token service answering 300',
      { status: 300, body: '{}' },
      /the token service answered 300/,
    ],
    [
      'an answer without a token',
      { status: 200, body: '{"expires_in":300}' },
      /answered without a token/,
    ],
  ])('%s is "unknown"', async (_name, answer, reason) => {
    registry.put('team/img', 'present', MANIFEST);
    registry.tokenAnswer = answer;
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: 'unknown',
      reason: expect.stringMatching(reason),
    });
  });

  it('takes an OAuth2 access_token from the token service too', async () => {
    registry.put('team/img', 'present', MANIFEST);
    registry.tokenAnswer = { status: 200, body: '{"access_token":"tkn repository:team/img:pull"}' };
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
  });

  it('answers a Basic challenge with the credentials', async () => {
    registry.auth = 'basic';
    registry.put('team/img', 'present', MANIFEST);
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(registry.seen).toEqual([
      'HEAD /v2/team/img/manifests/present',
      'HEAD /v2/team/img/manifests/present Basic',
    ]);
  });

  it('asks an open registry once, without credentials', async () => {
    registry.auth = 'none';
    registry.put('team/img', 'present', MANIFEST);
    expect(await lookupManifest(ref(), 'present', undefined, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(registry.seen).toEqual(['HEAD /v2/team/img/manifests/present']);
  });

  it.each(['bearer', 'basic'] as const)('reports a missing tag as missing (%s)', async (auth) => {
    registry.auth = auth;
    registry.put('team/img', 'present', MANIFEST);
    expect(await lookupManifest(ref(), 'absent', creds, http)).toEqual({ exists: false });
  });

  it('encodes the tag into the path', async () => {
    registry.auth = 'none';
    await lookupManifest(ref(), 'a/b', undefined, http);
    expect(registry.seen).toEqual(['HEAD /v2/team/img/manifests/a%2Fb']);
  });

  /** Every way a lookup can fail: none may ever read as "exists". */
  const failures: [string, () => void, typeof creds | undefined, RegExp][] = [
    [
      'a 200 without a Docker-Content-Digest',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 200 }),
      creds,
      /200 without a Docker-Content-Digest/,
    ],
    [
      'a 401 after Basic credentials (wrong password)',
      () => (registry.auth = 'basic'),
      wrong,
      /refused the credentials \(401\)/,
    ],
    [
      'a 401 from the token service (wrong password)',
      () => undefined,
      wrong,
      /token service answered 401/,
    ],
    [
      'a 401 on the manifest after a token was issued',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 401 }),
      creds,
      /refused the credentials \(401\)/,
    ],
    [
      'a Basic challenge and no credentials',
      () => (registry.auth = 'basic'),
      undefined,
      /asks for credentials and none were given/,
    ],
    [
      'a 401 with a challenge scheme it cannot answer',
      () => (registry.auth = 'basic'),
      undefined,
      /./,
    ],
    [
      'a 403',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 403 }),
      creds,
      /answered 403/,
    ],
    [
      'a 500 that does not go away',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 500 }),
      creds,
      /HTTP 500/,
    ],
    [
      'a 429 that does not go away',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 429 }),
      creds,
      /HTTP 429/,
    ],
    [
      'a redirect loop',
      () =>
        registry.overrides.set('HEAD /v2/team/img/manifests/present', {
          status: 307,
          headers: { location: '/v2/team/img/manifests/present' },
        }),
      creds,
      /./,
    ],
  ];
  it.each(failures)('%s is "unknown", never "exists"', async (_name, arrange, given, reason) => {
    registry.put('team/img', 'present', MANIFEST);
    arrange();
    const lookup: LookupResult = await lookupManifest(ref(), 'present', given, http);
    expect(lookup).toEqual({ exists: 'unknown', reason: expect.stringMatching(reason) });
  });

  it('an unreachable registry is "unknown"', async () => {
    const lookup = await lookupManifest({ host: '127.0.0.1:1', path: 'x' }, 't', creds, http);
    expect(lookup.exists).toBe('unknown');
  });

  it('a Bearer challenge without a realm is "unknown"', async () => {
    registry.auth = 'none';
    registry.overrides.set('HEAD /v2/team/img/manifests/present', {
      status: 401,
      headers: { 'www-authenticate': 'Bearer service="fake-registry"' },
    });
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: 'unknown',
      reason: 'the registry sent a Bearer challenge without a realm',
    });
  });

  it('retries a registry that is briefly unavailable, then finds the tag', async () => {
    registry.auth = 'basic';
    registry.put('team/img', 'present', MANIFEST);
    registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 503, times: 2 });
    waits.length = 0;
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(waits).toHaveLength(2);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(10_000);
  });

  it('gives up after three attempts and answers "unknown", never "exists"', async () => {
    registry.auth = 'basic';
    registry.put('team/img', 'present', MANIFEST);
    registry.overrides.set('HEAD /v2/team/img/manifests/present', { status: 503 });
    const lookup = await lookupManifest(ref(), 'present', creds, http);
    expect(lookup).toEqual({ exists: 'unknown', reason: expect.stringContaining('HTTP 503') });
    expect(registry.seen.filter((line) => line.endsWith('Basic')).length).toBe(3);
  });
});

describe('addTag', () => {
  it('copies the manifest bytes and media type under the new tag with a pull,push token', async () => {
    registry.put('team/img', 'abc', MANIFEST);
    await addTag(ref(), DIGEST, 'latest', creds, http);
    expect(registry.manifests.get('team/img')?.get('latest')).toEqual(MANIFEST);
    expect(registry.seen).toEqual([
      `GET /v2/team/img/manifests/${DIGEST}`,
      'GET /token?service=fake-registry&scope=repository%3Ateam%2Fimg%3Apull%2Cpush Basic',
      `GET /v2/team/img/manifests/${DIGEST} Bearer`,
      'PUT /v2/team/img/manifests/latest',
      'GET /token?service=fake-registry&scope=repository%3Ateam%2Fimg%3Apull%2Cpush Basic',
      'PUT /v2/team/img/manifests/latest Bearer',
    ]);
  });

  it('a manifest the registry does not have is an error naming the digest', async () => {
    await expect(addTag(ref(), DIGEST, 'latest', creds, http)).rejects.toThrow(
      `reading manifest ${DIGEST} answered 404`,
    );
  });

  it('a refused PUT is an error naming the tag and the answer', async () => {
    registry.put('team/img', 'abc', MANIFEST);
    registry.overrides.set('PUT /v2/team/img/manifests/main', { status: 400 });
    await expect(addTag(ref(), DIGEST, 'main', creds, http)).rejects.toThrow(
      'writing tag main answered 400',
    );
  });

  it('a 200 to the PUT is success too', async () => {
    registry.put('team/img', 'abc', MANIFEST);
    registry.overrides.set('PUT /v2/team/img/manifests/main', { status: 200 });
    await expect(addTag(ref(), DIGEST, 'main', creds, http)).resolves.toBeUndefined();
  });
});

describe('registry addresses and challenges', () => {
  it.each([
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['127.10.0.3', 'http://127.10.0.3'],
    ['localhost:5000', 'http://localhost:5000'],
    ['localhost', 'http://localhost'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['ghcr.io', 'https://ghcr.io'],
    ['127.0.0.1.example.com', 'https://127.0.0.1.example.com'],
    ['my127.0.0.1:5000', 'https://my127.0.0.1:5000'],
    ['localhost.example.com:443', 'https://localhost.example.com:443'],
    ['docker.io', 'https://registry-1.docker.io'],
  ])('%s → %s (plain HTTP only on loopback)', (host, url) => {
    expect(registryBaseUrl(host)).toBe(url);
  });

  it.each([
    [
      'Bearer realm="https://a/token",service="s",scope="x:y:pull"',
      { scheme: 'bearer', params: { realm: 'https://a/token', service: 's', scope: 'x:y:pull' } },
    ],
    [
      '  bearer Realm=https://a/t, Service=s',
      { scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } },
    ],
    ['Basic realm="r"', { scheme: 'basic', params: { realm: 'r' } }],
    ['BASIC', { scheme: 'basic', params: {} }],
    ['Bearer realm=""', { scheme: 'bearer', params: { realm: '' } }],
    ['Negotiate', undefined],
    ['Bearerx realm="r"', undefined],
    ['', undefined],
    ['x Bearer realm="r"', undefined],
  ])('parses %j', (header, expected) => {
    expect(parseChallenge(header)).toEqual(expected);
  });
});
