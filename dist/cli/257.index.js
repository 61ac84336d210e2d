export const id = 257;
export const ids = [257];
export const modules = {

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

/***/ 1257:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runKubernetesJob: () => (/* binding */ runKubernetesJob)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/run/cuda.ts
var cuda = __webpack_require__(9582);
;// CONCATENATED MODULE: ./src/kubernetes/cuda.ts
/**
 * CUDA preflight against the cluster's nodes: the driver version comes from the labels NVIDIA GPU
 * feature discovery puts on each node, the verdict from run mode's compatibility table. Pure.
 */

/** `nvidia.com/cuda.driver-version.full`, or major.minor.rev from the older label set. */
function driverFromLabels(labels) {
    const full = labels['nvidia.com/cuda.driver-version.full'];
    if (full && /^\d+(\.\d+)+$/.test(full))
        return full;
    const major = labels['nvidia.com/cuda.driver-version.major'] ?? labels['nvidia.com/cuda.driver.major'];
    if (!major || !/^\d+$/.test(major))
        return undefined;
    const minor = labels['nvidia.com/cuda.driver-version.minor'] ?? labels['nvidia.com/cuda.driver.minor'];
    const rev = labels['nvidia.com/cuda.driver-version.revision'] ?? labels['nvidia.com/cuda.driver.rev'];
    return [major, minor, rev].filter((part) => part !== undefined && part !== '').join('.');
}
/** Nodes the scheduler could pick: matching the node selector, with the GPU resource. */
function eligibleNodes(nodes, nodeSelector, gpuResource, gpus) {
    return nodes.filter((node) => Object.entries(nodeSelector).every(([key, value]) => node.labels[key] === value) &&
        (gpus === 0 || Number(node.allocatable[gpuResource] ?? '0') >= gpus));
}
/**
 * Fails only when every eligible node that reports a driver is too old for the image (the Job
 * would never run); warns when some are, so the user can steer with a node selector.
 */
function checkClusterCuda(cudaVersion, nodes) {
    const verdicts = nodes
        .map((node) => ({ node, driver: driverFromLabels(node.labels) }))
        .filter((entry) => entry.driver !== undefined)
        .map((entry) => ({ ...entry, verdict: (0,cuda/* checkCudaDriver */.KN)(cudaVersion, entry.driver) }));
    if (nodes.length === 0) {
        return {
            kind: 'unknown',
            message: 'no node matches the node selector and GPU request; the Job may stay pending',
        };
    }
    if (verdicts.length === 0) {
        return {
            kind: 'unknown',
            message: `no eligible node carries NVIDIA driver labels (nvidia.com/cuda.driver.*); CUDA ${cudaVersion} was not checked`,
        };
    }
    const describe = (entry) => `${entry.node.name} (driver ${entry.driver})`;
    const failing = verdicts.filter((entry) => entry.verdict.kind === 'fail');
    const weak = verdicts.filter((entry) => entry.verdict.kind === 'warn');
    if (failing.length === verdicts.length) {
        const first = failing[0].verdict;
        return {
            kind: 'fail',
            message: `No eligible node can run CUDA ${cudaVersion}: it needs NVIDIA driver >= ${first.minimum}; ` +
                `nodes: ${failing.map(describe).join(', ')}. Update the nodes' driver, choose newer nodes ` +
                'with kubernetes-node-selector, or build on a base image with an older CUDA.',
        };
    }
    if (failing.length === 0 && weak.length === verdicts.length) {
        return {
            kind: 'warn',
            message: `${weak[0].verdict.message} (nodes: ${weak.map(describe).join(', ')})`,
        };
    }
    if (failing.length > 0 || weak.length > 0) {
        return {
            kind: 'warn',
            message: `Some eligible nodes have a driver too old for CUDA ${cudaVersion}: ` +
                `${[...failing, ...weak].map(describe).join(', ')}. Pin the Job to the others with ` +
                'kubernetes-node-selector (e.g. nvidia.com/cuda.driver.major=...).',
        };
    }
    return {
        kind: 'pass',
        message: `CUDA ${cudaVersion}: every eligible node's driver is recent enough (${verdicts.map(describe).join(', ')})`,
    };
}

// EXTERNAL MODULE: ./src/kubernetes/cluster.ts
var kubernetes_cluster = __webpack_require__(1534);
// EXTERNAL MODULE: ./src/kubernetes/manifest.ts
var kubernetes_manifest = __webpack_require__(5163);
;// CONCATENATED MODULE: ./src/kubernetes/logs.ts

function finished(pod) {
    if (!pod || pod.deleted)
        return true;
    const statuses = (pod.status?.containerStatuses ?? []);
    const main = statuses.find((s) => s.name === kubernetes_manifest/* MAIN_CONTAINER */.WK);
    return Boolean(main?.state?.terminated) || ['Succeeded', 'Failed'].includes(pod.status?.phase);
}
/** Splits `TIMESTAMP text` lines and drops those already written before a reconnect. */
class TimestampedLines {
    write;
    partial = '';
    lastTimestamp = '';
    seenAtLast = 0;
    replaySkip = 0;
    constructor(write) {
        this.write = write;
    }
    /** Called before a reconnect: lines at the last timestamp will come again. */
    reconnecting() {
        this.partial = '';
        this.replaySkip = this.seenAtLast;
        return this.lastTimestamp || undefined;
    }
    push(chunk) {
        const text = this.partial + chunk;
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines)
            this.line(line);
    }
    flush() {
        if (this.partial !== '')
            this.line(this.partial);
        this.partial = '';
    }
    line(raw) {
        const space = raw.indexOf(' ');
        const stamp = space > 0 ? raw.slice(0, space) : '';
        if (!/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(stamp)) {
            this.write(`${raw}\n`);
            return;
        }
        if (this.lastTimestamp !== '' && stamp < this.lastTimestamp)
            return;
        if (stamp === this.lastTimestamp) {
            if (this.replaySkip > 0) {
                this.replaySkip--;
                return;
            }
            this.seenAtLast++;
        }
        else {
            this.lastTimestamp = stamp;
            this.seenAtLast = 1;
            this.replaySkip = 0;
        }
        this.write(`${raw.slice(space + 1)}\n`);
    }
}
class LogFollower {
    cluster;
    namespace;
    write;
    pods;
    queue = [];
    started = new Set();
    worker;
    abort = new AbortController();
    constructor(cluster, namespace, write, pods) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.write = write;
        this.pods = pods;
    }
    /** Queues a pod's log; false when it was already queued. */
    start(pod) {
        if (this.started.has(pod))
            return false;
        this.started.add(pod);
        this.queue.push(pod);
        this.worker ??= this.run();
        return true;
    }
    async run() {
        while (this.queue.length > 0 && !this.abort.signal.aborted) {
            const pod = this.queue.shift();
            await this.stream(pod).catch((error) => this.write(`(log of pod ${pod} unavailable: ${error instanceof Error ? error.message : String(error)})\n`));
        }
        this.worker = undefined;
    }
    async stream(pod) {
        const lines = new TimestampedLines(this.write);
        for (let attempt = 0; !this.abort.signal.aborted; attempt++) {
            const wasFinished = finished(this.pods().get(pod));
            const sinceTime = attempt === 0 ? undefined : lines.reconnecting();
            try {
                await this.cluster.followLog(this.namespace, pod, kubernetes_manifest/* MAIN_CONTAINER */.WK, { follow: !wasFinished, ...(sinceTime && { sinceTime }) }, (chunk) => lines.push(chunk), this.abort.signal);
            }
            catch (error) {
                // The pod went away (deleted, evicted) while we read: nothing more to read.
                if (this.pods().get(pod)?.deleted)
                    break;
                if (attempt >= 20)
                    throw error;
            }
            lines.flush();
            if (wasFinished)
                return;
            // Let the pod watch catch up with a container that just ended before deciding to reconnect.
            await new Promise((resolve) => setTimeout(resolve, 300));
        }
    }
    /** Waits until every queued log has been read to its end, at most `ms`. */
    async drain(ms) {
        const deadline = Date.now() + ms;
        while (this.worker && Date.now() < deadline) {
            await Promise.race([this.worker, new Promise((resolve) => setTimeout(resolve, 200))]);
        }
    }
    stop() {
        this.abort.abort();
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/run/outputs.ts
var run_outputs = __webpack_require__(3815);
// EXTERNAL MODULE: ./src/kubernetes/outputs.ts + 1 modules
var kubernetes_outputs = __webpack_require__(5955);
;// CONCATENATED MODULE: ./src/kubernetes/collect.ts
/**
 * The runner's side of the outputs sidecar: its log → `outputs-dir`, `metrics.json` → `metrics`,
 * and `result.json` beside them, laid out as in mode: run (a sweep reads both the same way).
 */





/** `RUNNER_TEMP/launch-runs/<job>/outputs`, as mode: run lays out `launch-runs/<container>/`. */
async function prepareOutputsTarget(env, jobName) {
    const runDir = external_node_path_default().join(env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'launch-runs', jobName);
    const hostDir = external_node_path_default().join(runDir, 'outputs');
    await (0,promises_.mkdir)(hostDir, { recursive: true });
    return { hostDir, resultFile: external_node_path_default().join(runDir, run_outputs/* RESULT_FILE */.FX) };
}
/**
 * `limitBytes` for the sidecar's log: the largest archive in base64 lines of 76, plus the markers.
 * The API server stops there, so a sidecar that writes more cannot flood the runner.
 */
const COLLECTOR_LOG_LIMIT = Math.ceil((kubernetes_outputs/* OUTPUTS_MAX_COMPRESSED */._y * 4) / 3 / 76) * 77 + 64 * 1024;
async function collectOutputs(readLog, target, outputsPath, log) {
    let text;
    try {
        text = await readLog();
    }
    catch (error) {
        return {
            problem: `Could not read the outputs container log: ${error instanceof Error ? error.message : String(error)}`,
        };
    }
    const report = (0,kubernetes_outputs/* parseCollectorLog */.Fx)(text);
    if (report.kind === 'too-large')
        return { problem: (0,kubernetes_outputs/* tooLargeMessage */.pb)(report, outputsPath) };
    if (report.kind === 'error') {
        return { problem: `The outputs in ${outputsPath} did not come back: ${report.message}.` };
    }
    for (const warning of report.warnings)
        log.warning(`outputs: tar said: ${warning}`);
    let unpacked;
    try {
        unpacked = await (0,kubernetes_outputs/* unpackOutputs */.PI)(report.archive, target.hostDir);
    }
    catch (error) {
        return {
            problem: `The outputs archive from the pod was refused: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`,
        };
    }
    if (unpacked.skipped.length > 0) {
        log.warning(`outputs: left out what is not a file or directory: ${unpacked.skipped.slice(0, 10).join(', ')}${unpacked.skipped.length > 10 ? ', …' : ''}`);
    }
    log.info(`Outputs: ${outputsPath} in the pod → ${target.hostDir} (${unpacked.files} files, ${unpacked.bytes} bytes).`);
    let metricsText;
    try {
        metricsText = await (0,promises_.readFile)(external_node_path_default().join(target.hostDir, run_outputs/* METRICS_FILE */.HL), 'utf8');
    }
    catch {
        return {};
    }
    const { metrics, problems } = (0,run_outputs/* parseMetrics */.Bm)(metricsText);
    if (problems.length > 0)
        log.warning(`${run_outputs/* METRICS_FILE */.HL}: ${problems.join('; ')} (left out).`);
    return { metrics };
}

// EXTERNAL MODULE: ./src/platform/state.ts
var state = __webpack_require__(4062);
;// CONCATENATED MODULE: ./src/kubernetes/job.ts
/**
 * Runs the image as a Kubernetes Job and follows it to the end: preflight, Job (suspended) and its
 * Secrets, admission (Kueue or ourselves), pod logs into the step log, exit code, deletion.
 * Loaded on demand (it pulls in the Kubernetes client).
 */








/** State key: where the post step finds the Job if this step did not finish. */

function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
function condition(job, type) {
    const conditions = (job?.status?.conditions ?? []);
    return conditions.find((c) => c.type === type && c.status === 'True');
}
function mainContainerStatus(pod) {
    return (pod.status?.containerStatuses ?? []).find((status) => status.name === kubernetes_manifest/* MAIN_CONTAINER */.WK);
}
/** The outputs sidecar has ended (or the pod is gone): its log is complete. */
function sidecarDone(pod) {
    if (!pod || pod.deleted)
        return true;
    const status = (pod.status?.initContainerStatuses ?? []).find((s) => s.name === kubernetes_outputs/* OUTPUTS_CONTAINER */.nh);
    return Boolean(status?.state?.terminated);
}
/** Why a pod does not start, worth telling the user (image pull, missing Secret, scheduling). */
function waitingReason(pod) {
    const sidecar = (pod.status?.initContainerStatuses ?? []).find((s) => s.name === kubernetes_outputs/* OUTPUTS_CONTAINER */.nh);
    const sidecarWaiting = sidecar?.state?.waiting;
    if (sidecarWaiting?.reason &&
        !['ContainerCreating', 'PodInitializing'].includes(sidecarWaiting.reason)) {
        return (`the outputs sidecar: ${sidecarWaiting.reason}${sidecarWaiting.message ? `: ${sidecarWaiting.message}` : ''} ` +
            '(it runs the image with sh, tar, gzip and base64; set kubernetes-collect-outputs: false for an image without them)');
    }
    const waiting = mainContainerStatus(pod)?.state?.waiting;
    if (waiting?.reason && waiting.reason !== 'ContainerCreating') {
        return `${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}`;
    }
    const unschedulable = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
    return unschedulable ? `Unschedulable: ${unschedulable.message ?? ''}` : undefined;
}
async function preflightCuda(cluster, params, deps) {
    const { inputs, cudaVersion } = params;
    if (!cudaVersion || inputs.gpus === 0)
        return;
    let nodes;
    try {
        nodes = await cluster.listNodes();
    }
    catch (error) {
        if (error instanceof kubernetes_cluster/* KubernetesApiError */.dp && error.status === 403) {
            deps.log.info('CUDA preflight skipped: this identity may not list nodes (the optional ClusterRole in docs/kubernetes.md grants it).');
            return;
        }
        throw error;
    }
    const facts = nodes.map((node) => ({
        name: String(node.metadata?.name ?? ''),
        labels: (node.metadata?.labels ?? {}),
        allocatable: (node.status?.allocatable ?? {}),
    }));
    const verdict = checkClusterCuda(cudaVersion, eligibleNodes(facts, inputs.nodeSelector, inputs.gpuResource, inputs.gpus));
    if (verdict.kind === 'fail')
        throw new Error(verdict.message);
    if (verdict.kind === 'warn')
        deps.log.warning(verdict.message);
    else
        deps.log.info(`CUDA preflight: ${verdict.message}`);
}
/**
 * Runs the Job to its end and deletes it (its pods and Secrets go with it). SIGINT/SIGTERM delete
 * it at once, with foreground propagation, and end the step as cancelled.
 */
async function runKubernetesJob(params, deps) {
    const now = deps.now ?? Date.now;
    const started = now();
    const { inputs } = params;
    if (!/@sha256:[0-9a-f]{64}$/.test(params.imageRef)) {
        throw new Error(`mode kubernetes runs a pushed image by digest, but the image is ${params.imageRef}. ` +
            'Set destination (the image is pushed there) or docker-image to an image in a registry the cluster can reach.');
    }
    const { cluster, how } = (0,kubernetes_cluster/* connect */.Ng)({
        access: inputs.access,
        env: deps.env,
        workspace: deps.workspace,
        mask: deps.setSecret,
        ...(inputs.kubeconfig !== undefined && { kubeconfig: inputs.kubeconfig }),
    });
    const namespace = inputs.namespace ?? cluster.defaultNamespace ?? 'default';
    deps.log.info(`Cluster access: ${how}; namespace ${namespace}.`);
    await preflightCuda(cluster, params, deps);
    const id = (0,kubernetes_manifest/* jobIdentity */.Kv)(deps.env, (0,external_node_crypto_.randomBytes)(4).toString('hex'));
    const name = (0,kubernetes_manifest/* jobName */.dZ)(id);
    const selector = `${kubernetes_manifest/* INSTANCE_LABEL */.Pw}=${name}`;
    const manifest = (0,kubernetes_manifest/* jobManifest */.Ju)({
        id,
        namespace,
        imageRef: params.imageRef,
        ...(params.command && { command: params.command }),
        args: params.args,
        inputs,
        ...(params.registry && { pullSecret: (0,kubernetes_manifest/* pullSecretName */.JA)(name) }),
        ...(inputs.runEnv.length > 0 && { envSecret: (0,kubernetes_manifest/* envSecretName */.Hy)(name) }),
        ...(params.outputsPath && { outputsPath: params.outputsPath }),
    });
    const tail = new run_outputs/* LogTail */.J3();
    const write = (chunk) => {
        tail.push(chunk);
        deps.write(chunk);
    };
    let cancelled = false;
    let deleting;
    const signals = deps.signals ?? process;
    const wake = new Set();
    const notify = () => {
        for (const fn of [...wake])
            fn();
    };
    const onSignal = () => {
        if (cancelled)
            return;
        cancelled = true;
        deps.log.warning(`Cancellation received: deleting Job ${namespace}/${name}.`);
        deleting = cluster.deleteJob(namespace, name).catch((error) => {
            deps.log.warning(`Could not delete Job ${name}: ${String(error)} (the post step retries).`);
        });
        cluster.stopWatches();
        notify();
    };
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
    let createdJob = false;
    try {
        deps.saveState(state/* STATE */.c4.kubernetesJob, JSON.stringify({ namespace, name }));
        const created = await cluster.createJob(namespace, manifest);
        createdJob = true;
        const owner = { name, uid: String(created.metadata?.uid ?? '') };
        if (cancelled) {
            // The signal came while the Job was being created: its delete may have missed it.
            await deleting;
            await cluster.deleteJob(namespace, name);
            throw new Error('Cancelled before the Job started.');
        }
        deps.log.info(`Job ${namespace}/${name} created (suspended) for ${params.imageRef}` +
            (inputs.gpus > 0 ? ` with ${inputs.gpus} ${inputs.gpuResource}.` : ' without GPUs.'));
        if (params.registry) {
            await cluster.createSecret(namespace, (0,kubernetes_manifest/* pullSecretManifest */.xz)(id, namespace, owner, [params.registry]));
        }
        if (inputs.runEnv.length > 0) {
            await cluster.createSecret(namespace, (0,kubernetes_manifest/* envSecretManifest */.R6)(id, namespace, owner, inputs.runEnv));
            deps.log.info(`run-env: ${inputs.runEnv.map((v) => v.name).join(', ')} in Secret ${(0,kubernetes_manifest/* envSecretName */.Hy)(name)}.`);
        }
        const queuedAt = now();
        if (inputs.queue) {
            deps.log.info(`Queued in Kueue LocalQueue ${inputs.queue}; waiting for admission.`);
        }
        else if (!cancelled) {
            await cluster.resumeJob(namespace, name);
        }
        let job = created;
        let jobGone = false;
        const pods = new Map();
        const watching = { on: true };
        const keepWatching = async (start) => {
            while (watching.on && !cancelled) {
                await start();
                if (watching.on && !cancelled)
                    await new Promise((r) => setTimeout(r, 200));
            }
        };
        const jobWatch = keepWatching(() => cluster.watchJob(namespace, name, (type, object) => {
            if (type === 'BOOKMARK' || type === 'ERROR')
                return;
            if (type === 'DELETED')
                jobGone = true;
            else
                job = object;
            notify();
        }));
        const podWatch = keepWatching(() => cluster.watchPods(namespace, selector, (type, object) => {
            if (type === 'BOOKMARK' || type === 'ERROR')
                return;
            const podName = String(object.metadata?.name);
            pods.set(podName, type === 'DELETED' ? { ...object, deleted: true } : object);
            notify();
        }));
        const watchFailure = Promise.race([jobWatch, podWatch]).then(() => undefined, (error) => error);
        const logs = new LogFollower(cluster, namespace, write, () => pods);
        let admittedAt;
        let reportedWaiting = new Map();
        let lastPod;
        let watchError;
        void watchFailure.then((error) => {
            if (error) {
                watchError = error;
                notify();
            }
        });
        for (;;) {
            if (cancelled || watchError)
                break;
            if (admittedAt === undefined && job?.spec?.suspend === false) {
                admittedAt = now();
                deps.log.info(inputs.queue
                    ? `Admitted by Kueue after ${seconds(admittedAt - queuedAt)} queued; running.`
                    : 'Job started.');
            }
            for (const pod of [...pods.values()].sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)))) {
                const podName = String(pod.metadata?.name);
                const reason = waitingReason(pod);
                if (reason && reportedWaiting.get(podName) !== reason) {
                    reportedWaiting.set(podName, reason);
                    deps.log.warning(`Pod ${podName}: ${reason}`);
                }
                const state = mainContainerStatus(pod)?.state;
                if (state?.running || state?.terminated) {
                    if (logs.start(podName))
                        deps.log.info(`Pod ${podName} on ${pod.spec?.nodeName ?? '?'}:`);
                }
                lastPod = pod;
            }
            const done = condition(job, 'Complete') ?? condition(job, 'Failed');
            if (done || jobGone)
                break;
            await new Promise((resolve) => {
                const fn = () => {
                    wake.delete(fn);
                    resolve();
                };
                wake.add(fn);
            });
        }
        if (watchError)
            throw watchError;
        reportedWaiting = new Map();
        if (!cancelled) {
            // Logs of a finished container drain; the Job's end is settled by then.
            await logs.drain(30_000);
        }
        const lastPodName = lastPod ? String(lastPod.metadata?.name) : undefined;
        if (!cancelled && params.outputsPath && lastPodName) {
            // The pod is terminal once the Job is finished; its sidecar has written its log by then.
            const deadline = now() + 15_000;
            while (!sidecarDone(pods.get(lastPodName)) && now() < deadline) {
                await new Promise((resolve) => setTimeout(resolve, 200));
            }
        }
        if (lastPodName && pods.get(lastPodName))
            lastPod = pods.get(lastPodName);
        watching.on = false;
        cluster.stopWatches();
        await Promise.allSettled([jobWatch, podWatch]);
        logs.stop();
        const terminated = lastPod ? mainContainerStatus(lastPod)?.state?.terminated : undefined;
        const failed = condition(job, 'Failed');
        let exitCode;
        if (cancelled) {
            await deleting;
            exitCode = 143;
        }
        else if (failed?.reason === 'DeadlineExceeded') {
            await cluster.deleteJob(namespace, name);
            throw new Error(`The Job ran past its deadline (kubernetes-timeout-minutes: ${inputs.timeoutMinutes}) and was stopped.`);
        }
        else if (terminated && typeof terminated.exitCode === 'number') {
            exitCode = terminated.exitCode;
        }
        else if (condition(job, 'Complete')) {
            exitCode = 0;
        }
        else {
            await cluster.deleteJob(namespace, name);
            throw new Error(`The Job ${name} ended without a container exit code (${failed?.reason ?? 'deleted'}: ${failed?.message ?? 'the Job was removed'}).`);
        }
        let outputs;
        let outputsProblem;
        if (!cancelled && params.outputsPath && lastPodName) {
            const target = await prepareOutputsTarget(deps.env, name);
            const podName = lastPodName;
            const collected = await collectOutputs(() => cluster.readLog(namespace, podName, kubernetes_outputs/* OUTPUTS_CONTAINER */.nh, COLLECTOR_LOG_LIMIT), target, params.outputsPath, deps.log);
            outputsProblem = collected.problem;
            outputs = { ...target, ...(collected.metrics && { metrics: collected.metrics }) };
        }
        if (!cancelled) {
            await cluster.deleteJob(namespace, name);
            deps.log.info(`Job ${name} deleted with its pods and Secrets.`);
        }
        const node = lastPod?.spec?.nodeName;
        const gpu = inputs.gpus > 0
            ? `${inputs.gpus} x ${inputs.gpuResource}${node ? ` on ${node}` : ''}`
            : 'none';
        const durationSeconds = Math.round((now() - started) / 100) / 10;
        if (outputs) {
            await (0,run_outputs/* writeRunRecord */.MJ)(outputs.resultFile, {
                exitCode,
                durationSeconds,
                gpu,
                metrics: outputs.metrics ?? {},
                logTail: tail.read(inputs.runEnv.map((v) => v.value)),
            });
        }
        if (outputsProblem) {
            // A green step promises its outputs; a failed run fails for its exit code anyway.
            if (exitCode === 0)
                throw new Error(outputsProblem);
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
    }
    catch (error) {
        // A step that fails after creating the Job removes it (the post step would otherwise).
        if (createdJob && !cancelled)
            await cluster.deleteJob(namespace, name).catch(() => undefined);
        throw error;
    }
    finally {
        signals.off('SIGINT', onSignal);
        signals.off('SIGTERM', onSignal);
        cluster.stopWatches();
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
