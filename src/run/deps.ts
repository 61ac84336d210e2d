import type { Exec } from '../platform/exec.js';
import type { Logger } from '../platform/runtime.js';
import type { SaveState } from '../platform/state.js';

type RunLogger = Pick<Logger, 'info' | 'warning' | 'error'>;

/** Where termination signals come from (the process, or a test's emitter). */
interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface RunDeps {
  exec: Exec;
  log: RunLogger;
  saveState: SaveState;
  /** The job's environment: GITHUB_*, RUNNER_*, DOCKER_CONFIG, PATH… (passed to every docker call). */
  env: NodeJS.ProcessEnv;
  /** Defaults to `process`. */
  signals?: SignalSource;
  /** Free bytes on the filesystem holding `path`; defaults to statfs. */
  freeBytes?: (path: string) => number;
  /** Defaults to `Date.now`. */
  now?: () => number;
  /** Container output; defaults to the process's stdout/stderr. */
  stdout?: (chunk: string) => void;
  stderr?: (chunk: string) => void;
}

/** Runs `docker` and throws with its stderr when it fails. */
export async function docker(deps: RunDeps, args: string[], what: string): Promise<string> {
  const result = await deps.exec('docker', args, { env: deps.env });
  if (result.notFound) {
    throw new Error(
      `${what}: the docker CLI was not found on PATH. Install Docker on this runner.`,
    );
  }
  if (result.exitCode !== 0) {
    throw new Error(
      `${what}: docker ${args[0] ?? ''} exited ${result.exitCode}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}
