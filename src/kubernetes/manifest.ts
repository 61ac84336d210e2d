/**
 * The objects this mode creates: the Job, its image pull Secret and its run-env Secret. Pure: the
 * same inputs give the same manifests (golden files in the unit tests).
 */
import type { KubernetesInputs, RunEnvVar } from './inputs.js';
import { outputsPodParts } from './outputs.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'launch-action';
export const RUN_ID_LABEL = 'launch-action/run-id';
export const RUN_ATTEMPT_LABEL = 'launch-action/run-attempt';
export const JOB_LABEL = 'launch-action/job';
/** The step's own objects share this value (the Job's name). */
export const INSTANCE_LABEL = 'launch-action/instance';
export const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** The container that runs the image (log streaming and exit codes read this one). */
export const MAIN_CONTAINER = 'main';

export type Manifest = Record<string, unknown> & {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
};

export interface JobIdentity {
  runId: string;
  runAttempt: string;
  job: string;
  /** Distinguishes steps of one job run (matrix legs, several launches). */
  suffix: string;
}

/** A label value: at most 63 of [A-Za-z0-9_.-], starting and ending alphanumeric. */
export function labelValue(text: string): string {
  const cleaned = text
    .replace(/[^A-Za-z0-9_.-]/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned || 'none';
}

/** The step's identity from the runner's variables; the suffix comes from the caller. */
export function jobIdentity(env: NodeJS.ProcessEnv, suffix: string): JobIdentity {
  return {
    runId: env.GITHUB_RUN_ID || 'local',
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    job: env.GITHUB_JOB || 'job',
    suffix,
  };
}

/**
 * `launch-<run id>-<attempt>-<suffix>`: unique across runs, re-runs and concurrent steps, and short
 * enough (≤ 63) to be the `job-name` label the Job controller puts on its pods.
 */
export function jobName(id: JobIdentity): string {
  const run =
    id.runId
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')
      .slice(0, 20) || 'local';
  const attempt = id.runAttempt.replace(/[^0-9]/g, '').slice(0, 4) || '1';
  const suffix = id.suffix
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 8);
  return `launch-${run}-${attempt}-${suffix}`;
}

/** Labels on every object of the step: a post step or a sweep finds them by these. */
export function commonLabels(id: JobIdentity): Record<string, string> {
  return {
    [MANAGED_BY_LABEL]: MANAGED_BY,
    [RUN_ID_LABEL]: labelValue(id.runId),
    [RUN_ATTEMPT_LABEL]: labelValue(id.runAttempt),
    [JOB_LABEL]: labelValue(id.job),
    [INSTANCE_LABEL]: jobName(id),
  };
}

/** Selects every object of one workflow run attempt (the post step's sweep). */
export function runSelector(id: JobIdentity): string {
  return [
    `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
    `${RUN_ID_LABEL}=${labelValue(id.runId)}`,
    `${RUN_ATTEMPT_LABEL}=${labelValue(id.runAttempt)}`,
    `${JOB_LABEL}=${labelValue(id.job)}`,
  ].join(',');
}

export interface JobSpecInput {
  id: JobIdentity;
  namespace: string;
  imageRef: string;
  /** `command` input split into words: the first replaces the image's entrypoint. */
  command?: string[];
  args: string[];
  inputs: KubernetesInputs;
  /** Extra variables the run needs that are not secrets (e.g. from the CUDA preflight). */
  plainEnv?: [string, string][];
  pullSecret?: string;
  envSecret?: string;
  /** Absolute path of `outputs-path` in the pod: an emptyDir there and the sidecar that returns it. */
  outputsPath?: string;
}

export function pullSecretName(job: string): string {
  return `${job}-pull`;
}

export function envSecretName(job: string): string {
  return `${job}-env`;
}

/**
 * The batch/v1 Job. Created suspended: Kueue admits it by un-suspending it; without a queue the
 * step un-suspends it itself once its Secrets (owned by the Job) exist.
 */
export function jobManifest(spec: JobSpecInput): Manifest {
  const name = jobName(spec.id);
  const labels = commonLabels(spec.id);
  const inputs = spec.inputs;
  const jobLabels = inputs.queue ? { ...labels, [QUEUE_LABEL]: inputs.queue } : labels;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (inputs.cpu) requests.cpu = inputs.cpu;
  if (inputs.memory) requests.memory = inputs.memory;
  if (inputs.cpuLimit) limits.cpu = inputs.cpuLimit;
  if (inputs.memoryLimit) limits.memory = inputs.memoryLimit;
  if (inputs.gpus > 0) {
    // Extended resources are requested through limits (requests default to and must equal them).
    limits[inputs.gpuResource] = String(inputs.gpus);
  }
  const [entrypoint, ...commandArgs] = spec.command ?? [];
  const args = [...commandArgs, ...spec.args];
  const outputs = spec.outputsPath ? outputsPodParts(spec.imageRef, spec.outputsPath) : undefined;
  const container: Record<string, unknown> = {
    name: MAIN_CONTAINER,
    image: spec.imageRef,
    ...(entrypoint !== undefined && { command: [entrypoint] }),
    ...((entrypoint !== undefined || args.length > 0) && { args }),
    ...(spec.plainEnv &&
      spec.plainEnv.length > 0 && {
        env: spec.plainEnv.map(([envName, value]) => ({ name: envName, value })),
      }),
    ...(spec.envSecret && { envFrom: [{ secretRef: { name: spec.envSecret } }] }),
    resources: {
      ...(Object.keys(requests).length > 0 && { requests }),
      ...(Object.keys(limits).length > 0 && { limits }),
    },
    ...(outputs && { volumeMounts: [outputs.mainMount] }),
  };
  const podSpec: Record<string, unknown> = {
    restartPolicy: 'Never',
    terminationGracePeriodSeconds: inputs.gracePeriodSeconds,
    ...(outputs && { initContainers: [outputs.sidecar] }),
    containers: [container],
    ...(outputs && { volumes: [outputs.volume] }),
    ...(spec.pullSecret && { imagePullSecrets: [{ name: spec.pullSecret }] }),
    ...(inputs.serviceAccount
      ? { serviceAccountName: inputs.serviceAccount }
      : // A training pod has no business with the API: no token unless an account is asked for.
        { automountServiceAccountToken: false }),
    ...(Object.keys(inputs.nodeSelector).length > 0 && { nodeSelector: inputs.nodeSelector }),
    ...(inputs.tolerations && { tolerations: inputs.tolerations }),
    ...(inputs.affinity && { affinity: inputs.affinity }),
    ...(inputs.runtimeClass && { runtimeClassName: inputs.runtimeClass }),
    ...(inputs.priorityClass && { priorityClassName: inputs.priorityClass }),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: spec.namespace, labels: jobLabels },
    spec: {
      suspend: true,
      backoffLimit: inputs.backoffLimit,
      ...(inputs.timeoutMinutes > 0 && { activeDeadlineSeconds: inputs.timeoutMinutes * 60 }),
      template: { metadata: { labels }, spec: podSpec },
    },
  };
}

/** Ties a Secret's lifetime to the Job: deleting the Job deletes it (garbage collection). */
export function ownerReference(job: { name: string; uid: string }): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    name: job.name,
    uid: job.uid,
    controller: false,
    blockOwnerDeletion: false,
  };
}

/** `kubernetes.io/dockerconfigjson` holding the registry credentials the step already has. */
export function pullSecretManifest(
  id: JobIdentity,
  namespace: string,
  owner: { name: string; uid: string },
  registries: { host: string; username: string; password: string }[],
): Manifest {
  const auths: Record<string, { auth: string }> = {};
  for (const { host, username, password } of registries) {
    auths[host] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: pullSecretName(owner.name),
      namespace,
      labels: commonLabels(id),
      ownerReferences: [ownerReference(owner)],
    } as Manifest['metadata'],
    type: 'kubernetes.io/dockerconfigjson',
    data: {
      '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64'),
    },
  };
}

/** `run-env` as an Opaque Secret the pod reads through envFrom: values never enter the Job spec. */
export function envSecretManifest(
  id: JobIdentity,
  namespace: string,
  owner: { name: string; uid: string },
  runEnv: readonly RunEnvVar[],
): Manifest {
  const data: Record<string, string> = {};
  for (const { name, value } of runEnv) data[name] = Buffer.from(value).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: envSecretName(owner.name),
      namespace,
      labels: commonLabels(id),
      ownerReferences: [ownerReference(owner)],
    } as Manifest['metadata'],
    type: 'Opaque',
    data,
  };
}
