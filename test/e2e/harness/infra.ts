import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecked, runCommand } from './process.js';

// The values scripts/test-infra.sh sets up (keep the two in agreement; `test-infra.sh env`
// prints the same values for shell use).
export const REGISTRY_HOST = '127.0.0.1:5000';
export const REGISTRY_URL = `http://${REGISTRY_HOST}`;
export const REGISTRY_USER = 'launch';
export const REGISTRY_PASSWORD = 'launch-test-password';
/** Debian bookworm minbase with python3 (3.11), pip and venv: stands in for `python:3.11-slim`. */
export const PYTHON_BASE_IMAGE = 'local/python:3.11-bookworm';
/** Debian bookworm minbase without Python: stands in for an accelerator (CUDA) base image. */
export const NOPYTHON_BASE_IMAGE = 'local/debian-nopython:bookworm';

// The label test-infra.sh sets on its base images, with the value for each.
const BASE_LABEL = 'org.launch-action.test-base';
const BASE_IMAGE_LABELS: Record<string, string> = {
  [PYTHON_BASE_IMAGE]: 'python-3.11-bookworm',
  [NOPYTHON_BASE_IMAGE]: 'debian-nopython-bookworm',
};

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const INFRA_SCRIPT = join(REPO_ROOT, 'scripts', 'test-infra.sh');
export const START_HINT = 'Start it with: bash scripts/test-infra.sh up';

const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** What is missing from the test infrastructure; empty when everything is up. */
export async function infraProblems(): Promise<string[]> {
  const problems: string[] = [];
  const info = await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], {
    timeoutMs: 20_000,
  }).catch((error: Error) => ({ code: -1, stdout: '', stderr: error.message }));
  if (info.code !== 0) {
    problems.push(`docker daemon does not answer 'docker info': ${info.stderr.trim()}`);
  } else {
    const buildx = await runCommand('docker', ['buildx', 'version'], { timeoutMs: 20_000 });
    if (buildx.code !== 0) problems.push(`docker buildx is missing: ${buildx.stderr.trim()}`);
    for (const [image, label] of Object.entries(BASE_IMAGE_LABELS)) {
      const inspect = await runCommand(
        'docker',
        ['image', 'inspect', '--format', `{{index .Config.Labels "${BASE_LABEL}"}}`, image],
        { timeoutMs: 20_000 },
      );
      if (inspect.code !== 0) problems.push(`base image ${image} is missing`);
      else if (inspect.stdout.trim() !== label) {
        problems.push(`base image ${image} was not made by scripts/test-infra.sh (label ${label})`);
      }
    }
  }
  const status = await registryStatus();
  if (status !== 401) {
    problems.push(
      `registry on ${REGISTRY_HOST} must answer GET /v2/ with 401 (authentication required), ` +
        `got ${status === undefined ? 'no answer' : status}`,
    );
  }
  return problems;
}

async function registryStatus(): Promise<number | undefined> {
  try {
    const response = await fetch(`${REGISTRY_URL}/v2/`, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

/** Throws, with how to start it, unless docker, buildx, the base images and the registry are up. */
export async function assertInfraUp(): Promise<void> {
  const problems = await infraProblems();
  if (problems.length > 0) {
    throw new Error(
      `The e2e test infrastructure is not up:\n  - ${problems.join('\n  - ')}\n${START_HINT}`,
    );
  }
}

/** A repository name no other test (or earlier run) uses, e.g. `e2e/cache-lq3x9k-1f2e3d`. */
export function uniqueRepo(prefix: string): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9/._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return `${clean || 'test'}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** An image reference in the test registry. */
export function registryImage(repo: string, tag: string): string {
  return `${REGISTRY_HOST}/${repo}:${tag}`;
}

// ---------------------------------------------------------------------------------------------
// Registry HTTP API (distribution v2), authenticating the way the registry asks to.
// ---------------------------------------------------------------------------------------------

export interface RegistryCredentials {
  username: string;
  password: string;
}

const TEST_CREDENTIALS: RegistryCredentials = {
  username: REGISTRY_USER,
  password: REGISTRY_PASSWORD,
};

/**
 * Sends a request to the registry; on 401 answers the `WWW-Authenticate` challenge (Basic, or a
 * Bearer token fetched from the realm with Basic credentials, as ECR/GAR/ACR-style registries do)
 * and sends it again.
 */
export async function registryFetch(
  path: string,
  init: RequestInit = {},
  credentials: RegistryCredentials = TEST_CREDENTIALS,
  registryUrl: string = REGISTRY_URL,
): Promise<Response> {
  const url = `${registryUrl}${path}`;
  const first = await fetch(url, init);
  if (first.status !== 401) return first;
  await first.body?.cancel();
  const challenge = first.headers.get('www-authenticate') ?? '';
  const authorization = await answerChallenge(challenge, credentials);
  const headers = new Headers(init.headers);
  headers.set('authorization', authorization);
  return fetch(url, { ...init, headers });
}

function basicAuth({ username, password }: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Parses `Scheme key="value", key2="value2"` into its scheme and parameters. */
export function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const match = /^\s*(\S+)\s*(.*)$/.exec(header);
  const scheme = (match?.[1] ?? '').toLowerCase();
  const params: Record<string, string> = {};
  for (const param of (match?.[2] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) {
    params[param[1]!.toLowerCase()] = param[2]!;
  }
  return { scheme, params };
}

async function answerChallenge(
  challenge: string,
  credentials: RegistryCredentials,
): Promise<string> {
  const { scheme, params } = parseChallenge(challenge);
  if (scheme === 'basic') return basicAuth(credentials);
  if (scheme === 'bearer' && params.realm) {
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    if (params.scope) tokenUrl.searchParams.set('scope', params.scope);
    const response = await fetch(tokenUrl, { headers: { authorization: basicAuth(credentials) } });
    if (!response.ok) {
      throw new Error(`registry token request to ${tokenUrl.origin} failed: ${response.status}`);
    }
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error('registry token response has neither token nor access_token');
    return `Bearer ${token}`;
  }
  throw new Error(`unsupported registry authentication challenge: ${JSON.stringify(challenge)}`);
}

/** The digest of repo:tag in the registry (HEAD of the manifest), or undefined when absent. */
export async function registryManifestDigest(
  repo: string,
  tag: string,
  credentials?: RegistryCredentials,
): Promise<string | undefined> {
  const response = await registryFetch(
    `/v2/${repo}/manifests/${encodeURIComponent(tag)}`,
    { method: 'HEAD', headers: { accept: MANIFEST_ACCEPT } },
    credentials,
  );
  if (response.status === 404) return undefined;
  if (response.status !== 200) {
    throw new Error(`HEAD manifest ${repo}:${tag} answered ${response.status}`);
  }
  const digest = response.headers.get('docker-content-digest');
  if (!digest) throw new Error(`HEAD manifest ${repo}:${tag} has no Docker-Content-Digest header`);
  return digest;
}

/** The tags of repo in the registry ([] when the repository does not exist). */
export async function registryTags(
  repo: string,
  credentials?: RegistryCredentials,
): Promise<string[]> {
  const tags: string[] = [];
  let path: string | undefined = `/v2/${repo}/tags/list`;
  while (path) {
    const response = await registryFetch(path, {}, credentials);
    if (response.status === 404) {
      await response.body?.cancel();
      return tags;
    }
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    const body = (await response.json()) as { tags?: string[] | null };
    tags.push(...(body.tags ?? []));
    // Pagination: `Link: </v2/...?last=x&n=y>; rel="next"`.
    path = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
  }
  return tags.sort();
}

// ---------------------------------------------------------------------------------------------
// docker with a private, logged-in client configuration
// ---------------------------------------------------------------------------------------------

/** A temporary DOCKER_CONFIG directory, so a test's login never touches ~/.docker/config.json. */
export interface DockerConfig {
  dir: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export async function tempDockerConfig(): Promise<DockerConfig> {
  const dir = await mkdtemp(join(tmpdir(), 'launch-docker-config-'));
  return {
    dir,
    env: { ...process.env, DOCKER_CONFIG: dir },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A temporary DOCKER_CONFIG logged in to the test registry (password on stdin). */
export async function loggedInDockerConfig(): Promise<DockerConfig> {
  const config = await tempDockerConfig();
  await runChecked(
    'docker',
    ['login', REGISTRY_HOST, '--username', REGISTRY_USER, '--password-stdin'],
    { env: config.env, input: REGISTRY_PASSWORD, timeoutMs: 60_000 },
  );
  return config;
}
