import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Real wheels that the test machine image keeps on disk (CI runs on the same kind of machine).
 * They are the only way to put a PyPI-only build backend, such as hatchling, on the local index:
 * no public index is reachable and Debian does not package all of them.
 */
export const MACHINE_WHEELS_DIR = '/opt/pypi/files';

/** hatchling and what it needs to build a wheel and an editable install on Python 3.11. */
export const HATCHLING_WHEELS: readonly string[] = [
  'hatchling-1.32.4-py3-none-any.whl',
  'packaging-26.3-py3-none-any.whl',
  'pathspec-1.1.1-py3-none-any.whl',
  'pluggy-1.6.0-py3-none-any.whl',
  'tomlkit-0.15.1-py3-none-any.whl',
  'trove_classifiers-2026.9.21.13-py3-none-any.whl',
  'editables-0.6-py3-none-any.whl',
];

/** Copies the named wheels from the machine's store into `dir`; fails naming each missing file. */
export async function addMachineWheels(dir: string, files: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const file of files) {
    const found = await stat(path.join(MACHINE_WHEELS_DIR, file)).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!found) missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(
      `Missing from ${MACHINE_WHEELS_DIR} (the machine image's wheel store): ${missing.join(', ')}. ` +
        'Provision the machine with these wheels; the shapes built with a real hatchling need them.',
    );
  }
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    await copyFile(path.join(MACHINE_WHEELS_DIR, file), path.join(dir, file));
  }
}
