import { execFileSync } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/platform/errors.js';
import { pythonRoute, baseDistribution } from '../../../src/plan/base-python.js';
import { planDockerfile } from '../../../src/plan/dockerfile-plan.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import type { PythonEnvironment } from '../../../src/environment/types.js';

const GOLDEN = path.join(import.meta.dirname, '..', 'dockerfile', 'golden', 'accelerator-python');
const update = process.env.UPDATE_GOLDEN === '1';

const BASES = {
  'ubuntu20.04': 'nvidia/cuda:12.2.2-runtime-ubuntu20.04',
  'ubuntu22.04': 'nvidia/cuda:12.4.1-runtime-ubuntu22.04',
  'ubuntu24.04': 'nvidia/cuda:12.6.3-cudnn-runtime-ubuntu24.04',
  bullseye: 'rocm/dev-debian-bullseye:6.0',
  bookworm: 'local/debian-nopython:bookworm',
  unnamed: 'nvcr.io/nvidia/pytorch:24.05-py3',
} as const;

// Which route each base family gets for each supported minor.
const APT: Record<keyof typeof BASES, number[]> = {
  'ubuntu20.04': [8, 9],
  'ubuntu22.04': [10],
  'ubuntu24.04': [12],
  bullseye: [9],
  bookworm: [11],
  unnamed: [],
};

describe('pythonRoute (base family × Python)', () => {
  const rows = Object.entries(BASES).flatMap(([family, image]) =>
    [8, 9, 10, 11, 12, 13, 14].map((minor) => [family, image, minor] as const),
  );
  it.each(rows)('%s: Python 3.%d', (family, image, minor) => {
    const expected =
      family === 'unnamed'
        ? 'apt-or-standalone'
        : APT[family as keyof typeof BASES].includes(minor)
          ? 'apt'
          : 'standalone';
    expect(pythonRoute(image, `3.${minor}`).route).toBe(expected);
  });

  it('knows the glibc of the bases it names', () => {
    expect(baseDistribution(BASES['ubuntu20.04'])?.glibc).toEqual([2, 31]);
    expect(baseDistribution('debian:12-slim')?.name).toBe('Debian 12');
    expect(baseDistribution('ubuntu:jammy')?.name).toBe('Ubuntu 22.04');
    expect(baseDistribution(BASES.unnamed)).toBeUndefined();
  });

  it.each([
    'nvidia/cuda:12.4.1-runtime-ubi9',
    'nvidia/cuda:12.4.1-runtime-rockylinux9',
    'alpine:3.20',
    'amazonlinux:2023',
  ])('refuses %s before anything is built', (image) => {
    const error = (() => {
      try {
        pythonRoute(image, '3.11');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('accelerator-base-image');
    expect((error as Error).message).toContain(image);
    expect((error as Error).message).toContain('Debian/Ubuntu');
  });
});

const environment = (version: string): PythonEnvironment => ({
  kind: 'requirements',
  reason: 'requirements.txt found',
  files: ['requirements.txt'],
  python: { version, source: 'python-version input' },
  install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
  extraIndexUrls: [],
  dropped: [],
});

describe('accelerator base Dockerfiles (golden files)', () => {
  const cases: [string, keyof typeof BASES, string, boolean][] = [
    ['ubuntu20.04-3.9-apt', 'ubuntu20.04', '3.9', true],
    ['ubuntu20.04-3.11-standalone', 'ubuntu20.04', '3.11', true],
    ['ubuntu22.04-3.10-apt', 'ubuntu22.04', '3.10', true],
    ['ubuntu22.04-3.11-standalone', 'ubuntu22.04', '3.11', true],
    ['ubuntu24.04-3.12-apt', 'ubuntu24.04', '3.12', true],
    ['ubuntu24.04-3.10-standalone', 'ubuntu24.04', '3.10', true],
    ['bookworm-3.11-apt', 'bookworm', '3.11', true],
    ['bookworm-3.13-standalone', 'bookworm', '3.13', true],
    ['unnamed-3.11-apt-or-standalone', 'unnamed', '3.11', true],
    ['ubuntu22.04-3.12-standalone-classic-builder', 'ubuntu22.04', '3.12', false],
  ];
  it.each(cases)('%s', async (name, family, version, buildkit) => {
    const inputs = readCoreInputs(
      new InputReader(mapInputSource({ 'accelerator-base-image': BASES[family] })),
    );
    const plan = planDockerfile(
      inputs,
      environment(version),
      new Set(['train.py', 'requirements.txt']),
      undefined,
      buildkit,
    );
    const file = path.join(GOLDEN, `${name}.Dockerfile`);
    if (update) {
      await mkdir(GOLDEN, { recursive: true });
      await writeFile(file, plan.dockerfile);
    }
    expect(plan.dockerfile).toBe(await readFile(file, 'utf8'));
    // Every RUN command is valid sh (what the build's /bin/sh -c would parse).
    for (const command of runCommands(plan.dockerfile)) {
      expect(() => execFileSync('sh', ['-n', '-c', command])).not.toThrow();
    }
  });
});

/** The shell text of each RUN instruction (continuations joined, BuildKit flags removed). */
function runCommands(dockerfile: string): string[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter((line) => line.startsWith('RUN '))
    .map((line) => line.slice(4).replace(/^(?:--mount=\S+\s+)+/, ''));
}
