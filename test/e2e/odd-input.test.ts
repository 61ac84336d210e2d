/**
 * Odd input gets one clear sentence naming the path (or the daemon) and the fix — never a raw
 * errno, never "buildx works" — through the shipped bundles: a Docker daemon that is down or
 * silent, an unreadable file and symbolic-link loops in the build context.
 */
import { chmod, chown, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  registryTags,
  uniqueRepo,
} from './harness/infra.js';
import { runCommand } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js');
const RAW =
  /\bE(LOOP|ACCES|PERM|ROFS|NOSPC|DQUOT|NOENT|CONNREFUSED)\b|buildx works|too many symbolic links|permission denied, open/;
let work: string;
let repo: MlRepo;
let silent: Server;
const silentConnections = new Set<Socket>();

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-odd-'));
  await chmod(work, 0o755);
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [] });
  silent = createServer((connection) => silentConnections.add(connection));
  await new Promise<void>((resolve) => silent.listen(path.join(work, 'silent.sock'), resolve));
});

afterAll(async () => {
  for (const connection of silentConnections) connection.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await rm(work, { recursive: true, force: true });
});

function errorOf(run: ActionRun): string {
  return run.commands
    .filter((command) => command.command === 'error')
    .map((command) => command.message)
    .join('\n');
}

describe.concurrent('a Docker daemon that does not answer (action, with a destination)', () => {
  it.each([
    ['nothing listens on the socket', 'dead.sock', 'connection refused: nothing listens on it'],
    [
      'the socket accepts and never answers',
      'silent.sock',
      'it accepts the connection but never answers',
    ],
  ])(
    '%s: the step fails naming the socket and the fix, and pushes nothing',
    async (_name, file, why) => {
      const socket = path.join(work, file);
      if (file === 'dead.sock') await writeFile(socket, ''); // connect() to a non-socket is refused
      const repository = uniqueRepo('e2e/odd-daemon');
      const run = await runAction({
        workspace: repo.dir,
        inputs: {
          destination: `${REGISTRY_HOST}/${repository}`,
          username: REGISTRY_USER,
          password: REGISTRY_PASSWORD,
          'base-image': PYTHON_BASE_IMAGE,
        },
        env: { DOCKER_HOST: `unix://${socket}` },
        timeoutMs: 90_000,
      });
      const message = errorOf(run);
      expect(run.code, run.stdout).toBe(1);
      expect(message).toContain(
        `the Docker daemon at unix://${socket} does not answer (${why}): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon`,
      );
      expect(message).toMatch(/^No image can be built for /);
      expect(`${message}\n${run.stdout}`).not.toMatch(RAW);
      expect(await registryTags(repository)).toEqual([]);
    },
  );
});

/** The CLI as an unprivileged user (root reads and writes any file), in a context of its own. */
async function planAsNobody(
  context: string,
  command: 'plan' | 'build' = 'plan',
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; out: string }> {
  const home = await mkdtemp(path.join(work, 'home-'));
  await chown(home, 65534, 65534);
  const result = await runCommand(
    'setpriv',
    [
      '--reuid=65534',
      '--regid=65534',
      '--clear-groups',
      process.execPath,
      CLI,
      command,
      '--context',
      context,
      '--base-image',
      PYTHON_BASE_IMAGE,
      '--allow-empty-environment',
    ],
    {
      env: { PATH: process.env.PATH, HOME: home, DOCKER_HOST: 'unix:///nonexistent.sock', ...env },
    },
  );
  return { code: result.code, out: `${result.stdout}\n${result.stderr}` };
}

async function context(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, file), text);
  return dir;
}

describe('odd files in the build context (CLI)', () => {
  it('an unreadable file: named, with the fix; excluding it in .dockerignore is that fix', async () => {
    const dir = await context('unreadable', { 'train.py': 'print("ok")\n', 'data.bin': 'x' });
    await chmod(path.join(dir, 'data.bin'), 0o000);
    const failed = await planAsNobody(dir);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain(
      `error: ${path.join(dir, 'data.bin')} cannot be read: permission denied for the user this step runs as. Make it readable (chmod a+r), or list it in .dockerignore if the image does not need it.`,
    );
    expect(failed.out).not.toMatch(RAW);

    await writeFile(path.join(dir, '.dockerignore'), 'data.bin\n');
    const fixed = await planAsNobody(dir);
    expect(fixed.code, fixed.out).toBe(0);
    expect(fixed.out).toMatch(/Source hash [0-9a-f]+ over 1 files/);
  });

  it('a symbolic-link loop the environment must read: named, with the fix', async () => {
    const dir = await context('loop', { 'train.py': 'print("ok")\n' });
    await symlink('requirements-dev.txt', path.join(dir, 'requirements.txt'));
    await symlink('requirements.txt', path.join(dir, 'requirements-dev.txt'));
    const result = await planAsNobody(dir);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      /error: \S+\/loop\/requirements(-dev)?\.txt is a symbolic link that leads back to itself \(a loop of links\), so it cannot be opened: point the link at a real file, or delete it\./,
    );
    expect(result.out).not.toMatch(RAW);
  });

  it('a symbolic-link loop nothing reads is context like any link (Docker sends it as a link)', async () => {
    const dir = await context('loop-elsewhere', { 'train.py': 'print("ok")\n' });
    await symlink('b', path.join(dir, 'a'));
    await symlink('a', path.join(dir, 'b'));
    const result = await planAsNobody(dir);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toMatch(/Source hash [0-9a-f]+ over 3 files/);
  });

  it('a temporary directory this user may not write: named, with the fix', async () => {
    const dir = await context('readonly-tmp', { 'train.py': 'print("ok")\n' });
    const tmp = path.join(work, 'root-owned-tmp');
    await mkdir(tmp, { mode: 0o755 });
    const result = await planAsNobody(dir, 'build', { TMPDIR: tmp });
    expect(result.code).toBe(1);
    expect(result.out).toMatch(
      new RegExp(
        `error: ${tmp}/launch-action-docker-\\w+ cannot be written: permission denied for the user this step runs as\\. Give that user write access, or point RUNNER_TEMP \\(or TMPDIR\\) and HOME at directories it may write\\.`,
      ),
    );
    expect(result.out).not.toMatch(RAW);
  });
});
