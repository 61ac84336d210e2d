import { describe, expect, it } from 'vitest';
import { parseRequirement } from '../../../src/environment/pep508.js';
import {
  chooseMinorForSpecifier,
  poetryConstraintToSpecifier,
} from '../../../src/environment/python-version.js';
import { parseSpecifierList } from '../../../src/environment/pep508.js';
import {
  classifyLine,
  logicalLines,
  resolveInclude,
} from '../../../src/environment/requirements-file.js';
import { classifyListInput } from '../../../src/environment/inputs.js';

describe('poetryConstraintToSpecifier', () => {
  it.each([
    ['^1.2.3', '>=1.2.3,<2.0.0'],
    ['^0.2.3', '>=0.2.3,<0.3.0'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0', '>=0,<1'],
    ['^3.10', '>=3.10,<4.0'],
    ['~1.2.3', '>=1.2.3,<1.3.0'],
    ['~1.2', '>=1.2,<1.3'],
    ['~1', '>=1,<2'],
    ['~=1.4', '~=1.4'],
    ['1.2.3', '==1.2.3'],
    ['1.2.*', '==1.2.*'],
    ['>=1,<2', '>=1,<2'],
    ['>=1 <2', '>=1,<2'],
    ['*', ''],
    ['', ''],
  ])('%s → %s', (constraint, specifier) => {
    expect(poetryConstraintToSpecifier(constraint)).toBe(specifier);
  });

  it('has no PEP 440 form for ||', () => {
    expect(poetryConstraintToSpecifier('^1.0 || ^2.0')).toBeUndefined();
  });
});

describe('chooseMinorForSpecifier', () => {
  const choose = (text: string) => {
    const parsed = parseSpecifierList(text);
    if (!parsed.ok) throw new Error(parsed.error);
    return chooseMinorForSpecifier(parsed.value);
  };
  it.each([
    ['', '3.11'],
    ['>=3.8', '3.11'],
    ['<3.9', '3.8'],
    ['>=3.12,<3.13', '3.12'],
    ['!=3.11.*,>=3.11', '3.12'],
    ['==3.13.1', '3.13'],
    ['>=3.15', undefined],
    ['<3.8', undefined],
  ])('%s → %s', (specifier, minor) => {
    expect(choose(specifier)).toBe(minor);
  });
});

describe('parseRequirement', () => {
  it('splits name, extras, specifiers, URL and marker', () => {
    expect(parseRequirement('Foo.Bar[a, b] >=1.0, <2 ; python_version < "3.12"')).toEqual({
      ok: true,
      value: {
        name: 'Foo.Bar',
        extras: ['a', 'b'],
        specifiers: [
          { op: '>=', version: '1.0' },
          { op: '<', version: '2' },
        ],
        marker: 'python_version < "3.12"',
      },
    });
    expect(parseRequirement('pkg @ https://x.example/p.whl ; os_name == "posix"')).toEqual({
      ok: true,
      value: {
        name: 'pkg',
        extras: [],
        specifiers: [],
        url: 'https://x.example/p.whl',
        marker: 'os_name == "posix"',
      },
    });
  });

  it.each([
    '-numpy',
    'numpy >= ',
    'numpy ==1.0 ==',
    'numpy; python_version <',
    'numpy; (python_version < "3.9"',
    'numpy; python_version < "3.9" and',
    "numpy; python_version < '3.9",
    'numpy @ ',
    'numpy[a b]',
  ])('rejects %s', (text) => {
    expect(parseRequirement(text).ok).toBe(false);
  });
});

describe('requirements-file lines', () => {
  it('joins continuations, strips comments, keeps the first line number', () => {
    expect(
      logicalLines('# top\nnumpy \\\n  ==1.26.4  # pin\n\n  torch\nurl @ https://x/#frag\n'),
    ).toEqual([
      { lineNumber: 2, text: 'numpy   ==1.26.4' },
      { lineNumber: 5, text: 'torch' },
      { lineNumber: 6, text: 'url @ https://x/#frag' },
    ]);
  });

  it.each([
    ['-rbase.txt', { kind: 'include', option: '-r', target: 'base.txt' }],
    ['--requirement=base.txt', { kind: 'include', option: '-r', target: 'base.txt' }],
    ['--constraint c.txt', { kind: 'include', option: '-c', target: 'c.txt' }],
    ['-e .', { kind: 'editable', target: '.' }],
    ['--pre --prefer-binary', { kind: 'option', indexUrls: [] }],
    ['-i https://a/simple --trusted-host a', { kind: 'option', indexUrls: ['https://a/simple'] }],
    ['file:///opt/x.whl', { kind: 'local', target: 'file:///opt/x.whl' }],
    ['~/wheels/x.whl', { kind: 'local', target: '~/wheels/x.whl' }],
    ['C:\\wheels\\x.whl', { kind: 'local', target: 'C:\\wheels\\x.whl' }],
    [
      'hg+https://hg.example/repo#egg=repo',
      { kind: 'url', url: 'hg+https://hg.example/repo#egg=repo' },
    ],
  ])('%s', (text, entry) => {
    expect(classifyLine(text)).toEqual(entry);
  });

  it.each([
    ['requirements.txt', 'base.txt', { kind: 'file', path: 'base.txt' }],
    ['reqs/train.txt', '../base.txt', { kind: 'file', path: 'base.txt' }],
    ['reqs/train.txt', './gpu/extra.txt', { kind: 'file', path: 'reqs/gpu/extra.txt' }],
    ['reqs/train.txt', 'sub\\win.txt', { kind: 'file', path: 'reqs/sub/win.txt' }],
    ['reqs/train.txt', 'https://x.example/r.txt', { kind: 'url', url: 'https://x.example/r.txt' }],
  ])('%s includes %s', (from, target, resolved) => {
    expect(resolveInclude(from, target)).toEqual(resolved);
  });

  it.each([
    ['requirements.txt', '../x.txt'],
    ['reqs/a.txt', '../../x.txt'],
    ['a.txt', '/abs.txt'],
    ['a.txt', 'C:\\abs.txt'],
    ['a.txt', 'file:///x.txt'],
  ])('%s cannot include %s', (from, target) => {
    expect(resolveInclude(from, target).kind).toBe('outside');
  });
});

describe('classifyListInput', () => {
  it.each([
    ['requirements.txt', { kind: 'path', path: 'requirements.txt' }],
    ['./reqs/../reqs/gpu.txt', { kind: 'path', path: 'reqs/gpu.txt' }],
    ['numpy\ntorch', { kind: 'inline', text: 'numpy\ntorch' }],
    ['pkg @ https://h/a/../p.whl', { kind: 'inline', text: 'pkg @ https://h/a/../p.whl' }],
  ])('%s', (value, expected) => {
    expect(classifyListInput('requirements', value)).toEqual(expected);
  });
});
