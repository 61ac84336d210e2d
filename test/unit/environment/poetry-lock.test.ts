import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectEnvironment, type EnvironmentOptions } from '../../../src/environment/detect.js';
import { InputError } from '../../../src/platform/errors.js';

const FIXTURES = new URL('../../fixtures/poetry-markers/', import.meta.url);
const fixture = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');

function detect(options: Partial<EnvironmentOptions>, files?: Record<string, string>) {
  const snapshot = {
    files: new Map(
      Object.entries(
        files ?? {
          'pyproject.toml': fixture('pyproject.toml'),
          'poetry.lock': fixture('poetry.lock'),
        },
      ),
    ),
  };
  return detectEnvironment(snapshot, { freezeLocalEnv: false, allowEmpty: false, ...options });
}

function lines(options: Partial<EnvironmentOptions>): string[] {
  const environment = detect(options);
  if (environment.install.kind !== 'poetry-lock') throw new Error(environment.install.kind);
  return environment.install.lines;
}

/** A Poetry 1.7 lock (no groups, no category, no package markers): markers live on the links. */
describe('poetry.lock 1.5–1.8: links evaluated for the target', () => {
  it.each([
    {
      target: 'Python 3.11 on linux/amd64',
      options: { pythonVersion: '3.11', platforms: ['linux/amd64'] },
      expected: ['numpy==1.26.4', 'nvidia-nccl-cu12==2.18.1', 'tqdm==4.66.1'],
    },
    {
      target: 'Python 3.8 on linux/amd64',
      options: { pythonVersion: '3.8', platforms: ['linux/amd64'] },
      expected: ['numpy==1.24.4', 'nvidia-nccl-cu12==2.18.1', 'tqdm==4.66.1'],
    },
    {
      target: 'Python 3.11 on linux/arm64',
      options: { pythonVersion: '3.11', platforms: ['linux/arm64'] },
      expected: ['numpy==1.26.4', 'tqdm==4.66.1'],
    },
    {
      target: 'both architectures: pip decides the machine marker per platform',
      options: { pythonVersion: '3.11', platforms: ['linux/amd64', 'linux/arm64'] },
      expected: [
        'numpy==1.26.4',
        "nvidia-nccl-cu12==2.18.1 ; (platform_machine == 'x86_64')",
        'tqdm==4.66.1',
      ],
    },
    {
      target: 'the extra: wandb and what it reaches on 3.9 (typing-extensions < 3.10)',
      options: { pythonVersion: '3.9', extras: ['tracking'] },
      expected: [
        'click==8.1.7',
        'numpy==1.26.4',
        'nvidia-nccl-cu12==2.18.1',
        'tqdm==4.66.1',
        'wandb==0.16.2',
        'typing-extensions==4.9.0',
      ],
    },
    {
      target: 'the dev group on 3.10: pytest and exceptiongroup (< 3.11), no colorama (win32)',
      options: { pythonVersion: '3.10', dependencyGroups: ['dev'] },
      expected: [
        'exceptiongroup==1.2.0',
        'numpy==1.26.4',
        'nvidia-nccl-cu12==2.18.1',
        'pytest==7.4.4',
        'tqdm==4.66.1',
      ],
    },
  ])('$target', ({ options, expected }) => {
    expect(lines(options)).toEqual(expected);
  });

  it('never installs the Windows-only pins, and says what it left out', () => {
    const environment = detect({ pythonVersion: '3.11' });
    const all = JSON.stringify(environment.install);
    expect(all).not.toContain('pywin32');
    expect(all).not.toContain('colorama');
    expect(environment.reason).toContain('for Linux x86_64, Python 3.11');
    expect(environment.reason).toContain('numpy 1.24.4');
    expect(environment.reason).toContain('pywin32 306');
  });

  it('the Python of the pyproject constraint is the target when no input sets one', () => {
    const environment = detect({});
    expect(environment.python.version).toBe('3.11');
    expect(lines({})).toContain('numpy==1.26.4');
  });

  it('a Poetry 2 lock: package markers decided for the target, two versions split by them', () => {
    const lock = [
      '[[package]]',
      'name = "numpy"',
      'version = "1.24.4"',
      'groups = ["main"]',
      'markers = "python_version < \\"3.9\\""',
      '',
      '[[package]]',
      'name = "numpy"',
      'version = "1.26.4"',
      'groups = ["main"]',
      'markers = "python_version >= \\"3.9\\""',
      '',
      '[[package]]',
      'name = "pywin32"',
      'version = "306"',
      'groups = ["main"]',
      'markers = "sys_platform == \\"win32\\""',
      '',
      '[[package]]',
      'name = "ruff"',
      'version = "0.4.0"',
      'groups = ["lint"]',
      '',
    ].join('\n');
    const pyproject = [
      '[project]',
      'name = "x"',
      'version = "1"',
      'requires-python = ">=3.8"',
      'dependencies = ["numpy>=1.24", "pywin32; sys_platform == \'win32\'"]',
      '',
      '[tool.poetry.group.lint.dependencies]',
      'ruff = "^0.4"',
    ].join('\n');
    const files = { 'pyproject.toml': pyproject, 'poetry.lock': lock };
    const at = (options: Partial<EnvironmentOptions>) => {
      const install = detect(options, files).install;
      return install.kind === 'poetry-lock' ? install.lines : [];
    };
    expect(at({ pythonVersion: '3.8' })).toEqual(['numpy==1.24.4']);
    expect(at({ pythonVersion: '3.12' })).toEqual(['numpy==1.26.4']);
    expect(at({ pythonVersion: '3.12', dependencyGroups: ['lint'] })).toEqual([
      'numpy==1.26.4',
      'ruff==0.4.0',
    ]);
  });
});

describe('extras and dependency-groups inputs', () => {
  it('an undeclared name fails before building, naming the input, the value and the declared names', () => {
    expect(() => detect({ extras: ['trackin'] })).toThrow(InputError);
    expect(() => detect({ extras: ['trackin'] })).toThrow(
      /Input 'extras' has an invalid value "trackin": the project \(pyproject.toml\) declares no extra named 'trackin'; it declares: tracking/,
    );
    expect(() => detect({ dependencyGroups: ['docs'] })).toThrow(
      /Input 'dependency-groups' has an invalid value "docs": .*declares no dependency group named 'docs'; it declares: dev/,
    );
  });

  it('names compare normalised (PEP 685)', () => {
    expect(lines({ extras: ['Tracking'] })).toContain('wandb==0.16.2');
  });

  const pep621 = (extra: string) =>
    [
      '[project]',
      'name = "vision-lab"',
      'version = "0.1.0"',
      'dependencies = ["numpy"]',
      '',
      '[project.optional-dependencies]',
      'train = ["torch>=2"]',
      `eval = ["vision-lab[train]", "scipy"]${extra}`,
      '',
      '[dependency-groups]',
      'test = ["pytest>=8"]',
      'dev = [{include-group = "test"}, "ruff"]',
    ].join('\n');

  it('PEP 621 optional-dependencies and PEP 735 groups (include-group) join the list', () => {
    const environment = detect(
      { extras: ['train'], dependencyGroups: ['dev'] },
      { 'pyproject.toml': pep621('') },
    );
    expect(environment.install).toEqual({
      kind: 'requirement-lines',
      lines: ['numpy', 'torch>=2', 'pytest>=8', 'ruff'],
      noDeps: false,
    });
  });

  it('uv: extras and groups reach both uv sync phases', () => {
    const environment = detect(
      { extras: ['eval'], dependencyGroups: ['test'] },
      { 'pyproject.toml': pep621(''), 'uv.lock': 'version = 1\n' },
    );
    expect(environment.install).toEqual({
      kind: 'uv-lock',
      files: ['pyproject.toml', 'uv.lock'],
      extras: ['eval'],
      groups: ['test'],
    });
  });

  it('setup.py extras_require: the package is installed with the extra', () => {
    const setupPy = [
      'from setuptools import setup',
      'setup(name="detlite", install_requires=["numpy"],',
      '      extras_require={"coco": ["pycocotools>=2"], "viz": ["matplotlib"]})',
    ].join('\n');
    const environment = detect({ extras: ['coco'] }, { 'setup.py': setupPy });
    expect(environment.project?.targets[0]).toMatchObject({ path: '.', extras: ['coco'] });
    expect(() => detect({ extras: ['cocoo'] }, { 'setup.py': setupPy })).toThrow(
      /declares no extra named 'cocoo'; it declares: coco, viz/,
    );
  });

  it('a requirements.txt without a package: groups cannot land anywhere', () => {
    expect(() => detect({ extras: ['x'] }, { 'requirements.txt': 'numpy\n' })).toThrow(
      /the context \(no pyproject.toml, setup.py or setup.cfg\) declares no extra named 'x'; it declares no extra at all/,
    );
  });
});
