import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import { detectEnvironment, type EnvironmentOptions } from '../../../src/environment/detect.js';
import {
  localPython,
  nodeSnapshotFs,
  readEnvironmentSnapshot,
  type EnvironmentReadDeps,
  type SnapshotFs,
} from '../../../src/environment/read.js';
import { FileError, InputError } from '../../../src/platform/errors.js';

let scratch: string;
let context: string;
let outside: string;
let bin: string;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'env-read-'));
  context = join(scratch, 'repo');
  outside = join(scratch, 'outside');
  bin = join(scratch, 'bin');
  await Promise.all([mkdir(context), mkdir(outside), mkdir(bin)]);
});

afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** The real filesystem, recording every path touched. */
function recordingFs(): SnapshotFs & { calls: string[]; reads: string[] } {
  const calls: string[] = [];
  const reads: string[] = [];
  return {
    calls,
    reads,
    realpath: (path) => (calls.push(path), nodeSnapshotFs.realpath(path)),
    isFile: (path) => (calls.push(path), nodeSnapshotFs.isFile(path)),
    readText: (path) => (calls.push(path), reads.push(path), nodeSnapshotFs.readText(path)),
  };
}

/** A fake `python3` on PATH that logs its arguments and prints a freeze list. */
async function fakePython(name: string, output: string, exitCode = 0): Promise<string> {
  const log = join(scratch, `${name.replace(/\//g, '-')}.log`);
  const script = join(bin, name);
  await mkdir(dirname(script), { recursive: true });
  await writeFile(
    script,
    `#!/bin/sh\necho "$@" >> '${log}'\ncat <<'EOF'\n${output}EOF\necho 'pip: simulated problem' >&2\nexit ${exitCode}\n`,
  );
  await chmod(script, 0o755);
  return log;
}

async function callsIn(log: string): Promise<string[]> {
  try {
    return (await readFile(log, 'utf8')).trim().split('\n');
  } catch {
    return [];
  }
}

function deps(fs: SnapshotFs = nodeSnapshotFs, env: NodeJS.ProcessEnv = {}): EnvironmentReadDeps {
  const base = { ...process.env };
  delete base.pythonLocation;
  return {
    fs,
    run: runProgram,
    env: { ...base, PATH: `${bin}:${process.env.PATH ?? ''}`, ...env },
    platform: 'linux',
  };
}

function options(overrides: Partial<EnvironmentOptions> = {}): EnvironmentOptions {
  return { freezeLocalEnv: false, allowEmpty: false, ...overrides };
}

describe('readEnvironmentSnapshot: files', () => {
  it('reads the candidate files and follows -r/-c includes, and nothing else', async () => {
    await write(context, {
      'requirements.txt':
        '-r reqs/base.txt\n-c constraints.txt\n-r https://example.com/r.txt\ntimm\n',
      'reqs/base.txt': 'numpy\n-r nested/extra.txt\n-r missing.txt\n',
      'reqs/nested/extra.txt': 'rich\n-r ../base.txt\n',
      'constraints.txt': 'numpy<2\n',
      'pyproject.toml': '[tool.ruff]\n',
      '.python-version': '3.10\n',
      'train.py': 'print("train")\n',
      'docs/requirements-docs.txt': 'sphinx\n',
    });
    const fs = recordingFs();
    const snapshot = await readEnvironmentSnapshot(context, options(), deps(fs));
    expect([...snapshot.files.keys()].sort()).toEqual([
      '.python-version',
      'constraints.txt',
      'pyproject.toml',
      'reqs/base.txt',
      'reqs/nested/extra.txt',
      'requirements.txt',
    ]);
    expect(snapshot.files.get('reqs/nested/extra.txt')).toBe('rich\n-r ../base.txt\n');
    expect(fs.reads.some((path) => path.endsWith('train.py') || path.includes('docs'))).toBe(false);
    expect(snapshot.localFreeze).toBeUndefined();
  });

  it.each([
    { repo: 'poetry-app', files: ['poetry.lock', 'pyproject.toml'], install: 'poetry-lock' },
    { repo: 'uv-app', files: ['pyproject.toml', 'uv.lock'], install: 'uv-lock' },
  ])(
    'a fixture repository ($repo) reads and detects end to end',
    async ({ repo, files, install }) => {
      const root = fileURLToPath(new URL(`../../fixtures/environments/${repo}/`, import.meta.url));
      const snapshot = await readEnvironmentSnapshot(root, options(), deps());
      expect([...snapshot.files.keys()].sort()).toEqual(files);
      expect(detectEnvironment(snapshot, options()).install.kind).toBe(install);
    },
  );

  it('reads the file named by the requirements input and its includes', async () => {
    await write(context, {
      'ml/train-reqs.txt': '-r ../shared/base.txt\ntorch\n',
      'shared/base.txt': 'numpy\n',
    });
    const snapshot = await readEnvironmentSnapshot(
      context,
      options({ requirements: './ml/train-reqs.txt' }),
      deps(),
    );
    expect([...snapshot.files.keys()].sort()).toEqual(['ml/train-reqs.txt', 'shared/base.txt']);
    const environment = detectEnvironment(
      snapshot,
      options({ requirements: './ml/train-reqs.txt' }),
    );
    expect(environment.install).toEqual({
      kind: 'requirements-file',
      file: 'ml/train-reqs.txt',
      alsoCopy: ['shared/base.txt'],
    });
  });

  it('reads the frozen-requirements file but does not follow its includes', async () => {
    await write(context, {
      'frozen/list.txt': '-r other.txt\nsix==1.16.0\n',
      'frozen/other.txt': 'x',
    });
    const snapshot = await readEnvironmentSnapshot(
      context,
      options({ frozenRequirements: 'frozen/list.txt' }),
      deps(),
    );
    expect([...snapshot.files.keys()]).toEqual(['frozen/list.txt']);
  });

  it('an inline list is not read as a path', async () => {
    const fs = recordingFs();
    await readEnvironmentSnapshot(context, options({ requirements: 'numpy\ntorch' }), deps(fs));
    expect(fs.calls.some((path) => path.includes('numpy'))).toBe(false);
  });

  it('follows a symlink that stays inside the context', async () => {
    await write(context, { 'deps/real.txt': 'numpy\n' });
    await symlink(join(context, 'deps/real.txt'), join(context, 'requirements.txt'));
    const snapshot = await readEnvironmentSnapshot(context, options(), deps());
    expect(snapshot.files.get('requirements.txt')).toBe('numpy\n');
  });

  it('the context itself may be reached through a symlink', async () => {
    await write(context, { 'requirements.txt': 'numpy\n' });
    const linked = join(scratch, 'linked-repo');
    await symlink(context, linked);
    const snapshot = await readEnvironmentSnapshot(linked, options(), deps());
    expect(snapshot.files.get('requirements.txt')).toBe('numpy\n');
  });
});

describe('readEnvironmentSnapshot: paths must stay inside the context', () => {
  it.each([
    { input: 'requirements', value: '../outside/reqs.txt' },
    { input: 'requirements', value: '/etc/passwd' },
    { input: 'requirements', value: 'a/../../outside/reqs.txt' },
    { input: 'frozen-requirements', value: '../frozen.txt' },
    { input: 'frozen-requirements', value: '~/frozen.txt' },
  ])('$input: $value is refused before anything is read', async ({ input, value }) => {
    const fs = recordingFs();
    const key = input === 'requirements' ? 'requirements' : 'frozenRequirements';
    const error = await readEnvironmentSnapshot(context, options({ [key]: value }), deps(fs)).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe(input);
    expect((error as InputError).message).toContain(value);
    expect(fs.calls).toEqual([]);
  });

  it('a requirements input that is a symlink out of the context is an InputError', async () => {
    await write(outside, { 'secret-reqs.txt': 'numpy\n' });
    await symlink(join(outside, 'secret-reqs.txt'), join(context, 'reqs.txt'));
    const error = await readEnvironmentSnapshot(
      context,
      options({ requirements: 'reqs.txt' }),
      deps(),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('requirements');
    expect((error as Error).message).toContain('outside the context');
  });

  it('a symlinked folder out of the context is refused too', async () => {
    await write(outside, { 'list.txt': 'six==1.16.0\n' });
    await symlink(outside, join(context, 'frozen'));
    const error = await readEnvironmentSnapshot(
      context,
      options({ frozenRequirements: 'frozen/list.txt' }),
      deps(),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).input).toBe('frozen-requirements');
  });

  it('a candidate file that is a symlink out of the context is a FileError', async () => {
    await write(outside, { 'env.yml': 'dependencies: []\n' });
    await symlink(join(outside, 'env.yml'), join(context, 'environment.yml'));
    const error = await readEnvironmentSnapshot(context, options(), deps()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('environment.yml');
  });

  it('an include that is a symlink out of the context is a FileError at the include line', async () => {
    await write(context, { 'requirements.txt': 'six\n-r base.txt\n' });
    await write(outside, { 'base.txt': 'numpy\n' });
    await symlink(join(outside, 'base.txt'), join(context, 'base.txt'));
    const error = await readEnvironmentSnapshot(context, options(), deps()).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).file).toBe('requirements.txt');
    expect((error as FileError).line).toBe(2);
  });

  it('an include with .. out of the context is not read; detection reports its line', async () => {
    await write(context, { 'requirements.txt': 'six\n-r ../outside/base.txt\n' });
    await write(outside, { 'base.txt': 'numpy\n' });
    const fs = recordingFs();
    const snapshot = await readEnvironmentSnapshot(context, options(), deps(fs));
    expect(fs.reads.some((path) => path.startsWith(outside))).toBe(false);
    expect(() => detectEnvironment(snapshot, options())).toThrow(FileError);
  });

  it('a missing context is an error', async () => {
    await expect(readEnvironmentSnapshot(join(scratch, 'nope'), options(), deps())).rejects.toThrow(
      /does not exist/,
    );
  });

  it('a bad python-version input fails before anything is read', async () => {
    const fs = recordingFs();
    await expect(
      readEnvironmentSnapshot(context, options({ pythonVersion: '2.7' }), deps(fs)),
    ).rejects.toBeInstanceOf(InputError);
    expect(fs.calls).toEqual([]);
  });
});

describe('readEnvironmentSnapshot: pip freeze runs only when detection would use it', () => {
  const FREEZE = 'numpy==1.26.4\n-e git+https://github.com/o/r.git@abc#egg=r\ntorch==2.3.1+cu121\n';

  it('runs `python3 -m pip freeze` from PATH when nothing else matches', async () => {
    const log = await fakePython('python3', FREEZE);
    await write(context, { 'train.py': 'print(1)\n' });
    const snapshot = await readEnvironmentSnapshot(
      context,
      options({ freezeLocalEnv: true }),
      deps(),
    );
    expect(await callsIn(log)).toEqual(['-m pip freeze']);
    expect(snapshot.localFreeze).toBe(FREEZE);
    const environment = detectEnvironment(snapshot, options({ freezeLocalEnv: true }));
    expect(environment.kind).toBe('frozen');
    expect(environment.install).toEqual({
      kind: 'requirement-lines',
      lines: ['numpy==1.26.4', 'torch==2.3.1+cu121'],
      noDeps: true,
    });
    expect(environment.dropped.map((item) => item.lineNumber)).toEqual([2]);
  });

  it("uses actions/setup-python's pythonLocation when set", async () => {
    const log = await fakePython('py311/bin/python', FREEZE);
    const snapshot = await readEnvironmentSnapshot(
      context,
      options({ freezeLocalEnv: true }),
      deps(nodeSnapshotFs, { pythonLocation: join(bin, 'py311') }),
    );
    expect(await callsIn(log)).toEqual(['-m pip freeze']);
    expect(snapshot.localFreeze).toBe(FREEZE);
  });

  it.each<{ name: string; files: Record<string, string>; opts: Partial<EnvironmentOptions> }>([
    { name: 'freeze-local-env is false', files: {}, opts: { freezeLocalEnv: false } },
    { name: 'requirements.txt exists', files: { 'requirements.txt': 'six\n' }, opts: {} },
    {
      name: 'environment.yml exists',
      files: { 'environment.yml': 'dependencies: []\n' },
      opts: {},
    },
    {
      name: 'pyproject.toml declares dependencies',
      files: { 'pyproject.toml': '[project]\nname="x"\nversion="1"\ndependencies=[]\n' },
      opts: {},
    },
    {
      name: 'requirements.frozen.txt exists',
      files: { 'requirements.frozen.txt': 'six==1\n' },
      opts: {},
    },
    { name: 'the requirements input is inline', files: {}, opts: { requirements: 'six' } },
    {
      name: 'the frozen-requirements input is given',
      files: {},
      opts: { frozenRequirements: 'six==1' },
    },
    {
      name: 'pyproject.toml is broken (detection reports it)',
      files: { 'pyproject.toml': '[project' },
      opts: {},
    },
  ])('not run when $name', async ({ files, opts }) => {
    const log = await fakePython('python3', FREEZE);
    await write(context, files);
    const snapshot = await readEnvironmentSnapshot(
      context,
      options({ freezeLocalEnv: true, ...opts }),
      deps(),
    );
    expect(await callsIn(log)).toEqual([]);
    expect(snapshot.localFreeze).toBeUndefined();
  });

  it('runs when pyproject.toml only holds tool settings', async () => {
    const log = await fakePython('python3', FREEZE);
    await write(context, { 'pyproject.toml': '[tool.black]\nline-length = 100\n' });
    await readEnvironmentSnapshot(context, options({ freezeLocalEnv: true }), deps());
    expect(await callsIn(log)).toEqual(['-m pip freeze']);
  });

  it('a failing pip freeze is an error with its stderr and a fix', async () => {
    await fakePython('python3', '', 3);
    const error = await readEnvironmentSnapshot(
      context,
      options({ freezeLocalEnv: true }),
      deps(),
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('exited with 3');
    expect((error as Error).message).toContain('pip: simulated problem');
    expect((error as Error).message).toContain("'frozen-requirements'");
  });

  it('a Python that does not exist is an error naming the command', async () => {
    const error = await readEnvironmentSnapshot(
      context,
      options({ freezeLocalEnv: true }),
      deps(nodeSnapshotFs, { pythonLocation: join(scratch, 'no-such-python') }),
    ).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain('could not run');
    expect((error as Error).message).toContain(join(scratch, 'no-such-python', 'bin', 'python'));
  });
});

describe('localPython', () => {
  it.each([
    { env: {}, platform: 'linux' as const, python: 'python3' },
    { env: {}, platform: 'win32' as const, python: 'python' },
    {
      env: { pythonLocation: '/opt/py/3.11' },
      platform: 'linux' as const,
      python: '/opt/py/3.11/bin/python',
    },
    {
      env: { pythonLocation: '/opt/py/3.11' },
      platform: 'darwin' as const,
      python: '/opt/py/3.11/bin/python',
    },
  ])('$platform $env → $python', ({ env, platform, python }) => {
    expect(localPython(env, platform)).toBe(python);
  });
});
