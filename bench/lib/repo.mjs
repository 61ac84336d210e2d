// The generated ML training repository the scenarios build: Python sources, configs, data files
// (incompressible) and a requirements.txt of stand-in packages served by the local index.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Buffer } from 'node:buffer';
import { fillerChunks } from './wheels.mjs';

/** The file a code-only change edits (a `models` module of every layout with >= 6 sources). */
export const EDITED_SOURCE = 'src/models/model_0005.py';

/** A deterministic Python module of roughly `bytes` bytes: compressible like real code. */
export function pythonModule(index, bytes) {
  const lines = [`"""Model components, part ${index}."""`, 'import math', '', ''];
  let size = lines.join('\n').length;
  for (let block = 0; size < bytes; block += 1) {
    const digest = createHash('sha256').update(`${index}:${block}`).digest('hex').slice(0, 12);
    const chunk = [
      `def layer_${index}_${block}(x, scale=${(block % 7) + 1}.0):`,
      `    """Scaled activation ${digest}."""`,
      `    total = 0.0`,
      `    for i, value in enumerate(x):`,
      `        total += math.tanh(value * scale + i * 0.${block % 10 || 1})`,
      `    return total / max(len(x), 1)`,
      '',
      '',
    ].join('\n');
    lines.push(chunk);
    size += chunk.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** The layout for a target file count and total size: sources, configs and data files. */
export function repoLayout({ files, bytes }) {
  const dataFiles = Math.max(1, Math.round(files * 0.05));
  const configFiles = Math.max(1, Math.round(files * 0.02));
  const sourceFiles = files - dataFiles - configFiles - 3; // + train.py, README.md, requirements.txt
  const sourceBytes = Math.round(bytes * 0.3);
  const layout = [];
  for (let i = 0; i < sourceFiles; i += 1) {
    const group = ['models', 'data', 'training', 'utils', 'eval'][i % 5];
    const name = group === 'models' ? `model_${String(i).padStart(4, '0')}` : `${group}_${i}`;
    layout.push({
      path: `src/${group}/${name}.py`,
      kind: 'python',
      size: Math.round(sourceBytes / sourceFiles),
      index: i,
    });
  }
  for (let i = 0; i < configFiles; i += 1) {
    layout.push({ path: `configs/experiment_${i}.yaml`, kind: 'config', size: 0, index: i });
  }
  const dataBytes = bytes - sourceBytes;
  for (let i = 0; i < dataFiles; i += 1) {
    layout.push({
      path: `data/shard_${String(i).padStart(3, '0')}.npy`,
      kind: 'data',
      size: Math.round(dataBytes / dataFiles),
      index: i,
    });
  }
  return layout;
}

function requirementsText(packages) {
  return `${packages.map((pkg) => `${pkg.name}==${pkg.version}`).join('\n')}\n`;
}

const TRAIN_PY = `"""Entry point: imports every dependency, as a training script would."""
import importlib
import sys

if __name__ == "__main__":
    with open("requirements.txt") as handle:
        names = [line.split("==")[0].replace("-", "_") for line in handle if line.strip()]
    for name in names:
        importlib.import_module(name)
    print("imported", len(names), "packages on python", sys.version.split()[0])
`;

/** Writes the repository into `root` (emptied first). Returns its file count and byte size. */
export async function writeRepo(root, sizes, packages) {
  await rm(root, { recursive: true, force: true });
  const written = [];
  const put = async (path, content) => {
    const file = join(root, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(Buffer.byteLength(content));
  };
  for (const entry of repoLayout(sizes)) {
    if (entry.kind === 'python') await put(entry.path, pythonModule(entry.index, entry.size));
    if (entry.kind === 'config') {
      await put(
        entry.path,
        `experiment: ${entry.index}\nlr: 0.000${entry.index + 1}\nepochs: 10\n`,
      );
    }
    if (entry.kind === 'data') {
      await put(entry.path, Buffer.concat([...fillerChunks(`data-${entry.index}`, entry.size)]));
    }
  }
  await put('train.py', TRAIN_PY);
  await put('README.md', '# Generated training repository\n');
  await put('requirements.txt', requirementsText(packages));
  return { files: written.length, bytes: written.reduce((sum, size) => sum + size, 0) };
}

/** Puts the repository back to its generated state (after a scenario edited it). */
export async function restoreRepo(root, sizes, packages) {
  const edited = repoLayout(sizes).find((entry) => entry.path === EDITED_SOURCE);
  if (!edited) throw new Error(`${EDITED_SOURCE} is not part of the generated layout`);
  await writeFile(join(root, EDITED_SOURCE), pythonModule(edited.index, edited.size));
  await writeFile(join(root, 'requirements.txt'), requirementsText(packages));
}

/** A code-only change: one line appended to one source file. */
export async function editSource(root, mark) {
  const file = join(root, EDITED_SOURCE);
  await writeFile(
    file,
    `${await readFile(file, 'utf8')}\nLEARNING_RATE_NOTE = ${JSON.stringify(mark)}\n`,
  );
}

/** A dependency change: one small package added to requirements.txt. */
export async function addDependency(root, packages, extra) {
  await writeFile(join(root, 'requirements.txt'), requirementsText([...packages, extra]));
}

/** Total bytes and file count under a directory. */
export async function directorySize(root) {
  let bytes = 0;
  let files = 0;
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        bytes += (await stat(path)).size;
        files += 1;
      }
    }
  };
  await walk(root);
  return { bytes, files };
}
