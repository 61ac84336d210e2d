/** Label the image builder puts on images it builds; images carrying it may be pruned on a full disk. */
export const IMAGE_LABEL = 'dev.launch-action.source-hash';

/**
 * The labels of a built image: its source hash, where it came from when a workflow built it, and
 * the commit actually built — the context's git HEAD, not GITHUB_SHA (which names the triggering
 * commit, wrong when an older commit is relaunched). No revision label when HEAD is unknown.
 */
export function imageLabels(
  env: NodeJS.ProcessEnv,
  sourceHash: string,
  revision?: string,
): [string, string][] {
  const labels: [string, string][] = [[IMAGE_LABEL, sourceHash]];
  if (env.GITHUB_REPOSITORY) {
    labels.push([
      'org.opencontainers.image.source',
      `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`,
    ]);
  }
  if (revision) labels.push(['org.opencontainers.image.revision', revision]);
  return labels;
}

/** Labels recording the CUDA runtime the image's pip wheels bring (see environment/cuda-implied.ts). */
export const CUDA_LABEL = 'dev.launch-action.cuda';
export const CUDA_SOURCE_LABEL = 'dev.launch-action.cuda-source';
export const TORCH_LABEL = 'dev.launch-action.torch';

/** The CUDA labels of an image whose requirements imply a CUDA version; none otherwise. */
export function cudaLabels(
  cuda: { version: string; source: string; torch?: string } | undefined,
): [string, string][] {
  if (!cuda) return [];
  const labels: [string, string][] = [
    [CUDA_LABEL, cuda.version],
    [CUDA_SOURCE_LABEL, cuda.source],
  ];
  if (cuda.torch) labels.push([TORCH_LABEL, cuda.torch]);
  return labels;
}
