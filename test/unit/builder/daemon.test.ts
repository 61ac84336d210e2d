import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { daemonAddress, daemonProblem } from '../../../src/builder/daemon.js';

let dir: string | undefined;
let server: Server | undefined;
const connections = new Set<Socket>();
afterEach(async () => {
  for (const connection of connections) connection.destroy();
  connections.clear();
  const closing = server;
  server = undefined;
  if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function listen(onConnection: (socket: Socket) => void): Promise<string> {
  dir = mkdtempSync(path.join(os.tmpdir(), 'launch-daemon-'));
  const socket = path.join(dir, 'docker.sock');
  server = createServer((connection) => {
    connections.add(connection);
    onConnection(connection);
  });
  await new Promise<void>((resolve) => server!.listen(socket, resolve));
  return socket;
}

describe('daemonProblem (a real unix socket)', () => {
  it('a daemon that answers the ping: no problem', async () => {
    const socket = await listen((connection) =>
      connection.once('data', () =>
        connection.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK'),
      ),
    );
    expect(await daemonProblem({ DOCKER_HOST: `unix://${socket}` })).toBeUndefined();
  });

  it('a socket that accepts and never answers: named, within the deadline', async () => {
    const socket = await listen(() => undefined);
    const started = Date.now();
    expect(await daemonProblem({ DOCKER_HOST: `unix://${socket}` }, 300)).toBe(
      `the Docker daemon at unix://${socket} does not answer (it accepts the connection but never answers): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('nothing listening, and no socket at all', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'launch-daemon-'));
    const dead = path.join(dir, 'dead.sock');
    writeFileSync(dead, ''); // connect() to a file that is no socket: refused
    expect(await daemonProblem({ DOCKER_HOST: `unix://${dead}` })).toContain(
      `at unix://${dead} does not answer (connection refused: nothing listens on it)`,
    );
    const missing = path.join(dir, 'missing.sock');
    expect(await daemonProblem({ DOCKER_HOST: `unix://${missing}` })).toContain(
      `at unix://${missing} does not answer (no such socket)`,
    );
  });
});

describe('daemonAddress', () => {
  it.each<[NodeJS.ProcessEnv, string | undefined]>([
    [{ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, 'unix:///run/user/1000/docker.sock'],
    [{ DOCKER_HOST: 'tcp://127.0.0.1:2375' }, 'tcp://127.0.0.1:2375'],
    [{ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' }, undefined],
    [{ DOCKER_HOST: 'ssh://build@host' }, undefined],
    [{}, undefined],
  ])('%j → %s', (env, host) => {
    expect(daemonAddress(env)?.host).toBe(host);
  });
});
