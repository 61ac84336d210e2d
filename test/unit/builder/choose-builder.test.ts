import { describe, expect, it } from 'vitest';
import { buildxWorks, chooseBuilder, parseBuildxDriver } from '../../../src/builder/builder.js';
import { daemonDown } from '../../../src/platform/errors.js';
import type { Exec } from '../../../src/platform/exec.js';

/** A docker CLI whose `buildx inspect` and `version` answer as given. */
function docker(buildx: boolean, engine: boolean): Exec {
  return (_file, args) =>
    Promise.resolve(
      args[0] === 'buildx'
        ? buildx
          ? { exitCode: 0, stdout: 'Name: default\nDriver: docker\n', stderr: '' }
          : { exitCode: 1, stdout: '', stderr: "docker: 'buildx' is not a docker command." }
        : engine
          ? { exitCode: 0, stdout: '20.10.24\n', stderr: '' }
          : { exitCode: 1, stdout: '', stderr: 'Cannot connect to the Docker daemon' },
    );
}

/** The daemon answers the ping (the docker CLI above decides the rest). */
const answering = () => Promise.resolve(undefined);
const down = () => Promise.resolve(daemonDown('unix:///run/dead.sock', 'refused'));

describe('chooseBuilder', () => {
  it.each<[string, boolean, boolean, string]>([
    ['auto', true, true, 'buildx'],
    ['auto', false, true, 'docker'],
    ['docker', true, true, 'docker'],
    ['docker', false, true, 'docker'],
    ['noop', true, true, 'noop'],
  ])('%s with buildx %s, engine %s → %s', async (requested, buildx, engine, kind) => {
    const choice = await chooseBuilder(
      requested as 'auto' | 'docker' | 'noop',
      docker(buildx, engine),
      {},
      { probeDaemon: answering },
    );
    expect(choice.kind).toBe(kind);
  });

  it('an explicit docker builder with no engine is an error naming the cause', async () => {
    await expect(
      chooseBuilder('docker', docker(true, false), {}, { probeDaemon: answering }),
    ).rejects.toThrow(
      /builder 'docker' was requested but the Docker engine does not answer: Cannot connect/,
    );
  });
});

/** What `docker buildx inspect` prints, exit 0, when its daemon is gone (buildx 0.13). */
const INSPECT_DAEMON_DOWN = [
  'Name:          default',
  'Driver:        ',
  'Last Activity: 2026-11-30 15:40:15 +0000 UTC',
  'Error:         Cannot connect to the Docker daemon at unix:///tmp/dead.sock. Is the docker daemon running?',
  '',
].join('\n');

describe('a Docker daemon that does not answer', () => {
  it('buildx inspect that exits 0 with no driver and an Error line is not a working buildx', () => {
    expect(parseBuildxDriver(INSPECT_DAEMON_DOWN)).toBeUndefined();
    expect(buildxWorks({ exitCode: 0, stdout: INSPECT_DAEMON_DOWN })).toBe(false);
    expect(buildxWorks({ exitCode: 0, stdout: 'Name: default\nDriver: docker\n' })).toBe(true);
  });

  it('auto: plan only, the reason naming the daemon and the fix — never "buildx works"', async () => {
    const inspectOnly: Exec = () =>
      Promise.resolve({ exitCode: 0, stdout: INSPECT_DAEMON_DOWN, stderr: '' });
    const choice = await chooseBuilder('auto', inspectOnly, {}, { probeDaemon: down });
    expect(choice.kind).toBe('noop');
    expect(choice.reason).toBe(
      'the Docker daemon at unix:///run/dead.sock does not answer (connection refused: nothing listens on it): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon',
    );
  });

  it('the docker CLI reporting the daemon down (no socket to probe) gets the same words', async () => {
    const cli: Exec = (_file, args) =>
      Promise.resolve(
        args[0] === 'buildx'
          ? { exitCode: 0, stdout: INSPECT_DAEMON_DOWN, stderr: '' }
          : {
              exitCode: 1,
              stdout: '',
              stderr:
                'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
            },
      );
    const choice = await chooseBuilder('auto', cli, {}, { probeDaemon: answering });
    expect(choice.reason).toMatch(
      /^the Docker daemon at unix:\/\/\/var\/run\/docker\.sock does not answer \(not running\): start it/,
    );
  });

  it.each(['buildx', 'docker'] as const)(
    'explicit %s: an error naming the daemon',
    async (kind) => {
      await expect(
        chooseBuilder(kind, docker(true, true), {}, { probeDaemon: down }),
      ).rejects.toThrow(
        `builder '${kind}' was requested, but the Docker daemon at unix:///run/dead.sock does not answer`,
      );
    },
  );
});
