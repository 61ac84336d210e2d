/** Label the image builder puts on images it builds; images carrying it may be pruned on a full disk. */
export const IMAGE_LABEL = 'dev.launch-action.source-hash';

/** The labels of a built image: its source hash, and where it came from when a workflow built it. */
export function imageLabels(env: NodeJS.ProcessEnv, sourceHash: string): [string, string][] {
  const labels: [string, string][] = [[IMAGE_LABEL, sourceHash]];
  if (env.GITHUB_REPOSITORY) {
    labels.push([
      'org.opencontainers.image.source',
      `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`,
    ]);
  }
  if (env.GITHUB_SHA) labels.push(['org.opencontainers.image.revision', env.GITHUB_SHA]);
  return labels;
}
