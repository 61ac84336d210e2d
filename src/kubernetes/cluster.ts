/**
 * The Kubernetes API as this mode uses it, on the official client. Every call names the RBAC rule
 * it needs (`rule(verb, group, resource)`): a denial says which rule to add, and a test compares
 * these with the Role in docs/kubernetes.md. This module loads @kubernetes/client-node: import it
 * only dynamically.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import type { ClusterAccess } from './inputs.js';
import type { Manifest } from './manifest.js';
import type { ManagedClusterAccess } from './managed.js';

export interface Rule {
  verb: string;
  /** '' is the core API group. */
  group: string;
  resource: string;
}

function rule(verb: string, group: string, resource: string): Rule {
  return { verb, group, resource };
}

/** The rule as a line of a Role, for messages. */
export function describeRule(r: Rule): string {
  return `{apiGroups: ["${r.group}"], resources: ["${r.resource}"], verbs: ["${r.verb}"]}`;
}

/** The API server refused a call; `status` is its HTTP status. */
export class KubernetesApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly rule: Rule,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** The service account files' standard place; tests point elsewhere with the prefix variable. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const SERVICE_ACCOUNT_PREFIX_ENV = 'LAUNCH_ACTION_SERVICE_ACCOUNT_PREFIX';

export interface ConnectOptions {
  access: ClusterAccess;
  kubeconfig?: string;
  env: NodeJS.ProcessEnv;
  workspace: string;
  mask: (secret: string) => void;
  /** eks/gke/aks: the server, CA and token minted from the cloud identity. */
  managed?: ManagedClusterAccess;
}

/** Where the credentials came from, for the log. */
export interface Connection {
  cluster: Cluster;
  how: string;
}

function looksLikeKubeconfigContent(value: string): boolean {
  return value.includes('\n') || /^\s*(\{|apiVersion:|kind:|clusters:)/.test(value);
}

/** Builds a client from the access route the inputs chose (auto: kubeconfig, else in-cluster). */
export function connect(options: ConnectOptions): Connection {
  const kc = new k8s.KubeConfig();
  const prefix = options.env[SERVICE_ACCOUNT_PREFIX_ENV] ?? '';
  const tokenFile = `${prefix}${SERVICE_ACCOUNT_DIR}/token`;
  let how: string;
  let defaultNamespace: string | undefined;
  const useKubeconfig =
    options.access === 'kubeconfig' ||
    (options.access === 'auto' && options.kubeconfig !== undefined);
  if (options.access === 'eks' || options.access === 'gke' || options.access === 'aks') {
    const managed = options.managed;
    if (!managed)
      throw new Error(`kubernetes-access: ${options.access}: no cluster token was obtained.`);
    kc.loadFromOptions({
      clusters: [
        { name: 'managed', server: managed.server, caData: managed.caData, skipTLSVerify: false },
      ],
      users: [{ name: 'launch-action', token: managed.token }],
      contexts: [{ name: 'managed', cluster: 'managed', user: 'launch-action' }],
      currentContext: 'managed',
    });
    how = managed.how;
  } else if (useKubeconfig) {
    const given = options.kubeconfig!;
    if (looksLikeKubeconfigContent(given)) {
      kc.loadFromString(given);
      how = 'kubeconfig from kubernetes-kubeconfig';
    } else {
      const file = path.resolve(options.workspace, given);
      if (!existsSync(file)) {
        throw new Error(
          `Input 'kubernetes-kubeconfig' names a file that does not exist: ${given}. ` +
            'Give a kubeconfig path on the runner or the kubeconfig content (from a secret).',
        );
      }
      kc.loadFromFile(file);
      how = `kubeconfig file ${given}`;
    }
    const context = kc.getContextObject(kc.getCurrentContext());
    defaultNamespace = context?.namespace;
  } else {
    const host = options.env.KUBERNETES_SERVICE_HOST;
    if (!host || !existsSync(tokenFile)) {
      throw new Error(
        'No Kubernetes access: this runner is not in a cluster (no KUBERNETES_SERVICE_HOST or ' +
          `service account token at ${SERVICE_ACCOUNT_DIR}) and kubernetes-kubeconfig is empty. ` +
          'Run on an ARC runner pod with a service account, or pass a kubeconfig from a secret.',
      );
    }
    // The client reads KUBERNETES_SERVICE_HOST/PORT from process.env.
    process.env.KUBERNETES_SERVICE_HOST = host;
    process.env.KUBERNETES_SERVICE_PORT = options.env.KUBERNETES_SERVICE_PORT ?? '443';
    kc.loadFromCluster(prefix);
    how = `in-cluster service account (${host})`;
    const namespaceFile = `${prefix}${SERVICE_ACCOUNT_DIR}/namespace`;
    if (existsSync(namespaceFile)) defaultNamespace = readFileSync(namespaceFile, 'utf8').trim();
  }
  for (const user of kc.users) {
    for (const secret of [user.token, user.password, user.keyData])
      if (secret) options.mask(secret);
  }
  if (!kc.getCurrentCluster()) {
    throw new Error('The kubeconfig has no current cluster: set current-context.');
  }
  return { cluster: new Cluster(kc, defaultNamespace), how };
}

/** Status message from an ApiException body (a JSON Status, or text). */
function statusMessage(error: unknown): { code: number; message: string } | undefined {
  if (error instanceof k8s.ApiException) {
    const body: unknown = error.body;
    let parsed: unknown = body;
    if (typeof body === 'string') {
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
    }
    const message =
      parsed && typeof parsed === 'object' && 'message' in parsed
        ? String((parsed as { message: unknown }).message)
        : typeof body === 'string' && body !== ''
          ? body
          : error.message.split('\n')[0]!;
    return { code: error.code, message };
  }
  const code = (error as { statusCode?: unknown })?.statusCode;
  if (typeof code === 'number') return { code, message: String((error as Error).message) };
  return undefined;
}

/** Turns an API failure into a message that says what to do. */
export function explainApiError(error: unknown, r: Rule, namespace?: string): Error {
  const status = statusMessage(error);
  if (!status) return error instanceof Error ? error : new Error(String(error));
  const where = namespace ? ` in namespace "${namespace}"` : ' (cluster-wide)';
  const what = `${r.verb} ${r.resource}${r.group ? `.${r.group}` : ''}`;
  let message: string;
  switch (status.code) {
    case 401:
      message =
        `The Kubernetes API server rejected the credentials (401) on ${what}: the token is ` +
        'missing, expired or for another cluster. Refresh the kubeconfig secret or the service account token.';
      break;
    case 403:
      message =
        `Kubernetes RBAC denied ${what}${where}: ${status.message}. The Role bound to this ` +
        `identity needs the rule ${describeRule(r)} (docs/kubernetes.md lists the whole Role).`;
      break;
    case 404:
      message = `Kubernetes ${what}${where}: not found (${status.message}).`;
      break;
    case 409:
      message = `Kubernetes ${what}${where}: conflict (${status.message}).`;
      break;
    case 422:
      message = `Kubernetes rejected the ${r.resource} spec as invalid: ${status.message}. Check the kubernetes-* inputs.`;
      break;
    default:
      message = `Kubernetes ${what}${where} failed (${status.code}): ${status.message}`;
  }
  return new KubernetesApiError(message, status.code, r);
}

export type WatchEvent = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
export type KubeObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class Cluster {
  private readonly batch: k8s.BatchV1Api;
  private readonly core: k8s.CoreV1Api;

  constructor(
    readonly kc: k8s.KubeConfig,
    readonly defaultNamespace: string | undefined,
  ) {
    this.batch = kc.makeApiClient(k8s.BatchV1Api);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
  }

  private async call<T>(r: Rule, namespace: string | undefined, fn: () => Promise<T>) {
    try {
      return await fn();
    } catch (error) {
      throw explainApiError(error, r, namespace);
    }
  }

  createJob(namespace: string, body: Manifest): Promise<KubeObject> {
    return this.call(rule('create', 'batch', 'jobs'), namespace, () =>
      this.batch.createNamespacedJob({ namespace, body: body as k8s.V1Job }),
    ) as Promise<KubeObject>;
  }

  /** Un-suspends the Job (when no Kueue queue does it). */
  async resumeJob(namespace: string, name: string): Promise<void> {
    await this.call(rule('patch', 'batch', 'jobs'), namespace, () =>
      this.batch.patchNamespacedJob({
        namespace,
        name,
        body: [{ op: 'replace', path: '/spec/suspend', value: false }],
      }),
    );
  }

  /** Foreground: the Job goes only after its pods (and the Secrets it owns) are gone. */
  async deleteJob(namespace: string, name: string): Promise<boolean> {
    try {
      await this.call(rule('delete', 'batch', 'jobs'), namespace, () =>
        this.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Foreground' }),
      );
      return true;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return false;
      throw error;
    }
  }

  async listJobs(namespace: string, labelSelector: string): Promise<KubeObject[]> {
    const list = await this.call(rule('list', 'batch', 'jobs'), namespace, () =>
      this.batch.listNamespacedJob({ namespace, labelSelector }),
    );
    return list.items as KubeObject[];
  }

  async createSecret(namespace: string, body: Manifest): Promise<void> {
    await this.call(rule('create', '', 'secrets'), namespace, () =>
      this.core.createNamespacedSecret({ namespace, body: body as k8s.V1Secret }),
    );
  }

  async listPods(namespace: string, labelSelector: string): Promise<KubeObject[]> {
    const list = await this.call(rule('list', '', 'pods'), namespace, () =>
      this.core.listNamespacedPod({ namespace, labelSelector }),
    );
    return list.items as KubeObject[];
  }

  /** Nodes for the CUDA preflight (a ClusterRole; optional). */
  async listNodes(): Promise<KubeObject[]> {
    const list = await this.call(rule('list', '', 'nodes'), undefined, () =>
      this.core.listNode({}),
    );
    return list.items as KubeObject[];
  }

  watchJob(
    namespace: string,
    name: string,
    onEvent: (type: WatchEvent, job: KubeObject) => void,
  ): Promise<void> {
    return this.watch(
      rule('watch', 'batch', 'jobs'),
      namespace,
      `/apis/batch/v1/namespaces/${namespace}/jobs`,
      { fieldSelector: `metadata.name=${name}` },
      onEvent,
    );
  }

  watchPods(
    namespace: string,
    labelSelector: string,
    onEvent: (type: WatchEvent, pod: KubeObject) => void,
  ): Promise<void> {
    return this.watch(
      rule('watch', '', 'pods'),
      namespace,
      `/api/v1/namespaces/${namespace}/pods`,
      { labelSelector },
      onEvent,
    );
  }

  /** One watch connection; resolves when the server ends it, rejects when it refused it. */
  private watch(
    r: Rule,
    namespace: string,
    apiPath: string,
    query: Record<string, string>,
    onEvent: (type: WatchEvent, object: KubeObject) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      let controller: AbortController | undefined;
      const stop = () => controller?.abort();
      this.watchStops.add(stop);
      const finish = (error: unknown) => {
        this.watchStops.delete(stop);
        if (error && !(error instanceof Error && error.name === 'AbortError')) {
          const status = (error as { statusCode?: number }).statusCode;
          if (status !== undefined) return reject(explainApiError(error, r, namespace));
        }
        resolve();
      };
      new k8s.Watch(this.kc)
        .watch(
          apiPath,
          { ...query, allowWatchBookmarks: true },
          (type, object: KubeObject) => onEvent(type as WatchEvent, object),
          finish,
        )
        .then((c) => (controller = c), finish);
    });
  }

  private readonly watchStops = new Set<() => void>();

  /** Ends every open watch (their promises resolve). */
  stopWatches(): void {
    for (const stop of this.watchStops) stop();
  }

  /** A finished container's whole log (at most `limitBytes`), without timestamps. */
  async readLog(
    namespace: string,
    pod: string,
    container: string,
    limitBytes: number,
  ): Promise<string> {
    const chunks: string[] = [];
    await this.followLog(
      namespace,
      pod,
      container,
      { follow: false, timestamps: false, limitBytes },
      (text) => chunks.push(text),
    );
    return chunks.join('');
  }

  /**
   * Streams a container's log until the server ends the response; resolves then. `onChunk` gets
   * raw text (with timestamps when asked).
   */
  async followLog(
    namespace: string,
    pod: string,
    container: string,
    options: { follow: boolean; sinceTime?: string; timestamps?: boolean; limitBytes?: number },
    onChunk: (text: string) => void,
    signal?: AbortSignal,
  ): Promise<void> {
    const r = rule('get', '', 'pods/log');
    await new Promise<void>((resolve, reject) => {
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          onChunk(chunk.toString('utf8'));
          callback();
        },
      });
      sink.on('finish', () => resolve());
      sink.on('error', () => resolve());
      const logOptions: k8s.LogOptions = {
        follow: options.follow,
        timestamps: options.timestamps ?? true,
      };
      if (options.sinceTime) logOptions.sinceTime = options.sinceTime;
      if (options.limitBytes) logOptions.limitBytes = options.limitBytes;
      new k8s.Log(this.kc)
        .log(namespace, pod, container, sink, logOptions)
        .then((controller) => {
          if (signal) {
            if (signal.aborted) controller.abort();
            signal.addEventListener('abort', () => {
              controller.abort();
              resolve();
            });
          }
        })
        .catch((error: unknown) => reject(explainApiError(error, r, namespace)));
    });
  }
}
