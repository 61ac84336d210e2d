import { createHash } from 'node:crypto';
import { chmod, mkdtemp, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../../src/context/files.js';
import { digestContextFiles, directoryDigestCache } from '../../../src/context/digests.js';
import {
  computeSourceHash,
  statKey,
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

describe('file digests are of the whole content (every size) and of symlink targets', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'digest-test-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
  const MiB = 1 << 20;

  /** Files around the size where small files are read in one call and large ones streamed. */
  const sizes: [string, number][] = [
    ['empty', 0],
    ['one byte', 1],
    ['just under 1 MiB', MiB - 1],
    ['exactly 1 MiB', MiB],
    ['just over 1 MiB', MiB + 1],
    ['3 MiB and a bit (several stream chunks)', 3 * MiB + 17],
  ];

  /** Distinct bytes everywhere, so a digest of part of the file (or of its size) differs. */
  function content(size: number, seed: number): Buffer {
    const data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + seed) & 0xff;
    return data;
  }

  it.each(sizes)(
    '%s: the digest is sha256 of the bytes, and the last byte counts',
    async (_n, size) => {
      const dir = await mkdtemp(path.join(root, 'size-'));
      const data = content(size, 1);
      await writeFile(path.join(dir, 'weights.bin'), data);
      const [first] = await digestContextFiles(await listBuildContext(dir));
      expect(first).toEqual({ path: 'weights.bin', executable: false, digest: sha256(data) });
      if (size === 0) return;
      data[size - 1] = (data[size - 1]! + 1) & 0xff;
      await writeFile(path.join(dir, 'weights.bin'), data);
      const [second] = await digestContextFiles(await listBuildContext(dir));
      expect(second!.digest).toBe(sha256(data));
      expect(second!.digest).not.toBe(first!.digest);
    },
  );

  it('a large file with a same-size edit in the middle changes the source hash', async () => {
    const dir = await mkdtemp(path.join(root, 'edit-'));
    const data = content(2 * MiB, 5);
    await writeFile(path.join(dir, 'model.pt'), data);
    await writeFile(path.join(dir, 'train.py'), 'print(1)\n');
    const hashOf = async () =>
      computeSourceHash({ ...base, files: await digestContextFiles(await listBuildContext(dir)) });
    const before = await hashOf();
    data[MiB + 12345] = (data[MiB + 12345]! + 1) & 0xff;
    await writeFile(path.join(dir, 'model.pt'), data);
    expect(await hashOf()).not.toBe(before);
  });

  it('a symlink is hashed by its target (not its target’s content), and retargeting it changes the hash', async () => {
    const dir = await mkdtemp(path.join(root, 'link-'));
    await writeFile(path.join(dir, 'a.yaml'), 'lr: 1\n');
    await writeFile(path.join(dir, 'b.yaml'), 'lr: 2\n');
    await symlink('a.yaml', path.join(dir, 'config.yaml'));
    await symlink('../outside/missing', path.join(dir, 'dangling'));
    const context = await listBuildContext(dir);
    expect(context.files.map((file) => [file.path, file.linkTarget])).toEqual([
      ['a.yaml', undefined],
      ['b.yaml', undefined],
      ['config.yaml', 'a.yaml'],
      ['dangling', '../outside/missing'],
    ]);
    const files = await digestContextFiles(context);
    expect(files.find((file) => file.path === 'config.yaml')?.digest).toBe(sha256('a.yaml'));
    expect(files.find((file) => file.path === 'dangling')?.digest).toBe(
      sha256('../outside/missing'),
    );
    const before = computeSourceHash({ ...base, files });
    await rm(path.join(dir, 'config.yaml'));
    await symlink('b.yaml', path.join(dir, 'config.yaml'));
    const retargeted = await digestContextFiles(await listBuildContext(dir));
    expect(retargeted.find((file) => file.path === 'config.yaml')?.digest).toBe(sha256('b.yaml'));
    expect(computeSourceHash({ ...base, files: retargeted })).not.toBe(before);
  });

  it('.git never enters the file list, whatever the ignore file says', async () => {
    const dir = await mkdtemp(path.join(root, 'git-'));
    await mkdir(path.join(dir, '.git', 'objects'), { recursive: true });
    await writeFile(
      path.join(dir, '.git', 'config'),
      'extraheader = AUTHORIZATION: basic dG9rZW4=\n',
    );
    await writeFile(path.join(dir, '.git', 'objects', 'ab'), 'x');
    await writeFile(path.join(dir, 'train.py'), 'print(1)\n');
    for (const ignore of ['', '!.git\n', '!.git/**\n', '*\n!*\n', '!.git/config\n']) {
      await writeFile(path.join(dir, '.dockerignore'), ignore);
      const files = await digestContextFiles(await listBuildContext(dir));
      expect(files.map((file) => file.path)).toEqual(['train.py']);
    }
  });
});

describe('the source hash encoding is fixed (a changed encoding would rebuild every image)', () => {
  const full: SourceHashInputs = {
    dockerfile: 'FROM base\nCOPY . /app\n',
    builderFiles: { 'z.dockerignore': 'data\n', '.dockerignore': '.git\n' },
    files: [
      { path: 'run.sh', executable: true, digest: '1'.repeat(64) },
      { path: 'train.py', executable: false, digest: '2'.repeat(64) },
    ],
    buildArgs: [
      ['C', '3'],
      ['A', '1'],
      ['B', '2'],
    ],
    baseImage: 'python:3.11-slim',
    platforms: ['linux/arm64', 'linux/amd64'],
    settings: { 'pip-index-url': 'https://pypi.example/simple', 'extra-index-url': '' },
  };

  /** The documented encoding, written out independently: `name\0<byte length>\0value\n` per field. */
  function reference(inputs: SourceHashInputs): string {
    const parts: string[] = [];
    const field = (name: string, value: string) =>
      parts.push(`${name}\0${Buffer.byteLength(value)}\0${value}\n`);
    field('format', 'launch-action/source-hash/v1');
    field('dockerfile', inputs.dockerfile);
    field('builder-file:.dockerignore', inputs.builderFiles['.dockerignore']!);
    field('builder-file:z.dockerignore', inputs.builderFiles['z.dockerignore']!);
    field('base-image', inputs.baseImage);
    field('platforms', 'linux/amd64,linux/arm64');
    field('build-arg:A', '1');
    field('build-arg:B', '2');
    field('build-arg:C', '3');
    field('setting:extra-index-url', '');
    field('setting:pip-index-url', 'https://pypi.example/simple');
    field('files', '2');
    field('file', `x ${'1'.repeat(64)} run.sh`);
    field('file', `- ${'2'.repeat(64)} train.py`);
    return createHash('sha256').update(parts.join('')).digest('hex');
  }

  it('is sha256 of the length-prefixed fields in a fixed order', () => {
    expect(computeSourceHash(full)).toBe(reference(full));
  });

  it('does not depend on the order of build args, platforms, builder files or settings', () => {
    const shuffled: SourceHashInputs = {
      ...full,
      builderFiles: { '.dockerignore': '.git\n', 'z.dockerignore': 'data\n' },
      buildArgs: [
        ['B', '2'],
        ['C', '3'],
        ['A', '1'],
      ],
      platforms: ['linux/amd64', 'linux/arm64'],
      settings: { 'extra-index-url': '', 'pip-index-url': 'https://pypi.example/simple' },
    };
    for (const order of [full, shuffled]) expect(computeSourceHash(order)).toBe(reference(full));
    const sameKeyOrder: SourceHashInputs = {
      ...full,
      buildArgs: [
        ['A', '1'],
        ['A', '1'],
      ],
    };
    expect(computeSourceHash(sameKeyOrder)).toBe(computeSourceHash({ ...sameKeyOrder }));
  });

  it('sorts many build args and settings by key, from any order', () => {
    const keys = ['H', 'G', 'F', 'E', 'D', 'C', 'B', 'A'];
    const reversed = keys.map((key) => [key, key.toLowerCase()] as [string, string]);
    const sorted = [...reversed].reverse();
    const settings = (order: [string, string][]) => Object.fromEntries(order);
    const a = { ...full, buildArgs: reversed, settings: settings(reversed) };
    const b = { ...full, buildArgs: sorted, settings: settings(sorted) };
    expect(computeSourceHash(a)).toBe(computeSourceHash(b));
    const interleaved = [4, 0, 7, 2, 5, 1, 6, 3].map((i) => sorted[i]!);
    expect(computeSourceHash({ ...full, buildArgs: interleaved })).toBe(
      computeSourceHash({ ...full, buildArgs: sorted }),
    );
  });

  it('the tag is the first 16 hex digits of the hash', () => {
    expect(tagFromHash('0123456789abcdef0123456789abcdef')).toBe('0123456789abcdef');
  });
});

describe('statKey (when a cached digest may be reused)', () => {
  const file = { path: 'a', executable: false, size: 10, mtimeMs: 1000.5, ino: 7 };
  it.each<[string, Partial<typeof file> & { linkTarget?: string }]>([
    ['size', { size: 11 }],
    ['mtime (sub-millisecond)', { mtimeMs: 1000.501 }],
    ['inode', { ino: 8 }],
    ['link target', { linkTarget: 'b.yaml' }],
  ])('changes with the %s', (_name, change) => {
    expect(statKey({ ...file, ...change })).not.toBe(statKey(file));
    expect(statKey({ ...file, linkTarget: 'a.yaml', ...change })).not.toBe(
      statKey({ ...file, linkTarget: 'a.yaml' }),
    );
  });
  it('is the same for the same stat', () => {
    expect(statKey({ ...file })).toBe(statKey(file));
    expect(statKey(file)).toBe('10:1000500:7:');
  });
});
