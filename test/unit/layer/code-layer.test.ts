import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../../src/context/files.js';
import { codeLayerEntries, writeCodeLayer } from '../../../src/layer/code-layer.js';
import { paxRecord } from '../../../src/layer/tar.js';

const temps: string[] = [];
async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

const LONG = `${'deep/'.repeat(30)}file.txt`;
const OPTIONS = {
  directory: '/home/launch/app',
  uid: 1000,
  gid: 0,
  mtime: 0,
  ancestors: [
    { path: 'home', uid: 0, gid: 0, mode: 0o755 },
    { path: 'home/launch', uid: 1000, gid: 0, mode: 0o700 },
  ],
};

/** Bytes that look random but are the same on every run: what a data shard or weights file holds. */
function dense(size: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; i * 32 < size; i += 1) {
    blocks.push(createHash('sha256').update(`block ${i}`).digest());
  }
  return Buffer.concat(blocks).subarray(0, size);
}
const SHARD = dense(1_500_000);
const SMALL_SHARD = dense(200_000).reverse();

/** The same tree, written with the given file modes and mtime (seconds). */
async function writeTree(root: string, fileMode: number, mtime: number): Promise<void> {
  const files: Record<string, string | Buffer> = {
    'train.py': 'print("train")\n',
    'pkg/__init__.py': '',
    'pkg/model.py': 'x = 1\n'.repeat(1000),
    [LONG]: 'long path\n',
    'données/é.txt': 'unicode\n',
    'ignored/secret.txt': 'must not ship\n',
    '.dockerignore': 'ignored\n*.log\n',
    'run.log': 'log\n',
    'big.bin': 'b'.repeat(3 << 20),
    'data/shard.npy': SHARD,
    'data/small.npy': SMALL_SHARD,
  };
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
    await chmod(path.join(root, name), fileMode);
    await utimes(path.join(root, name), mtime, mtime);
  }
  await writeFile(path.join(root, 'run.sh'), '#!/bin/sh\necho run\n');
  await chmod(path.join(root, 'run.sh'), fileMode | 0o111);
  await symlink('pkg/model.py', path.join(root, 'model-link.py'));
}

async function buildLayer(root: string) {
  const out = path.join(await tempDir('layer-out-'), 'layer.tar.gz');
  return writeCodeLayer(await listBuildContext(root), out, OPTIONS);
}

describe('code layer', () => {
  it('is byte-identical for the same tree in two directories, modes and times', async () => {
    const first = await tempDir('tree-a-');
    const second = await tempDir('tree-b-longer-name-');
    await writeTree(first, 0o644, 1_600_000_000);
    await writeTree(second, 0o664, 1_700_000_000);
    const a = await buildLayer(first);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const b = await buildLayer(second);
    expect(b.digest).toBe(a.digest);
    expect(b.diffId).toBe(a.diffId);
    expect(b.size).toBe(a.size);
    expect((await readFile(b.file)).equals(await readFile(a.file))).toBe(true);
    // Any change in content gives another layer.
    await writeFile(path.join(second, 'train.py'), 'print("changed")\n');
    const c = await buildLayer(second);
    expect(c.digest).not.toBe(a.digest);
    expect(c.diffId).not.toBe(a.diffId);
  });

  it(
    'holds what GNU tar and gzip read back: owners, modes, links, long and unicode paths',
    { timeout: 30_000 },
    async () => {
      const root = await tempDir('tree-');
      await writeTree(root, 0o600, 1_650_000_000);
      const layer = await buildLayer(root);
      // gzip (not node) decides that the blob is valid gzip and what it decompresses to.
      const gunzippedDigest = execFileSync('sh', ['-c', 'gzip -dc "$0" | sha256sum', layer.file], {
        encoding: 'utf8',
      }).split(' ')[0];
      expect(`sha256:${gunzippedDigest}`).toBe(layer.diffId);
      const listing = execFileSync('tar', ['--numeric-owner', '-tvzf', layer.file], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map((line) => {
          const [mode, owner, , , , ...rest] = line.split(/\s+/);
          return `${mode} ${owner} ${rest.join(' ')}`;
        });
      expect(listing).toContain('drwxr-xr-x 1000/0 home/launch/app/');
      expect(listing).toContain('-rw-r--r-- 1000/0 home/launch/app/train.py');
      expect(listing).toContain('-rwxr-xr-x 1000/0 home/launch/app/run.sh');
      expect(listing).toContain('lrwxrwxrwx 1000/0 home/launch/app/model-link.py -> pkg/model.py');
      expect(listing).toContain(`-rw-r--r-- 1000/0 home/launch/app/${LONG}`);
      expect(listing).toContain('-rw-r--r-- 1000/0 home/launch/app/données/é.txt');
      expect(listing).toContain('drwxr-xr-x 1000/0 home/launch/app/données/');
      expect(listing.join('\n')).not.toMatch(/ignored|run\.log/);
      expect(listing).toContain('drwxr-xr-x 0/0 home/');
      expect(listing).toContain('drwx------ 1000/0 home/launch/');
      expect(listing.slice(2).every((line) => line.includes(' 1000/0 '))).toBe(true);
      const extracted = await tempDir('extract-');
      execFileSync('tar', ['-xzf', layer.file, '-C', extracted]);
      const app = path.join(extracted, 'home/launch/app');
      expect(await readFile(path.join(app, LONG), 'utf8')).toBe('long path\n');
      expect(
        (await readFile(path.join(app, 'big.bin'))).equals(Buffer.from('b'.repeat(3 << 20))),
      ).toBe(true);
      expect(await readFile(path.join(app, 'pkg/model.py'), 'utf8')).toBe('x = 1\n'.repeat(1000));
      expect((await readFile(path.join(app, 'data/shard.npy'))).equals(SHARD)).toBe(true);
      expect((await readFile(path.join(app, 'data/small.npy'))).equals(SMALL_SHARD)).toBe(true);
      // Dense data is stored, not deflated: its bytes are in the blob as they are, and the
      // compressible files still shrink.
      const blob = await readFile(layer.file);
      for (const at of [10_000, 100_000, 150_000]) {
        expect(blob.includes(SHARD.subarray(at, at + 1000))).toBe(true);
        expect(blob.includes(SMALL_SHARD.subarray(at, at + 1000))).toBe(true);
      }
      expect(blob.length).toBeLessThan(SHARD.length + SMALL_SHARD.length + 200_000);
      const mtimes = execFileSync('tar', ['--full-time', '-tvzf', layer.file], {
        encoding: 'utf8',
      });
      expect(mtimes).toContain('1970-01-01 00:00:00');
      expect(mtimes).not.toMatch(/20\d\d-/);
    },
  );

  it('fails, naming the file, when a file changes while the layer is written', async () => {
    const root = await tempDir('tree-');
    await writeFile(path.join(root, 'a.py'), 'a\n');
    const context = await listBuildContext(root);
    await writeFile(path.join(root, 'a.py'), 'grown\n');
    await expect(
      writeCodeLayer(context, path.join(root, '..', `${path.basename(root)}.tgz`), OPTIONS),
    ).rejects.toThrow(/a\.py changed while the code layer was written/);
    temps.push(path.join(root, '..', `${path.basename(root)}.tgz`));
  });
});

describe('code layer entries', () => {
  it('sorts by bytes with every parent directory first and normalised modes', () => {
    const file = (p: string, executable = false) => ({
      path: p,
      executable,
      size: 1,
      mtimeMs: 5,
      ino: 1,
    });
    const entries = codeLayerEntries(
      [file('a/b/c.py'), file('a-z.sh', true), file('z.py')],
      OPTIONS,
    );
    expect(
      entries.map((e) => `${e.type} ${e.path} ${e.uid}:${e.gid} ${e.mode.toString(8)}`),
    ).toEqual([
      'directory home 0:0 755',
      'directory home/launch 1000:0 700',
      'directory home/launch/app 1000:0 755',
      'directory home/launch/app/a 1000:0 755',
      'file home/launch/app/a-z.sh 1000:0 755',
      'directory home/launch/app/a/b 1000:0 755',
      'file home/launch/app/a/b/c.py 1000:0 644',
      'file home/launch/app/z.py 1000:0 644',
    ]);
  });
});

describe('pax records', () => {
  it.each([
    ['path', 'a', '9 path=a\n'],
    ['path', 'x'.repeat(90), `99 path=${'x'.repeat(90)}\n`],
    ['path', 'x'.repeat(91), `101 path=${'x'.repeat(91)}\n`],
    ['path', 'x'.repeat(92), `102 path=${'x'.repeat(92)}\n`],
    ['path', 'é', '11 path=é\n'],
  ])('%s=%s counts its own length', (key, value, expected) => {
    const record = paxRecord(key, value);
    expect(record).toBe(expected);
    expect(Buffer.byteLength(record)).toBe(Number(record.split(' ')[0]));
  });
});

describe('code layer ancestors', () => {
  it('refuses to guess the attributes of a directory above the code', () => {
    expect(() =>
      codeLayerEntries([], {
        ...OPTIONS,
        ancestors: [{ path: 'home', uid: 0, gid: 0, mode: 0o755 }],
      }),
    ).toThrow('the code layer needs the owner and mode of /home/launch');
  });
});
