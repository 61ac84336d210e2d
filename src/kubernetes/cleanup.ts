/**
 * Post step of the Kubernetes mode: a Job the main step did not delete (cancelled, crashed runner
 * step) is deleted with foreground propagation, and the step waits for its pods to be gone.
 * Loaded on demand (it pulls in the Kubernetes client).
 */
import { connect } from './cluster.js';
import type { KubernetesInputs } from './inputs.js';
import type { ManagedClusterAccess } from './managed.js';
import { INSTANCE_LABEL } from './manifest.js';
import type { KubernetesLogger } from './types.js';

export interface CleanupDeps {
  log: KubernetesLogger;
  env: NodeJS.ProcessEnv;
  workspace: string;
  setSecret(secret: string): void;
  /** The `{namespace, name}` the main step saved. */
  state: string;
  /** eks/gke/aks: a fresh cluster token (the main step's may have expired). */
  managed?: () => Promise<ManagedClusterAccess | undefined>;
}

/** Deletes this step's Job if it is still there; resolves when its pods are gone (or time is up). */
export async function cleanupKubernetesJob(
  inputs: Pick<KubernetesInputs, 'access' | 'kubeconfig' | 'gracePeriodSeconds'>,
  deps: CleanupDeps,
): Promise<string[]> {
  const { namespace, name } = JSON.parse(deps.state) as { namespace: string; name: string };
  const managed = await deps.managed?.();
  const { cluster } = connect({
    ...(managed && { managed }),
    access: inputs.access,
    env: deps.env,
    workspace: deps.workspace,
    mask: deps.setSecret,
    ...(inputs.kubeconfig !== undefined && { kubeconfig: inputs.kubeconfig }),
  });
  const selector = `${INSTANCE_LABEL}=${name}`;
  const jobs = await cluster.listJobs(namespace, selector);
  const deleted: string[] = [];
  for (const job of jobs) {
    const jobName = String(job.metadata?.name);
    if (!job.metadata?.deletionTimestamp && (await cluster.deleteJob(namespace, jobName))) {
      deleted.push(jobName);
      deps.log.info(`Deleted Job ${namespace}/${jobName} (foreground propagation).`);
    }
  }
  // Pods are checked even when no Job is left: one deleted without propagation orphans its pods.
  const started = Date.now();
  const limit = (inputs.gracePeriodSeconds + 15) * 1000;
  for (;;) {
    const pods = await cluster.listPods(namespace, selector);
    if (pods.length === 0) {
      if (jobs.length > 0) {
        deps.log.info(
          `Pods of ${name} gone after ${((Date.now() - started) / 1000).toFixed(1)} s.`,
        );
      }
      break;
    }
    if (Date.now() - started > limit) {
      deps.log.warning(
        `Pods of ${name} still present after ${limit / 1000} s: ${pods.map((p) => p.metadata?.name).join(', ')}.`,
      );
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return deleted;
}
