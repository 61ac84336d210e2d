/**
 * The registry half of `mode: doctor`: login, push and pull permission, proven with the registry
 * API itself and without writing anything (a blob upload is started, then cancelled).
 */
import { errorMessage } from '../platform/errors.js';
import type { ImageReference } from '../image/reference.js';
import { registryBaseUrl, registryRequest } from '../registry/manifest.js';
import type { BasicCredentials } from '../registry/manifest.js';
import type { HttpDeps, HttpResponse } from '../platform/http.js';
import type { Finding } from './findings.js';

type Ref = Pick<ImageReference, 'host' | 'path'>;

const PULL_MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** `docker login` does this: GET /v2/ with the credentials. */
export async function checkLogin(
  host: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<Finding> {
  const who = credentials ? `as "${credentials.username}"` : 'without credentials';
  try {
    // `registryRequest` addresses /v2/<path><suffix>: an empty path and suffix is /v2/.
    const response = await registryRequest(
      { host, path: '' },
      '',
      { method: 'GET', headers: {} },
      'pull',
      credentials,
      http,
    );
    if (response.status >= 200 && response.status < 300) {
      return { id: 'registry.login', severity: 'ok', title: `${host}: login ${who} accepted` };
    }
    return {
      id: 'registry.login-refused',
      severity: 'error',
      title: `${host}: the registry refused the login ${who} (HTTP ${response.status})`,
      detail: errorsText(response),
      fix: credentials
        ? 'The credentials above are wrong or expired: check the `username`/`password` inputs, or the cloud login findings.'
        : 'Give the registry credentials (`username`/`password`, or the cloud inputs).',
    };
  } catch (error) {
    return {
      id: 'registry.unreachable',
      severity: 'error',
      title: `${host}: the registry did not answer at ${registryBaseUrl(host)}/v2/`,
      detail: errorMessage(error),
      fix: 'Check the host in `destination`/`docker-image` and that this runner can reach it.',
    };
  }
}

/**
 * Push permission without pushing: POST /v2/<name>/blobs/uploads/ starts an upload (the
 * registry checks push access there), then DELETE on the upload URL cancels it.
 */
export async function checkPush(
  ref: Ref,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<Finding> {
  const name = `${ref.host}/${ref.path}`;
  try {
    const started = await registryRequest(
      ref,
      '/blobs/uploads/',
      { method: 'POST', headers: { 'Content-Length': '0' } },
      'pull,push',
      credentials,
      http,
    );
    if (started.status !== 202) {
      return {
        id: 'registry.push-denied',
        severity: 'error',
        title: `${name}: no push permission (starting an upload answered HTTP ${started.status})`,
        detail: errorsText(started),
        fix: pushFix(ref.host),
      };
    }
    const location = started.headers.get('location');
    let cancelled = false;
    if (location) {
      const uploadUrl = new URL(location, `${registryBaseUrl(ref.host)}/`);
      const upload = `${uploadUrl.pathname.replace(/^\/v2\/.*?\/blobs\/uploads\//, '/blobs/uploads/')}${uploadUrl.search}`;
      const deleted = await registryRequest(
        ref,
        upload,
        { method: 'DELETE', headers: {} },
        'pull,push',
        credentials,
        http,
      );
      cancelled = deleted.status === 204 || deleted.status === 200;
    }
    return {
      id: 'registry.push-allowed',
      severity: 'ok',
      title: `${name}: push allowed (an upload was started and ${cancelled ? 'cancelled' : 'left to expire'}; nothing was written)`,
    };
  } catch (error) {
    return {
      id: 'registry.push-check-failed',
      severity: 'error',
      title: `${name}: could not check push permission`,
      detail: errorMessage(error),
    };
  }
}

function pushFix(host: string): string {
  if (/\.dkr\.ecr\./.test(host)) {
    return 'Add ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability and ecr:PutImage to the role (docs/cloud-setup.md#amazon-ecr).';
  }
  if (host.endsWith('-docker.pkg.dev')) {
    return 'Grant roles/artifactregistry.writer on the repository to the identity (docs/cloud-setup.md#google-artifact-registry).';
  }
  if (host.endsWith('.azurecr.io')) {
    return 'Assign AcrPush (or "Container Registry Repository Writer" in ABAC mode) to the app (docs/cloud-setup.md#azure-container-registry).';
  }
  return 'Use credentials of a user with write access to this repository.';
}

/**
 * Pull permission: HEAD of the image's manifest. 200 proves it; 404 proves read access to the
 * repository (the tag is not there yet); 401/403 is a refusal.
 */
export async function checkPull(
  ref: Ref,
  tag: string,
  credentials: BasicCredentials | undefined,
  http: HttpDeps,
): Promise<Finding> {
  const name = `${ref.host}/${ref.path}:${tag}`;
  try {
    const response = await registryRequest(
      ref,
      `/manifests/${encodeURIComponent(tag)}`,
      { method: 'HEAD', headers: { Accept: PULL_MANIFEST_TYPES } },
      'pull',
      credentials,
      http,
    );
    if (response.status === 200) {
      return { id: 'registry.pull-allowed', severity: 'ok', title: `${name}: pull allowed` };
    }
    if (response.status === 404) {
      return {
        id: 'registry.pull-allowed',
        severity: 'ok',
        title: `${name}: read access granted (the tag does not exist yet)`,
      };
    }
    return {
      id: 'registry.pull-denied',
      severity: 'error',
      title: `${name}: no pull permission (HTTP ${response.status})`,
      detail: errorsText(response),
      fix: /\.dkr\.ecr\./.test(ref.host)
        ? 'Add ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to the role the GPU job uses (docs/cloud-setup.md#amazon-ecr).'
        : 'Give the GPU job credentials with read access to this repository.',
    };
  } catch (error) {
    return {
      id: 'registry.pull-check-failed',
      severity: 'error',
      title: `${name}: could not check pull permission`,
      detail: errorMessage(error),
    };
  }
}

function errorsText(response: HttpResponse): string | undefined {
  const text = response.text.replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 300) : undefined;
}
