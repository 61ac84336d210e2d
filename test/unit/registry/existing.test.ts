import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseImageReference, type ImageReference } from '../../../src/image/reference.js';
import { findInRegistry } from '../../../src/registry/existing.js';
import { FakeRegistry } from './fake-registry.js';

const registry = new FakeRegistry();
const DIGEST = `sha256:${'d'.repeat(64)}`;
const MANIFEST = {
  digest: DIGEST,
  body: '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}',
  contentType: 'application/vnd.oci.image.manifest.v1+json',
};

beforeAll(async () => void (await registry.start()));
afterAll(() => registry.stop());
afterEach(() => {
  expect(registry.violations).toEqual([]);
  registry.reset();
});

function setup(extraTags: string[] = []) {
  const destination = parseImageReference(`${registry.host}/team/img`) as ImageReference;
  const image = `${registry.host}/team/img:0123456789abcdef`;
  const planned = {
    image,
    tag: '0123456789abcdef',
    tags: [image, ...extraTags.map((tag) => `${registry.host}/team/img:${tag}`)],
  };
  const lines: string[] = [];
  const asked: string[] = [];
  const rt = {
    fetch,
    sleep: async () => undefined,
    log: {
      info: (line: string) => void lines.push(`info ${line}`),
      warning: (line: string) => void lines.push(`warning ${line}`),
      debug: () => undefined,
    },
  };
  const session = {
    credentialsFor: async (host: string) => {
      asked.push(host);
      return { username: 'u', password: 'p' };
    },
  };
  return { destination, planned, lines, asked, rt, session };
}

describe('findInRegistry (the "already exists" check)', () => {
  it('an image that exists is used as it is, with its digest, and gets its extra tags', async () => {
    registry.put('team/img', '0123456789abcdef', MANIFEST);
    const { destination, planned, lines, asked, rt, session } = setup(['main', 'v1']);
    const found = await findInRegistry(rt, planned, destination, session);
    expect(asked).toEqual([registry.host]);
    expect(found).toEqual({
      image: planned.image,
      tag: '0123456789abcdef',
      digest: DIGEST,
      imageRef: `${registry.host}/team/img@${DIGEST}`,
      built: false,
      pushed: false,
      skipped: 'the destination already has this source-hash tag',
      buildMs: 0,
    });
    expect(registry.manifests.get('team/img')?.get('main')).toEqual(MANIFEST);
    expect(registry.manifests.get('team/img')?.get('v1')).toEqual(MANIFEST);
    expect(lines).toEqual([
      `info ${planned.image} already exists (${DIGEST}): nothing to build.`,
      `info Tagged ${planned.image} also as main, v1.`,
    ]);
  });

  it('without extra tags nothing is written to the registry', async () => {
    registry.put('team/img', '0123456789abcdef', MANIFEST);
    const { destination, planned, lines, rt, session } = setup();
    expect((await findInRegistry(rt, planned, destination, session))?.digest).toBe(DIGEST);
    expect(
      registry.seen.filter((line) => !line.startsWith('HEAD') && !line.includes('/token')),
    ).toEqual([]);
    expect(lines).toHaveLength(1);
  });

  it('a missing tag means build', async () => {
    const { destination, planned, lines, rt, session } = setup(['main']);
    expect(await findInRegistry(rt, planned, destination, session)).toBeUndefined();
    expect(lines).toEqual([`info ${planned.image} is not in the registry yet: building.`]);
  });

  it.each<[string, () => void]>([
    [
      'a 200 without a digest',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/0123456789abcdef', { status: 200 }),
    ],
    [
      'a 401 after credentials',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/0123456789abcdef', { status: 401 }),
    ],
    [
      'a token service refusing the credentials',
      () => (registry.user = { username: 'u', password: 'other' }),
    ],
    [
      'a registry that keeps failing',
      () => registry.overrides.set('HEAD /v2/team/img/manifests/0123456789abcdef', { status: 502 }),
    ],
  ])('%s is never "exists": it builds, with a warning', async (_name, arrange) => {
    registry.put('team/img', '0123456789abcdef', MANIFEST);
    arrange();
    const { destination, planned, lines, rt, session } = setup(['main']);
    try {
      expect(await findInRegistry(rt, planned, destination, session)).toBeUndefined();
    } finally {
      registry.user = { username: 'u', password: 'p' };
    }
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning Could not check whether ${planned.image} exists \\(.+\\); building it\\.$`,
        ),
      ),
    ]);
    expect(registry.manifests.get('team/img')?.has('main')).toBe(false);
  });
});
