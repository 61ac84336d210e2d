import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { parseDockerignore, type IgnoreRules } from './dockerignore.js';

/** One file of the build context as the builder will see it. */
export interface ContextFile {
  /** POSIX path relative to the context root. */
  path: string;
  /** Whether any execute bit is set (the only mode bit that changes what a program sees). */
  executable: boolean;
  /** For symlinks, the link target (hashed instead of content). */
  linkTarget?: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

export interface BuildContext {
  root: string;
  rules: IgnoreRules;
  /** Sorted by path (byte order), so the hash does not depend on the order the disk lists them. */
  files: ContextFile[];
}

/** Lists the files of the context that survive `.dockerignore`, without reading their contents. */
export async function listBuildContext(root: string): Promise<BuildContext> {
  let dockerignore = '';
  try {
    dockerignore = await readFile(path.join(root, '.dockerignore'), 'utf8');
  } catch {
    // No .dockerignore: everything but the always-ignored paths is in the context.
  }
  const rules = parseDockerignore(dockerignore);
  const files: ContextFile[] = [];
  await walk(root, '', rules, files);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { root, rules, files };
}

async function walk(root: string, dir: string, rules: IgnoreRules, out: ContextFile[]) {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const subdirs: string[] = [];
  const stats: Promise<void>[] = [];
  for (const entry of entries) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      // With exceptions, an ignored directory may still contain included files.
      if (!rules.hasExceptions && rules.ignores(relative, true)) continue;
      subdirs.push(relative);
      continue;
    }
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
    if (rules.ignores(relative, false)) continue;
    stats.push(
      (async () => {
        const full = path.join(root, relative);
        const stat = await lstat(full);
        const file: ContextFile = {
          path: relative,
          executable: (stat.mode & 0o111) !== 0,
          size: stat.size,
          mtimeMs: stat.mtimeMs,
          ino: stat.ino,
        };
        if (stat.isSymbolicLink()) file.linkTarget = await readlink(full);
        out.push(file);
      })(),
    );
  }
  await Promise.all(stats);
  await Promise.all(subdirs.map((subdir) => walk(root, subdir, rules, out)));
}
