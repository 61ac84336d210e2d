import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { daemonDown } from '../platform/errors.js';

const DEFAULT_SOCKET = '/var/run/docker.sock';

/**
 * Where the docker CLI will connect, when that can be told without it: DOCKER_HOST, or the
 * default socket when it exists and no other docker context is chosen. Not for TLS or ssh hosts.
 */
export function daemonAddress(
  env: NodeJS.ProcessEnv,
): { host: string; socket: { path: string } | { host: string; port: number } } | undefined {
  let host = env.DOCKER_HOST;
  if (!host) {
    // No socket at all: the docker CLI says so at once, without hanging.
    if (currentContext(env) !== 'default' || !existsSync(DEFAULT_SOCKET)) return undefined;
    host = `unix://${DEFAULT_SOCKET}`;
  }
  if (host.startsWith('unix://')) return { host, socket: { path: host.slice('unix://'.length) } };
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    return { host, socket: { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) } };
  }
  return undefined;
}

function currentContext(env: NodeJS.ProcessEnv): string {
  if (env.DOCKER_CONTEXT) return env.DOCKER_CONTEXT;
  const dir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  try {
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as {
      currentContext?: unknown;
    };
    return typeof config.currentContext === 'string' && config.currentContext !== ''
      ? config.currentContext
      : 'default';
  } catch {
    return 'default';
  }
}

/**
 * Asks the daemon `GET /_ping` directly, with a deadline: the docker CLI waits forever on a daemon
 * that accepts a connection and never answers, and reports a dead one as "buildx works". Returns
 * undefined when it answers (or when where it is cannot be told), else the reason, in words.
 */
export async function daemonProblem(
  env: NodeJS.ProcessEnv,
  timeoutMs = 10_000,
): Promise<string | undefined> {
  const address = daemonAddress(env);
  if (!address) return undefined;
  return new Promise((resolve) => {
    const socket: Socket = connect(address.socket);
    const finish = (problem: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => finish(daemonDown(address.host, 'silent')), timeoutMs);
    socket.on('connect', () =>
      socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n'),
    );
    socket.once('data', (chunk: Buffer) =>
      finish(
        chunk.toString('latin1').startsWith('HTTP/')
          ? undefined
          : daemonDown(address.host, 'it answers, but not as a Docker daemon'),
      ),
    );
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const cause =
        error.code === 'ECONNREFUSED'
          ? 'refused'
          : error.code === 'ENOENT'
            ? 'missing'
            : error.code === 'EACCES'
              ? 'denied'
              : (error.code ?? error.message);
      finish(daemonDown(address.host, cause));
    });
    socket.on('end', () =>
      finish(daemonDown(address.host, 'the connection was closed without an answer')),
    );
  });
}
