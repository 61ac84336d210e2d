/**
 * The I/O half of environment detection: reads exactly the files detection may need (following
 * `-r`/`-c` includes) and runs `python -m pip freeze` only when detection would use it. Every path
 * stays inside the context: `..`, absolute paths and symlinks that resolve outside are refused.
 */
import { realpath, readFile, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { FileError, InputError } from '../platform/errors.js';
import { runProgram, type Exec } from '../platform/exec.js';
import {
  CANDIDATE_FILES,
  REQUIREMENTS_TXT,
  selectSource,
  type ContextSnapshot,
  type EnvironmentOptions,
} from './detect.js';
import { classifyListInput } from './inputs.js';
import { listIncludes } from './requirements-file.js';
import { parsePythonVersionInput } from './python-version.js';

/** Filesystem access, injectable so tests can count reads. */
export interface SnapshotFs {
  /** The resolved real path, or undefined when nothing exists there. */
  realpath(path: string): Promise<string | undefined>;
  isFile(path: string): Promise<boolean>;
  readText(path: string): Promise<string>;
}

export interface EnvironmentReadDeps {
  fs: SnapshotFs;
  /** Runs `pip freeze` (argument arrays only). */
  run: Exec;
  /** Where `pythonLocation` (set by actions/setup-python) is looked up. */
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

export const nodeSnapshotFs: SnapshotFs = {
  async realpath(path) {
    try {
      return await realpath(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  },
  async isFile(path) {
    return (await stat(path)).isFile();
  },
  readText: (path) => readFile(path, 'utf8'),
};

const defaultEnvironmentReadDeps: EnvironmentReadDeps = {
  fs: nodeSnapshotFs,
  run: runProgram,
  env: process.env,
  platform: process.platform,
};

type ReadResult =
  { kind: 'file'; content: string } | { kind: 'missing' } | { kind: 'outside'; realPath: string };

/** Reads context-relative files, refusing any that resolve outside the context. */
class ContextReader {
  constructor(
    private readonly root: string,
    private readonly fs: SnapshotFs,
  ) {}

  async read(relativePath: string): Promise<ReadResult> {
    const real = await this.fs.realpath(join(this.root, relativePath));
    if (real === undefined) return { kind: 'missing' };
    if (real !== this.root && !real.startsWith(this.root + sep)) {
      return { kind: 'outside', realPath: real };
    }
    if (!(await this.fs.isFile(real))) return { kind: 'missing' };
    return { kind: 'file', content: await this.fs.readText(real) };
  }
}

const LIST_INPUTS = [
  ['requirements', 'requirements'],
  ['frozen-requirements', 'frozenRequirements'],
] as const;

export async function readEnvironmentSnapshot(
  contextDir: string,
  options: EnvironmentOptions,
  deps: EnvironmentReadDeps = defaultEnvironmentReadDeps,
): Promise<ContextSnapshot> {
  // Inputs are checked before anything is read or run.
  if (options.pythonVersion?.trim()) parsePythonVersionInput(options.pythonVersion);
  const inputPaths = LIST_INPUTS.flatMap(([input, key]) => {
    const value = options[key];
    if (value === undefined || value.trim() === '') return [];
    const list = classifyListInput(input, value);
    return list.kind === 'path' ? [{ input, value, path: list.path }] : [];
  });

  const root = await deps.fs.realpath(contextDir);
  if (root === undefined) throw new Error(`The build context ${contextDir} does not exist`);
  const reader = new ContextReader(root, deps.fs);
  const files = new Map<string, string>();

  for (const { input, value, path } of inputPaths) {
    const result = await reader.read(path);
    if (result.kind === 'outside') {
      throw new InputError(
        input,
        value,
        'expected a file inside the build context',
        `'${path}' is a symbolic link to ${result.realPath}, outside the context; copy the file into the repository instead.`,
      );
    }
    if (result.kind === 'file') files.set(path, result.content);
  }
  for (const name of CANDIDATE_FILES) {
    if (files.has(name)) continue;
    const result = await reader.read(name);
    if (result.kind === 'outside') {
      throw new FileError(
        name,
        undefined,
        `is a symbolic link to ${result.realPath}, outside the build context; replace it with the file itself`,
      );
    }
    if (result.kind === 'file') files.set(name, result.content);
  }

  const requirementsPath = inputPaths.find((item) => item.input === 'requirements')?.path;
  await followIncludes(reader, files, [requirementsPath, REQUIREMENTS_TXT]);

  const snapshot: ContextSnapshot = { files };
  if (options.freezeLocalEnv && wouldUseLocalFreeze(files, options)) {
    snapshot.localFreeze = await pipFreeze(deps);
  }
  return snapshot;
}

/** Reads the files named by `-r`/`-c` lines, recursively; missing ones are left for detection to report. */
async function followIncludes(
  reader: ContextReader,
  files: Map<string, string>,
  roots: (string | undefined)[],
): Promise<void> {
  const queue = roots.filter((root): root is string => root !== undefined && files.has(root));
  const seen = new Set(queue);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const include of listIncludes(file, files.get(file) ?? '')) {
      if (include.target.kind !== 'file' || seen.has(include.target.path)) continue;
      const path = include.target.path;
      seen.add(path);
      const result = await reader.read(path);
      if (result.kind === 'outside') {
        throw new FileError(
          file,
          include.lineNumber,
          `includes '${path}', a symbolic link to ${result.realPath} outside the build context: ${include.text}`,
        );
      }
      if (result.kind === 'file') {
        files.set(path, result.content);
        queue.push(path);
      }
    }
  }
}

/** Whether detection would reach the pip freeze step; a broken file is for detection to report. */
function wouldUseLocalFreeze(
  files: ReadonlyMap<string, string>,
  options: EnvironmentOptions,
): boolean {
  try {
    return selectSource(files, options).kind === 'local-freeze';
  } catch {
    return false;
  }
}

/** The job's Python: actions/setup-python's `pythonLocation`, else `python3` on PATH. */
export function localPython(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const location = env.pythonLocation;
  if (location)
    return platform === 'win32' ? join(location, 'python.exe') : join(location, 'bin', 'python');
  return platform === 'win32' ? 'python' : 'python3';
}

async function pipFreeze(deps: EnvironmentReadDeps): Promise<string> {
  const python = localPython(deps.env, deps.platform);
  const args = ['-m', 'pip', 'freeze'];
  const command = [python, ...args].join(' ');
  const fix = "Set up Python first (actions/setup-python) or give the 'frozen-requirements' input.";
  const result = await deps.run(python, args, { env: deps.env });
  if (result.notFound) {
    throw new Error(`freeze-local-env: could not run ${command}: ${python} was not found. ${fix}`);
  }
  if (result.exitCode !== 0) {
    const detail = result.stderr.trim().split('\n').slice(-5).join('\n');
    throw new Error(
      `freeze-local-env: ${command} exited with ${result.exitCode}: ${detail}. ${fix}`,
    );
  }
  return result.stdout;
}
