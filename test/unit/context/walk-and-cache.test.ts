import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  digestContextFiles,
  directoryDigestCache,
  type DigestCache,
} from '../../../src/context/digests.js';
import { listBuildContext } from '../../../src/context/files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'walk-cache-test-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

/** The directory cache, with every load and save recorded. */
function recording(dir: string) {
  const inner = directoryDigestCache(dir);
  const calls: string[] = [];
  const cache: DigestCache = {
    load: async (r) => {
      calls.push('load');
      return inner.load(r);
    },
    save: async (r, entries) => {
      calls.push(`save ${entries.size}`);
      return inner.save(r, entries);
    },
  };
  return { cache, calls };
}

describe('the digest cache', () => {
  it('is written once, reused while the stat holds, and rewritten when something changed', async () => {
    const dir = await tree('cache-a', { 'a.py': 'a', 'b/c.py': 'c' });
    const cacheDir = path.join(root, 'cache-a-store');
    const { cache, calls } = recording(cacheDir);
    const cold = await digestContextFiles(await listBuildContext(dir), cache);
    expect(cold).toEqual([
      { path: 'a.py', executable: false, digest: sha256('a') },
      { path: 'b/c.py', executable: false, digest: sha256('c') },
    ]);
    expect(calls).toEqual(['load', 'save 2']);
    // One JSON file per context, named after the context's absolute path.
    const stored = await readdir(cacheDir);
    expect(stored).toEqual([`${sha256(path.resolve(dir)).slice(0, 32)}.json`]);
    const entries = JSON.parse(await readFile(path.join(cacheDir, stored[0]!), 'utf8')) as Record<
      string,
      [string, string]
    >;
    expect(Object.keys(entries).sort()).toEqual(['a.py', 'b/c.py']);
    expect(entries['a.py']![1]).toBe(sha256('a'));
    expect(entries['a.py']![0]).toMatch(/^1:\d+:\d+:$/);

    // Warm: the cached digests are used as they are (a planted one shows it) and nothing is saved.
    entries['a.py']![1] = 'f'.repeat(64);
    await writeFile(path.join(cacheDir, stored[0]!), JSON.stringify(entries));
    calls.length = 0;
    const warm = await digestContextFiles(await listBuildContext(dir), cache);
    expect(warm[0]!.digest).toBe('f'.repeat(64));
    expect(calls).toEqual(['load']);

    // A file removed: saved again without it.
    await rm(path.join(dir, 'b', 'c.py'));
    calls.length = 0;
    await digestContextFiles(await listBuildContext(dir), cache);
    expect(calls).toEqual(['load', 'save 1']);

    // Another context has its own entry.
    const other = await tree('cache-b', { 'a.py': 'a' });
    await digestContextFiles(await listBuildContext(other), cache);
    expect((await readdir(cacheDir)).sort()).toEqual(
      [stored[0]!, `${sha256(path.resolve(other)).slice(0, 32)}.json`].sort(),
    );
  });

  it('a file whose stat changed is read again', async () => {
    const dir = await tree('cache-c', { 'a.py': 'one' });
    const { cache, calls } = recording(path.join(root, 'cache-c-store'));
    await digestContextFiles(await listBuildContext(dir), cache);
    await writeFile(path.join(dir, 'a.py'), 'three');
    calls.length = 0;
    const changed = await digestContextFiles(await listBuildContext(dir), cache);
    expect(changed[0]!.digest).toBe(sha256('three'));
    expect(calls).toEqual(['load', 'save 1']);
  });

  it('an unreadable cache is no cache, and a failed save does not fail the hash', async () => {
    const dir = await tree('cache-d', { 'a.py': 'a' });
    const broken: DigestCache = {
      load: async () => {
        throw new Error('corrupt');
      },
      save: async () => {
        throw new Error('read-only');
      },
    };
    expect(await digestContextFiles(await listBuildContext(dir), broken)).toEqual([
      { path: 'a.py', executable: false, digest: sha256('a') },
    ]);
  });

  it('a large file missing while it is read is an error, not a digest', async () => {
    const dir = await tree('cache-e', { 'big.bin': 'x'.repeat((1 << 20) + 1) });
    const context = await listBuildContext(dir);
    await rm(path.join(dir, 'big.bin'));
    await expect(digestContextFiles(context)).rejects.toThrow(/ENOENT/);
  });
});

describe('listBuildContext: the walk', () => {
  it('lists regular files and symlinks in byte order, and nothing else', async () => {
    const dir = await tree('walk-order', {
      'b.py': '',
      'a/z.py': '',
      'a/B.py': '',
      'A.py': '',
      'a-b.py': '',
      'empty/.keep': '',
    });
    await symlink('b.py', path.join(dir, 'link'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const files = (await listBuildContext(dir)).files.map((file) => file.path);
    expect(files).toEqual(['A.py', 'a-b.py', 'a/B.py', 'a/z.py', 'b.py', 'empty/.keep', 'link']);
  });

  it('sorts by bytes whatever order the disk lists entries in', async () => {
    const names = Array.from(
      { length: 40 },
      (_, i) => `${String.fromCharCode(122 - (i % 26))}${(i * 7919) % 97}.py`,
    );
    const dir = await tree('walk-many', Object.fromEntries(names.map((name) => [name, ''])));
    const files = (await listBuildContext(dir)).files.map((file) => file.path);
    expect(files).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('records size, executable bit and link target', async () => {
    const dir = await tree('walk-stat', { 'run.sh': '#!/bin/sh\n', 'data.txt': '12345' });
    await chmod(path.join(dir, 'run.sh'), 0o744);
    await symlink('data.txt', path.join(dir, 'link'));
    const files = (await listBuildContext(dir)).files;
    expect(files.map((f) => [f.path, f.size, f.executable, f.linkTarget])).toEqual([
      ['data.txt', 5, false, undefined],
      // A symlink's own mode is rwxrwxrwx: what counts for it is the target, hashed as text.
      ['link', 8, true, 'data.txt'],
      ['run.sh', 10, true, undefined],
    ]);
  });

  it('reads <Dockerfile>.dockerignore only for that Dockerfile, and a missing one falls back', async () => {
    const dir = await tree('walk-ignore', {
      '.dockerignore': 'a.txt\n',
      'Dockerfile.dockerignore': 'b.txt\n',
      'a.txt': '',
      'b.txt': '',
    });
    const plain = await listBuildContext(dir);
    expect(plain.rules.source).toBe('.dockerignore');
    expect(plain.files.map((f) => f.path)).toEqual(['Dockerfile.dockerignore', 'b.txt']);
    const own = await listBuildContext(dir, { dockerfile: './Dockerfile' });
    expect(own.rules.source).toBe('Dockerfile.dockerignore');
    expect(own.files.map((f) => f.path)).toEqual(['Dockerfile.dockerignore', 'a.txt']);
    const none = await listBuildContext(dir, { dockerfile: 'docker/train.Dockerfile' });
    expect(none.rules.source).toBe('.dockerignore');
    // A Dockerfile path through a file (ENOTDIR) is no ignore file there either.
    const through = await listBuildContext(dir, { dockerfile: 'a.txt/Dockerfile' });
    expect(through.rules.source).toBe('.dockerignore');
  });

  it('without any ignore file, rules come from nowhere and everything but .git is listed', async () => {
    const dir = await tree('walk-none', { 'x.py': '', '.git/HEAD': 'ref' });
    const context = await listBuildContext(dir);
    expect(context.rules.source).toBeUndefined();
    expect(context.rules.text).toBe('');
    expect(context.files.map((f) => f.path)).toEqual(['x.py']);
  });

  it('an unreadable ignore file is an error, not an empty one', async () => {
    const dir = await tree('walk-bad-ignore', { 'x.py': '' });
    await mkdir(path.join(dir, '.dockerignore'));
    await expect(listBuildContext(dir)).rejects.toThrow(/EISDIR/);
  });
});
