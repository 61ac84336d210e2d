import { describe, expect, it } from 'vitest';
import { parseDockerignore, renderDockerignore } from '../../../src/context/dockerignore.js';

describe('parseDockerignore (docker semantics: patterns anchored at the root)', () => {
  const rules = parseDockerignore(
    '# comment\n\ndata\n*.ckpt\n**/__pycache__\n!keep.ckpt\n./logs/\n',
  );
  it.each([
    ['.git', true, true],
    ['.git/HEAD', false, true],
    ['data', true, true],
    ['src/data', true, false],
    ['model.ckpt', false, true],
    ['src/model.ckpt', false, false],
    ['keep.ckpt', false, false],
    ['src/__pycache__', true, true],
    ['logs', true, true],
    ['train.py', false, false],
  ])('%s (directory %s) ignored: %s', (path, isDirectory, ignored) => {
    expect(rules.ignores(path, isDirectory)).toBe(ignored);
  });

  it('notes exceptions, which stop directory pruning', () => {
    expect(rules.hasExceptions).toBe(true);
    expect(parseDockerignore('data\n').hasExceptions).toBe(false);
  });

  it('hands the builder the user rules plus .git', () => {
    expect(renderDockerignore(parseDockerignore('data\n# x\n'))).toBe('.git\ndata\n');
  });
});
