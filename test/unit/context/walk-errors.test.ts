import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext, passesOverUnreadable } from '../../../src/context/files.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'walk-errors-test-'));
  // The unprivileged walk below must be able to reach the contexts.
  await chmod(root, 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

const failure = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: somewhere`), { code });

describe('passesOverUnreadable', () => {
  it.each([
    ['EACCES', true, true],
    ['EPERM', true, true],
    ['EACCES', false, false],
    ['EPERM', false, false],
    ['ENOENT', true, false],
    ['ENAMETOOLONG', true, false],
    ['EIO', false, false],
  ])('%s in a directory excluded=%s: passed over=%s', (code, excluded, passedOver) => {
    expect(passesOverUnreadable(failure(code), excluded)).toBe(passedOver);
  });

  it('an error without a code is never passed over', () => {
    expect(passesOverUnreadable(new Error('odd'), true)).toBe(false);
  });
});

describe('listBuildContext: directories it cannot read', () => {
  it('a context directory that does not exist is an error, not an empty context', async () => {
    await expect(listBuildContext(path.join(root, 'absent'))).rejects.toThrow(/ENOENT/);
  });

  it('enters an excluded directory only when an exception may re-include something in it', async () => {
    // A directory whose path is longer than the kernel accepts cannot be listed (ENAMETOOLONG,
    // not a permission problem): the walk fails when it enters one, which shows where it goes.
    const dir = await tree('deep', { '.dockerignore': 'cache\n', 'a.py': '', 'cache/x.bin': '' });
    const cache = path.join(dir, 'cache');
    const segment = 'd'.repeat(250);
    const depth = Math.ceil((4200 - cache.length) / (segment.length + 1));
    // mkdir cannot take such a path either: descend one level at a time (chdir, in a process).
    const made = spawnSync(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'); process.chdir(process.argv[1]);
         for (let i = 0; i < ${depth}; i++) { fs.mkdirSync('${segment}'); process.chdir('${segment}'); }`,
        cache,
      ],
      { encoding: 'utf8' },
    );
    expect(made.status, made.stderr).toBe(0);
    try {
      expect((await listBuildContext(dir)).files.map((file) => file.path)).toEqual(['a.py']);
      await writeFile(path.join(dir, '.dockerignore'), 'cache\n!cache/**/keep.txt\n');
      await expect(listBuildContext(dir)).rejects.toThrow(/ENAMETOOLONG/);
    } finally {
      // fs.rm works with whole paths, which are too long here; rm -r descends relatively.
      expect(spawnSync('rm', ['-rf', cache]).status).toBe(0);
    }
  });

  it('an unreadable excluded directory is passed over; an unreadable sent one is an error', async () => {
    const dir = await tree('locked', {
      '.dockerignore': 'secret\n!secret/**/keep.txt\n',
      'a.py': '',
      'secret/keep.txt': '',
      'shared/b.py': '',
    });
    await chmod(path.join(dir, 'secret'), 0o000);
    await chmod(path.join(dir, 'shared'), 0o000);
    try {
      // As root every directory is readable: the walk runs in a process that loads the module,
      // then gives up root (the module may live where only root can read).
      const dropRoot =
        process.getuid?.() === 0 ? 'process.setgid(65534); process.setuid(65534);' : '';
      const list = (context: string, dockerfile: string) => {
        const program = `
          import(${JSON.stringify(path.resolve('src/context/files.ts'))})
            .then(({ listBuildContext }) => {
              ${dropRoot}
              return listBuildContext(${JSON.stringify(context)}, { dockerfile: ${JSON.stringify(dockerfile)} });
            })
            .then((c) => console.log(JSON.stringify({ files: c.files.map((f) => f.path) })))
            .catch((e) => console.log(JSON.stringify({ error: e.code ?? String(e) })));`;
        const child = spawnSync(process.execPath, ['--import', 'tsx', '--eval', program], {
          cwd: process.cwd(),
          env: { PATH: process.env.PATH, HOME: os.tmpdir() },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(child.status, child.stderr).toBe(0);
        return JSON.parse(child.stdout.trim().split('\n').pop()!) as {
          files?: string[];
          error?: string;
        };
      };
      // With `shared/` excluded as well, both are passed over.
      await writeFile(path.join(dir, 'all.dockerignore'), 'secret\nshared\n!secret/**/keep.txt\n');
      await chmod(path.join(dir, 'all.dockerignore'), 0o644);
      expect(list(dir, 'all')).toEqual({
        files: ['a.py', 'all.dockerignore'],
      });
      // `shared/` is sent: that it cannot be read is the build's error.
      expect(list(dir, 'none')).toEqual({ error: 'EACCES' });
    } finally {
      await chmod(path.join(dir, 'secret'), 0o755);
      await chmod(path.join(dir, 'shared'), 0o755);
    }
  });
});
