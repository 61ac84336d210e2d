import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildRequest } from '../../../src/builder/args.js';
import { executeBuild } from '../../../src/builder/execute.js';
import type { LaunchResult } from '../../../src/launch/result.js';
import { outputsOf } from '../../../src/launch/result.js';
import type { Exec } from '../../../src/platform/exec.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const CONFIG = `sha256:${'c'.repeat(64)}`;
const IMAGE = '127.0.0.1:5000/train:0123abcd';

function result(image: Partial<LaunchResult['image']>, tags = [IMAGE]): LaunchResult {
  return {
    source: { workspace: '/w', context: '/w' } as LaunchResult['source'],
    plan: {
      tags,
      environment: { kind: 'requirements' },
      dockerfile: { dockerfile: '' },
    } as unknown as LaunchResult['plan'],
    image: {
      image: IMAGE,
      tag: '0123abcd',
      digest: DIGEST,
      imageRef: `127.0.0.1:5000/train@${DIGEST}`,
      built: true,
      pushed: true,
      buildMs: 1,
      ...image,
    },
    durationMs: 1,
  };
}

describe('outputs metadata and imageid', () => {
  it.each([
    {
      name: 'buildx built it: its metadata file as written',
      image: { buildMetadata: { 'containerimage.digest': DIGEST, 'buildx.build.ref': 'b/b/x' } },
      tags: [IMAGE],
      metadata: { 'containerimage.digest': DIGEST, 'buildx.build.ref': 'b/b/x' },
    },
    {
      name: 'classic build: every tag, the digest and the config digest',
      image: { imageId: CONFIG },
      tags: [IMAGE, '127.0.0.1:5000/train:v1'],
      metadata: {
        'image.name': `${IMAGE},127.0.0.1:5000/train:v1`,
        'containerimage.digest': DIGEST,
        'containerimage.config.digest': CONFIG,
      },
    },
    {
      name: 'found in the registry: name and digest only',
      image: { built: false },
      tags: [IMAGE],
      metadata: { 'image.name': IMAGE, 'containerimage.digest': DIGEST },
    },
    {
      name: 'given image without a digest: the name only',
      image: { built: false, pushed: false, digest: '' },
      tags: [],
      metadata: { 'image.name': IMAGE },
    },
  ])('$name', ({ image, tags, metadata }) => {
    const outputs = outputsOf(result(image, tags));
    expect(JSON.parse(outputs.metadata!)).toEqual(metadata);
    expect(outputs.imageid).toBe(image.imageId ?? '');
  });
});

describe('executeBuild reports the image ID', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'result-test-'));
  const request = (push: boolean): BuildRequest => ({
    context: dir,
    dockerfile: path.join(dir, 'Dockerfile'),
    tags: [IMAGE],
    push,
    buildArgs: [],
    labels: [],
    secrets: [],
    platforms: [],
    cache: { mode: 'none' },
    metadataFile: path.join(dir, `metadata-${push}.json`),
  });

  it('buildx: the config digest and the metadata file', async () => {
    const written = { 'containerimage.digest': DIGEST, 'containerimage.config.digest': CONFIG };
    const run: Exec = async (_command, args) => {
      writeFileSync(args[args.indexOf('--metadata-file') + 1]!, JSON.stringify(written));
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    const outcome = await executeBuild('buildx', request(true), run, {}, () => {});
    expect(outcome).toMatchObject({ digest: DIGEST, imageId: CONFIG, metadata: written });
  });

  it('buildx without a config digest: empty when pushed, the digest of a loaded image otherwise', async () => {
    const run: Exec = async (_command, args) => {
      writeFileSync(
        args[args.indexOf('--metadata-file') + 1]!,
        JSON.stringify({ 'containerimage.digest': DIGEST }),
      );
      return { exitCode: 0, stdout: '', stderr: '' };
    };
    expect((await executeBuild('buildx', request(true), run, {}, () => {})).imageId).toBe('');
    // Loaded by the engine's own BuildKit: the digest it reports is the engine's image ID.
    expect((await executeBuild('buildx', request(false), run, {}, () => {})).imageId).toBe(DIGEST);
  });

  it.each([true, false])(
    'classic builder (push %s): the ID from docker image inspect',
    async (push) => {
      const calls: string[][] = [];
      const run: Exec = async (_command, args) => {
        calls.push([...args]);
        if (args[0] === 'image') return { exitCode: 0, stdout: `${CONFIG}\n`, stderr: '' };
        if (args[0] === 'push')
          return { exitCode: 0, stdout: `0123abcd: digest: ${DIGEST} size: 1`, stderr: '' };
        return { exitCode: 0, stdout: '', stderr: '' };
      };
      const outcome = await executeBuild('docker', request(push), run, {}, () => {});
      expect(outcome.imageId).toBe(CONFIG);
      expect(outcome.digest).toBe(push ? DIGEST : CONFIG);
      expect(outcome.metadata).toBeUndefined();
    },
  );
});
