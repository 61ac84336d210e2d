export const id = 976;
export const ids = [976];
export const modules = {

/***/ 7976:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cleanupKubernetesJob: () => (/* binding */ cleanupKubernetesJob)
/* harmony export */ });
/* harmony import */ var _cluster_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1534);
/* harmony import */ var _manifest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5163);
/**
 * Post step of the Kubernetes mode: a Job the main step did not delete (cancelled, crashed runner
 * step) is deleted with foreground propagation, and the step waits for its pods to be gone.
 * Loaded on demand (it pulls in the Kubernetes client).
 */


/** Deletes this step's Job if it is still there; resolves when its pods are gone (or time is up). */
async function cleanupKubernetesJob(inputs, deps) {
    const { namespace, name } = JSON.parse(deps.state);
    const { cluster } = (0,_cluster_js__WEBPACK_IMPORTED_MODULE_0__/* .connect */ .Ng)({
        access: inputs.access,
        env: deps.env,
        workspace: deps.workspace,
        mask: deps.setSecret,
        ...(inputs.kubeconfig !== undefined && { kubeconfig: inputs.kubeconfig }),
    });
    const selector = `${_manifest_js__WEBPACK_IMPORTED_MODULE_1__/* .INSTANCE_LABEL */ .Pw}=${name}`;
    const jobs = await cluster.listJobs(namespace, selector);
    const deleted = [];
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
                deps.log.info(`Pods of ${name} gone after ${((Date.now() - started) / 1000).toFixed(1)} s.`);
            }
            break;
        }
        if (Date.now() - started > limit) {
            deps.log.warning(`Pods of ${name} still present after ${limit / 1000} s: ${pods.map((p) => p.metadata?.name).join(', ')}.`);
            break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return deleted;
}


/***/ }),

/***/ 1534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ng: () => (/* binding */ connect),
/* harmony export */   dp: () => (/* binding */ KubernetesApiError)
/* harmony export */ });
/* unused harmony exports describeRule, SERVICE_ACCOUNT_DIR, SERVICE_ACCOUNT_PREFIX_ENV, explainApiError, Cluster */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7075);
/* harmony import */ var node_stream__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_stream__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(339);
/**
 * The Kubernetes API as this mode uses it, on the official client. Every call names the RBAC rule
 * it needs (`rule(verb, group, resource)`): a denial says which rule to add, and a test compares
 * these with the Role in docs/kubernetes.md. This module loads @kubernetes/client-node: import it
 * only dynamically.
 */




function rule(verb, group, resource) {
    return { verb, group, resource };
}
/** The rule as a line of a Role, for messages. */
function describeRule(r) {
    return `{apiGroups: ["${r.group}"], resources: ["${r.resource}"], verbs: ["${r.verb}"]}`;
}
/** The API server refused a call; `status` is its HTTP status. */
class KubernetesApiError extends Error {
    status;
    rule;
    constructor(message, status, rule) {
        super(message);
        this.status = status;
        this.rule = rule;
        this.name = 'KubernetesApiError';
    }
}
/** The service account files' standard place; tests point elsewhere with the prefix variable. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const SERVICE_ACCOUNT_PREFIX_ENV = 'LAUNCH_ACTION_SERVICE_ACCOUNT_PREFIX';
function looksLikeKubeconfigContent(value) {
    return value.includes('\n') || /^\s*(\{|apiVersion:|kind:|clusters:)/.test(value);
}
/** Builds a client from the access route the inputs chose (auto: kubeconfig, else in-cluster). */
function connect(options) {
    const kc = new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .KubeConfig */ .ypW();
    const prefix = options.env[SERVICE_ACCOUNT_PREFIX_ENV] ?? '';
    const tokenFile = `${prefix}${SERVICE_ACCOUNT_DIR}/token`;
    let how;
    let defaultNamespace;
    const useKubeconfig = options.access === 'kubeconfig' ||
        (options.access === 'auto' && options.kubeconfig !== undefined);
    if (useKubeconfig) {
        const given = options.kubeconfig;
        if (looksLikeKubeconfigContent(given)) {
            kc.loadFromString(given);
            how = 'kubeconfig from kubernetes-kubeconfig';
        }
        else {
            const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(options.workspace, given);
            if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(file)) {
                throw new Error(`Input 'kubernetes-kubeconfig' names a file that does not exist: ${given}. ` +
                    'Give a kubeconfig path on the runner or the kubeconfig content (from a secret).');
            }
            kc.loadFromFile(file);
            how = `kubeconfig file ${given}`;
        }
        const context = kc.getContextObject(kc.getCurrentContext());
        defaultNamespace = context?.namespace;
    }
    else {
        const host = options.env.KUBERNETES_SERVICE_HOST;
        if (!host || !(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(tokenFile)) {
            throw new Error('No Kubernetes access: this runner is not in a cluster (no KUBERNETES_SERVICE_HOST or ' +
                `service account token at ${SERVICE_ACCOUNT_DIR}) and kubernetes-kubeconfig is empty. ` +
                'Run on an ARC runner pod with a service account, or pass a kubeconfig from a secret.');
        }
        // The client reads KUBERNETES_SERVICE_HOST/PORT from process.env.
        process.env.KUBERNETES_SERVICE_HOST = host;
        process.env.KUBERNETES_SERVICE_PORT = options.env.KUBERNETES_SERVICE_PORT ?? '443';
        kc.loadFromCluster(prefix);
        how = `in-cluster service account (${host})`;
        const namespaceFile = `${prefix}${SERVICE_ACCOUNT_DIR}/namespace`;
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.existsSync)(namespaceFile))
            defaultNamespace = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(namespaceFile, 'utf8').trim();
    }
    for (const user of kc.users) {
        for (const secret of [user.token, user.password, user.keyData])
            if (secret)
                options.mask(secret);
    }
    if (!kc.getCurrentCluster()) {
        throw new Error('The kubeconfig has no current cluster: set current-context.');
    }
    return { cluster: new Cluster(kc, defaultNamespace), how };
}
/** Status message from an ApiException body (a JSON Status, or text). */
function statusMessage(error) {
    if (error instanceof _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .ApiException */ .UJ4) {
        const body = error.body;
        let parsed = body;
        if (typeof body === 'string') {
            try {
                parsed = JSON.parse(body);
            }
            catch {
                parsed = undefined;
            }
        }
        const message = parsed && typeof parsed === 'object' && 'message' in parsed
            ? String(parsed.message)
            : typeof body === 'string' && body !== ''
                ? body
                : error.message.split('\n')[0];
        return { code: error.code, message };
    }
    const code = error?.statusCode;
    if (typeof code === 'number')
        return { code, message: String(error.message) };
    return undefined;
}
/** Turns an API failure into a message that says what to do. */
function explainApiError(error, r, namespace) {
    const status = statusMessage(error);
    if (!status)
        return error instanceof Error ? error : new Error(String(error));
    const where = namespace ? ` in namespace "${namespace}"` : ' (cluster-wide)';
    const what = `${r.verb} ${r.resource}${r.group ? `.${r.group}` : ''}`;
    let message;
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
class Cluster {
    kc;
    defaultNamespace;
    batch;
    core;
    constructor(kc, defaultNamespace) {
        this.kc = kc;
        this.defaultNamespace = defaultNamespace;
        this.batch = kc.makeApiClient(_kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .BatchV1Api */ .Q8C);
        this.core = kc.makeApiClient(_kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .CoreV1Api */ .f5Y);
    }
    async call(r, namespace, fn) {
        try {
            return await fn();
        }
        catch (error) {
            throw explainApiError(error, r, namespace);
        }
    }
    createJob(namespace, body) {
        return this.call(rule('create', 'batch', 'jobs'), namespace, () => this.batch.createNamespacedJob({ namespace, body: body }));
    }
    /** Un-suspends the Job (when no Kueue queue does it). */
    async resumeJob(namespace, name) {
        await this.call(rule('patch', 'batch', 'jobs'), namespace, () => this.batch.patchNamespacedJob({
            namespace,
            name,
            body: [{ op: 'replace', path: '/spec/suspend', value: false }],
        }));
    }
    /** Foreground: the Job goes only after its pods (and the Secrets it owns) are gone. */
    async deleteJob(namespace, name) {
        try {
            await this.call(rule('delete', 'batch', 'jobs'), namespace, () => this.batch.deleteNamespacedJob({ namespace, name, propagationPolicy: 'Foreground' }));
            return true;
        }
        catch (error) {
            if (error instanceof KubernetesApiError && error.status === 404)
                return false;
            throw error;
        }
    }
    async listJobs(namespace, labelSelector) {
        const list = await this.call(rule('list', 'batch', 'jobs'), namespace, () => this.batch.listNamespacedJob({ namespace, labelSelector }));
        return list.items;
    }
    async createSecret(namespace, body) {
        await this.call(rule('create', '', 'secrets'), namespace, () => this.core.createNamespacedSecret({ namespace, body: body }));
    }
    async listPods(namespace, labelSelector) {
        const list = await this.call(rule('list', '', 'pods'), namespace, () => this.core.listNamespacedPod({ namespace, labelSelector }));
        return list.items;
    }
    /** Nodes for the CUDA preflight (a ClusterRole; optional). */
    async listNodes() {
        const list = await this.call(rule('list', '', 'nodes'), undefined, () => this.core.listNode({}));
        return list.items;
    }
    watchJob(namespace, name, onEvent) {
        return this.watch(rule('watch', 'batch', 'jobs'), namespace, `/apis/batch/v1/namespaces/${namespace}/jobs`, { fieldSelector: `metadata.name=${name}` }, onEvent);
    }
    watchPods(namespace, labelSelector, onEvent) {
        return this.watch(rule('watch', '', 'pods'), namespace, `/api/v1/namespaces/${namespace}/pods`, { labelSelector }, onEvent);
    }
    /** One watch connection; resolves when the server ends it, rejects when it refused it. */
    watch(r, namespace, apiPath, query, onEvent) {
        return new Promise((resolve, reject) => {
            let controller;
            const stop = () => controller?.abort();
            this.watchStops.add(stop);
            const finish = (error) => {
                this.watchStops.delete(stop);
                if (error && !(error instanceof Error && error.name === 'AbortError')) {
                    const status = error.statusCode;
                    if (status !== undefined)
                        return reject(explainApiError(error, r, namespace));
                }
                resolve();
            };
            new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .Watch */ .ox1(this.kc)
                .watch(apiPath, { ...query, allowWatchBookmarks: true }, (type, object) => onEvent(type, object), finish)
                .then((c) => (controller = c), finish);
        });
    }
    watchStops = new Set();
    /** Ends every open watch (their promises resolve). */
    stopWatches() {
        for (const stop of this.watchStops)
            stop();
    }
    /** A finished container's whole log (at most `limitBytes`), without timestamps. */
    async readLog(namespace, pod, container, limitBytes) {
        const chunks = [];
        await this.followLog(namespace, pod, container, { follow: false, timestamps: false, limitBytes }, (text) => chunks.push(text));
        return chunks.join('');
    }
    /**
     * Streams a container's log until the server ends the response; resolves then. `onChunk` gets
     * raw text (with timestamps when asked).
     */
    async followLog(namespace, pod, container, options, onChunk, signal) {
        const r = rule('get', '', 'pods/log');
        await new Promise((resolve, reject) => {
            const sink = new node_stream__WEBPACK_IMPORTED_MODULE_2__.Writable({
                write(chunk, _encoding, callback) {
                    onChunk(chunk.toString('utf8'));
                    callback();
                },
            });
            sink.on('finish', () => resolve());
            sink.on('error', () => resolve());
            const logOptions = {
                follow: options.follow,
                timestamps: options.timestamps ?? true,
            };
            if (options.sinceTime)
                logOptions.sinceTime = options.sinceTime;
            if (options.limitBytes)
                logOptions.limitBytes = options.limitBytes;
            new _kubernetes_client_node__WEBPACK_IMPORTED_MODULE_3__/* .Log */ .tG8(this.kc)
                .log(namespace, pod, container, sink, logOptions)
                .then((controller) => {
                if (signal) {
                    if (signal.aborted)
                        controller.abort();
                    signal.addEventListener('abort', () => {
                        controller.abort();
                        resolve();
                    });
                }
            })
                .catch((error) => reject(explainApiError(error, r, namespace)));
        });
    }
}


/***/ }),

/***/ 5163:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hy: () => (/* binding */ envSecretName),
/* harmony export */   JA: () => (/* binding */ pullSecretName),
/* harmony export */   Ju: () => (/* binding */ jobManifest),
/* harmony export */   Kv: () => (/* binding */ jobIdentity),
/* harmony export */   Pw: () => (/* binding */ INSTANCE_LABEL),
/* harmony export */   R6: () => (/* binding */ envSecretManifest),
/* harmony export */   WK: () => (/* binding */ MAIN_CONTAINER),
/* harmony export */   dZ: () => (/* binding */ jobName),
/* harmony export */   xz: () => (/* binding */ pullSecretManifest)
/* harmony export */ });
/* unused harmony exports MANAGED_BY_LABEL, MANAGED_BY, RUN_ID_LABEL, RUN_ATTEMPT_LABEL, JOB_LABEL, QUEUE_LABEL, labelValue, commonLabels, runSelector, ownerReference */
/* harmony import */ var _outputs_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5955);

const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
const MANAGED_BY = 'launch-action';
const RUN_ID_LABEL = 'launch-action/run-id';
const RUN_ATTEMPT_LABEL = 'launch-action/run-attempt';
const JOB_LABEL = 'launch-action/job';
/** The step's own objects share this value (the Job's name). */
const INSTANCE_LABEL = 'launch-action/instance';
const QUEUE_LABEL = 'kueue.x-k8s.io/queue-name';
/** The container that runs the image (log streaming and exit codes read this one). */
const MAIN_CONTAINER = 'main';
/** A label value: at most 63 of [A-Za-z0-9_.-], starting and ending alphanumeric. */
function labelValue(text) {
    const cleaned = text
        .replace(/[^A-Za-z0-9_.-]/g, '-')
        .slice(0, 63)
        .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    return cleaned || 'none';
}
/** The step's identity from the runner's variables; the suffix comes from the caller. */
function jobIdentity(env, suffix) {
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
function jobName(id) {
    const run = id.runId
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
function commonLabels(id) {
    return {
        [MANAGED_BY_LABEL]: MANAGED_BY,
        [RUN_ID_LABEL]: labelValue(id.runId),
        [RUN_ATTEMPT_LABEL]: labelValue(id.runAttempt),
        [JOB_LABEL]: labelValue(id.job),
        [INSTANCE_LABEL]: jobName(id),
    };
}
/** Selects every object of one workflow run attempt (the post step's sweep). */
function runSelector(id) {
    return [
        `${MANAGED_BY_LABEL}=${MANAGED_BY}`,
        `${RUN_ID_LABEL}=${labelValue(id.runId)}`,
        `${RUN_ATTEMPT_LABEL}=${labelValue(id.runAttempt)}`,
        `${JOB_LABEL}=${labelValue(id.job)}`,
    ].join(',');
}
function pullSecretName(job) {
    return `${job}-pull`;
}
function envSecretName(job) {
    return `${job}-env`;
}
/**
 * The batch/v1 Job. Created suspended: Kueue admits it by un-suspending it; without a queue the
 * step un-suspends it itself once its Secrets (owned by the Job) exist.
 */
function jobManifest(spec) {
    const name = jobName(spec.id);
    const labels = commonLabels(spec.id);
    const inputs = spec.inputs;
    const jobLabels = inputs.queue ? { ...labels, [QUEUE_LABEL]: inputs.queue } : labels;
    const requests = {};
    const limits = {};
    if (inputs.cpu)
        requests.cpu = inputs.cpu;
    if (inputs.memory)
        requests.memory = inputs.memory;
    if (inputs.cpuLimit)
        limits.cpu = inputs.cpuLimit;
    if (inputs.memoryLimit)
        limits.memory = inputs.memoryLimit;
    if (inputs.gpus > 0) {
        // Extended resources are requested through limits (requests default to and must equal them).
        limits[inputs.gpuResource] = String(inputs.gpus);
    }
    const [entrypoint, ...commandArgs] = spec.command ?? [];
    const args = [...commandArgs, ...spec.args];
    const outputs = spec.outputsPath ? (0,_outputs_js__WEBPACK_IMPORTED_MODULE_0__/* .outputsPodParts */ .wE)(spec.imageRef, spec.outputsPath) : undefined;
    const container = {
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
    const podSpec = {
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
function ownerReference(job) {
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
function pullSecretManifest(id, namespace, owner, registries) {
    const auths = {};
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
        },
        type: 'kubernetes.io/dockerconfigjson',
        data: {
            '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64'),
        },
    };
}
/** `run-env` as an Opaque Secret the pod reads through envFrom: values never enter the Job spec. */
function envSecretManifest(id, namespace, owner, runEnv) {
    const data = {};
    for (const { name, value } of runEnv)
        data[name] = Buffer.from(value).toString('base64');
    return {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: {
            name: envSecretName(owner.name),
            namespace,
            labels: commonLabels(id),
            ownerReferences: [ownerReference(owner)],
        },
        type: 'Opaque',
        data,
    };
}


/***/ })

};
