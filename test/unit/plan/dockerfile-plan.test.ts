import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';
import { chooseEntrypoint } from '../../../src/plan/entrypoint.js';

const environment: PythonEnvironment = {
  kind: 'requirements',
  reason: 'requirements.txt found',
  files: ['requirements.txt'],
  python: { version: '3.12', source: '.python-version' },
  install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
  extraIndexUrls: [],
  dropped: [],
};
const inputs = (values: Record<string, string>) =>
  readCoreInputs(new InputReader(mapInputSource(values)));
const files = new Set(['train.py', 'requirements.txt']);

describe('planDockerfile', () => {
  it('defaults to the official slim image of the detected Python', () => {
    const plan = planDockerfile(inputs({}), environment, files, undefined, true);
    expect(plan.origin).toBe('generated');
    expect(plan.baseImage).toBe('python:3.12-slim');
    expect(plan.dockerfile).toContain('FROM python:3.12-slim\n');
    expect(plan.entrypoint?.command).toEqual(['python', 'train.py']);
  });

  it('installs Python with apt on an accelerator image whose distribution ships it', () => {
    const plan = planDockerfile(
      inputs({ 'accelerator-base-image': 'nvidia/cuda:12.6.3-runtime-ubuntu24.04' }),
      environment,
      files,
      undefined,
      true,
    );
    expect(plan.baseImage).toBe('nvidia/cuda:12.6.3-runtime-ubuntu24.04');
    expect(plan.pythonRoute).toEqual({ route: 'apt', reason: 'Ubuntu 24.04 ships Python 3.12' });
    expect(plan.dockerfile).toContain('python3.12-venv');
    expect(plan.dockerfile).toContain('RUN python3.12 -m venv --system-site-packages /opt/venv');
  });

  it('installs a standalone CPython when the distribution does not ship the version', () => {
    const plan = planDockerfile(
      inputs({ 'accelerator-base-image': 'nvidia/cuda:12.4.1-runtime-ubuntu22.04' }),
      environment,
      files,
      undefined,
      true,
    );
    expect(plan.pythonRoute?.route).toBe('standalone');
    expect(plan.dockerfile).not.toContain('python3.12-venv');
    expect(plan.dockerfile).toContain('uv python install --install-dir /opt/python 3.12');
    expect(plan.dockerfile).toContain('RUN python3.12 -m venv --system-site-packages /opt/venv');
  });

  it("builds the user's Dockerfile as is", () => {
    const user = { path: 'Dockerfile', text: 'FROM python:3.11\nCOPY . /app\n' };
    const plan = planDockerfile(
      inputs({ dockerfile: 'Dockerfile' }),
      environment,
      new Set(),
      user,
      true,
    );
    expect(plan).toEqual({ dockerfile: user.text, origin: 'user', baseImage: 'python:3.11' });
  });

  it("puts the generated stages on top of the user's Dockerfile as parent", () => {
    const user = {
      path: 'docker/Dockerfile',
      text: 'FROM golang:1.22 AS tools\nRUN go build ./cmd/x\nFROM --platform=linux/amd64 python:3.11\nCOPY --from=tools /x /usr/bin/x\n',
    };
    const plan = planDockerfile(
      inputs({ dockerfile: 'docker/Dockerfile', 'dockerfile-mode': 'parent' }),
      environment,
      files,
      user,
      true,
    );
    expect(plan.origin).toBe('user-parent');
    expect(plan.baseImage).toBe('golang:1.22');
    expect(plan.dockerfile).toContain('FROM --platform=linux/amd64 python:3.11 AS launch-parent\n');
    expect(plan.dockerfile).toContain('\nFROM launch-parent\n');
    expect(plan.dockerfile.indexOf('FROM golang')).toBe(0);
  });

  it('refuses a build with no entrypoint, naming the input and what was looked for', () => {
    let error: unknown;
    try {
      planDockerfile(inputs({}), environment, new Set(['model.py']), undefined, true);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/Input 'entrypoint'.*train\.py, main\.py/s);
  });
});

describe('chooseEntrypoint', () => {
  it.each<[string[] | undefined, string[], string[] | undefined]>([
    [['python', 'src/fit.py'], ['train.py'], ['python', 'src/fit.py']],
    [undefined, ['main.py', 'train.py'], ['python', 'train.py']],
    [undefined, ['run.py', 'main.py'], ['python', 'main.py']],
    [undefined, ['src/train.py'], undefined],
  ])('input %j, files %j', (input, names, expected) => {
    expect(chooseEntrypoint(input, new Set(names))?.command).toEqual(expected);
  });
});
