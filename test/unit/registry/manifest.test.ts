import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupManifest, parseChallenge, registryBaseUrl } from '../../../src/registry/manifest.js';

/**
 * A registry that speaks the distribution token protocol as Docker Hub, GHCR and ACR do: 401 with a
 * Bearer challenge, a token service that wants Basic credentials, then the manifest HEAD.
 */
let server: Server;
let host: string;
const seen: string[] = [];
const DIGEST = `sha256:${'c'.repeat(64)}`;
let mode: 'bearer' | 'basic' | 'broken' = 'bearer';
/** Manifest requests still to answer 503 (a registry having a bad moment). */
let unavailable = 0;

function handle(request: IncomingMessage, response: ServerResponse) {
  const auth = request.headers.authorization ?? '';
  seen.push(`${request.method} ${request.url} ${auth.split(' ')[0] ?? ''}`);
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === '/token') {
    if (auth !== `Basic ${Buffer.from('u:p').toString('base64')}`) {
      response.statusCode = 401;
      return response.end();
    }
    expect(url.searchParams.get('scope')).toBe('repository:team/img:pull');
    expect(url.searchParams.get('service')).toBe('test-registry');
    response.setHeader('content-type', 'application/json');
    return response.end(JSON.stringify({ token: 'tkn' }));
  }
  if (mode === 'broken') {
    response.statusCode = 500;
    return response.end();
  }
  if (unavailable > 0) {
    unavailable--;
    response.statusCode = 503;
    return response.end();
  }
  const ok =
    mode === 'bearer'
      ? auth === 'Bearer tkn'
      : auth === `Basic ${Buffer.from('u:p').toString('base64')}`;
  if (!ok) {
    response.statusCode = 401;
    response.setHeader(
      'www-authenticate',
      mode === 'bearer'
        ? `Bearer realm="http://${host}/token",service="test-registry",scope="repository:team/img:pull"`
        : 'Basic realm="registry"',
    );
    return response.end();
  }
  expect(request.method).toBe('HEAD');
  expect(request.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
  if (url.pathname === '/v2/team/img/manifests/present') {
    response.setHeader('docker-content-digest', DIGEST);
    return response.end();
  }
  response.statusCode = 404;
  response.end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

/** Real fetch to the local server; waits between retries skipped. */
const http = { fetch, sleep: async () => undefined, log: { debug: () => undefined } };

describe('lookupManifest', () => {
  const ref = () => ({ host, path: 'team/img' });
  const creds = { username: 'u', password: 'p' };

  it('answers the Bearer challenge and finds a present tag', async () => {
    mode = 'bearer';
    seen.length = 0;
    expect(await lookupManifest(ref(), 'present', creds, http)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(seen).toEqual([
      'HEAD /v2/team/img/manifests/present ',
      'GET /token?service=test-registry&scope=repository%3Ateam%2Fimg%3Apull Basic',
      'HEAD /v2/team/img/manifests/present Bearer',
    ]);
  });

  it('reports a missing tag as missing', async () => {
    mode = 'basic';
    expect(await lookupManifest(ref(), 'absent', creds, http)).toEqual({ exists: false });
  });

  it('never takes a failure as "exists"', async () => {
    mode = 'basic';
    expect((await lookupManifest(ref(), 'present', undefined, http)).exists).toBe('unknown');
    mode = 'broken';
    expect((await lookupManifest(ref(), 'present', creds, http)).exists).toBe('unknown');
    expect(
      (await lookupManifest({ host: '127.0.0.1:1', path: 'x' }, 't', creds, http)).exists,
    ).toBe('unknown');
  });

  it('retries a registry that is briefly unavailable, then finds the tag', async () => {
    mode = 'basic';
    seen.length = 0;
    unavailable = 2;
    const waits: number[] = [];
    const counting = { ...http, sleep: async (ms: number) => void waits.push(ms) };
    expect(await lookupManifest(ref(), 'present', creds, counting)).toEqual({
      exists: true,
      digest: DIGEST,
    });
    expect(waits).toHaveLength(2);
    expect(waits.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(10_000);
  });

  it('gives up after a few attempts and answers "unknown", never "exists"', async () => {
    mode = 'basic';
    seen.length = 0;
    unavailable = 100;
    const lookup = await lookupManifest(ref(), 'present', creds, http);
    unavailable = 0;
    expect(lookup).toEqual({ exists: 'unknown', reason: expect.stringContaining('HTTP 503') });
    expect(seen.filter((line) => line.startsWith('HEAD')).length).toBe(3);
  });

  it('uses plain HTTP only on loopback', () => {
    expect(registryBaseUrl('127.0.0.1:5000')).toBe('http://127.0.0.1:5000');
    expect(registryBaseUrl('localhost:5000')).toBe('http://localhost:5000');
    expect(registryBaseUrl('ghcr.io')).toBe('https://ghcr.io');
    expect(registryBaseUrl('docker.io')).toBe('https://registry-1.docker.io');
  });

  it('parses challenges', () => {
    expect(parseChallenge('Bearer realm="https://a/token",service="s",scope="x:y:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://a/token', service: 's', scope: 'x:y:pull' },
    });
    expect(parseChallenge('Negotiate')).toBeUndefined();
  });
});
