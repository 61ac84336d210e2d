import { cancelDispatchedRun } from '../dispatch/index.js';
import { stopProcessGroup } from '../platform/processes.js';
import { errorMessage } from '../platform/errors.js';
import type { Exec } from '../platform/exec.js';
import type { Logger } from '../platform/runtime.js';
import { STATE, type GetState } from '../platform/state.js';
import { removeDockerConfig } from '../registry/docker-config.js';
import { removeBuildFiles } from '../builder/execute.js';
import { cleanupRunContainers } from '../run/index.js';
import {
  cleanupOnKubernetes,
  managedClusterAccess,
  type KubernetesInputs,
} from '../kubernetes/index.js';
import type { AuthInputs } from '../auth/index.js';

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
  kubernetes?: Pick<
    KubernetesInputs,
    'access' | 'kubeconfig' | 'gracePeriodSeconds' | 'server' | 'caData' | 'cluster'
  >;
  /** The identity inputs, for a managed cluster's token (eks/gke/aks). */
  auth?: AuthInputs;
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
        ...(deps.auth && {
          managed: () =>
            managedClusterAccess(deps.kubernetes!, deps.auth!, {
              env,
              fetch: deps.fetch,
              sleep: deps.sleep,
              log: { ...log, debug: () => undefined },
              setSecret: deps.setSecret ?? (() => undefined),
            }),
        }),
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
    // A build or push the main step left running would go on using the credentials: it is
    // stopped before they are removed, so "removed" means nothing uses them any more.
    const build = getState(STATE.buildProcess);
    if (build && (await stopProcessGroup(build, 10_000, deps.sleep))) {
      log.info(
        `Stopped the build or push the main step left running (pid ${build.split(' ')[0]}).`,
      );
    }
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
