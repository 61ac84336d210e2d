import { describe, expect, it } from 'vitest';
import {
  checkCudaDriver,
  compareVersions,
  cudaVersionFromEnv,
  imageCudaClaims,
  imageTorch,
  describeGpus,
  driverRequirement,
  parseNvidiaSmi,
} from '../../../src/run/cuda.js';

describe('parseNvidiaSmi', () => {
  it('parses one line per GPU', () => {
    const out =
      'GPU-1111aaaa-0000-0000-0000-000000000000, NVIDIA A100-SXM4-80GB, 570.124.06, 3 MiB, 81920 MiB, 8.0\n' +
      'GPU-2222bbbb-0000-0000-0000-000000000000, NVIDIA A100-SXM4-80GB, 570.124.06, 40000 MiB, 81920 MiB, 8.0\n';
    expect(parseNvidiaSmi(out)).toEqual([
      {
        index: 0,
        uuid: 'GPU-1111aaaa-0000-0000-0000-000000000000',
        name: 'NVIDIA A100-SXM4-80GB',
        driverVersion: '570.124.06',
        memoryUsedMiB: 3,
        memoryTotalMiB: 81920,
        computeCapability: '8.0',
      },
      expect.objectContaining({ index: 1, memoryUsedMiB: 40000 }),
    ]);
  });

  it.each([
    ['', 0],
    ['\n\n', 0],
    ['GPU-x, Tesla T4, 535.104.05, 0 MiB, 15360 MiB, 7.5', 1],
    ['GPU-x, NVIDIA H100 80GB HBM3, 580.65.06, [N/A], [N/A], 9.0\r\n', 1],
  ])('%j → %i GPUs', (out, count) => {
    expect(parseNvidiaSmi(out)).toHaveLength(count);
  });

  it.each([
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    'GPU-x, T4, not-a-version, 0 MiB, 1 MiB, 7.5',
  ])('rejects %j', (out) => {
    expect(() => parseNvidiaSmi(out)).toThrow(/nvidia-smi|driver version/);
  });
});

describe('compareVersions', () => {
  it.each([
    ['570.26', '570.124.06', -1],
    ['570.124.06', '570.26', 1],
    ['525', '525.60.13', -1],
    ['580.65.06', '580', 1],
    ['550.54.14', '550.54.14', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});

describe('driverRequirement', () => {
  it.each([
    ['12.8.1', '570.124.06', false],
    ['12.8', '570.26', false],
    ['12.8.0', '570.26', false],
    ['12.6.2', '560.35.03', false],
    ['12.1.1', '530.30.02', false],
    ['13.0.2', '580.95.05', false],
    ['11.8.0', '520.61.05', false],
    ['12.7.0', '570.26', true], // no 12.7 release row: the next newer row
    ['11.2.2', '470.42.01', true],
    ['12.9.7', '575.57.08', true], // newer than the table: newest row of the major
  ])('CUDA %s needs %s', (cuda, minimum, approximate) => {
    expect(driverRequirement(cuda)).toMatchObject({ minimum, approximate });
  });

  it.each(['10.2', '14.0', 'latest'])('%s is not covered', (cuda) => {
    expect(driverRequirement(cuda)).toBeUndefined();
  });
});

describe('checkCudaDriver', () => {
  it.each([
    ['12.8.1', '570.124.06', 'pass'],
    ['12.8.1', '575.51.03', 'pass'],
    ['12.8.1', '570.86.10', 'warn'],
    ['12.8.1', '535.104.05', 'warn'],
    ['12.8.1', '525.60.13', 'warn'],
    ['12.8.1', '520.61.05', 'fail'],
    ['12.4.1', '470.42.01', 'fail'],
    ['13.0.0', '575.57.08', 'fail'],
    ['13.1.1', '580.65.06', 'warn'],
    ['11.8.0', '450.80.02', 'warn'],
    ['11.8.0', '450.51.05', 'fail'],
    ['11.0.0', '450.80.02', 'pass'],
    ['14.0.0', '600.1', 'unknown'],
  ])('CUDA %s on driver %s → %s', (cuda, driver, kind) => {
    expect(checkCudaDriver(cuda, driver).kind).toBe(kind);
  });

  it('names the exact minimum driver when refusing', () => {
    const verdict = checkCudaDriver('12.8.1', '520.61.05');
    expect(verdict).toMatchObject({ kind: 'fail', minimum: '570.124.06' });
    expect(verdict.message).toContain('>= 570.124.06');
    expect(verdict.message).toContain('520.61.05');
    expect(verdict.message).toContain('525');
  });

  it('names the minimum driver when warning', () => {
    const verdict = checkCudaDriver('12.4.0', '535.54.03');
    expect(verdict).toMatchObject({ kind: 'warn', minimum: '550.54.14' });
    expect(verdict.message).toMatch(/minor-version compatibility/);
  });
});

describe('cudaVersionFromEnv / describeGpus', () => {
  it.each([
    [['PATH=/usr/bin', 'CUDA_VERSION=12.8.1', 'NVIDIA_REQUIRE_CUDA=cuda>=12.8'], '12.8.1'],
    [['PATH=/usr/bin'], undefined],
    [null, undefined],
    [['CUDA_VERSION='], undefined],
  ])('%j → %s', (env, version) => {
    expect(cudaVersionFromEnv(env)).toBe(version);
  });

  it('describes GPUs', () => {
    expect(describeGpus([])).toBe('none');
    const gpu = {
      index: 0,
      uuid: 'u',
      name: 'Tesla T4',
      driverVersion: '535.1',
      memoryUsedMiB: 0,
      memoryTotalMiB: 1,
      computeCapability: '7.5',
    };
    expect(describeGpus([gpu, { ...gpu, index: 1 }])).toBe('2 x Tesla T4 (driver 535.1)');
  });
});

describe('imageCudaClaims', () => {
  it.each<[string, Parameters<typeof imageCudaClaims>[0], { version: string; source: RegExp }[]]>([
    ['nothing declared', { Env: ['PATH=/usr/bin'], Labels: null }, []],
    ['no config', null, []],
    [
      'CUDA_VERSION of an official CUDA base',
      { Env: ['CUDA_VERSION=12.8.1'] },
      [{ version: '12.8.1', source: /CUDA_VERSION/ }],
    ],
    [
      'label with its source',
      {
        Labels: {
          'dev.launch-action.cuda': '12.1',
          'dev.launch-action.cuda-source': 'torch==2.3.1+cu121',
        },
      },
      [
        {
          version: '12.1',
          source: /label dev\.launch-action\.cuda \(from torch==2\.3\.1\+cu121\)/,
        },
      ],
    ],
    [
      'a bare major is checked as its oldest release',
      { Labels: { 'dev.launch-action.cuda': '12' } },
      [{ version: '12.0', source: /label/ }],
    ],
    ['a malformed label is ignored', { Labels: { 'dev.launch-action.cuda': 'twelve' } }, []],
    [
      'both',
      { Env: ['CUDA_VERSION=12.1.1'], Labels: { 'dev.launch-action.cuda': '12.4' } },
      [
        { version: '12.1.1', source: /CUDA_VERSION/ },
        { version: '12.4', source: /label/ },
      ],
    ],
  ])('%s', (_name, config, expected) => {
    const claims = imageCudaClaims(config);
    expect(claims.map((c) => c.version)).toEqual(expected.map((e) => e.version));
    claims.forEach((claim, i) => expect(claim.source).toMatch(expected[i]!.source));
  });
});

describe('imageTorch', () => {
  it.each([
    [{ Labels: { 'dev.launch-action.torch': '2.3.1+cu121' } }, '2.3.1+cu121'],
    [{ Labels: null }, undefined],
    [null, undefined],
  ])('%j → %s', (config, torch) => {
    expect(imageTorch(config)).toBe(torch);
  });
});
