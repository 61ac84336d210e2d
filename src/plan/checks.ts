/**
 * Checks of the build context made before anything is built: what would only fail on the GPU
 * runner (a missing entrypoint script) is an error now; what is probably a mistake (a Dockerfile
 * that is not used, Git LFS pointers instead of the files) is a warning.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../platform/errors.js';
import type { ContextFile } from '../context/files.js';

const PYTHON = /^(?:python|python3(?:\.\d+)?)$/;
/** A Git LFS pointer file: `version https://git-lfs.github.com/spec/v1` then `oid` and `size`. */
const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/';
/** Pointer files are about 130 bytes; anything larger is content. */
const LFS_POINTER_MAX = 200;

/**
 * `python script.py …` must name a script of the context (the working directory is the context
 * root): otherwise the image builds and the run fails at its first second on the GPU runner.
 */
export function checkEntrypoint(
  command: readonly string[],
  fromInput: boolean,
  contextFiles: ReadonlySet<string>,
): void {
  const [program, script] = command;
  if (!program || !PYTHON.test(program) || !script || !script.endsWith('.py')) return;
  if (script.startsWith('-') || path.posix.isAbsolute(script)) return;
  const normalized = path.posix.normalize(script);
  if (contextFiles.has(normalized)) return;
  throw new InputError(
    'entrypoint',
    fromInput ? command.join(' ') : '',
    `the script '${script}' is not in the build context (is it ignored by .dockerignore, or in another folder?)`,
    'Give the script\'s path relative to the context, e.g. "python src/train.py".',
  );
}

/** Warnings about the context, for the log and the job summary. */
export async function contextWarnings(
  root: string,
  files: readonly ContextFile[],
  dockerfileInput: string | undefined,
): Promise<string[]> {
  const warnings: string[] = [];
  if (!dockerfileInput && files.some((file) => file.path === 'Dockerfile')) {
    warnings.push(
      "The context has a Dockerfile, which is not used: the image is generated from the detected environment. Set 'dockerfile: Dockerfile' to build yours (dockerfile-mode: as-is), or to build the generated one on top of it (dockerfile-mode: parent).",
    );
  }
  const pointers = await lfsPointers(root, files);
  if (pointers.length > 0) {
    const shown = pointers.slice(0, 5).join(', ');
    const more = pointers.length > 5 ? ` and ${pointers.length - 5} more` : '';
    warnings.push(
      `${pointers.length} file${pointers.length === 1 ? ' is a Git LFS pointer' : 's are Git LFS pointers'} (${shown}${more}): the image would get the pointers, not the content. Check out with LFS content (actions/checkout with 'lfs: true', or 'git lfs pull') before this step.`,
    );
  }
  return warnings;
}

async function lfsPointers(root: string, files: readonly ContextFile[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    if (file.linkTarget !== undefined || file.size < 40 || file.size > LFS_POINTER_MAX) continue;
    const handle = await open(path.join(root, file.path), 'r');
    try {
      const buffer = Buffer.alloc(LFS_POINTER_PREFIX.length);
      await handle.read(buffer, 0, buffer.length, 0);
      if (buffer.toString('utf8') === LFS_POINTER_PREFIX) found.push(file.path);
    } finally {
      await handle.close();
    }
  }
  return found;
}
