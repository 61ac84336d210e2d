import { describe, expect, it } from 'vitest';
import { computeCapabilityWarning, torchArchRow } from '../../../src/run/compute-capability.js';

describe('torchArchRow', () => {
  it.each<[string, string | undefined, [string, string] | undefined]>([
    ['2.3.1+cu121', undefined, ['5.0', '9.0']],
    ['2.1.2', '12.1', ['5.0', '9.0']],
    ['2.1.2', '11.8', undefined],
    ['2.5.1+cu124', '12', ['5.0', '9.0']],
    ['2.6.0+cu124', undefined, ['5.0', '9.0']],
    ['2.7.1+cu126', undefined, ['5.0', '9.0']],
    ['2.7.0+cu128', undefined, ['7.5', '12.0']],
    ['2.8.0+cu128', undefined, ['7.0', '12.0']],
    ['2.8.0+cu129', undefined, ['7.0', '12.0']],
    ['2.10.0+cu128', undefined, ['7.0', '12.0']],
    ['2.11.0+cu128', undefined, ['7.5', '12.0']],
    ['2.11.0+cu126', undefined, ['5.0', '9.0']],
    ['2.9.0+cu130', undefined, ['7.5', '12.0']],
    ['2.12.0+cu128', undefined, undefined],
    ['2.3.1', '12', undefined],
    ['2.0.1+cu117', undefined, undefined],
    ['1.13.1+cu117', undefined, undefined],
  ])('torch %s (CUDA %s) → %j', (torch, cuda, compute) => {
    expect(torchArchRow(torch, cuda)?.compute).toEqual(compute);
  });
});

describe('computeCapabilityWarning', () => {
  const gpu = (computeCapability: string) => ({ index: 0, name: 'GPU', computeCapability });
  it.each<[string, string, RegExp | undefined]>([
    ['2.3.1+cu121', '8.6', undefined],
    ['2.3.1+cu121', '9.0', undefined],
    ['2.3.1+cu121', '5.0', undefined],
    ['2.3.1+cu121', '12.0', /compute capability 12\.0 \(sm_120\).*sm_50–sm_90.*newer torch/],
    ['2.3.1+cu121', '3.7', /compute capability 3\.7 \(sm_37\).*older torch/],
    ['2.7.0+cu128', '12.0', undefined],
    ['2.7.0+cu128', '7.0', /compute capability 7\.0 \(sm_70\).*sm_75–sm_120.*CUDA 12\.6 build/],
    ['2.8.0+cu128', '7.0', undefined],
    ['2.7.1+cu126', '6.1', undefined],
    ['2.0.1+cu117', '12.0', undefined],
    ['2.3.1+cu121', '[N/A]', undefined],
  ])('torch %s on compute %s', (torch, capability, expected) => {
    const warning = computeCapabilityWarning(torch, undefined, gpu(capability));
    if (expected) expect(warning).toMatch(expected);
    else expect(warning).toBeUndefined();
  });
});
