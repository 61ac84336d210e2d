import { cancelDispatchedRun } from '../dispatch/index.js';
import { errorMessage } from '../platform/errors.js';
import type { Exec } from '../platform/exec.js';
import type { Logger } from '../platform/runtime.js';
import { STATE, type GetState } from '../platform/state.js';
import { removeDockerConfig } from '../registry/docker-config.js';
import { removeBuildFiles } from '../builder/execute.js';
import { cleanupRunContainers } from '../run/index.js';
import { cleanupOnKubernetes, type KubernetesInputs } from '../kubernetes/index.js';

/** What the post step works with: the saved state, the job's environment and the one runner. */
export interface CleanupDeps {
  getState: GetState;
  env: NodeJS.ProcessEnv;
  exec: Exec;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  log: Pick<Logger, 'info' | 'warning' | 'error'>;
  /** The `github-token` input, to cancel a dispatched run. */
  githubToken: string;
  /** How to reach the cluster again (mode kubernetes). */
  kubernetes?: Pick<KubernetesInputs, 'access' | 'kubeconfig' | 'gracePeriodSeconds'>;
  workspace?: string;
  setSecret?: (secret: string) => void;
}

/**
 * The post step runs whatever happened to the main step (failure, cancellation): no container
 * left holding a GPU, no dispatched run left going, no credentials left on the runner.
 */
export async function cleanup(deps: CleanupDeps): Promise<void> {
  const { env, getState, log } = deps;
  const mode = getState(STATE.mode);
  const dockerConfig = getState(STATE.dockerConfig);
  try {
    if (mode === 'run') {
      const removed = await cleanupRunContainers({
        exec: deps.exec,
        log,
        saveState: () => undefined,
        env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
      });
      if (removed.length > 0) log.info(`Removed containers left running: ${removed.join(', ')}`);
    }
    const kubernetesJob = getState(STATE.kubernetesJob);
    if (mode === 'kubernetes' && kubernetesJob && deps.kubernetes) {
      await cleanupOnKubernetes(deps.kubernetes, {
        log,
        env,
        workspace: deps.workspace ?? process.cwd(),
        setSecret: deps.setSecret ?? (() => undefined),
        state: kubernetesJob,
      });
    }
    const dispatched = getState(STATE.dispatchRun);
    if (mode === 'dispatch' && dispatched) {
      await cancelDispatchedRun(dispatched, {
        fetch: deps.fetch,
        sleep: deps.sleep,
        log,
        env,
        token: deps.githubToken,
      });
    }
  } catch (error) {
    log.warning(`Cleanup: ${errorMessage(error)}`);
  } finally {
    // A build killed before its own cleanup leaves its secret files behind.
    const buildFiles = getState(STATE.buildFiles);
    if (buildFiles) await removeBuildFiles({ dir: buildFiles });
    // The logins live only in this directory: removing it is the logout.
    if (dockerConfig) {
      await removeDockerConfig(dockerConfig);
      log.info('Registry credentials removed from this runner.');
    }
  }
}
