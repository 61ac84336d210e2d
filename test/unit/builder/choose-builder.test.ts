import { describe, expect, it } from 'vitest';
import { chooseBuilder } from '../../../src/builder/builder.js';
import type { Exec } from '../../../src/platform/exec.js';

/** A docker CLI whose `buildx inspect` and `version` answer as given. */
function docker(buildx: boolean, engine: boolean): Exec {
  return (_file, args) =>
    Promise.resolve(
      args[0] === 'buildx'
        ? buildx
          ? { exitCode: 0, stdout: 'Name: default\nDriver: docker\n', stderr: '' }
          : { exitCode: 1, stdout: '', stderr: "docker: 'buildx' is not a docker command." }
        : engine
          ? { exitCode: 0, stdout: '20.10.24\n', stderr: '' }
          : { exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon' },
    );
}

describe('chooseBuilder', () => {
  it.each<[string, boolean, boolean, string]>([
    ['auto', true, true, 'buildx'],
    ['auto', false, true, 'docker'],
    ['docker', true, true, 'docker'],
    ['docker', false, true, 'docker'],
    ['noop', true, true, 'noop'],
  ])('%s with buildx %s, engine %s → %s', async (requested, buildx, engine, kind) => {
    const choice = await chooseBuilder(
      requested as 'auto' | 'docker' | 'noop',
      docker(buildx, engine),
      {},
    );
    expect(choice.kind).toBe(kind);
  });

  it('an explicit docker builder with no engine is an error naming the cause', async () => {
    await expect(chooseBuilder('docker', docker(true, false), {})).rejects.toThrow(
      /builder 'docker' was requested but the Docker engine does not answer: Cannot connect/,
    );
  });
});
