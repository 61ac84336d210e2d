import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planBuild } from '../../../src/plan/index.js';
import { realPathInside } from '../../../src/platform/paths.js';

let root: string;
let repo: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'resolve-'));
  repo = path.join(root, 'repo');
  await mkdir(path.join(repo, 'src'), { recursive: true });
  await writeFile(path.join(root, 'Dockerfile.outside'), 'FROM scratch\n');
  await writeFile(path.join(repo, 'train.py'), 'print(1)\n');
  await symlink(path.join(root, 'Dockerfile.outside'), path.join(repo, 'Dockerfile'));
  await symlink(path.join(repo, 'src'), path.join(repo, 'inner'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('realPathInside', () => {
  it.each<[string, string]>([
    ['src', 'inside'],
    ['inner', 'inside'],
    ['nope', 'missing'],
    ['..', 'outside'],
    ['Dockerfile', 'outside'],
  ])('%s is %s', async (relative, verdict) => {
    const found = await realPathInside(repo, relative);
    expect('problem' in found ? found.problem : 'inside').toBe(verdict);
  });

  it('refuses a dockerfile input that is a symlink out of the context', async () => {
    const inputs = readCoreInputs(new InputReader(mapInputSource({ dockerfile: 'Dockerfile' })));
    await expect(planBuild(repo, inputs, { buildkit: true })).rejects.toThrow(InputError);
    await expect(planBuild(repo, inputs, { buildkit: true })).rejects.toThrow(
      /Input 'dockerfile'.*inside the context/s,
    );
  });
});
