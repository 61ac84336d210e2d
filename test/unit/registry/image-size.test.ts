import { describe, expect, it } from 'vitest';
import { formatBytes, measureImage, registryImageSize } from '../../../src/registry/image-size.js';
import type { ExecResult } from '../../../src/platform/exec.js';

/** A registry answering manifest GETs from a table (digest → manifest JSON). */
function registry(manifests: Record<string, unknown>) {
  const asked: string[] = [];
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    asked.push(url);
    const reference = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
    const body = manifests[reference];
    return body === undefined
      ? new Response('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}', { status: 404 })
      : new Response(JSON.stringify(body), { status: 200 });
  }) as typeof globalThis.fetch;
  return {
    asked,
    http: { fetch, sleep: () => Promise.resolve(), log: { debug: () => undefined } },
  };
}

const ref = { host: '127.0.0.1:5000', path: 'team/train' };
const image = (sizes: number[]) => ({
  schemaVersion: 2,
  config: { size: 700, digest: 'sha256:c' },
  layers: sizes.map((size, index) => ({ size, digest: `sha256:l${index}` })),
});

describe('registryImageSize', () => {
  it('sums the compressed layer sizes of an image manifest (not the config)', async () => {
    const { http, asked } = registry({ 'sha256:m': image([79_413_255, 98]) });
    expect(await registryImageSize(ref, 'sha256:m', undefined, http)).toEqual({
      bytes: 79_413_353,
      kind: 'compressed',
    });
    expect(asked).toEqual(['http://127.0.0.1:5000/v2/team/train/manifests/sha256:m']);
  });

  it('takes the linux/amd64 image of an index (attestation manifests are skipped)', async () => {
    const { http } = registry({
      'sha256:i': {
        manifests: [
          { digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64' } },
          { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
          { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
        ],
      },
      'sha256:amd': image([10, 20]),
      'sha256:arm': image([1]),
    });
    expect((await registryImageSize(ref, 'sha256:i', undefined, http))?.bytes).toBe(30);
  });

  it('is unknown, never an error, when the registry does not say', async () => {
    const { http } = registry({ 'sha256:bad': { layers: [{ digest: 'x' }] } });
    expect(await registryImageSize(ref, 'sha256:missing', undefined, http)).toBeUndefined();
    expect(await registryImageSize(ref, 'sha256:bad', undefined, http)).toBeUndefined();
  });
});

describe('measureImage', () => {
  const session = { credentialsFor: () => Promise.resolve(undefined) };
  const engine = (result: ExecResult) => {
    const calls: string[][] = [];
    return {
      calls,
      run: (_file: string, args: readonly string[]) => {
        calls.push([...args]);
        return Promise.resolve(result);
      },
    };
  };

  it('a local image: the engine size from docker image inspect', async () => {
    const { run, calls } = engine({ exitCode: 0, stdout: '212345678\n', stderr: '' });
    const { http } = registry({});
    const size = await measureImage({ ...http, run, env: {} }, { imageRef: 'train:abc' }, session);
    expect(size).toEqual({ bytes: 212_345_678, kind: 'uncompressed' });
    expect(calls).toEqual([['image', 'inspect', '--format', '{{.Size}}', 'train:abc']]);
  });

  it('an image by digest: the registry; a failed inspect: unknown', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const { http } = registry({ [digest]: image([5, 6]) });
    const { run, calls } = engine({ exitCode: 1, stdout: '', stderr: 'No such image' });
    const byDigest = await measureImage(
      { ...http, run, env: {} },
      { imageRef: `127.0.0.1:5000/team/train@${digest}` },
      session,
    );
    expect(byDigest).toEqual({ bytes: 11, kind: 'compressed' });
    expect(calls).toEqual([]);
    expect(await measureImage({ ...http, run, env: {} }, { imageRef: 'x:1' }, session)).toBe(
      undefined,
    );
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [12_000, '12.0 kB'],
    [1_500_000, '1.50 MB'],
    [212_345_678, '212.3 MB'],
    [1_234_567_890, '1.23 GB'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
