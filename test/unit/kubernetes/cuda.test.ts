import { describe, expect, it } from 'vitest';
import {
  checkClusterCuda,
  driverFromLabels,
  eligibleNodes,
  type NodeFacts,
} from '../../../src/kubernetes/cuda.js';

function node(name: string, labels: Record<string, string>, gpus = '8'): NodeFacts {
  return { name, labels, allocatable: { 'nvidia.com/gpu': gpus } };
}
const old = node('old', {
  'nvidia.com/cuda.driver.major': '535',
  'nvidia.com/cuda.driver.minor': '104',
  'nvidia.com/cuda.driver.rev': '05',
});
const recent = node('recent', { 'nvidia.com/cuda.driver-version.full': '570.124.06' });
const compat = node('compat', { 'nvidia.com/cuda.driver-version.full': '550.54.15' });

describe('CUDA preflight from node labels', () => {
  it.each([
    [{ 'nvidia.com/cuda.driver-version.full': '570.124.06' }, '570.124.06'],
    [
      {
        'nvidia.com/cuda.driver.major': '535',
        'nvidia.com/cuda.driver.minor': '104',
        'nvidia.com/cuda.driver.rev': '05',
      },
      '535.104.05',
    ],
    [
      {
        'nvidia.com/cuda.driver-version.major': '550',
        'nvidia.com/cuda.driver-version.minor': '54',
      },
      '550.54',
    ],
    [{}, undefined],
  ])('driver of %j is %s', (labels, driver) => {
    expect(driverFromLabels(labels)).toBe(driver);
  });

  it('eligible nodes match the selector and have enough GPUs', () => {
    const nodes = [
      node('a', { pool: 'x' }, '8'),
      node('b', { pool: 'y' }, '8'),
      node('c', { pool: 'x' }, '2'),
    ];
    expect(eligibleNodes(nodes, { pool: 'x' }, 'nvidia.com/gpu', 4).map((n) => n.name)).toEqual([
      'a',
    ]);
    expect(eligibleNodes(nodes, {}, 'nvidia.com/gpu', 0)).toHaveLength(3);
  });

  it.each([
    ['12.8.1', [recent], 'pass'],
    ['12.8.1', [old], 'warn'],
    ['13.0.0', [old], 'fail'],
    ['13.0.0', [old, compat], 'fail'],
    ['12.8.1', [old, recent], 'warn'],
    ['12.8.1', [compat], 'warn'],
    ['12.2', [old], 'pass'],
    ['12.8', [node('bare', {})], 'unknown'],
    ['12.8', [], 'unknown'],
  ] as const)('CUDA %s on %j → %s', (cuda, nodes, kind) => {
    expect(checkClusterCuda(cuda, nodes).kind).toBe(kind);
  });

  it('when every node runs it only under minor-version compatibility, says so', () => {
    const verdict = checkClusterCuda('12.8.1', [compat]);
    expect(verdict.message).toContain('only under minor-version compatibility');
    expect(verdict.message).toContain('compat (driver 550.54.15)');
    expect(verdict.message).not.toContain('Some eligible nodes');
  });

  it('a refusal names the driver needed, the nodes and the fixes', () => {
    const verdict = checkClusterCuda('13.0.0', [old]);
    expect(verdict.message).toContain('needs NVIDIA driver >= 580.65.06');
    expect(verdict.message).toContain('old (driver 535.104.05)');
    expect(verdict.message).toContain('kubernetes-node-selector');
  });
});
