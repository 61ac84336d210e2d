import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuilderKind } from '../inputs/core.js';
import type { Exec } from '../platform/exec.js';
import { removeOnInterrupt } from '../platform/shutdown.js';
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
  /** Extra tags the classic builder could not push after the source-hash tag was pushed. */
  failedExtraTags?: FailedPush[];
}

/** A build that failed, with the package pip could not install when that was the cause. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly failedPackage?: string,
    /** The build succeeded and its push failed: where to, the registry's error, and whether the
     * registry fixes that by itself (throttling, a 5xx, a dropped connection). */
    readonly push?: FailedPush,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

export interface FailedPush {
  ref: string;
  error: string;
  transient: boolean;
}

/**
 * Pure: whether a registry's push error is worth one more try — throttling, a server fault or a
 * dropped connection — rather than an answer (denied, unknown repository, immutable tag).
 */
export function isTransientPushError(error: string): boolean {
  return /toomanyrequests|too many requests|\b429\b|\b50[0-4]\b|service unavailable|bad gateway|gateway time-?out|connection reset|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|TLS handshake timeout|connection refused/i.test(
    error,
  );
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
  /** Told the directory before anything is written into it (the post step removes it). */
  remember: (dir: string) => void = () => undefined,
): Promise<BuildFiles> {
  const dir = await mkdtemp(path.join(tempRoot, BUILD_FILES_PREFIX));
  removeOnInterrupt(dir);
  remember(dir);
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

/** The name every build-files directory starts with. */
export const BUILD_FILES_PREFIX = 'launch-action-build-';

export async function removeBuildFiles(files: Pick<BuildFiles, 'dir'>): Promise<void> {
  // Only a directory of ours: the post step passes a path read back from the saved state.
  if (!path.basename(files.dir).startsWith(BUILD_FILES_PREFIX)) return;
  await rm(files.dir, { recursive: true, force: true });
  removeOnInterrupt(files.dir)();
}

export async function executeBuild(
  builder: Exclude<BuilderKind, 'noop'>,
  request: BuildRequest,
  run: Exec,
  env: NodeJS.ProcessEnv,
  onOutput: (chunk: string) => void,
  progress: 'tty' | 'plain' = 'plain',
  /** Told the pid of each build or push child (the post step stops one left running). */
  onSpawn: (pid: number) => void = () => undefined,
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
      onSpawn,
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
    onSpawn,
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
  const failedExtraTags: FailedPush[] = [];
  if (request.push) {
    for (const [index, tag] of request.tags.entries()) {
      const push = await run('docker', ['push', tag], {
        env: childEnv,
        onStdout: onOutput,
        onStderr: onOutput,
        onSpawn,
      });
      if (push.exitCode !== 0) {
        const error = push.stderr.trim();
        const failed = { ref: tag, error, transient: isTransientPushError(error) };
        // Once the source-hash tag is pushed the promised image exists: an extra tag that fails
        // is the caller's to verify and report, not a reason to push everything again.
        if (index > 0 && digest) {
          failedExtraTags.push(failed);
          continue;
        }
        throw new BuildError(
          `The image was built, but pushing it to ${tag} failed: ${error}`,
          undefined,
          failed,
        );
      }
      digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? '';
    }
  } else {
    digest = imageId;
  }
  if (!digest) throw new BuildError('the build finished but its digest could not be read');
  return {
    digest,
    imageId,
    durationMs: performance.now() - started,
    ...(failedExtraTags.length > 0 && { failedExtraTags }),
  };
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
      undefined,
      { ...push, transient: isTransientPushError(push.error) },
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
