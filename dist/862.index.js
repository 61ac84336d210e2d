<<<<<<<< HEAD:dist/185.index.js
export const id = 185;
export const ids = [185];
========
export const id = 862;
export const ids = [862];
>>>>>>>> fault:dist/862.index.js
export const modules = {

/***/ 6614:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zl: () => (/* binding */ resolveCache),
/* harmony export */   gE: () => (/* binding */ dockerBuildArgs),
/* harmony export */   w$: () => (/* binding */ buildxArgs)
/* harmony export */ });
/**
 * Decides the cache: `auto` means gha when the runner's cache service is reachable and the builder
 * can export, else inline. The docker driver exports nothing but inline cache: fall back, loudly.
 */
function resolveCache(requested, builder, target, env) {
    if (requested === 'none' || builder.kind === 'noop')
        return { cache: { mode: 'none' } };
    const inline = { mode: 'inline', from: target.cacheFrom ?? [] };
    if (builder.kind === 'docker') {
        return requested === 'inline' || requested === 'auto'
            ? { cache: inline }
            : {
                cache: inline,
                warning: `cache '${requested}' needs buildx; the plain docker builder only does inline cache, using that.`,
            };
    }
    const canExport = builder.driver !== undefined && builder.driver !== 'docker';
    const ghaReady = Boolean(env.ACTIONS_RUNTIME_TOKEN) && Boolean(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
    if (requested === 'inline')
        return { cache: inline };
    if (requested === 'auto') {
        return canExport && ghaReady
            ? { cache: { mode: 'gha', scope: target.scope } }
            : { cache: inline };
    }
    if (!canExport) {
        return {
            cache: inline,
            warning: `cache '${requested}' needs a builder that can export cache (buildx driver docker-container or remote); ` +
                `this builder uses the '${builder.driver ?? 'unknown'}' driver, so inline cache is used instead. ` +
                `Add a docker/setup-buildx-action step before this one to get a docker-container builder.`,
        };
    }
    if (requested === 'gha') {
        if (!ghaReady) {
            return {
                cache: inline,
                warning: "cache 'gha' was requested but ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL are not set: " +
                    'buildx would silently drop the cache. Run this action as a step of a GitHub Actions job (not inside a container step or a run: script). Using inline cache.',
            };
        }
        return { cache: { mode: 'gha', scope: target.scope } };
    }
    if (!target.repository) {
        return {
            cache: inline,
            warning: "cache 'registry' needs a destination to keep the cache in; using inline cache.",
        };
    }
    return { cache: { mode: 'registry', ref: `${target.repository}:buildcache` } };
}
/** The `docker buildx build` arguments (after `docker`). Pure: a table of cases tests it. */
function buildxArgs(request) {
    const args = ['buildx', 'build', '--file', request.dockerfile];
    for (const tag of request.tags)
        args.push('--tag', tag);
    args.push(request.push ? '--push' : '--load');
    for (const [key, value] of request.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    for (const [key, value] of request.labels)
        args.push('--label', `${key}=${value}`);
    for (const [id, file] of request.secrets)
        args.push('--secret', `id=${id},src=${file}`);
    if (request.network && request.network !== 'default')
        args.push('--network', request.network);
    if (request.platforms.length > 0)
        args.push('--platform', request.platforms.join(','));
    if (request.noCache)
        args.push('--no-cache');
    if (request.pull)
        args.push('--pull');
    args.push(...cacheArgs(request.cache));
    args.push('--metadata-file', request.metadataFile, '--provenance=false', request.context);
    return args;
}
function cacheArgs(cache) {
    switch (cache.mode) {
        case 'none':
            return [];
        case 'inline':
            return [
                ...cache.from.flatMap((ref) => ['--cache-from', `type=registry,ref=${ref}`]),
                '--cache-to',
                'type=inline',
            ];
        case 'gha':
            return [
                '--cache-from',
                `type=gha,scope=${cache.scope}`,
                '--cache-to',
                `type=gha,mode=max,scope=${cache.scope},ignore-error=true,timeout=10m`,
            ];
        case 'registry':
            return [
                '--cache-from',
                `type=registry,ref=${cache.ref}`,
                '--cache-to',
                `type=registry,ref=${cache.ref},mode=max,ignore-error=true`,
            ];
    }
}
/** Classic `docker build` arguments, for engines without buildx (no cache or secret mounts). */
function dockerBuildArgs(request) {
    const args = ['build', '--file', request.dockerfile];
    for (const tag of request.tags)
        args.push('--tag', tag);
    for (const [key, value] of request.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    for (const [key, value] of request.labels)
        args.push('--label', `${key}=${value}`);
    if (request.network && request.network !== 'default')
        args.push('--network', request.network);
    if (request.platforms.length > 0)
        args.push('--platform', request.platforms.join(','));
    if (request.noCache)
        args.push('--no-cache');
    if (request.pull)
        args.push('--pull');
    args.push(request.context);
    return args;
}


/***/ }),

/***/ 8620:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jf: () => (/* binding */ writeBuildFiles),
/* harmony export */   OL: () => (/* binding */ removeBuildFiles),
/* harmony export */   S6: () => (/* binding */ executeBuild),
/* harmony export */   zS: () => (/* binding */ BuildError)
/* harmony export */ });
/* unused harmony exports isTransientPushError, BUILD_FILES_PREFIX, buildFailure */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _args_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6614);



/** A build that failed, with the package pip could not install when that was the cause. */
class BuildError extends Error {
    failedPackage;
    push;
    constructor(message, failedPackage, 
    /** The build succeeded and its push failed: where to, the registry's error, and whether the
     * registry fixes that by itself (throttling, a 5xx, a dropped connection). */
    push) {
        super(message);
        this.failedPackage = failedPackage;
        this.push = push;
        this.name = 'BuildError';
    }
}
/**
 * Pure: whether a registry's push error is worth one more try — throttling, a server fault or a
 * dropped connection — rather than an answer (denied, unknown repository, immutable tag).
 */
function isTransientPushError(error) {
    return /toomanyrequests|too many requests|\b429\b|\b50[0-4]\b|service unavailable|bad gateway|gateway time-?out|connection reset|broken pipe|unexpected EOF|\bEOF\b|i\/o timeout|TLS handshake timeout|connection refused/i.test(error);
}
/**
 * Writes the Dockerfile, its .dockerignore and secret files into a private temp directory: never
 * into the build context, so nothing of ours (least of all a credential) can be copied into a layer.
 */
async function writeBuildFiles(tempRoot, dockerfile, dockerignore, secrets, 
/** Told the directory before anything is written into it (the post step removes it). */
remember = () => undefined) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_1___default().join(tempRoot, BUILD_FILES_PREFIX));
    remember(dir);
    const dockerfilePath = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, 'Dockerfile');
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(dockerfilePath, dockerfile);
    // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile in place of the context's.
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(`${dockerfilePath}.dockerignore`, dockerignore);
    const secretFiles = [];
    for (const [id, content] of Object.entries(secrets)) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, `secret-${id}`);
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, content, { mode: 0o600 });
        secretFiles.push([id, file]);
    }
    return { dir, dockerfile: dockerfilePath, secrets: secretFiles };
}
/** The name every build-files directory starts with. */
const BUILD_FILES_PREFIX = 'launch-action-build-';
async function removeBuildFiles(files) {
    // Only a directory of ours: the post step passes a path read back from the saved state.
    if (!node_path__WEBPACK_IMPORTED_MODULE_1___default().basename(files.dir).startsWith(BUILD_FILES_PREFIX))
        return;
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(files.dir, { recursive: true, force: true });
}
async function executeBuild(builder, request, run, env, onOutput, progress = 'plain') {
    const started = performance.now();
    const childEnv = { ...env, BUILDX_GIT_INFO: 'false', BUILDKIT_PROGRESS: 'plain' };
    if (builder === 'buildx') {
        const tty = progress === 'tty';
        const result = await run('docker', (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .buildxArgs */ .w$)(request), {
            env: tty ? { ...childEnv, BUILDKIT_PROGRESS: 'tty' } : childEnv,
            onStdout: onOutput,
            onStderr: onOutput,
            terminal: tty,
        });
        if (result.exitCode !== 0) {
            // With tty progress the log went to the terminal, uncaptured: the user has just seen it.
            if (tty)
                throw new BuildError('The image build failed (its log is above). Nothing was pushed.');
            throw buildFailure(result.stdout + result.stderr);
        }
        const metadata = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(request.metadataFile, 'utf8'));
        const digest = metadata['containerimage.digest'];
        if (typeof digest !== 'string') {
            throw new BuildError(`buildx wrote no image digest to ${request.metadataFile}`);
        }
        const configDigest = metadata['containerimage.config.digest'];
        return {
            digest,
            // The engine's own BuildKit (docker driver) reports no config digest; for an image it
            // loaded, the digest it reports is the engine's image ID.
            imageId: typeof configDigest === 'string' ? configDigest : request.push ? '' : digest,
            metadata,
            durationMs: performance.now() - started,
        };
    }
    const build = await run('docker', (0,_args_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerBuildArgs */ .gE)(request), {
        env: { ...childEnv, DOCKER_BUILDKIT: '0' },
        onStdout: onOutput,
        onStderr: onOutput,
    });
    if (build.exitCode !== 0)
        throw buildFailure(build.stdout + build.stderr);
    // The classic builder always leaves the image in the engine: its ID is the config digest.
    const inspect = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', request.tags[0]], {
        env: childEnv,
    });
    const imageId = inspect.exitCode === 0 ? inspect.stdout.trim() : '';
    let digest = '';
    if (request.push) {
        for (const tag of request.tags) {
            const push = await run('docker', ['push', tag], {
                env: childEnv,
                onStdout: onOutput,
                onStderr: onOutput,
            });
            if (push.exitCode !== 0) {
                const error = push.stderr.trim();
                throw new BuildError(`The image was built, but pushing it to ${tag} failed: ${error}`, undefined, { ref: tag, error, transient: isTransientPushError(error) });
            }
            digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? '';
        }
    }
    else {
        digest = imageId;
    }
    if (!digest)
        throw new BuildError('the build finished but its digest could not be read');
    return { digest, imageId, durationMs: performance.now() - started };
}
/** The push step of a BuildKit plain log that ended in an error: where to, and the error. */
function failedPush(output) {
    for (const match of output.matchAll(/^#(\d+) pushing (\S+)(?: with docker)?\s*$/gm)) {
        const error = new RegExp(`^#${match[1]} ERROR: (.+)$`, 'm').exec(output)?.[1];
        if (error)
            return { ref: match[2], error: error.trim() };
    }
    return undefined;
}
/** pip's own words for "this package could not be installed", newest pip first. */
const PIP_FAILURES = [
    /No matching distribution found for ([^\s]+)/,
    /Could not find a version that satisfies the requirement ([^\s]+)/,
    // Before "Failed to build": newer pip says "Failed to build installable wheels for … (name)".
    /Failed building wheel for ([^\s]+)/,
    /Failed to build ([^\s]+)/,
    /Because ([^\s]+) was not found in the package registry/,
];
function buildFailure(output) {
    const tail = output.trim().split('\n').slice(-25).join('\n');
    const push = failedPush(output);
    if (push) {
        return new BuildError(`The image was built, but pushing it to ${push.ref} failed: ${push.error}. Check that the credentials may push to that repository and that the registry accepts the tag (registries with immutable tags refuse to overwrite one). Last lines of the build log:\n${tail}`, undefined, { ...push, transient: isTransientPushError(push.error) });
    }
    for (const pattern of PIP_FAILURES) {
        const match = pattern.exec(output);
        if (match) {
            return new BuildError(`The dependency '${match[1]}' could not be installed: check its name and version, and that the package index has it (pip-index-url). Nothing was pushed.\n${tail}`, match[1]);
        }
    }
    return new BuildError(`The image build failed. Nothing was pushed. Last lines of the build log:\n${tail}`);
}


/***/ }),

/***/ 9805:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  r8: () => (/* binding */ DispatchedRunError),
  Dh: () => (/* binding */ cancelDispatchedRun),
  ey: () => (/* binding */ dispatchRun),
  Ye: () => (/* binding */ readDispatchInputs)
});

// UNUSED EXPORTS: packDispatchInputs

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
// EXTERNAL MODULE: ./src/platform/state.ts
var platform_state = __webpack_require__(4062);
// EXTERNAL MODULE: ./src/platform/http.ts
var platform_http = __webpack_require__(1267);
;// CONCATENATED MODULE: ./src/dispatch/github.ts
/** GitHub's REST API for dispatch: Octokit over the one HTTP client, rate limits, errors with context. */

class GitHubApiError extends Error {
    status;
    apiMessage;
    constructor(status, apiMessage, context, hint) {
        super(`${context}: GitHub answered ${status} ${apiMessage}${hint ? `. ${hint}` : ''}`);
        this.status = status;
        this.apiMessage = apiMessage;
        this.name = 'GitHubApiError';
    }
}
/**
 * GitHub's retry policy: reads are retried after server errors with backoff from 2 s; a rate
 * limit is waited out (its reset or Retry-After), but a job should not idle more than 15 minutes.
 */
const GITHUB_RETRY_POLICY = {
    maxAttempts: 6,
    baseDelayMs: 2_000,
    maxDelayMs: 32_000,
    maxTotalDelayMs: 15 * 60 * 1000,
};
function apiMessage(body) {
    if (body && typeof body === 'object' && 'message' in body)
        return String(body.message);
    return typeof body === 'string' ? body : '';
}
/** How long to wait before retrying, or undefined when the answer is not a rate limit. Pure. */
function rateLimitWaitMs(status, headers, body, now) {
    if (status !== 403 && status !== 429)
        return undefined;
    const retryAfter = headers.get('retry-after');
    if (retryAfter && /^\d+$/.test(retryAfter))
        return Number(retryAfter) * 1000;
    const reset = headers.get('x-ratelimit-reset');
    if (headers.get('x-ratelimit-remaining') === '0' && reset && /^\d+$/.test(reset)) {
        return Math.max(0, Number(reset) * 1000 - now) + 1000;
    }
    // Secondary limits sometimes come with only a message; GitHub asks for at least a minute then.
    if (status === 429 || /rate limit/i.test(apiMessage(body)))
        return 60_000;
    return undefined;
}
/** GitHub's REST API through Octokit, whose every request goes through the one HTTP client. */
class GitHubClient {
    octokit;
    direct;
    constructor(octokit, 
    /** For archive downloads, whose redirect must be followed by hand (see `download`). */
    direct) {
        this.octokit = octokit;
        this.direct = direct;
    }
    static async connect(baseUrl, token, deps) {
        // Only dispatch mode talks to GitHub: Octokit is loaded then, so other modes start as fast.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const now = deps.now ?? Date.now;
        const http = {
            fetch: deps.fetch,
            sleep: deps.sleep,
            // Waiting on GitHub is worth a line in the log, not only in debug output.
            log: { debug: (message) => deps.log.warning(message) },
        };
        const octokit = getOctokit(token, {
            baseUrl: baseUrl.replace(/\/+$/, ''),
            userAgent: 'launch-action',
            // GitHub's documented scheme for every kind of token (Octokit would send `token …`).
            authStrategy: () => ({
                hook: (request, route, parameters) => {
                    const endpoint = request.endpoint.merge(route, parameters);
                    endpoint.headers.authorization = `Bearer ${token}`;
                    return request(endpoint);
                },
            }),
            request: {
                fetch: (0,platform_http/* retryingFetch */.XR)(http, (method) => ({
                    policy: GITHUB_RETRY_POLICY,
                    // A repeated dispatch could start a second run: only reads are replayed after a fault.
                    replayable: method === 'GET',
                    retryable: (answer) => rateLimitOf(answer, now()) !== undefined,
                    retryAfterMs: (answer) => rateLimitOf(answer, now()),
                    redirect: 'follow',
                })),
            },
        });
        return new GitHubClient(octokit, {
            baseUrl: baseUrl.replace(/\/+$/, ''),
            token,
            fetch: deps.fetch,
        });
    }
    /** Sends one request; every answer is returned (rate limits were already waited out). */
    async request(method, path, body) {
        try {
            const response = await this.octokit.request(`${method} ${path}`, {
                ...(body !== undefined && { data: body }),
                headers: { 'x-github-api-version': '2022-11-28' },
            });
            return { status: response.status, body: response.data, headers: new Headers() };
        }
        catch (error) {
            const answer = answerOf(error);
            if (answer)
                return answer;
            throw error;
        }
    }
    /**
     * Downloads an archive GitHub answers with a redirect (artifacts, logs): the API gives a 302 to a
     * short-lived signed storage URL, which is fetched WITHOUT the token (it carries its own signature).
     */
    async download(path, context) {
        const url = `${this.direct.baseUrl}${path}`;
        const first = await this.direct.fetch(url, {
            method: 'GET',
            redirect: 'manual',
            headers: {
                authorization: `Bearer ${this.direct.token}`,
                accept: 'application/vnd.github+json',
                'x-github-api-version': '2022-11-28',
                'user-agent': 'launch-action',
            },
        });
        const location = first.headers.get('location');
        if (first.status !== 302 || !location) {
            const text = await first.text();
            let body = text;
            try {
                body = JSON.parse(text);
            }
            catch {
                // Not JSON: keep the text.
            }
            throw new GitHubApiError(first.status, apiMessage(body), context, first.status === 410 ? 'The artifact has expired' : statusHint(first.status));
        }
        const blob = await this.direct.fetch(location, { headers: { 'user-agent': 'launch-action' } });
        if (!blob.ok)
            throw new Error(`${context}: the artifact storage answered ${blob.status}`);
        return Buffer.from(await blob.arrayBuffer());
    }
    /** Like `request`, but throws a `GitHubApiError` with `context` unless the status is expected. */
    async expect(method, path, ok, context, body) {
        const response = await this.request(method, path, body);
        if (!ok.includes(response.status)) {
            const wait = rateLimitWaitMs(response.status, response.headers, response.body, Date.now());
            throw new GitHubApiError(response.status, apiMessage(response.body), context, wait !== undefined
                ? `Rate limited; the limit resets in ${Math.round(wait / 1000)} s. Dispatch less often or use a token with a larger budget`
                : statusHint(response.status));
        }
        return response;
    }
}
/** How long a rate-limit answer asks to wait, or undefined when it is no rate limit. */
function rateLimitOf(answer, now) {
    return rateLimitWaitMs(answer.status, answer.headers, (0,platform_http/* parseJson */.qF)(answer.text) ?? answer.text, now);
}
/** The HTTP answer inside an Octokit RequestError (4xx/5xx), or undefined for other failures. */
function answerOf(error) {
    if (typeof error !== 'object' || error === null || !('status' in error))
        return undefined;
    const response = error
        .response;
    if (!response)
        return undefined;
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers ?? {})) {
        if (value !== undefined)
            headers.set(name, String(value));
    }
    return { status: Number(error.status), body: response.data, headers };
}
function statusHint(status) {
    switch (status) {
        case 401:
            return 'The token is invalid or expired: check `github-token`';
        case 403:
            return 'The token lacks permission: it needs `actions: write` on the target repository (a fine-grained or app token for another repository)';
        case 404:
            return 'The repository or workflow was not found, or the token cannot see it: the workflow file must exist on the default branch';
        default:
            return undefined;
    }
}

// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
;// CONCATENATED MODULE: ./src/dispatch/zip.ts
/**
 * Reads one file out of a zip archive (what GitHub serves for an artifact): the central directory
 * locates it, then it is stored or deflated. Pure; no ZIP64 (result artifacts are a few KB).
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The named entry's bytes, or undefined when the archive has no such file. Throws on a bad archive. */
function readZipEntry(zip, name) {
    // The end record is in the last 22 + 65535 (comment) bytes.
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
        if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
            end = i;
            break;
        }
    }
    if (end === -1)
        throw new Error('not a zip archive (no end of central directory)');
    const entries = zip.readUInt16LE(end + 10);
    let offset = zip.readUInt32LE(end + 16);
    for (let n = 0; n < entries; n++) {
        if (zip.readUInt32LE(offset) !== CENTRAL_FILE_HEADER)
            throw new Error('corrupt zip directory');
        const method = zip.readUInt16LE(offset + 10);
        const compressedSize = zip.readUInt32LE(offset + 20);
        const nameLength = zip.readUInt16LE(offset + 28);
        const extraLength = zip.readUInt16LE(offset + 30);
        const commentLength = zip.readUInt16LE(offset + 32);
        const localOffset = zip.readUInt32LE(offset + 42);
        const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
        offset += 46 + nameLength + extraLength + commentLength;
        if (entryName !== name)
            continue;
        if (zip.readUInt32LE(localOffset) !== LOCAL_FILE_HEADER)
            throw new Error('corrupt zip entry');
        const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        if (method === 0)
            return Buffer.from(data);
        if (method === 8)
            return (0,external_node_zlib_.inflateRawSync)(data);
        throw new Error(`zip entry ${name} uses compression method ${method}`);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/dispatch/result.ts

/** The artifact the GPU queue workflow uploads (see workflows/gpu-queue.yml). */
const RESULT_ARTIFACT = 'launch-result';
/** Checks the shape of `result.json`; undefined when it is not one. Pure. */
function parseRecord(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    if (!parsed || typeof parsed !== 'object')
        return undefined;
    const record = parsed;
    if (typeof record.exitCode !== 'number')
        return undefined;
    const metrics = {};
    if (record.metrics && typeof record.metrics === 'object') {
        for (const [name, value] of Object.entries(record.metrics)) {
            if (typeof value === 'number' && Number.isFinite(value))
                metrics[name] = value;
        }
    }
    return {
        exitCode: record.exitCode,
        ...(typeof record.durationSeconds === 'number' && { durationSeconds: record.durationSeconds }),
        metrics,
        logTail: Array.isArray(record.logTail) ? record.logTail.map(String) : [],
    };
}
/** The run's result, or undefined (with a warning) when it uploaded none. */
async function fetchRunRecord(client, repository, runId, log) {
    const query = new URLSearchParams({ name: RESULT_ARTIFACT, per_page: '100' });
    const listed = await client.expect('GET', `/repos/${repository}/actions/runs/${runId}/artifacts?${query.toString()}`, [200], `Listing the artifacts of run ${runId}`);
    const artifacts = listed.body.artifacts ?? [];
    const artifact = artifacts.find((a) => a.name === RESULT_ARTIFACT && !a.expired);
    if (!artifact) {
        log.warning(`Run ${runId} uploaded no '${RESULT_ARTIFACT}' artifact, so its exit code and metrics are unknown (the queue workflow must upload it; see workflows/gpu-queue.yml).`);
        return undefined;
    }
    const zip = await client.download(`/repos/${repository}/actions/artifacts/${artifact.id}/zip`, `Downloading artifact ${RESULT_ARTIFACT} of run ${runId}`);
    const entry = readZipEntry(zip, 'result.json');
    const record = entry ? parseRecord(entry.toString('utf8')) : undefined;
    if (!record)
        log.warning(`The '${RESULT_ARTIFACT}' artifact of run ${runId} holds no valid result.json.`);
    return record;
}

;// CONCATENATED MODULE: ./src/dispatch/index.ts





/** GitHub refuses a dispatch whose inputs exceed this many characters in total. */
const MAX_DISPATCH_INPUT_CHARS = 65_535;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const WORKFLOW = /^(\d+|[A-Za-z0-9_.-]+\.ya?ml)$/;
/** Reads dispatch-repository (default GITHUB_REPOSITORY), dispatch-workflow, dispatch-ref, wait, github-token (masked). */
function readDispatchInputs(reader, env, 
/** Registers the token with the log masker (the runner's, or none in a terminal). */
mask) {
    const repository = reader.optional('dispatch-repository') ?? env.GITHUB_REPOSITORY ?? '';
    if (!REPOSITORY.test(repository)) {
        throw new errors/* InputError */.dz('dispatch-repository', repository, 'expected owner/repo', 'Set it to the repository holding the GPU queue workflow (default: this repository).');
    }
    const workflow = reader.string('dispatch-workflow') || 'gpu-queue.yml';
    if (!WORKFLOW.test(workflow)) {
        throw new errors/* InputError */.dz('dispatch-workflow', workflow, 'expected a workflow file name in .github/workflows (e.g. gpu-queue.yml) or a numeric workflow id', 'Give the file name only, not its path.');
    }
    const ref = reader.optional('dispatch-ref');
    if (ref !== undefined && (/\s/.test(ref) || ref.startsWith('-'))) {
        throw new errors/* InputError */.dz('dispatch-ref', ref, 'expected a branch or tag name');
    }
    const wait = reader.bool('wait', true);
    const token = reader.string('github-token');
    if (token === '') {
        throw new errors/* InputError */.dz('github-token', '', 'dispatch mode needs a token with `actions: write` on the target repository', 'Grant `permissions: actions: write` to the job (the default token is used), or pass a token.');
    }
    mask(token);
    // Below the 6-hour limit of a GitHub-hosted job, so the wait detaches instead of being cancelled.
    const waitTimeoutMinutes = reader.integer('wait-timeout-minutes', 330, 1, 7200);
    return { repository, workflow, ref, wait, waitTimeoutMinutes, token };
}
/**
 * The inputs sent to the queue workflow: the image, a unique id it echoes in its run name, and every
 * other parameter packed into one JSON string (a workflow may declare at most 25 inputs). Pure.
 */
function packDispatchInputs(imageRef, params, distinctId) {
    const packed = { image: imageRef, params: JSON.stringify(params), distinct_id: distinctId };
    const size = Object.entries(packed).reduce((sum, [key, value]) => sum + key.length + value.length, 0);
    if (size > MAX_DISPATCH_INPUT_CHARS) {
        throw new Error(`The dispatch inputs are ${size} characters; GitHub accepts at most ${MAX_DISPATCH_INPUT_CHARS}. Shorten args/env or pass large values through a file in the image.`);
    }
    return packed;
}
function apiBaseUrl(env) {
    return env.GITHUB_API_URL || 'https://api.github.com';
}
/** A dispatched run that finished without success; `result` still carries the outputs. */
class DispatchedRunError extends Error {
    result;
    constructor(result) {
        super(`The dispatched run ${result.runUrl} finished with conclusion '${result.conclusion}'` +
            (result.exitCode !== undefined
                ? `; its container exited with code ${result.exitCode}.`
                : '.'));
        this.result = result;
        this.name = 'DispatchedRunError';
    }
}
function workflowPath(repository, workflow) {
    return `/repos/${repository}/actions/workflows/${encodeURIComponent(workflow)}`;
}
async function defaultBranch(client, repository) {
    const response = await client.expect('GET', `/repos/${repository}`, [200], `Reading ${repository}`);
    const branch = response.body.default_branch;
    if (!branch)
        throw new Error(`GitHub did not report a default branch for ${repository}; set dispatch-ref.`);
    return branch;
}
/**
 * Dispatches with `return_run_details` (200 and the run id). Servers that do not know the flag answer
 * 400/422: then dispatch again without it (204), and the caller finds the run by its distinct id.
 */
async function sendDispatch(client, inputs, ref, workflowInputs, log) {
    const path = `${workflowPath(inputs.repository, inputs.workflow)}/dispatches`;
    const context = `Dispatching ${inputs.workflow} on ${inputs.repository}@${ref}`;
    const first = await client.request('POST', path, {
        ref,
        inputs: workflowInputs,
        return_run_details: true,
    });
    if (first.status === 200) {
        const body = first.body;
        if (typeof body.workflow_run_id === 'number')
            return { id: body.workflow_run_id, html_url: body.html_url };
        return undefined;
    }
    if (first.status === 204)
        return undefined;
    if (first.status !== 400 && first.status !== 422) {
        throw new GitHubApiError(first.status, apiMessage(first.body), context, statusHint(first.status));
    }
    log.info('The API did not accept return_run_details; dispatching without it and finding the run by its id.');
    await client.expect('POST', path, [204], context, { ref, inputs: workflowInputs });
    return undefined;
}
async function findRun(client, inputs, distinctId, since, deps) {
    const query = new URLSearchParams({
        event: 'workflow_dispatch',
        created: `>=${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
        per_page: '100',
    });
    const path = `${workflowPath(inputs.repository, inputs.workflow)}/runs?${query.toString()}`;
    // GitHub creates the run a few seconds after the 204: look for up to about two minutes.
    for (let attempt = 0; attempt < 40; attempt++) {
        const response = await client.expect('GET', path, [200], `Listing runs of ${inputs.workflow}`);
        const runs = response.body.workflow_runs ?? [];
        const match = runs.find((run) => run.display_title?.includes(distinctId));
        if (match)
            return match;
        await deps.sleep(3000);
    }
    throw new Error(`The dispatched run of ${inputs.workflow} was not found: no run's title contains ${distinctId}. ` +
        'The queue workflow must set `run-name: … [${{ inputs.distinct_id }}]` (see workflows/gpu-queue.yml).');
}
/** Follows the run until it completes (its conclusion) or the deadline passes (undefined). */
async function waitForRun(client, repository, run, deps, deadline) {
    const now = deps.now ?? Date.now;
    let lastStatus = '';
    for (;;) {
        const response = await client.expect('GET', `/repos/${repository}/actions/runs/${run.id}`, [200], `Watching run ${run.id}`);
        const current = response.body;
        if (current.status !== lastStatus) {
            deps.log.info(`Run ${run.id}: ${current.status ?? 'unknown'}`);
            lastStatus = current.status ?? '';
        }
        if (current.status === 'completed')
            return current.conclusion ?? 'unknown';
        const left = deadline - now();
        if (left <= 0)
            return undefined;
        await deps.sleep(Math.min(deps.pollIntervalMs ?? 15_000, left));
    }
}
/**
 * Triggers the GPU queue workflow with the image and parameters, finds its run, and with `wait`
 * follows it until it completes; a conclusion other than success throws `DispatchedRunError`.
 */
async function dispatchRun(imageRef, params, inputs, deps) {
    const client = await GitHubClient.connect(apiBaseUrl(deps.env), inputs.token, deps);
    const ref = inputs.ref ?? (await defaultBranch(client, inputs.repository));
    const distinctId = (0,external_node_crypto_.randomUUID)();
    const workflowInputs = packDispatchInputs(imageRef, params, distinctId);
    // A minute of slack for clock skew between this runner and GitHub.
    const since = new Date((deps.now ?? Date.now)() - 60_000);
    const dispatched = await sendDispatch(client, inputs, ref, workflowInputs, deps.log);
    const run = dispatched ?? (await findRun(client, inputs, distinctId, since, deps));
    const runUrl = run.html_url ?? `${inputs.repository}/actions/runs/${run.id}`;
    deps.log.info(`Dispatched ${inputs.workflow} on ${inputs.repository}@${ref}: ${runUrl}`);
    const result = { runId: String(run.id), runUrl, conclusion: '' };
    if (!inputs.wait)
        return result;
    deps.saveState(platform_state/* STATE */.c4.dispatchRun, (0,platform_state/* encodeDispatchedRun */.Re)({ repository: inputs.repository, runId: result.runId }));
    const deadline = (deps.now ?? Date.now)() + inputs.waitTimeoutMinutes * 60_000;
    const conclusion = await waitForRun(client, inputs.repository, run, deps, deadline);
    // From here on the post step must not cancel the run: it completed, or this step let it go.
    deps.saveState(platform_state/* STATE */.c4.dispatchRun, '');
    if (conclusion === undefined) {
        deps.log.warning(`Stopped waiting after ${inputs.waitTimeoutMinutes} minutes (wait-timeout-minutes): run ${result.runId} ` +
            `goes on without this job at ${runUrl}. Its exit code and metrics are not reported here.`);
        return { ...result, conclusion: 'detached' };
    }
    result.conclusion = conclusion;
    const record = await fetchRunRecord(client, inputs.repository, result.runId, deps.log).catch((error) => {
        deps.log.warning(`Could not read the result of run ${result.runId}: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
    });
    if (record) {
        result.exitCode = record.exitCode;
        result.metrics = record.metrics;
        result.logTail = record.logTail;
        if (record.logTail.length > 0) {
            deps.log.info(`Last lines of run ${result.runId}:\n${record.logTail.join('\n')}`);
        }
    }
    if (result.conclusion !== 'success' || (record && record.exitCode !== 0)) {
        throw new DispatchedRunError(result);
    }
    return result;
}
/**
 * Post step: when this job stopped while following a dispatched run (state still set), cancels that
 * run, and force-cancels it when it does not stop within about half a minute.
 */
async function cancelDispatchedRun(state, deps) {
    const followed = (0,platform_state/* decodeDispatchedRun */.XF)(state);
    if (!followed)
        return;
    const { repository, runId } = followed;
    const client = await GitHubClient.connect(apiBaseUrl(deps.env), deps.token, deps);
    const runPath = `/repos/${repository}/actions/runs/${runId}`;
    const current = await client.expect('GET', runPath, [200], `Reading run ${runId}`);
    if (current.body.status === 'completed')
        return;
    deps.log.warning(`This job stopped while run ${runId} was going: cancelling it.`);
    const cancel = await client.request('POST', `${runPath}/cancel`);
    if (cancel.status === 409)
        return; // it completed in the meantime
    if (cancel.status !== 202) {
        throw new GitHubApiError(cancel.status, apiMessage(cancel.body), `Cancelling run ${runId}`);
    }
    for (let attempt = 0; attempt < 6; attempt++) {
        await deps.sleep(5000);
        const polled = await client.expect('GET', runPath, [200], `Reading run ${runId}`);
        if (polled.body.status === 'completed')
            return;
    }
    deps.log.warning(`Run ${runId} did not stop after cancel: force-cancelling it.`);
    await client.expect('POST', `${runPath}/force-cancel`, [202, 409], `Force-cancelling run ${runId}`);
}


/***/ }),

/***/ 86:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H_: () => (/* binding */ IMAGE_LABEL),
/* harmony export */   J0: () => (/* binding */ imageLabels),
/* harmony export */   bS: () => (/* binding */ CUDA_LABEL),
/* harmony export */   fl: () => (/* binding */ cudaLabels),
/* harmony export */   lH: () => (/* binding */ CUDA_SOURCE_LABEL),
/* harmony export */   yK: () => (/* binding */ TORCH_LABEL)
/* harmony export */ });
/** Label the image builder puts on images it builds; images carrying it may be pruned on a full disk. */
const IMAGE_LABEL = 'dev.launch-action.source-hash';
/**
 * The labels of a built image: its source hash, where it came from when a workflow built it, and
 * the commit actually built — the context's git HEAD, not GITHUB_SHA (which names the triggering
 * commit, wrong when an older commit is relaunched). No revision label when HEAD is unknown.
 */
function imageLabels(env, sourceHash, revision) {
    const labels = [[IMAGE_LABEL, sourceHash]];
    if (env.GITHUB_REPOSITORY) {
        labels.push([
            'org.opencontainers.image.source',
            `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}`,
        ]);
    }
    if (revision)
        labels.push(['org.opencontainers.image.revision', revision]);
    return labels;
}
/** Labels recording the CUDA runtime the image's pip wheels bring (see environment/cuda-implied.ts). */
const CUDA_LABEL = 'dev.launch-action.cuda';
const CUDA_SOURCE_LABEL = 'dev.launch-action.cuda-source';
const TORCH_LABEL = 'dev.launch-action.torch';
/** The CUDA labels of an image whose requirements imply a CUDA version; none otherwise. */
function cudaLabels(cuda) {
    if (!cuda)
        return [];
    const labels = [
        [CUDA_LABEL, cuda.version],
        [CUDA_SOURCE_LABEL, cuda.source],
    ];
    if (cuda.torch)
        labels.push([TORCH_LABEL, cuda.torch]);
    return labels;
}


/***/ }),

/***/ 9066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i_: () => (/* binding */ InputReader),
/* harmony export */   lQ: () => (/* binding */ envInputSource)
/* harmony export */ });
/* unused harmony export mapInputSource */
/* harmony import */ var _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6316);

/** Reads the runner's `INPUT_<NAME>` variables the way `@actions/core` does, without importing it. */
function envInputSource(env = process.env) {
    return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
/** Parses `--name value` / `--name=value` CLI flags into an input source. */
function mapInputSource(values) {
    return (name) => values[name];
}
/**
 * Typed access to inputs. Every read goes through here, so the set of names the parser reads can
 * be compared with action.yml by a test, and every error names the input.
 */
class InputReader {
    source;
    namesRead = new Set();
    constructor(source) {
        this.source = source;
    }
    /** The trimmed value, or '' when unset. */
    string(name) {
        this.namesRead.add(name);
        return (this.source(name) ?? '').trim();
    }
    /** The value with its inner newlines kept (patches, inline lists); outer blank lines dropped. */
    text(name) {
        this.namesRead.add(name);
        return (this.source(name) ?? '').replace(/^\s*\n/, '').replace(/\s+$/, '');
    }
    optional(name) {
        const value = this.string(name);
        return value === '' ? undefined : value;
    }
    /** YAML 1.2 core-schema booleans, as @actions/core accepts them. */
    bool(name, fallback) {
        const value = this.string(name);
        if (value === '')
            return fallback;
        if (['true', 'True', 'TRUE'].includes(value))
            return true;
        if (['false', 'False', 'FALSE'].includes(value))
            return false;
        throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, value, 'expected true or false');
    }
    choice(name, allowed, fallback) {
        const value = this.string(name);
        if (value === '')
            return fallback;
        if (allowed.includes(value))
            return value;
        throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, value, `expected one of ${allowed.join(', ')}`);
    }
    /** A whole number within [min, max]. */
    integer(name, fallback, min, max) {
        const value = this.string(name);
        if (value === '')
            return fallback;
        if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
            throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, value, `expected a whole number from ${min} to ${max}`);
        }
        return Number(value);
    }
    /** Non-empty lines, trimmed; `#` comment lines dropped. */
    lines(name) {
        return this.text(name)
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter((line) => line !== '' && !line.startsWith('#'));
    }
    /** Items separated by commas, whitespace or newlines. */
    list(name) {
        return this.string(name)
            .split(/[\s,]+/)
            .filter((item) => item !== '');
    }
    /**
     * `KEY=VALUE` lines; KEY must match `keyPattern`. Values keep inner spaces and may contain '='.
     */
    keyValues(name, keyPattern, what) {
        return this.lines(name).map((line) => {
            const eq = line.indexOf('=');
            const key = eq === -1 ? line : line.slice(0, eq).trim();
            if (eq === -1 || !keyPattern.test(key)) {
                throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(name, line, `each line must be KEY=VALUE where KEY is ${what}`, `Write it as e.g. "MY_VAR=value", one per line.`);
            }
            return [key, line.slice(eq + 1)];
        });
    }
}


/***/ }),

/***/ 4706:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  it: () => (/* binding */ cleanupOnKubernetes),
  KD: () => (/* reexport */ readClusterAccessInputs),
  Ed: () => (/* reexport */ readKubernetesInputs),
  Rh: () => (/* binding */ runOnKubernetes)
});

// UNUSED EXPORTS: parseRunEnv

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
// EXTERNAL MODULE: ./src/run/run-env.ts
var run_env = __webpack_require__(8298);
;// CONCATENATED MODULE: ./src/kubernetes/inputs.ts
/**
 * The `kubernetes-*` inputs and `run-env`, parsed and checked before anything runs. Pure: it must
 * not import the Kubernetes client, which is loaded only when this mode runs.
 */



/** A DNS-1123 subdomain (namespaces, class, account and queue names). */
const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An extended resource name: `domain/name` with a domain that is not kubernetes.io's. */
const RESOURCE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
/** A Kubernetes resource quantity (`500m`, `4`, `16Gi`, `1e3`). */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][0-9]+)?$/;
/** A label key (optional DNS prefix) and value. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/**
 * `run-env` for a Job: the run folder's parser and resolver (one meaning of the input for every
 * mode), as name/value pairs for the Secret. Errors name the variable, never its value.
 */
function parseRunEnv(lines, env, mask = () => undefined) {
    const entries = (0,run_env/* parseRunEnv */.EN)('run-env', lines, mask);
    // Outside kubernetes mode the lines are only checked: the values belong to that mode's reader.
    if (!env)
        return [];
    return (0,run_env/* resolveRunEnv */.fg)('run-env', entries, env, mask).map(([name, value]) => ({ name, value }));
}
function dnsName(read, name) {
    const value = read.optional(name);
    if (value !== undefined && (value.length > 253 || !DNS_NAME.test(value))) {
        throw new errors/* InputError */.dz(name, value, 'expected a Kubernetes object name: lower-case letters, digits, "-" and "."');
    }
    return value;
}
function quantity(read, name, example) {
    const value = read.optional(name);
    if (value !== undefined && !QUANTITY.test(value)) {
        throw new errors/* InputError */.dz(name, value, `expected a Kubernetes quantity such as ${example}`);
    }
    return value;
}
/** A YAML or JSON document (JSON is YAML) of the expected shape. */
function structured(read, name, shape) {
    const text = read.text(name);
    if (text === '')
        return undefined;
    let value;
    try {
        value = (0,js_yaml/* load */.Hh)(text);
    }
    catch (error) {
        throw new errors/* InputError */.dz(name, text, `expected YAML or JSON (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
    const ok = shape === 'list'
        ? Array.isArray(value) && value.every((item) => typeof item === 'object' && item !== null)
        : typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!ok) {
        throw new errors/* InputError */.dz(name, text, shape === 'list'
            ? 'expected a YAML/JSON list of objects, as in a pod spec'
            : 'expected a YAML/JSON object, as in a pod spec', 'The API server validates the fields themselves when the Job is created.');
    }
    return value;
}
/** Reads every `kubernetes-*` input and `run-env` (read in all modes so action.yml and parser agree). */
function readKubernetesInputs(read, 
/** The step's environment, for `run-env` values; undefined outside kubernetes mode. */
env, mask) {
    const access = read.choice('kubernetes-access', ['auto', 'in-cluster', 'kubeconfig'], 'auto');
    const kubeconfig = read.text('kubernetes-kubeconfig') || undefined;
    if (access === 'kubeconfig' && kubeconfig === undefined) {
        throw new errors/* InputError */.dz('kubernetes-access', access, 'it needs kubernetes-kubeconfig (a kubeconfig file path or its content)', 'Pass the kubeconfig from a secret: kubernetes-kubeconfig: ${{ secrets.KUBECONFIG }}.');
    }
    const gpuResource = read.string('kubernetes-gpu-resource') || 'nvidia.com/gpu';
    if (!RESOURCE_NAME.test(gpuResource)) {
        throw new errors/* InputError */.dz('kubernetes-gpu-resource', gpuResource, 'expected an extended resource name such as nvidia.com/gpu or amd.com/gpu');
    }
    const nodeSelector = {};
    for (const [key, value] of read.keyValues('kubernetes-node-selector', LABEL_KEY, 'a label key such as nvidia.com/gpu.product')) {
        if (!LABEL_VALUE.test(value)) {
            throw new errors/* InputError */.dz('kubernetes-node-selector', `${key}=${value}`, 'label values are at most 63 letters, digits, "-", "_" or "."');
        }
        nodeSelector[key] = value;
    }
    const runEnv = parseRunEnv(read.lines('run-env'), env, mask);
    const tolerations = structured(read, 'kubernetes-tolerations', 'list');
    const affinity = structured(read, 'kubernetes-affinity', 'object');
    const namespace = read.optional('kubernetes-namespace');
    if (namespace !== undefined && (namespace.length > 63 || !DNS_NAME.test(namespace))) {
        throw new errors/* InputError */.dz('kubernetes-namespace', namespace, 'expected a namespace name: at most 63 lower-case letters, digits and "-"');
    }
    const inputs = {
        access,
        gpus: read.integer('kubernetes-gpus', 1, 0, 1024),
        gpuResource,
        nodeSelector,
        backoffLimit: read.integer('kubernetes-backoff-limit', 0, 0, 100),
        timeoutMinutes: read.integer('kubernetes-timeout-minutes', 360, 0, 7 * 24 * 60),
        gracePeriodSeconds: read.integer('kubernetes-grace-period', 30, 0, 3600),
        runEnv,
    };
    const optional = {
        kubeconfig,
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
        if (value !== undefined)
            Object.assign(inputs, { [key]: value });
    }
    return inputs;
}
/** What the post step needs to reach the cluster again (nothing that can fail on run-env). */
function readClusterAccessInputs(read) {
    const kubeconfig = read.text('kubernetes-kubeconfig') || undefined;
    return {
        access: read.choice('kubernetes-access', ['auto', 'in-cluster', 'kubeconfig'], 'auto'),
        gracePeriodSeconds: read.integer('kubernetes-grace-period', 30, 0, 3600),
        ...(kubeconfig !== undefined && { kubeconfig }),
    };
}

;// CONCATENATED MODULE: ./src/kubernetes/index.ts
/**
 * mode: kubernetes. The parsing here is light; the Job runner and the post-step cleanup load the
 * Kubernetes client on demand, so other modes do not pay for it at startup.
 */

async function runOnKubernetes(params, deps) {
    const { runKubernetesJob } = await Promise.all(/* import() */[__webpack_require__.e(339), __webpack_require__.e(514)]).then(__webpack_require__.bind(__webpack_require__, 2514));
    return runKubernetesJob(params, deps);
}
async function cleanupOnKubernetes(inputs, deps) {
    const { cleanupKubernetesJob } = await Promise.all(/* import() */[__webpack_require__.e(339), __webpack_require__.e(976)]).then(__webpack_require__.bind(__webpack_require__, 7976));
    return cleanupKubernetesJob(inputs, deps);
}


/***/ }),

/***/ 6316:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bv: () => (/* binding */ daemonDown),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   f6: () => (/* binding */ FileError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
/* unused harmony exports systemError, fileProblem */
/**
 * An input the user gave that cannot be used. The message always names the input, the value,
 * what is allowed and how to fix it, so the user can act on the first read.
 */
class InputError extends Error {
    input;
    value;
    allowed;
    fix;
    constructor(input, value, allowed, fix) {
        const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
        super(`Input '${input}' has an invalid value ${JSON.stringify(shown)}: ${allowed}.` +
            (fix ? ` ${fix}` : ''));
        this.input = input;
        this.value = value;
        this.allowed = allowed;
        this.fix = fix;
        this.name = 'InputError';
    }
}
/** A problem in a file of the user's repository, reported with the file and line. */
class FileError extends Error {
    file;
    line;
    detail;
    constructor(file, line, 
    /** The message without the location. */
    detail) {
        super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
        this.file = file;
        this.line = line;
        this.detail = detail;
        this.name = 'FileError';
    }
}
/** Turns anything thrown into a message, so no throw is ever reported as success or '[object]'. */
function errorMessage(error) {
    const system = systemError(error);
    if (system?.path !== undefined) {
        const words = fileProblem(system.code, system.path, system.syscall);
        if (words)
            return words;
    }
    if (error instanceof Error)
        return error.message;
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
}
/** The error code and file of a failed system call (`EACCES`, `/path`), when `error` is one. */
function systemError(error) {
    if (!(error instanceof Error))
        return undefined;
    const { code, path, syscall } = error;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code))
        return undefined;
    return { code, ...(path !== undefined && { path }), ...(syscall !== undefined && { syscall }) };
}
// System calls that only read; anything else that fails on a path was writing (or creating) it.
const READING = new Set([
    'open',
    'read',
    'scandir',
    'opendir',
    'lstat',
    'stat',
    'readlink',
    'realpath',
    'access',
]);
/**
 * One sentence, naming the file and the fix, for a file-system failure — never the bare errno
 * (`ELOOP: too many symbolic links encountered, realpath '…'`). Undefined for a code without words.
 */
function fileProblem(code, file, syscall = 'open') {
    const reading = READING.has(syscall);
    switch (code) {
        case 'ELOOP':
            return `${file} is a symbolic link that leads back to itself (a loop of links), so it cannot be opened: point the link at a real file, or delete it.`;
        case 'EACCES':
        case 'EPERM':
            return reading
                ? `${file} cannot be read: permission denied for the user this step runs as. Make it readable (chmod a+r), or list it in .dockerignore if the image does not need it.`
                : `${file} cannot be written: permission denied for the user this step runs as. Give that user write access, or point RUNNER_TEMP (or TMPDIR) and HOME at directories it may write.`;
        case 'EROFS':
            return `${file} is on a read-only file system, and this step must write there: point RUNNER_TEMP (or TMPDIR) and HOME (or XDG_CACHE_HOME) at writable directories.`;
        case 'ENOSPC':
        case 'EDQUOT':
            return `The disk holding ${file} is full (no space left to write it): free space on it (docker system prune, old files), or point RUNNER_TEMP (or TMPDIR) at a larger disk.`;
        case 'ENOTDIR':
            return `${file} cannot be ${reading ? 'read' : 'written'}: a part of that path is a file, not a folder. Check the path.`;
        case 'ENAMETOOLONG':
            return `${file} is too long a path for this file system: shorten the folder names or move the repository higher up.`;
        default:
            return undefined;
    }
}
/** Why the Docker daemon does not answer, in words, from the error of a connection to it. */
function daemonDown(host, cause) {
    const why = cause === 'refused'
        ? 'connection refused: nothing listens on it'
        : cause === 'missing'
            ? 'no such socket'
            : cause === 'denied'
                ? 'permission denied: this user may not use it (add it to the docker group)'
                : cause === 'silent'
                    ? 'it accepts the connection but never answers'
                    : cause;
    return `the Docker daemon at ${host} does not answer (${why}): start it (e.g. sudo systemctl start docker), or point DOCKER_HOST at a running daemon`;
}


/***/ }),

/***/ 6886:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OD: () => (/* binding */ stopChildren),
/* harmony export */   mB: () => (/* binding */ runProgram)
/* harmony export */ });
/* unused harmony export findProgram */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6193);
/* harmony import */ var node_string_decoder__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_string_decoder__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5260);





/** Captured output is capped so a chatty build or training run cannot exhaust memory. */
const MAX_CAPTURE = 1024 * 1024;
function appendBounded(buffer, chunk) {
    const joined = buffer + chunk;
    return joined.length > MAX_CAPTURE ? joined.slice(joined.length - MAX_CAPTURE) : joined;
}
/**
 * Where `command` is on the child's PATH (not ours: a job may put its own tools first), or
 * undefined. @actions/exec would look on this process's PATH and reject with a generic message.
 */
function findProgram(command, env, cwd) {
    const candidates = command.includes('/')
        ? [node_path__WEBPACK_IMPORTED_MODULE_1___default().resolve(cwd ?? process.cwd(), command)]
        : (env.PATH ?? process.env.PATH ?? '')
            .split((node_path__WEBPACK_IMPORTED_MODULE_1___default().delimiter))
            .filter((dir) => dir !== '')
            .map((dir) => node_path__WEBPACK_IMPORTED_MODULE_1___default().join(dir, command));
    return candidates.find((file) => {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.accessSync)(file, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK);
            return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(file).isFile();
        }
        catch {
            return false;
        }
    });
}
/** The one process runner: @actions/exec underneath, with output captured (bounded) and streamed. */
const runProgram = async (command, args, options = {}) => {
    const env = options.env ?? process.env;
    const program = findProgram(command, env, options.cwd);
    if (!program) {
        return {
            exitCode: 127,
            stdout: '',
            stderr: `${command}: not found on PATH`,
            notFound: true,
        };
    }
    if (options.terminal || options.onSpawn)
        return runSpawned(program, args, env, options);
    let stdout = '';
    let stderr = '';
    const decoders = { out: new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8'), err: new node_string_decoder__WEBPACK_IMPORTED_MODULE_2__.StringDecoder('utf8') };
    const onOut = (data) => {
        const chunk = decoders.out.write(data);
        stdout = appendBounded(stdout, chunk);
        options.onStdout?.(chunk);
    };
    const onErr = (data) => {
        const chunk = decoders.err.write(data);
        stderr = appendBounded(stderr, chunk);
        options.onStderr?.(chunk);
    };
    try {
        const code = await _actions_exec__WEBPACK_IMPORTED_MODULE_4__/* .exec */ .m(program, [...args], {
            env: env,
            ...(options.cwd !== undefined && { cwd: options.cwd }),
            // Only a program that reads stdin gets input: writing to one that exited would be EPIPE.
            ...(options.input !== undefined && { input: Buffer.from(options.input) }),
            silent: true,
            ignoreReturnCode: true,
            listeners: { stdout: onOut, stderr: onErr },
        });
        // A child killed by a signal has no exit code; @actions/exec does not pass the signal on, so
        // it is reported as 128 (the shell's 128 + signal number, without the number).
        return { exitCode: typeof code === 'number' ? code : 128, stdout, stderr };
    }
    catch (error) {
        return {
            exitCode: 1,
            stdout,
            stderr: stderr + (error instanceof Error ? error.message : String(error)),
        };
    }
};
/** Children started with `onSpawn`, until they exit. */
const tracked = new Set();
/**
 * Stops every tracked child: SIGTERM (docker cancels a build or push on it), SIGKILL after
 * `graceMs`; resolves once all have exited.
 */
async function stopChildren(graceMs = 10_000) {
    const children = [...tracked].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(children.map((child) => new Promise((resolve) => {
        const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
        child.once('exit', () => {
            clearTimeout(kill);
            resolve();
        });
        if (!signalGroup(child, 'SIGTERM')) {
            clearTimeout(kill);
            resolve();
        }
    })));
    return children.length;
}
/** The child leads its own process group (docker runs buildx as a plugin child of its own). */
function signalGroup(child, signal) {
    if (child.pid === undefined)
        return false;
    try {
        process.kill(-child.pid, signal);
        return true;
    }
    catch {
        return child.kill(signal);
    }
}
/**
 * @actions/exec hides the child and always pipes stderr: a child we must be able to stop, or a
 * terminal display that needs the real stderr, is spawned here.
 */
function runSpawned(program, args, env, options) {
    return new Promise((resolve) => {
        const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_3__.spawn)(program, [...args], {
            env,
            ...(options.cwd !== undefined && { cwd: options.cwd }),
            // Its own process group, so stopping it stops the plugin processes docker starts too.
            detached: options.onSpawn !== undefined,
            stdio: [
                options.input !== undefined ? 'pipe' : 'ignore',
                'pipe',
                options.terminal ? 'inherit' : 'pipe',
            ],
        });
        tracked.add(child);
        child.once('exit', () => tracked.delete(child));
        if (child.pid !== undefined)
            options.onSpawn?.(child.pid);
        let stdout = '';
        let stderr = '';
        child.stdout?.setEncoding('utf8').on('data', (chunk) => {
            stdout = appendBounded(stdout, chunk);
            options.onStdout?.(chunk);
        });
        child.stderr?.setEncoding('utf8').on('data', (chunk) => {
            stderr = appendBounded(stderr, chunk);
            options.onStderr?.(chunk);
        });
        if (options.input !== undefined) {
            child.stdin?.on('error', () => undefined);
            child.stdin?.end(options.input);
        }
        child.on('error', (error) => {
            tracked.delete(child);
            resolve({ exitCode: 1, stdout, stderr: stderr + error.message });
        });
        child.on('close', (code) => resolve({ exitCode: code ?? 128, stdout, stderr }));
    });
}


/***/ }),

/***/ 1267:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A4: () => (/* binding */ sendWithContext),
/* harmony export */   Kb: () => (/* binding */ excerpt),
/* harmony export */   OM: () => (/* binding */ stringField),
/* harmony export */   Pl: () => (/* binding */ safeUrl),
/* harmony export */   XR: () => (/* binding */ retryingFetch),
/* harmony export */   bQ: () => (/* binding */ formBody),
/* harmony export */   j$: () => (/* binding */ HttpError),
/* harmony export */   lx: () => (/* binding */ sendWithRetry),
/* harmony export */   qF: () => (/* binding */ parseJson)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6316);
/* harmony import */ var _retry_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(385);


/** A call that failed: the HTTP status (0 for a network error) and the service's answer. */
class HttpError extends Error {
    status;
    body;
    constructor(message, status, body) {
        super(message);
        this.status = status;
        this.body = body;
        this.name = 'HttpError';
    }
}
/**
 * Sends a request, retrying network errors, 408/429/5xx (and `options.retryable` answers) with
 * jittered backoff within the policy's time budget. Any other answer is returned, 4xx included:
 * auth refusals are never retried. `request` may be a function so each attempt is built fresh (a
 * SigV4 signature carries the time).
 */
async function sendWithRetry(deps, request, options = {}) {
    const policy = options.policy ?? _retry_js__WEBPACK_IMPORTED_MODULE_1__/* .DEFAULT_RETRY_POLICY */ .cO;
    const random = options.random ?? Math.random;
    const replayable = options.replayable ?? true;
    let waited = 0;
    for (let attempt = 1;; attempt++) {
        const req = typeof request === 'function' ? await request() : request;
        let failure;
        let retryAfter;
        let last;
        try {
            const response = await deps.fetch(req.url, {
                method: req.method,
                headers: req.headers,
                body: req.body,
                redirect: options.redirect ?? 'error',
                signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
            });
            const bytes = new Uint8Array(await response.arrayBuffer());
            last = {
                status: response.status,
                headers: response.headers,
                text: new TextDecoder().decode(bytes),
                bytes,
            };
            const refused = last.status === 429 || (options.retryable?.(last) ?? false);
            const retryable = refused || (replayable && (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .isRetryableStatus */ .PS)(last.status));
            if (!retryable)
                return last;
            failure = `HTTP ${last.status}${excerpt(last.text)}`;
            retryAfter =
                options.retryAfterMs?.(last) ??
                    (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRetryAfter */ .mu)(last.headers.get('retry-after'), Date.now());
        }
        catch (error) {
            failure = networkErrorMessage(error);
            if (!replayable) {
                throw new HttpError(`${req.method} ${safeUrl(req.url)} failed: ${failure}`, 0, '');
            }
        }
        const delay = (0,_retry_js__WEBPACK_IMPORTED_MODULE_1__/* .nextRetryDelay */ .dg)(policy, attempt, waited, retryAfter, random());
        if (delay === undefined) {
            if (last && options.returnLastAnswer)
                return last;
            throw new HttpError(`${req.method} ${safeUrl(req.url)} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure}`, last?.status ?? 0, last?.text ?? '');
        }
        deps.log.debug(`${req.method} ${safeUrl(req.url)}: ${failure}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`);
        waited += delay;
        await deps.sleep(delay);
    }
}
/**
 * A `fetch` over this client, for a library that brings its own request layer (Octokit): every
 * call goes through the same retries, and an answer that stays retryable is handed back as is.
 */
function retryingFetch(deps, optionsFor) {
    return async (input, init = {}) => {
        const url = input instanceof Request ? input.url : String(input);
        const method = (init.method ?? 'GET').toUpperCase();
        if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') {
            throw new Error(`only text request bodies are supported (${method} ${safeUrl(url)})`);
        }
        const answer = await sendWithRetry(deps, {
            method,
            url,
            headers: Object.fromEntries(new Headers(init.headers).entries()),
            ...(typeof init.body === 'string' && { body: init.body }),
        }, { ...optionsFor(method), returnLastAnswer: true });
        const empty = method === 'HEAD' || [204, 205, 304].includes(answer.status);
        const headers = new Headers(answer.headers);
        // The body is already decoded: the encoding header no longer describes it.
        headers.delete('content-encoding');
        headers.delete('content-length');
        return new Response(empty ? null : answer.bytes, { status: answer.status, headers });
    };
}
/** sendWithRetry, with a network failure or exhausted retries wrapped as "<context>: <cause>". */
async function sendWithContext(deps, context, request, options = {}) {
    try {
        return await sendWithRetry(deps, request, options);
    }
    catch (error) {
        const status = error instanceof HttpError ? error.status : 0;
        const body = error instanceof HttpError ? error.body : '';
        throw new HttpError(`${context}: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`, status, body);
    }
}
/** The URL without its query, which may carry one-time parameters. */
function safeUrl(url) {
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    return parsed ? `${parsed.origin}${parsed.pathname}` : '<invalid URL>';
}
/** A short, single-line excerpt of a service's answer for an error message. */
function excerpt(text, max = 300) {
    const flat = text.replace(/\s+/g, ' ').trim();
    if (flat === '')
        return '';
    return `: ${flat.length > max ? `${flat.slice(0, max)}…` : flat}`;
}
function networkErrorMessage(error) {
    const cause = error instanceof Error
        ? error.cause
        : undefined;
    const detail = cause?.code ?? cause?.message;
    return `${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}${detail ? ` (${detail})` : ''}`;
}
/** application/x-www-form-urlencoded body, as the OAuth and STS endpoints expect. */
function formBody(fields) {
    return new URLSearchParams(fields).toString();
}
/** Parses a JSON answer; a non-JSON answer (an HTML error page from a proxy) becomes undefined. */
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
/** Reads a string field of a parsed JSON object, or undefined. */
function stringField(value, key) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const field = value[key];
    return typeof field === 'string' ? field : undefined;
}


/***/ }),

/***/ 2734:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I9: () => (/* binding */ processIdentity),
/* harmony export */   VK: () => (/* binding */ stopProcessGroup)
/* harmony export */ });
/* unused harmony export isRunning */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);

/**
 * `<pid> <start time>` of a process: the start time (clock ticks since boot, /proc/<pid>/stat
 * field 22) tells a later step that the pid was not reused by another program.
 */
function processIdentity(pid) {
    return `${pid} ${startTime(pid) ?? ''}`.trim();
}
function startTime(pid) {
    try {
        const stat = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(`/proc/${pid}/stat`, 'utf8');
        // Fields after the command name (which may hold spaces), in parentheses.
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    }
    catch {
        return undefined;
    }
}
/** Whether the process `identity` names is still running (the same process, not a reused pid). */
function isRunning(identity) {
    const [pidText, started] = identity.split(' ');
    const pid = Number(pidText);
    if (!Number.isInteger(pid) || pid <= 1)
        return false;
    const now = startTime(pid);
    if (now === undefined)
        return false;
    return started === undefined || started === now;
}
/**
 * Stops the process group `identity` leads (SIGTERM, SIGKILL after `graceMs`) and waits until it
 * is gone. Returns whether it was running.
 */
async function stopProcessGroup(identity, graceMs, sleep) {
    if (!isRunning(identity))
        return false;
    const pid = Number(identity.split(' ')[0]);
    const signal = (name) => {
        try {
            process.kill(-pid, name);
        }
        catch {
            try {
                process.kill(pid, name);
            }
            catch {
                // already gone
            }
        }
    };
    signal('SIGTERM');
    for (let waited = 0; isRunning(identity); waited += 100) {
        if (waited >= graceMs)
            signal('SIGKILL');
        await sleep(100);
    }
    return true;
}


/***/ }),

/***/ 385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   PS: () => (/* binding */ isRetryableStatus),
/* harmony export */   cO: () => (/* binding */ DEFAULT_RETRY_POLICY),
/* harmony export */   dg: () => (/* binding */ nextRetryDelay),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
const DEFAULT_RETRY_POLICY = {
    maxAttempts: 5,
    baseDelayMs: 500,
    maxDelayMs: 10_000,
    maxTotalDelayMs: 60_000,
};
/** Pure: network errors, throttling and server faults are retried; other 4xx are answers. */
function isRetryableStatus(status) {
    return status === 408 || status === 429 || status >= 500;
}
/** Pure: `Retry-After` as milliseconds (seconds or an HTTP date), or undefined when absent/invalid. */
function parseRetryAfter(value, now) {
    if (value === null || value.trim() === '')
        return undefined;
    const trimmed = value.trim();
    if (/^\d+$/.test(trimmed))
        return Number(trimmed) * 1000;
    const date = Date.parse(trimmed);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/**
 * Pure: how long to wait before attempt `attempt + 1` (attempt counts from 1), or undefined to give
 * up. Exponential backoff with "equal jitter" (half fixed, half random), so jobs throttled together
 * do not retry in lockstep and no wait collapses to zero; a server's Retry-After wins when longer.
 */
function nextRetryDelay(policy, attempt, waitedMs, retryAfterMs, random) {
    if (attempt >= policy.maxAttempts)
        return undefined;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
    const delay = retryAfterMs !== undefined ? Math.max(retryAfterMs, jittered) : jittered;
    if (waitedMs + delay > policy.maxTotalDelayMs)
        return undefined;
    return delay;
}


/***/ }),

/***/ 6387:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));


/***/ }),

/***/ 4933:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Hf: () => (/* binding */ installInterruptCleanup),
/* harmony export */   vY: () => (/* binding */ removeOnInterrupt)
/* harmony export */ });
/* unused harmony export stopAndRemove */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6886);


/** Directories of ours that hold credentials (docker config, secret files) while they exist. */
const secretPaths = new Set();
/** Registers a directory to remove if the process is interrupted; returns its unregistration. */
function removeOnInterrupt(dir) {
    secretPaths.add(dir);
    return () => secretPaths.delete(dir);
}
/**
 * Stops the builds and pushes we started, then removes every registered directory: what an
 * interrupted CLI or main step does before it exits, so no credential file stays behind.
 */
async function stopAndRemove(graceMs = 5_000) {
    await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .stopChildren */ .OD)(graceMs);
    for (const dir of secretPaths)
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(dir, { recursive: true, force: true });
    secretPaths.clear();
}
/**
 * On SIGINT or SIGTERM (Ctrl-C; a cancelled job): stopAndRemove, then exit with 128 + the signal
 * number, as a shell reports it.
 */
function installInterruptCleanup(log) {
    let stopping = false;
    const onSignal = (signal) => {
        if (stopping)
            return;
        stopping = true;
        log(`${signal}: stopping the build and removing credentials.`);
        void stopAndRemove().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
}


/***/ }),

/***/ 4742:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ splitWords)
/* harmony export */ });
/**
 * Splits a command line such as `python train.py --lr "1e-3"` into words the way a POSIX shell
 * would for quoting (no expansion of any kind). Returns undefined for an unterminated quote.
 */
function splitWords(text) {
    const words = [];
    let current = '';
    let inWord = false;
    let quote;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote === "'") {
            if (c === "'")
                quote = undefined;
            else
                current += c;
        }
        else if (quote === '"') {
            if (c === '"')
                quote = undefined;
            else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]))
                current += text[++i];
            else
                current += c;
        }
        else if (c === "'" || c === '"') {
            quote = c;
            inWord = true;
        }
        else if (c === '\\' && i + 1 < text.length) {
            current += text[++i];
            inWord = true;
        }
        else if (/\s/.test(c)) {
            if (inWord)
                words.push(current);
            current = '';
            inWord = false;
        }
        else {
            current += c;
            inWord = true;
        }
    }
    if (quote)
        return undefined;
    if (inWord)
        words.push(current);
    return words;
}


/***/ }),

/***/ 26:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JT: () => (/* binding */ keepLoginsInFile),
/* harmony export */   a1: () => (/* binding */ dockerLogin),
/* harmony export */   lp: () => (/* binding */ createDockerConfig),
/* harmony export */   nS: () => (/* binding */ removeDockerConfig)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _platform_shutdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4933);




/**
 * A docker client configuration directory of our own, outside the workspace and the build
 * context, so credentials never land in the user's home on a shared runner or in an image. The
 * buildx plugin directory of the user's config is linked in so `docker buildx` keeps working.
 */
async function createDockerConfig(tempRoot, env) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(tempRoot, 'launch-action-docker-'));
    (0,_platform_shutdown_js__WEBPACK_IMPORTED_MODULE_3__/* .removeOnInterrupt */ .vY)(dir);
    const userConfig = env.DOCKER_CONFIG ?? node_path__WEBPACK_IMPORTED_MODULE_2___default().join(env.HOME ?? node_os__WEBPACK_IMPORTED_MODULE_1___default().homedir(), '.docker');
    const config = {};
    try {
        const existing = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(userConfig, 'config.json'), 'utf8'));
        // Keep the job's existing logins usable (e.g. a docker/login-action step before this one).
        for (const key of ['auths', 'credsStore', 'credHelpers']) {
            if (existing[key] !== undefined)
                config[key] = existing[key];
        }
    }
    catch {
        // No user configuration: start empty.
    }
    config.cliPluginsExtraDirs = [
        node_path__WEBPACK_IMPORTED_MODULE_2___default().join(userConfig, 'cli-plugins'),
        '/usr/libexec/docker/cli-plugins',
        '/usr/local/lib/docker/cli-plugins',
    ];
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, 'config.json'), JSON.stringify(config, null, 2), { mode: 0o600 });
    return dir;
}
async function removeDockerConfig(dir) {
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rm)(dir, { recursive: true, force: true });
    (0,_platform_shutdown_js__WEBPACK_IMPORTED_MODULE_3__/* .removeOnInterrupt */ .vY)(dir)();
}
/** `docker login` with the password on stdin (never in argv, where `ps` would show it). */
async function dockerLogin(run, dockerConfig, credentials, env) {
    const result = await run('docker', ['login', credentials.registry, '--username', credentials.username, '--password-stdin'], { env: { ...env, DOCKER_CONFIG: dockerConfig }, input: credentials.password });
    if (result.exitCode !== 0) {
        throw new Error(`docker login to ${credentials.registry} as ${credentials.username} failed: ${result.stderr.trim() || result.stdout.trim()}`);
    }
}
/**
 * Makes `docker login` store the logins for `hosts` in this directory's config.json: an empty
 * `credHelpers` entry overrides the user's `credsStore` for that host (as docker reads it).
 */
async function keepLoginsInFile(dockerConfig, hosts) {
    if (hosts.length === 0)
        return;
    const file = node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dockerConfig, 'config.json');
    const config = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8'));
    const helpers = { ...config.credHelpers };
    for (const host of hosts)
        helpers[host] = '';
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(file, JSON.stringify({ ...config, credHelpers: helpers }, null, 2), {
        mode: 0o600,
    });
}


/***/ }),

/***/ 475:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $w: () => (/* binding */ jobLabelValue),
/* harmony export */   GW: () => (/* binding */ splitCommand),
/* harmony export */   Sx: () => (/* binding */ listJobContainersArgv),
/* harmony export */   gW: () => (/* binding */ buildRunArgv),
/* harmony export */   rI: () => (/* binding */ parseGpuRequest),
/* harmony export */   xN: () => (/* binding */ containerName)
/* harmony export */ });
/* unused harmony exports JOB_LABEL, gpusFlagValue */
/* harmony import */ var _platform_words_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4742);
/** Pure builders for the `docker` command lines of run mode. No I/O. */

/** Label on every container this action starts; its value identifies the job (see `jobLabelValue`). */
const JOB_LABEL = 'launch-action.job';
/** Label on every container: the runner that started it, so jobs sharing a host never clean each other up. */
const RUNNER_LABEL = 'launch-action.runner';
/** Parses the `gpus` input; undefined when the value has none of the accepted forms. */
function parseGpuRequest(value) {
    if (value === 'none')
        return { kind: 'none' };
    if (value === 'all')
        return { kind: 'all' };
    if (/^[1-9]\d{0,2}$/.test(value))
        return { kind: 'count', count: Number(value) };
    const devices = /^device=([A-Za-z0-9-]+(?:,[A-Za-z0-9-]+)*)$/.exec(value);
    if (devices?.[1])
        return { kind: 'devices', devices: devices[1].split(',') };
    return undefined;
}
/** The `--gpus` value docker expects; a device list is quoted because docker reads it as CSV. */
function gpusFlagValue(request) {
    switch (request.kind) {
        case 'none':
            return undefined;
        case 'all':
            return 'all';
        case 'count':
            return String(request.count);
        case 'devices':
            return `"device=${request.devices.join(',')}"`;
    }
}
/** `GITHUB_RUN_ID-GITHUB_JOB`, or `local` outside a workflow run. */
function jobLabelValue(env) {
    const runId = env.GITHUB_RUN_ID;
    const job = env.GITHUB_JOB;
    return runId && job ? `${runId}-${job}` : 'local';
}
/** A container name that is unique, valid for docker, and traceable to the job. */
function containerName(env, suffix) {
    const base = `launch-${jobLabelValue(env)}-${suffix}`.replace(/[^A-Za-z0-9_.-]/g, '-');
    return base.slice(0, 120);
}
/**
 * Splits a command line into words the way a POSIX shell would for plain words, single and double
 * quotes and backslash escapes — with no expansion of any kind. Throws on an unclosed quote.
 */
function splitCommand(command) {
    const words = (0,_platform_words_js__WEBPACK_IMPORTED_MODULE_0__/* .splitWords */ .y)(command);
    if (!words)
        throw new Error(`unclosed quote in ${JSON.stringify(command)}`);
    return words;
}
/** The full `docker run` argument list (after the `docker` program name). */
function buildRunArgv(spec) {
    const argv = [
        'run',
        '--rm',
        '--init',
        '--name',
        spec.name,
        '--label',
        `${JOB_LABEL}=${spec.jobLabel}`,
    ];
    if (spec.runnerLabel)
        argv.push('--label', `${RUNNER_LABEL}=${spec.runnerLabel}`);
    const gpus = gpusFlagValue(spec.gpus);
    if (gpus)
        argv.push('--gpus', gpus);
    // PyTorch data loaders need a large /dev/shm: a private one of a given size, not the host's.
    if (spec.ipcHost)
        argv.push('--ipc=host');
    else if (spec.shmSize)
        argv.push(`--shm-size=${spec.shmSize}`);
    if (spec.outputs) {
        argv.push('--mount', `type=bind,source=${spec.outputs.hostDir},target=${spec.outputs.containerPath}`);
    }
    if (spec.network && spec.network !== 'default')
        argv.push('--network', spec.network);
    for (const name of spec.envNames)
        argv.push('--env', name);
    argv.push(...spec.dockerArgs);
    const [entrypoint, ...commandArgs] = spec.command ?? [];
    if (entrypoint !== undefined)
        argv.push('--entrypoint', entrypoint);
    argv.push(spec.imageRef, ...commandArgs, ...spec.args);
    return argv;
}
/** `docker ps` arguments listing this job's containers (running or not), one id per line. */
function listJobContainersArgv(jobLabel, runnerLabel) {
    const argv = ['ps', '--all', '--quiet', '--filter', `label=${JOB_LABEL}=${jobLabel}`];
    if (runnerLabel)
        argv.push('--filter', `label=${RUNNER_LABEL}=${runnerLabel}`);
    return argv;
}


/***/ }),

/***/ 9582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   KN: () => (/* binding */ checkCudaDriver),
/* harmony export */   Qi: () => (/* binding */ parseNvidiaSmi),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   _4: () => (/* binding */ imageTorch),
/* harmony export */   bc: () => (/* binding */ describeGpus),
/* harmony export */   sL: () => (/* binding */ imageCudaClaims),
/* harmony export */   uV: () => (/* binding */ NVIDIA_SMI_ARGS)
/* harmony export */ });
/* unused harmony exports driverRequirement, cudaVersionFromEnv */
/* harmony import */ var _image_labels_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86);

/** The query the preflight runs; the parser below expects exactly these columns. */
const NVIDIA_SMI_ARGS = [
    '--query-gpu=uuid,name,driver_version,memory.used,memory.total,compute_cap',
    '--format=csv,noheader',
];
function mib(field) {
    const match = /^(\d+)/.exec(field.trim());
    return match?.[1] ? Number(match[1]) : NaN;
}
/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader` (one GPU per line). */
function parseNvidiaSmi(output) {
    const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
    return lines.map((line, index) => {
        const fields = line.split(',').map((field) => field.trim());
        if (fields.length !== 6) {
            throw new Error(`Unexpected nvidia-smi output line ${index + 1}: ${JSON.stringify(line)}`);
        }
        const [uuid, name, driverVersion, used, total, computeCapability] = fields;
        if (!/^\d+(\.\d+)+$/.test(driverVersion)) {
            throw new Error(`Unexpected driver version in nvidia-smi output: ${JSON.stringify(line)}`);
        }
        return {
            index,
            uuid,
            name,
            driverVersion,
            memoryUsedMiB: mib(used),
            memoryTotalMiB: mib(total),
            computeCapability,
        };
    });
}
/**
 * Minimum Linux x86-64 driver for full compatibility, per CUDA release (NVIDIA's release notes).
 * Keys are `major.minor.update` as official images set them in `CUDA_VERSION`.
 */
const CUDA_MIN_DRIVER = [
    ['13.2.0', '595.45.04'],
    ['13.1.1', '590.48.01'],
    ['13.1.0', '590.44.01'],
    ['13.0.2', '580.95.05'],
    ['13.0.1', '580.82.07'],
    ['13.0.0', '580.65.06'],
    ['12.9.1', '575.57.08'],
    ['12.9.0', '575.51.03'],
    ['12.8.1', '570.124.06'],
    ['12.8.0', '570.26'],
    ['12.6.3', '560.35.05'],
    ['12.6.2', '560.35.03'],
    ['12.6.1', '560.35.03'],
    ['12.6.0', '560.28.03'],
    ['12.5.1', '555.42.06'],
    ['12.5.0', '555.42.02'],
    ['12.4.1', '550.54.15'],
    ['12.4.0', '550.54.14'],
    ['12.3.1', '545.23.08'],
    ['12.3.0', '545.23.06'],
    ['12.2.2', '535.104.05'],
    ['12.2.1', '535.86.09'],
    ['12.2.0', '535.54.03'],
    ['12.1.1', '530.30.02'],
    ['12.1.0', '530.30.02'],
    ['12.0.1', '525.85.12'],
    ['12.0.0', '525.60.13'],
    ['11.8.0', '520.61.05'],
    ['11.7.0', '515.43.04'],
    ['11.4.0', '470.42.01'],
    ['11.0.0', '450.80.02'],
];
/** Minor-version compatibility floor per CUDA major: runs with reduced features (PTX JIT may fail). */
const MINOR_COMPAT_FLOOR = {
    13: '580',
    12: '525',
    11: '450.80.02',
};
/** Compares dotted numeric versions: negative when a < b. */
function compareVersions(a, b) {
    const left = a.split('.').map(Number);
    const right = b.split('.').map(Number);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
        const diff = (left[i] ?? 0) - (right[i] ?? 0);
        if (diff !== 0)
            return diff;
    }
    return 0;
}
/** `12.8` → `12.8.0`; anything not `N.N[.N]` → undefined. */
function normaliseCudaVersion(version) {
    const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
    if (!match)
        return undefined;
    return `${match[1]}.${match[2]}.${match[3] ?? '0'}`;
}
/** The driver a CUDA version needs, or undefined when the table does not cover its major version. */
function driverRequirement(cudaVersion) {
    const cuda = normaliseCudaVersion(cudaVersion);
    if (!cuda)
        return undefined;
    const major = Number(cuda.split('.')[0]);
    const floor = MINOR_COMPAT_FLOOR[major];
    if (!floor)
        return undefined;
    const exact = CUDA_MIN_DRIVER.find(([version]) => version === cuda);
    if (exact)
        return { minimum: exact[1], floor, approximate: false };
    const sameMajor = CUDA_MIN_DRIVER.filter(([version]) => Number(version.split('.')[0]) === major);
    // Table rows are newest first: the oldest row at or above the version errs on the safe side.
    const newer = sameMajor.filter(([version]) => compareVersions(version, cuda) >= 0).pop();
    const row = newer ?? sameMajor[0];
    return row ? { minimum: row[1], floor, approximate: true } : undefined;
}
/** Decides whether a host driver can run an image built for a CUDA version. */
function checkCudaDriver(cudaVersion, driverVersion) {
    const need = driverRequirement(cudaVersion);
    if (!need) {
        return {
            kind: 'unknown',
            message: `CUDA ${cudaVersion} is not in the compatibility table; driver ${driverVersion} was not checked`,
        };
    }
    const about = need.approximate ? ' (nearest release in the table)' : '';
    if (compareVersions(driverVersion, need.minimum) >= 0) {
        return {
            kind: 'pass',
            message: `CUDA ${cudaVersion} needs driver >= ${need.minimum}${about}; this runner has ${driverVersion}`,
        };
    }
    if (compareVersions(driverVersion, need.floor) >= 0) {
        return {
            kind: 'warn',
            minimum: need.minimum,
            message: `CUDA ${cudaVersion} needs driver >= ${need.minimum}${about} for full compatibility; this runner ` +
                `has ${driverVersion}, which runs it only under minor-version compatibility (PTX JIT may fail). ` +
                `Update the driver to ${need.minimum} or newer`,
        };
    }
    return {
        kind: 'fail',
        minimum: need.minimum,
        message: `CUDA ${cudaVersion} needs NVIDIA driver >= ${need.minimum}${about} (at least ${need.floor} under ` +
            `minor-version compatibility); this runner has ${driverVersion}. Update the runner's driver to ` +
            `${need.minimum} or newer, or build on a base image with an older CUDA`,
    };
}
/** Reads `CUDA_VERSION` from an image's `Config.Env` list. */
function cudaVersionFromEnv(env) {
    const entry = (env ?? []).find((item) => item.startsWith('CUDA_VERSION='));
    const value = entry?.slice('CUDA_VERSION='.length).trim();
    return value ? value : undefined;
}
/** A one-line description of the GPUs a run had, for the `gpu` output. */
function describeGpus(gpus) {
    if (gpus.length === 0)
        return 'none';
    const names = [...new Set(gpus.map((gpu) => gpu.name))].join(' + ');
    return `${gpus.length} x ${names} (driver ${gpus[0]?.driverVersion ?? 'unknown'})`;
}
/**
 * The CUDA versions an image's config declares: the base image's `CUDA_VERSION`, and the version its
 * requirements imply (label; a bare major such as `12` is checked as `12.0`, the oldest of that major).
 */
function imageCudaClaims(config) {
    const claims = [];
    const fromEnv = cudaVersionFromEnv(config?.Env);
    if (fromEnv)
        claims.push({ version: fromEnv, source: 'the image’s CUDA_VERSION' });
    const label = config?.Labels?.[_image_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .CUDA_LABEL */ .bS]?.trim();
    if (label && /^\d+(\.\d+)*$/.test(label)) {
        const implied = config?.Labels?.[_image_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .CUDA_SOURCE_LABEL */ .lH];
        claims.push({
            version: label.includes('.') ? label : `${label}.0`,
            source: `the image label ${_image_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .CUDA_LABEL */ .bS}${implied ? ` (from ${implied})` : ''}`,
        });
    }
    return claims;
}
/** The torch pin recorded on the image, when its requirements pin torch. */
function imageTorch(config) {
    const value = config?.Labels?.[_image_labels_js__WEBPACK_IMPORTED_MODULE_0__/* .TORCH_LABEL */ .yK]?.trim();
    return value ? value : undefined;
}


/***/ }),

/***/ 8147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   T: () => (/* binding */ docker)
/* harmony export */ });
/** Runs `docker` and throws with its stderr when it fails. */
async function docker(deps, args, what) {
    const result = await deps.exec('docker', args, { env: deps.env });
    if (result.notFound) {
        throw new Error(`${what}: the docker CLI was not found on PATH. Install Docker on this runner.`);
    }
    if (result.exitCode !== 0) {
        throw new Error(`${what}: docker ${args[0] ?? ''} exited ${result.exitCode}: ${result.stderr.trim()}`);
    }
    return result.stdout;
}


/***/ }),

/***/ 7155:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  ku: () => (/* reexport */ assertTrustedTrigger),
  K_: () => (/* binding */ cleanupRunContainers),
  n0: () => (/* reexport */ run_env/* looksSecret */.n0),
  hT: () => (/* reexport */ readRunInputs),
  DG: () => (/* binding */ runImage)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/run/argv.ts
var run_argv = __webpack_require__(475);
// EXTERNAL MODULE: ./src/run/cuda.ts
var cuda = __webpack_require__(9582);
// EXTERNAL MODULE: ./src/platform/state.ts
var state = __webpack_require__(4062);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/image/labels.ts
var labels = __webpack_require__(86);
// EXTERNAL MODULE: ./src/run/deps.ts
var run_deps = __webpack_require__(8147);
;// CONCATENATED MODULE: ./src/run/disk.ts



const GB = 1024 ** 3;
const DAY_MS = 24 * 60 * 60 * 1000;
function statfsFreeBytes(path) {
    const stats = (0,external_node_fs_.statfsSync)(path);
    return stats.bavail * stats.bsize;
}
/** Parses `docker image ls --format '{{json .}}'` lines. Pure. */
function parseImageList(output) {
    return output
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line) => {
        const item = JSON.parse(line);
        // CreatedAt looks like "2026-11-25 10:00:00 +0000 UTC": keep date, time and offset.
        const match = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d)(\d\d)/.exec(item.CreatedAt);
        const createdAt = match ? Date.parse(`${match[1]}T${match[2]}${match[3]}:${match[4]}`) : NaN;
        return { id: item.ID, reference: `${item.Repository}:${item.Tag}`, createdAt };
    });
}
/** Images to prune: labelled images older than `maxAgeMs`, never `keepId`; each id once. Pure. */
function selectPrunable(images, now, maxAgeMs, keepId) {
    const seen = new Set();
    return images.filter((image) => {
        if (seen.has(image.id) || image.id === keepId)
            return false;
        if (!(now - image.createdAt > maxAgeMs))
            return false;
        seen.add(image.id);
        return true;
    });
}
/**
 * When free space under the Docker root is below `minFreeGb`, removes images built by this action
 * (by label) that are more than a day old, and logs what went. A failure here only warns: a full
 * disk shows up clearly in the run itself.
 */
async function ensureFreeDisk(deps, minFreeGb, keepImageRef, 
/** `key` or `key=value` filter; the default matches every image the builder labelled. */
labelFilter = labels/* IMAGE_LABEL */.H_) {
    if (minFreeGb <= 0)
        return [];
    try {
        const root = (await (0,run_deps/* docker */.T)(deps, ['info', '--format', '{{.DockerRootDir}}'], 'Reading the Docker root')).trim();
        const freeBytes = (deps.freeBytes ?? statfsFreeBytes)(root);
        const freeGb = freeBytes / GB;
        if (freeGb >= minFreeGb) {
            deps.log.info(`Free disk under ${root}: ${freeGb.toFixed(1)} GB (min-free-disk ${minFreeGb} GB).`);
            return [];
        }
        deps.log.warning(`Only ${freeGb.toFixed(1)} GB free under ${root} (min-free-disk ${minFreeGb} GB): pruning images built by launch-action older than a day.`);
        const listed = await (0,run_deps/* docker */.T)(deps, ['image', 'ls', '--no-trunc', '--filter', `label=${labelFilter}`, '--format', '{{json .}}'], 'Listing images');
        const keepId = keepImageRef ? await imageId(deps, keepImageRef) : undefined;
        const now = (deps.now ?? Date.now)();
        const removed = [];
        for (const image of selectPrunable(parseImageList(listed), now, DAY_MS, keepId)) {
            const result = await deps.exec('docker', ['image', 'rm', '--force', image.id], {
                env: deps.env,
            });
            if (result.exitCode === 0) {
                removed.push(image.reference);
                deps.log.info(`Removed ${image.reference} (${image.id})`);
            }
            else {
                deps.log.warning(`Could not remove ${image.reference}: ${result.stderr.trim()}`);
            }
        }
        if (removed.length === 0)
            deps.log.warning('No launch-action image older than a day to remove.');
        return removed;
    }
    catch (error) {
        deps.log.warning(`Disk check skipped: ${error instanceof Error ? error.message : String(error)}`);
        return [];
    }
}
async function imageId(deps, ref) {
    const result = await deps.exec('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], {
        env: deps.env,
    });
    return result.exitCode === 0 ? result.stdout.trim() : undefined;
}

// EXTERNAL MODULE: ./src/run/preflight.ts + 1 modules
var run_preflight = __webpack_require__(5003);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/run/outputs.ts
/**
 * The run's outputs directory: a host directory mounted at `outputs-path` inside the container, so
 * checkpoints and `metrics.json` outlive the `--rm` container. Parsing is pure; I/O is small.
 */




/** The metrics file a run may write at the top of its outputs directory. */
const METRICS_FILE = 'metrics.json';
/** Where a relative `outputs-path` lands: under `--workdir` if given, else the image's WorkingDir. */
function containerOutputsPath(outputsPath, imageWorkdir, dockerArgs) {
    const override = dockerArgs.find((flag) => flag.startsWith('--workdir='));
    const workdir = override ? override.slice('--workdir='.length) : imageWorkdir || '/';
    return external_node_path_default().posix.resolve(external_node_path_default().posix.isAbsolute(workdir) ? workdir : `/${workdir}`, outputsPath);
}
/**
 * Creates the host directory for one container (under RUNNER_TEMP, which the runner removes after
 * the job) and opens it to every user: the image's user (often uid 1000) is not the runner's.
 */
async function prepareOutputs(deps, imageRef, outputsPath, dockerArgs, containerName) {
    const workdir = (await (0,run_deps/* docker */.T)(deps, ['image', 'inspect', '--format', '{{.Config.WorkingDir}}', imageRef], 'Reading the image working directory')).trim();
    const containerPath = containerOutputsPath(outputsPath, workdir, dockerArgs);
    const base = deps.env.RUNNER_TEMP || external_node_os_default().tmpdir();
    // One directory per run holding `outputs/` and `result.json`: uploaded as one artifact.
    const runDir = external_node_path_default().join(base, 'launch-runs', containerName);
    const hostDir = external_node_path_default().join(runDir, 'outputs');
    await (0,promises_.mkdir)(hostDir, { recursive: true });
    await (0,promises_.chmod)(hostDir, 0o777);
    return { hostDir, containerPath, resultFile: external_node_path_default().join(runDir, RESULT_FILE) };
}
const RESULT_FILE = 'result.json';
const LOG_TAIL_LINES = 40;
/** Keeps the last lines of a stream of chunks; pure apart from its own buffer. */
class LogTail {
    lines = [''];
    push(chunk) {
        const parts = chunk.split(/\r?\n/);
        this.lines[this.lines.length - 1] += parts[0] ?? '';
        this.lines.push(...parts.slice(1));
        if (this.lines.length > LOG_TAIL_LINES + 1)
            this.lines = this.lines.slice(-LOG_TAIL_LINES - 1);
    }
    /** The last lines, with every secret value replaced by `***`. */
    read(secrets) {
        const lines = this.lines.at(-1) === '' ? this.lines.slice(0, -1) : this.lines;
        const hidden = secrets.filter((secret) => secret.length > 0);
        return lines
            .slice(-LOG_TAIL_LINES)
            .map((line) => hidden.reduce((text, secret) => text.split(secret).join('***'), line));
    }
}
async function writeRunRecord(file, record) {
    await (0,promises_.writeFile)(file, `${JSON.stringify(record, null, 2)}\n`);
}
/** `metrics.json`: a flat JSON object of name → finite number. Other entries are reported and left out. */
function parseMetrics(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        return {
            metrics: {},
            problems: [`it is not JSON (${error instanceof Error ? error.message : String(error)})`],
        };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return { metrics: {}, problems: ['expected a JSON object of name → number'] };
    }
    const metrics = {};
    const problems = [];
    for (const [name, value] of Object.entries(parsed)) {
        if (typeof value === 'number' && Number.isFinite(value))
            metrics[name] = value;
        else
            problems.push(`${name} is not a number`);
    }
    return { metrics, problems };
}
/** Reads `metrics.json` from the outputs directory; undefined when the run wrote none. */
async function readMetrics(deps, hostDir) {
    let text;
    try {
        text = await (0,promises_.readFile)(external_node_path_default().join(hostDir, METRICS_FILE), 'utf8');
    }
    catch {
        return undefined;
    }
    const { metrics, problems } = parseMetrics(text);
    if (problems.length > 0) {
        deps.log.warning(`${METRICS_FILE}: ${problems.join('; ')} (left out).`);
    }
    return metrics;
}

// EXTERNAL MODULE: ./src/run/run-env.ts
var run_env = __webpack_require__(8298);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
;// CONCATENATED MODULE: ./src/run/docker-args.ts

/**
 * `docker run` flags a user may pass through `docker-args`: resource shaping only (the list W&B
 * Launch lets through to its containers). Anything that weakens isolation from the host is refused.
 */
const ALLOWED_DOCKER_FLAGS = [
    '--cpus',
    '--cpu-shares',
    '--cpu-period',
    '--cpu-quota',
    '--cpuset-cpus',
    '--cpuset-mems',
    '--memory',
    '--memory-reservation',
    '--memory-swap',
    '--memory-swappiness',
    '--shm-size',
    '--env',
    '--ulimit',
    '--pids-limit',
    '--platform',
    '--workdir',
];
const SHORT_FLAGS = {
    '-c': '--cpu-shares',
    '-m': '--memory',
    '-e': '--env',
    '-w': '--workdir',
};
/** Why well-known dangerous or action-owned flags are refused, so the message says more than "no". */
const REFUSAL_REASONS = {
    '--privileged': 'it gives the container full access to the host',
    '--volume': 'it mounts host paths into the container (results go to `outputs-path`)',
    '-v': 'it mounts host paths into the container',
    '--mount': 'it mounts host paths into the container',
    '--volumes-from': 'it shares another container’s mounts',
    '--device': 'it exposes host devices (GPUs come from the `gpus` input)',
    '--device-cgroup-rule': 'it exposes host devices',
    '--cap-add': 'it adds kernel capabilities',
    '--security-opt': 'it weakens the container’s security profile',
    '--pid': 'it can share the host’s process namespace',
    '--ipc': 'it can share the host’s IPC namespace (use the `shm-size` input, or `ipc-host: true` for multi-GPU NCCL)',
    '--uts': 'it can share the host’s UTS namespace',
    '--userns': 'it can disable user-namespace isolation',
    '--cgroupns': 'it can share the host’s cgroup namespace',
    '--cgroup-parent': 'it moves the container out of Docker’s cgroup',
    '--network': 'the network is set by the `network` input',
    '--net': 'the network is set by the `network` input',
    '--add-host': 'the network is set by the `network` input',
    '--runtime': 'the runtime is chosen by the action',
    '--gpus': 'GPUs are set by the `gpus` input',
    '--name': 'the action names the container so it can stop and clean it up',
    '--label': 'the action labels the container so it can stop and clean it up',
    '-l': 'the action labels the container so it can stop and clean it up',
    '--rm': 'the action always removes the container',
    '--entrypoint': 'use the `command` input',
    '--user': 'the image decides the user',
    '-u': 'the image decides the user',
    '--sysctl': 'it changes kernel parameters',
    '--env-file': 'it reads a file from the host (use the `run-env` input)',
    '--log-driver': 'logs must stream to the job',
    '--detach': 'the step must wait for the container',
    '-d': 'the step must wait for the container',
};
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
function allowedList() {
    return ALLOWED_DOCKER_FLAGS.join(', ');
}
function refuse(line, flag) {
    const reason = REFUSAL_REASONS[flag];
    throw new errors/* InputError */.dz('docker-args', line, `'${flag}' is not allowed${reason ? ` (${reason})` : ''}; only these resource flags are accepted: ${allowedList()}`, 'Remove the line, or use the dedicated input (gpus, network, env, command) where one exists.');
}
/**
 * Splits one line into flag and value: `--flag=value`, `--flag value` or `-m 4g`. A line holds
 * one flag; its value keeps inner spaces (e.g. `--ulimit memlock=-1`).
 */
function splitLine(line) {
    const eq = line.indexOf('=');
    const space = line.search(/\s/);
    if (line.startsWith('--') && eq !== -1 && (space === -1 || eq < space)) {
        return { flag: line.slice(0, eq), value: line.slice(eq + 1) };
    }
    if (space === -1)
        return { flag: line, value: undefined };
    return { flag: line.slice(0, space), value: line.slice(space + 1).trim() };
}
/** Validates `docker-args` lines against the allowlist. Pure: no I/O. */
function parseDockerArgs(lines) {
    const parsed = { flags: [], env: [], hasShmSize: false };
    for (const line of lines) {
        if (!line.startsWith('-')) {
            throw new errors/* InputError */.dz('docker-args', line, 'each line must be one `docker run` flag such as `--shm-size=16g`', 'Put the command and its arguments in the `command` and `args` inputs.');
        }
        const { flag: written, value } = splitLine(line);
        const flag = SHORT_FLAGS[written] ?? written;
        if (!ALLOWED_DOCKER_FLAGS.includes(flag))
            refuse(line, written);
        if (value === undefined || value === '') {
            throw new errors/* InputError */.dz('docker-args', line, `'${flag}' needs a value`, `Write it as ${flag}=VALUE.`);
        }
        if (flag === '--env') {
            const eq = value.indexOf('=');
            const name = eq === -1 ? value : value.slice(0, eq);
            if (!ENV_NAME.test(name)) {
                throw new errors/* InputError */.dz('docker-args', line, '`--env` needs NAME or NAME=value with NAME made of letters, digits and _', 'Or use the `run-env` input.');
            }
            parsed.env.push(eq === -1 ? { name } : { name, inline: value.slice(eq + 1) });
            continue;
        }
        if (flag === '--shm-size')
            parsed.hasShmSize = true;
        parsed.flags.push(`${flag}=${value}`);
    }
    return parsed;
}

;// CONCATENATED MODULE: ./src/run/inputs.ts




const SHM_SIZE = /^\d+(?:\.\d+)?[bkmg]?$/i;
/** A container path: no commas (they would split the `--mount` value), no `..`. */
const CONTAINER_PATH = /^[^,\0]+$/;
/**
 * Reads and validates the run-mode inputs: command, args, gpus, docker-args, run-env, shm-size,
 * ipc-host, outputs-path, cuda-version, min-free-disk, allow-untrusted. `network` and `env` are read
 * by the core parser and passed in.
 */
function readRunInputs(reader, shared) {
    const mask = shared.mask ?? (() => undefined);
    const command = reader.optional('command');
    if (command !== undefined) {
        try {
            if ((0,run_argv/* splitCommand */.GW)(command).length === 0)
                throw new Error('no words');
        }
        catch (error) {
            throw new errors/* InputError */.dz('command', command, `expected a command line such as "python eval.py --fast" (${error instanceof Error ? error.message : String(error)})`, 'Close every quote; no shell features (pipes, $VAR) are interpreted.');
        }
    }
    const gpus = reader.string('gpus') || 'all';
    if (!(0,run_argv/* parseGpuRequest */.rI)(gpus)) {
        throw new errors/* InputError */.dz('gpus', gpus, 'expected `all`, a GPU count (1-999), `device=0,1` (indexes or UUIDs) or `none`', 'Use `none` for a CPU-only run.');
    }
    const runEnv = (0,run_env/* parseRunEnv */.EN)('run-env', reader.lines('run-env'), mask);
    const dockerArgs = parseDockerArgs(reader.lines('docker-args'));
    for (const entry of dockerArgs.env) {
        if (entry.inline)
            mask(entry.inline);
        if (!runEnv.some((known) => known.name === entry.name))
            runEnv.push(entry);
    }
    const mode = shared.mode ?? 'run';
    if (mode === 'dispatch') {
        const inline = runEnv.find((entry) => entry.inline !== undefined);
        if (inline) {
            throw new errors/* InputError */.dz('run-env', inline.name, `in dispatch mode only NAMES are sent (workflow_dispatch inputs are visible to anyone who can read the run); ${inline.name} has a value on the line`, `Write just ${inline.name}; the GPU queue workflow maps it from its own repository's secrets (see workflows/gpu-queue.yml).`);
        }
    }
    const runEnvValues = mode === 'run' ? (0,run_env/* resolveRunEnv */.fg)('run-env', runEnv, shared.stepEnv ?? {}, mask) : [];
    const ipcHost = reader.bool('ipc-host', false);
    const shmInput = reader.string('shm-size') || '8g';
    if (!SHM_SIZE.test(shmInput)) {
        throw new errors/* InputError */.dz('shm-size', shmInput, 'expected a size such as 8g, 512m or 2147483648', 'PyTorch data loaders share batches through /dev/shm; 8g suits most single-GPU jobs.');
    }
    const outputsPath = reader.string('outputs-path') || 'outputs';
    if (!CONTAINER_PATH.test(outputsPath) || outputsPath.split('/').includes('..')) {
        throw new errors/* InputError */.dz('outputs-path', outputsPath, 'expected a directory inside the container without commas or `..`', 'e.g. `outputs` (under the working directory) or `/workspace/outputs`.');
    }
    const cudaVersion = reader.optional('cuda-version');
    if (cudaVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(cudaVersion)) {
        throw new errors/* InputError */.dz('cuda-version', cudaVersion, 'expected a CUDA version like 12.4 or 12.8.1');
    }
    return {
        command,
        args: reader.lines('args'),
        gpus,
        dockerArgs: dockerArgs.flags,
        cudaVersion,
        minFreeDiskGb: reader.integer('min-free-disk', 20, 0, 100_000),
        allowUntrusted: reader.bool('allow-untrusted', false),
        network: shared.network,
        env: shared.env,
        runEnv,
        runEnvValues,
        ...(!dockerArgs.hasShmSize && !ipcHost && { shmSize: shmInput }),
        ipcHost,
        outputsPath,
    };
}

;// CONCATENATED MODULE: ./src/run/trust.ts

/** Refusal of a trigger that would run code from outside the repository on a self-hosted runner. */
class UntrustedTriggerError extends Error {
    constructor(reason) {
        super(`Refusing to run: ${reason}. Self-hosted GPU runners must not run code from outside this repository ` +
            '(it can read the runner, its caches and credentials). If this workflow really should accept it, set ' +
            '`allow-untrusted: true` — and only on runners that are ephemeral and hold nothing of value.');
        this.name = 'UntrustedTriggerError';
    }
}
const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];
/** Why an event is untrusted, or undefined when it is trusted. Pure. */
function untrustedReason(eventName, event) {
    if (eventName === 'pull_request_target') {
        return 'the workflow was triggered by `pull_request_target`, which runs with this repository’s secrets on behalf of any pull request';
    }
    if (eventName.startsWith('pull_request')) {
        const head = event.pull_request?.head?.repo;
        const base = event.pull_request?.base?.repo ?? event.repository;
        // A deleted head repository (null) is also outside our control.
        if (head === null ||
            head?.fork === true ||
            (head?.full_name && base?.full_name && head.full_name !== base.full_name)) {
            return `the pull request comes from a fork (${head?.full_name ?? 'deleted repository'})`;
        }
    }
    if (eventName === 'workflow_run' && event.workflow_run?.event?.startsWith('pull_request')) {
        const head = event.workflow_run.head_repository;
        const base = event.workflow_run.repository ?? event.repository;
        if (head === null ||
            head?.fork === true ||
            (head?.full_name && base?.full_name && head.full_name !== base.full_name)) {
            return `the triggering workflow run came from a fork pull request (${head?.full_name ?? 'deleted repository'})`;
        }
    }
    if (eventName === 'issue_comment' && event.issue?.pull_request) {
        const association = event.comment?.author_association ?? 'NONE';
        if (!TRUSTED_ASSOCIATIONS.includes(association)) {
            return `the pull request comment is by a user with association ${association} (not owner, member or collaborator)`;
        }
    }
    return undefined;
}
/**
 * Refuses `pull_request_target`, fork pull requests (also via `workflow_run`) and pull request
 * comments by outsiders, unless `allowUntrusted`. Runs before anything is built.
 */
function assertTrustedTrigger(env, allowUntrusted, readFile = (p) => (0,external_node_fs_.readFileSync)(p, 'utf8')) {
    if (allowUntrusted)
        return;
    const eventName = env.GITHUB_EVENT_NAME ?? '';
    if (eventName === '')
        return;
    const needsPayload = eventName.startsWith('pull_request') ||
        eventName === 'workflow_run' ||
        eventName === 'issue_comment';
    let event = {};
    try {
        if (env.GITHUB_EVENT_PATH)
            event = JSON.parse(readFile(env.GITHUB_EVENT_PATH));
        else if (needsPayload)
            throw new Error('GITHUB_EVENT_PATH is not set');
    }
    catch (error) {
        // An event we cannot read cannot be shown to be safe.
        if (needsPayload) {
            throw new UntrustedTriggerError(`the ${eventName} event payload could not be read (${error instanceof Error ? error.message : String(error)})`);
        }
    }
    const reason = untrustedReason(eventName, event);
    if (reason)
        throw new UntrustedTriggerError(reason);
}

;// CONCATENATED MODULE: ./src/run/index.ts











/**
 * Makes sure the engine holds the image to run, and never a different one. By digest: present
 * locally (content-addressed, so it is that image) or pulled. By tag (a registry lookup could not
 * confirm the digest): pulled, or the step fails with the reason; a local copy with the same tag
 * may be anything and is not used. An image built into this engine (no destination) is used as is.
 */
async function ensureImage(deps, imageRef, localImage) {
    if (localImage)
        return;
    const byDigest = imageRef.includes('@sha256:');
    if (byDigest) {
        const local = await deps.exec('docker', ['image', 'inspect', '--format', '{{.Id}}', imageRef], {
            env: deps.env,
        });
        if (local.exitCode === 0) {
            deps.log.info(`${imageRef} is already on this runner.`);
            return;
        }
    }
    deps.log.info(`Pulling ${imageRef}`);
    // Layer progress goes to the log as it happens: a multi-gigabyte pull should not look like a hang.
    const pulled = await deps.exec('docker', ['pull', imageRef], {
        env: deps.env,
        onStdout: deps.stdout ?? ((chunk) => process.stdout.write(chunk)),
    });
    if (pulled.exitCode === 0)
        return;
    const reason = pulled.stderr.trim() || pulled.stdout.trim();
    throw new Error(`Pulling ${imageRef} failed: ${reason}. ` +
        (byDigest
            ? 'Check that the image exists and that this job logged in to its registry.'
            : 'Its digest could not be confirmed, so a local image with that tag is not run in its place; check the registry and this job’s login.'));
}
/** Stops the container at once; retried briefly because the signal can arrive before docker created it. */
async function stopContainer(deps, name, running) {
    for (let attempt = 0; attempt < 10; attempt++) {
        const result = await deps.exec('docker', ['stop', '-t', '5', name], { env: deps.env });
        if (result.exitCode === 0 || !running())
            return;
        await new Promise((resolve) => setTimeout(resolve, 300));
    }
}
function userEnvironment(deps, env) {
    const names = [];
    const values = {};
    for (const [name, value] of env) {
        if ((0,run_env/* steersDockerClient */.E3)(name)) {
            deps.log.warning(`env ${name} is not passed to \`docker run\` (it would steer the docker client); it stays as baked into the image.`);
            continue;
        }
        if (!names.includes(name))
            names.push(name);
        values[name] = value;
    }
    return { names, values };
}
/**
 * Why docker could not start the container, or undefined when it ran (whatever its exit code).
 * Docker reports its own failures with exit code 125 and an "Error response from daemon" message.
 */
function startFailure(result) {
    if (result.exitCode !== 125 || !/docker: |Error response from daemon/.test(result.stderr)) {
        return undefined;
    }
    if (run_preflight/* NO_GPU_DRIVER_PATTERN */.Py.test(result.stderr)) {
        return new Error(`docker could not give the container GPUs. ${run_preflight/* TOOLKIT_FIX */.tc}`);
    }
    const unsatisfied = /unsatisfied condition: (cuda[^,\n]*)/.exec(result.stderr);
    if (unsatisfied) {
        return new Error(`The NVIDIA toolkit refused the image (${unsatisfied[1]}): the runner's driver is too old for ` +
            "the image's CUDA. Update the driver or use an older CUDA base image.");
    }
    const lastLines = result.stderr.trim().split('\n').slice(-3).join(' ');
    return new Error(`docker run could not start the container: ${lastLines}`);
}
/**
 * Runs the image here: free disk, pull, GPU preflight, then `docker run --rm --init` with the
 * output streamed. SIGINT/SIGTERM stop the container at once (`docker stop -t 5`): the runner's
 * cancellation kills our process tree, which does not include the container.
 */
async function runImage(imageRef, inputs, deps, options = {}) {
    const now = deps.now ?? Date.now;
    const started = now();
    const signals = deps.signals ?? process;
    const name = (0,run_argv/* containerName */.xN)(deps.env, (0,external_node_crypto_.randomBytes)(4).toString('hex'));
    let containerRunning = false;
    let cancelled = false;
    let stopping;
    const onSignal = () => {
        if (cancelled)
            return;
        cancelled = true;
        deps.log.warning(`Cancellation received: stopping container ${name}.`);
        if (containerRunning)
            stopping = stopContainer(deps, name, () => containerRunning);
    };
    signals.on('SIGINT', onSignal);
    signals.on('SIGTERM', onSignal);
    try {
        const gpuRequest = (0,run_argv/* parseGpuRequest */.rI)(inputs.gpus);
        if (!gpuRequest)
            throw new Error(`Invalid gpus value ${JSON.stringify(inputs.gpus)}`);
        await ensureFreeDisk(deps, inputs.minFreeDiskGb, imageRef);
        await ensureImage(deps, imageRef, options.localImage ?? false);
        const preflight = await (0,run_preflight/* preflightGpus */.Rz)(deps, imageRef, gpuRequest, inputs.cudaVersion);
        const outputs = await prepareOutputs(deps, imageRef, inputs.outputsPath, inputs.dockerArgs, name);
        if (cancelled)
            throw new Error('Cancelled before the container started.');
        // run-env values last: they win over a baked `env` of the same name.
        const env = userEnvironment(deps, [
            ...inputs.env,
            ...preflight.containerEnv,
            ...inputs.runEnvValues,
        ]);
        const argv = (0,run_argv/* buildRunArgv */.gW)({
            imageRef,
            name,
            jobLabel: (0,run_argv/* jobLabelValue */.$w)(deps.env),
            runnerLabel: deps.env.RUNNER_NAME,
            gpus: gpuRequest,
            dockerArgs: inputs.dockerArgs,
            envNames: env.names,
            network: inputs.network,
            ...(inputs.shmSize !== undefined && { shmSize: inputs.shmSize }),
            ipcHost: inputs.ipcHost,
            outputs,
            command: inputs.command ? (0,run_argv/* splitCommand */.GW)(inputs.command) : undefined,
            args: inputs.args,
        });
        deps.saveState(state/* STATE */.c4.runContainer, name);
        deps.log.info(`docker ${argv.join(' ')}`);
        containerRunning = true;
        const tail = new LogTail();
        const toStdout = deps.stdout ?? ((chunk) => process.stdout.write(chunk));
        const toStderr = deps.stderr ?? ((chunk) => process.stderr.write(chunk));
        const running = deps.exec('docker', argv, {
            env: { ...deps.env, ...env.values },
            onStdout: (chunk) => {
                tail.push(chunk);
                toStdout(chunk);
            },
            onStderr: (chunk) => {
                tail.push(chunk);
                toStderr(chunk);
            },
        });
        // A signal that arrived while the run was being prepared finds the container now.
        const result = await running.finally(() => (containerRunning = false));
        await stopping;
        const failure = startFailure(result);
        if (failure)
            throw failure;
        const metrics = await readMetrics(deps, outputs.hostDir);
        deps.log.info(`Outputs: ${outputs.containerPath} in the container → ${outputs.hostDir}`);
        const runResult = {
            outputsDir: outputs.hostDir,
            resultFile: outputs.resultFile,
            ...(metrics && { metrics }),
            exitCode: result.exitCode,
            gpu: (0,cuda/* describeGpus */.bc)(preflight.gpus),
            durationSeconds: Math.round((now() - started) / 100) / 10,
            ...(cancelled ? { cancelled } : {}),
        };
        await writeRunRecord(outputs.resultFile, {
            exitCode: runResult.exitCode,
            durationSeconds: runResult.durationSeconds,
            gpu: runResult.gpu,
            metrics: metrics ?? {},
            logTail: tail.read(inputs.runEnvValues.map(([, value]) => value)),
        });
        return runResult;
    }
    finally {
        signals.off('SIGINT', onSignal);
        signals.off('SIGTERM', onSignal);
    }
}
/** Post step: removes every container this job started (by label), running or not. */
async function cleanupRunContainers(deps) {
    const list = await deps.exec('docker', (0,run_argv/* listJobContainersArgv */.Sx)((0,run_argv/* jobLabelValue */.$w)(deps.env), deps.env.RUNNER_NAME), {
        env: deps.env,
    });
    if (list.notFound)
        return [];
    if (list.exitCode !== 0) {
        deps.log.warning(`Could not list this job's containers: ${list.stderr.trim()}`);
        return [];
    }
    const ids = list.stdout.split(/\s+/).filter((id) => id !== '');
    const removed = [];
    for (const id of ids) {
        const result = await deps.exec('docker', ['rm', '--force', id], { env: deps.env });
        if (result.exitCode === 0) {
            removed.push(id);
            deps.log.info(`Removed leftover container ${id}`);
        }
        else {
            deps.log.warning(`Could not remove container ${id}: ${result.stderr.trim()}`);
        }
    }
    return removed;
}


/***/ }),

/***/ 5003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Py: () => (/* binding */ NO_GPU_DRIVER_PATTERN),
  tc: () => (/* binding */ TOOLKIT_FIX),
  Rz: () => (/* binding */ preflightGpus)
});

// EXTERNAL MODULE: ./src/run/cuda.ts
var run_cuda = __webpack_require__(9582);
;// CONCATENATED MODULE: ./src/run/compute-capability.ts
/**
 * GPU compute capabilities that torch's release wheels for Linux are compiled for, per torch release
 * and CUDA build. Pure: no I/O.
 *
 * The numbers are the `TORCH_CUDA_ARCH_LIST` of PyTorch's release wheel builds (pytorch/pytorch
 * `.ci/manywheel/build_cuda.sh`), as also listed by `torch.cuda.get_arch_list()` of those wheels.
 * Kept small on purpose: only rows that are well established; anything else is not checked.
 */

const TORCH_ARCH_TABLE = [
    { torch: ['2.1', '2.7'], cuda: ['11.8', '12.6'], compute: ['5.0', '9.0'] },
    { torch: ['2.7', '2.7'], cuda: ['12.8', '12.8'], compute: ['5.0', '12.0'] },
];
function majorMinor(version) {
    const match = /^(\d+)\.(\d+)/.exec(version.trim());
    return match ? `${match[1]}.${match[2]}` : undefined;
}
const within = (value, [from, to]) => (0,run_cuda/* compareVersions */.Zy)(value, from) >= 0 && (0,run_cuda/* compareVersions */.Zy)(value, to) <= 0;
/**
 * The CUDA build of a torch pin: its `+cuXYZ` tag, else the CUDA the requirements imply (when it
 * names a minor version).
 */
function torchCudaBuild(torch, cuda) {
    const tag = /\+cu(\d{2,3})\b/.exec(torch);
    if (tag?.[1])
        return `${tag[1].slice(0, -1)}.${tag[1].slice(-1)}`;
    return cuda ? majorMinor(cuda) : undefined;
}
/** The row covering a torch pin (e.g. `2.3.1+cu121`), or undefined when the table does not know it. */
function torchArchRow(torch, cuda) {
    const release = majorMinor(torch);
    const build = torchCudaBuild(torch, cuda);
    if (!release || !build)
        return undefined;
    return TORCH_ARCH_TABLE.find((row) => within(release, row.torch) && within(build, row.cuda));
}
const sm = (capability) => `sm_${capability.replace('.', '')}`;
/**
 * A warning when a GPU's compute capability (nvidia-smi `compute_cap`, e.g. `8.6`) is outside what
 * the torch build was compiled for; undefined when it is inside or the table does not know the build.
 */
function computeCapabilityWarning(torch, cuda, gpu) {
    const row = torchArchRow(torch, cuda);
    if (!row || !/^\d+\.\d+$/.test(gpu.computeCapability))
        return undefined;
    if (within(gpu.computeCapability, row.compute))
        return undefined;
    const [min, max] = row.compute;
    const fix = (0,run_cuda/* compareVersions */.Zy)(gpu.computeCapability, min) < 0
        ? 'Use an older torch release that still supports this GPU, or a newer GPU'
        : 'Use a newer torch release (or CUDA build) that supports this GPU';
    return (`GPU ${gpu.index} (${gpu.name}) has compute capability ${gpu.computeCapability} (${sm(gpu.computeCapability)}), ` +
        `but torch ${torch} is built for ${sm(min)}–${sm(max)}: CUDA kernels may fail with ` +
        `"no kernel image is available for execution on the device". ${fix}. See docs/gpu-runners.md.`);
}

// EXTERNAL MODULE: ./src/image/labels.ts
var labels = __webpack_require__(86);
// EXTERNAL MODULE: ./src/run/deps.ts
var run_deps = __webpack_require__(8147);
;// CONCATENATED MODULE: ./src/run/preflight.ts




const TOOLKIT_FIX = 'Install the NVIDIA Container Toolkit on the runner, run `sudo nvidia-ctk runtime configure --runtime=docker` ' +
    'and restart docker (`sudo systemctl restart docker`). See docs/gpu-runners.md.';
/** The error docker prints when `--gpus` is used without the NVIDIA Container Toolkit. */
const NO_GPU_DRIVER_PATTERN = /could not select device driver "[^"]*" with capabilities: \[\[gpu\]\]/;
async function queryGpus(deps) {
    const result = await deps.exec('nvidia-smi', run_cuda/* NVIDIA_SMI_ARGS */.uV, { env: deps.env });
    if (result.notFound) {
        throw new Error('nvidia-smi was not found on this runner, so it has no usable NVIDIA driver. Install the NVIDIA ' +
            'driver and the NVIDIA Container Toolkit (see docs/gpu-runners.md), or set `gpus: none` for a CPU run.');
    }
    if (result.exitCode !== 0) {
        throw new Error(`nvidia-smi failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim()}. ` +
            'Check that the NVIDIA driver is loaded on the runner (`nvidia-smi` must work), or set `gpus: none`.');
    }
    const gpus = (0,run_cuda/* parseNvidiaSmi */.Qi)(result.stdout);
    if (gpus.length === 0)
        throw new Error('nvidia-smi reports no GPU on this runner; set `gpus: none` for a CPU run.');
    return gpus;
}
/** Checks the requested GPUs exist: a count no larger than the GPUs present, devices by index or UUID. */
function checkGpuRequest(request, gpus) {
    if (request.kind === 'count' && request.count > gpus.length) {
        throw new Error(`gpus: ${request.count} requested but this runner has ${gpus.length} GPU(s) (${(0,run_cuda/* describeGpus */.bc)(gpus)}). ` +
            'Lower `gpus`, or route the job to a bigger runner with `runner-labels`.');
    }
    if (request.kind === 'devices') {
        for (const device of request.devices) {
            const found = gpus.some((gpu) => String(gpu.index) === device || gpu.uuid === device);
            if (!found) {
                const known = gpus.map((gpu) => `${gpu.index} (${gpu.uuid})`).join(', ');
                throw new Error(`gpus: device ${device} does not exist on this runner; it has ${known}.`);
            }
        }
    }
}
async function checkNvidiaRuntime(deps) {
    const runtimes = await (0,run_deps/* docker */.T)(deps, ['info', '--format', '{{json .Runtimes}}'], 'Reading docker runtimes');
    let names = [];
    try {
        names = Object.keys(JSON.parse(runtimes));
    }
    catch {
        names = [];
    }
    if (!names.includes('nvidia')) {
        throw new Error(`Docker on this runner has no NVIDIA runtime (runtimes: ${names.join(', ') || 'none'}), so containers ` +
            `cannot get GPUs. ${TOOLKIT_FIX}`);
    }
}
async function inspectImageConfig(deps, imageRef) {
    const out = await (0,run_deps/* docker */.T)(deps, ['image', 'inspect', '--format', '{{json .Config}}', imageRef], `Inspecting ${imageRef}`);
    try {
        return JSON.parse(out);
    }
    catch {
        return null;
    }
}
/** Warns for each GPU whose compute capability the image's pinned torch build was not compiled for. */
function checkComputeCapabilities(deps, gpus, config) {
    const torch = (0,run_cuda/* imageTorch */._4)(config);
    if (!torch)
        return;
    const cuda = config?.Labels?.[labels/* CUDA_LABEL */.bS];
    for (const gpu of gpus) {
        const warning = computeCapabilityWarning(torch, cuda, gpu);
        if (warning)
            deps.log.warning(warning);
    }
}
/**
 * GPU preflight: the driver answers, docker has the NVIDIA runtime, the requested GPUs exist and the
 * driver is new enough for the image's CUDA. Fails with the fix named; warns under minor-version
 * compatibility. A `none` request skips every GPU check.
 */
async function preflightGpus(deps, imageRef, request, cudaVersion) {
    if (request.kind === 'none') {
        deps.log.info('gpus: none — running on CPU, GPU checks skipped.');
        return { gpus: [], containerEnv: [] };
    }
    const gpus = await queryGpus(deps);
    deps.log.info(`GPUs: ${(0,run_cuda/* describeGpus */.bc)(gpus)}`);
    for (const gpu of gpus) {
        deps.log.info(`  ${gpu.index}: ${gpu.name} ${gpu.uuid} ${gpu.memoryUsedMiB}/${gpu.memoryTotalMiB} MiB used, compute ${gpu.computeCapability}`);
    }
    checkGpuRequest(request, gpus);
    await checkNvidiaRuntime(deps);
    const config = await inspectImageConfig(deps, imageRef);
    checkComputeCapabilities(deps, gpus, config);
    // The `cuda-version` input wins over what the image declares.
    const claims = cudaVersion
        ? [{ version: cudaVersion, source: 'the `cuda-version` input' }]
        : (0,run_cuda/* imageCudaClaims */.sL)(config);
    const driver = gpus[0]?.driverVersion ?? '0';
    if (claims.length === 0) {
        deps.log.info('The image declares no CUDA_VERSION, its requirements imply no CUDA version and `cuda-version` ' +
            'is not set: driver compatibility not checked.');
        return { gpus, containerEnv: [] };
    }
    const containerEnv = [];
    for (const claim of claims) {
        const verdict = (0,run_cuda/* checkCudaDriver */.KN)(claim.version, driver);
        const message = `${verdict.message} (CUDA version from ${claim.source})`;
        switch (verdict.kind) {
            case 'fail':
                throw new Error(message);
            case 'warn':
                deps.log.warning(message);
                // The toolkit refuses `cuda>=X` images on older drivers even when minor-version compatibility would work.
                if (containerEnv.length === 0)
                    containerEnv.push(['NVIDIA_DISABLE_REQUIRE', 'true']);
                break;
            case 'unknown':
                deps.log.warning(message);
                break;
            case 'pass':
                deps.log.info(message);
                break;
        }
    }
    return { gpus, containerEnv };
}


/***/ }),

/***/ 8298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E3: () => (/* binding */ steersDockerClient),
/* harmony export */   EN: () => (/* binding */ parseRunEnv),
/* harmony export */   fg: () => (/* binding */ resolveRunEnv),
/* harmony export */   n0: () => (/* binding */ looksSecret)
/* harmony export */ });
/* harmony import */ var _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6316);
/**
 * `run-env`: variables the container gets at run time only. Values come from the step's
 * environment (a line `NAME`, typically mapped from `secrets.*`) or from the line (`NAME=VALUE`).
 * They travel to `docker run --env NAME` through the docker client's environment: never in argv,
 * the image, outputs or logs. Pure, apart from the masking callback.
 */

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names docker's own client reads: a value for them would change how docker runs, not the container. */
function steersDockerClient(name) {
    return name === 'PATH' || name === 'HOME' || name.startsWith('DOCKER_');
}
/** Names that look like credentials; `env` bakes values into the image, so these belong in `run-env`. */
function looksSecret(name) {
    return /TOKEN|KEY|SECRET|PASSWORD/i.test(name);
}
/**
 * Parses `run-env` lines. Errors name the input and the variable, never the value; every inline
 * value is masked before anything can print it.
 */
function parseRunEnv(input, lines, mask) {
    const entries = [];
    for (const line of lines) {
        const eq = line.indexOf('=');
        const name = (eq === -1 ? line : line.slice(0, eq)).trim();
        const inline = eq === -1 ? undefined : line.slice(eq + 1);
        if (inline)
            mask(inline);
        if (!ENV_NAME.test(name)) {
            throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, 'each line must be NAME (value from the step environment) or NAME=VALUE, NAME made of letters, digits and _', 'Map a secret with `env: { NAME: ${{ secrets.NAME }} }` on the step and list NAME here.');
        }
        if (steersDockerClient(name)) {
            throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, `${name} steers the docker client itself and cannot be passed to the container`, 'Pick another name.');
        }
        const existing = entries.findIndex((entry) => entry.name === name);
        if (existing !== -1)
            entries.splice(existing, 1);
        entries.push({ name, ...(inline !== undefined && { inline }) });
    }
    return entries;
}
/**
 * The values for a run on this runner: inline ones, else the step's environment. A name that is not
 * set fails here, before anything is built, pulled or run.
 */
function resolveRunEnv(input, entries, stepEnv, mask) {
    return entries.map(({ name, inline }) => {
        const value = inline ?? stepEnv[name];
        // A secret that does not exist maps to '': treat it as missing rather than run without it.
        if (value === undefined || (inline === undefined && value === '')) {
            throw new _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, name, `${name} is not set (or empty) in the step's environment`, `Set it on the step, e.g. \`env: { ${name}: \${{ secrets.${name} }} }\`, or write ${name}=VALUE.`);
        }
        if (value !== '')
            mask(value);
        return [name, value];
    });
}


/***/ })

};
