import { chmod, mkdtemp, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../../src/context/files.js';
import { digestContextFiles, directoryDigestCache } from '../../../src/context/digests.js';
import {
  computeSourceHash,
  tagFromHash,
  type SourceHashInputs,
} from '../../../src/context/hash.js';

const base: SourceHashInputs = {
  dockerfile: 'FROM x\n',
  builderFiles: { '.dockerignore': '.git\n' },
  files: [{ path: 'train.py', executable: false, digest: 'a'.repeat(64) }],
  buildArgs: [['A', '1']],
  baseImage: 'python:3.11-slim',
  platforms: [],
  settings: {},
};

describe('computeSourceHash', () => {
  it('is stable and 64 hex', () => {
    expect(computeSourceHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(computeSourceHash(base)).toBe(computeSourceHash({ ...base }));
    expect(tagFromHash(computeSourceHash(base))).toHaveLength(16);
  });

  it.each<[string, Partial<SourceHashInputs>]>([
    ['dockerfile text', { dockerfile: 'FROM y\n' }],
    ['dockerignore', { builderFiles: { '.dockerignore': '.git\ndata\n' } }],
    ['file content', { files: [{ path: 'train.py', executable: false, digest: 'b'.repeat(64) }] }],
    ['file path', { files: [{ path: 'main.py', executable: false, digest: 'a'.repeat(64) }] }],
    ['executable bit', { files: [{ path: 'train.py', executable: true, digest: 'a'.repeat(64) }] }],
    ['build arg value', { buildArgs: [['A', '2']] }],
    ['base image', { baseImage: 'python:3.12-slim' }],
    ['platforms', { platforms: ['linux/arm64'] }],
    ['settings', { settings: { 'pip-index-url': 'https://pypi.example/simple' } }],
  ])('changes with the %s', (_name, change) => {
    expect(computeSourceHash({ ...base, ...change })).not.toBe(computeSourceHash(base));
  });

  it('does not depend on the order of build args or platforms', () => {
    const a = {
      ...base,
      buildArgs: [
        ['A', '1'],
        ['B', '2'],
      ] as [string, string][],
      platforms: ['linux/amd64', 'linux/arm64'],
    };
    const b = {
      ...base,
      buildArgs: [
        ['B', '2'],
        ['A', '1'],
      ] as [string, string][],
      platforms: ['linux/arm64', 'linux/amd64'],
    };
    expect(computeSourceHash(a)).toBe(computeSourceHash(b));
  });

  it('cannot be fooled by moving bytes between fields', () => {
    expect(computeSourceHash({ ...base, dockerfile: 'ab', baseImage: 'c' })).not.toBe(
      computeSourceHash({ ...base, dockerfile: 'a', baseImage: 'bc' }),
    );
  });
});

describe('context digests (real files)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hash-test-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  async function makeRepo(dir: string) {
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await mkdir(path.join(dir, '.git'), { recursive: true });
    await mkdir(path.join(dir, 'data'), { recursive: true });
    await writeFile(path.join(dir, 'train.py'), 'print(1)\n');
    await writeFile(path.join(dir, 'src', 'model.py'), 'x = 1\n');
    await writeFile(path.join(dir, 'run.sh'), '#!/bin/sh\n');
    await chmod(path.join(dir, 'run.sh'), 0o755);
    await writeFile(path.join(dir, '.git', 'HEAD'), `ref: ${dir}\n`);
    await writeFile(path.join(dir, 'data', 'big.bin'), Buffer.alloc(3 << 20, 7));
    await writeFile(path.join(dir, '.dockerignore'), 'data\n');
  }

  async function hashOf(dir: string) {
    const context = await listBuildContext(dir);
    const files = await digestContextFiles(context);
    return { files, hash: computeSourceHash({ ...base, files }) };
  }

  it('is the same for the same files in another place, with other mtimes', async () => {
    const a = path.join(root, 'a');
    const b = path.join(root, 'elsewhere', 'b');
    await makeRepo(a);
    await makeRepo(b);
    await utimes(path.join(b, 'train.py'), new Date(2001, 1, 1), new Date(2001, 1, 1));
    const [ha, hb] = [await hashOf(a), await hashOf(b)];
    expect(ha.files.map((f) => f.path)).toEqual(['run.sh', 'src/model.py', 'train.py']);
    expect(ha.files.find((f) => f.path === 'run.sh')?.executable).toBe(true);
    expect(ha.hash).toBe(hb.hash);
  });

  it('changes when any context file changes, not when an ignored one does', async () => {
    const dir = path.join(root, 'c');
    await makeRepo(dir);
    const before = (await hashOf(dir)).hash;
    await writeFile(path.join(dir, 'data', 'big.bin'), 'changed');
    expect((await hashOf(dir)).hash).toBe(before);
    await writeFile(path.join(dir, 'src', 'model.py'), 'x = 2\n');
    expect((await hashOf(dir)).hash).not.toBe(before);
  });

  it('reuses cached digests only while the stat is unchanged', async () => {
    const dir = path.join(root, 'd');
    await makeRepo(dir);
    const cache = directoryDigestCache(path.join(root, 'cache'));
    const context = await listBuildContext(dir);
    const cold = await digestContextFiles(context, cache);
    const warm = await digestContextFiles(await listBuildContext(dir), cache);
    expect(warm).toEqual(cold);
    await writeFile(path.join(dir, 'train.py'), 'print(2)\n');
    const changed = await digestContextFiles(await listBuildContext(dir), cache);
    expect(changed.find((f) => f.path === 'train.py')?.digest).not.toBe(
      cold.find((f) => f.path === 'train.py')?.digest,
    );
  });
});
