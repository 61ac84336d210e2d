import { describe, expect, it } from 'vitest';
import {
  choosePythonForPins,
  exactPins,
  type PinFiles,
} from '../../../src/environment/python-from-wheels.js';
import type { WheelTarget } from '../../../src/environment/wheel-tags.js';

const x86 = (minor: number): WheelTarget[] => [
  { minor, arch: 'x86_64', libc: 'glibc', libcVersion: [2, 36] },
];
const manylinux = (name: string, version: string, minors: number[]) =>
  minors.map((minor) => ({
    filename: `${name}-${version}-cp3${minor}-cp3${minor}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl`,
  }));
const pin = (text: string) => exactPins([text], 40).pins[0]!;

describe('exactPins', () => {
  it('reads name==version lines, known binary projects first, and skips the rest', () => {
    const text = [
      'tqdm==4.66.1',
      'Numpy[extra]==1.21.6 --hash=sha256:abc',
      'torch>=2.0',
      'scipy==1.7.*',
      'pandas==1.3.5; python_version < "3.10"',
      'pkg @ https://example.invalid/pkg-1.0.whl',
      '-r other.txt',
      '# numpy==9',
      'tqdm==4.66.2',
    ].join('\n');
    expect(exactPins([text], 40)).toEqual({
      pins: [
        { project: 'numpy', version: '1.21.6', text: 'Numpy==1.21.6' },
        { project: 'tqdm', version: '4.66.1', text: 'tqdm==4.66.1' },
      ],
      total: 2,
    });
  });

  it('stops at the limit and says how many there were', () => {
    const text = Array.from({ length: 5 }, (_, i) => `p${i}==1.0`).join('\n');
    const { pins, total } = exactPins([text], 3);
    expect(pins.map((p) => p.project)).toEqual(['p0', 'p1', 'p2']);
    expect(total).toBe(5);
  });
});

describe('choosePythonForPins', () => {
  const numpy: PinFiles = {
    pin: pin('numpy==1.21.6'),
    files: [...manylinux('numpy', '1.21.6', [7, 8, 9, 10]), { filename: 'numpy-1.21.6.zip' }],
  };
  const torch: PinFiles = {
    pin: pin('torch==2.0.1'),
    files: manylinux('torch', '2.0.1', [8, 9, 10, 11]),
  };
  const newOnly: PinFiles = {
    pin: pin('fresh==1.0'),
    files: manylinux('fresh', '1.0', [12, 13]),
  };
  const pure: PinFiles = {
    pin: pin('tqdm==4.66.1'),
    files: [{ filename: 'tqdm-4.66.1-py3-none-any.whl' }],
  };
  const sdistOnly: PinFiles = {
    pin: pin('legacy==0.1'),
    files: [{ filename: 'legacy-0.1.tar.gz' }],
  };

  const table: [string, PinFiles[], ReturnType<typeof choosePythonForPins>][] = [
    [
      'pure and sdist-only pins keep the default',
      [pure, sdistOnly],
      { kind: 'default', minor: 11, checked: 2 },
    ],
    [
      'a pin with a cp311 wheel confirms the default',
      [torch],
      { kind: 'default', minor: 11, checked: 1 },
    ],
    [
      'numpy 1.21.6 has no cp311 wheel: the newest older Python that fits',
      [numpy, torch, pure],
      {
        kind: 'chosen',
        minor: 10,
        blockers: ['numpy==1.21.6 has no cp311 wheel for manylinux x86_64'],
        checked: 3,
      },
    ],
    [
      'only newer wheels: the oldest newer Python that fits',
      [newOnly],
      {
        kind: 'chosen',
        minor: 12,
        blockers: ['fresh==1.0 has no cp311 wheel for manylinux x86_64'],
        checked: 1,
      },
    ],
    [
      'no Python fits every pin: the default stays',
      [numpy, newOnly],
      {
        kind: 'conflict',
        minor: 11,
        blockers: [
          'numpy==1.21.6 has no cp311 wheel for manylinux x86_64',
          'fresh==1.0 has no cp311 wheel for manylinux x86_64',
        ],
        checked: 2,
      },
    ],
  ];
  it.each(table)('%s', (_name, found, expected) => {
    expect(choosePythonForPins(found, x86)).toEqual(expected);
  });

  it('every target platform needs a wheel', () => {
    const both = (minor: number): WheelTarget[] => [
      ...x86(minor),
      { minor, arch: 'aarch64', libc: 'glibc', libcVersion: [2, 36] },
    ];
    const armFrom10: PinFiles = {
      pin: pin('armlib==1.0'),
      files: [
        ...manylinux('armlib', '1.0', [9, 10, 11]),
        { filename: 'armlib-1.0-cp310-cp310-manylinux_2_17_aarch64.whl' },
      ],
    };
    expect(choosePythonForPins([armFrom10], both)).toEqual({
      kind: 'chosen',
      minor: 10,
      blockers: ['armlib==1.0 has no cp311 wheel for manylinux aarch64'],
      checked: 1,
    });
  });
});
