import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { listBuildContext, type BuildContext } from '../context/files.js';
import type { DependencySplit } from './split.js';

/**
 * The dependency image's build context: a directory holding only the files its Dockerfile
 * copies, at the same relative paths. Docker then sees exactly what the dependency hash covers,
 * and a code change cannot reach this build. Returns the context as listed back from disk.
 */
export async function writeDependencyContext(
  source: BuildContext,
  split: DependencySplit,
  dir: string,
): Promise<BuildContext> {
  // An environment without files (none, or lines written by the Dockerfile) still needs a context.
  await mkdir(dir, { recursive: true });
  const available = new Map(source.files.map((file) => [file.path, file]));
  for (const name of split.files) {
    const file = available.get(name);
    if (!file) throw new Error(`${name} is not in the build context`);
    if (file.linkTarget !== undefined) throw new Error(`${name} is a symlink`);
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await copyFile(path.join(source.root, name), path.join(dir, name));
  }
  return listBuildContext(dir);
}
