import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeDependencyContext } from '../../../src/assemble/dependency-context.js';
import { listBuildContext } from '../../../src/context/files.js';

const work = await mkdtemp(path.join(tmpdir(), 'dependency-context-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the dependency image context', () => {
  it('holds only the files the dependency Dockerfile copies, at their paths', async () => {
    const repo = path.join(work, 'repo');
    await mkdir(path.join(repo, 'requirements'), { recursive: true });
    await writeFile(path.join(repo, 'requirements', 'base.txt'), 'numpy\n');
    await writeFile(path.join(repo, 'train.py'), 'print(1)\n');
    const context = await writeDependencyContext(
      await listBuildContext(repo),
      { dockerfile: '', files: ['requirements/base.txt'], projectInstall: false },
      path.join(work, 'one'),
    );
    expect(context.files.map((file) => file.path)).toEqual(['requirements/base.txt']);
  });

  it('is an empty directory when the environment copies no file', async () => {
    const repo = path.join(work, 'empty-env');
    await mkdir(repo, { recursive: true });
    await writeFile(path.join(repo, 'train.py'), 'print(1)\n');
    const context = await writeDependencyContext(
      await listBuildContext(repo),
      { dockerfile: '', files: [], projectInstall: false },
      path.join(work, 'none'),
    );
    expect(context.files).toEqual([]);
  });
});
