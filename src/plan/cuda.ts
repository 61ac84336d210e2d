import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { impliedCudaVersion, type ImpliedCuda } from '../environment/cuda-implied.js';
import type { PythonEnvironment } from '../environment/types.js';

/**
 * The requirement lines the image installs with pip, as far as the plan can see them: the
 * requirements file (its rewritten text when local lines were taken out), written lines, poetry's
 * exported lines, conda's pip section. uv lock files are not read.
 */
async function pipRequirementLines(
  root: string,
  environment: PythonEnvironment,
): Promise<string[]> {
  const install = environment.install;
  switch (install.kind) {
    case 'requirements-file': {
      const text =
        install.rewritten?.[install.file] ??
        (await readFile(path.join(root, install.file), 'utf8').catch(() => ''));
      return text.split(/\r?\n/);
    }
    case 'requirement-lines':
    case 'poetry-lock':
      return install.lines;
    case 'conda':
      return install.pipLines;
    default:
      return [];
  }
}

/** The CUDA version the environment's pip requirements imply (see environment/cuda-implied.ts). */
export async function planCuda(
  root: string,
  environment: PythonEnvironment,
): Promise<ImpliedCuda | undefined> {
  return impliedCudaVersion(
    await pipRequirementLines(root, environment),
    environment.extraIndexUrls,
  );
}
