import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where `relative` really is (symlinks followed), if it exists and stays inside `root`: the one
 * containment check for every path input (context, patch file, dockerfile).
 */
export async function realPathInside(
  root: string,
  relative: string,
): Promise<{ path: string } | { problem: 'missing' | 'outside'; path?: string }> {
  const realRoot = await realpath(root);
  let real: string;
  try {
    real = await realpath(path.resolve(realRoot, relative));
  } catch {
    return { problem: 'missing' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep))
    return { problem: 'outside', path: real };
  return { path: real };
}
