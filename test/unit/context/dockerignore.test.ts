import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DockerignoreError,
  excludingPattern,
  goClean,
  parseDockerignore,
  readIgnorePatterns,
  renderDockerignore,
  type IgnoreRules,
  type MatchInfo,
} from '../../../src/context/dockerignore.js';
import { listBuildContext } from '../../../src/context/files.js';
import { readCoreInputs } from '../../../src/inputs/core.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';
import { planBuild } from '../../../src/plan/index.js';
import { FileError } from '../../../src/platform/errors.js';

/** Whether `file` is excluded, matching each parent first as the walk does. */
function excluded(rules: IgnoreRules, file: string): boolean {
  const parts = file.split('/');
  let info: MatchInfo = [];
  let result = false;
  for (let i = 0; i < parts.length; i++) {
    const step = rules.matches(parts.slice(0, i + 1).join('/'), info);
    info = step.info;
    result = step.excluded;
  }
  return result;
}

describe('readIgnorePatterns (moby ignorefile.ReadAll)', () => {
  it.each<[string, string[]]>([
    ['data\n!data/keep.txt\n', ['data', '!data/keep.txt']],
    ['\uFEFFa\r\nb\r\n', ['a', 'b']],
    ['# comment\n  # not a comment\n\n   \n', ['# not a comment']],
    ['/logs\n./out/\n//x//y/\n', ['logs', 'out', 'x/y']],
    ['!  ./a/../b  \n', ['!b']],
    ['cache   \n\tsrc\t\n', ['cache', 'src']],
    ['/\n.\n../up\n', ['/', '.', '../up']],
    ['last line without newline', ['last line without newline']],
  ])('%j → %j', (text, patterns) => {
    expect(readIgnorePatterns(text)).toEqual(patterns);
  });
});

describe("goClean (Go's filepath.Clean)", () => {
  it.each([
    ['', '.'],
    ['a//b/./c/', 'a/b/c'],
    ['a/../..', '..'],
    ['/../a', '/a'],
    ['./', '.'],
    ['**/', '**'],
  ])('%j → %j', (input, output) => {
    expect(goClean(input)).toBe(output);
  });
});

describe('matching (moby MatchesUsingParentResults with the walk)', () => {
  it.each<[string, string, boolean]>([
    // Every pattern is anchored at the root.
    ['data', 'data', true],
    ['data', 'data/x/y.csv', true],
    ['data', 'src/data', false],
    // `*` stays within one directory level; `**` crosses them; `?` is one character.
    ['*.py', 'train.py', true],
    ['*.py', 'src/train.py', false],
    ['**/*.py', 'src/a/train.py', true],
    ['**/*.py', 'train.py', true],
    ['src/**', 'src', false],
    ['src/**', 'src/a', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['?.txt', 'a.txt', true],
    ['?.txt', 'ab.txt', false],
    ['[ab]*', 'b1', true],
    ['[^ab]*', 'b1', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['a.b', 'axb', false],
    ['(x)', '(x)', true],
    // Exceptions: the last matching pattern decides.
    ['data\n!data/keep.txt', 'data/keep.txt', false],
    ['data\n!data/keep.txt', 'data/other', true],
    ['*\n!configs/base.yaml', 'configs/base.yaml', false],
    ['**\n!src/**\n!train.py', 'src/pkg/b.py', false],
    ['**\n!src/**\n!train.py', 'notes.md', true],
    // An exception is matched against the path itself, not its parents (parent results).
    ['a/x\n!a', 'a/x', true],
    // .git stays out whatever follows.
    ['!.git\n!.git/config', '.git/config', true],
  ])('%j: %s excluded %s', (text, file, expected) => {
    expect(excluded(parseDockerignore(text), file)).toBe(expected);
  });

  it('prunes excluded directories only when no literal exception starts inside them', () => {
    const rules = parseDockerignore('data\nmodels\n!data/keep.txt\n');
    expect(rules.onlyPrefixExcludeExceptions).toBe(true);
    expect(rules.canSkipExcludedDirectory('data')).toBe(false);
    expect(rules.canSkipExcludedDirectory('models')).toBe(true);
    const globbed = parseDockerignore('models\n!models/*/config.json\n');
    expect(globbed.onlyPrefixExcludeExceptions).toBe(false);
    expect(globbed.canSkipExcludedDirectory('models')).toBe(false);
    expect(parseDockerignore('data\n!x/**\n').onlyPrefixExcludeExceptions).toBe(true);
  });

  it('names the pattern that excludes a path', () => {
    const rules = parseDockerignore('*.txt\n!keep.txt\nreq*\n');
    expect(excludingPattern(rules, 'requirements.txt')).toBe('*.txt');
    expect(excludingPattern(rules, 'keep.txt')).toBeUndefined();
    expect(excludingPattern(parseDockerignore('deps\n'), 'deps/requirements.txt')).toBe('deps');
  });
});

describe('patterns Docker refuses are refused before anything is built', () => {
  it.each([['!'], ['['], ['a[]'], ['a\\'], ['[a-]'], ['[z-a]'], ['\\d'], ['[[:alpha:]]']])(
    '%j',
    (pattern) => {
      expect(() =>
        parseDockerignore(`ok\n${pattern}\n`, 'docker/x.Dockerfile.dockerignore'),
      ).toThrow(DockerignoreError);
      expect(() => parseDockerignore(`${pattern}\n`)).toThrow(/^\.dockerignore: the pattern/);
    },
  );
});

describe('renderDockerignore', () => {
  it.each([
    ['data\n# x\n', 'data\n# x\n.git\n.dockerignore\n'],
    ['data', 'data\n.git\n.dockerignore\n'],
    ['', '.git\n.dockerignore\n'],
  ])('%j → %j (the user file as written, then .git and .dockerignore)', (text, rendered) => {
    expect(renderDockerignore(parseDockerignore(text))).toBe(rendered);
  });
});

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'dockerignore-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function tree(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
  return dir;
}

describe('listBuildContext (the files Docker sends; expectations checked against Docker in e2e)', () => {
  it.each<[string, Record<string, string>, string[]]>([
    [
      'data-keep',
      { '.dockerignore': 'data\n!data/keep.txt\n', 'data/keep.txt': '', 'data/x': '', 'a.py': '' },
      ['a.py', 'data/keep.txt'],
    ],
    [
      'allow-list',
      {
        '.dockerignore': '**\n!src/**\n!train.py\n',
        'src/a.py': '',
        'src/pkg/b.py': '',
        'train.py': '',
        'notes.md': '',
      },
      ['src/a.py', 'src/pkg/b.py', 'train.py'],
    ],
    [
      'star-base',
      { '.dockerignore': '*\n!configs/base.yaml\n', 'configs/base.yaml': '', 'configs/o.yaml': '' },
      ['configs/base.yaml'],
    ],
    [
      'docs-keep',
      { '.dockerignore': 'docs\n!docs/keep.md\n', 'docs/keep.md': '', 'docs/d.md': '', 'm.py': '' },
      ['docs/keep.md', 'm.py'],
    ],
    ['git', { '.git/config': 'token', 'train.py': '', '.dockerignore': '!.git\n' }, ['train.py']],
  ])('%s', async (name, files, expected) => {
    const context = await listBuildContext(await tree(name, files));
    expect(context.files.map((file) => file.path)).toEqual(expected);
  });

  it('reads <Dockerfile>.dockerignore in place of .dockerignore, as BuildKit does', async () => {
    const dir = await tree('per-dockerfile', {
      '.dockerignore': 'data\n',
      'docker/train.Dockerfile': 'FROM scratch\n',
      'docker/train.Dockerfile.dockerignore': 'secrets.env\n',
      'secrets.env': 'KEY=1',
      'data/x.csv': '',
    });
    const withOwn = await listBuildContext(dir, { dockerfile: 'docker/train.Dockerfile' });
    expect(withOwn.rules.source).toBe('docker/train.Dockerfile.dockerignore');
    expect(withOwn.files.map((file) => file.path)).not.toContain('secrets.env');
    expect(withOwn.files.map((file) => file.path)).toContain('data/x.csv');
    const without = await listBuildContext(dir);
    expect(without.files.map((file) => file.path)).toContain('secrets.env');
    expect(without.files.map((file) => file.path)).not.toContain('data/x.csv');
  });

  it('an environment file the ignore file excludes is a plan-time error naming the pattern', async () => {
    const dir = await tree('env-excluded', {
      '.dockerignore': '*.txt\n',
      'requirements.txt': 'numpy==1.26.4\n',
      'train.py': 'print(1)\n',
    });
    const inputs = readCoreInputs(new InputReader(mapInputSource({})));
    const planning = planBuild(dir, inputs, { buildkit: true });
    await expect(planning).rejects.toThrow(FileError);
    await expect(planBuild(dir, inputs, { buildkit: true })).rejects.toThrow(
      /\.dockerignore: the pattern "\*\.txt" excludes the environment file requirements\.txt.*"!requirements\.txt"/,
    );
  });
});
