import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../../src/context/files.js';
import { checkEntrypoint, contextWarnings } from '../../../src/plan/checks.js';
import { InputError } from '../../../src/platform/errors.js';

describe('checkEntrypoint', () => {
  const files = new Set(['train.py', 'scripts/train.py']);
  it.each([
    [['python', 'train.py']],
    [['python3', './scripts/train.py', '--lr', '1']],
    [['python', '-m', 'pkg.train']],
    [['tinygpt', 'finetune']],
    [['torchrun', '--nproc-per-node', '8', 'missing.py']],
  ])('accepts %j', (command) => {
    expect(() => checkEntrypoint(command, true, files)).not.toThrow();
  });

  it('refuses a python script that is not in the context, before building', () => {
    expect(() => checkEntrypoint(['python', 'src/train.py'], true, files)).toThrow(InputError);
    expect(() => checkEntrypoint(['python', 'src/train.py'], true, files)).toThrow(
      /'src\/train.py' is not in the build context/,
    );
  });
});

describe('contextWarnings', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'launch-checks-'));
    const pointer =
      'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM python:3.11\n');
    await writeFile(path.join(dir, 'model.ckpt'), pointer);
    await writeFile(path.join(dir, 'data.bin'), pointer);
    await writeFile(path.join(dir, 'train.py'), 'print("hi")\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names an unused root Dockerfile and counts LFS pointers with the checkout fix', async () => {
    const context = await listBuildContext(dir);
    const warnings = await contextWarnings(dir, context.files, undefined);
    expect(warnings[0]).toContain("Set 'dockerfile: Dockerfile'");
    expect(warnings[1]).toContain('2 files are Git LFS pointers (data.bin, model.ckpt)');
    expect(warnings[1]).toContain("'lfs: true'");
    expect(await contextWarnings(dir, context.files, 'Dockerfile')).toHaveLength(1);
  });
});
