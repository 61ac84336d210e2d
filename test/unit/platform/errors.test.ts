import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonDown, errorMessage, fileProblem } from '../../../src/platform/errors.js';

/** An error as Node's fs reports it. */
function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: raw words, ${syscall} '${file}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = file;
  return error;
}

const F = '/repo/requirements.txt';

describe('clear words for odd file-system answers', () => {
  it.each<[string, string, string]>([
    [
      'ELOOP',
      'realpath',
      '/repo/requirements.txt is a symbolic link that leads back to itself (a loop of links), so it cannot be opened: point the link at a real file, or delete it.',
    ],
    [
      'EACCES',
      'open',
      '/repo/requirements.txt cannot be read: permission denied for the user this step runs as. Make it readable (chmod a+r), or list it in .dockerignore if the image does not need it.',
    ],
    [
      'EPERM',
      'scandir',
      '/repo/requirements.txt cannot be read: permission denied for the user this step runs as. Make it readable (chmod a+r), or list it in .dockerignore if the image does not need it.',
    ],
    [
      'EACCES',
      'mkdtemp',
      '/repo/requirements.txt cannot be written: permission denied for the user this step runs as. Give that user write access, or point RUNNER_TEMP (or TMPDIR) and HOME at directories it may write.',
    ],
    [
      'EROFS',
      'mkdtemp',
      '/repo/requirements.txt is on a read-only file system, and this step must write there: point RUNNER_TEMP (or TMPDIR) and HOME (or XDG_CACHE_HOME) at writable directories.',
    ],
    [
      'EROFS',
      'open',
      '/repo/requirements.txt is on a read-only file system, and this step must write there: point RUNNER_TEMP (or TMPDIR) and HOME (or XDG_CACHE_HOME) at writable directories.',
    ],
    [
      'ENOSPC',
      'write',
      'The disk holding /repo/requirements.txt is full (no space left to write it): free space on it (docker system prune, old files), or point RUNNER_TEMP (or TMPDIR) at a larger disk.',
    ],
    [
      'EDQUOT',
      'write',
      'The disk holding /repo/requirements.txt is full (no space left to write it): free space on it (docker system prune, old files), or point RUNNER_TEMP (or TMPDIR) at a larger disk.',
    ],
  ])('%s (%s)', (code, syscall, words) => {
    expect(fileProblem(code, F, syscall)).toBe(words);
    // Every report of a failure goes through errorMessage: the raw errno never reaches the user.
    const message = errorMessage(errno(code, syscall, F));
    expect(message).toBe(words);
    expect(message).not.toMatch(/\bE[A-Z]{3,}\b|raw words/);
  });

  it('a code without words keeps the error as it is', () => {
    expect(fileProblem('EXDEV', F)).toBeUndefined();
    expect(errorMessage(errno('EXDEV', 'rename', F))).toBe(`EXDEV: raw words, rename '${F}'`);
  });

  it('a real symbolic-link loop, as Node reports it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'launch-words-'));
    try {
      symlinkSync('b', path.join(dir, 'a'));
      symlinkSync('a', path.join(dir, 'b'));
      const error = await readFile(path.join(dir, 'a')).catch((caught: unknown) => caught);
      expect(errorMessage(error)).toBe(
        `${path.join(dir, 'a')} is a symbolic link that leads back to itself (a loop of links), so it cannot be opened: point the link at a real file, or delete it.`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a daemon that does not answer: the host and the fix', () => {
    expect(daemonDown('unix:///tmp/d.sock', 'refused')).toBe(
      'the Docker daemon at unix:///tmp/d.sock does not answer (connection refused: nothing listens on it): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon',
    );
    expect(daemonDown('tcp://127.0.0.1:2375', 'silent')).toContain(
      'tcp://127.0.0.1:2375 does not answer (it accepts the connection but never answers)',
    );
    expect(daemonDown('unix:///var/run/docker.sock', 'denied')).toContain(
      '(permission denied: this user may not use it (add it to the docker group))',
    );
  });
});
