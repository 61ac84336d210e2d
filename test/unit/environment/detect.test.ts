import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PYTHON_VERSION,
  detectEnvironment,
  type ContextSnapshot,
  type EnvironmentOptions,
} from '../../../src/environment/detect.js';
import { DROP_REASONS } from '../../../src/environment/frozen.js';
import { NoEnvironmentError } from '../../../src/environment/errors.js';
import { FileError, InputError } from '../../../src/platform/errors.js';

const FIXTURES = new URL('../../fixtures/environments/', import.meta.url);
const fixture = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');

function snapshot(files: Record<string, string>, localFreeze?: string): ContextSnapshot {
  const map = new Map(Object.entries(files));
  return localFreeze === undefined ? { files: map } : { files: map, localFreeze };
}

function options(overrides: Partial<EnvironmentOptions> = {}): EnvironmentOptions {
  return { freezeLocalEnv: false, allowEmpty: false, ...overrides };
}

/** Runs detection and returns the error it throws (the test fails if it does not throw). */
function failure(
  files: Record<string, string>,
  overrides: Partial<EnvironmentOptions> = {},
): Error {
  try {
    detectEnvironment(snapshot(files), options(overrides));
  } catch (error) {
    return error as Error;
  }
  throw new Error('detection did not fail');
}

const REQUIREMENTS = 'numpy==1.26.4\ntorch>=2.1\n';
const CONDA =
  'name: train\nchannels:\n  - conda-forge\ndependencies:\n  - python=3.10\n  - numpy=1.26\n';
const PYPROJECT = '[project]\nname = "x"\nversion = "0.1"\ndependencies = ["numpy>=1.26"]\n';
const FROZEN = 'numpy==1.26.4\nsix==1.16.0\n';

describe('detection order: each source beats the ones after it', () => {
  const all = {
    'requirements.txt': REQUIREMENTS,
    'environment.yml': CONDA,
    'environment.yaml': CONDA,
    'pyproject.toml': PYPROJECT,
    'requirements.frozen.txt': FROZEN,
    'reqs/train.txt': 'pandas==2.2.2\n',
    'frozen/cluster.txt': 'scipy==1.14.0\n',
  };
  const without = (...names: string[]) =>
    Object.fromEntries(Object.entries(all).filter(([name]) => !names.includes(name)));
  const everyInput = {
    frozenRequirements: 'frozen/cluster.txt',
    freezeLocalEnv: true,
  } satisfies Partial<EnvironmentOptions>;

  it.each([
    {
      name: "'requirements' input as a path",
      files: all,
      opts: { ...everyInput, requirements: 'reqs/train.txt' },
      kind: 'requirements',
      install: { kind: 'requirements-file', file: 'reqs/train.txt', alsoCopy: [] },
      files_: ['reqs/train.txt'],
      reason: "the 'requirements' input names reqs/train.txt",
    },
    {
      name: "'requirements' input inline",
      files: all,
      opts: { ...everyInput, requirements: 'einops==0.8.0\nsafetensors>=0.4' },
      kind: 'requirements',
      install: {
        kind: 'requirement-lines',
        lines: ['einops==0.8.0', 'safetensors>=0.4'],
        noDeps: false,
      },
      files_: [],
      reason: "the 'requirements' input holds an inline list of 2 lines",
    },
    {
      name: 'requirements.txt',
      files: all,
      opts: everyInput,
      kind: 'requirements',
      install: { kind: 'requirements-file', file: 'requirements.txt', alsoCopy: [] },
      files_: ['requirements.txt'],
      reason: "requirements.txt found in the context (no 'requirements' input)",
    },
    {
      name: 'environment.yml',
      files: without('requirements.txt'),
      opts: everyInput,
      kind: 'conda',
      install: { kind: 'conda', file: 'environment.yml', name: 'train', pipLines: [] },
      files_: ['environment.yml'],
      reason: 'environment.yml found in the context',
    },
    {
      name: 'environment.yaml',
      files: without('requirements.txt', 'environment.yml'),
      opts: everyInput,
      kind: 'conda',
      install: { kind: 'conda', file: 'environment.yaml', name: 'train', pipLines: [] },
      files_: ['environment.yaml'],
      reason: 'environment.yaml found in the context',
    },
    {
      name: 'pyproject.toml',
      files: without('requirements.txt', 'environment.yml', 'environment.yaml'),
      opts: everyInput,
      kind: 'pyproject',
      install: { kind: 'requirement-lines', lines: ['numpy>=1.26'], noDeps: false },
      files_: ['pyproject.toml'],
      reason: 'pyproject.toml declares dependencies',
    },
    {
      name: "'frozen-requirements' input as a path",
      files: without('requirements.txt', 'environment.yml', 'environment.yaml', 'pyproject.toml'),
      opts: everyInput,
      kind: 'frozen',
      install: { kind: 'requirement-lines', lines: ['scipy==1.14.0'], noDeps: true },
      files_: ['frozen/cluster.txt'],
      reason: "the 'frozen-requirements' input names frozen/cluster.txt",
    },
    {
      name: "'frozen-requirements' input inline",
      files: without('requirements.txt', 'environment.yml', 'environment.yaml', 'pyproject.toml'),
      opts: { frozenRequirements: 'attrs==23.2.0\nsix==1.16.0', freezeLocalEnv: true },
      kind: 'frozen',
      install: { kind: 'requirement-lines', lines: ['attrs==23.2.0', 'six==1.16.0'], noDeps: true },
      files_: [],
      reason: "the 'frozen-requirements' input holds an inline frozen list",
    },
    {
      name: 'requirements.frozen.txt',
      files: without('requirements.txt', 'environment.yml', 'environment.yaml', 'pyproject.toml'),
      opts: { freezeLocalEnv: true },
      kind: 'frozen',
      install: { kind: 'requirement-lines', lines: ['numpy==1.26.4', 'six==1.16.0'], noDeps: true },
      files_: ['requirements.frozen.txt'],
      reason: 'requirements.frozen.txt found in the context',
    },
    {
      name: 'pip freeze of the job',
      files: { 'reqs/train.txt': 'x' },
      opts: { freezeLocalEnv: true },
      kind: 'frozen',
      install: { kind: 'requirement-lines', lines: ['wheel-of-job==1.0'], noDeps: true },
      files_: [],
      reason: "pip freeze of the job's Python",
    },
    {
      name: 'nothing, allowed empty',
      files: { 'train.py': 'print(1)' },
      opts: { allowEmpty: true, freezeLocalEnv: false },
      kind: 'none',
      install: { kind: 'nothing' },
      files_: [],
      reason: 'allow-empty-environment is true',
    },
  ])('$name', ({ files, opts, kind, install, files_, reason }) => {
    const result = detectEnvironment(snapshot(files, 'wheel-of-job==1.0\n'), options(opts));
    expect(result.kind).toBe(kind);
    expect(result.install).toEqual(install);
    expect(result.files).toEqual(files_);
    expect(result.reason).toContain(reason);
  });

  it('a pyproject.toml with only tool settings does not count, and the next source is used', () => {
    const result = detectEnvironment(
      snapshot({
        'pyproject.toml': '[tool.ruff]\nline-length = 100\n',
        'requirements.frozen.txt': FROZEN,
      }),
      options(),
    );
    expect(result.kind).toBe('frozen');
  });

  it('a pyproject.toml with dynamic dependencies does not count either', () => {
    const dynamic = '[project]\nname = "x"\nversion = "1"\ndynamic = ["dependencies"]\n';
    const error = failure({ 'pyproject.toml': dynamic });
    expect(error).toBeInstanceOf(NoEnvironmentError);
    expect(error.message).toContain('pyproject.toml is present but declares no dependencies');
  });

  it('nothing found: the error lists every file looked for and every input that would help', () => {
    const error = failure({ 'train.py': 'print(1)' });
    expect(error).toBeInstanceOf(NoEnvironmentError);
    expect(error).not.toBeInstanceOf(FileError);
    for (const name of [
      'requirements.txt',
      'environment.yml',
      'environment.yaml',
      'pyproject.toml',
      'requirements.frozen.txt',
      "'requirements'",
      "'frozen-requirements'",
      "'freeze-local-env: true'",
      "'allow-empty-environment: true'",
    ]) {
      expect(error.message).toContain(name);
    }
  });

  it('freeze-local-env without the freeze output is a programming error, not a silent empty list', () => {
    expect(() => detectEnvironment(snapshot({}), options({ freezeLocalEnv: true }))).toThrow(
      /pip freeze output was not read/,
    );
  });
});

describe('the requirements input', () => {
  it('a missing file that plainly names a file is an InputError, not an inline list', () => {
    for (const value of ['requirements/train.txt', 'reqs.txt', 'deps/base.in']) {
      const error = failure({ 'requirements.txt': REQUIREMENTS }, { requirements: value });
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('requirements');
      expect(error.message).toContain(value);
      expect(error.message).toContain('not in the build context');
    }
  });

  it('a single requirement on one line is an inline list', () => {
    const result = detectEnvironment(snapshot({}), options({ requirements: 'torch==2.3.1' }));
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      lines: ['torch==2.3.1'],
      noDeps: false,
    });
  });

  it('a single URL requirement with slashes is an inline list, not a path', () => {
    const value = 'mylib @ https://example.com/a/../mylib-1.0-py3-none-any.whl';
    const result = detectEnvironment(snapshot({}), options({ requirements: value }));
    expect(result.install).toEqual({ kind: 'requirement-lines', lines: [value], noDeps: false });
  });

  it.each(['../outside.txt', '/etc/requirements.txt', 'reqs/../../x.txt'])(
    '%s leaves the context: InputError',
    (value) => {
      const error = failure({}, { requirements: value });
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('requirements');
    },
  );

  it('an invalid inline line is an InputError naming the input and the line', () => {
    const error = failure({}, { requirements: 'numpy\nscikit learn\n' });
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('requirements');
    expect((error as InputError).value).toBe('scikit learn');
    expect(error.message).toContain('line 2');
  });

  it('an inline list cannot include files', () => {
    const error = failure({}, { requirements: 'numpy\n-r other.txt' });
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain('give the file path as the input instead');
  });

  it('a file input follows its includes, relative to its own folder', () => {
    const files = {
      'reqs/train.txt': '-r base.txt\n-c ../constraints.txt\ntimm==1.0.7\n',
      'reqs/base.txt': 'numpy==1.26.4\n-r common/extra.txt\n',
      'reqs/common/extra.txt': 'rich\n',
      'constraints.txt': 'numpy<2\n',
    };
    const result = detectEnvironment(snapshot(files), options({ requirements: 'reqs/train.txt' }));
    expect(result.files).toEqual([
      'reqs/train.txt',
      'reqs/base.txt',
      'reqs/common/extra.txt',
      'constraints.txt',
    ]);
    expect(result.install).toEqual({
      kind: 'requirements-file',
      file: 'reqs/train.txt',
      alsoCopy: ['reqs/base.txt', 'reqs/common/extra.txt', 'constraints.txt'],
    });
  });

  it('include cycles terminate', () => {
    const files = {
      'requirements.txt': '-r a.txt\nsix\n',
      'a.txt': '-r requirements.txt\nattrs\n',
    };
    const result = detectEnvironment(snapshot(files), options());
    expect(result.files).toEqual(['requirements.txt', 'a.txt']);
  });
});

describe('requirement line validation', () => {
  it.each([
    'numpy==1.26.4',
    'torch>=2.1,<3',
    'requests ~= 2.31',
    'Django (>=4.2, <5)',
    'pkg[extra1,extra2]>=1.0; python_version<"3.12"',
    "flash-attn==2.5.8 ; platform_machine == 'x86_64' and sys_platform == 'linux'",
    'colorama; os_name == "nt" or (sys_platform == "win32" and python_version >= "3.8")',
    'tomli; python_version not in "3.11, 3.12"',
    'mylib @ https://example.com/mylib-1.0-py3-none-any.whl',
    'mylib @ git+https://github.com/org/mylib.git@v1.2 ; sys_platform == "linux"',
    'git+https://github.com/org/repo.git@main#egg=repo',
    'https://example.com/pkgs/tool-2.0.tar.gz',
    'numpy==1.26.*',
    'foo===1.0-weird',
    'numpy==1.26.4 --hash=sha256:abcdef0123 --hash sha256:0123abcdef',
    '-i https://pypi.org/simple',
    '--index-url=https://pypi.org/simple',
    '--extra-index-url https://download.pytorch.org/whl/cu121',
    '-f https://data.pyg.org/whl/torch-2.3.0+cu121.html',
    '--find-links=https://example.com/wheels',
    '--trusted-host example.com',
    '--pre',
    '--prefer-binary',
    '--only-binary :all:',
    '--no-binary=numpy',
    '--require-hashes',
    'numpy \\\n  ==1.26.4',
    'numpy==1.26.4  # pinned for the CUDA 12 image',
  ])('accepts %s', (line) => {
    const result = detectEnvironment(snapshot({ 'requirements.txt': `${line}\n` }), options());
    expect(result.kind).toBe('requirements');
  });

  it.each([
    { content: 'numpy==1.26.4\ntorch>=2.1,\n', line: 2, text: 'torch>=2.1,' },
    { content: 'numpy=1.26\n', line: 1, text: "single '=': pip needs '=='" },
    { content: 'numpy 1.26\n', line: 1, text: 'no version operator' },
    { content: '# comment\n\nscikit learn\n', line: 3, text: 'scikit learn' },
    { content: 'numpy \\\n  ==1.26.4\nbad line!\n', line: 3, text: 'bad line!' },
    { content: 'numpy==1.26.4.\n', line: 1, text: "'1.26.4.' is not a valid version" },
    { content: 'numpy>=1.*\n', line: 1, text: 'only allowed with == and !=' },
    { content: 'numpy; python_versio < "3.9"\n', line: 1, text: 'invalid marker' },
    { content: 'numpy[extra\n', line: 1, text: "no closing ']'" },
    { content: 'numpy --install-option=x\n', line: 1, text: "'--install-option=x' is not allowed" },
    { content: 'numpy --hash=md5\n', line: 1, text: 'is not a hash' },
    { content: '--index-url\n', line: 1, text: 'needs a value' },
    { content: '--no-deps\n', line: 1, text: "'--no-deps' is not an option allowed" },
    { content: 'mylib @ not-a-url\n', line: 1, text: 'is not a URL with a scheme' },
    { content: 'six\n-e .\n', line: 2, text: 'local path or an editable checkout' },
    { content: '-e git+https://github.com/o/r.git#egg=r\n', line: 1, text: 'editable' },
    { content: './vendor/mylib\n', line: 1, text: 'local path' },
    { content: 'vendor/mylib-1.0.tar.gz\n', line: 1, text: 'local path' },
    { content: 'mylib @ file:///opt/mylib\n', line: 1, text: 'local path' },
    { content: 'six\n-r missing.txt\n', line: 2, text: "includes 'missing.txt', which is not in" },
    { content: '-r ../outside.txt\n', line: 1, text: 'points outside the build context' },
    { content: '-r /etc/base.txt\n', line: 1, text: 'is an absolute path' },
  ])('rejects line $line of $content', ({ content, line, text }) => {
    const error = failure({ 'requirements.txt': content });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('requirements.txt');
    expect((error as FileError).line).toBe(line);
    expect(error.message).toContain(text);
  });

  it('Windows line endings and a byte-order mark do not shift line numbers', () => {
    const error = failure({
      'requirements.txt': '\uFEFFnumpy \\\r\n  ==1.26.4\r\ntorch>=2.1,\r\n',
    });
    expect((error as FileError).line).toBe(3);
    const result = detectEnvironment(
      snapshot({ 'requirements.txt': '\uFEFFnumpy==1.26.4\r\n', '.python-version': '3.12\r\n' }),
      options(),
    );
    expect(result.python).toEqual({ version: '3.12', source: '.python-version' });
  });

  it('an invalid line in an included file names that file and its line', () => {
    const error = failure({
      'requirements.txt': 'six\n-r deps/base.txt\n',
      'deps/base.txt': 'pandas\n\nnot/a valid line\n',
    });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('deps/base.txt');
    expect((error as FileError).line).toBe(3);
  });

  it("a requirement error says what is expected (e.g. 'numpy==1.26.4')", () => {
    expect(failure({ 'requirements.txt': 'numpy=1.26\n' }).message).toContain(
      "not a valid requirement (expected e.g. 'numpy==1.26.4'",
    );
  });
});

describe('PyTorch local-version pins get their wheel index', () => {
  it.each([
    { line: 'torch==2.3.1+cu121', index: ['https://download.pytorch.org/whl/cu121'] },
    { line: 'torch==2.3.1+cpu', index: ['https://download.pytorch.org/whl/cpu'] },
    { line: 'torch==2.3.1+rocm6.0', index: ['https://download.pytorch.org/whl/rocm6.0'] },
    { line: 'torch==2.3.1', index: [] },
    {
      line: '--extra-index-url https://download.pytorch.org/whl/cu121/\ntorch==2.3.1+cu121',
      index: [],
    },
  ])('$line', ({ line, index }) => {
    const result = detectEnvironment(snapshot({ 'requirements.txt': line }), options());
    expect(result.extraIndexUrls).toEqual(index);
  });
});

describe('frozen lists are sanitised', () => {
  const freeze = fixture('conda-freeze/pip-freeze.txt');

  it('a conda environment pip freeze: machine-local lines dropped and listed, CUDA pins get the index', () => {
    const result = detectEnvironment(snapshot({}, freeze), options({ freezeLocalEnv: true }));
    expect(result.kind).toBe('frozen');
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      noDeps: true,
      lines: [
        'absl-py==2.1.0',
        'certifi==2024.7.4',
        'filelock==3.15.4',
        'fsspec==2024.6.1',
        'Jinja2==3.1.4',
        'networkx==3.3',
        'sympy==1.13.0',
        'torch==2.3.1+cu121',
        'torchvision==0.18.1+cu121',
        'triton==2.3.1',
        'wandb==0.17.4',
      ],
    });
    expect(result.extraIndexUrls).toEqual(['https://download.pytorch.org/whl/cu121']);
    const drop = (lineNumber: number, line: string, reason: string) => ({
      file: 'pip freeze',
      lineNumber,
      line,
      reason,
    });
    expect(result.dropped).toEqual([
      drop(
        2,
        'aiohttp @ file:///home/conda/feedstock_root/build_artifacts/aiohttp_1713964873672/work',
        DROP_REASONS.condaBuild,
      ),
      drop(
        3,
        'Brotli @ file:///home/conda/feedstock_root/build_artifacts/brotli-split_1695989934239/work',
        DROP_REASONS.condaBuild,
      ),
      drop(
        5,
        '-e git+https://github.com/example-lab/detectron2-fork.git@5b3c7d1e0f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c#egg=detectron2',
        DROP_REASONS.editable,
      ),
      drop(9, 'mkl-fft @ file:///croot/mkl_fft_1695058164594/work', DROP_REASONS.condaBuild),
      drop(
        10,
        '# Editable install with no version control (mylab==0.1.0)',
        DROP_REASONS.editableNote,
      ),
      drop(11, '-e /home/alice/src/mylab', DROP_REASONS.editable),
      drop(
        13,
        'numpy @ file:///home/conda/feedstock_root/build_artifacts/numpy_1707225342954/work/dist/numpy-1.26.4-cp311-cp311-linux_x86_64.whl#sha256=2b3e5b1e9ac1a1b4c5f1e0b8f7a7a1e2d3c4b5a6f7e8d9c0b1a2f3e4d5c6b7a8',
        DROP_REASONS.condaBuild,
      ),
      drop(14, 'pkg-resources==0.0.0', DROP_REASONS.pkgResources),
      drop(
        15,
        'PyYAML @ file:///home/conda/feedstock_root/build_artifacts/pyyaml_1695373428874/work',
        DROP_REASONS.condaBuild,
      ),
      drop(
        20,
        'typing_extensions @ file:///home/conda/feedstock_root/build_artifacts/typing_extensions_1717802530399/work',
        DROP_REASONS.condaBuild,
      ),
    ]);
    expect(result.reason).toContain('10 lines dropped');
  });

  it('the same rules apply to requirements.frozen.txt, naming the file', () => {
    const content = 'six==1.16.0\npkg_resources==0.0.0\n/home/me/wheels/x-1.0.whl\n-r more.txt\n';
    const result = detectEnvironment(snapshot({ 'requirements.frozen.txt': content }), options());
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      lines: ['six==1.16.0'],
      noDeps: true,
    });
    expect(result.dropped).toEqual([
      {
        file: 'requirements.frozen.txt',
        lineNumber: 2,
        line: 'pkg_resources==0.0.0',
        reason: DROP_REASONS.pkgResources,
      },
      {
        file: 'requirements.frozen.txt',
        lineNumber: 3,
        line: '/home/me/wheels/x-1.0.whl',
        reason: DROP_REASONS.localPath,
      },
      {
        file: 'requirements.frozen.txt',
        lineNumber: 4,
        line: '-r more.txt',
        reason: DROP_REASONS.include,
      },
    ]);
  });

  it('a frozen list that names the PyTorch index itself gets no second copy', () => {
    const content =
      '--extra-index-url https://download.pytorch.org/whl/cu121\ntorch==2.3.1+cu121\n';
    const result = detectEnvironment(snapshot({ 'requirements.frozen.txt': content }), options());
    expect(result.extraIndexUrls).toEqual([]);
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      lines: ['--extra-index-url https://download.pytorch.org/whl/cu121', 'torch==2.3.1+cu121'],
      noDeps: true,
    });
  });

  it('URLs with credentials are dropped, never written into the image', () => {
    const content =
      'six==1.16.0\nprivate @ https://user:s3cret@pkgs.example.com/private-1.0.whl\n' +
      'lab @ git+ssh://git@github.com/org/lab.git@abc123\n';
    const result = detectEnvironment(snapshot({ 'requirements.frozen.txt': content }), options());
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      lines: ['six==1.16.0', 'lab @ git+ssh://git@github.com/org/lab.git@abc123'],
      noDeps: true,
    });
    expect(result.dropped).toEqual([
      {
        file: 'requirements.frozen.txt',
        lineNumber: 2,
        line: 'private @ https://***@pkgs.example.com/private-1.0.whl',
        reason: DROP_REASONS.credentials,
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('a line that is not a requirement is an error in a user file, and dropped from pip freeze', () => {
    const content = 'six==1.16.0\nthis is garbage\n';
    const error = failure({ 'requirements.frozen.txt': content });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).line).toBe(2);
    const frozenInput = failure({}, { frozenRequirements: content });
    expect(frozenInput).toBeInstanceOf(InputError);
    expect((frozenInput as InputError).input).toBe('frozen-requirements');
    const result = detectEnvironment(snapshot({}, content), options({ freezeLocalEnv: true }));
    expect(result.dropped.map((item) => item.lineNumber)).toEqual([2]);
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      lines: ['six==1.16.0'],
      noDeps: true,
    });
  });
});

describe('environment.yml', () => {
  const conda = [
    'name: vision',
    'channels:',
    '  - pytorch',
    '  - nvidia',
    '  - conda-forge',
    'dependencies:',
    '  - python=3.10',
    '  - pytorch::pytorch=2.3.1',
    '  - pytorch-cuda=12.1',
    '  - "numpy>=1.26,<2"',
    '  - cudatoolkit 11.8.*',
    '  - pip',
    '  - pip:',
    '      - --extra-index-url https://download.pytorch.org/whl/cu121',
    '      - timm==1.0.7',
    "      - wandb>=0.17 ; sys_platform == 'linux'",
    '',
  ].join('\n');

  it('channels, specs, pip lines and the Python pin', () => {
    const result = detectEnvironment(snapshot({ 'environment.yml': conda }), options());
    expect(result).toEqual({
      kind: 'conda',
      reason: "environment.yml found in the context (no 'requirements' input, no requirements.txt)",
      files: ['environment.yml'],
      python: { version: '3.10', source: 'environment.yml' },
      install: {
        kind: 'conda',
        file: 'environment.yml',
        name: 'vision',
        pipLines: [
          '--extra-index-url https://download.pytorch.org/whl/cu121',
          'timm==1.0.7',
          "wandb>=0.17 ; sys_platform == 'linux'",
        ],
      },
      extraIndexUrls: [],
      dropped: [],
    });
  });

  it('malformed YAML: FileError at the parser line', () => {
    const error = failure({
      'environment.yml': 'name: x\ndependencies:\n  - numpy\n   bad: indent\n',
    });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('environment.yml');
    expect((error as FileError).line).toBe(4);
    expect(error.message).toContain('invalid YAML');
  });

  it.each([
    {
      content: 'dependencies:\n  - numpy\n  - numpy;1.2\n',
      line: 3,
      text: 'not a valid conda package spec',
    },
    {
      content: 'dependencies:\n  - numpy\n  - $HOME/pkg\n',
      line: 3,
      text: 'not a valid conda package spec',
    },
    { content: 'dependencies:\n  - 3.11\n', line: 2, text: 'is not a package spec' },
    {
      content: 'dependencies:\n  - pip:\n    - numpy\n    - scikit learn\n',
      line: 4,
      text: 'not a valid requirement',
    },
    { content: 'dependencies:\n  - pip:\n    - -e .\n', line: 3, text: 'local path' },
    {
      content: 'dependencies:\n  - pip:\n    - -r requirements.txt\n',
      line: 3,
      text: 'includes a file',
    },
    { content: 'dependencies: numpy\n', line: 1, text: "'dependencies' must be a list" },
    {
      content: 'channels: conda-forge\ndependencies: []\n',
      line: 1,
      text: "'channels' must be a list",
    },
    { content: '- numpy\n', line: 1, text: 'expected a mapping' },
    { content: 'dependencies:\n  - python=2.7\n', line: 2, text: 'not supported' },
  ])('rejects $content at line $line', ({ content, line, text }) => {
    const error = failure({ 'environment.yml': content });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).line).toBe(line);
    expect(error.message).toContain(text);
  });

  it('a torch +cu pin in the pip list without the index gets it', () => {
    const result = detectEnvironment(
      snapshot({ 'environment.yml': 'dependencies:\n  - pip:\n    - torch==2.3.1+cu121\n' }),
      options(),
    );
    expect(result.extraIndexUrls).toEqual(['https://download.pytorch.org/whl/cu121']);
    expect(result.install).toEqual({
      kind: 'conda',
      file: 'environment.yml',
      pipLines: ['torch==2.3.1+cu121'],
    });
  });
});

describe('pyproject.toml', () => {
  it('malformed TOML: FileError at the parser line', () => {
    const error = failure({
      'pyproject.toml': '[project]\nname = "x"\ndependencies = ["numpy",\n  "torch"\n',
    });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('pyproject.toml');
    expect((error as FileError).line).toBe(5);
    expect(error.message).toContain('invalid TOML');
  });

  it('an invalid dependency names its line', () => {
    const content = '[project]\nname = "x"\ndependencies = [\n  "numpy",\n  "torch=2.3",\n]\n';
    const error = failure({ 'pyproject.toml': content });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).line).toBe(5);
    expect(error.message).toContain('torch=2.3');
  });

  it('with uv.lock: the locked set is installed', () => {
    const files = {
      'pyproject.toml': fixture('uv-app/pyproject.toml'),
      'uv.lock': fixture('uv-app/uv.lock'),
    };
    const result = detectEnvironment(snapshot(files), options());
    expect(result.kind).toBe('pyproject');
    expect(result.files).toEqual(['pyproject.toml', 'uv.lock']);
    expect(result.install).toEqual({ kind: 'uv-lock', files: ['pyproject.toml', 'uv.lock'] });
    expect(result.python).toEqual({ version: '3.11', source: 'requires-python' });
    expect(result.reason).toContain('the locked set of uv.lock');
  });

  it('a malformed uv.lock is reported with its line', () => {
    const error = failure({ 'pyproject.toml': PYPROJECT, 'uv.lock': 'version = 1\n[[package]\n' });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('uv.lock');
    expect((error as FileError).line).toBe(2);
  });

  it('with poetry.lock: the main-group packages, pinned, found through the dependency graph', () => {
    const files = {
      'pyproject.toml': fixture('poetry-app/pyproject.toml'),
      'poetry.lock': fixture('poetry-app/poetry.lock'),
    };
    const result = detectEnvironment(snapshot(files), options());
    expect(result.kind).toBe('pyproject');
    expect(result.install).toEqual({
      kind: 'poetry-lock',
      files: ['pyproject.toml', 'poetry.lock'],
      lines: [
        'certifi==2024.7.4',
        'charset-normalizer==3.3.2',
        'filelock==3.15.4',
        'idna==3.7',
        'mylib @ git+https://github.com/example-lab/mylib.git@0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6',
        'pysocks==1.7.1',
        'requests==2.32.3',
        'torch==2.3.1+cu121',
        'urllib3==2.2.2',
      ],
    });
    expect(result.extraIndexUrls).toEqual(['https://download.pytorch.org/whl/cu121']);
    expect(result.python).toEqual({ version: '3.11', source: 'tool.poetry.dependencies.python' });
  });

  it('poetry.lock with groups (Poetry 2) or category (Poetry < 1.5) uses them', () => {
    const pyproject = '[project]\nname = "x"\nversion = "1"\ndependencies = ["requests"]\n';
    const lock = (field: (group: string) => string) =>
      [
        ['requests', '2.32.3', 'main'],
        ['pytest', '8.2.2', 'dev'],
        ['urllib3', '2.2.2', 'main'],
      ]
        .map(
          ([name, version, group]) =>
            `[[package]]\nname = "${name}"\nversion = "${version}"\noptional = false\n${field(group ?? '')}\n`,
        )
        .join('\n');
    for (const field of [
      (group: string) => `groups = ["${group}"]`,
      (group: string) => `category = "${group}"`,
    ]) {
      const result = detectEnvironment(
        snapshot({ 'pyproject.toml': pyproject, 'poetry.lock': lock(field) }),
        options(),
      );
      expect(result.install).toEqual({
        kind: 'poetry-lock',
        files: ['pyproject.toml', 'poetry.lock'],
        lines: ['requests==2.32.3', 'urllib3==2.2.2'],
      });
    }
  });

  it('Poetry dependencies without a lock become PEP 508 lines', () => {
    const result = detectEnvironment(
      snapshot({ 'pyproject.toml': fixture('poetry-app/pyproject.toml') }),
      options(),
    );
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      noDeps: false,
      lines: [
        'torch==2.3.1+cu121',
        'requests[socks]>=2.31,<3.0',
        'mylib @ git+https://github.com/example-lab/mylib.git@v1.2.0',
      ],
    });
    expect(result.reason).toContain('[tool.poetry.dependencies]');
    expect(result.extraIndexUrls).toEqual(['https://download.pytorch.org/whl/cu121']);
  });

  it('Poetry sources without a lock: non-explicit ones, and explicit ones a dependency names', () => {
    const content = [
      '[tool.poetry.dependencies]',
      'labtools = {version = "^1.0", source = "lab"}',
      '',
      '[[tool.poetry.source]]',
      'name = "unused"',
      'url = "https://unused.example.com/simple"',
      'priority = "explicit"',
      '',
      '[[tool.poetry.source]]',
      'name = "mirror"',
      'url = "https://mirror.example.com/simple"',
      'priority = "supplemental"',
      '',
      '[[tool.poetry.source]]',
      'name = "lab"',
      'url = "https://pkgs.example.com/simple"',
      'priority = "explicit"',
      '',
    ].join('\n');
    const result = detectEnvironment(snapshot({ 'pyproject.toml': content }), options());
    expect(result.extraIndexUrls).toEqual([
      'https://mirror.example.com/simple',
      'https://pkgs.example.com/simple',
    ]);
  });

  it('Poetry constraints, markers and python restrictions convert', () => {
    const content = [
      '[tool.poetry.dependencies]',
      'python = ">=3.9,<3.13"',
      'numpy = "~1.26"',
      'scipy = "^0.14.1"',
      'rich = "*"',
      'tomli = {version = "^2.0", python = "<3.11"}',
      'pywin32 = {version = "306", platform = "win32"}',
      'uvloop = {version = ">=0.19", markers = "sys_platform != \'win32\'"}',
      '',
    ].join('\n');
    const result = detectEnvironment(snapshot({ 'pyproject.toml': content }), options());
    expect(result.install).toEqual({
      kind: 'requirement-lines',
      noDeps: false,
      lines: [
        'numpy>=1.26,<1.27',
        'scipy>=0.14.1,<0.15.0',
        'rich',
        'tomli>=2.0,<3.0 ; python_version < "3.11"',
        'pywin32==306 ; sys_platform == "win32"',
        "uvloop>=0.19 ; (sys_platform != 'win32')",
      ],
    });
    expect(result.python).toEqual({ version: '3.11', source: 'tool.poetry.dependencies.python' });
  });
});

describe('Python version: input → .python-version → runtime.txt → conda pin → requires-python → default', () => {
  const withPython = (python: string) =>
    `[project]\nname = "x"\nversion = "1"\nrequires-python = "${python}"\ndependencies = []\n`;

  it.each<{
    name: string;
    files: Record<string, string>;
    opts: Partial<EnvironmentOptions>;
    python: { version: string; source: string };
  }>([
    {
      name: 'input beats everything',
      files: {
        'requirements.txt': 'six',
        '.python-version': '3.10\n',
        'runtime.txt': 'python-3.9.1',
      },
      opts: { pythonVersion: '3.12' },
      python: { version: '3.12', source: 'python-version input' },
    },
    {
      name: 'input with a patch',
      files: { 'requirements.txt': 'six' },
      opts: { pythonVersion: ' 3.12.4 ' },
      python: { version: '3.12.4', source: 'python-version input' },
    },
    {
      name: '.python-version beats runtime.txt',
      files: {
        'requirements.txt': 'six',
        '.python-version': '# pyenv\n3.10.4\n3.9\n',
        'runtime.txt': 'python-3.9.1',
      },
      opts: {},
      python: { version: '3.10.4', source: '.python-version' },
    },
    {
      name: 'runtime.txt beats the conda pin',
      files: {
        'environment.yml': 'dependencies:\n  - python=3.12\n',
        'runtime.txt': 'python-3.9.18\n',
      },
      opts: {},
      python: { version: '3.9.18', source: 'runtime.txt' },
    },
    {
      name: 'the conda pin beats requires-python',
      files: {
        'environment.yml': 'dependencies:\n  - python=3.12\n',
        'pyproject.toml': withPython('>=3.9'),
      },
      opts: {},
      python: { version: '3.12', source: 'environment.yml' },
    },
    {
      name: 'conda exact pin with a build string',
      files: { 'environment.yml': 'dependencies:\n  - python=3.11.9=hab00c5b_0_cpython\n' },
      opts: {},
      python: { version: '3.11.9', source: 'environment.yml' },
    },
    {
      name: 'conda major-only pin',
      files: { 'environment.yml': 'dependencies:\n  - python=3\n' },
      opts: {},
      python: { version: '3.11', source: 'environment.yml' },
    },
    {
      name: 'conda space-separated pin',
      files: { 'environment.yml': 'dependencies:\n  - conda-forge::python 3.12.*\n' },
      opts: {},
      python: { version: '3.12', source: 'environment.yml' },
    },
    {
      name: 'conda range pin',
      files: { 'environment.yml': 'dependencies:\n  - python>=3.8,<3.11\n' },
      opts: {},
      python: { version: '3.10', source: 'environment.yml' },
    },
    {
      name: 'conda without a Python pin falls to requires-python',
      files: {
        'environment.yml': 'dependencies:\n  - python\n  - numpy\n',
        'pyproject.toml': withPython('>=3.12'),
      },
      opts: {},
      python: { version: '3.12', source: 'requires-python' },
    },
    {
      name: 'requires-python of a pyproject next to requirements.txt',
      files: { 'requirements.txt': 'six', 'pyproject.toml': withPython('>=3.12') },
      opts: {},
      python: { version: '3.12', source: 'requires-python' },
    },
    {
      name: 'the conda pin counts only when environment.yml is the environment used',
      files: { 'requirements.txt': 'six', 'environment.yml': 'dependencies:\n  - python=3.9\n' },
      opts: {},
      python: { version: DEFAULT_PYTHON_VERSION, source: 'default' },
    },
    {
      name: 'default',
      files: { 'requirements.txt': 'six' },
      opts: {},
      python: { version: '3.11', source: 'default' },
    },
  ])('$name', ({ files, opts, python }) => {
    expect(detectEnvironment(snapshot(files), options(opts)).python).toEqual(python);
  });

  it.each([
    ['>=3.10', '3.11'],
    ['>=3.12', '3.12'],
    ['>=3.13', '3.13'],
    ['~=3.11', '3.11'],
    ['~=3.9.2', '3.9'],
    ['>=3.9,<3.11', '3.10'],
    ['>=3.9, <3.12', '3.11'],
    ['<3.10', '3.9'],
    ['==3.10.*', '3.10'],
    ['>=3.8,!=3.11.*', '3.10'],
    ['>3.11', '3.11'],
    ['>=3.11.4,<3.11.6', '3.11'],
    ['>=3.14', '3.14'],
  ])('requires-python %s → %s', (specifier, version) => {
    const result = detectEnvironment(
      snapshot({ 'pyproject.toml': withPython(specifier) }),
      options(),
    );
    expect(result.python).toEqual({ version, source: 'requires-python' });
  });

  it.each(['3.7', '3', '2.7', '3.15', 'pypy3.10', '3.11-dev', 'latest'])(
    "python-version input '%s' is an InputError",
    (value) => {
      const error = failure({ 'requirements.txt': 'six' }, { pythonVersion: value });
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe('python-version');
      expect(error.message).toContain('3.8–3.14');
    },
  );

  it.each([
    { file: '.python-version', content: 'pypy3.10\n', line: 1 },
    { file: '.python-version', content: '\n\nsystem\n', line: 3 },
    { file: '.python-version', content: '3.7.17\n', line: 1 },
    { file: 'runtime.txt', content: 'python3.11\n', line: 1 },
    { file: 'runtime.txt', content: 'python-2.7.18\n', line: 1 },
  ])('$file "$content" is a FileError', ({ file, content, line }) => {
    const error = failure({ 'requirements.txt': 'six', [file]: content });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe(file);
    expect((error as FileError).line).toBe(line);
  });

  it('a requires-python no supported version satisfies is a FileError at its line', () => {
    const error = failure({ 'pyproject.toml': withPython('>=3.15') });
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).line).toBe(4);
    expect(error.message).toContain("no supported Python (3.8–3.14) satisfies '>=3.15'");
  });
});

describe('determinism', () => {
  it('the same snapshot in any insertion order gives a deep-equal result', () => {
    const entries: [string, string][] = [
      ['requirements.frozen.txt', fixture('conda-freeze/pip-freeze.txt')],
      ['pyproject.toml', fixture('poetry-app/pyproject.toml')],
      ['poetry.lock', fixture('poetry-app/poetry.lock')],
      ['.python-version', '3.10\n'],
    ];
    const first = detectEnvironment({ files: new Map(entries) }, options());
    const second = detectEnvironment({ files: new Map([...entries].reverse()) }, options());
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
