import { connect, type Socket } from 'node:net';
import { daemonDown } from '../platform/errors.js';

/**
 * Where the docker CLI will connect, when DOCKER_HOST says so (unix socket or plain tcp; TLS and
 * ssh hosts are left to the CLI). Without DOCKER_HOST the CLI reports a missing default socket at
 * once, in words chooseBuilder turns into the same sentence.
 */
export function daemonAddress(
  env: NodeJS.ProcessEnv,
): { host: string; socket: { path: string } | { host: string; port: number } } | undefined {
  const host = env.DOCKER_HOST;
  if (!host) return undefined;
  if (host.startsWith('unix://')) return { host, socket: { path: host.slice('unix://'.length) } };
  const tcp = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d+)\/?$/.exec(host);
  if (tcp && !env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) {
    return { host, socket: { host: tcp[1]!.replace(/^\[|\]$/g, ''), port: Number(tcp[2]) } };
  }
  return undefined;
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
