import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext } from '../context/files.js';
import { InputError } from '../platform/errors.js';

/**
 * `secret-files` as absolute paths. A file that is missing, or that the build context holds (it
 * would be hashed into the tag and copied into the image), is refused before anything is built.
 */
export async function resolveSecretFiles(
  entries: readonly (readonly [string, string])[],
  workspace: string,
  context: Pick<BuildContext, 'root' | 'files'>,
): Promise<[string, string][]> {
  const inContext = new Set(context.files.map((file) => file.path));
  const resolved: [string, string][] = [];
  for (const [id, file] of entries) {
    const absolute = path.resolve(workspace, file);
    const info = await stat(absolute).catch(() => undefined);
    if (!info?.isFile()) {
      throw new InputError(
        'secret-files',
        `${id}=${file}`,
        `${absolute} is not a file`,
        'Write the secret to a file first (e.g. in $RUNNER_TEMP), and give ID=PATH.',
      );
    }
    const relative = path.relative(context.root, absolute).split(path.sep).join('/');
    if (inContext.has(relative)) {
      throw new InputError(
        'secret-files',
        `${id}=${file}`,
        `${file} is inside the build context, so it would be hashed and could be copied into the image`,
        'Keep secret files outside the context (e.g. in $RUNNER_TEMP), or exclude it in .dockerignore.',
      );
    }
    resolved.push([id, absolute]);
  }
  return resolved;
}

/** `ssh` lines for buildx: `default` needs an agent (SSH_AUTH_SOCK); paths become absolute. */
export function resolveSsh(
  entries: readonly string[],
  workspace: string,
  env: NodeJS.ProcessEnv,
): string[] {
  return entries.map((entry) => {
    const eq = entry.indexOf('=');
    if (eq === -1) {
      if (!env.SSH_AUTH_SOCK) {
        throw new InputError(
          'ssh',
          entry,
          `"${entry}" forwards the SSH agent of this job, but SSH_AUTH_SOCK is not set (no agent is running)`,
          'Start an agent with your key before this step (e.g. webfactory/ssh-agent), or give ID=PATH to a key file.',
        );
      }
      return entry;
    }
    const id = entry.slice(0, eq);
    const paths = entry
      .slice(eq + 1)
      .split(',')
      .map((item) => path.resolve(workspace, item.trim()));
    return `${id}=${paths.join(',')}`;
  });
}
