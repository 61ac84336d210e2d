/**
 * CUDA preflight against the cluster's nodes: the driver version comes from the labels NVIDIA GPU
 * feature discovery puts on each node, the verdict from run mode's compatibility table. Pure.
 */
import { checkCudaDriver, type CudaVerdict } from '../run/cuda.js';

export interface NodeFacts {
  name: string;
  labels: Record<string, string>;
  allocatable: Record<string, string>;
}

/** `nvidia.com/cuda.driver-version.full`, or major.minor.rev from the older label set. */
export function driverFromLabels(labels: Record<string, string>): string | undefined {
  const full = labels['nvidia.com/cuda.driver-version.full'];
  if (full && /^\d+(\.\d+)+$/.test(full)) return full;
  const major =
    labels['nvidia.com/cuda.driver-version.major'] ?? labels['nvidia.com/cuda.driver.major'];
  if (!major || !/^\d+$/.test(major)) return undefined;
  const minor =
    labels['nvidia.com/cuda.driver-version.minor'] ?? labels['nvidia.com/cuda.driver.minor'];
  const rev =
    labels['nvidia.com/cuda.driver-version.revision'] ?? labels['nvidia.com/cuda.driver.rev'];
  return [major, minor, rev].filter((part) => part !== undefined && part !== '').join('.');
}

/** Nodes the scheduler could pick: matching the node selector, with the GPU resource. */
export function eligibleNodes(
  nodes: readonly NodeFacts[],
  nodeSelector: Record<string, string>,
  gpuResource: string,
  gpus: number,
): NodeFacts[] {
  return nodes.filter(
    (node) =>
      Object.entries(nodeSelector).every(([key, value]) => node.labels[key] === value) &&
      (gpus === 0 || Number(node.allocatable[gpuResource] ?? '0') >= gpus),
  );
}

export type ClusterCudaVerdict =
  { kind: 'pass' | 'warn' | 'unknown'; message: string } | { kind: 'fail'; message: string };

/**
 * Fails only when every eligible node that reports a driver is too old for the image (the Job
 * would never run); warns when some are, so the user can steer with a node selector.
 */
export function checkClusterCuda(
  cudaVersion: string,
  nodes: readonly NodeFacts[],
): ClusterCudaVerdict {
  const verdicts = nodes
    .map((node) => ({ node, driver: driverFromLabels(node.labels) }))
    .filter((entry): entry is { node: NodeFacts; driver: string } => entry.driver !== undefined)
    .map((entry) => ({ ...entry, verdict: checkCudaDriver(cudaVersion, entry.driver) }));
  if (nodes.length === 0) {
    return {
      kind: 'unknown',
      message: 'no node matches the node selector and GPU request; the Job may stay pending',
    };
  }
  if (verdicts.length === 0) {
    return {
      kind: 'unknown',
      message: `no eligible node carries NVIDIA driver labels (nvidia.com/cuda.driver.*); CUDA ${cudaVersion} was not checked`,
    };
  }
  const describe = (entry: { node: NodeFacts; driver: string }) =>
    `${entry.node.name} (driver ${entry.driver})`;
  const failing = verdicts.filter((entry) => entry.verdict.kind === 'fail');
  const weak = verdicts.filter((entry) => entry.verdict.kind === 'warn');
  if (failing.length === verdicts.length) {
    const first = failing[0]!.verdict as Extract<CudaVerdict, { kind: 'fail' }>;
    return {
      kind: 'fail',
      message:
        `No eligible node can run CUDA ${cudaVersion}: it needs NVIDIA driver >= ${first.minimum}; ` +
        `nodes: ${failing.map(describe).join(', ')}. Update the nodes' driver, choose newer nodes ` +
        'with kubernetes-node-selector, or build on a base image with an older CUDA.',
    };
  }
  if (failing.length === 0 && weak.length === verdicts.length) {
    return {
      kind: 'warn',
      message: `${weak[0]!.verdict.message} (nodes: ${weak.map(describe).join(', ')})`,
    };
  }
  if (failing.length > 0 || weak.length > 0) {
    return {
      kind: 'warn',
      message:
        `Some eligible nodes have a driver too old for CUDA ${cudaVersion}: ` +
        `${[...failing, ...weak].map(describe).join(', ')}. Pin the Job to the others with ` +
        'kubernetes-node-selector (e.g. nvidia.com/cuda.driver.major=...).',
    };
  }
  return {
    kind: 'pass',
    message: `CUDA ${cudaVersion}: every eligible node's driver is recent enough (${verdicts.map(describe).join(', ')})`,
  };
}
