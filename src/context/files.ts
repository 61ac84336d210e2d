import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { parseDockerignore, type IgnoreRules, type MatchInfo } from './dockerignore.js';

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

export interface ContextOptions {
  /**
   * The user's Dockerfile (context-relative). BuildKit reads `<Dockerfile>.dockerignore` next to
   * it in place of the context's `.dockerignore`; so do we.
   */
  dockerfile?: string;
}

/** The ignore file BuildKit applies: `<Dockerfile>.dockerignore` when it exists, else `.dockerignore`. */
async function readIgnoreFile(
  root: string,
  options: ContextOptions = {},
): Promise<{ source?: string; text: string }> {
  const candidates = [
    ...(options.dockerfile ? [`${path.posix.normalize(options.dockerfile)}.dockerignore`] : []),
    '.dockerignore',
  ];
  for (const candidate of candidates) {
    try {
      return { source: candidate, text: await readFile(path.join(root, candidate), 'utf8') };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
  }
  // No ignore file: no source to name (Docker's own defaults cannot be wrong).
  return { text: '' };
}

/** Lists the files of the context that survive the ignore file, without reading their contents. */
export async function listBuildContext(
  root: string,
  options: ContextOptions = {},
): Promise<BuildContext> {
  const ignoreFile = await readIgnoreFile(root, options);
  const rules = parseDockerignore(ignoreFile.text, ignoreFile.source);
  const files: ContextFile[] = [];
  await walk(root, '', [], rules, files);
  // A walk lists each path once: no two are equal.
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { root, rules, files };
}

/**
 * Pure: whether the walk passes over a directory it cannot list. Only an excluded one (nothing in
 * it can reach the builder unless an exception names it, and the builder skips it too) and only
 * for lack of permission (EPERM is what macOS answers for protected folders); any other failure,
 * or an unreadable directory that is sent, is an error.
 */
export function passesOverUnreadable(error: NodeJS.ErrnoException, excluded: boolean): boolean {
  return excluded && (error.code === 'EACCES' || error.code === 'EPERM');
}

/**
 * BuildKit's context walk (fsutil's filter): each entry is matched with its parent directory's
 * per-pattern results; an excluded directory is still entered when an exception may re-include
 * something inside it, and an unreadable excluded directory is passed over.
 */
async function walk(
  root: string,
  dir: string,
  parentInfo: MatchInfo,
  rules: IgnoreRules,
  out: ContextFile[],
  excludedDir = false,
) {
  let entries;
  try {
    entries = await readdir(path.join(root, dir), { withFileTypes: true });
  } catch (error) {
    if (passesOverUnreadable(error as NodeJS.ErrnoException, excludedDir)) return;
    throw error;
  }
  const subdirs: [string, boolean[], boolean][] = [];
  const stats: Promise<void>[] = [];
  for (const entry of entries) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    const { excluded, info } = rules.matches(relative, parentInfo);
    if (entry.isDirectory()) {
      if (excluded && rules.canSkipExcludedDirectory(relative)) continue;
      subdirs.push([relative, info, excluded]);
      continue;
    }
    if (excluded) continue;
    if (!entry.isFile() && !entry.isSymbolicLink()) continue;
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
  await Promise.all(
    subdirs.map(([subdir, info, excluded]) => walk(root, subdir, info, rules, out, excluded)),
  );
}
