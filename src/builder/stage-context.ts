import { chmod, copyFile, link, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { BuildContext } from '../context/files.js';

/**
 * The classic builder (`docker build` without BuildKit) reads only `<context>/.dockerignore`, and
 * with rules of its own (it prunes excluded directories BuildKit still enters). So it is given a
 * context that holds exactly the hashed files and no ignore file: a directory of hard links
 * (copies across filesystems, symlinks as symlinks). What it sends is then the hashed list.
 */
export async function stageContext(context: BuildContext, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const made = new Set<string>();
  for (const file of context.files) {
    const target = path.join(dir, file.path);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      await mkdir(parent, { recursive: true });
      made.add(parent);
    }
    if (file.linkTarget !== undefined) {
      await symlink(file.linkTarget, target);
      continue;
    }
    const source = path.join(context.root, file.path);
    try {
      await link(source, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK') throw error;
      await copyFile(source, target);
      await chmod(target, file.executable ? 0o755 : 0o644);
    }
  }
  return dir;
}
