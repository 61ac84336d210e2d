import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Exec } from '../platform/exec.js';
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

/** Credentials an earlier `docker login` stored inline for this registry, if any. */
export async function storedCredentials(
  dockerConfig: string,
  registry: string,
): Promise<BasicCredentials | undefined> {
  try {
    const config = JSON.parse(await readFile(path.join(dockerConfig, 'config.json'), 'utf8')) as {
      auths?: Record<string, { auth?: string }>;
    };
    const names = [registry, `https://${registry}`, `http://${registry}`];
    if (registry === 'docker.io') names.push('https://index.docker.io/v1/');
    for (const name of names) {
      const auth = config.auths?.[name]?.auth;
      if (auth) {
        const decoded = Buffer.from(auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0)
          return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
      }
    }
  } catch {
    // Unreadable or absent: anonymous lookup.
  }
  return undefined;
}
