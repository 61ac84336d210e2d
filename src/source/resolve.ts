import { stat, writeFile, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../platform/errors.js';
import type { Exec } from '../platform/exec.js';
import { realPathInside } from '../platform/paths.js';

/** The source the image is built from. */
export interface Source {
  /** The workspace (repository root). */
  workspace: string;
  /** Absolute, symlink-free path of the build context inside the workspace. */
  context: string;
  /** Whether a patch was applied on top of the commit. */
  patched: boolean;
  /** Set when a patch did not apply and patch-failure is `warn`. */
  patchWarning?: string;
}

/** Resolves `context` inside the workspace; `..` or a symlink leading out of it is refused. */
export async function resolveContext(workspace: string, contextInput: string): Promise<string> {
  const found = await realPathInside(workspace, contextInput);
  if ('problem' in found && found.problem === 'missing') {
    throw new InputError(
      'context',
      contextInput,
      `no such directory in the workspace (${workspace})`,
      'Give a directory relative to the repository root, e.g. "." or "training/". Did the job run actions/checkout?',
    );
  }
  if ('problem' in found) {
    throw new InputError(
      'context',
      contextInput,
      `the context must be inside the workspace ${workspace}, but it resolves to ${found.path}`,
      'Use a path inside the repository; ".." and symlinks leading out of it are not allowed.',
    );
  }
  const real = found.path;
  if (!(await stat(real)).isDirectory()) {
    throw new InputError('context', contextInput, 'expected a directory, found a file');
  }
  return real;
}

/**
 * Applies a diff on top of the checked-out commit (W&B's `diff.patch`). `git apply --check` runs
 * first so a patch that does not apply changes nothing. The patch input is a path inside the
 * workspace or the diff text itself.
 */
export async function applyPatch(
  run: Exec,
  workspace: string,
  patchInput: string,
  tempDir: string,
): Promise<{ applied: true } | { applied: false; reason: string }> {
  let patchFile: string;
  let cleanup: string | undefined;
  const looksLikeDiff = /^(diff --git |--- |Index: |From )/m.test(patchInput);
  if (looksLikeDiff) {
    cleanup = await mkdtemp(path.join(tempDir, 'launch-action-patch-'));
    patchFile = path.join(cleanup, 'changes.patch');
    await writeFile(patchFile, patchInput.endsWith('\n') ? patchInput : `${patchInput}\n`);
  } else {
    const found = await realPathInside(workspace, patchInput);
    if ('problem' in found && found.problem === 'missing') {
      throw new InputError(
        'patch',
        patchInput,
        'expected a diff, or the path of a diff file inside the workspace; no such file',
        'Pass the file path relative to the repository root, or the diff text itself.',
      );
    }
    if ('problem' in found) {
      throw new InputError('patch', patchInput, 'the patch file must be inside the workspace');
    }
    const real = found.path;
    patchFile = real;
  }
  try {
    const args = ['apply', '--whitespace=nowarn', '--recount'];
    const check = await run('git', [...args, '--check', patchFile], { cwd: workspace });
    if (check.notFound) {
      throw new Error('Applying the patch needs git, which is not installed on this runner.');
    }
    if (check.exitCode !== 0)
      return { applied: false, reason: (check.stderr || check.stdout).trim() };
    const apply = await run('git', [...args, patchFile], { cwd: workspace });
    if (apply.exitCode !== 0)
      return { applied: false, reason: (apply.stderr || apply.stdout).trim() };
    return { applied: true };
  } finally {
    if (cleanup) await rm(cleanup, { recursive: true, force: true });
  }
}
