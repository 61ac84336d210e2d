/**
 * mode: kubernetes. The parsing here is light; the Job runner and the post-step cleanup load the
 * Kubernetes client on demand, so other modes do not pay for it at startup.
 */
export {
  readClusterAccessInputs,
  readKubernetesInputs,
  parseRunEnv,
  type KubernetesInputs,
  type RunEnvVar,
} from './inputs.js';
export { podOutputsPath } from './outputs.js';
export { managedClusterAccess, type ManagedClusterAccess } from './managed.js';
export { type KubernetesDeps, type KubernetesRunResult, type RegistryLogin } from './types.js';
import type { KubernetesRunParams } from './job.js';
import type { CleanupDeps } from './cleanup.js';
import type { KubernetesInputs } from './inputs.js';
import type { KubernetesDeps, KubernetesRunResult } from './types.js';

export async function runOnKubernetes(
  params: KubernetesRunParams,
  deps: KubernetesDeps,
): Promise<KubernetesRunResult> {
  const { runKubernetesJob } = await import('./job.js');
  return runKubernetesJob(params, deps);
}

export async function cleanupOnKubernetes(
  inputs: Pick<KubernetesInputs, 'access' | 'kubeconfig' | 'gracePeriodSeconds'>,
  deps: CleanupDeps,
): Promise<string[]> {
  const { cleanupKubernetesJob } = await import('./cleanup.js');
  return cleanupKubernetesJob(inputs, deps);
}
