import { describe, expect, it } from 'vitest';
import {
  parseDistributionFilename,
  releaseProblem,
  sameVersion,
  wheelSupports,
  type WheelTarget,
} from '../../../src/environment/wheel-tags.js';

const x86 = (minor: number): WheelTarget => ({
  minor,
  arch: 'x86_64',
  libc: 'glibc',
  libcVersion: [2, 36],
});
const tagsOf = (filename: string) => {
  const parsed = parseDistributionFilename(filename);
  if (parsed?.kind !== 'wheel') throw new Error(`not a wheel: ${filename}`);
  return parsed.tags;
};

describe('wheel tag compatibility (CPython on Linux)', () => {
  // [file, target, installs?]
  const cases: [string, WheelTarget, boolean][] = [
    ['numpy-1.21.6-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', x86(10), true],
    ['numpy-1.21.6-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', x86(11), false],
    ['numpy-1.21.6-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', x86(9), false],
    ['numpy-1.21.6-cp310-cp310-manylinux_2_17_aarch64.manylinux2014_aarch64.whl', x86(10), false],
    [
      'numpy-1.21.6-cp310-cp310-manylinux_2_17_aarch64.manylinux2014_aarch64.whl',
      { ...x86(10), arch: 'aarch64' },
      true,
    ],
    // abi3: the version it was built for and every newer one, never older.
    ['cryptography-42.0.0-cp39-abi3-manylinux_2_28_x86_64.whl', x86(9), true],
    ['cryptography-42.0.0-cp39-abi3-manylinux_2_28_x86_64.whl', x86(13), true],
    ['cryptography-42.0.0-cp39-abi3-manylinux_2_28_x86_64.whl', x86(8), false],
    // glibc: a manylinux_2_28 wheel needs glibc 2.28 or newer.
    [
      'torch-2.6.0-cp311-cp311-manylinux_2_28_x86_64.whl',
      { ...x86(11), libcVersion: [2, 27] },
      false,
    ],
    ['torch-2.6.0-cp311-cp311-manylinux_2_28_x86_64.whl', x86(11), true],
    ['old-1.0-cp38-cp38-manylinux1_x86_64.whl', x86(8), true],
    ['old-1.0-cp38-cp38-manylinux2010_x86_64.whl', x86(8), true],
    // musllinux is for Alpine-like bases, manylinux for glibc ones.
    ['pkg-1.0-cp311-cp311-musllinux_1_1_x86_64.whl', x86(11), false],
    [
      'pkg-1.0-cp311-cp311-musllinux_1_1_x86_64.whl',
      { ...x86(11), libc: 'musl', libcVersion: [1, 2] },
      true,
    ],
    [
      'pkg-1.0-cp311-cp311-manylinux_2_17_x86_64.whl',
      { ...x86(11), libc: 'musl', libcVersion: [1, 2] },
      false,
    ],
    // Pure wheels install anywhere; py3X means "this minor or newer".
    ['six-1.16.0-py2.py3-none-any.whl', x86(13), true],
    ['tomli-2.0.1-py3-none-any.whl', x86(8), true],
    ['newer-1.0-py310-none-any.whl', x86(9), false],
    ['newer-1.0-py310-none-any.whl', x86(12), true],
    ['cponly-1.0-cp311-none-any.whl', x86(11), true],
    ['cponly-1.0-cp311-none-any.whl', x86(12), false],
    // `any` with an ABI is never installed: compiled code has a platform.
    ['odd-1.0-cp311-abi3-any.whl', x86(11), false],
    ['odd-1.0-cp311-cp311-any.whl', x86(11), false],
    // Other interpreters and builds never match.
    ['pkg-1.0-pp310-pypy310_pp73-manylinux_2_17_x86_64.whl', x86(10), false],
    ['pkg-1.0-cp313-cp313t-manylinux_2_17_x86_64.whl', x86(13), false],
    ['pkg-1.0-cp311-cp311-win_amd64.whl', x86(11), false],
    ['pkg-1.0-cp311-cp311-macosx_11_0_arm64.whl', x86(11), false],
    ['pkg-1.0-cp311-cp311-linux_x86_64.whl', x86(11), true],
    ['pkg-1.0-1-cp311-cp311-manylinux_2_17_x86_64.whl', x86(11), true],
  ];
  it.each(cases)('%s on %o → %s', (file, target, expected) => {
    expect(wheelSupports(tagsOf(file), target)).toBe(expected);
  });

  it('reads sdists and ignores other files', () => {
    expect(parseDistributionFilename('numpy-1.21.6.zip')).toEqual({
      kind: 'sdist',
      version: '1.21.6',
    });
    expect(parseDistributionFilename('scikit-learn-1.0.2.tar.gz')).toEqual({
      kind: 'sdist',
      version: '1.0.2',
    });
    expect(parseDistributionFilename('pkg-1.0-py3.8.egg')).toBeUndefined();
    expect(parseDistributionFilename('bad.whl')).toBeUndefined();
  });

  it('compares versions as == does', () => {
    expect(sameVersion('1.0', '1.0.0')).toBe(true);
    expect(sameVersion('2.1.0+cu118', '2.1+cu118')).toBe(true);
    expect(sameVersion('1.0', '1.0.1')).toBe(false);
    expect(sameVersion('1.0rc1', '1.0')).toBe(false);
  });
});

describe('releaseProblem', () => {
  const numpy = [
    { filename: 'numpy-1.21.6-cp39-cp39-manylinux_2_17_x86_64.manylinux2014_x86_64.whl' },
    { filename: 'numpy-1.21.6-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl' },
    { filename: 'numpy-1.21.6.zip' },
    { filename: 'numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl' },
  ];

  it('a release with wheels needs one for the target, sdist or not', () => {
    expect(releaseProblem(numpy, '1.21.6', x86(10))).toBeUndefined();
    expect(releaseProblem(numpy, '1.21.6', x86(11))).toBe(
      'has no cp311 wheel for manylinux x86_64',
    );
    expect(releaseProblem(numpy, '1.26.4', x86(11))).toBeUndefined();
  });

  it('an sdist-only or unknown release constrains nothing but requires-python', () => {
    expect(releaseProblem([{ filename: 'pure-1.0.tar.gz' }], '1.0', x86(13))).toBeUndefined();
    expect(releaseProblem(numpy, '9.9', x86(11))).toBeUndefined();
    const strict = [{ filename: 'strict-1.0.tar.gz', requiresPython: '>=3.12' }];
    expect(releaseProblem(strict, '1.0', x86(11))).toBe('requires Python >=3.12');
    expect(releaseProblem(strict, '1.0', x86(12))).toBeUndefined();
  });

  it("a fitting wheel's requires-python counts", () => {
    const files = [{ filename: 'lib-2.0-py3-none-any.whl', requiresPython: '>=3.9,<3.11' }];
    expect(releaseProblem(files, '2.0', x86(10))).toBeUndefined();
    expect(releaseProblem(files, '2.0', x86(11))).toBe('requires Python >=3.9,<3.11');
  });
});
