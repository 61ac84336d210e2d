/** What the Kubernetes mode needs from the step, and what it gives back. */
import type { SaveState } from '../platform/state.js';
import type { RunResult } from '../run/index.js';

export interface KubernetesLogger {
  info(message: string): void;
  warning(message: string): void;
}

/** Where termination signals come from (the process, or a test's emitter). */
export interface SignalSource {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
}

export interface KubernetesDeps {
  log: KubernetesLogger;
  saveState: SaveState;
  setSecret(secret: string): void;
  /** The job's environment (GITHUB_RUN_ID, KUBERNETES_SERVICE_HOST, …). */
  env: NodeJS.ProcessEnv;
  /** Relative kubeconfig paths are resolved here. */
  workspace: string;
  /** The container's log output, as it arrives. */
  write(chunk: string): void;
  signals?: SignalSource;
  now?: () => number;
}

export interface RegistryLogin {
  host: string;
  username: string;
  password: string;
}

export interface KubernetesRunResult extends RunResult {
  jobName: string;
  namespace: string;
  /** How long Kueue kept the Job suspended. */
  queuedSeconds?: number;
}
