import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heavyPins } from '../../../src/environment/heavy.js';
import {
  renderDockerfile,
  shellQuote,
  type DockerfileSpec,
} from '../../../src/dockerfile/render.js';

const GOLDEN = path.join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

const base: DockerfileSpec = {
  baseImage: 'python:3.11-slim',
  installPythonWithApt: false,
  pythonVersion: '3.11',
  installer: 'pip',
  install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
  extraIndexUrls: [],
  privateIndex: false,
  aptPackages: [],
  env: [],
  buildArgNames: [],
  entrypoint: ['python', 'train.py'],
  buildkit: true,
  description: 'Environment: requirements (requirements.txt), Python 3.11 (default).',
};

const cases: [string, DockerfileSpec][] = [
  ['requirements', base],
  [
    'requirements-includes-apt-env-args',
    {
      ...base,
      install: {
        kind: 'requirements-file',
        file: 'requirements/base.txt',
        alsoCopy: ['requirements/constraints.txt', 'extra.txt'],
      },
      aptPackages: ['git', 'libgl1'],
      env: [
        ['WANDB_MODE', 'offline'],
        ['QUOTED', 'a "b" $HOME \\'],
      ],
      buildArgNames: ['VERSION'],
      privateIndex: true,
    },
  ],
  [
    'accelerator',
    {
      ...base,
      baseImage: 'nvidia/cuda:12.4.1-runtime-ubuntu22.04',
      installPythonWithApt: true,
      pythonVersion: '3.10',
    },
  ],
  [
    'frozen-lines-no-deps',
    {
      ...base,
      install: {
        kind: 'requirement-lines',
        lines: ['numpy==1.26.4', 'torch==2.3.1+cu121', "it's==1"],
        noDeps: true,
      },
      extraIndexUrls: ['https://download.pytorch.org/whl/cu121'],
    },
  ],
  ['uv-requirements', { ...base, installer: 'uv', privateIndex: true }],
  ['uv-lock', { ...base, install: { kind: 'uv-lock', files: ['pyproject.toml', 'uv.lock'] } }],
  [
    'conda',
    { ...base, install: { kind: 'conda', file: 'environment.yml', pipLines: ['wandb==0.17.0'] } },
  ],
  [
    'conda-private-index',
    {
      ...base,
      install: { kind: 'conda', file: 'environment.yml', pipLines: ['internal-tools==1.2'] },
      privateIndex: true,
    },
  ],
  [
    'uv-lock-extras-groups',
    {
      ...base,
      installer: 'uv',
      install: {
        kind: 'uv-lock',
        files: ['pyproject.toml', 'uv.lock'],
        extras: ['train'],
        groups: ['dev', 'eval'],
      },
      project: {
        targets: [
          {
            path: '.',
            reason: 'pyproject.toml [build-system] at the context root',
            backend: 'hatchling.build',
            buildRequires: ['hatchling'],
            dependencies: [],
            scripts: [],
            explicit: false,
          },
        ],
        buildRequires: ['hatchling'],
        dependencies: [],
      },
    },
  ],
  ['classic-builder', { ...base, buildkit: false, aptPackages: ['curl'] }],
  [
    'heavy-pins-file',
    {
      ...base,
      install: {
        kind: 'requirements-file',
        file: 'requirements.txt',
        alsoCopy: [],
        heavy: heavyPins(
          '--extra-index-url https://download.pytorch.org/whl/cu121\n' +
            'torch==2.3.1+cu121\nnumpy==1.26.4\n' +
            'nvidia-cudnn-cu12==8.9.2.26 ; platform_system == "Linux"\n',
        )!,
      },
    },
  ],
  [
    'heavy-pins-hashed-uv',
    {
      ...base,
      installer: 'uv',
      install: {
        kind: 'requirements-file',
        file: 'requirements.txt',
        alsoCopy: [],
        heavy: heavyPins(
          'jax==0.4.30 \\\n    --hash=sha256:aa\njaxlib==0.4.30 --hash=sha256:bb\ntqdm==4.66.4 --hash=sha256:cc\n',
        )!,
      },
    },
  ],
  [
    'heavy-pins-lines',
    {
      ...base,
      install: {
        kind: 'requirement-lines',
        lines: ['torch==2.3.1', 'torchvision==0.18.1', 'tqdm>=4', 'xformers>=0.0.26'],
        noDeps: false,
      },
    },
  ],
  ['nothing-no-entrypoint', { ...base, install: { kind: 'nothing' }, entrypoint: [] }],
];

describe('renderDockerfile (golden files)', () => {
  it.each(cases)('%s', async (name, spec) => {
    const text = renderDockerfile(spec);
    const file = path.join(GOLDEN, `${name}.Dockerfile`);
    if (update) {
      await mkdir(GOLDEN, { recursive: true });
      await writeFile(file, text);
    }
    expect(text).toBe(await readFile(file, 'utf8'));
  });

  it('is deterministic', () => {
    for (const [, spec] of cases)
      expect(renderDockerfile(spec)).toBe(renderDockerfile({ ...spec }));
  });

  it('installs dependencies before the code is copied, and switches to the non-root user', () => {
    const text = renderDockerfile(base);
    expect(text.indexOf('pip install')).toBeLessThan(text.indexOf('COPY --chown=1000:0 . '));
    expect(text).toMatch(/USER 1000:0\nENTRYPOINT/);
  });

  it('never puts the private index in the text: it is a secret mount', () => {
    const text = renderDockerfile({ ...base, privateIndex: true });
    expect(text).toContain('--mount=type=secret,id=launch-pip-conf,target=/etc/pip.conf');
    expect(text).not.toMatch(/index-url\s*=|PIP_INDEX_URL/);
  });

  it('quotes words for sh', () => {
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });
});
