import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planBuild } from '../../../src/plan/index.js';
import type { PackageIndexReader, ProjectFiles } from '../../../src/plan/package-index.js';

const FIXTURE = path.resolve(__dirname, '../../fixtures/poetry-markers');

/** An index that has the lock's numpy only for CPython 3.9, and everything else as pure wheels. */
function indexWithNumpyFor39(): PackageIndexReader {
  return {
    projectFiles(_url: string, project: string): Promise<ProjectFiles> {
      if (project === 'numpy') {
        return Promise.resolve({
          kind: 'found',
          files: [
            { filename: 'numpy-1.26.4-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl' },
          ],
        });
      }
      return Promise.resolve({ kind: 'missing' });
    },
  };
}

describe('a Python chosen from the wheels re-reads the lock for that Python', () => {
  let context = '';
  beforeAll(async () => {
    context = await mkdtemp(path.join(os.tmpdir(), 'python-from-index-lock-'));
    await cp(FIXTURE, context, { recursive: true });
    await writeFile(path.join(context, 'train.py'), 'import numpy\n');
    // No Python bound in pyproject: the default stands until the wheels say otherwise.
    const pyproject = path.join(context, 'pyproject.toml');
    const text = await readFile(pyproject, 'utf8');
    await writeFile(pyproject, text.replace(/^python = .*\n/m, ''));
  });
  afterAll(() => rm(context, { recursive: true, force: true }));

  const inputs = (values: Record<string, string> = {}) =>
    readCoreInputs(
      new InputReader(mapInputSource({ platforms: 'linux/amd64', extras: 'tracking', ...values })),
    );
  const lockLines = (plan: Awaited<ReturnType<typeof planBuild>>) =>
    plan.environment.install.kind === 'poetry-lock' ? plan.environment.install.lines : [];

  it('keeps a marker-gated package out on the default Python', async () => {
    const plan = await planBuild(context, inputs(), { buildkit: true });
    expect(plan.environment.python.version).toBe('3.11');
    expect(lockLines(plan).some((line) => line.startsWith('typing-extensions'))).toBe(false);
  });

  it('adds the packages whose markers hold on the chosen Python (python_version < "3.10")', async () => {
    const plan = await planBuild(context, inputs(), {
      buildkit: true,
      packageIndex: indexWithNumpyFor39(),
    });
    expect(plan.environment.python).toEqual({
      version: '3.9',
      source: 'wheels of the exact pins',
    });
    const lines = lockLines(plan);
    expect(lines.some((line) => line.startsWith('numpy==1.26.4'))).toBe(true);
    expect(lines.some((line) => line.startsWith('typing-extensions==4.9.0'))).toBe(true);
    expect(plan.dockerfile.dockerfile).toContain('typing-extensions==4.9.0');
  });
});
