import * as core from '@actions/core';
import { dockerLogout, removeDockerConfig } from './docker/config.js';
import { runCommand } from './docker/exec.js';
import { errorMessage } from './errors.js';
import { STATE_DOCKER_CONFIG, STATE_REGISTRIES } from './registry/session.js';
import { cleanupRunContainers, spawnExec } from './run/index.js';
import { cancelDispatchedRun, DISPATCH_STATE } from './dispatch/index.js';
import {
  cleanupOnKubernetes,
  KUBERNETES_STATE,
  readClusterAccessInputs,
} from './kubernetes/index.js';
import { envInputSource, InputReader } from './inputs/reader.js';

/**
 * The post step runs whatever happened to the main step (failure, cancellation): no container
 * left holding a GPU, no dispatched run left going, no credentials left on the runner.
 */
export async function post(): Promise<void> {
  const env = process.env;
  const mode = core.getState('mode');
  const dockerConfig = core.getState(STATE_DOCKER_CONFIG);
  try {
    if (mode === 'run') {
      const removed = await cleanupRunContainers({
        exec: spawnExec,
        log: core,
        saveState: core.saveState,
        env: dockerConfig ? { ...env, DOCKER_CONFIG: dockerConfig } : env,
      });
      if (removed.length > 0) core.info(`Removed containers left running: ${removed.join(', ')}`);
    }
    const kubernetesJob = core.getState(KUBERNETES_STATE);
    if (mode === 'kubernetes' && kubernetesJob) {
      const inputs = readClusterAccessInputs(new InputReader(envInputSource(env)));
      await cleanupOnKubernetes(inputs, {
        log: core,
        env,
        workspace: env.GITHUB_WORKSPACE ?? process.cwd(),
        setSecret: core.setSecret,
        state: kubernetesJob,
      });
    }
    const dispatched = core.getState(DISPATCH_STATE);
    if (mode === 'dispatch' && dispatched) {
      await cancelDispatchedRun(dispatched, {
        fetch,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        log: core,
        env,
        token: core.getInput('github-token'),
      });
    }
  } catch (error) {
    core.warning(`Cleanup: ${errorMessage(error)}`);
  } finally {
    if (dockerConfig) {
      const registries = JSON.parse(core.getState(STATE_REGISTRIES) || '[]') as string[];
      for (const registry of registries) {
        await dockerLogout(runCommand, dockerConfig, registry, env).catch(() => undefined);
      }
      await removeDockerConfig(dockerConfig);
      core.info('Registry credentials removed from this runner.');
    }
  }
}
