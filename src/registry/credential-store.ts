import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Exec } from '../platform/exec.js';
import type { BasicCredentials } from './manifest.js';

/** A docker client configuration: the parts that say where credentials are kept. */
interface DockerConfigFile {
  auths?: Record<
    string,
    { auth?: string; username?: string; password?: string; identitytoken?: string }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** A credential helper could not answer (not "no credentials": a failure worth a warning). */
export class CredentialHelperError extends Error {
  constructor(
    readonly helper: string,
    readonly host: string,
    detail: string,
  ) {
    super(`the docker credential helper docker-credential-${helper} failed for ${host}: ${detail}`);
    this.name = 'CredentialHelperError';
  }
}

/** Docker's own server address for Docker Hub; every other registry is known by its host. */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** How long a credential helper may take before it is killed and its answer taken as unknown. */
export const CREDENTIAL_HELPER_TIMEOUT_MS = 10_000;

/** The user name a credential helper returns when its secret is an identity token. */
const IDENTITY_TOKEN_USER = '<token>';

/**
 * The credentials docker itself would use for `host`, found the way the docker CLI finds them:
 * `credHelpers[host]`, else `credsStore`, through the `docker-credential-<name> get` protocol
 * (server address on stdin, never in argv); else the inline `auths` entry. An identity token
 * (helper user `<token>`, or `identitytoken` in `auths`) is returned as such: it is a refresh token
 * for the registry's token service, not a password. Undefined when docker has none; throws
 * CredentialHelperError when a helper fails or does not answer within `helperTimeoutMs`.
 */
export async function dockerCredentials(
  configDir: string,
  host: string,
  run: Exec,
  env: NodeJS.ProcessEnv,
  helperTimeoutMs = CREDENTIAL_HELPER_TIMEOUT_MS,
): Promise<BasicCredentials | undefined> {
  const config = await readConfig(configDir);
  const helper = helperFor(config, host);
  if (helper) return helperCredentials(helper, host, run, env, helperTimeoutMs);
  return inlineCredentials(config, host);
}

async function readConfig(configDir: string): Promise<DockerConfigFile> {
  let text: string;
  try {
    text = await readFile(path.join(configDir, 'config.json'), 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as DockerConfigFile) : {};
  } catch {
    throw new Error(`${path.join(configDir, 'config.json')} is not valid JSON`);
  }
}

/** Pure: the helper docker would ask for `host` ('' in credHelpers means "the file itself"). */
export function helperFor(config: DockerConfigFile, host: string): string | undefined {
  const own = config.credHelpers?.[host];
  if (own !== undefined) return own || undefined;
  return config.credsStore || undefined;
}

async function helperCredentials(
  helper: string,
  host: string,
  run: Exec,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<BasicCredentials | undefined> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(helper)) {
    throw new CredentialHelperError(helper, host, 'the helper name is not a program name');
  }
  const result = await run(`docker-credential-${helper}`, ['get'], {
    env,
    input: serverAddress(host),
    timeoutMs,
  });
  if (result.notFound) {
    throw new CredentialHelperError(helper, host, 'the program is not on PATH');
  }
  if (result.timedOut) {
    throw new CredentialHelperError(
      helper,
      host,
      `it did not answer within ${Math.round(timeoutMs / 100) / 10} s and was stopped`,
    );
  }
  const said = `${result.stdout}\n${result.stderr}`.trim();
  if (result.exitCode !== 0) {
    // The protocol's answer for "nothing stored for this server".
    if (/credentials not found/i.test(said)) return undefined;
    throw new CredentialHelperError(
      helper,
      host,
      `exit code ${result.exitCode}${said ? `: ${said.split('\n')[0]!.slice(0, 200)}` : ''}`,
    );
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(result.stdout) as { Username?: unknown; Secret?: unknown };
  } catch {
    throw new CredentialHelperError(helper, host, 'its answer is not JSON');
  }
  const username = typeof answer.Username === 'string' ? answer.Username : '';
  const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
  if (!secret) return undefined;
  if (username === IDENTITY_TOKEN_USER)
    return { username: '', password: '', identityToken: secret };
  return { username, password: secret };
}

/** Pure: the `auths` entry docker would use for `host`, decoded. */
export function inlineCredentials(
  config: DockerConfigFile,
  host: string,
): BasicCredentials | undefined {
  const auths = config.auths ?? {};
  const key =
    [host, `https://${host}`, `http://${host}`].find((name) => auths[name]) ??
    Object.keys(auths).find((name) => hostOf(name) === hostOf(serverAddress(host)));
  const entry = key === undefined ? undefined : auths[key];
  if (!entry) return undefined;
  if (entry.identitytoken)
    return { username: '', password: '', identityToken: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    return undefined;
  }
  if (entry.username && entry.password)
    return { username: entry.username, password: entry.password };
  return undefined;
}

function serverAddress(host: string): string {
  return host === 'docker.io' ? DOCKER_HUB_SERVER : host;
}

/** docker's ConvertToHostname: no scheme, nothing after the first slash. */
function hostOf(address: string): string {
  return address.replace(/^[a-z]+:\/\//i, '').split('/')[0]!;
}
