import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CODE_COPY,
  dependencyHash,
  declaredVersionFiles,
  dependencyTag,
  heavyPrefix,
  heavyTag,
  projectInputs,
  splitGeneratedDockerfile,
  type DependencySplit,
} from '../../../src/assemble/split.js';

const golden = (name: string) =>
  readFileSync(new URL(`../dockerfile/golden/${name}.Dockerfile`, import.meta.url), 'utf8');

describe('splitting a generated Dockerfile into the dependency image and the code', () => {
  it.each([
    ['requirements', ['requirements.txt']],
    ['accelerator', ['requirements.txt']],
    ['classic-builder', ['requirements.txt']],
    ['conda', ['environment.yml']],
    ['frozen-lines-no-deps', []],
    ['nothing-no-entrypoint', []],
    [
      'requirements-includes-apt-env-args',
      ['extra.txt', 'requirements/base.txt', 'requirements/constraints.txt'],
    ],
    ['uv-lock', ['pyproject.toml', 'uv.lock']],
    ['uv-requirements', ['requirements.txt']],
  ])('%s reads %j and keeps all but the code copy', (name, files) => {
    const text = golden(name);
    const split = splitGeneratedDockerfile(text) as DependencySplit;
    expect(split.files).toEqual(files);
    expect(split.dockerfile).not.toContain(CODE_COPY);
    expect(split.dockerfile.split('\n')).toEqual(
      text
        .split('\n')
        .map((l) =>
          l === CODE_COPY
            ? 'RUN chown 0:0 /home && chmod 0755 /home && chown 1000:0 /home/launch && chmod 0755 /home/launch'
            : l,
        ),
    );
    // User, working directory and entrypoint stay in the dependency image.
    expect(split.dockerfile).toMatch(/^WORKDIR \/home\/launch\/app$/m);
    expect(split.dockerfile).toMatch(/^USER 1000:0$/m);
  });

  it.each([
    ['FROM x\nCOPY . /app\n', /0 code copies/],
    [`FROM x\n${CODE_COPY}\n${CODE_COPY}\n`, /2 code copies/],
    [`FROM x\nCOPY src /src\n${CODE_COPY}\n`, /'COPY src \/src' is not a copy of named files/],
    [`FROM x\nADD ["a.txt","/x/"]\n${CODE_COPY}\n`, /adds files from the context/],
    [`FROM x\nCOPY ["*.txt","/x/"]\n${CODE_COPY}\n`, /copies '\*\.txt', not one named file/],
    [`FROM x\nCOPY ["../a","/x/"]\n${CODE_COPY}\n`, /copies '\.\.\/a'/],
    [
      `FROM x\n${CODE_COPY}\nRUN make -C /home/launch/app\nUSER 1000:0\n`,
      /'RUN make -C \/home\/launch\/app' after the code copy is not the project install/,
    ],
  ])('refuses %j', (text, reason) => {
    expect(splitGeneratedDockerfile(text)).toMatch(reason);
  });
});

describe('dependency hash', () => {
  const split = splitGeneratedDockerfile(golden('requirements')) as DependencySplit;
  const inputs = {
    split,
    files: [{ path: 'requirements.txt', executable: false, digest: 'a'.repeat(64) }],
    buildArgs: [] as [string, string][],
    baseImage: 'python:3.11-slim',
    platforms: [],
    settings: {},
  };

  it('changes with the environment files, the Dockerfile and the settings only', () => {
    const base = dependencyHash(inputs);
    expect(dependencyHash({ ...inputs })).toBe(base);
    expect(
      dependencyHash({
        ...inputs,
        files: [{ path: 'requirements.txt', executable: false, digest: 'b'.repeat(64) }],
      }),
    ).not.toBe(base);
    expect(
      dependencyHash({ ...inputs, split: { ...split, dockerfile: `${split.dockerfile}#` } }),
    ).not.toBe(base);
    expect(dependencyHash({ ...inputs, settings: { 'pip-index-url': 'http://x/' } })).not.toBe(
      base,
    );
    expect(dependencyTag(base)).toMatch(/^deps-[0-9a-f]{16}$/);
  });
});

describe('repositories installed as a package after the code copy', () => {
  const repos = (name: string) =>
    readFileSync(new URL(`../dockerfile/golden/repos/${name}.Dockerfile`, import.meta.url), 'utf8');

  it.each(['src-layout-scripts', 'setup-py-only', 'monorepo', 'poetry-scripts', 'flit-module'])(
    '%s: the project install moves into the dependency image, with the code bind-mounted',
    (name) => {
      const text = repos(name);
      const split = splitGeneratedDockerfile(text) as DependencySplit;
      expect(split.projectInstall).toBe(true);
      const install = text
        .split('\n')
        .find((line) => line.startsWith('RUN cd /home/launch/app && '))!;
      expect(split.dockerfile.split('\n')).toContain(
        install.replace(/^RUN /, 'RUN --mount=type=bind,target=/home/launch/app,rw '),
      );
      // Still after the app dir is made and before the user switch, as in the whole build.
      const lines = split.dockerfile.split('\n');
      const at = lines.findIndex((line) =>
        line.includes('--mount=type=bind,target=/home/launch/app'),
      );
      expect(lines.findIndex((line) => line.startsWith('WORKDIR'))).toBeLessThan(at);
      expect(lines.findIndex((line) => line.startsWith('USER 1000'))).toBeGreaterThan(at);
    },
  );

  it('a uv project (uv sync after the code copy) is built whole', () => {
    expect(splitGeneratedDockerfile(repos('uv-lock-project'))).toMatch(
      /after the code copy is not the project install$/,
    );
  });

  it.each(['audio-ffmpeg', 'base-uid-1000', 'opencv', 'torch-compile', 'sdist-compiler'])(
    '%s (no project install) splits without one',
    (name) => {
      expect(splitGeneratedDockerfile(repos(name))).toMatchObject({ projectInstall: false });
    },
  );
});

describe('what a project install reads', () => {
  const paths = [
    'README.md',
    'configs/base.yaml',
    'libs/data/pyproject.toml',
    'libs/data/src/data/__init__.py',
    'libs/data/src/data/loader.py',
    'pyproject.toml',
    'scripts/plot.py',
    'src/tiny/__init__.py',
    'src/tiny/_version.py',
    'src/tiny/model.py',
    'train.py',
  ];

  it.each([
    [
      ['.'],
      [
        'pyproject.toml',
        'src/tiny/__init__.py',
        'src/tiny/_version.py',
        'libs/data/pyproject.toml',
        'libs/data/src/data/__init__.py',
      ],
    ],
    [['libs/data'], ['libs/data/pyproject.toml', 'libs/data/src/data/__init__.py']],
  ])('targets %j: metadata and version files by content, modules by path', (targets, content) => {
    const read = projectInputs(paths, targets);
    expect(read.content.sort()).toEqual([...content].sort());
    expect(read.layout).not.toContain('README.md');
    expect(read.layout).not.toContain('configs/base.yaml');
    expect(read.layout).toEqual(
      paths.filter((p) => p.endsWith('.py') && (targets[0] === '.' || p.startsWith('libs/data/'))),
    );
  });
});

describe('the heavy layer of a dependency image', () => {
  const heavySplit = (name: string) => splitGeneratedDockerfile(golden(name)) as DependencySplit;
  const settings = { buildArgs: [], baseImage: 'python:3.11-slim', platforms: [], settings: {} };

  it('is the text up to the install of the heavy pins, and only when there is one', () => {
    const prefix = heavyPrefix(heavySplit('heavy-pins-file'))!;
    expect(prefix.trimEnd().split('\n').at(-1)).toMatch(
      /-r \/tmp\/launch\/heavy-requirements\.txt$/,
    );
    expect(prefix).not.toContain('COPY');
    expect(heavyPrefix(heavySplit('requirements'))).toBeUndefined();
  });

  it('has a tag that a change after the heavy install leaves as it is', () => {
    const split = heavySplit('heavy-pins-file');
    const prefix = heavyPrefix(split)!;
    const tag = heavyTag({ ...settings, prefix });
    expect(tag).toMatch(/^heavy-[0-9a-f]{16}$/);
    const grown = { ...split, dockerfile: `${split.dockerfile}RUN echo more\n` };
    expect(heavyTag({ ...settings, prefix: heavyPrefix(grown)! })).toBe(tag);
    expect(
      heavyTag({ ...settings, prefix: prefix.replace('torch==2.3.1', 'torch==2.3.0') }),
    ).not.toBe(tag);
    expect(heavyTag({ ...settings, baseImage: 'python:3.12-slim', prefix })).not.toBe(tag);
    expect(heavyTag({ ...settings, platforms: ['linux/arm64'], prefix })).not.toBe(tag);
    expect(heavyTag({ ...settings, buildArgs: [['A', '1']], prefix })).not.toBe(tag);
  });
});

describe('version files a pyproject.toml names', () => {
  it.each([
    [
      'setuptools file',
      '[tool.setuptools.dynamic]\nversion = { file = "RELEASE.txt" }\n',
      '.',
      ['RELEASE.txt'],
    ],
    [
      'setuptools files, in a sub-project',
      '[tool.setuptools.dynamic.version]\nfile = ["meta/REL", "./x/../NUM"]\n',
      'libs/data',
      ['libs/data/meta/REL', 'libs/data/NUM'],
    ],
    [
      'hatch path',
      '[tool.hatch.version]\npath = "src/tiny/about_me.py"\n',
      '.',
      ['src/tiny/about_me.py'],
    ],
    ['pdm path', '[tool.pdm.version]\nsource = "file"\npath = "pkg/v.py"\n', '.', ['pkg/v.py']],
    ['outside the context', '[tool.hatch.version]\npath = "../VERSION"\n', '.', []],
    ['hatch vcs (no file)', '[tool.hatch.version]\nsource = "vcs"\n', '.', []],
    [
      'attr (read from the module)',
      '[tool.setuptools.dynamic]\nversion = { attr = "tiny.V" }\n',
      '.',
      [],
    ],
    ['invalid TOML', '[tool\n', '.', []],
  ])('%s', (_name, text, dir, expected) => {
    expect(declaredVersionFiles(text, dir)).toEqual(expected);
  });
});
