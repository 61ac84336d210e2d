import { describe, expect, it } from 'vitest';
import type { PythonEnvironment } from '../../../src/environment/types.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';
import { InputError } from '../../../src/platform/errors.js';

/**
 * A private package index reaches pip only as a BuildKit secret. The classic builder has none, so
 * a build there is refused before anything is built (never a silent fall back to the public
 * index); the conda stage mounts the same secret for the environment's pip section.
 */
const requirements: PythonEnvironment = {
  kind: 'requirements',
  reason: 'requirements.txt found',
  files: ['requirements.txt'],
  python: { version: '3.11', source: 'default' },
  install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
  extraIndexUrls: [],
  dropped: [],
};
const conda: PythonEnvironment = {
  ...requirements,
  kind: 'conda',
  files: ['environment.yml'],
  install: { kind: 'conda', file: 'environment.yml', pipLines: [] },
};
const inputs = (values: Record<string, string>) =>
  readCoreInputs(new InputReader(mapInputSource(values)));
const files = new Set(['train.py', 'requirements.txt', 'environment.yml']);
const INDEX = 'https://ci-user:s3cret-token@pypi.corp.example/simple';

function refusal(values: Record<string, string>, environment = requirements): InputError {
  try {
    planDockerfile(inputs(values), environment, files, undefined, false);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('the classic builder plan was accepted');
}

describe('a private index and the classic builder', () => {
  it.each([
    [{ 'pip-index-url': INDEX }, 'pip-index-url', requirements],
    [{ 'pip-extra-index-url': INDEX }, 'pip-extra-index-url', requirements],
    [{ 'pip-index-url': INDEX }, 'pip-index-url', conda],
  ])('%j is refused before building, naming %s and the host only', (values, input, env) => {
    const error = refusal(values, env);
    expect(error.input).toBe(input);
    expect(error.value).toBe('pypi.corp.example');
    expect(error.message).toContain('classic builder');
    expect(error.message).toContain('public index');
    expect(error.message).toContain('builder: buildx');
    expect(error.message).not.toContain('s3cret-token');
    expect(error.message).not.toContain('ci-user');
  });

  it('plans as before without a private index, or with BuildKit', () => {
    expect(planDockerfile(inputs({}), requirements, files, undefined, false).origin).toBe(
      'generated',
    );
    const buildkit = planDockerfile(
      inputs({ 'pip-index-url': INDEX }),
      requirements,
      files,
      undefined,
      true,
    );
    expect(buildkit.dockerfile).toContain(
      '--mount=type=secret,id=launch-pip-conf,target=/etc/pip.conf',
    );
    expect(buildkit.dockerfile).not.toContain('pypi.corp.example');
  });

  it('mounts the index secret where the conda environment installs its pip section', () => {
    const plan = planDockerfile(inputs({ 'pip-index-url': INDEX }), conda, files, undefined, true);
    const micromamba = plan.dockerfile
      .split('\n')
      .find((line) => line.includes('micromamba create'));
    expect(micromamba).toContain('--mount=type=secret,id=launch-pip-conf,target=/etc/pip.conf');
    expect(plan.dockerfile).not.toContain('pypi.corp.example');
  });
});
