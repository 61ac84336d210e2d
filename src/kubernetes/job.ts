/**
 * Runs the image as a Kubernetes Job and follows it to the end: preflight, Job (suspended) and its
 * Secrets, admission (Kueue or ourselves), pod logs into the step log, exit code, deletion.
 * Loaded on demand (it pulls in the Kubernetes client).
 */
import { randomBytes } from 'node:crypto';
import { checkClusterCuda, eligibleNodes, type NodeFacts } from './cuda.js';
import { connect, KubernetesApiError, type Cluster, type KubeObject } from './cluster.js';
import type { KubernetesInputs } from './inputs.js';
import type { ManagedClusterAccess } from './managed.js';
import {
  INSTANCE_LABEL,
  MAIN_CONTAINER,
  envSecretManifest,
  envSecretName,
  jobIdentity,
  jobManifest,
  jobName,
  pullSecretManifest,
  pullSecretName,
} from './manifest.js';
import { LogFollower } from './logs.js';
import { COLLECTOR_LOG_LIMIT, collectOutputs, prepareOutputsTarget } from './collect.js';
import { OUTPUTS_CONTAINER } from './outputs.js';
import { LogTail, writeRunRecord } from '../run/outputs.js';
import type { KubernetesDeps, KubernetesRunResult, RegistryLogin } from './types.js';

/** State key: where the post step finds the Job if this step did not finish. */
import { STATE } from '../platform/state.js';

export interface KubernetesRunParams {
  /** `repository@sha256:…`: the Job runs exactly the pushed image. */
  imageRef: string;
  command?: string[];
  args: string[];
  cudaVersion?: string;
  inputs: KubernetesInputs;
  /** Credentials for the image's registry, for the pull Secret (none: nodes pull anonymously). */
  registry?: RegistryLogin;
  /** Absolute `outputs-path` in the pod: collected into `outputs-dir` (absent: not collected). */
  outputsPath?: string;
  /** eks/gke/aks: the cluster token minted from the cloud identity. */
  managed?: ManagedClusterAccess;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function condition(job: KubeObject | undefined, type: string): KubeObject | undefined {
  const conditions = (job?.status?.conditions ?? []) as KubeObject[];
  return conditions.find((c) => c.type === type && c.status === 'True');
}

function mainContainerStatus(pod: KubeObject): KubeObject | undefined {
  return ((pod.status?.containerStatuses ?? []) as KubeObject[]).find(
    (status) => status.name === MAIN_CONTAINER,
  );
}

/** The outputs sidecar has ended (or the pod is gone): its log is complete. */
function sidecarDone(pod: KubeObject | undefined): boolean {
  if (!pod || pod.deleted) return true;
  const status = ((pod.status?.initContainerStatuses ?? []) as KubeObject[]).find(
    (s) => s.name === OUTPUTS_CONTAINER,
  );
  return Boolean(status?.state?.terminated);
}

/** Why a pod does not start, worth telling the user (image pull, missing Secret, scheduling). */
function waitingReason(pod: KubeObject): string | undefined {
  const sidecar = ((pod.status?.initContainerStatuses ?? []) as KubeObject[]).find(
    (s) => s.name === OUTPUTS_CONTAINER,
  );
  const sidecarWaiting = sidecar?.state?.waiting as KubeObject | undefined;
  if (
    sidecarWaiting?.reason &&
    !['ContainerCreating', 'PodInitializing'].includes(sidecarWaiting.reason)
  ) {
    return (
      `the outputs sidecar: ${sidecarWaiting.reason}${sidecarWaiting.message ? `: ${sidecarWaiting.message}` : ''} ` +
      '(it runs the image with sh, tar, gzip and base64; set kubernetes-collect-outputs: false for an image without them)'
    );
  }
  const waiting = mainContainerStatus(pod)?.state?.waiting as KubeObject | undefined;
  if (waiting?.reason && waiting.reason !== 'ContainerCreating') {
    return `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
  }
  const unschedulable = ((pod.status?.conditions ?? []) as KubeObject[]).find(
    (c) => c.type === 'PodScheduled' && c.status === 'False',
  );
  return unschedulable ? `Unschedulable: ${unschedulable.message ?? ''}` : undefined;
}

async function preflightCuda(
  cluster: Cluster,
  params: KubernetesRunParams,
  deps: KubernetesDeps,
): Promise<void> {
  const { inputs, cudaVersion } = params;
  if (!cudaVersion || inputs.gpus === 0) return;
  let nodes: KubeObject[];
  try {
    nodes = await cluster.listNodes();
  } catch (error) {
    if (error instanceof KubernetesApiError && error.status === 403) {
      deps.log.info(
        'CUDA preflight skipped: this identity may not list nodes (the optional ClusterRole in docs/kubernetes.md grants it).',
      );
      return;
    }
    throw error;
  }
  const facts: NodeFacts[] = nodes.map((node) => ({
    name: String(node.metadata?.name ?? ''),
    labels: (node.metadata?.labels ?? {}) as Record<string, string>,
    allocatable: (node.status?.allocatable ?? {}) as Record<string, string>,
  }));
  const verdict = checkClusterCuda(
    cudaVersion,
    eligibleNodes(facts, inputs.nodeSelector, inputs.gpuResource, inputs.gpus),
  );
  if (verdict.kind === 'fail') throw new Error(verdict.message);
  if (verdict.kind === 'warn') deps.log.warning(verdict.message);
  else deps.log.info(`CUDA preflight: ${verdict.message}`);
}

/**
 * Runs the Job to its end and deletes it (its pods and Secrets go with it). SIGINT/SIGTERM delete
 * it at once, with foreground propagation, and end the step as cancelled.
 */
export async function runKubernetesJob(
  params: KubernetesRunParams,
  deps: KubernetesDeps,
): Promise<KubernetesRunResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const { inputs } = params;
  if (!/@sha256:[0-9a-f]{64}$/.test(params.imageRef)) {
    throw new Error(
      `mode kubernetes runs a pushed image by digest, but the image is ${params.imageRef}. ` +
        'Set destination (the image is pushed there) or docker-image to an image in a registry the cluster can reach.',
    );
  }
  const { cluster, how } = connect({
    access: inputs.access,
    env: deps.env,
    workspace: deps.workspace,
    mask: deps.setSecret,
    ...(inputs.kubeconfig !== undefined && { kubeconfig: inputs.kubeconfig }),
    ...(params.managed && { managed: params.managed }),
  });
  const namespace = inputs.namespace ?? cluster.defaultNamespace ?? 'default';
  deps.log.info(`Cluster access: ${how}; namespace ${namespace}.`);
  await preflightCuda(cluster, params, deps);

  const id = jobIdentity(deps.env, randomBytes(4).toString('hex'));
  const name = jobName(id);
  const selector = `${INSTANCE_LABEL}=${name}`;
  const manifest = jobManifest({
    id,
    namespace,
    imageRef: params.imageRef,
    ...(params.command && { command: params.command }),
    args: params.args,
    inputs,
    ...(params.registry && { pullSecret: pullSecretName(name) }),
    ...(inputs.runEnv.length > 0 && { envSecret: envSecretName(name) }),
    ...(params.outputsPath && { outputsPath: params.outputsPath }),
  });
  const tail = new LogTail();
  const write = (chunk: string) => {
    tail.push(chunk);
    deps.write(chunk);
  };

  let cancelled = false;
  let deleting: Promise<unknown> | undefined;
  const signals = deps.signals ?? process;
  const wake = new Set<() => void>();
  const notify = () => {
    for (const fn of [...wake]) fn();
  };
  const onSignal = () => {
    if (cancelled) return;
    cancelled = true;
    deps.log.warning(`Cancellation received: deleting Job ${namespace}/${name}.`);
    deleting = cluster.deleteJob(namespace, name).catch((error: unknown) => {
      deps.log.warning(`Could not delete Job ${name}: ${String(error)} (the post step retries).`);
    });
    cluster.stopWatches();
    notify();
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  let createdJob = false;
  try {
    deps.saveState(STATE.kubernetesJob, JSON.stringify({ namespace, name }));
    const created = await cluster.createJob(namespace, manifest);
    createdJob = true;
    const owner = { name, uid: String(created.metadata?.uid ?? '') };
    if (cancelled) {
      // The signal came while the Job was being created: its delete may have missed it.
      await deleting;
      await cluster.deleteJob(namespace, name);
      throw new Error('Cancelled before the Job started.');
    }
    deps.log.info(
      `Job ${namespace}/${name} created (suspended) for ${params.imageRef}` +
        (inputs.gpus > 0 ? ` with ${inputs.gpus} ${inputs.gpuResource}.` : ' without GPUs.'),
    );
    if (params.registry) {
      await cluster.createSecret(
        namespace,
        pullSecretManifest(id, namespace, owner, [params.registry]),
      );
    }
    if (inputs.runEnv.length > 0) {
      await cluster.createSecret(namespace, envSecretManifest(id, namespace, owner, inputs.runEnv));
      deps.log.info(
        `run-env: ${inputs.runEnv.map((v) => v.name).join(', ')} in Secret ${envSecretName(name)}.`,
      );
    }
    const queuedAt = now();
    if (inputs.queue) {
      deps.log.info(`Queued in Kueue LocalQueue ${inputs.queue}; waiting for admission.`);
    } else if (!cancelled) {
      await cluster.resumeJob(namespace, name);
    }

    let job: KubeObject | undefined = created;
    let jobGone = false;
    const pods = new Map<string, KubeObject>();
    const watching = { on: true };
    const keepWatching = async (start: () => Promise<void>) => {
      while (watching.on && !cancelled) {
        await start();
        if (watching.on && !cancelled) await new Promise((r) => setTimeout(r, 200));
      }
    };
    const jobWatch = keepWatching(() =>
      cluster.watchJob(namespace, name, (type, object) => {
        if (type === 'BOOKMARK' || type === 'ERROR') return;
        if (type === 'DELETED') jobGone = true;
        else job = object;
        notify();
      }),
    );
    const podWatch = keepWatching(() =>
      cluster.watchPods(namespace, selector, (type, object) => {
        if (type === 'BOOKMARK' || type === 'ERROR') return;
        const podName = String(object.metadata?.name);
        pods.set(podName, type === 'DELETED' ? { ...object, deleted: true } : object);
        notify();
      }),
    );
    const watchFailure = Promise.race([jobWatch, podWatch]).then(
      () => undefined,
      (error: unknown) => error,
    );

    const logs = new LogFollower(cluster, namespace, write, () => pods);
    let admittedAt: number | undefined;
    let reportedWaiting = new Map<string, string>();
    let lastPod: KubeObject | undefined;
    let watchError: unknown;
    void watchFailure.then((error) => {
      if (error) {
        watchError = error;
        notify();
      }
    });
    for (;;) {
      if (cancelled || watchError) break;
      if (admittedAt === undefined && job?.spec?.suspend === false) {
        admittedAt = now();
        deps.log.info(
          inputs.queue
            ? `Admitted by Kueue after ${seconds(admittedAt - queuedAt)} queued; running.`
            : 'Job started.',
        );
      }
      for (const pod of [...pods.values()].sort((a, b) =>
        String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)),
      )) {
        const podName = String(pod.metadata?.name);
        const reason = waitingReason(pod);
        if (reason && reportedWaiting.get(podName) !== reason) {
          reportedWaiting.set(podName, reason);
          deps.log.warning(`Pod ${podName}: ${reason}`);
        }
        const state = mainContainerStatus(pod)?.state as KubeObject | undefined;
        if (state?.running || state?.terminated) {
          if (logs.start(podName)) deps.log.info(`Pod ${podName} on ${pod.spec?.nodeName ?? '?'}:`);
        }
        lastPod = pod;
      }
      const done = condition(job, 'Complete') ?? condition(job, 'Failed');
      if (done || jobGone) break;
      await new Promise<void>((resolve) => {
        const fn = () => {
          wake.delete(fn);
          resolve();
        };
        wake.add(fn);
      });
    }
    if (watchError) throw watchError;
    reportedWaiting = new Map();
    if (!cancelled) {
      // Logs of a finished container drain; the Job's end is settled by then.
      await logs.drain(30_000);
    }
    const lastPodName: string | undefined = lastPod ? String(lastPod.metadata?.name) : undefined;
    if (!cancelled && params.outputsPath && lastPodName) {
      // The pod is terminal once the Job is finished; its sidecar has written its log by then.
      const deadline = now() + 15_000;
      while (!sidecarDone(pods.get(lastPodName)) && now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    if (lastPodName && pods.get(lastPodName)) lastPod = pods.get(lastPodName);
    watching.on = false;
    cluster.stopWatches();
    await Promise.allSettled([jobWatch, podWatch]);
    logs.stop();

    const terminated = lastPod ? mainContainerStatus(lastPod)?.state?.terminated : undefined;
    const failed = condition(job, 'Failed');
    let exitCode: number;
    if (cancelled) {
      await deleting;
      exitCode = 143;
    } else if (failed?.reason === 'DeadlineExceeded') {
      await cluster.deleteJob(namespace, name);
      throw new Error(
        `The Job ran past its deadline (kubernetes-timeout-minutes: ${inputs.timeoutMinutes}) and was stopped.`,
      );
    } else if (terminated && typeof terminated.exitCode === 'number') {
      exitCode = terminated.exitCode;
    } else if (condition(job, 'Complete')) {
      exitCode = 0;
    } else {
      await cluster.deleteJob(namespace, name);
      throw new Error(
        `The Job ${name} ended without a container exit code (${failed?.reason ?? 'deleted'}: ${failed?.message ?? 'the Job was removed'}).`,
      );
    }
    let outputs:
      { hostDir: string; resultFile: string; metrics?: Record<string, number> } | undefined;
    let outputsProblem: string | undefined;
    if (!cancelled && params.outputsPath && lastPodName) {
      const target = await prepareOutputsTarget(deps.env, name);
      const podName = lastPodName;
      const collected = await collectOutputs(
        () => cluster.readLog(namespace, podName, OUTPUTS_CONTAINER, COLLECTOR_LOG_LIMIT),
        target,
        params.outputsPath,
        deps.log,
      );
      outputsProblem = collected.problem;
      outputs = { ...target, ...(collected.metrics && { metrics: collected.metrics }) };
    }
    if (!cancelled) {
      await cluster.deleteJob(namespace, name);
      deps.log.info(`Job ${name} deleted with its pods and Secrets.`);
    }
    const node = lastPod?.spec?.nodeName as string | undefined;
    const gpu =
      inputs.gpus > 0
        ? `${inputs.gpus} x ${inputs.gpuResource}${node ? ` on ${node}` : ''}`
        : 'none';
    const durationSeconds = Math.round((now() - started) / 100) / 10;
    if (outputs) {
      await writeRunRecord(outputs.resultFile, {
        exitCode,
        durationSeconds,
        gpu,
        metrics: outputs.metrics ?? {},
        logTail: tail.read(inputs.runEnv.map((v) => v.value)),
      });
    }
    if (outputsProblem) {
      // A green step promises its outputs; a failed run fails for its exit code anyway.
      if (exitCode === 0) throw new Error(outputsProblem);
      deps.log.warning(outputsProblem);
    }
    return {
      exitCode,
      gpu,
      durationSeconds,
      ...(outputs && {
        outputsDir: outputs.hostDir,
        resultFile: outputs.resultFile,
        ...(outputs.metrics && { metrics: outputs.metrics }),
      }),
      jobName: name,
      namespace,
      ...(admittedAt !== undefined && {
        queuedSeconds: Math.round((admittedAt - queuedAt) / 100) / 10,
      }),
      ...(cancelled ? { cancelled: true } : {}),
    };
  } catch (error) {
    // A step that fails after creating the Job removes it (the post step would otherwise).
    if (createdJob && !cancelled) await cluster.deleteJob(namespace, name).catch(() => undefined);
    throw error;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    cluster.stopWatches();
  }
}
