import { describe, expect, it } from 'vitest';
import { detectEnvironment, type EnvironmentOptions } from '../../../src/environment/detect.js';
import { projectAt, setupPyInstallRequires } from '../../../src/environment/project.js';
import { inferSystemPackages, parseAptTxt } from '../../../src/environment/system-packages.js';
import { FileError } from '../../../src/platform/errors.js';
import { decodeText } from '../../../src/environment/python-version.js';

const options = (overrides: Partial<EnvironmentOptions> = {}): EnvironmentOptions => ({
  freezeLocalEnv: false,
  allowEmpty: false,
  ...overrides,
});
const detect = (files: Record<string, string>, overrides: Partial<EnvironmentOptions> = {}) =>
  detectEnvironment({ files: new Map(Object.entries(files)) }, options(overrides));

const SETUPTOOLS_PYPROJECT =
  '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n';

describe('projectAt: is a folder an installable package', () => {
  it.each([
    ['only tool settings', { 'pyproject.toml': '[tool.black]\nline-length = 100\n' }, undefined],
    ['nothing', {}, undefined],
    [
      'setup.py without pyproject (setuptools fallback)',
      { 'setup.py': 'from setuptools import setup\nsetup(name="a")\n' },
      {
        backend: 'setuptools.build_meta:__legacy__',
        buildRequires: ['setuptools>=40.8.0', 'wheel'],
      },
    ],
    [
      'hatchling',
      {
        'pyproject.toml':
          '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "a"\nversion = "1"\n',
      },
      { backend: 'hatchling.build', buildRequires: ['hatchling', 'editables~=0.3'] },
    ],
    [
      'pdm-backend',
      {
        'pyproject.toml':
          '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n[project]\nname = "a"\nversion = "1"\n',
      },
      { backend: 'pdm.backend', buildRequires: ['pdm-backend'] },
    ],
  ])('%s', (_name, files, expected) => {
    const found = projectAt(new Map(Object.entries(files)), '.');
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });

  it('reads console scripts from every declaration style', () => {
    const files = new Map(
      Object.entries({
        'pyproject.toml': `${SETUPTOOLS_PYPROJECT}[project]\nname = "a"\nversion = "1"\n[project.scripts]\na-train = "a:main"\n[tool.poetry.scripts]\na-poetry = "a:main"\n`,
        'setup.cfg': '[options.entry_points]\nconsole_scripts =\n    a-cfg = a:main\n',
        'setup.py': 'setup(entry_points={"console_scripts": ["a-py=a:main", "a-two = a:two"]})\n',
      }),
    );
    expect(projectAt(files, '.')?.scripts).toEqual([
      'a-train',
      'a-poetry',
      'a-cfg',
      'a-py',
      'a-two',
    ]);
  });

  it('takes extras of a `-e .[extra]` line from optional-dependencies', () => {
    const files = new Map([
      [
        'pyproject.toml',
        `${SETUPTOOLS_PYPROJECT}[project]\nname = "a"\nversion = "1"\ndependencies = ["numpy"]\n[project.optional-dependencies]\ntrain = ["wandb"]\n`,
      ],
    ]);
    expect(projectAt(files, '.', ['train'])?.dependencies).toEqual(['numpy', 'wandb']);
  });

  it('calls dynamic dependencies unknown (pip resolves them after the code copy)', () => {
    const files = new Map([
      [
        'pyproject.toml',
        `${SETUPTOOLS_PYPROJECT}[project]\nname = "a"\nversion = "1"\ndynamic = ["dependencies"]\n`,
      ],
    ]);
    expect(projectAt(files, '.')?.dependencies).toBeUndefined();
  });
});

describe('setup.py install_requires', () => {
  it.each([
    ['setup(install_requires=["numpy>=1.2", \'tqdm\'])', ['numpy>=1.2', 'tqdm']],
    ['setup(\n  install_requires=[\n    "numpy",  # arrays\n  ],\n)', ['numpy']],
    ['setup(name="a")', []],
    ['setup(install_requires=open("requirements.txt").read().splitlines())', undefined],
    ['REQS = ["a"]\nsetup(install_requires=REQS)', undefined],
    ['setup(install_requires=["a"] + extra)', undefined],
  ])('%s', (text, expected) => {
    expect(setupPyInstallRequires(text)).toEqual(expected);
  });
});

describe('detection with the project', () => {
  it('maps `-e .` in requirements.txt to the project layer and takes the line out of the dependency file', () => {
    const environment = detect({
      'requirements.txt': 'numpy==1.26.4\n-e .\n',
      'setup.py': 'from setuptools import setup\nsetup(name="a", install_requires=["tqdm"])\n',
    });
    expect(environment.install).toEqual({
      kind: 'requirements-file',
      file: 'requirements.txt',
      alsoCopy: [],
      rewritten: { 'requirements.txt': 'numpy==1.26.4\n' },
    });
    expect(environment.project?.targets).toMatchObject([
      { path: '.', explicit: true, dependencies: ['tqdm'] },
    ]);
    expect(environment.project?.buildRequires).toEqual(['setuptools>=40.8.0', 'wheel']);
  });

  it('keeps `-e git+https://…#egg=name` as a remote requirement and adds git', () => {
    const environment = detect({
      'requirements.txt': '-e git+https://example.invalid/o/r.git#egg=r\n',
    });
    expect(environment.install).toEqual({
      kind: 'requirements-file',
      file: 'requirements.txt',
      alsoCopy: [],
    });
    expect(environment.systemPackages?.map((item) => item.name)).toEqual(['git']);
  });

  it('refuses a local folder that is not a package, naming the line', () => {
    expect(() => detect({ 'requirements.txt': '-e ./vendor/lib\n' })).toThrow(FileError);
  });

  it('uses setup.py install_requires when no other file lists dependencies', () => {
    const environment = detect({
      'setup.py': 'setup(name="a", install_requires=["numpy"], python_requires=">=3.8")\n',
    });
    expect(environment.kind).toBe('project');
    expect(environment.project?.dependencies).toEqual(['numpy']);
    expect(environment.project?.targets[0]?.explicit).toBe(true);
  });

  it('a [project] table without dependencies falls through to the next source', () => {
    const environment = detect({
      'pyproject.toml': '[project]\nname = "a"\nversion = "1"\n',
      'requirements.frozen.txt': 'numpy==1.26.4\n',
    });
    expect(environment.kind).toBe('frozen');
  });

  it('installs the root package after a lock without re-resolving its dependencies', () => {
    const environment = detect({
      'pyproject.toml': `${SETUPTOOLS_PYPROJECT}[project]\nname = "a"\nversion = "1"\ndependencies = ["numpy"]\n`,
    });
    expect(environment.kind).toBe('pyproject');
    expect(environment.project?.targets[0]).toMatchObject({ path: '.', dependencies: [] });
    expect(environment.project?.buildRequires).toEqual(['setuptools>=61', 'wheel']);
  });

  it('infer-system-packages: false adds nothing', () => {
    const environment = detect(
      { 'requirements.txt': 'opencv-python\n', 'apt.txt': 'jq\n' },
      { inferSystemPackages: false },
    );
    expect(environment.systemPackages).toBeUndefined();
  });
});

describe('system packages', () => {
  it('maps requirement names and git URLs to Debian packages with reasons', () => {
    const packages = inferSystemPackages({
      names: ['Torch', 'opencv_python', 'soundfile'],
      urls: ['git+https://example.invalid/r.git'],
    });
    expect(packages.map((item) => item.name)).toEqual([
      'git',
      'gcc',
      'libc6-dev',
      'python3-dev',
      'libgl1',
      'libglib2.0-0',
      'libsndfile1',
    ]);
    expect(packages.find((item) => item.name === 'gcc')?.reason).toContain('torch.compile');
  });

  it('reads apt.txt: one package a line, comments and junk skipped', () => {
    expect(parseAptTxt('# tools\njq\n\nlibsm6  # x\n$(reboot)\n')).toEqual(['jq', 'libsm6']);
  });
});

describe('decodeText', () => {
  it('reads UTF-16 (either byte order) and UTF-8 with a BOM', () => {
    const text = 'numpy==1.26.4\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(decodeText(le)).toBe(text);
    expect(decodeText(be)).toBe(text);
    expect(decodeText(Buffer.from(`\uFEFF${text}`))).toBe(text);
  });
});
