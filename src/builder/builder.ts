import type { BuilderKind } from '../inputs/core.js';
import type { Exec } from '../platform/exec.js';
import type { BuilderInfo } from './args.js';
import { daemonDown } from '../platform/errors.js';
import { daemonProblem } from './daemon.js';
import { installBuildx } from './install-buildx.js';
import { InputError } from '../platform/errors.js';

export interface BuilderChoice extends BuilderInfo {
  /** Why this builder: said in the log. */
  reason: string;
}

/**
 * Picks the builder (seed rule): buildx when it works, else the plain docker builder, else noop.
 * An explicit choice that is not available is an error, not a silent fallback.
 */
export async function chooseBuilder(
  requested: 'auto' | BuilderKind,
  run: Exec,
  env: NodeJS.ProcessEnv,
  options: {
    /** A buildx builder instance by name (docker/build-push-action's `builder`). */
    instance?: string;
    /** Whether the daemon answers (a seam for tests). */
    probeDaemon?: (env: NodeJS.ProcessEnv) => Promise<string | undefined>;
  } = {},
): Promise<BuilderChoice> {
  if (options.instance !== undefined) return namedInstance(options.instance, run, env);
  if (requested === 'noop')
    return { kind: 'noop', reason: "builder 'noop' was requested: plan only" };
  const down = await (options.probeDaemon ?? daemonProblem)(env);
  if (down) {
    if (requested !== 'auto') throw new Error(`builder '${requested}' was requested, but ${down}.`);
    return { kind: 'noop', reason: down };
  }
  if (requested === 'docker') {
    // An explicit choice is honoured even when buildx works.
    const engine = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
    if (engine.exitCode === 0) {
      return {
        kind: 'docker',
        reason: `builder 'docker' was requested: the classic builder of docker ${engine.stdout.trim()} (no cache or secret mounts)`,
      };
    }
    throw new Error(
      "builder 'docker' was requested but the Docker engine does not answer" +
        (engine.notFound ? ' (no docker CLI on PATH)' : `: ${engine.stderr.trim().split('\n')[0]}`),
    );
  }
  const buildx = await run('docker', ['buildx', 'inspect'], { env });
  if (buildxWorks(buildx)) {
    const driver = parseBuildxDriver(buildx.stdout);
    return {
      kind: 'buildx',
      ...(driver !== undefined && { driver }),
      reason: `docker buildx works (driver ${driver ?? 'unknown'})`,
    };
  }
  if (requested === 'buildx') {
    // Asked for explicitly: install the official release, as setup-buildx would, then retry.
    const installed = await installBuildx({ env, log: { info: () => undefined } }).catch(
      (error: unknown) => {
        throw new Error(
          `builder 'buildx' was requested, \`docker buildx\` does not work here, and installing it failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    const retry = await run('docker', ['buildx', 'inspect'], { env });
    if (buildxWorks(retry)) {
      const driver = parseBuildxDriver(retry.stdout);
      return {
        kind: 'buildx',
        ...(driver !== undefined && { driver }),
        reason: `buildx was missing: installed ${installed} (driver ${driver ?? 'unknown'})`,
      };
    }
    throw new Error(
      "builder 'buildx' was requested but `docker buildx` does not work here" +
        (buildx.notFound
          ? ' (no docker CLI on PATH)'
          : `: ${buildx.stderr.trim().split('\n')[0]}`) +
        '. Install the buildx plugin (e.g. a docker/setup-buildx-action step) or use builder: auto.',
    );
  }
  const docker = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
  if (docker.exitCode === 0) {
    return {
      kind: 'docker',
      reason: `docker ${docker.stdout.trim()} works but buildx does not: using the classic builder (no cache or secret mounts)`,
    };
  }
  const unreachable =
    /Cannot connect to the Docker daemon at (\S+?)\.? Is the docker daemon running/.exec(
      docker.stderr,
    );
  return {
    kind: 'noop',
    reason: unreachable
      ? daemonDown(unreachable[1]!, 'not running')
      : 'no working Docker engine was found' +
        (docker.notFound
          ? ' (no docker CLI on PATH)'
          : ` (docker version: ${docker.stderr.trim().split('\n')[0] ?? ''})`),
  };
}

/** The driver `docker buildx inspect` reports (`Driver: docker-container`), if any. */
export function parseBuildxDriver(inspectOutput: string): string | undefined {
  // Spaces only: an empty `Driver:` must not take the next line's first word.
  return /^Driver:[ \t]*(\S+)/m.exec(inspectOutput)?.[1];
}

/**
 * `docker buildx inspect` exits 0 even when its builder cannot reach a daemon: it then names no
 * driver and prints an `Error:` line.
 */
export function buildxWorks(inspect: { exitCode: number; stdout: string }): boolean {
  return (
    inspect.exitCode === 0 &&
    parseBuildxDriver(inspect.stdout) !== undefined &&
    !/^Error:/m.test(inspect.stdout)
  );
}

/** `builder: NAME` (docker's meaning): that buildx instance, or an error listing the ones there are. */
async function namedInstance(
  name: string,
  run: Exec,
  env: NodeJS.ProcessEnv,
): Promise<BuilderChoice> {
  const inspect = await run('docker', ['buildx', 'inspect', name], { env });
  if (inspect.exitCode === 0) {
    const driver = parseBuildxDriver(inspect.stdout);
    return {
      kind: 'buildx',
      instance: name,
      ...(driver !== undefined && { driver }),
      reason: `buildx builder instance '${name}' (driver ${driver ?? 'unknown'})`,
    };
  }
  const list = await run('docker', ['buildx', 'ls', '--format', '{{.Name}}'], { env });
  const known = [
    ...new Set(
      list.stdout
        .split('\n')
        .map((line) => line.trim().replace(/\*$/, '').trim())
        .filter((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(line)),
    ),
  ];
  throw new InputError(
    'builder',
    name,
    `expected auto, buildx, docker, noop or the name of a buildx builder instance on this machine; ` +
      (inspect.notFound
        ? 'there is no docker CLI on PATH'
        : `docker buildx inspect ${name} says: ${inspect.stderr.trim().split('\n')[0] ?? ''}` +
          (known.length > 0 ? ` (instances here: ${known.join(', ')})` : '')),
    'Create it first (e.g. with docker/setup-buildx-action, whose name output gives the name), or use builder: auto.',
  );
}

/**
 * Whether the builder stores OCI artifacts: attestations (provenance, SBOM) and manifest
 * annotations. buildx drivers other than `docker` do; the `docker` driver only with the
 * containerd image store (the classic store keeps Docker v2 manifests, which have neither).
 */
export async function storesOciArtifacts(
  builder: BuilderInfo,
  run: Exec,
  env: NodeJS.ProcessEnv,
): Promise<boolean> {
  if (builder.kind !== 'buildx') return false;
  if (builder.driver !== undefined && builder.driver !== 'docker') return true;
  const info = await run('docker', ['info', '--format', '{{json .DriverStatus}}'], { env });
  return info.exitCode === 0 && info.stdout.includes('io.containerd.snapshotter');
}
