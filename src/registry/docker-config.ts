import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Exec } from '../platform/exec.js';
import { removeOnInterrupt } from '../platform/shutdown.js';
import type { BasicCredentials } from './manifest.js';

/**
 * A docker client configuration directory of our own, outside the workspace and the build
 * context, so credentials never land in the user's home on a shared runner or in an image. The
 * buildx plugin directory of the user's config is linked in so `docker buildx` keeps working.
 */
export async function createDockerConfig(
  tempRoot: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const dir = await mkdtemp(path.join(tempRoot, 'launch-action-docker-'));
  removeOnInterrupt(dir);
  const userConfig = env.DOCKER_CONFIG ?? path.join(env.HOME ?? os.homedir(), '.docker');
  const config: Record<string, unknown> = {};
  try {
    const existing = JSON.parse(await readFile(path.join(userConfig, 'config.json'), 'utf8')) as {
      auths?: unknown;
      credsStore?: unknown;
      credHelpers?: unknown;
    };
    // Keep the job's existing logins usable (e.g. a docker/login-action step before this one).
    for (const key of ['auths', 'credsStore', 'credHelpers'] as const) {
      if (existing[key] !== undefined) config[key] = existing[key];
    }
  } catch {
    // No user configuration: start empty.
  }
  config.cliPluginsExtraDirs = [
    path.join(userConfig, 'cli-plugins'),
    '/usr/libexec/docker/cli-plugins',
    '/usr/local/lib/docker/cli-plugins',
  ];
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
  return dir;
}

export async function removeDockerConfig(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  removeOnInterrupt(dir)();
}

/** `docker login` with the password on stdin (never in argv, where `ps` would show it). */
export async function dockerLogin(
  run: Exec,
  dockerConfig: string,
  credentials: BasicCredentials & { registry: string },
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const result = await run(
    'docker',
    ['login', credentials.registry, '--username', credentials.username, '--password-stdin'],
    { env: { ...env, DOCKER_CONFIG: dockerConfig }, input: credentials.password },
  );
  if (result.exitCode !== 0) {
    throw new Error(
      `docker login to ${credentials.registry} as ${credentials.username} failed: ${result.stderr.trim() || result.stdout.trim()}`,
    );
  }
}

/**
 * Makes `docker login` store the logins for `hosts` in this directory's config.json: an empty
 * `credHelpers` entry overrides the user's `credsStore` for that host (as docker reads it).
 */
export async function keepLoginsInFile(
  dockerConfig: string,
  hosts: readonly string[],
): Promise<void> {
  if (hosts.length === 0) return;
  const file = path.join(dockerConfig, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    credHelpers?: Record<string, string>;
  };
  const helpers = { ...config.credHelpers };
  for (const host of hosts) helpers[host] = '';
  await writeFile(file, JSON.stringify({ ...config, credHelpers: helpers }, null, 2), {
    mode: 0o600,
  });
}
