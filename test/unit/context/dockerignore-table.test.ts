import { describe, expect, it } from 'vitest';
import {
  DockerignoreError,
  excludingPattern,
  goClean,
  parseDockerignore,
  readIgnorePatterns,
  renderDockerignore,
} from '../../../src/context/dockerignore.js';

/**
 * More of moby's pattern semantics, one table each (the e2e differential test checks the port
 * against Docker itself; these pin the cases here, where a mutant cannot hide).
 */
describe('pattern compilation and matching', () => {
  it.each<[string, string, boolean]>([
    // `**` as a suffix, a prefix, and alone.
    ['**/x', 'x', true],
    ['**/x', 'a/b/x', true],
    ['**/x', 'ax', false],
    ['**', 'anything/at/all', true],
    ['**/', 'a', true],
    ['dir/**', 'dir', false],
    ['dir/**', 'dir/x', true],
    ['a/**/b/**', 'a/x/b/y', true],
    ['a/**/b/**', 'a/b', false],
    ['**/dir/**', 'a/dir/x', true],
    ['a/*/c', 'a/b/c', true],
    ['a/*/c', 'a/b/d/c', false],
    // RegExp metacharacters are literal in patterns.
    ['a+b*', 'aab', false],
    ['a+b*', 'a+bx', true],
    ['x{2}', 'xx', false],
    ['x{2}', 'x{2}', true],
    ['$a|b', '$a|b', true],
    ['(a)', 'a', false],
    ['a.b', 'a.b', true],
    // Escapes make the next character literal.
    ['a\\.b', 'a.b', true],
    ['a\\.b', 'axb', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['\\[x]', '[x]', true],
    ['\\[x]', 'x', false],
    ['x\\!', 'x!', true],
    // One `?` is one character, a character outside the BMP included.
    ['?', '😀', true],
    ['😀', '😀', true],
    ['a?', 'a😀', true],
    ['a?', 'a😀😀', false],
    // Character classes and ranges.
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[^a-c]x', 'dx', true],
    ['[^a-c]x', 'ax', false],
    ['[\\]]', ']', true],
    ['[\\-]', '-', true],
    ['[a\\-z]', '-', true],
    ['[a\\-z]', 'b', false],
    ['a*[bc]', 'axxc', true],
    ['a*[bc]', 'axxd', false],
    ['a]', 'a]', true],
  ])('%j matches %j: %s', (pattern, path, expected) => {
    // The walk hands root entries no parent results; deeper paths are checked with their parents.
    const rules = parseDockerignore(pattern);
    let info: readonly boolean[] = [];
    let excluded = false;
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) {
      ({ excluded, info } = rules.matches(parts.slice(0, i + 1).join('/'), info));
    }
    expect(excluded).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    // Without parent results, a pattern matching a parent directory excludes the path.
    ['a/b', 'a/b/c/d', true],
    ['a/b', 'a/bc/d', false],
    ['a', 'a/b', true],
    ['b', 'a/b', false],
    ['*/b', 'a/b/c', true],
    ['data\n!data/keep', 'data/keep', false],
    ['data\n!data/keep', 'data/other/x', true],
  ])('%j, %j without parent results: %s', (text, path, expected) => {
    expect(parseDockerignore(text).matches(path, []).excluded).toBe(expected);
  });

  it('reports per-pattern results for the children, and takes them from the parent', () => {
    const rules = parseDockerignore('data\n!data/keep\n');
    expect(rules.matches('data', [])).toEqual({
      excluded: true,
      info: [true, false, false, false],
    });
    expect(rules.matches('other', [])).toEqual({
      excluded: false,
      info: [false, false, false, false],
    });
    // A parent that matched carries its match down, without matching the child's name.
    expect(rules.matches('data/x', [true, false, false, false]).excluded).toBe(true);
    expect(rules.matches('data/keep', [true, false, false, false])).toEqual({
      excluded: false,
      info: [true, true, false, false],
    });
  });
});

describe('patterns Docker accepts and refuses', () => {
  it.each([
    '[a-c]',
    '[^a]',
    '[!a]',
    '[\\]]',
    '[a\\-z]',
    '*[ab]*',
    '**/[ab]/**',
    'a\\*',
    '\\\\',
    'a]',
    '[a-z][0-9]',
    '*.[ch]',
    // A `*` inside a class does not end the class (Go's scanChunk).
    '[*]x',
    'a[b*c]d',
    '[*]*[*]',
    // An escaped bracket opens no class.
    'a\\[*',
    'x\\]',
  ])('%j is accepted', (pattern) => {
    expect(() => parseDockerignore(`${pattern}\n`)).not.toThrow();
  });

  const malformed = 'is malformed (an unterminated or empty [...] class, or a trailing "\\")';
  it.each<[string, string]>([
    ['!', 'is a lone "!" (Docker refuses it)'],
    ['[', malformed],
    ['[a', malformed],
    ['*[a', malformed],
    ['a*[', malformed],
    ['a[]', malformed],
    ['[]a]', malformed],
    ['[^]', malformed],
    ['[-a]', malformed],
    ['[a-]', malformed],
    ['[a-b-c]', malformed],
    ['[\\', malformed],
    ['[a-\\', malformed],
    ['a\\', malformed],
    ['[a*', malformed],
    ['*[a*', malformed],
    ['a*[]*', malformed],
    ['[z-a]', 'is not a valid pattern (Docker refuses it)'],
    ['\\d', 'escapes "d"; only punctuation may follow "\\" in a pattern'],
    ['a\\Z', 'escapes "Z"; only punctuation may follow "\\" in a pattern'],
    ['a\\7', 'escapes "7"; only punctuation may follow "\\" in a pattern'],
    ['a\\é', 'escapes "é"; only punctuation may follow "\\" in a pattern'],
    [
      '[[:alpha:]]',
      'uses a character class this tool cannot match exactly as Docker does (POSIX classes or characters outside the Basic Multilingual Plane inside [...])',
    ],
    [
      'x[a😀]',
      'uses a character class this tool cannot match exactly as Docker does (POSIX classes or characters outside the Basic Multilingual Plane inside [...])',
    ],
  ])('%j is refused: %s', (pattern, detail) => {
    let error: unknown;
    try {
      parseDockerignore(`ok\n${pattern}\n`, 'docker/x.Dockerfile.dockerignore');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DockerignoreError);
    expect((error as DockerignoreError).name).toBe('DockerignoreError');
    expect((error as DockerignoreError).pattern).toBe(pattern);
    expect((error as Error).message).toBe(
      `docker/x.Dockerfile.dockerignore: the pattern ${JSON.stringify(pattern)} ${detail}. Fix or remove that line of docker/x.Dockerfile.dockerignore.`,
    );
  });
});

describe('rules', () => {
  it('an empty file has no source; a written one names it', () => {
    expect(parseDockerignore('').source).toBeUndefined();
    expect(parseDockerignore('', 'x.dockerignore').source).toBeUndefined();
    expect(parseDockerignore('a\n', 'x.dockerignore').source).toBe('x.dockerignore');
    expect(parseDockerignore('a\n').source).toBe('.dockerignore');
  });

  it('blank patterns are dropped; .git and .dockerignore come last', () => {
    const rules = parseDockerignore('a\n   \n!b\n');
    expect(rules.patterns.map((p) => [p.cleaned, p.exclusion, p.matchType])).toEqual([
      ['a', false, 'exact'],
      ['b', true, 'exact'],
      ['.git', false, 'exact'],
      ['.dockerignore', false, 'exact'],
    ]);
    expect(rules.exclusions).toBe(true);
    expect(parseDockerignore('a\n').exclusions).toBe(false);
  });

  it.each<[string, string, 'exact' | 'prefix' | 'suffix' | 'regexp']>([
    ['data', 'data', 'exact'],
    ['data/**', 'data/**', 'prefix'],
    ['**/x', '**/x', 'suffix'],
    ['**', '**', 'suffix'],
    ['a/**/b', 'a/**/b', 'regexp'],
    ['a/b/**/**', 'a/b/**/**', 'regexp'],
    ['*.py', '*.py', 'regexp'],
    ['a\\.b', 'a\\.b', 'regexp'],
    ['a.b', 'a.b', 'exact'],
  ])('%j compiles to %j (%s)', (text, cleaned, matchType) => {
    expect(parseDockerignore(text).patterns[0]).toMatchObject({ cleaned, matchType });
  });

  it.each<[string, string, boolean]>([
    // Only literal exceptions (or ones ending in /* or /**) let excluded directories be pruned.
    ['data\n', 'data', true],
    ['data\n!data/keep.txt\n', 'data', false],
    ['data\n!data/keep.txt\n', 'models', true],
    ['data\n!data/**\n', 'data', false],
    ['data\n!data/*\n', 'data', false],
    ['data\n!data/sub/**\n', 'data/sub', false],
    ['data\n!data/sub/**\n', 'data/other', true],
    ['data\n!datax\n', 'data', true],
    ['data\n!*.md\n', 'data', false],
    ['data\n!a/[bc]\n', 'other', false],
    ['data\n!a\\*b\n', 'other', false],
    ['data\n!a?\n', 'other', false],
  ])('%j: can skip %s: %s', (text, dir, expected) => {
    expect(parseDockerignore(text).canSkipExcludedDirectory(dir)).toBe(expected);
  });

  it('the deciding pattern of a deep path is the last non-exception one that matched', () => {
    const rules = parseDockerignore('a\n!a/b\na/b/c\nx/*/z\n!x/y\n');
    // The first excluded directory on the way down names the pattern.
    expect(excludingPattern(rules, 'a/b/c/d.txt')).toBe('a');
    expect(excludingPattern(rules, 'x/y/z/f')).toBe('x/*/z');
    expect(excludingPattern(rules, 'x/y/f')).toBeUndefined();
    expect(excludingPattern(rules, 'a/x.txt')).toBe('a');
    expect(excludingPattern(rules, '.git/config')).toBe('.git');
    expect(excludingPattern(rules, 'z.txt')).toBeUndefined();
  });

  it('renders the user file as written, then the fixed paths', () => {
    const rules = parseDockerignore('data\n!keep');
    expect(renderDockerignore(rules)).toBe('data\n!keep\n.git\n.dockerignore\n');
  });
});

describe('the reader and Clean', () => {
  it.each<[string, string[]]>([
    ['a\n\n\nb', ['a', 'b']],
    ['#only a comment', []],
    ['\uFEFF#x\ny', ['y']],
    ['x\uFEFF', ['x\uFEFF']],
    ['\u00A0a\u3000', ['a']],
    ['! !a', ['!!a']],
    ['!/abs', ['!abs']],
    ['a/./b/../c', ['a/c']],
  ])('%j → %j', (text, patterns) => {
    expect(readIgnorePatterns(text)).toEqual(patterns);
  });

  it.each([
    ['a/b/../c', 'a/c'],
    ['a/..', '.'],
    ['../..', '../..'],
    ['../a/..', '..'],
    ['/..', '/'],
    ['/a/b/..', '/a'],
    ['a/../../b', '../b'],
    ['.', '.'],
  ])('goClean(%j) → %j', (input, output) => {
    expect(goClean(input)).toBe(output);
  });
});
