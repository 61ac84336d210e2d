import { describe, expect, it } from 'vitest';
import { secretsFromEnvironment } from '../../../src/cli/main.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';

const environment: PythonEnvironment = {
  kind: 'requirements',
  reason: 'requirements.txt found',
  files: ['requirements.txt'],
  python: { version: '3.11', source: 'default' },
  install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
  extraIndexUrls: [],
  dropped: [],
};

/** Secrets reach the CLI through its environment (or stdin), never only through argv. */
const INDEX = 'https://ci:tok3n@pypi.corp.example/simple';

describe('secrets from the environment', () => {
  it('fills inputs no flag gave, and lets a flag win', () => {
    const values: Record<string, string> = { username: 'flag-user' };
    const warnings = secretsFromEnvironment(values, {
      LAUNCH_ACTION_PASSWORD: 'pw-from-env',
      LAUNCH_ACTION_USERNAME: 'env-user',
      LAUNCH_ACTION_PIP_INDEX_URL: INDEX,
      LAUNCH_ACTION_PIP_EXTRA_INDEX_URL: 'https://a.example/simple\nhttps://b.example/simple',
    });
    expect(values).toEqual({
      username: 'flag-user',
      password: 'pw-from-env',
      'pip-index-url': INDEX,
      'pip-extra-index-url': 'https://a.example/simple\nhttps://b.example/simple',
    });
    expect(warnings).toEqual([]);
  });

  it('warns when an index URL with credentials is on the command line', () => {
    const warnings = secretsFromEnvironment({ 'pip-index-url': INDEX }, {});
    expect(warnings).toEqual([expect.stringContaining('LAUNCH_ACTION_PIP_INDEX_URL')]);
    expect(warnings[0]).not.toContain('tok3n');
  });

  it('the index from LAUNCH_ACTION_PIP_INDEX_URL reaches the plan (refused with the classic builder)', () => {
    const values: Record<string, string> = {};
    secretsFromEnvironment(values, { LAUNCH_ACTION_PIP_INDEX_URL: INDEX });
    const inputs = readCoreInputs(new InputReader(mapInputSource(values)));
    expect(inputs.pipIndexUrl).toBe(INDEX);
    expect(() =>
      planDockerfile(inputs, environment, new Set(['train.py']), undefined, false),
    ).toThrow(/Input 'pip-index-url' has an invalid value "pypi\.corp\.example"/);
  });
});
