import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuilderKind } from '../inputs/core.js';
import type { Exec } from '../platform/exec.js';
import { buildxArgs, dockerBuildArgs, type BuildRequest } from './args.js';
import { PushProgress } from './push-progress.js';

export interface BuildOutcome {
  /** Manifest digest when pushed; image id when loaded locally. */
  digest: string;
  /** The image's config digest (its local image ID); '' when unknown. */
  imageId: string;
  /** buildx's metadata file, as written (classic builds have none). */
  metadata?: Record<string, unknown>;
  durationMs: number;
}

/** A build that failed, with the package pip could not install when that was the cause. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly failedPackage?: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

export interface BuildFiles {
  dir: string;
  dockerfile: string;
  /** Secret id → file. */
  secrets: [string, string][];
}

/**
 * Writes the Dockerfile, its .dockerignore and secret files into a private temp directory: never
 * into the build context, so nothing of ours (least of all a credential) can be copied into a layer.
 */
export async function writeBuildFiles(
  tempRoot: string,
  dockerfile: string,
  dockerignore: string,
  secrets: Record<string, string>,
): Promise<BuildFiles> {
  const dir = await mkdtemp(path.join(tempRoot, 'launch-action-build-'));
  const dockerfilePath = path.join(dir, 'Dockerfile');
  await writeFile(dockerfilePath, dockerfile);
  // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile in place of the context's.
  await writeFile(`${dockerfilePath}.dockerignore`, dockerignore);
  const secretFiles: [string, string][] = [];
  for (const [id, content] of Object.entries(secrets)) {
    const file = path.join(dir, `secret-${id}`);
    await writeFile(file, content, { mode: 0o600 });
    secretFiles.push([id, file]);
  }
  return { dir, dockerfile: dockerfilePath, secrets: secretFiles };
}

export async function removeBuildFiles(files: BuildFiles): Promise<void> {
  await rm(files.dir, { recursive: true, force: true });
}

export async function executeBuild(
  builder: Exclude<BuilderKind, 'noop'>,
  request: BuildRequest,
  run: Exec,
  env: NodeJS.ProcessEnv,
  onOutput: (chunk: string) => void,
  progress: 'tty' | 'plain' = 'plain',
): Promise<BuildOutcome> {
  const started = performance.now();
  const childEnv = { ...env, BUILDX_GIT_INFO: 'false', BUILDKIT_PROGRESS: 'plain' };
  if (builder === 'buildx') {
    const tty = progress === 'tty';
    // Plain logs get a line with the bytes sent at least every 10 s while pushing.
    const push = new PushProgress();
    const output = (chunk: string) => {
      onOutput(chunk);
      push.feed(chunk, Date.now());
    };
    const timer = tty
      ? undefined
      : setInterval(() => {
          const line = push.tick(Date.now());
          if (line) onOutput(`${line}\n`);
        }, 1_000);
    timer?.unref();
    const result = await run('docker', buildxArgs(request), {
      env: tty ? { ...childEnv, BUILDKIT_PROGRESS: 'tty' } : childEnv,
      onStdout: output,
      onStderr: output,
      terminal: tty,
    }).finally(() => clearInterval(timer));
    if (result.exitCode !== 0) {
      // With tty progress the log went to the terminal, uncaptured: the user has just seen it.
      if (tty)
        throw new BuildError('The image build failed (its log is above). Nothing was pushed.');
      throw buildFailure(result.stdout + result.stderr);
    }
    const metadata = JSON.parse(await readFile(request.metadataFile, 'utf8')) as Record<
      string,
      unknown
    >;
    const digest = metadata['containerimage.digest'];
    if (typeof digest !== 'string') {
      throw new BuildError(`buildx wrote no image digest to ${request.metadataFile}`);
    }
    const configDigest = metadata['containerimage.config.digest'];
    return {
      digest,
      // The engine's own BuildKit (docker driver) reports no config digest; for an image it
      // loaded, the digest it reports is the engine's image ID.
      imageId: typeof configDigest === 'string' ? configDigest : request.push ? '' : digest,
      metadata,
      durationMs: performance.now() - started,
    };
  }
  const build = await run('docker', dockerBuildArgs(request), {
    env: { ...childEnv, DOCKER_BUILDKIT: '0' },
    onStdout: onOutput,
    onStderr: onOutput,
  });
  if (build.exitCode !== 0) throw buildFailure(build.stdout + build.stderr);
  // The classic builder always leaves the image in the engine: its ID is the config digest.
  const inspect = await run(
    'docker',
    ['image', 'inspect', '--format', '{{.Id}}', request.tags[0]!],
    {
      env: childEnv,
    },
  );
  const imageId = inspect.exitCode === 0 ? inspect.stdout.trim() : '';
  let digest = '';
  if (request.push) {
    for (const tag of request.tags) {
      const push = await run('docker', ['push', tag], {
        env: childEnv,
        onStdout: onOutput,
        onStderr: onOutput,
      });
      if (push.exitCode !== 0)
        throw new BuildError(`docker push ${tag} failed: ${push.stderr.trim()}`);
      digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? '';
    }
  } else {
    digest = imageId;
  }
  if (!digest) throw new BuildError('the build finished but its digest could not be read');
  return { digest, imageId, durationMs: performance.now() - started };
}

/** The push step of a BuildKit plain log that ended in an error: where to, and the error. */
function failedPush(output: string): { ref: string; error: string } | undefined {
  for (const match of output.matchAll(/^#(\d+) pushing (\S+)(?: with docker)?\s*$/gm)) {
    const error = new RegExp(`^#${match[1]} ERROR: (.+)$`, 'm').exec(output)?.[1];
    if (error) return { ref: match[2]!, error: error.trim() };
  }
  return undefined;
}

/** pip's own words for "this package could not be installed", newest pip first. */
const PIP_FAILURES = [
  /No matching distribution found for ([^\s]+)/,
  /Could not find a version that satisfies the requirement ([^\s]+)/,
  // Before "Failed to build": newer pip says "Failed to build installable wheels for … (name)".
  /Failed building wheel for ([^\s]+)/,
  /Failed to build ([^\s]+)/,
  /Because ([^\s]+) was not found in the package registry/,
];

export function buildFailure(output: string): BuildError {
  const tail = output.trim().split('\n').slice(-25).join('\n');
  // pip ends an index it cannot reach with "No matching distribution": say what really happened.
  const unreachable = unreachableIndex(output);
  if (unreachable) return new BuildError(unreachable);
  const push = failedPush(output);
  if (push) {
    return new BuildError(
      `The image was built, but pushing it to ${push.ref} failed: ${push.error}. Check that the credentials may push to that repository and that the registry accepts the tag (registries with immutable tags refuse to overwrite one). Last lines of the build log:\n${tail}`,
    );
  }
  for (const pattern of PIP_FAILURES) {
    const match = pattern.exec(output);
    if (match) {
      return new BuildError(
        `The dependency '${match[1]}' could not be installed: check its name and version, and that the package index has it (pip-index-url). Nothing was pushed.\n${tail}`,
        match[1],
      );
    }
  }
  return new BuildError(
    `The image build failed. Nothing was pushed. Last lines of the build log:\n${tail}`,
  );
}

/**
 * "the package index HOST could not be reached (REASON)" when pip gave up on connecting (its
 * "Retrying … after connection broken by" warnings), naming the index by host only: never its
 * credentials. One line, for one concise annotation; the log above has pip's own words.
 */
export function unreachableIndex(output: string): string | undefined {
  const broken =
    /Retrying \(Retry\(total=0[^)]*\)\) after connection broken by '(.+)': (\S+)\s*$/m.exec(output);
  if (!broken) return undefined;
  const cause = broken[1]!;
  const reason =
    /Failed to establish a new connection: (?:\[Errno -?\d+\] )?([^'"()]+)/.exec(cause)?.[1] ??
    /(Connection to \S+ timed out)/.exec(cause)?.[1] ??
    /(Read timed out)/.exec(cause)?.[1] ??
    /^(\w+)\(/.exec(cause)?.[1] ??
    'connection failed';
  const indexes = (/^(?:#\d+ )?[\d.]* ?Looking in indexes: (.+)$/m.exec(output)?.[1] ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  // The retried path (`/simple/numpy/`) tells which index it was when there are several.
  const path = broken[2]!;
  const matching = indexes.filter((url) => path.startsWith(pathOf(url)));
  const hosts = [...new Set((matching.length > 0 ? matching : indexes).map(hostOf))];
  const requirement = /No matching distribution found for (\S+)/.exec(output)?.[1];
  const index =
    hosts.length === 1
      ? `The package index ${hosts[0]}`
      : hosts.length > 1
        ? `One of the package indexes ${hosts.join(', ')}`
        : 'The package index';
  return (
    `${index} could not be reached (${reason.trim().toLowerCase()})` +
    (requirement ? `, so pip could not look up ${requirement}` : '') +
    '. Check pip-index-url / pip-extra-index-url and that the build can reach that host ' +
    '(network: host for a service on the runner itself). Nothing was pushed.'
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url
      .replace(/^\w+:\/\//, '')
      .replace(/^[^@/]*@/, '')
      .split('/')[0]!;
  }
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/';
  }
}
