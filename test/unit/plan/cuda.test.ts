import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCuda } from '../../../src/plan/cuda.js';
import type { DependencyInstall, PythonEnvironment } from '../../../src/environment/types.js';

function environment(install: DependencyInstall, extraIndexUrls: string[] = []): PythonEnvironment {
  return {
    kind: 'requirements',
    reason: 'test',
    files: [],
    python: { version: '3.11', source: 'default' },
    install,
    extraIndexUrls,
    dropped: [],
  } as PythonEnvironment;
}

describe('planCuda', () => {
  const root = mkdtempSync(join(tmpdir(), 'plan-cuda-'));
  writeFileSync(join(root, 'requirements.txt'), 'numpy\ntorch==2.3.1+cu121\n');

  it.each<[string, DependencyInstall, string[], string | undefined]>([
    [
      'reads the requirements file',
      { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
      [],
      '12.1',
    ],
    [
      'reads the rewritten text of a requirements file',
      {
        kind: 'requirements-file',
        file: 'requirements.txt',
        alsoCopy: [],
        rewritten: { 'requirements.txt': 'nvidia-cudnn-cu12\n' },
      },
      [],
      '12',
    ],
    [
      'written lines',
      { kind: 'requirement-lines', lines: ['jax[cuda12]'], noDeps: false },
      [],
      '12',
    ],
    [
      'conda pip section',
      { kind: 'conda', file: 'environment.yml', pipLines: ['torch==2.1.2+cu118'] },
      [],
      '11.8',
    ],
    [
      'extra index of the environment',
      { kind: 'requirement-lines', lines: ['torch'], noDeps: false },
      ['https://download.pytorch.org/whl/cu124'],
      '12.4',
    ],
    ['nothing installed', { kind: 'nothing' }, [], undefined],
  ])('%s', async (_name, install, indexes, version) => {
    expect((await planCuda(root, environment(install, indexes)))?.version).toBe(version);
  });
});
