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
