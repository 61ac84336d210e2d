/**
 * The `kubernetes-*` inputs and `run-env`, parsed and checked before anything runs. Pure: it must
 * not import the Kubernetes client, which is loaded only when this mode runs.
 */
import { load } from 'js-yaml';
import { InputError } from '../platform/errors.js';
import { parseRunEnv as parseRunEnvLines, resolveRunEnv } from '../run/run-env.js';
import type { InputReader } from '../inputs/reader.js';

/** How the step reaches the API server. */
export type ClusterAccess = 'auto' | 'in-cluster' | 'kubeconfig' | 'eks' | 'gke' | 'aks';

const ACCESS = ['auto', 'in-cluster', 'kubeconfig', 'eks', 'gke', 'aks'] as const;

export interface RunEnvVar {
  name: string;
  value: string;
}

export interface KubernetesInputs {
  access: ClusterAccess;
  /** A kubeconfig file path, or the kubeconfig itself. */
  kubeconfig?: string;
  /** eks/gke/aks: the API server URL. */
  server?: string;
  /** eks/gke/aks: base64 of the API server's CA bundle (PEM). */
  caData?: string;
  /** eks: the cluster name the token is bound to. */
  cluster?: string;
  /** Default: the service account's namespace (in-cluster) or the kubeconfig context's. */
  namespace?: string;
  gpus: number;
  gpuResource: string;
  cpu?: string;
  memory?: string;
  cpuLimit?: string;
  memoryLimit?: string;
  nodeSelector: Record<string, string>;
  tolerations?: Record<string, unknown>[];
  affinity?: Record<string, unknown>;
  runtimeClass?: string;
  priorityClass?: string;
  serviceAccount?: string;
  /** Kueue LocalQueue name. */
  queue?: string;
  backoffLimit: number;
  /** activeDeadlineSeconds; 0 means none. */
  timeoutMinutes: number;
  gracePeriodSeconds: number;
  runEnv: RunEnvVar[];
  /** Bring `outputs-path` back through the outputs sidecar. */
  collectOutputs: boolean;
}

/** A DNS-1123 subdomain (namespaces, class, account and queue names). */
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An extended resource name: `domain/name` with a domain that is not kubernetes.io's. */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A Kubernetes resource quantity (`500m`, `4`, `16Gi`, `1e3`). */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][0-9]+)?$/;
/** A label key (optional DNS prefix) and value. */
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * `run-env` for a Job: the run folder's parser and resolver (one meaning of the input for every
 * mode), as name/value pairs for the Secret. Errors name the variable, never its value.
 */
export function parseRunEnv(
  lines: string[],
  env: NodeJS.ProcessEnv | undefined,
  mask: (secret: string) => void = () => undefined,
): RunEnvVar[] {
  const entries = parseRunEnvLines('run-env', lines, mask);
  // Outside kubernetes mode the lines are only checked: the values belong to that mode's reader.
  if (!env) return [];
  return resolveRunEnv('run-env', entries, env, mask).map(([name, value]) => ({ name, value }));
}

function dnsName(read: InputReader, name: string): string | undefined {
  const value = read.optional(name);
  if (value !== undefined && (value.length > 253 || !DNS_NAME.test(value))) {
    throw new InputError(
      name,
      value,
      'expected a Kubernetes object name: lower-case letters, digits, "-" and "."',
    );
  }
  return value;
}

function quantity(read: InputReader, name: string, example: string): string | undefined {
  const value = read.optional(name);
  if (value !== undefined && !QUANTITY.test(value)) {
    throw new InputError(name, value, `expected a Kubernetes quantity such as ${example}`);
  }
  return value;
}

/** A YAML or JSON document (JSON is YAML) of the expected shape. */
function structured(
  read: InputReader,
  name: string,
  shape: 'list' | 'object',
): unknown[] | Record<string, unknown> | undefined {
  const text = read.text(name);
  if (text === '') return undefined;
  let value: unknown;
  try {
    value = load(text);
  } catch (error) {
    throw new InputError(
      name,
      text,
      `expected YAML or JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    );
  }
  const ok =
    shape === 'list'
      ? Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null)
      : typeof value === 'object' && value !== null && !Array.isArray(value);
  if (!ok) {
    throw new InputError(
      name,
      text,
      shape === 'list'
        ? 'expected a YAML/JSON list of objects, as in a pod spec'
        : 'expected a YAML/JSON object, as in a pod spec',
      'The API server validates the fields themselves when the Job is created.',
    );
  }
  return value as unknown[] | Record<string, unknown>;
}

/** Reads every `kubernetes-*` input and `run-env` (read in all modes so action.yml and parser agree). */
export function readKubernetesInputs(
  read: InputReader,
  /** The step's environment, for `run-env` values; undefined outside kubernetes mode. */
  env: NodeJS.ProcessEnv | undefined,
  mask?: (secret: string) => void,
): KubernetesInputs {
  const { access, ...where } = readAccess(read);
  const gpuResource = read.string('kubernetes-gpu-resource') || 'nvidia.com/gpu';
  if (!RESOURCE_NAME.test(gpuResource)) {
    throw new InputError(
      'kubernetes-gpu-resource',
      gpuResource,
      'expected an extended resource name such as nvidia.com/gpu or amd.com/gpu',
    );
  }
  const nodeSelector: Record<string, string> = {};
  for (const [key, value] of read.keyValues(
    'kubernetes-node-selector',
    LABEL_KEY,
    'a label key such as nvidia.com/gpu.product',
  )) {
    if (!LABEL_VALUE.test(value)) {
      throw new InputError(
        'kubernetes-node-selector',
        `${key}=${value}`,
        'label values are at most 63 letters, digits, "-", "_" or "."',
      );
    }
    nodeSelector[key] = value;
  }
  const runEnv = parseRunEnv(read.lines('run-env'), env, mask);
  const tolerations = structured(read, 'kubernetes-tolerations', 'list') as
    Record<string, unknown>[] | undefined;
  const affinity = structured(read, 'kubernetes-affinity', 'object') as
    Record<string, unknown> | undefined;
  const namespace = read.optional('kubernetes-namespace');
  if (namespace !== undefined && (namespace.length > 63 || !DNS_NAME.test(namespace))) {
    throw new InputError(
      'kubernetes-namespace',
      namespace,
      'expected a namespace name: at most 63 lower-case letters, digits and "-"',
    );
  }
  const inputs: KubernetesInputs = {
    access,
    gpus: read.integer('kubernetes-gpus', 1, 0, 1024),
    gpuResource,
    nodeSelector,
    backoffLimit: read.integer('kubernetes-backoff-limit', 0, 0, 100),
    timeoutMinutes: read.integer('kubernetes-timeout-minutes', 360, 0, 7 * 24 * 60),
    gracePeriodSeconds: read.integer('kubernetes-grace-period', 30, 0, 3600),
    runEnv,
    collectOutputs: read.bool('kubernetes-collect-outputs', true),
  };
  const optional = {
    ...where,
    namespace,
    cpu: quantity(read, 'kubernetes-cpu', '4 or 500m'),
    memory: quantity(read, 'kubernetes-memory', '16Gi'),
    cpuLimit: quantity(read, 'kubernetes-cpu-limit', '8'),
    memoryLimit: quantity(read, 'kubernetes-memory-limit', '32Gi'),
    tolerations,
    affinity,
    runtimeClass: dnsName(read, 'kubernetes-runtime-class'),
    priorityClass: dnsName(read, 'kubernetes-priority-class'),
    serviceAccount: dnsName(read, 'kubernetes-service-account'),
    queue: dnsName(read, 'kubernetes-queue'),
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(inputs, { [key]: value });
  }
  return inputs;
}

/** `kubernetes-access` and what its route needs (kubeconfig, or server, CA and cluster name). */
function readAccess(
  read: InputReader,
): Pick<KubernetesInputs, 'access' | 'kubeconfig' | 'server' | 'caData' | 'cluster'> {
  const access = read.choice('kubernetes-access', ACCESS, 'auto');
  const kubeconfig = read.text('kubernetes-kubeconfig') || undefined;
  if (access === 'kubeconfig' && kubeconfig === undefined) {
    throw new InputError(
      'kubernetes-access',
      access,
      'it needs kubernetes-kubeconfig (a kubeconfig file path or its content)',
      'Pass the kubeconfig from a secret: kubernetes-kubeconfig: ${{ secrets.KUBECONFIG }}.',
    );
  }
  const result: Pick<KubernetesInputs, 'access' | 'kubeconfig' | 'server' | 'caData' | 'cluster'> =
    { access, ...(kubeconfig !== undefined && { kubeconfig }) };
  // Read in every mode (the parser and action.yml agree); used by the managed routes only.
  const server = read.optional('kubernetes-server');
  const ca = read.text('kubernetes-ca');
  const cluster = read.optional('kubernetes-cluster');
  if (access !== 'eks' && access !== 'gke' && access !== 'aks') return result;
  if (server === undefined || !URL.canParse(server) || new URL(server).protocol !== 'https:') {
    throw new InputError(
      'kubernetes-server',
      server ?? '',
      `kubernetes-access: ${access} needs the API server's https URL`,
      access === 'eks'
        ? 'aws eks describe-cluster --query cluster.endpoint'
        : access === 'gke'
          ? 'https:// + gcloud container clusters describe CLUSTER --format "value(endpoint)"'
          : 'az aks show --query fqdn (https://FQDN:443)',
    );
  }
  const caData = caBundleData(ca);
  if (caData === undefined) {
    throw new InputError(
      'kubernetes-ca',
      ca.slice(0, 40),
      `kubernetes-access: ${access} needs the API server's CA: PEM, or base64 of PEM`,
      access === 'eks'
        ? 'aws eks describe-cluster --query cluster.certificateAuthority.data'
        : access === 'gke'
          ? 'gcloud container clusters describe CLUSTER --format "value(masterAuth.clusterCaCertificate)"'
          : "the cluster's certificate-authority-data (az aks get-credentials --file -)",
    );
  }
  if (access === 'eks' && cluster === undefined) {
    throw new InputError(
      'kubernetes-cluster',
      '',
      'kubernetes-access: eks needs the EKS cluster name (the token is bound to it)',
    );
  }
  return { ...result, server, caData, ...(cluster !== undefined && { cluster }) };
}

/** base64 of a PEM CA bundle given as PEM or as base64 of PEM; undefined when it is neither. */
export function caBundleData(value: string): string | undefined {
  const text = value.trim();
  if (text.includes('-----BEGIN CERTIFICATE-----'))
    return Buffer.from(`${text}\n`).toString('base64');
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text) || text === '') return undefined;
  const decoded = Buffer.from(text, 'base64').toString('utf8');
  return decoded.includes('-----BEGIN CERTIFICATE-----') ? text.replace(/\s+/g, '') : undefined;
}

/** What the post step needs to reach the cluster again (nothing that can fail on run-env). */
export function readClusterAccessInputs(
  read: InputReader,
): Pick<
  KubernetesInputs,
  'access' | 'kubeconfig' | 'gracePeriodSeconds' | 'server' | 'caData' | 'cluster'
> {
  return {
    ...readAccess(read),
    gracePeriodSeconds: read.integer('kubernetes-grace-period', 30, 0, 3600),
  };
}
