import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  symlink,
  writeFile,
  chmod,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageContext } from '../../../src/builder/stage-context.js';
import { listBuildContext } from '../../../src/context/files.js';

/** Every entry under `dir` that is not a directory, dotfiles included (what `docker build` sends). */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...(await walk(dir, relative)));
    else out.push(relative);
  }
  return out.sort();
}

describe('stageContext (the classic builder gets exactly the hashed files)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'stage-test-'));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('holds the hashed files with their content, modes and link targets, and no .git or ignore file', async () => {
    const repo = path.join(root, 'repo');
    await mkdir(path.join(repo, '.git'), { recursive: true });
    await mkdir(path.join(repo, 'src', 'pkg'), { recursive: true });
    await mkdir(path.join(repo, 'data'), { recursive: true });
    await writeFile(path.join(repo, '.git', 'config'), 'extraheader = AUTHORIZATION: basic x\n');
    await writeFile(path.join(repo, '.dockerignore'), 'data\n!data/keep.txt\n!.git\n');
    await writeFile(path.join(repo, 'data', 'big.csv'), 'x');
    await writeFile(path.join(repo, 'data', 'keep.txt'), 'kept');
    await writeFile(path.join(repo, 'src', 'pkg', 'm.py'), 'x = 1\n');
    await writeFile(path.join(repo, 'run.sh'), '#!/bin/sh\n');
    await chmod(path.join(repo, 'run.sh'), 0o755);
    await symlink('src/pkg/m.py', path.join(repo, 'link.py'));
    const context = await listBuildContext(repo);
    const staged = await stageContext(context, path.join(root, 'staged'));
    const hashed = context.files.map((file) => file.path);
    expect(hashed).toEqual(['data/keep.txt', 'link.py', 'run.sh', 'src/pkg/m.py']);
    expect(await walk(staged)).toEqual(hashed);
    expect(await readFile(path.join(staged, 'data', 'keep.txt'), 'utf8')).toBe('kept');
    expect(await readlink(path.join(staged, 'link.py'))).toBe('src/pkg/m.py');
    expect((await lstat(path.join(staged, 'run.sh'))).mode & 0o111).not.toBe(0);
    expect((await lstat(path.join(staged, 'src', 'pkg', 'm.py'))).mode & 0o111).toBe(0);
  });
});
