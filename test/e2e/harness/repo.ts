import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runChecked } from './process.js';

export interface MlRepoSpec {
  /** Lines of requirements.txt (e.g. `torch-like==2.1.0`); no file when undefined. */
  requirements?: string[];
  /**
   * Modules train.py imports and reports (their `__version__`); default: the import names of the
   * requirements (`torch-like==2.1.0` → `torch_like`).
   */
  imports?: string[];
  /** Extra or replacement files (path → content), e.g. `pyproject.toml`, `Dockerfile`. */
  files?: Record<string, string>;
  /** Commit message of the first commit. */
  message?: string;
}

export interface MlRepo {
  dir: string;
  /** The commit's full sha. */
  sha: string;
}

// No user or system git configuration leaks in (signing, hooks, templates), and commits need no
// identity set on the machine.
const GIT_CONFIG = [
  '-c',
  'user.name=Launch Tests',
  '-c',
  'user.email=tests@launch-action.invalid',
  '-c',
  'commit.gpgsign=false',
  '-c',
  'init.defaultBranch=main',
  '-c',
  'core.hooksPath=/dev/null',
];

function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };
}

export async function git(dir: string, args: string[]): Promise<string> {
  const result = await runChecked('git', [...GIT_CONFIG, ...args], { cwd: dir, env: gitEnv() });
  return result.stdout.trim();
}

/** The import name of a requirement line: `Torch-Like[extra]>=2; python_version>"3"` → `torch_like`. */
export function importNameOf(requirement: string): string {
  const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
  if (!name) throw new Error(`cannot read a project name from requirement ${requirement}`);
  return name.replace(/[-.]+/g, '_').toLowerCase();
}

/** A train.py that imports each module, prints its version, and exits 0. */
export function trainScript(imports: string[]): string {
  return [
    'import sys',
    ...imports.map((module) => `import ${module}`),
    '',
    '',
    'def main():',
    '    print("python", ".".join(map(str, sys.version_info[:3])))',
    ...imports.map((module) => `    print("${module}", ${module}.__version__)`),
    '    print("training done")',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  ].join('\n');
}

/** Writes files (creating folders) into dir. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
}

/**
 * Writes a small training repository into dir (train.py, requirements.txt, extra files),
 * `git init`s it and commits everything, so tests work on a real commit.
 */
export async function makeMlRepo(dir: string, spec: MlRepoSpec = {}): Promise<MlRepo> {
  const imports = spec.imports ?? (spec.requirements ?? []).map(importNameOf);
  const files: Record<string, string> = { 'train.py': trainScript(imports) };
  if (spec.requirements) files['requirements.txt'] = `${spec.requirements.join('\n')}\n`;
  Object.assign(files, spec.files);
  await mkdir(dir, { recursive: true });
  await writeFiles(dir, files);
  await git(dir, ['init', '--quiet']);
  const sha = await commitAll(dir, spec.message ?? 'Initial training code');
  return { dir, sha };
}

/** Stages everything in the repository and commits it; returns the new commit's sha. */
export async function commitAll(dir: string, message: string): Promise<string> {
  await git(dir, ['add', '--all']);
  await git(dir, ['commit', '--quiet', '--allow-empty', '-m', message]);
  return git(dir, ['rev-parse', 'HEAD']);
}
