export const id = 777;
export const ids = [777];
export const modules = {

/***/ 4777:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  run: () => (/* binding */ run)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(9805);
;// CONCATENATED MODULE: ./src/builder/install-buildx.ts




/** The buildx release installed when a job needs buildx and the runner has none. */
const BUILDX_VERSION = '0.29.1';
const RELEASES = 'https://github.com/docker/buildx/releases/download';
/**
 * Installs the official buildx release as a docker CLI plugin, verified against the release's
 * checksums file and kept in the runner's tool cache, so the next job on the runner reuses it.
 */
async function installBuildx(deps, version = BUILDX_VERSION) {
    const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
    if (!arch)
        throw new Error(`buildx cannot be installed on ${process.arch}: only x64 and arm64 releases exist`);
    let dir = tool_cache/* find */.I6('docker-buildx', version, arch);
    if (dir) {
        deps.log.info(`buildx ${version} found in the tool cache.`);
    }
    else {
        const base = deps.releasesUrl ?? deps.env.LAUNCH_ACTION_INTERNAL_BUILDX_RELEASES ?? RELEASES;
        const name = `buildx-v${version}.linux-${arch}`;
        deps.log.info(`Downloading buildx ${version} from ${base}.`);
        const binary = await tool_cache/* downloadTool */.bq(`${base}/v${version}/${name}`);
        const sums = await (0,promises_.readFile)(await tool_cache/* downloadTool */.bq(`${base}/v${version}/checksums.txt`), 'utf8');
        const expected = expectedChecksum(sums, name);
        if (!expected)
            throw new Error(`checksums.txt of buildx ${version} has no entry for ${name}`);
        const actual = (0,external_node_crypto_.createHash)('sha256')
            .update(await (0,promises_.readFile)(binary))
            .digest('hex');
        if (actual !== expected) {
            throw new Error(`buildx ${version} download does not match its published checksum (got ${actual}, expected ${expected}); not installed.`);
        }
        dir = await tool_cache/* cacheFile */.NJ(binary, 'docker-buildx', 'docker-buildx', version, arch);
    }
    const plugins = external_node_path_default().join(deps.env.DOCKER_CONFIG ?? external_node_path_default().join(deps.env.HOME ?? '/root', '.docker'), 'cli-plugins');
    await (0,promises_.mkdir)(plugins, { recursive: true });
    const target = external_node_path_default().join(plugins, 'docker-buildx');
    await (0,promises_.copyFile)(external_node_path_default().join(dir, 'docker-buildx'), target);
    await (0,promises_.chmod)(target, 0o755);
    return target;
}
/** Reads `<sha256> *<file>` (or two spaces) lines of a release checksums file. */
function expectedChecksum(sums, file) {
    for (const line of sums.split('\n')) {
        const match = /^([0-9a-f]{64})\s+\*?(\S+)$/.exec(line.trim());
        if (match && match[2] === file)
            return match[1];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/builder/builder.ts

/**
 * Picks the builder (seed rule): buildx when it works, else the plain docker builder, else noop.
 * An explicit choice that is not available is an error, not a silent fallback.
 */
async function chooseBuilder(requested, run, env) {
    if (requested === 'noop')
        return { kind: 'noop', reason: "builder 'noop' was requested: plan only" };
    if (requested === 'docker') {
        // An explicit choice is honoured even when buildx works.
        const engine = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
        if (engine.exitCode === 0) {
            return {
                kind: 'docker',
                reason: `builder 'docker' was requested: the classic builder of docker ${engine.stdout.trim()} (no cache or secret mounts)`,
            };
        }
        throw new Error("builder 'docker' was requested but the Docker engine does not answer" +
            (engine.notFound ? ' (no docker CLI on PATH)' : `: ${engine.stderr.trim().split('\n')[0]}`));
    }
    const buildx = await run('docker', ['buildx', 'inspect'], { env });
    if (buildx.exitCode === 0) {
        const driver = parseBuildxDriver(buildx.stdout);
        return {
            kind: 'buildx',
            ...(driver !== undefined && { driver }),
            reason: `docker buildx works (driver ${driver ?? 'unknown'})`,
        };
    }
    if (requested === 'buildx') {
        // Asked for explicitly: install the official release, as setup-buildx would, then retry.
        const installed = await installBuildx({ env, log: { info: () => undefined } }).catch((error) => {
            throw new Error(`builder 'buildx' was requested, \`docker buildx\` does not work here, and installing it failed: ${error instanceof Error ? error.message : String(error)}`);
        });
        const retry = await run('docker', ['buildx', 'inspect'], { env });
        if (retry.exitCode === 0) {
            const driver = parseBuildxDriver(retry.stdout);
            return {
                kind: 'buildx',
                ...(driver !== undefined && { driver }),
                reason: `buildx was missing: installed ${installed} (driver ${driver ?? 'unknown'})`,
            };
        }
        throw new Error("builder 'buildx' was requested but `docker buildx` does not work here" +
            (buildx.notFound
                ? ' (no docker CLI on PATH)'
                : `: ${buildx.stderr.trim().split('\n')[0]}`) +
            '. Install the buildx plugin (e.g. a docker/setup-buildx-action step) or use builder: auto.');
    }
    const docker = await run('docker', ['version', '--format', '{{.Server.Version}}'], { env });
    if (docker.exitCode === 0) {
        return {
            kind: 'docker',
            reason: `docker ${docker.stdout.trim()} works but buildx does not: using the classic builder (no cache or secret mounts)`,
        };
    }
    return {
        kind: 'noop',
        reason: 'no working Docker engine was found' +
            (docker.notFound
                ? ' (no docker CLI on PATH)'
                : ` (docker version: ${docker.stderr.trim().split('\n')[0] ?? ''})`),
    };
}
/** The driver `docker buildx inspect` reports (`Driver: docker-container`), if any. */
function parseBuildxDriver(inspectOutput) {
    return /^Driver:\s*(\S+)/m.exec(inspectOutput)?.[1];
}

// EXTERNAL MODULE: ./src/image/labels.ts
var labels = __webpack_require__(86);
;// CONCATENATED MODULE: ./src/image/reference.ts
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/;
/** Returns the parsed reference, or a sentence saying what is wrong with it. */
function parseImageReference(text) {
    if (text === '' || /\s/.test(text))
        return 'an image reference has no spaces and is not empty';
    let rest = text;
    let digest;
    const at = rest.indexOf('@');
    if (at !== -1) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!DIGEST.test(digest))
            return `'${digest}' is not a digest (expected sha256:<64 hex>)`;
    }
    let tag;
    const lastSlash = rest.lastIndexOf('/');
    const colon = rest.lastIndexOf(':');
    if (colon > lastSlash) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            return `'${tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`;
        }
    }
    const parts = rest.split('/');
    let host = 'docker.io';
    const first = parts[0] ?? '';
    if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
        host = first;
        parts.shift();
        if (!HOST.test(host))
            return `'${host}' is not a valid registry host`;
    }
    if (parts.length === 0 || parts.some((part) => part === '')) {
        return 'the repository path is empty or has an empty component';
    }
    for (const part of parts) {
        if (!COMPONENT.test(part)) {
            return `'${part}' is not a valid repository name component (lower-case letters, digits, and '.', '_', '-' between them)`;
        }
    }
    if (host === 'docker.io' && parts.length === 1)
        parts.unshift('library');
    const path = parts.join('/');
    if (host.length + 1 + path.length > 255)
        return 'the repository name is longer than 255 characters';
    return { host, path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}
/** `host/path` as docker writes it (Docker Hub written short). */
function repositoryName(ref) {
    if (ref.host === 'docker.io')
        return ref.path.replace(/^library\//, '');
    return `${ref.host}/${ref.path}`;
}
function withTag(ref, tag) {
    return `${repositoryName(ref)}:${tag}`;
}
function withDigest(ref, digest) {
    return `${repositoryName(ref)}@${digest}`;
}

;// CONCATENATED MODULE: ./src/dockerfile/render.ts
const VENV = '/opt/venv';
const APP_DIR = '/home/launch/app';
const APP_UID = 1000;
/** Where dependency files are copied; outside the app dir so the code COPY cannot disturb them. */
const DEPS_DIR = '/tmp/launch';
/** micromamba builds conda environments; its image is only a build stage, never shipped. */
const CONDA_BUILDER_IMAGE = 'mambaorg/micromamba:2.3.0-debian12-slim';
/** Secret ids the build mounts; the files behind them live outside the build context. */
const PIP_CONF_SECRET = 'launch-pip-conf';
/** uv is fetched into a cache mount: used while building, never shipped. */
const UV_TOOL = '/opt/launch-uv';
/**
 * Renders the Dockerfile: dependencies first (their layer survives code changes), code last.
 * pip/uv installs stay in the one shipped stage on purpose: a multi-stage `COPY --from` would make
 * the dependency layer depend on a stage that inline or registry cache cannot restore without
 * running it again, and the caches live in cache mounts, so nothing extra is shipped.
 */
function renderDockerfile(spec) {
    const conda = spec.install.kind === 'conda';
    const lines = [
        '# Generated by launch-action. The same inputs always give this same text.',
        `# ${spec.description}`,
    ];
    if (conda)
        lines.push('', ...condaStage(spec));
    lines.push('', `FROM ${spec.baseImage}`, 'USER root');
    if (spec.installPythonWithApt && !conda)
        lines.push(...aptPythonInstall(spec));
    if (spec.aptPackages.length > 0)
        lines.push(...aptInstall(spec, spec.aptPackages));
    lines.push(conda
        ? `COPY --from=dependencies ${VENV} ${VENV}`
        : `RUN ${pythonCommand(spec)} -m venv ${VENV}`, `ENV VIRTUAL_ENV=${VENV} PATH=${VENV}/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1`);
    for (const name of spec.buildArgNames)
        lines.push(`ARG ${name}`);
    if (!conda)
        lines.push(...dependencyInstall(spec));
    lines.push(`RUN useradd --create-home --home-dir /home/launch --uid ${APP_UID} --gid 0 --shell /bin/sh launch \\`, `    && mkdir -p ${APP_DIR} && chown ${APP_UID}:0 ${APP_DIR}`, `WORKDIR ${APP_DIR}`);
    if (spec.env.length > 0) {
        lines.push(`ENV ${spec.env.map(([key, value]) => `${key}=${quoteEnv(value)}`).join(' \\\n    ')}`);
    }
    lines.push(`COPY --chown=${APP_UID}:0 . ${APP_DIR}`, `USER ${APP_UID}:0`);
    if (spec.entrypoint.length > 0) {
        lines.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`, 'CMD []');
    }
    return lines.join('\n') + '\n';
}
function pythonCommand(spec) {
    return spec.installPythonWithApt
        ? `python${spec.pythonVersion.split('.').slice(0, 2).join('.')}`
        : 'python3';
}
function aptPythonInstall(spec) {
    const minor = spec.pythonVersion.split('.').slice(0, 2).join('.');
    const packages = [`python${minor}`, `python${minor}-venv`, 'ca-certificates'];
    return [
        '# Accelerator images ship without Python: install it with apt (Debian/Ubuntu family only).',
        'RUN if ! command -v apt-get >/dev/null 2>&1; then \\',
        '      echo "launch-action: accelerator-base-image must be a Debian/Ubuntu-family image (apt-get not found)" >&2; exit 1; \\',
        '    fi',
        ...aptInstall(spec, packages, [
            `echo "launch-action: Python ${minor} is not available from this image's apt sources; set python-version to the version its distribution ships" >&2`,
        ]),
    ];
}
function aptInstall(spec, packages, onFailure) {
    const mounts = spec.buildkit
        ? '--mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=locked '
        : '';
    const cleanup = spec.buildkit ? '' : ' && rm -rf /var/lib/apt/lists/*';
    const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
    const guarded = onFailure ? `{ ${install} || { ${onFailure.join('; ')}; exit 1; }; }` : install;
    return [
        `RUN ${mounts}rm -f /etc/apt/apt.conf.d/docker-clean \\`,
        `    && apt-get update && ${guarded}${cleanup}`,
    ];
}
/** A conda environment is solved by micromamba in a build stage; only the environment ships. */
function condaStage(spec) {
    if (spec.install.kind !== 'conda')
        return [];
    const mount = spec.buildkit ? '--mount=type=cache,target=/opt/conda/pkgs,sharing=locked ' : '';
    return [
        `FROM ${CONDA_BUILDER_IMAGE} AS dependencies`,
        'USER root',
        `COPY ${JSON.stringify([spec.install.file, `${DEPS_DIR}/environment.yml`])}`,
        `RUN ${mount}${condaPipIndexes(spec)}micromamba create --yes --prefix ${VENV} --file ${DEPS_DIR}/environment.yml \\`,
        '    && micromamba clean --all --yes',
    ];
}
/** The environment's pip section may need extra indexes (e.g. PyTorch CUDA wheels). */
function condaPipIndexes(spec) {
    return spec.extraIndexUrls.length > 0
        ? `PIP_EXTRA_INDEX_URL=${shellQuote(spec.extraIndexUrls.join(' '))} `
        : '';
}
function dependencyInstall(spec) {
    const install = spec.install;
    const uv = spec.installer === 'uv' || install.kind === 'uv-lock';
    const mounts = spec.buildkit
        ? [
            `--mount=type=cache,target=${uv ? '/root/.cache/uv' : '/root/.cache/pip'},sharing=locked`,
            // uv itself lives in a cache mount too: it is a build tool, not part of the image.
            ...(uv ? [`--mount=type=cache,target=${UV_TOOL},sharing=locked`] : []),
            ...(spec.privateIndex
                ? [`--mount=type=secret,id=${PIP_CONF_SECRET},target=/etc/pip.conf`]
                : []),
        ].join(' ') + ' '
        : '';
    const extra = spec.extraIndexUrls.map((url) => ` --extra-index-url ${url}`).join('');
    const pip = `${VENV}/bin/python -m pip install --disable-pip-version-check --no-input${spec.buildkit ? '' : ' --no-cache-dir'}`;
    const uvBinary = `${UV_TOOL}/bin/uv`;
    const getUv = `{ [ -x ${uvBinary} ] || ${pip} --target ${UV_TOOL} uv; } && `;
    const installer = (args) => uv
        ? `${getUv}${privateIndexEnv(spec)}PYTHONPATH=${UV_TOOL} ${uvBinary} pip install --python ${VENV}/bin/python${extra} ${args}`
        : `${pip}${extra} ${args}`;
    switch (install.kind) {
        case 'nothing':
        case 'conda':
            return [];
        case 'requirements-file':
            return [
                ...copyPreservingPaths([install.file, ...install.alsoCopy]),
                `RUN ${mounts}${installer(`-r ${DEPS_DIR}/${install.file}`)}`,
            ];
        case 'requirement-lines':
        case 'poetry-lock': {
            const noDeps = install.kind === 'requirement-lines' && install.noDeps ? '--no-deps ' : '';
            return [
                `RUN mkdir -p ${DEPS_DIR} && printf '%s\\n' ${install.lines.map(shellQuote).join(' ')} > ${DEPS_DIR}/requirements.txt`,
                `RUN ${mounts}${installer(`${noDeps}-r ${DEPS_DIR}/requirements.txt`)}`,
            ];
        }
        case 'uv-lock':
            return [
                ...copyPreservingPaths(install.files),
                `RUN ${mounts}${getUv}cd ${DEPS_DIR} && ${privateIndexEnv(spec)}UV_PROJECT_ENVIRONMENT=${VENV} PYTHONPATH=${UV_TOOL} ${uvBinary} sync --frozen --no-install-project --no-dev`,
            ];
    }
}
/** uv reads index settings from its environment, not pip.conf: lift them from the mounted secret. */
function privateIndexEnv(spec) {
    if (!spec.privateIndex || !spec.buildkit)
        return '';
    return (`UV_INDEX_URL="$(sed -n 's/^index-url *= *//p' /etc/pip.conf)" ` +
        `UV_EXTRA_INDEX_URL="$(sed -n 's/^extra-index-url *= *//p' /etc/pip.conf | tr '\\n' ' ')" `);
}
function copyPreservingPaths(files) {
    const byDir = new Map();
    for (const file of files) {
        const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
        byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
    }
    // JSON form: a file name with spaces stays one argument.
    return [...byDir.entries()].map(([dir, group]) => `COPY ${JSON.stringify([...group, `${DEPS_DIR}/${dir === '' ? '' : `${dir}/`}`])}`);
}
/** Single-quotes a word for sh; the only character that needs care inside is the quote itself. */
function shellQuote(word) {
    return `'${word.replace(/'/g, `'"'"'`)}'`;
}
/** ENV values in double quotes with the characters the Dockerfile parser treats specially escaped. */
function quoteEnv(value) {
    return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

;// CONCATENATED MODULE: ./src/builder/args.ts
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
    args.push(request.context);
    return args;
}

;// CONCATENATED MODULE: ./src/builder/execute.ts



/** A build that failed, with the package pip could not install when that was the cause. */
class BuildError extends Error {
    failedPackage;
    constructor(message, failedPackage) {
        super(message);
        this.failedPackage = failedPackage;
        this.name = 'BuildError';
    }
}
/**
 * Writes the Dockerfile, its .dockerignore and secret files into a private temp directory: never
 * into the build context, so nothing of ours (least of all a credential) can be copied into a layer.
 */
async function writeBuildFiles(tempRoot, dockerfile, dockerignore, secrets) {
    const dir = await (0,promises_.mkdtemp)(external_node_path_default().join(tempRoot, 'launch-action-build-'));
    const dockerfilePath = external_node_path_default().join(dir, 'Dockerfile');
    await (0,promises_.writeFile)(dockerfilePath, dockerfile);
    // BuildKit reads <Dockerfile>.dockerignore next to the Dockerfile in place of the context's.
    await (0,promises_.writeFile)(`${dockerfilePath}.dockerignore`, dockerignore);
    const secretFiles = [];
    for (const [id, content] of Object.entries(secrets)) {
        const file = external_node_path_default().join(dir, `secret-${id}`);
        await (0,promises_.writeFile)(file, content, { mode: 0o600 });
        secretFiles.push([id, file]);
    }
    return { dir, dockerfile: dockerfilePath, secrets: secretFiles };
}
async function removeBuildFiles(files) {
    await (0,promises_.rm)(files.dir, { recursive: true, force: true });
}
async function executeBuild(builder, request, run, env, onOutput) {
    const started = performance.now();
    const childEnv = { ...env, BUILDX_GIT_INFO: 'false', BUILDKIT_PROGRESS: 'plain' };
    if (builder === 'buildx') {
        const result = await run('docker', buildxArgs(request), {
            env: childEnv,
            onStdout: onOutput,
            onStderr: onOutput,
        });
        if (result.exitCode !== 0)
            throw buildFailure(result.stdout + result.stderr);
        const metadata = JSON.parse(await (0,promises_.readFile)(request.metadataFile, 'utf8'));
        const digest = metadata['containerimage.digest'];
        if (typeof digest !== 'string') {
            throw new BuildError(`buildx wrote no image digest to ${request.metadataFile}`);
        }
        return { digest, durationMs: performance.now() - started };
    }
    const build = await run('docker', dockerBuildArgs(request), {
        env: { ...childEnv, DOCKER_BUILDKIT: '0' },
        onStdout: onOutput,
        onStderr: onOutput,
    });
    if (build.exitCode !== 0)
        throw buildFailure(build.stdout + build.stderr);
    let digest = '';
    if (request.push) {
        for (const tag of request.tags) {
            const push = await run('docker', ['push', tag], {
                env: childEnv,
                onStdout: onOutput,
                onStderr: onOutput,
            });
            if (push.exitCode !== 0)
                throw new BuildError(`docker push ${tag} failed: ${push.stderr.trim()}`);
            digest ||= /digest: (sha256:[0-9a-f]{64})/.exec(push.stdout)?.[1] ?? '';
        }
    }
    else {
        const inspect = await run('docker', ['image', 'inspect', '--format', '{{.Id}}', request.tags[0]], { env: childEnv });
        digest = inspect.stdout.trim();
    }
    if (!digest)
        throw new BuildError('the build finished but its digest could not be read');
    return { digest, durationMs: performance.now() - started };
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
        return new BuildError(`The image was built, but pushing it to ${push.ref} failed: ${push.error}. Check that the credentials may push to that repository and that the registry accepts the tag (registries with immutable tags refuse to overwrite one). Last lines of the build log:\n${tail}`);
    }
    for (const pattern of PIP_FAILURES) {
        const match = pattern.exec(output);
        if (match) {
            return new BuildError(`The dependency '${match[1]}' could not be installed: check its name and version, and that the package index has it (pip-index-url). Nothing was pushed.\n${tail}`, match[1]);
        }
    }
    return new BuildError(`The image build failed. Nothing was pushed. Last lines of the build log:\n${tail}`);
}

;// CONCATENATED MODULE: ./src/builder/stage-context.ts


/**
 * The classic builder (`docker build` without BuildKit) reads only `<context>/.dockerignore`, and
 * with rules of its own (it prunes excluded directories BuildKit still enters). So it is given a
 * context that holds exactly the hashed files and no ignore file: a directory of hard links
 * (copies across filesystems, symlinks as symlinks). What it sends is then the hashed list.
 */
async function stageContext(context, dir) {
    await (0,promises_.mkdir)(dir, { recursive: true, mode: 0o700 });
    const made = new Set();
    for (const file of context.files) {
        const target = external_node_path_default().join(dir, file.path);
        const parent = external_node_path_default().dirname(target);
        if (!made.has(parent)) {
            await (0,promises_.mkdir)(parent, { recursive: true });
            made.add(parent);
        }
        if (file.linkTarget !== undefined) {
            await (0,promises_.symlink)(file.linkTarget, target);
            continue;
        }
        const source = external_node_path_default().join(context.root, file.path);
        try {
            await (0,promises_.link)(source, target);
        }
        catch (error) {
            const code = error.code;
            if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK')
                throw error;
            await (0,promises_.copyFile)(source, target);
            await (0,promises_.chmod)(target, file.executable ? 0o755 : 0o644);
        }
    }
    return dir;
}

// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
// EXTERNAL MODULE: ./src/platform/http.ts + 1 modules
var platform_http = __webpack_require__(268);
;// CONCATENATED MODULE: ./src/registry/manifest.ts


const MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/** Registries on loopback are plain HTTP (docker allows that); every other registry is HTTPS. */
function registryBaseUrl(host) {
    const bare = host.replace(/:\d+$/, '');
    const insecure = bare === 'localhost' || bare === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(bare);
    const name = host === 'docker.io' ? 'registry-1.docker.io' : host;
    return `${insecure ? 'http' : 'https'}://${name}`;
}
/** Manifest reads get a few quick retries: a relaunch should not rebuild over one lost packet. */
const LOOKUP_RETRY_POLICY = {
    maxAttempts: 3,
    baseDelayMs: 500,
    maxDelayMs: 2_000,
    maxTotalDelayMs: 5_000,
};
/**
 * One manifest HEAD: does the registry hold this tag? Answers the auth challenge the registry sends
 * (Basic, or a Bearer token from its realm) the way docker does — never a tag listing. Network
 * errors, 408, 429 and 5xx are retried briefly; whatever still fails is "unknown", never "exists".
 */
async function lookupManifest(ref, tag, credentials, http) {
    try {
        const response = await registryRequest(ref, `/manifests/${encodeURIComponent(tag)}`, { method: 'HEAD', headers: { Accept: MANIFEST_TYPES } }, 'pull', credentials, http);
        if (response.status === 200) {
            const digest = response.headers.get('docker-content-digest');
            if (!digest)
                return unknown('the registry answered 200 without a Docker-Content-Digest');
            return { exists: true, digest };
        }
        if (response.status === 404)
            return { exists: false };
        if (response.status === 401)
            return unknown('the registry refused the credentials (401)');
        return unknown(`the registry answered ${response.status}`);
    }
    catch (error) {
        return unknown((0,errors/* errorMessage */.gJ)(error));
    }
}
/**
 * Adds a tag to a manifest already in the registry: the same manifest bytes PUT under the new
 * tag, so the digest stays the same and nothing is built or uploaded.
 */
async function addTag(ref, digest, tag, credentials, http) {
    const get = await registryRequest(ref, `/manifests/${digest}`, { method: 'GET', headers: { Accept: MANIFEST_TYPES } }, 'pull,push', credentials, http);
    if (get.status !== 200)
        throw new Error(`reading manifest ${digest} answered ${get.status}`);
    const put = await registryRequest(ref, `/manifests/${encodeURIComponent(tag)}`, {
        method: 'PUT',
        headers: { 'Content-Type': get.headers.get('content-type') ?? MANIFEST_TYPES.split(',')[0] },
        body: get.bytes,
    }, 'pull,push', credentials, http);
    if (put.status !== 201 && put.status !== 200) {
        throw new Error(`writing tag ${tag} answered ${put.status} ${put.text}`);
    }
}
/** A request to `/v2/<path><suffix>` that answers the registry's auth challenge once. */
async function registryRequest(ref, suffix, init, actions, credentials, http) {
    const url = `${registryBaseUrl(ref.host)}/v2/${ref.path}${suffix}`;
    const send = (authorization) => (0,platform_http/* sendWithRetry */.lx)(http, {
        ...init,
        url,
        headers: { ...init.headers, ...(authorization ? { Authorization: authorization } : {}) },
    }, REGISTRY_SEND);
    const basic = credentials
        ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
        : undefined;
    const response = await send();
    if (response.status !== 401)
        return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
    if (challenge?.scheme === 'basic') {
        if (!basic)
            throw new Error('the registry asks for credentials and none were given');
        return send(basic);
    }
    if (challenge?.scheme === 'bearer') {
        const scope = `repository:${ref.path}:${actions}`;
        const token = await fetchToken({ ...challenge.params, scope }, ref.path, basic, http);
        return send(`Bearer ${token}`);
    }
    return response;
}
const REGISTRY_SEND = {
    policy: LOOKUP_RETRY_POLICY,
    timeoutMs: 10_000,
    // Registries may send reads on to their storage; fetch drops Authorization across origins.
    redirect: 'follow',
};
function unknown(reason) {
    return { exists: 'unknown', reason };
}
function parseChallenge(header) {
    const match = /^\s*(Basic|Bearer)\b(.*)$/i.exec(header);
    if (!match)
        return undefined;
    const params = {};
    for (const [, key, quoted, bare] of (match[2] ?? '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) {
        if (key)
            params[key.toLowerCase()] = quoted ?? bare ?? '';
    }
    return { scheme: match[1].toLowerCase(), params };
}
async function fetchToken(params, path, basic, http) {
    if (!params.realm)
        throw new Error('the registry sent a Bearer challenge without a realm');
    const url = new URL(params.realm);
    if (params.service)
        url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${path}:pull`);
    const response = await (0,platform_http/* sendWithRetry */.lx)(http, { method: 'GET', url: url.toString(), headers: basic ? { Authorization: basic } : {} }, REGISTRY_SEND);
    if (response.status < 200 || response.status > 299)
        throw new Error(`the token service answered ${response.status}`);
    const body = (0,platform_http/* parseJson */.qF)(response.text);
    const token = (0,platform_http/* stringField */.OM)(body, 'token') ?? (0,platform_http/* stringField */.OM)(body, 'access_token');
    if (!token)
        throw new Error('the token service answered without a token');
    return token;
}

;// CONCATENATED MODULE: ./src/registry/cache-sources.ts

/**
 * Where inline layer cache is imported from: the images the user's extra tags point at, pinned
 * by digest (`repo@sha256:…`). Nothing is read from, or pushed to, a moving cache tag, so a
 * registry with immutable tags never sees a second push to one. A tag that is missing or cannot
 * be looked up just contributes no cache.
 */
async function cacheSources(http, destination, extraTags, session) {
    if (extraTags.length === 0)
        return [];
    const credentials = await session.credentialsFor(destination.host);
    const sources = [];
    for (const tag of extraTags) {
        const lookup = await lookupManifest(destination, tag, credentials, http);
        if (lookup.exists === true) {
            const ref = `${destination.host}/${destination.path}@${lookup.digest}`;
            if (!sources.includes(ref))
                sources.push(ref);
        }
    }
    return sources;
}

;// CONCATENATED MODULE: ./src/builder/index.ts








/**
 * Builds the planned image and pushes it to the destination, or loads it into the local engine
 * (skipped when the engine already has its source-hash tag). Whether the destination already
 * holds it is asked before, by registry/existing.
 */
async function buildImage(rt, plan, builder, inputs, session) {
    const destination = inputs.destination;
    const base = { image: plan.image, tag: plan.tag, buildMs: 0 };
    const env = { ...rt.env, DOCKER_CONFIG: session.dockerConfig, ...buildxConfig(rt.env) };
    if (!inputs.forceRebuild && !destination && builder.kind !== 'noop') {
        const local = await rt.run('docker', ['image', 'inspect', '--format', '{{.Id}}', plan.image], {
            env,
        });
        if (local.exitCode === 0) {
            rt.log.info(`${plan.image} is already in the local engine: nothing to build.`);
            const id = local.stdout.trim();
            return {
                ...base,
                digest: id,
                imageRef: plan.image,
                built: false,
                pushed: false,
                skipped: 'the local engine already has this source-hash tag',
            };
        }
    }
    if (builder.kind === 'noop') {
        rt.log.info(`Builder noop: ${plan.image} is planned, not built.`);
        return {
            ...base,
            digest: '',
            imageRef: plan.image,
            built: false,
            pushed: false,
            skipped: 'builder noop',
        };
    }
    const cacheFrom = destination && builder.kind === 'buildx' && inputs.cache !== 'none'
        ? await cacheSources(rt, destination, extraTagsOf(plan), session)
        : [];
    const decision = resolveCache(inputs.cache, builder, {
        ...(destination && { repository: plan.repository }),
        scope: cacheScope(plan.repository),
        cacheFrom,
    }, rt.env);
    if (decision.warning)
        rt.log.warning(decision.warning);
    rt.log.info(`Layer cache: ${describeCache(decision.cache)}`);
    await session.login();
    const secrets = {};
    const pipConf = pipConfig(inputs);
    if (pipConf)
        secrets[PIP_CONF_SECRET] = pipConf;
    const files = await writeBuildFiles(rt.tempDir, plan.dockerfile.dockerfile, plan.dockerignore, secrets);
    try {
        const request = {
            // The classic builder gets exactly the hashed files (see stageContext).
            context: builder.kind === 'docker'
                ? await stageContext(plan.context, external_node_path_default().join(files.dir, 'context'))
                : plan.context.root,
            dockerfile: files.dockerfile,
            tags: plan.tags,
            push: destination !== undefined,
            buildArgs: inputs.buildArgs,
            labels: (0,labels/* imageLabels */.J)(rt.env, plan.sourceHash, await gitHead(rt, plan.context.root)),
            secrets: files.secrets,
            ...(inputs.network !== 'default' && { network: inputs.network }),
            platforms: inputs.platforms,
            cache: decision.cache,
            metadataFile: external_node_path_default().join(files.dir, 'metadata.json'),
        };
        const outcome = await executeBuild(builder.kind, request, rt.run, env, rt.write);
        rt.log.info(`Built ${plan.image} in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.digest}`);
        return {
            ...base,
            digest: outcome.digest,
            imageRef: destination ? withDigest(destination, outcome.digest) : plan.image,
            built: true,
            pushed: destination !== undefined,
            buildMs: outcome.durationMs,
        };
    }
    finally {
        await removeBuildFiles(files);
    }
}
/** The commit checked out in the context, when it is a git work tree. */
async function gitHead(rt, context) {
    const head = await rt.run('git', ['-C', context, 'rev-parse', '--verify', 'HEAD^{commit}'], {
        env: { ...rt.env, GIT_TERMINAL_PROMPT: '0' },
    });
    const sha = head.stdout.trim();
    return head.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}
/** The extra tags (not the source-hash one) of the plan, as bare tag names. */
function extraTagsOf(plan) {
    return plan.tags.slice(1).map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
}
function describeCache(cache) {
    switch (cache.mode) {
        case 'none':
            return 'none';
        case 'inline':
            return `inline${cache.from.length > 0 ? `, reusing ${cache.from.join(', ')}` : ''}`;
        case 'gha':
            return `GitHub Actions cache, scope ${cache.scope}`;
        case 'registry':
            return `registry ${cache.ref}`;
    }
}
/** buildx keeps its builders under the user's docker config, not the private one we log in to. */
function buildxConfig(env) {
    if (env.BUILDX_CONFIG)
        return {};
    const home = env.DOCKER_CONFIG ?? external_node_path_default().join(env.HOME ?? '/root', '.docker');
    return { BUILDX_CONFIG: external_node_path_default().join(home, 'buildx') };
}
/** One cache scope per image, so two images of one repository do not overwrite each other's cache. */
function cacheScope(repository) {
    return `launch-${repository.replace(/[^A-Za-z0-9._-]+/g, '-')}`;
}
/** The private index settings, mounted as a BuildKit secret at /etc/pip.conf while installing. */
function pipConfig(inputs) {
    if (!inputs.pipIndexUrl && inputs.pipExtraIndexUrls.length === 0)
        return undefined;
    const lines = ['[global]'];
    if (inputs.pipIndexUrl)
        lines.push(`index-url = ${inputs.pipIndexUrl}`);
    if (inputs.pipExtraIndexUrls.length > 0) {
        lines.push(`extra-index-url = ${inputs.pipExtraIndexUrls.join(' ')}`);
    }
    // An http:// index the user named is one they trust; pip also only keeps its download cache
    // for trusted plain-HTTP hosts, so without this every build downloads every wheel again.
    const httpHosts = [inputs.pipIndexUrl, ...inputs.pipExtraIndexUrls]
        .filter((url) => url !== undefined && url.startsWith('http://'))
        .map((url) => new URL(url).host);
    if (httpHosts.length > 0)
        lines.push(`trusted-host = ${[...new Set(httpHosts)].join(' ')}`);
    return `${lines.join('\n')}\n`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/context/hash.ts

/** Length of the tag taken from the hash: 16 hex digits (64 bits) keep collisions out of reach. */
const TAG_LENGTH = 16;
/**
 * The source hash: sha256 over a canonical, length-prefixed encoding of every build input, so no
 * two different input sets can encode the same way. Checkout path, mtimes and owners are left out
 * on purpose: the same commit on two machines gives the same hash.
 */
function computeSourceHash(inputs) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const field = (name, value) => {
        hash.update(`${name}\0${Buffer.byteLength(value)}\0`);
        hash.update(value);
        hash.update('\n');
    };
    field('format', 'launch-action/source-hash/v1');
    field('dockerfile', inputs.dockerfile);
    for (const name of Object.keys(inputs.builderFiles).sort()) {
        field(`builder-file:${name}`, inputs.builderFiles[name] ?? '');
    }
    field('base-image', inputs.baseImage);
    field('platforms', [...inputs.platforms].sort().join(','));
    for (const [key, value] of [...inputs.buildArgs].sort((a, b) => compare(a[0], b[0]))) {
        field(`build-arg:${key}`, value);
    }
    for (const key of Object.keys(inputs.settings).sort()) {
        field(`setting:${key}`, inputs.settings[key] ?? '');
    }
    field('files', String(inputs.files.length));
    for (const file of inputs.files) {
        field('file', `${file.executable ? 'x' : '-'} ${file.digest} ${file.path}`);
    }
    return hash.digest('hex');
}
function tagFromHash(sourceHash) {
    return sourceHash.slice(0, TAG_LENGTH);
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/** The stat fields that let a cached digest be reused without reading the file again. */
function statKey(file) {
    return `${file.size}:${Math.trunc(file.mtimeMs * 1000)}:${file.ino}:${file.linkTarget ?? ''}`;
}

;// CONCATENATED MODULE: ./src/context/digests.ts






/** Reads files a few at a time: enough to keep the disk and the hasher busy on 2 cores. */
const CONCURRENCY = 8;
/** Files below this size are read in one call: a stream costs more than the read for them. */
const SMALL_FILE = 1 << 20;
/** The callback readFile: measured ~2x faster per small file than fs/promises' (one stat, one read). */
const readSmallFile = (0,external_node_util_.promisify)(external_node_fs_.readFile);
async function digestContextFiles(context, cache) {
    const cached = cache ? await cache.load(context.root).catch(() => new Map()) : new Map();
    const fresh = new Map();
    const result = new Array(context.files.length);
    let next = 0;
    let changed = cached.size !== context.files.length;
    const worker = async () => {
        while (next < context.files.length) {
            const index = next++;
            const file = context.files[index];
            const key = statKey(file);
            const hit = cached.get(file.path);
            let digest;
            if (hit && hit.key === key) {
                digest = hit.digest;
            }
            else {
                changed = true;
                const full = external_node_path_default().join(context.root, file.path);
                digest =
                    file.linkTarget !== undefined
                        ? sha256(Buffer.from(file.linkTarget))
                        : file.size < SMALL_FILE
                            ? sha256(await readSmallFile(full))
                            : await sha256Stream(full);
            }
            fresh.set(file.path, { key, digest });
            result[index] = { path: file.path, executable: file.executable, digest };
        }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (cache && changed)
        await cache.save(context.root, fresh).catch(() => undefined);
    return result;
}
function sha256(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
function sha256Stream(file) {
    return new Promise((resolve, reject) => {
        const hash = (0,external_node_crypto_.createHash)('sha256');
        (0,external_node_fs_.createReadStream)(file, { highWaterMark: 1 << 20 })
            .on('data', (chunk) => hash.update(chunk))
            .on('error', reject)
            .on('end', () => resolve(hash.digest('hex')));
    });
}
/** A digest cache in a directory (one JSON file per context path). */
function directoryDigestCache(dir) {
    const fileFor = (root) => external_node_path_default().join(dir, `${(0,external_node_crypto_.createHash)('sha256').update(external_node_path_default().resolve(root)).digest('hex').slice(0, 32)}.json`);
    return {
        async load(root) {
            const data = JSON.parse(await (0,promises_.readFile)(fileFor(root), 'utf8'));
            return new Map(Object.entries(data).map(([p, [key, digest]]) => [p, { key, digest }]));
        },
        async save(root, entries) {
            await (0,promises_.mkdir)(dir, { recursive: true });
            const data = {};
            for (const [p, { key, digest }] of entries)
                data[p] = [key, digest];
            const target = fileFor(root);
            const temp = `${target}.${process.pid}.tmp`;
            await (0,promises_.writeFile)(temp, JSON.stringify(data));
            await (0,promises_.rename)(temp, target);
        },
    };
}

// EXTERNAL MODULE: ./src/dispatch/index.ts + 1 modules
var src_dispatch = __webpack_require__(2983);
;// CONCATENATED MODULE: ./src/platform/paths.ts


/**
 * Where `relative` really is (symlinks followed), if it exists and stays inside `root`: the one
 * containment check for every path input (context, patch file, dockerfile).
 */
async function realPathInside(root, relative) {
    const realRoot = await (0,promises_.realpath)(root);
    let real;
    try {
        real = await (0,promises_.realpath)(external_node_path_default().resolve(realRoot, relative));
    }
    catch {
        return { problem: 'missing' };
    }
    if (real !== realRoot && !real.startsWith(realRoot + (external_node_path_default()).sep))
        return { problem: 'outside', path: real };
    return { path: real };
}

// EXTERNAL MODULE: ./src/platform/words.ts
var words = __webpack_require__(4742);
;// CONCATENATED MODULE: ./src/inputs/core.ts



const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Debian package names (policy 5.6.1), optionally `=version`, or an `/release` suffix. */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+|\/[a-z0-9-]+)?$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const core_TAG = /^[\w][\w.-]{0,127}$/;
function readCoreInputs(read) {
    const mode = read.choice('mode', ['build', 'run', 'dispatch'], 'build');
    const inputs = {
        mode,
        ...readSourceInputs(read),
        ...readEnvironmentInputs(read),
        ...readImageInputs(read),
        ...readDestinationInputs(read),
        ...readBuildInputs(read),
    };
    if (inputs.tags.length > 0 && !inputs.destination) {
        throw new errors/* InputError */.dz('tags', inputs.tags.join('\n'), 'extra tags need a destination to push to', 'Set destination, or remove tags.');
    }
    return inputs;
}
function readSourceInputs(read) {
    const context = read.string('context') || '.';
    const patch = read.text('patch') || undefined;
    const patchFailure = read.choice('patch-failure', ['error', 'warn'], 'error');
    return { context, ...(patch !== undefined && { patch }), patchFailure };
}
function readEnvironmentInputs(read) {
    const requirements = read.text('requirements') || undefined;
    const frozenRequirements = read.text('frozen-requirements') || undefined;
    const freezeLocalEnv = read.bool('freeze-local-env', false);
    const allowEmptyEnvironment = read.bool('allow-empty-environment', false);
    // Checked against the supported range by the inputs aggregator (launch/inputs.ts).
    const pythonVersion = read.optional('python-version');
    const installer = read.choice('installer', ['pip', 'uv'], 'pip');
    const pipIndexUrl = read.optional('pip-index-url');
    if (pipIndexUrl !== undefined)
        checkUrl('pip-index-url', pipIndexUrl);
    const pipExtraIndexUrls = read.lines('pip-extra-index-url');
    for (const url of pipExtraIndexUrls)
        checkUrl('pip-extra-index-url', url);
    return {
        ...(requirements !== undefined && { requirements }),
        ...(frozenRequirements !== undefined && { frozenRequirements }),
        freezeLocalEnv,
        allowEmptyEnvironment,
        ...(pythonVersion !== undefined && { pythonVersion }),
        installer,
        ...(pipIndexUrl !== undefined && { pipIndexUrl }),
        pipExtraIndexUrls,
    };
}
function readImageInputs(read) {
    const baseImage = imageInput(read, 'base-image');
    const acceleratorBaseImage = imageInput(read, 'accelerator-base-image');
    if (baseImage && acceleratorBaseImage) {
        throw new errors/* InputError */.dz('accelerator-base-image', acceleratorBaseImage, 'it cannot be combined with base-image', 'Give base-image for an image that already has Python, or accelerator-base-image for one that needs Python installed, not both.');
    }
    const dockerImage = imageInput(read, 'docker-image');
    const dockerfile = read.optional('dockerfile');
    const dockerfileMode = read.choice('dockerfile-mode', ['as-is', 'parent'], 'as-is');
    const aptPackages = read.list('apt-packages');
    for (const name of aptPackages) {
        if (!APT_PACKAGE.test(name)) {
            throw new errors/* InputError */.dz('apt-packages', name, 'expected Debian package names (lower-case letters, digits, "+", "-", "."), separated by spaces or newlines', 'List each package by name, e.g. "git curl libgl1"; shell syntax is not allowed.');
        }
    }
    const env = read.keyValues('env', ENV_NAME, 'a letter or "_" followed by letters, digits or "_"');
    const buildArgs = read.keyValues('build-args', ENV_NAME, 'a letter or "_" followed by letters, digits or "_"');
    const entrypointText = read.optional('entrypoint');
    let entrypoint;
    if (entrypointText !== undefined) {
        entrypoint = (0,words/* splitWords */.y)(entrypointText);
        if (!entrypoint || entrypoint.length === 0) {
            throw new errors/* InputError */.dz('entrypoint', entrypointText, 'expected a command such as "python train.py --epochs 3" (quotes must be closed)');
        }
    }
    return {
        ...(baseImage !== undefined && { baseImage }),
        ...(acceleratorBaseImage !== undefined && { acceleratorBaseImage }),
        ...(dockerImage !== undefined && { dockerImage }),
        ...(dockerfile !== undefined && { dockerfile }),
        dockerfileMode,
        aptPackages,
        env,
        buildArgs,
        ...(entrypoint !== undefined && { entrypoint }),
    };
}
function readDestinationInputs(read) {
    const destinationText = read.optional('destination');
    let destination;
    if (destinationText !== undefined) {
        const parsed = parseImageReference(destinationText);
        if (typeof parsed === 'string' || parsed.tag !== undefined || parsed.digest !== undefined) {
            throw new errors/* InputError */.dz('destination', destinationText, typeof parsed === 'string'
                ? `not a valid image repository: ${parsed}`
                : 'expected a repository without tag or digest (the tag is the source hash)', 'Write it as HOST/PATH, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/train or ghcr.io/org/train.');
        }
        destination = parsed;
    }
    const tags = read.lines('tags');
    for (const tag of tags) {
        if (!core_TAG.test(tag)) {
            throw new errors/* InputError */.dz('tags', tag, 'expected tags of letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")');
        }
    }
    return { ...(destination !== undefined && { destination }), tags };
}
function readBuildInputs(read) {
    const forceRebuild = read.bool('force-rebuild', false);
    const builder = read.choice('builder', ['auto', 'buildx', 'docker', 'noop'], 'auto');
    const cache = read.choice('cache', ['auto', 'gha', 'registry', 'inline', 'none'], 'auto');
    const network = read.choice('network', ['default', 'host', 'none'], 'default');
    const platforms = read.list('platforms');
    for (const platform of platforms) {
        if (!PLATFORM.test(platform)) {
            throw new errors/* InputError */.dz('platforms', platform, 'expected OS/ARCH[/VARIANT], e.g. linux/amd64');
        }
    }
    return { forceRebuild, builder, cache, network, platforms };
}
function imageInput(read, name) {
    const value = read.optional(name);
    if (value === undefined)
        return undefined;
    const parsed = parseImageReference(value);
    if (typeof parsed === 'string') {
        throw new errors/* InputError */.dz(name, value, `not a valid image reference: ${parsed}`, 'Use e.g. python:3.11-slim or nvidia/cuda:12.4.1-runtime-ubuntu22.04.');
    }
    return value;
}
function checkUrl(name, value) {
    let url;
    try {
        url = new URL(value);
    }
    catch {
        url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
        throw new errors/* InputError */.dz(name, redactUrl(value), 'expected an http(s) URL such as https://pypi.example.com/simple');
    }
}
/** The URL without user info, for logs, errors and the source hash. */
function redactUrl(value) {
    try {
        const url = new URL(value);
        if (url.username || url.password) {
            url.username = '';
            url.password = '';
        }
        return url.toString();
    }
    catch {
        return value.replace(/\/\/[^@/]*@/, '//');
    }
}

;// CONCATENATED MODULE: ./src/environment/errors.ts
/**
 * Raised when the context holds no Python environment and the inputs give none: names every file
 * that was looked for and every input that would help, so the user can act on the first read.
 */
class NoEnvironmentError extends Error {
    lookedFor;
    helpfulInputs;
    constructor(lookedFor, helpfulInputs, note) {
        super(`No Python environment found in the build context: looked for ${lookedFor.join(', ')}.` +
            (note ? ` ${note}` : '') +
            ' Fix: add one of these files, or set one of the inputs ' +
            helpfulInputs.join(', ') +
            '.');
        this.lookedFor = lookedFor;
        this.helpfulInputs = helpfulInputs;
        this.name = 'NoEnvironmentError';
    }
}

;// CONCATENATED MODULE: ./src/environment/pep508.ts
/**
 * PEP 508 requirement and PEP 440 version syntax. Pure: used to validate every requirement line
 * before anything is built, so a typo fails in seconds with its file and line instead of minutes
 * later inside `docker build`.
 */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const VERSION_OPERATORS = ['===', '~=', '==', '!=', '<=', '>=', '<', '>'];
/** The PEP 440 version pattern (as in `packaging.version.VERSION_PATTERN`), anchored. */
const PEP440_VERSION = new RegExp('^v?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*' +
    '(?:[-_.]?(?:alpha|a|beta|b|preview|pre|c|rc)[-_.]?[0-9]*)?' +
    '(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?' +
    '(?:[-_.]?dev[-_.]?[0-9]*)?' +
    '(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$', 'i');
/** A URL with a scheme (`https://`, `git+ssh://`, `file:`). */
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
/** PEP 503 normalised project name: lower case, runs of `-_.` become `-`. */
function normalizeName(name) {
    return name.toLowerCase().replace(/[-_.]+/g, '-');
}
function isValidVersion(version) {
    return PEP440_VERSION.test(version);
}
/** The local version label of a version (`2.3.1+cu121` → `cu121`), if any. */
function localVersionLabel(version) {
    const plus = version.indexOf('+');
    return plus === -1 ? undefined : version.slice(plus + 1);
}
/** Parses one PEP 508 requirement (no pip options). */
function parseRequirement(text) {
    const source = text.trim();
    const nameMatch = NAME.exec(source);
    if (!nameMatch)
        return { ok: false, error: 'it does not start with a package name' };
    const name = nameMatch[0];
    let rest = source.slice(name.length).trimStart();
    const extras = [];
    if (rest.startsWith('[')) {
        const close = rest.indexOf(']');
        if (close === -1)
            return { ok: false, error: "the extras list has no closing ']'" };
        for (const extra of rest.slice(1, close).split(',')) {
            const trimmed = extra.trim();
            if (trimmed === '')
                continue;
            if (NAME.exec(trimmed)?.[0] !== trimmed) {
                return { ok: false, error: `'${trimmed}' is not a valid extra name` };
            }
            extras.push(trimmed);
        }
        rest = rest.slice(close + 1).trimStart();
    }
    if (rest.startsWith('@'))
        return parseUrlRequirement(name, extras, rest.slice(1).trimStart());
    const semicolon = rest.indexOf(';');
    const versionPart = semicolon === -1 ? rest : rest.slice(0, semicolon);
    const specifiers = parseSpecifierList(versionPart);
    if (!specifiers.ok)
        return specifiers;
    const requirement = { name, extras, specifiers: specifiers.value };
    if (semicolon !== -1) {
        const marker = rest.slice(semicolon + 1).trim();
        const checked = validateMarker(marker);
        if (!checked.ok)
            return checked;
        requirement.marker = marker;
    }
    return { ok: true, value: requirement };
}
function parseUrlRequirement(name, extras, rest) {
    // PEP 508 needs whitespace between the URL and ';' because ';' is legal inside a URL.
    const markerStart = rest.search(/\s+;/);
    const url = (markerStart === -1 ? rest : rest.slice(0, markerStart)).trim();
    if (!URL_WITH_SCHEME.test(url)) {
        return { ok: false, error: `'${url}' after '@' is not a URL with a scheme (https://…)` };
    }
    const requirement = { name, extras, specifiers: [], url };
    if (markerStart !== -1) {
        const marker = rest.slice(markerStart).trim().replace(/^;/, '').trim();
        const checked = validateMarker(marker);
        if (!checked.ok)
            return checked;
        requirement.marker = marker;
    }
    return { ok: true, value: requirement };
}
/** Parses `>=1.2, <2` or `(>=1.2,<2)`; an empty string is an empty list. */
function parseSpecifierList(text) {
    let body = text.trim();
    if (body.startsWith('(')) {
        if (!body.endsWith(')'))
            return { ok: false, error: "the version list has no closing ')'" };
        body = body.slice(1, -1).trim();
    }
    if (body === '')
        return { ok: true, value: [] };
    const clauses = [];
    for (const part of body.split(',')) {
        const clause = parseClause(part.trim());
        if (!clause.ok)
            return clause;
        clauses.push(clause.value);
    }
    return { ok: true, value: clauses };
}
function parseClause(text) {
    const op = VERSION_OPERATORS.find((candidate) => text.startsWith(candidate));
    if (!op && /^=[^=]/.test(text)) {
        return {
            ok: false,
            error: `'${text}' has a single '=': pip needs '==' (conda's '=' belongs in environment.yml)`,
        };
    }
    if (!op) {
        return {
            ok: false,
            error: `'${text}' has no version operator (one of ${VERSION_OPERATORS.join(' ')})`,
        };
    }
    const version = text.slice(op.length).trim();
    if (op === '===') {
        return /^\S+$/.test(version)
            ? { ok: true, value: { op, version } }
            : { ok: false, error: `'${text}' has no version` };
    }
    const wildcard = version.endsWith('.*');
    if (wildcard && op !== '==' && op !== '!=') {
        return { ok: false, error: `'${text}': a '.*' version is only allowed with == and !=` };
    }
    const plain = wildcard ? version.slice(0, -2) : version;
    if (!isValidVersion(plain) || (wildcard && plain.includes('+'))) {
        return { ok: false, error: `'${version}' is not a valid version` };
    }
    if (op === '~=' && !/^v?(?:\d+!)?\d+\.\d+/.test(plain)) {
        return { ok: false, error: `'${text}': '~=' needs at least two version parts (e.g. ~=1.4)` };
    }
    return { ok: true, value: { op, version } };
}
// ---- environment markers --------------------------------------------------------------------
const MARKER_VARIABLES = new Set([
    'python_version',
    'python_full_version',
    'os_name',
    'sys_platform',
    'platform_release',
    'platform_system',
    'platform_version',
    'platform_machine',
    'platform_python_implementation',
    'implementation_name',
    'implementation_version',
    'extra',
    'extras',
    'dependency_groups',
    // Legacy dotted forms that pip still accepts.
    'os.name',
    'sys.platform',
    'platform.version',
    'platform.machine',
    'platform.python_implementation',
    'python_implementation',
]);
function tokenizeMarker(text) {
    const tokens = [];
    let index = 0;
    while (index < text.length) {
        const char = text[index] ?? '';
        if (/\s/.test(char)) {
            index += 1;
        }
        else if (char === '"' || char === "'") {
            const end = text.indexOf(char, index + 1);
            if (end === -1)
                return { ok: false, error: `the marker has an unclosed ${char} quote` };
            tokens.push({ kind: 'string', text: text.slice(index + 1, end) });
            index = end + 1;
        }
        else if (char === '(' || char === ')') {
            tokens.push({ kind: char, text: char });
            index += 1;
        }
        else {
            const op = /^(===|~=|==|!=|<=|>=|<|>)/.exec(text.slice(index));
            const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(index));
            const token = op ? { kind: 'op', text: op[0] } : word ? word[0] : undefined;
            if (token === undefined) {
                return { ok: false, error: `the marker has an unexpected '${char}'` };
            }
            if (typeof token === 'string')
                tokens.push({ kind: 'word', text: token });
            else
                tokens.push(token);
            index += typeof token === 'string' ? token.length : token.text.length;
        }
    }
    return { ok: true, value: tokens };
}
/** Checks a PEP 508 marker (`python_version < "3.11" and sys_platform == 'linux'`). */
function validateMarker(marker) {
    if (marker === '')
        return { ok: false, error: "the marker after ';' is empty" };
    const tokens = tokenizeMarker(marker);
    if (!tokens.ok)
        return tokens;
    const parser = new MarkerParser(tokens.value);
    const error = parser.parseOr() ?? parser.expectEnd();
    return error === undefined
        ? { ok: true, value: marker }
        : { ok: false, error: `invalid marker '${marker}': ${error}` };
}
/** Recursive descent over PEP 508's marker grammar; each method returns an error or undefined. */
class MarkerParser {
    tokens;
    position = 0;
    constructor(tokens) {
        this.tokens = tokens;
    }
    parseOr() {
        const first = this.parseAnd();
        if (first !== undefined)
            return first;
        while (this.peekWord('or')) {
            this.position += 1;
            const next = this.parseAnd();
            if (next !== undefined)
                return next;
        }
        return undefined;
    }
    expectEnd() {
        const token = this.tokens[this.position];
        return token === undefined ? undefined : `unexpected '${token.text}'`;
    }
    parseAnd() {
        const first = this.parseExpression();
        if (first !== undefined)
            return first;
        while (this.peekWord('and')) {
            this.position += 1;
            const next = this.parseExpression();
            if (next !== undefined)
                return next;
        }
        return undefined;
    }
    parseExpression() {
        const token = this.tokens[this.position];
        if (token?.kind === '(') {
            this.position += 1;
            const inner = this.parseOr();
            if (inner !== undefined)
                return inner;
            if (this.tokens[this.position]?.kind !== ')')
                return "missing ')'";
            this.position += 1;
            return undefined;
        }
        return this.parseValue() ?? this.parseOperator() ?? this.parseValue();
    }
    parseValue() {
        const token = this.tokens[this.position];
        if (token === undefined)
            return 'it ends where a value was expected';
        if (token.kind === 'string') {
            this.position += 1;
            return undefined;
        }
        if (token.kind === 'word' && MARKER_VARIABLES.has(token.text)) {
            this.position += 1;
            return undefined;
        }
        return `'${token.text}' is not a marker variable or a quoted string`;
    }
    parseOperator() {
        const token = this.tokens[this.position];
        if (token?.kind === 'op') {
            this.position += 1;
            return undefined;
        }
        if (this.peekWord('in')) {
            this.position += 1;
            return undefined;
        }
        if (this.peekWord('not') && this.tokens[this.position + 1]?.text === 'in') {
            this.position += 2;
            return undefined;
        }
        return `expected a comparison operator, got '${token?.text ?? 'the end'}'`;
    }
    peekWord(word) {
        const token = this.tokens[this.position];
        return token?.kind === 'word' && token.text === word;
    }
}

;// CONCATENATED MODULE: ./src/environment/requirements-file.ts
/**
 * The pip requirements-file format: logical lines (comments, `\` continuations) and what each
 * line is. Pure; shared by the requirements, frozen and conda `pip:` stages and by the reader that
 * follows `-r`/`-c` includes.
 */


const REQUIREMENT_EXAMPLES = "expected e.g. 'numpy==1.26.4', 'torch>=2.1,<3', 'pkg[extra]; python_version<\"3.12\"' " +
    "or 'name @ https://…'";
/** pip options allowed in a requirements file; `true` when the option takes a value. */
const FILE_OPTIONS = new Map([
    ['-r', true],
    ['--requirement', true],
    ['-c', true],
    ['--constraint', true],
    ['-e', true],
    ['--editable', true],
    ['-i', true],
    ['--index-url', true],
    ['--extra-index-url', true],
    ['-f', true],
    ['--find-links', true],
    ['--trusted-host', true],
    ['--only-binary', true],
    ['--no-binary', true],
    ['--no-index', false],
    ['--pre', false],
    ['--prefer-binary', false],
    ['--require-hashes', false],
]);
const SHORT_TO_LONG = {
    '-r': '--requirement',
    '-c': '--constraint',
    '-e': '--editable',
    '-i': '--index-url',
    '-f': '--find-links',
};
const HASH = /^(?:sha256|sha384|sha512):[0-9a-fA-F]+$/;
const ARCHIVE = /\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;
/** Splits a file into logical lines the way pip reads it (continuations, then comments). */
function logicalLines(content) {
    const physical = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    const result = [];
    let pending;
    physical.forEach((raw, index) => {
        const isComment = /^\s*#/.test(raw);
        const joined = pending
            ? { lineNumber: pending.lineNumber, text: pending.text + (isComment ? ' ' : '') + raw }
            : { lineNumber: index + 1, text: raw };
        if (!isComment && joined.text.endsWith('\\')) {
            pending = { lineNumber: joined.lineNumber, text: joined.text.slice(0, -1) };
            return;
        }
        pending = undefined;
        pushLine(result, joined);
    });
    if (pending)
        pushLine(result, pending);
    return result;
}
function pushLine(result, line) {
    const text = line.text.replace(/(^|\s+)#.*$/, '').trim();
    if (text !== '')
        result.push({ lineNumber: line.lineNumber, text });
}
/** Classifies one logical line. Never throws: callers decide what is an error. */
function classifyLine(text) {
    if (text.startsWith('-'))
        return classifyOptionLine(text);
    const { requirementText, error } = splitPerRequirementOptions(text);
    if (error)
        return { kind: 'invalid', error };
    if (looksLikeLocalPath(requirementText))
        return { kind: 'local', target: requirementText };
    if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(requirementText) && !/\s/.test(requirementText)) {
        return /^file:/i.test(requirementText)
            ? { kind: 'local', target: requirementText }
            : { kind: 'url', url: requirementText };
    }
    const parsed = parseRequirement(requirementText);
    if (!parsed.ok) {
        if (/[/\\]/.test(requirementText) && !requirementText.includes('@')) {
            return { kind: 'local', target: requirementText };
        }
        return { kind: 'invalid', error: parsed.error };
    }
    if (parsed.value.url && /^file:/i.test(parsed.value.url)) {
        return { kind: 'local', target: parsed.value.url };
    }
    return { kind: 'requirement', requirement: parsed.value };
}
function looksLikeLocalPath(text) {
    return (/^(?:\.{1,2}(?:[/\\]|$)|[/\\~]|[A-Za-z]:[/\\])/.test(text) ||
        (ARCHIVE.test(text) && !text.includes('://') && !text.includes('@')));
}
/** Separates trailing `--hash=…` options (the only per-requirement option allowed). */
function splitPerRequirementOptions(text) {
    const optionStart = text.search(/\s--?[A-Za-z]/);
    if (optionStart === -1)
        return { requirementText: text };
    const tokens = text.slice(optionStart).trim().split(/\s+/);
    for (let index = 0; index < tokens.length; index += 1) {
        const token = tokens[index] ?? '';
        let value;
        if (token.startsWith('--hash='))
            value = token.slice('--hash='.length);
        else if (token === '--hash')
            value = tokens[(index += 1)];
        else
            return { requirementText: text, error: `'${token}' is not allowed after a requirement` };
        if (value === undefined || !HASH.test(value)) {
            return {
                requirementText: text,
                error: `'${value ?? ''}' is not a hash (expected --hash=sha256:<hex>)`,
            };
        }
    }
    return { requirementText: text.slice(0, optionStart).trim() };
}
function classifyOptionLine(text) {
    const tokens = text.split(/\s+/);
    const indexUrls = [];
    for (let index = 0; index < tokens.length; index += 1) {
        const parsed = splitOptionToken(tokens[index] ?? '');
        if (!parsed) {
            return { kind: 'invalid', error: `'${tokens[index]}' is not an option allowed in a file` };
        }
        const takesValue = FILE_OPTIONS.get(parsed.option) ?? false;
        let value = parsed.value;
        if (takesValue && value === undefined)
            value = tokens[(index += 1)];
        if (takesValue && (value === undefined || value === '')) {
            return { kind: 'invalid', error: `option ${parsed.option} needs a value` };
        }
        if (!takesValue && value !== undefined) {
            return { kind: 'invalid', error: `option ${parsed.option} takes no value` };
        }
        const long = SHORT_TO_LONG[parsed.option] ?? parsed.option;
        const rest = tokens.slice(index + 1);
        if (long === '--requirement' || long === '--constraint' || long === '--editable') {
            if (rest.length > 0)
                return { kind: 'invalid', error: `unexpected '${rest.join(' ')}'` };
            if (long === '--editable')
                return { kind: 'editable', target: value ?? '' };
            return {
                kind: 'include',
                option: long === '--requirement' ? '-r' : '-c',
                target: value ?? '',
            };
        }
        if (long === '--index-url' || long === '--extra-index-url' || long === '--find-links') {
            indexUrls.push(value ?? '');
        }
    }
    return { kind: 'option', indexUrls };
}
function splitOptionToken(token) {
    if (token.startsWith('--')) {
        const eq = token.indexOf('=');
        const option = eq === -1 ? token : token.slice(0, eq);
        if (!FILE_OPTIONS.has(option))
            return undefined;
        return eq === -1 ? { option } : { option, value: token.slice(eq + 1) };
    }
    const option = token.slice(0, 2);
    if (!FILE_OPTIONS.get(option))
        return undefined;
    // pip accepts a short option glued to its value: `-rother.txt`.
    return token.length > 2 ? { option, value: token.slice(2) } : { option };
}
/** pip resolves `-r`/`-c` relative to the including file's folder. */
function resolveInclude(fromFile, target) {
    if (/^https?:\/\//i.test(target))
        return { kind: 'url', url: target };
    if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(target) && !/^[A-Za-z]:[/\\]/.test(target)) {
        return { kind: 'outside', reason: `'${target}' is not a path or an http(s) URL` };
    }
    const slashed = target.replace(/\\/g, '/');
    if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed) || slashed.startsWith('~')) {
        return { kind: 'outside', reason: `'${target}' is an absolute path` };
    }
    const joined = external_node_path_.posix.normalize(external_node_path_.posix.join(external_node_path_.posix.dirname(fromFile), slashed));
    if (joined === '..' || joined.startsWith('../')) {
        return { kind: 'outside', reason: `'${target}' points outside the build context` };
    }
    return { kind: 'file', path: joined };
}
/** The `-r`/`-c` includes of a file, with their line numbers, in file order. */
function listIncludes(file, content) {
    return logicalLines(content).flatMap((line) => {
        const entry = classifyLine(line.text);
        return entry.kind === 'include'
            ? [
                {
                    lineNumber: line.lineNumber,
                    text: line.text,
                    target: resolveInclude(file, entry.target),
                },
            ]
            : [];
    });
}

;// CONCATENATED MODULE: ./src/environment/inputs.ts
/**
 * The `requirements` and `frozen-requirements` inputs take a context-relative file path or an
 * inline list. Pure: decides which, and refuses paths that leave the context, before any file is
 * read.
 */



/** The input's value as a path candidate or an inline list. */
function classifyListInput(input, value) {
    const text = value.trim();
    // A newline, or a URL (`name @ https://…`), never names a file in the context.
    if (text.includes('\n') || text.includes('://'))
        return { kind: 'inline', text };
    const slashed = text.replace(/\\/g, '/');
    const normalized = external_node_path_.posix.normalize(slashed);
    const escapes = slashed.startsWith('/') ||
        slashed.startsWith('~') ||
        /^[A-Za-z]:\//.test(slashed) ||
        normalized === '..' ||
        normalized.startsWith('../');
    if (!escapes)
        return { kind: 'path', path: normalized.replace(/^\.\//, '') };
    throw new errors/* InputError */.dz(input, value, 'expected a file path inside the build context (relative, without ..) or an inline list', 'Copy the file into the repository and give its path relative to the context.');
}
/** A single line that is a requirement (or a URL / pip option line), not a file name. */
function looksLikeRequirement(text) {
    const kind = classifyLine(text).kind;
    return kind === 'requirement' || kind === 'url' || kind === 'option';
}
/**
 * A single token that names a file (`*.txt`, `*.in`, or a `/` that is not part of a requirement's
 * URL): when it is missing, the user meant a file, so guessing "inline" would install a package
 * named like the file.
 */
function looksLikePath(text) {
    if (/\s/.test(text))
        return false;
    if (/\.(?:txt|in|lock)$/i.test(text))
        return true;
    return text.includes('/') && !looksLikeRequirement(text);
}

;// CONCATENATED MODULE: ./src/environment/origin.ts
/**
 * Where a list of requirement lines came from, so every error and every dropped line names the
 * place the user can fix: a file and line, an input, or the job's `pip freeze`.
 */



/** How an origin is named in `DroppedRequirement.file` and in messages. */
function originLabel(origin) {
    switch (origin.kind) {
        case 'file':
            return origin.file;
        case 'input':
            return `'${origin.input}' input`;
        case 'freeze':
            return 'pip freeze';
    }
}
/** An error about one line: FileError for files, InputError for inputs. */
function lineError(origin, lineNumber, line, problem) {
    if (origin.kind === 'input') {
        return new errors/* InputError */.dz(origin.input, line, `line ${lineNumber} ${problem}`, 'Put one requirement per line (a YAML block scalar `|` keeps the newlines).');
    }
    return new errors/* FileError */.f6(originLabel(origin), lineNumber, `${problem}: ${line}`);
}
function invalidRequirementProblem(reason) {
    return `is not a valid requirement (${REQUIREMENT_EXAMPLES}; ${reason})`;
}
/**
 * PyTorch publishes `+cu121`, `+cpu` and `+rocm6.0` builds on its own index only, so a pin with
 * such a local version needs that index to install.
 */
function pytorchIndexFor(requirement) {
    for (const clause of requirement.specifiers) {
        if (clause.op !== '==' && clause.op !== '===')
            continue;
        const label = localVersionLabel(clause.version);
        if (label && /^(?:cu\d+|cpu|rocm\d+(?:\.\d+)*)$/.test(label)) {
            return `https://download.pytorch.org/whl/${label}`;
        }
    }
    return undefined;
}
/** Adds items not yet present, keeping first-seen order. */
function appendUnique(target, items) {
    for (const item of items)
        if (!target.includes(item))
            target.push(item);
}
/**
 * True for URLs with `user:password@` or `token@` in them, which must not reach an image
 * (`git@` of `git+ssh://git@host/…` is a user name, not a secret).
 */
function hasUrlCredentials(text) {
    for (const match of text.matchAll(/[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/@]+)@/g)) {
        if (match[1] !== 'git')
            return true;
    }
    return false;
}
/** The text with URL credentials replaced by `***`, so a report of the line leaks nothing. */
function redactUrlCredentials(text) {
    return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/@]+)@/g, (whole, scheme, user) => (user === 'git' ? whole : `${scheme}***@`));
}

;// CONCATENATED MODULE: ./src/environment/requirements.ts
/**
 * Requirement lists that are installed as written: a requirements file (with its `-r`/`-c`
 * includes) or an inline list. Pure: validates every line and finds the extra indexes needed.
 */



/**
 * Local paths and editable installs are refused rather than copied: the dependency layer is built
 * before the code is copied (so a code-only change reuses it), and `-e .` would need the whole
 * code in that layer. Refusing with the line is clearer than a layer that silently rebuilds on
 * every commit.
 */
const LOCAL_INSTALL_PROBLEM = 'installs a local path or an editable checkout, which the dependency layer cannot do (it is ' +
    'built before the code is copied, so code-only changes reuse it). Remove the line (the code ' +
    "is in the image's working directory at run time) or list that package's dependencies instead";
/** Validates a requirements file and every file it includes. */
function checkRequirementsFile(files, root) {
    const scan = { needed: [], declared: [] };
    const visited = [];
    const visit = (file, content) => {
        visited.push(file);
        checkLines({ kind: 'file', file }, content, scan, [], (target, lineNumber, text) => {
            const resolved = resolveInclude(file, target);
            if (resolved.kind === 'url')
                return;
            if (resolved.kind === 'outside') {
                throw new errors/* FileError */.f6(file, lineNumber, `cannot include ${resolved.reason}: ${text}`);
            }
            if (visited.includes(resolved.path))
                return;
            const included = files.get(resolved.path);
            if (included === undefined) {
                throw new errors/* FileError */.f6(file, lineNumber, `includes '${resolved.path}', which is not in the build context: ${text}`);
            }
            visit(resolved.path, included);
        });
    };
    visit(root, files.get(root) ?? '');
    return { files: visited, lines: [], extraIndexUrls: missingIndexes(scan) };
}
/** Validates an inline list given as an input; includes are refused (no file to resolve from). */
function checkInlineRequirements(input, text) {
    const scan = { needed: [], declared: [] };
    const lines = [];
    const origin = { kind: 'input', input };
    checkLines(origin, text, scan, lines, (_target, lineNumber, line) => {
        throw lineError(origin, lineNumber, line, 'includes a file, which an inline list cannot do: give the file path as the input instead');
    });
    return { files: [], lines, extraIndexUrls: missingIndexes(scan) };
}
/** Validates one pip line embedded in another file (environment.yml's `pip:` list). */
function checkEmbeddedPipLine(file, lineNumber, text) {
    const entry = classifyLine(text);
    const problem = entry.kind === 'invalid'
        ? invalidRequirementProblem(entry.error)
        : entry.kind === 'include'
            ? 'includes a file, which the generated image cannot resolve: list the packages here'
            : entry.kind === 'editable' || entry.kind === 'local'
                ? LOCAL_INSTALL_PROBLEM
                : undefined;
    if (problem)
        throw new errors/* FileError */.f6(file, lineNumber, `${problem}: ${text}`);
    const index = entry.kind === 'requirement' ? pytorchIndexFor(entry.requirement) : undefined;
    return {
        needed: index ? [index] : [],
        declared: entry.kind === 'option' ? entry.indexUrls.map(withoutTrailingSlash) : [],
    };
}
function checkLines(origin, content, scan, lines, onInclude) {
    for (const line of logicalLines(content)) {
        const entry = classifyLine(line.text);
        switch (entry.kind) {
            case 'invalid':
                throw lineError(origin, line.lineNumber, line.text, invalidRequirementProblem(entry.error));
            case 'editable':
            case 'local':
                throw lineError(origin, line.lineNumber, line.text, LOCAL_INSTALL_PROBLEM);
            case 'include':
                onInclude(entry.target, line.lineNumber, line.text);
                break;
            case 'option':
                appendUnique(scan.declared, entry.indexUrls.map(withoutTrailingSlash));
                break;
            case 'requirement': {
                const index = pytorchIndexFor(entry.requirement);
                if (index)
                    appendUnique(scan.needed, [index]);
                break;
            }
            case 'url':
                break;
        }
        lines.push(line.text);
    }
}
function withoutTrailingSlash(url) {
    return url.replace(/\/+$/, '');
}
function missingIndexes(scan) {
    return scan.needed.filter((url) => !scan.declared.includes(url));
}

;// CONCATENATED MODULE: ./src/environment/text.ts
/** Small pure helpers for pointing errors at the right line of a file. */
function splitLines(content) {
    return content.replace(/^\uFEFF/, '').split(/\r?\n/);
}
/** 1-based number of the first line at or after `fromLine` that contains `needle`. */
function findLine(content, needle, fromLine = 1) {
    const lines = splitLines(content);
    for (let index = Math.max(fromLine - 1, 0); index < lines.length; index += 1) {
        if ((lines[index] ?? '').includes(needle))
            return index + 1;
    }
    return undefined;
}
/**
 * Line numbers of YAML block-sequence items (`- value`), matched in order: the parsed value of the
 * n-th string item is looked for at or after the line of the previous one. Items written in flow
 * style (`[a, b]`) fall back to the first line containing the value.
 */
class SequenceItemLocator {
    content;
    nextLine = 1;
    constructor(content) {
        this.content = content;
    }
    locate(value) {
        const lines = splitLines(this.content);
        for (let index = this.nextLine - 1; index < lines.length; index += 1) {
            const match = /^\s*-\s+(['"]?)(.*?)\1\s*(?:\s#.*)?$/.exec(lines[index] ?? '');
            if (match && match[2] === value) {
                this.nextLine = index + 2;
                return index + 1;
            }
        }
        return findLine(this.content, value, this.nextLine) ?? findLine(this.content, value);
    }
}

;// CONCATENATED MODULE: ./src/environment/frozen.ts





const DROP_REASONS = {
    editableNote: "pip freeze's note about an editable install (the install is dropped too)",
    editable: 'editable install: it points at a checkout on the machine that froze the list; add ' +
        "'name @ git+https://…' to a requirements file if the run needs it",
    condaBuild: 'local file of a conda package build: it does not exist where the image is built; pin the ' +
        "package from PyPI (e.g. 'name==<version>') if the run needs it",
    localPath: 'local path: it does not exist where the image is built',
    pkgResources: "not a real package (an artefact of Debian/Ubuntu's patched pip)",
    include: 'includes another file: a frozen list must be self-contained',
    credentials: 'the URL carries credentials, which must never be written into an image',
};
/**
 * Sanitises a frozen list. Lines that are not requirements at all are errors for a list the user
 * wrote (a file or an input: they can fix it) and dropped for `pip freeze` output (they cannot).
 */
function sanitiseFrozenList(origin, content) {
    const label = originLabel(origin);
    const result = { lines: [], dropped: [], extraIndexUrls: [] };
    const needed = [];
    const declared = [];
    const drop = (lineNumber, line, reason) => {
        // Dropped lines are logged and reported: never with a password or token in them.
        result.dropped.push({ line: redactUrlCredentials(line), file: label, lineNumber, reason });
    };
    splitLines(content).forEach((raw, index) => {
        if (/^\s*#\s*Editable\b/i.test(raw))
            drop(index + 1, raw.trim(), DROP_REASONS.editableNote);
    });
    for (const { lineNumber, text } of logicalLines(content)) {
        const entry = classifyLine(text);
        if (entry.kind === 'invalid') {
            const problem = invalidRequirementProblem(entry.error);
            if (origin.kind !== 'freeze')
                throw lineError(origin, lineNumber, text, problem);
            drop(lineNumber, text, problem);
        }
        else if (entry.kind === 'editable') {
            drop(lineNumber, text, DROP_REASONS.editable);
        }
        else if (entry.kind === 'local') {
            const conda = /conda|feedstock_root|croot/i.test(entry.target);
            drop(lineNumber, text, conda ? DROP_REASONS.condaBuild : DROP_REASONS.localPath);
        }
        else if (entry.kind === 'include') {
            drop(lineNumber, text, DROP_REASONS.include);
        }
        else if (hasUrlCredentials(text)) {
            drop(lineNumber, text, DROP_REASONS.credentials);
        }
        else if (entry.kind === 'requirement' &&
            normalizeName(entry.requirement.name) === 'pkg-resources') {
            drop(lineNumber, text, DROP_REASONS.pkgResources);
        }
        else {
            if (entry.kind === 'requirement') {
                const index = pytorchIndexFor(entry.requirement);
                if (index)
                    appendUnique(needed, [index]);
            }
            if (entry.kind === 'option') {
                appendUnique(declared, entry.indexUrls.map(withoutTrailingSlash));
            }
            result.lines.push(text);
        }
    }
    result.extraIndexUrls = missingIndexes({ needed, declared });
    result.dropped.sort((left, right) => left.lineNumber - right.lineNumber);
    return result;
}

// EXTERNAL MODULE: ./node_modules/js-yaml/dist/js-yaml.mjs
var js_yaml = __webpack_require__(3243);
;// CONCATENATED MODULE: ./src/environment/python-version.ts
/**
 * Which Python the image gets. Pure: parses the `python-version` input, `.python-version`,
 * `runtime.txt`, conda pins and `requires-python` specifiers.
 */


const DEFAULT_PYTHON_VERSION = '3.11';
const OLDEST_MINOR = 8;
const NEWEST_MINOR = 14;
const SUPPORTED_RANGE = `3.${OLDEST_MINOR}–3.${NEWEST_MINOR}`;
const EXACT_VERSION = /^3\.(\d+)(?:\.(\d+))?$/;
/** `3.11` / `3.11.4` within the supported range, else undefined. */
function supportedVersion(text) {
    const match = EXACT_VERSION.exec(text);
    if (!match)
        return undefined;
    const minor = Number(match[1]);
    return minor >= OLDEST_MINOR && minor <= NEWEST_MINOR ? text : undefined;
}
/** Validates the `python-version` input. */
function parsePythonVersionInput(value) {
    const version = supportedVersion(value.trim());
    if (version)
        return version;
    throw new errors/* InputError */.dz('python-version', value, `expected MAJOR.MINOR or MAJOR.MINOR.PATCH of Python ${SUPPORTED_RANGE}`, 'Write it as e.g. "3.11" or "3.11.9".');
}
/** `.python-version` (pyenv): the first non-comment line is the version. */
function parseDotPythonVersion(file, content) {
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    const index = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const text = index === -1 ? '' : (lines[index] ?? '').trim();
    const version = supportedVersion(text);
    if (version)
        return version;
    throw new errors/* FileError */.f6(file, index === -1 ? 1 : index + 1, `'${text}' is not a CPython version this action can install (expected e.g. 3.11 or 3.11.4, ` +
        `Python ${SUPPORTED_RANGE}). Fix the file or set the 'python-version' input.`);
}
/** `runtime.txt` (Heroku / repo2docker style): `python-3.11.4`. */
function parseRuntimeTxt(file, content) {
    const text = content
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0]
        ?.trim() ?? '';
    const version = supportedVersion(text.replace(/^python-/, ''));
    if (text.startsWith('python-') && version)
        return version;
    throw new errors/* FileError */.f6(file, 1, `'${text}' is not a Python runtime (expected e.g. 'python-3.11.4', Python ${SUPPORTED_RANGE}). ` +
        `Fix the file or set the 'python-version' input.`);
}
/**
 * Picks the Python minor for a PEP 440 specifier such as `>=3.10,<3.13`. Choice: the default (3.11)
 * when it is allowed, else the newest allowed minor below it, else the oldest allowed above it —
 * the version closest to the one with the broadest wheel coverage for ML packages. Returns
 * undefined when no supported minor is allowed.
 */
function chooseMinorForSpecifier(clauses) {
    const defaultMinor = Number(DEFAULT_PYTHON_VERSION.split('.')[1]);
    const preference = [];
    for (let minor = defaultMinor; minor >= OLDEST_MINOR; minor -= 1)
        preference.push(minor);
    for (let minor = defaultMinor + 1; minor <= NEWEST_MINOR; minor += 1)
        preference.push(minor);
    const chosen = preference.find((minor) => minorSatisfies(minor, clauses));
    return chosen === undefined ? undefined : `3.${chosen}`;
}
/** A minor satisfies the specifier when any of its patch releases does. */
function minorSatisfies(minor, clauses) {
    for (let patch = 0; patch <= 40; patch += 1) {
        if (clauses.every((clause) => clauseAllows(clause, [3, minor, patch])))
            return true;
    }
    return false;
}
function releaseOf(version) {
    const match = /^v?(?:\d+!)?(\d+(?:\.\d+)*)/.exec(version);
    return (match?.[1] ?? '0').split('.').map(Number);
}
function compareRelease(left, right) {
    const length = Math.max(left.length, right.length);
    for (let index = 0; index < length; index += 1) {
        const difference = (left[index] ?? 0) - (right[index] ?? 0);
        if (difference !== 0)
            return Math.sign(difference);
    }
    return 0;
}
function hasPrefix(version, prefix) {
    return prefix.every((part, index) => (version[index] ?? 0) === part);
}
function clauseAllows(clause, candidate) {
    const wildcard = clause.version.endsWith('.*');
    const release = releaseOf(wildcard ? clause.version.slice(0, -2) : clause.version);
    const order = compareRelease(candidate, release);
    switch (clause.op) {
        case '==':
            return wildcard ? hasPrefix(candidate, release) : order === 0;
        case '!=':
            return wildcard ? !hasPrefix(candidate, release) : order !== 0;
        case '>=':
            return order >= 0;
        case '<=':
            return order <= 0;
        case '>':
            return order > 0;
        case '<':
            return order < 0;
        case '~=':
            return order >= 0 && hasPrefix(candidate, release.slice(0, -1));
        default:
            return candidate.join('.') === clause.version;
    }
}
/**
 * Python from a specifier text (`requires-python`, a conda `python>=3.9` pin); errors go to
 * `file:line`.
 */
function pythonFromSpecifier(specifier, file, line) {
    const clauses = parseSpecifierList(specifier);
    if (!clauses.ok) {
        throw new errors/* FileError */.f6(file, line, `'${specifier}' is not a Python version specifier: ${clauses.error}`);
    }
    const chosen = chooseMinorForSpecifier(clauses.value);
    if (chosen)
        return chosen;
    throw new errors/* FileError */.f6(file, line, `no supported Python (${SUPPORTED_RANGE}) satisfies '${specifier}'. ` +
        `Widen the range or set the 'python-version' input.`);
}
/**
 * Poetry's constraint syntax as a PEP 440 specifier: `^1.2.3` → `>=1.2.3,<2.0.0`, `~1.2` →
 * `>=1.2,<1.3`, `1.2.3` → `==1.2.3`, `*` → ``. Returns undefined for `||` (no PEP 440 form).
 */
function poetryConstraintToSpecifier(constraint) {
    const text = constraint.trim();
    if (text.includes('||') || /\s\|\s/.test(text))
        return undefined;
    if (text === '' || text === '*')
        return '';
    const parts = text.split(/\s*,\s*|\s+(?=[<>=!~^])/).filter((part) => part !== '');
    return parts.map(poetryClause).join(',');
}
function poetryClause(part) {
    if (part.startsWith('^')) {
        const release = part.slice(1).split('.');
        const numbers = release.map(Number);
        const firstNonZero = numbers.findIndex((value) => value !== 0);
        const bumpAt = firstNonZero === -1 ? Math.max(numbers.length - 1, 0) : firstNonZero;
        return `>=${part.slice(1)},<${bump(numbers, bumpAt)}`;
    }
    if (part.startsWith('~') && !part.startsWith('~=')) {
        const numbers = part.slice(1).split('.').map(Number);
        return `>=${part.slice(1)},<${bump(numbers, numbers.length === 1 ? 0 : 1)}`;
    }
    if (/^[0-9]/.test(part))
        return `==${part}`;
    return part;
}
function bump(numbers, index) {
    const bumped = numbers.slice(0, index + 1).map((value, at) => (at === index ? value + 1 : value));
    while (bumped.length < numbers.length)
        bumped.push(0);
    return bumped.join('.');
}

;// CONCATENATED MODULE: ./src/environment/conda.ts
/**
 * conda `environment.yml`: channels, conda package specs, the `pip:` sub-list and the Python pin.
 * Pure; malformed YAML and bad specs are reported with their line.
 */






/** `[channel::]name[version[build]]`, e.g. `conda-forge::numpy>=1.26,<2`, `cudatoolkit 11.8.*`. */
const CONDA_SPEC = /^(?:[A-Za-z0-9_.\-/:]+::)?([A-Za-z0-9_][A-Za-z0-9_.-]*)(.*)$/;
const CONDA_SPEC_REST = /^[\s0-9A-Za-z_.*=<>!~,|+\-[\]'"]*$/;
function parseCondaEnvironment(file, content) {
    const document = loadYaml(file, content);
    const locator = new SequenceItemLocator(content);
    const environment = {
        file,
        channels: stringList(file, content, document.channels, 'channels'),
        specs: [],
        pipLines: [],
        extraIndexUrls: [],
    };
    if (typeof document.name === 'string')
        environment.name = document.name;
    const dependencies = document.dependencies ?? [];
    if (!Array.isArray(dependencies)) {
        throw new errors/* FileError */.f6(file, lineOfKey(content, 'dependencies'), "'dependencies' must be a list");
    }
    const scan = { needed: [], declared: [] };
    for (const item of dependencies) {
        if (isPipSection(item)) {
            for (const pipLine of stringList(file, content, item.pip, 'pip')) {
                const found = checkEmbeddedPipLine(file, locator.locate(pipLine), pipLine);
                appendUnique(scan.needed, found.needed);
                appendUnique(scan.declared, found.declared);
                environment.pipLines.push(pipLine);
            }
        }
        else if (typeof item === 'string') {
            const line = locator.locate(item);
            const name = checkCondaSpec(file, line, item);
            if (name === 'python')
                environment.pythonPin = { spec: item, line };
            environment.specs.push(item);
        }
        else {
            throw new errors/* FileError */.f6(file, locator.locate(String(item)), `dependency ${JSON.stringify(item)} is not a package spec (expected e.g. 'numpy=1.26' or ` +
                `a 'pip:' list; quote versions so YAML keeps them as text)`);
        }
    }
    environment.extraIndexUrls = missingIndexes(scan);
    return environment;
}
/** The Python version of a conda `python` spec, or undefined when it leaves Python unpinned. */
function pythonFromCondaPin(file, pin) {
    const constraint = (CONDA_SPEC.exec(pin.spec.trim())?.[2] ?? '').replace(/\[.*\]/, '').trim();
    if (constraint === '' || constraint === '*')
        return undefined;
    // `=3.11`, `==3.11.4`, `3.11.*`, `=3.11.4=h955ad1f_0` (with a build string).
    const exact = /^(?:==?)?\s*(\d+(?:\.\d+){0,2})(?:\.\*)?(?:[=\s]\S+)?$/.exec(constraint);
    if (exact?.[1] && !exact[1].includes('.')) {
        // `python=3`: any 3.x.
        return pythonFromSpecifier(`==${exact[1]}.*`, file, pin.line);
    }
    if (exact?.[1]) {
        const version = supportedVersion(exact[1]);
        if (version)
            return version;
        throw new errors/* FileError */.f6(file, pin.line, `pins Python ${exact[1]}, which is not supported (Python ${SUPPORTED_RANGE}): ${pin.spec}`);
    }
    if (constraint.includes('|')) {
        throw new errors/* FileError */.f6(file, pin.line, `'${pin.spec}': a Python pin with '|' is not supported; pin one range or set 'python-version'`);
    }
    return pythonFromSpecifier(constraint.replace(/\s+/g, ''), file, pin.line);
}
function checkCondaSpec(file, line, spec) {
    const match = CONDA_SPEC.exec(spec.trim());
    if (!match?.[1] || !CONDA_SPEC_REST.test(match[2] ?? '')) {
        throw new errors/* FileError */.f6(file, line, `'${spec}' is not a valid conda package spec (expected e.g. 'numpy=1.26', ` +
            `'pytorch::pytorch>=2.1' or 'cudatoolkit 11.8.*')`);
    }
    return match[1].toLowerCase();
}
function loadYaml(file, content) {
    let document;
    try {
        document = (0,js_yaml/* load */.Hh)(content);
    }
    catch (error) {
        const mark = error.mark;
        const reason = error.reason ?? String(error);
        throw new errors/* FileError */.f6(file, mark?.line === undefined ? 1 : mark.line + 1, `invalid YAML: ${reason}`);
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
        throw new errors/* FileError */.f6(file, 1, "expected a mapping with 'dependencies' (and 'channels', 'name')");
    }
    return document;
}
function isPipSection(item) {
    return typeof item === 'object' && item !== null && !Array.isArray(item) && 'pip' in item;
}
function stringList(file, content, value, key) {
    if (value === undefined || value === null)
        return [];
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        throw new errors/* FileError */.f6(file, lineOfKey(content, key), `'${key}' must be a list of strings`);
    }
    return value;
}
function lineOfKey(content, key) {
    const index = content
        .split(/\r?\n/)
        .findIndex((line) => new RegExp(`^\\s*-?\\s*${key}\\s*:`).test(line));
    return index === -1 ? undefined : index + 1;
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./src/environment/poetry.ts
/**
 * Poetry: `[tool.poetry.dependencies]` as PEP 508 lines, and the main-group packages of a
 * `poetry.lock` as pinned lines. Pure.
 */






function isTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function stringsOf(value) {
    return Array.isArray(value)
        ? value.filter((item) => typeof item === 'string')
        : [];
}
/** `[tool.poetry.dependencies]` (without `python`) as PEP 508 lines; optional ones are extras. */
function poetryDependencyLines(file, content, dependencies) {
    const lines = [];
    for (const [name, value] of Object.entries(dependencies)) {
        if (name === 'python')
            continue;
        const entries = Array.isArray(value) ? value : [value];
        for (const entry of entries) {
            const line = poetryEntryLine(file, content, name, entry);
            if (line !== undefined)
                lines.push(line);
        }
    }
    return lines;
}
function poetryEntryLine(file, content, name, entry) {
    const where = findLine(content, name) ?? findLine(content, '[tool.poetry.dependencies]');
    const table = typeof entry === 'string' ? { version: entry } : isTable(entry) ? entry : {};
    if (typeof entry !== 'string' && !isTable(entry)) {
        throw new errors/* FileError */.f6(file, where, `dependency '${name}' must be a version string or a table`);
    }
    if (table.optional === true)
        return undefined;
    if (table.path !== undefined)
        throw new errors/* FileError */.f6(file, where, `'${name}' ${LOCAL_INSTALL_PROBLEM}`);
    const extras = stringsOf(table.extras);
    const head = extras.length > 0 ? `${name}[${extras.join(',')}]` : name;
    const markers = poetryMarkers(file, where, name, table);
    const suffix = markers.length > 0 ? ` ; ${markers.join(' and ')}` : '';
    if (typeof table.git === 'string') {
        const ref = [table.rev, table.tag, table.branch].find((item) => typeof item === 'string');
        const sub = typeof table.subdirectory === 'string' ? `#subdirectory=${table.subdirectory}` : '';
        return `${head} @ git+${table.git}${ref ? `@${String(ref)}` : ''}${sub}${suffix}`;
    }
    if (typeof table.url === 'string')
        return `${head} @ ${table.url}${suffix}`;
    const specifier = poetryConstraintToSpecifier(String(table.version ?? '*'));
    if (specifier === undefined) {
        throw new errors/* FileError */.f6(file, where, `'${name}': version constraints with '||' have no pip equivalent; commit a poetry.lock or ` +
            `write one range`);
    }
    return `${head}${specifier}${suffix}`;
}
function poetryMarkers(file, where, name, table) {
    const markers = [];
    if (typeof table.markers === 'string')
        markers.push(`(${table.markers})`);
    if (typeof table.python === 'string') {
        const specifier = poetryConstraintToSpecifier(table.python);
        if (specifier === undefined) {
            throw new errors/* FileError */.f6(file, where, `'${name}': a python constraint with '||' is not supported`);
        }
        for (const clause of specifier.split(',').filter((part) => part !== '')) {
            const [, op, version] = /^(~=|===|==|!=|<=|>=|<|>)(.*)$/.exec(clause) ?? [];
            if (op && version)
                markers.push(`python_version ${op} "${version.replace(/\.\*$/, '')}"`);
        }
    }
    if (typeof table.platform === 'string')
        markers.push(`sys_platform == "${table.platform}"`);
    return markers;
}
/** Roots from `[tool.poetry.dependencies]`: non-optional entries with their extras. */
function poetryRoots(dependencies) {
    return Object.entries(dependencies)
        .filter(([name, value]) => name !== 'python' && !(isTable(value) && value.optional === true))
        .map(([name, value]) => ({ name, extras: isTable(value) ? stringsOf(value.extras) : [] }));
}
/**
 * The packages of the main group, pinned. Poetry 2 records `groups`, Poetry < 1.5 `category`;
 * locks in between record neither, so the main group is what the project's own dependencies
 * reach through the lock's dependency tables (dev-only packages are not reached).
 */
function poetryLockLines(file, content, lock, roots) {
    const packages = (Array.isArray(lock.package) ? lock.package : [])
        .filter(isTable)
        .map((table) => ({
        name: String(table.name ?? ''),
        version: String(table.version ?? ''),
        table,
    }));
    const selected = packages.some((pkg) => Array.isArray(pkg.table.groups))
        ? packages.filter((pkg) => stringsOf(pkg.table.groups).includes('main'))
        : packages.some((pkg) => typeof pkg.table.category === 'string')
            ? packages.filter((pkg) => pkg.table.category === 'main')
            : reachablePackages(packages, roots);
    const result = { lines: [], dropped: [], extraIndexUrls: [] };
    for (const pkg of selected) {
        if (pkg.table.optional === true && !roots.some((root) => sameName(root.name, pkg.name))) {
            continue;
        }
        lockedLine(file, content, pkg, result);
    }
    return result;
}
function lockedLine(file, content, pkg, result) {
    const source = isTable(pkg.table.source) ? pkg.table.source : undefined;
    const marker = lockMarker(pkg.table.markers);
    const suffix = marker ? ` ; ${marker}` : '';
    const url = typeof source?.url === 'string' ? source.url : '';
    switch (source?.type) {
        case 'git': {
            const ref = source.resolved_reference ?? source.reference;
            const sub = typeof source.subdirectory === 'string' ? `#subdirectory=${source.subdirectory}` : '';
            result.lines.push(`${pkg.name} @ git+${url}${ref ? `@${String(ref)}` : ''}${sub}${suffix}`);
            return;
        }
        case 'url':
            result.lines.push(`${pkg.name} @ ${url}${suffix}`);
            return;
        case 'file':
        case 'directory':
            result.dropped.push({
                line: `${pkg.name} @ ${url}`,
                file,
                lineNumber: findLine(content, `name = "${pkg.name}"`) ?? 1,
                reason: 'local path dependency: it is not part of the dependency layer',
            });
            return;
        case 'legacy':
            if (url !== '')
                appendUnique(result.extraIndexUrls, [url]);
            break;
    }
    result.lines.push(`${pkg.name}==${pkg.version}${suffix}`);
}
function lockMarker(markers) {
    if (typeof markers === 'string')
        return markers;
    if (isTable(markers) && typeof markers.main === 'string')
        return markers.main;
    return undefined;
}
function sameName(left, right) {
    return normalizeName(left) === normalizeName(right);
}
function reachablePackages(packages, roots) {
    const byName = new Map(packages.map((pkg) => [normalizeName(pkg.name), pkg]));
    // Visited packages, and visited `name[extra]` pairs, so cycles through extras terminate.
    const reached = new Set();
    const queue = [...roots];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const key = normalizeName(next.name);
        const pkg = byName.get(key);
        if (!pkg)
            continue;
        const firstVisit = !reached.has(key);
        reached.add(key);
        const newExtras = next.extras.filter((extra) => !reached.has(`${key}[${extra}]`));
        newExtras.forEach((extra) => reached.add(`${key}[${extra}]`));
        const extras = isTable(pkg.table.extras) ? pkg.table.extras : {};
        const wanted = new Set(newExtras.flatMap((extra) => stringsOf(extras[extra]).map((spec) => normalizeName(/^[A-Za-z0-9._-]+/.exec(spec)?.[0] ?? ''))));
        const dependencies = isTable(pkg.table.dependencies) ? pkg.table.dependencies : {};
        for (const [name, spec] of Object.entries(dependencies)) {
            const entries = Array.isArray(spec) ? spec : [spec];
            const optional = entries.every((entry) => isTable(entry) && entry.optional === true);
            const follow = wanted.has(normalizeName(name)) || (firstVisit && !optional);
            if (!follow)
                continue;
            const extrasOf = entries.flatMap((entry) => (isTable(entry) ? stringsOf(entry.extras) : []));
            queue.push({ name, extras: extrasOf });
        }
    }
    // Keep the lock's own order (sorted by name), not the walk order.
    return packages.filter((pkg) => reached.has(normalizeName(pkg.name)));
}

;// CONCATENATED MODULE: ./src/environment/pyproject.ts
/**
 * `pyproject.toml`: PEP 621 `[project].dependencies` or Poetry's `[tool.poetry.dependencies]`,
 * with `uv.lock` / `poetry.lock` when present. Pure; TOML errors carry the parser's line.
 */








const PYPROJECT = 'pyproject.toml';
const UV_LOCK = 'uv.lock';
const POETRY_LOCK = 'poetry.lock';
function pyproject_isTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function parseToml(file, content) {
    try {
        return (0,dist/* parse */.qg)(content);
    }
    catch (error) {
        if (error instanceof dist/* TomlError */.zx) {
            throw new errors/* FileError */.f6(file, error.line, `invalid TOML: ${error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')}`);
        }
        throw error;
    }
}
function parsePyproject(content) {
    const document = parseToml(PYPROJECT, content);
    const pyproject = { content, poetrySources: [] };
    if (pyproject_isTable(document.project))
        pyproject.project = document.project;
    const tool = pyproject_isTable(document.tool) ? document.tool : {};
    const poetry = pyproject_isTable(tool.poetry) ? tool.poetry : {};
    if (pyproject_isTable(poetry.dependencies))
        pyproject.poetryDependencies = poetry.dependencies;
    for (const source of Array.isArray(poetry.source) ? poetry.source : []) {
        if (pyproject_isTable(source) && typeof source.name === 'string' && typeof source.url === 'string') {
            const explicit = source.priority === 'explicit';
            pyproject.poetrySources.push({ name: source.name, url: source.url, explicit });
        }
    }
    return pyproject;
}
/**
 * Which table lists the dependencies. `[project].dependencies` wins; Poetry's table is used when
 * `[project]` has none. A pyproject.toml holding only tool settings (black, ruff, pytest) or with
 * `dynamic = ["dependencies"]` and no Poetry table does not describe the environment.
 */
function dependencyTable(pyproject) {
    if (pyproject.project?.dependencies !== undefined)
        return 'project';
    if (pyproject.poetryDependencies)
        return 'poetry';
    const dynamic = pyproject.project?.dynamic;
    const isDynamic = Array.isArray(dynamic) && dynamic.includes('dependencies');
    return pyproject.project && !isDynamic ? 'project' : undefined;
}
/** The Python specifier the file declares (PEP 440), with where it came from. */
function pythonRequirement(pyproject) {
    const requires = pyproject.project?.['requires-python'];
    if (typeof requires === 'string') {
        return {
            specifier: requires,
            line: findLine(pyproject.content, 'requires-python'),
            source: 'requires-python',
        };
    }
    const poetryPython = pyproject.poetryDependencies?.python;
    if (typeof poetryPython === 'string') {
        const line = findLine(pyproject.content, 'python', findLine(pyproject.content, 'dependencies'));
        const specifier = poetryConstraintToSpecifier(poetryPython);
        if (specifier === undefined) {
            throw new errors/* FileError */.f6(PYPROJECT, line, `python = "${poetryPython}": '||' is not supported`);
        }
        return { specifier, line, source: 'tool.poetry.dependencies.python' };
    }
    return undefined;
}
/** The environment of a pyproject.toml that declares dependencies, with its lock if present. */
function pyprojectEnvironment(pyproject, files) {
    const projectLines = dependencyTable(pyproject) === 'project' ? projectDependencies(pyproject) : undefined;
    const lines = projectLines ??
        poetryDependencyLines(PYPROJECT, pyproject.content, pyproject.poetryDependencies ?? {});
    const extraIndexUrls = [];
    for (const line of lines) {
        const parsed = parseRequirement(line);
        if (!parsed.ok) {
            throw new errors/* FileError */.f6(PYPROJECT, findLine(pyproject.content, line.split(/[\s[@;<>=!~]/)[0] ?? line), `${invalidRequirementProblem(parsed.error)}: ${line}`);
        }
        const index = pytorchIndexFor(parsed.value);
        if (index)
            appendUnique(extraIndexUrls, [index]);
    }
    const uvLock = files.get(UV_LOCK);
    if (projectLines !== undefined && uvLock !== undefined) {
        const lock = parseToml(UV_LOCK, uvLock);
        if (!Array.isArray(lock.package) && lock.version === undefined) {
            throw new errors/* FileError */.f6(UV_LOCK, 1, 'not a uv lock file (no version and no [[package]] tables)');
        }
        return {
            files: [PYPROJECT, UV_LOCK],
            install: { kind: 'uv-lock', files: [PYPROJECT, UV_LOCK] },
            extraIndexUrls,
            dropped: [],
            detail: 'the locked set of uv.lock',
        };
    }
    const poetryLock = files.get(POETRY_LOCK);
    if (poetryLock !== undefined) {
        const roots = rootsOf(pyproject, projectLines);
        const locked = poetryLockLines(POETRY_LOCK, poetryLock, parseToml(POETRY_LOCK, poetryLock), roots);
        appendUnique(extraIndexUrls, locked.extraIndexUrls);
        return {
            files: [PYPROJECT, POETRY_LOCK],
            install: { kind: 'poetry-lock', files: [PYPROJECT, POETRY_LOCK], lines: locked.lines },
            extraIndexUrls,
            dropped: locked.dropped,
            detail: 'the main-group packages pinned in poetry.lock',
        };
    }
    if (projectLines === undefined)
        appendUnique(extraIndexUrls, poetrySourceUrls(pyproject));
    return {
        files: [PYPROJECT],
        install: { kind: 'requirement-lines', lines, noDeps: false },
        extraIndexUrls,
        dropped: [],
        detail: projectLines !== undefined ? '[project].dependencies' : '[tool.poetry.dependencies]',
    };
}
function projectDependencies(pyproject) {
    const dependencies = pyproject.project?.dependencies ?? [];
    const where = findLine(pyproject.content, 'dependencies');
    if (!Array.isArray(dependencies)) {
        throw new errors/* FileError */.f6(PYPROJECT, where, '[project].dependencies must be a list of strings');
    }
    return dependencies.map((item) => {
        if (typeof item !== 'string') {
            throw new errors/* FileError */.f6(PYPROJECT, where, `dependency ${JSON.stringify(item)} is not a string`);
        }
        const parsed = parseRequirement(item);
        const line = findLine(pyproject.content, item, where) ?? where;
        if (!parsed.ok) {
            throw new errors/* FileError */.f6(PYPROJECT, line, `${invalidRequirementProblem(parsed.error)}: ${item}`);
        }
        if (parsed.value.url?.startsWith('file:')) {
            throw new errors/* FileError */.f6(PYPROJECT, line, `${LOCAL_INSTALL_PROBLEM}: ${item}`);
        }
        return item.trim();
    });
}
function rootsOf(pyproject, projectLines) {
    const roots = [];
    for (const line of projectLines ?? []) {
        const parsed = parseRequirement(line);
        if (parsed.ok)
            roots.push({ name: parsed.value.name, extras: parsed.value.extras });
    }
    if (pyproject.poetryDependencies)
        roots.push(...poetryRoots(pyproject.poetryDependencies));
    return roots;
}
/**
 * Without a lock, Poetry sources become extra indexes: every non-explicit source, and explicit
 * ones that a dependency names with `source = "…"`.
 */
function poetrySourceUrls(pyproject) {
    const named = Object.values(pyproject.poetryDependencies ?? {}).flatMap((value) => (Array.isArray(value) ? value : [value]).flatMap((entry) => pyproject_isTable(entry) && typeof entry.source === 'string' ? [entry.source] : []));
    return pyproject.poetrySources
        .filter((source) => !source.explicit || named.includes(source.name))
        .map((source) => source.url);
}

;// CONCATENATED MODULE: ./src/environment/detect.ts
/**
 * Python environment detection. PURE: no fs, no exec — it reads a snapshot of the candidate
 * files, so every branch is a table test. First match wins:
 *   'requirements' input → requirements.txt → environment.yml/.yaml → pyproject.toml
 *   → frozen list ('frozen-requirements' input, requirements.frozen.txt, pip freeze) → nothing.
 */









const REQUIREMENTS_TXT = 'requirements.txt';
const CONDA_FILES = ['environment.yml', 'environment.yaml'];
const FROZEN_TXT = 'requirements.frozen.txt';
const PYTHON_VERSION_FILE = '.python-version';
const RUNTIME_TXT = 'runtime.txt';
/** Every fixed file name detection looks at (includes and input paths come on top). */
const CANDIDATE_FILES = [
    REQUIREMENTS_TXT,
    ...CONDA_FILES,
    PYPROJECT,
    UV_LOCK,
    POETRY_LOCK,
    FROZEN_TXT,
    PYTHON_VERSION_FILE,
    RUNTIME_TXT,
];
function given(value) {
    return value !== undefined && value.trim() !== '';
}
/** The first source that matches. Exported so the reader runs `pip freeze` only when it is picked. */
function selectSource(files, options) {
    if (given(options.requirements)) {
        return {
            kind: 'requirements-input',
            list: listInput(files, 'requirements', options.requirements),
        };
    }
    if (files.has(REQUIREMENTS_TXT))
        return { kind: 'requirements-txt' };
    const conda = CONDA_FILES.find((file) => files.has(file));
    if (conda)
        return { kind: 'conda', file: conda };
    const pyprojectText = files.get(PYPROJECT);
    const pyproject = pyprojectText === undefined ? undefined : parsePyproject(pyprojectText);
    if (pyproject && dependencyTable(pyproject))
        return { kind: 'pyproject', pyproject };
    if (given(options.frozenRequirements)) {
        const list = listInput(files, 'frozen-requirements', options.frozenRequirements);
        return { kind: 'frozen-input', list };
    }
    if (files.has(FROZEN_TXT))
        return { kind: 'frozen-txt' };
    if (options.freezeLocalEnv)
        return { kind: 'local-freeze' };
    return { kind: 'none', pyprojectWithoutDependencies: pyproject !== undefined };
}
/** A path input names an existing file, else it is an inline list — unless it plainly names a file. */
function listInput(files, input, value) {
    const list = classifyListInput(input, value);
    if (list.kind === 'inline' || files.has(list.path))
        return list;
    if (looksLikePath(value.trim())) {
        throw new errors/* InputError */.dz(input, value, `the file '${list.path}' is not in the build context`, 'Give a path relative to the context, or an inline list with one requirement per line.');
    }
    return { kind: 'inline', text: value.trim() };
}
function detectEnvironment(snapshot, options) {
    // Validated first: a bad input fails before any file is interpreted.
    const inputVersion = given(options.pythonVersion)
        ? parsePythonVersionInput(options.pythonVersion)
        : undefined;
    const detected = fromSource(selectSource(snapshot.files, options), snapshot, options.allowEmpty);
    return {
        kind: detected.kind,
        reason: detected.reason,
        files: detected.files,
        python: choosePython(snapshot.files, inputVersion, detected),
        install: detected.install,
        extraIndexUrls: detected.extraIndexUrls,
        dropped: detected.dropped,
    };
}
function fromSource(source, snapshot, allowEmpty) {
    const files = snapshot.files;
    switch (source.kind) {
        case 'requirements-input':
            return source.list.kind === 'path'
                ? fromRequirementsFile(files, source.list.path, `the 'requirements' input names ${source.list.path} (overrides detection)`)
                : fromInlineRequirements(source.list.text);
        case 'requirements-txt':
            return fromRequirementsFile(files, REQUIREMENTS_TXT, "requirements.txt found in the context (no 'requirements' input)");
        case 'conda':
            return fromConda(source.file, files.get(source.file) ?? '');
        case 'pyproject':
            return fromPyproject(source.pyproject, files);
        case 'frozen-input':
            return source.list.kind === 'path'
                ? fromFrozen({ kind: 'file', file: source.list.path }, files.get(source.list.path) ?? '', [source.list.path], `the 'frozen-requirements' input names ${source.list.path} (no environment file in the context)`)
                : fromFrozen({ kind: 'input', input: 'frozen-requirements' }, source.list.text, [], "the 'frozen-requirements' input holds an inline frozen list (no environment file in the context)");
        case 'frozen-txt':
            return fromFrozen({ kind: 'file', file: FROZEN_TXT }, files.get(FROZEN_TXT) ?? '', [FROZEN_TXT], `${FROZEN_TXT} found in the context (no requirements.txt, environment.yml or pyproject.toml dependencies)`);
        case 'local-freeze':
            if (snapshot.localFreeze === undefined) {
                throw new Error("freeze-local-env is true but the job's pip freeze output was not read");
            }
            return fromFrozen({ kind: 'freeze' }, snapshot.localFreeze, [], "pip freeze of the job's Python (freeze-local-env is true and no environment file is in the context)");
        case 'none':
            return fromNothing(source.pyprojectWithoutDependencies, allowEmpty);
    }
}
function fromRequirementsFile(files, file, reason) {
    const checked = checkRequirementsFile(files, file);
    return {
        kind: 'requirements',
        reason,
        files: checked.files,
        install: { kind: 'requirements-file', file, alsoCopy: checked.files.slice(1) },
        extraIndexUrls: checked.extraIndexUrls,
        dropped: [],
    };
}
function fromInlineRequirements(text) {
    const checked = checkInlineRequirements('requirements', text);
    const count = checked.lines.length;
    return {
        kind: 'requirements',
        reason: `the 'requirements' input holds an inline list of ${count} line${count === 1 ? '' : 's'} (overrides detection)`,
        files: [],
        install: { kind: 'requirement-lines', lines: checked.lines, noDeps: false },
        extraIndexUrls: checked.extraIndexUrls,
        dropped: [],
    };
}
function fromConda(file, content) {
    const conda = parseCondaEnvironment(file, content);
    const install = { kind: 'conda', file, pipLines: conda.pipLines };
    if (conda.name !== undefined)
        install.name = conda.name;
    return {
        kind: 'conda',
        reason: `${file} found in the context (no 'requirements' input, no requirements.txt)`,
        files: [file],
        install,
        extraIndexUrls: conda.extraIndexUrls,
        dropped: [],
        conda,
    };
}
function fromPyproject(pyproject, files) {
    const found = pyprojectEnvironment(pyproject, files);
    return {
        kind: 'pyproject',
        reason: `${PYPROJECT} declares dependencies (no requirements.txt or environment.yml): installing ${found.detail}`,
        files: found.files,
        install: found.install,
        extraIndexUrls: found.extraIndexUrls,
        dropped: found.dropped,
        pyproject,
    };
}
function fromFrozen(origin, content, files, reason) {
    const sanitised = sanitiseFrozenList(origin, content);
    const dropped = sanitised.dropped.length;
    return {
        kind: 'frozen',
        reason: dropped > 0 ? `${reason}; ${dropped} line${dropped === 1 ? '' : 's'} dropped` : reason,
        files,
        install: { kind: 'requirement-lines', lines: sanitised.lines, noDeps: true },
        extraIndexUrls: sanitised.extraIndexUrls,
        dropped: sanitised.dropped,
    };
}
const LOOKED_FOR = [
    REQUIREMENTS_TXT,
    ...CONDA_FILES,
    `${PYPROJECT} (with [project].dependencies or [tool.poetry.dependencies])`,
    FROZEN_TXT,
];
const HELPFUL_INPUTS = [
    "'requirements' (a file path or an inline list)",
    "'frozen-requirements' (pip freeze output, a file path or inline)",
    "'freeze-local-env: true' (use pip freeze of the job's Python)",
    "'allow-empty-environment: true' (an image with no packages)",
];
function fromNothing(pyprojectWithoutDependencies, allowEmpty) {
    if (allowEmpty) {
        return {
            kind: 'none',
            reason: 'no environment file in the context and allow-empty-environment is true: the image gets no packages',
            files: [],
            install: { kind: 'nothing' },
            extraIndexUrls: [],
            dropped: [],
        };
    }
    const note = pyprojectWithoutDependencies
        ? `${PYPROJECT} is present but declares no dependencies (no [project] table, or dynamic dependencies).`
        : undefined;
    throw new NoEnvironmentError(LOOKED_FOR, HELPFUL_INPUTS, note);
}
function choosePython(files, inputVersion, detected) {
    if (inputVersion)
        return { version: inputVersion, source: 'python-version input' };
    const dotFile = files.get(PYTHON_VERSION_FILE);
    if (dotFile !== undefined) {
        return {
            version: parseDotPythonVersion(PYTHON_VERSION_FILE, dotFile),
            source: PYTHON_VERSION_FILE,
        };
    }
    const runtime = files.get(RUNTIME_TXT);
    if (runtime !== undefined)
        return { version: parseRuntimeTxt(RUNTIME_TXT, runtime), source: RUNTIME_TXT };
    // A conda pin counts only when environment.yml is the environment used.
    if (detected.conda?.pythonPin) {
        const version = pythonFromCondaPin(detected.conda.file, detected.conda.pythonPin);
        if (version)
            return { version, source: detected.conda.file };
    }
    const pyprojectText = files.get(PYPROJECT);
    const pyproject = detected.pyproject ?? (pyprojectText === undefined ? undefined : parsePyproject(pyprojectText));
    const requirement = pyproject ? pythonRequirement(pyproject) : undefined;
    if (requirement) {
        return {
            version: pythonFromSpecifier(requirement.specifier, PYPROJECT, requirement.line),
            source: requirement.source,
        };
    }
    return { version: DEFAULT_PYTHON_VERSION, source: 'default' };
}

// EXTERNAL MODULE: ./src/platform/exec.ts
var exec = __webpack_require__(6886);
;// CONCATENATED MODULE: ./src/environment/read.ts
/**
 * The I/O half of environment detection: reads exactly the files detection may need (following
 * `-r`/`-c` includes) and runs `python -m pip freeze` only when detection would use it. Every path
 * stays inside the context: `..`, absolute paths and symlinks that resolve outside are refused.
 */








const nodeSnapshotFs = {
    async realpath(path) {
        try {
            return await (0,promises_.realpath)(path);
        }
        catch (error) {
            if (error.code === 'ENOENT')
                return undefined;
            throw error;
        }
    },
    async isFile(path) {
        return (await (0,promises_.stat)(path)).isFile();
    },
    readText: (path) => (0,promises_.readFile)(path, 'utf8'),
};
const defaultEnvironmentReadDeps = {
    fs: nodeSnapshotFs,
    run: exec/* runProgram */.m,
    env: process.env,
    platform: process.platform,
};
/** Reads context-relative files, refusing any that resolve outside the context. */
class ContextReader {
    root;
    fs;
    constructor(root, fs) {
        this.root = root;
        this.fs = fs;
    }
    async read(relativePath) {
        const real = await this.fs.realpath((0,external_node_path_.join)(this.root, relativePath));
        if (real === undefined)
            return { kind: 'missing' };
        if (real !== this.root && !real.startsWith(this.root + external_node_path_.sep)) {
            return { kind: 'outside', realPath: real };
        }
        if (!(await this.fs.isFile(real)))
            return { kind: 'missing' };
        return { kind: 'file', content: await this.fs.readText(real) };
    }
}
const LIST_INPUTS = [
    ['requirements', 'requirements'],
    ['frozen-requirements', 'frozenRequirements'],
];
async function readEnvironmentSnapshot(contextDir, options, deps = defaultEnvironmentReadDeps) {
    // Inputs are checked before anything is read or run.
    if (options.pythonVersion?.trim())
        parsePythonVersionInput(options.pythonVersion);
    const inputPaths = LIST_INPUTS.flatMap(([input, key]) => {
        const value = options[key];
        if (value === undefined || value.trim() === '')
            return [];
        const list = classifyListInput(input, value);
        return list.kind === 'path' ? [{ input, value, path: list.path }] : [];
    });
    const root = await deps.fs.realpath(contextDir);
    if (root === undefined)
        throw new Error(`The build context ${contextDir} does not exist`);
    const reader = new ContextReader(root, deps.fs);
    const files = new Map();
    for (const { input, value, path } of inputPaths) {
        const result = await reader.read(path);
        if (result.kind === 'outside') {
            throw new errors/* InputError */.dz(input, value, 'expected a file inside the build context', `'${path}' is a symbolic link to ${result.realPath}, outside the context; copy the file into the repository instead.`);
        }
        if (result.kind === 'file')
            files.set(path, result.content);
    }
    for (const name of CANDIDATE_FILES) {
        if (files.has(name))
            continue;
        const result = await reader.read(name);
        if (result.kind === 'outside') {
            throw new errors/* FileError */.f6(name, undefined, `is a symbolic link to ${result.realPath}, outside the build context; replace it with the file itself`);
        }
        if (result.kind === 'file')
            files.set(name, result.content);
    }
    const requirementsPath = inputPaths.find((item) => item.input === 'requirements')?.path;
    await followIncludes(reader, files, [requirementsPath, REQUIREMENTS_TXT]);
    const snapshot = { files };
    if (options.freezeLocalEnv && wouldUseLocalFreeze(files, options)) {
        snapshot.localFreeze = await pipFreeze(deps);
    }
    return snapshot;
}
/** Reads the files named by `-r`/`-c` lines, recursively; missing ones are left for detection to report. */
async function followIncludes(reader, files, roots) {
    const queue = roots.filter((root) => root !== undefined && files.has(root));
    const seen = new Set(queue);
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        for (const include of listIncludes(file, files.get(file) ?? '')) {
            if (include.target.kind !== 'file' || seen.has(include.target.path))
                continue;
            const path = include.target.path;
            seen.add(path);
            const result = await reader.read(path);
            if (result.kind === 'outside') {
                throw new errors/* FileError */.f6(file, include.lineNumber, `includes '${path}', a symbolic link to ${result.realPath} outside the build context: ${include.text}`);
            }
            if (result.kind === 'file') {
                files.set(path, result.content);
                queue.push(path);
            }
        }
    }
}
/** Whether detection would reach the pip freeze step; a broken file is for detection to report. */
function wouldUseLocalFreeze(files, options) {
    try {
        return selectSource(files, options).kind === 'local-freeze';
    }
    catch {
        return false;
    }
}
/** The job's Python: actions/setup-python's `pythonLocation`, else `python3` on PATH. */
function localPython(env, platform) {
    const location = env.pythonLocation;
    if (location)
        return platform === 'win32' ? (0,external_node_path_.join)(location, 'python.exe') : (0,external_node_path_.join)(location, 'bin', 'python');
    return platform === 'win32' ? 'python' : 'python3';
}
async function pipFreeze(deps) {
    const python = localPython(deps.env, deps.platform);
    const args = ['-m', 'pip', 'freeze'];
    const command = [python, ...args].join(' ');
    const fix = "Set up Python first (actions/setup-python) or give the 'frozen-requirements' input.";
    const result = await deps.run(python, args, { env: deps.env });
    if (result.notFound) {
        throw new Error(`freeze-local-env: could not run ${command}: ${python} was not found. ${fix}`);
    }
    if (result.exitCode !== 0) {
        const detail = result.stderr.trim().split('\n').slice(-5).join('\n');
        throw new Error(`freeze-local-env: ${command} exited with ${result.exitCode}: ${detail}. ${fix}`);
    }
    return result.stdout;
}

;// CONCATENATED MODULE: ./src/context/dockerignore.ts
/**
 * `.dockerignore` exactly as Docker applies it: a port of moby/patternmatcher (pattern cleaning,
 * compilation and `MatchesUsingParentResults`) and of its ignore-file reader. The walk that uses
 * it (files.ts) ports BuildKit's context filter (tonistiigi/fsutil), because what Docker sends
 * depends on the walk too: a pattern is matched against each path *given the parent directory's
 * per-pattern results*, and excluded directories are pruned unless a literal `!` exception
 * starts inside them.
 *
 * Why a port and not a package: the npm ports (`@balena/dockerignore`, `@zeit/dockerignore`)
 * follow moby's old, deprecated `Matches` (one parent directory checked, no parent results, no
 * pruning rule), which gives different answers for re-includes under excluded directories and
 * for `**` allow-lists; the gitignore matchers differ more. The Go source is small and stable,
 * so following it line by line is the surest way to send the hash the files Docker sends.
 * A differential test against Docker itself guards the port.
 */

/**
 * Paths that never enter an image or the hash, whatever the user's rules say: `.git` (history,
 * and the token actions/checkout leaves in .git/config) and `.dockerignore`, which the classic
 * builder always drops, so every builder sends the same files.
 */
const ALWAYS_IGNORED = ['.git', '.dockerignore'];
/** A .dockerignore that Docker would refuse (or that this port cannot follow exactly). */
class DockerignoreError extends errors/* FileError */.f6 {
    pattern;
    constructor(file, pattern, detail) {
        super(file, undefined, `the pattern ${JSON.stringify(pattern)} ${detail}. Fix or remove that line of ${file}.`);
        this.pattern = pattern;
        this.name = 'DockerignoreError';
    }
}
/**
 * Reads an ignore file like moby's `ignorefile.ReadAll`: a UTF-8 BOM dropped, lines starting with
 * `#` skipped (before trimming, so ` #x` is a pattern), whitespace trimmed, `!` split off and
 * trimmed, the rest cleaned like Go's `filepath.Clean` and a leading `/` removed.
 */
function readIgnorePatterns(text) {
    const patterns = [];
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const lines = body.split('\n');
    if (lines.at(-1) === '')
        lines.pop();
    for (const raw of lines) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (line.startsWith('#'))
            continue;
        let pattern = goTrimSpace(line);
        if (pattern === '')
            continue;
        const invert = pattern.startsWith('!');
        if (invert)
            pattern = goTrimSpace(pattern.slice(1));
        if (pattern.length > 0) {
            pattern = goClean(pattern);
            if (pattern.length > 1 && pattern.startsWith('/'))
                pattern = pattern.slice(1);
        }
        patterns.push(invert ? `!${pattern}` : pattern);
    }
    return patterns;
}
/**
 * Parses the user's ignore file (named `source` in errors) into Docker's rules, with the
 * always-ignored paths last so no `!` exception can bring them back.
 */
function parseDockerignore(text, source = '.dockerignore') {
    const userPatterns = readIgnorePatterns(text);
    const patterns = compilePatterns([...userPatterns, ...ALWAYS_IGNORED], source);
    const exclusions = patterns.some((pattern) => pattern.exclusion);
    const onlyPrefixExcludeExceptions = !patterns.some((pattern) => pattern.exclusion && /[*[\]?^\\]/.test(withoutTrailingGlob(pattern.cleaned)));
    return {
        source: text === '' ? undefined : source,
        text,
        patterns,
        exclusions,
        onlyPrefixExcludeExceptions,
        matches: (path, parent) => matchesUsingParentResults(patterns, path, parent),
        canSkipExcludedDirectory(path) {
            if (!onlyPrefixExcludeExceptions)
                return false;
            if (!exclusions)
                return true;
            const dirSlash = `${path}/`;
            return !patterns.some((pattern) => pattern.exclusion && `${withoutTrailingGlob(pattern.cleaned)}/`.startsWith(dirSlash));
        },
    };
}
/**
 * The ignore file handed to the builder next to the Dockerfile: the user's file as written (so
 * the builder reads exactly the patterns hashed here), then the always-ignored paths.
 */
function renderDockerignore(rules) {
    const text = rules.text === '' || rules.text.endsWith('\n') ? rules.text : `${rules.text}\n`;
    return `${text}${ALWAYS_IGNORED.join('\n')}\n`;
}
/** The last pattern that excludes `path` (checked with the same parent results as the walk). */
function excludingPattern(rules, path) {
    const parts = path.split('/');
    let info = [];
    for (let i = 0; i < parts.length; i++) {
        const prefix = parts.slice(0, i + 1).join('/');
        const result = rules.matches(prefix, info);
        if (result.excluded) {
            // The deciding pattern is the last non-exception one that matched.
            for (let p = rules.patterns.length - 1; p >= 0; p--) {
                const pattern = rules.patterns[p];
                if (result.info[p] && !pattern.exclusion)
                    return pattern.cleaned;
            }
        }
        info = result.info;
    }
    return undefined;
}
/** moby's `New`: trims, cleans, splits off `!`, and refuses what Go's `filepath.Match` refuses. */
function compilePatterns(raw, source) {
    const patterns = [];
    for (const original of raw) {
        let text = goTrimSpace(original);
        if (text === '')
            continue;
        text = goClean(text);
        let exclusion = false;
        if (text.startsWith('!')) {
            if (text.length === 1) {
                throw new DockerignoreError(source, original, 'is a lone "!" (Docker refuses it)');
            }
            exclusion = true;
            text = text.slice(1);
        }
        const syntax = globSyntaxProblem(text);
        if (syntax)
            throw new DockerignoreError(source, original, syntax);
        patterns.push(compile(text, exclusion, source, original));
    }
    return patterns;
}
/** moby's `Pattern.compile`: a literal, a prefix (`dir/**`), a suffix (`**\/name`) or a regexp. */
function compile(cleaned, exclusion, source, original) {
    let regStr = '^';
    let matchType = 'exact';
    const chars = [...cleaned];
    let at = 0;
    const peek = () => chars[at];
    for (let i = 0; at < chars.length; i++) {
        const ch = chars[at++];
        if (ch === '*') {
            if (peek() === '*') {
                at++;
                if (peek() === '/')
                    at++;
                if (peek() === undefined) {
                    if (matchType === 'exact') {
                        matchType = 'prefix';
                    }
                    else {
                        regStr += ANY;
                        matchType = 'regexp';
                    }
                }
                else {
                    regStr += `(?:${ANY}/)?`;
                    matchType = 'regexp';
                }
                if (i === 0)
                    matchType = 'suffix';
            }
            else {
                regStr += `${NOT_SLASH}*`;
                matchType = 'regexp';
            }
        }
        else if (ch === '?') {
            regStr += ONE_NOT_SLASH;
            matchType = 'regexp';
        }
        else if ('.+()|{}$'.includes(ch)) {
            regStr += `\\${ch}`;
        }
        else if (ch === '\\') {
            const next = peek();
            if (next !== undefined) {
                at++;
                // Go's regexp accepts `\` before ASCII punctuation only (as a literal), and gives letters
                // and digits class meanings JavaScript does not share: refuse those rather than differ.
                if (next.codePointAt(0) >= 0x80 || /^[A-Za-z0-9]$/.test(next)) {
                    throw new DockerignoreError(source, original, `escapes ${JSON.stringify(next)}; only punctuation may follow "\\" in a pattern`);
                }
                regStr += `\\${next}`;
                matchType = 'regexp';
            }
            else {
                regStr += '\\\\';
            }
        }
        else if (ch === '[' || ch === ']') {
            regStr += ch;
            matchType = 'regexp';
        }
        else {
            regStr += ch.length > 1 ? ch : escapeForJs(ch);
        }
    }
    if (matchType !== 'regexp')
        return { cleaned, exclusion, matchType };
    if (/\[[^\]]*\[:/.test(cleaned) || /\[[^\]]*[\uD800-\uDFFF]/.test(cleaned)) {
        throw new DockerignoreError(source, original, 'uses a character class this tool cannot match exactly as Docker does (POSIX classes or characters outside the Basic Multilingual Plane inside [...])');
    }
    try {
        return { cleaned, exclusion, matchType, regexp: new RegExp(`${regStr}$`) };
    }
    catch {
        throw new DockerignoreError(source, original, 'is not a valid pattern (Docker refuses it)');
    }
}
/** Go's `.` (no `s` flag): anything but a newline; JavaScript's `.` also stops at \r, \u2028. */
const ANY = '[^\\n]*';
const NOT_SLASH = '[^/]';
/** One character that is not '/': a surrogate pair counts as one, as Go counts runes. */
const ONE_NOT_SLASH = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^/])';
/** Characters moby leaves as they are but that mean something to a JavaScript RegExp. */
function escapeForJs(ch) {
    return ch === '/' ? '\\/' : ch;
}
/** moby's `Pattern.match`. */
function matchPattern(pattern, path) {
    switch (pattern.matchType) {
        case 'exact':
            return path === pattern.cleaned;
        case 'prefix':
            return path.startsWith(pattern.cleaned.slice(0, -2));
        case 'suffix': {
            const suffix = pattern.cleaned.slice(2);
            if (path.endsWith(suffix))
                return true;
            return suffix.startsWith('/') && path === suffix.slice(1);
        }
        case 'regexp':
            return pattern.regexp.test(path);
    }
}
/** moby's `MatchesUsingParentResults`, line by line. */
function matchesUsingParentResults(patterns, path, parentMatched) {
    let matched = false;
    const info = new Array(patterns.length).fill(false);
    patterns.forEach((pattern, i) => {
        let match = parentMatched.length !== 0 ? parentMatched[i] : false;
        if (!match) {
            if (pattern.exclusion !== matched)
                return;
            match = matchPattern(pattern, path);
            if (!match && parentMatched.length === 0) {
                const slash = path.lastIndexOf('/');
                if (slash > 0) {
                    const dirs = path.slice(0, slash).split('/');
                    for (let d = 0; d < dirs.length && !match; d++) {
                        match = matchPattern(pattern, dirs.slice(0, d + 1).join('/'));
                    }
                }
            }
        }
        info[i] = match;
        if (match)
            matched = !pattern.exclusion;
    });
    return { excluded: matched, info };
}
/** fsutil's `patternWithoutTrailingGlob`. */
function withoutTrailingGlob(pattern) {
    let text = pattern;
    if (text.endsWith('/**'))
        text = text.slice(0, -3);
    if (text.endsWith('/*'))
        text = text.slice(0, -2);
    return text;
}
/** Go's `strings.TrimSpace` (Unicode White_Space; unlike String.trim it keeps U+FEFF). */
function goTrimSpace(text) {
    return text.replace(GO_SPACE_START, '').replace(GO_SPACE_END, '');
}
const GO_SPACES = '\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';
const GO_SPACE_START = new RegExp(`^[${GO_SPACES}]+`);
const GO_SPACE_END = new RegExp(`[${GO_SPACES}]+$`);
/** Go's `filepath.Clean` on a slash-separated path. */
function goClean(path) {
    if (path === '')
        return '.';
    const rooted = path.startsWith('/');
    const out = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.')
            continue;
        if (part === '..') {
            if (out.length > 0 && out.at(-1) !== '..')
                out.pop();
            else if (!rooted)
                out.push('..');
            continue;
        }
        out.push(part);
    }
    const joined = out.join('/');
    if (rooted)
        return `/${joined}`;
    return joined === '' ? '.' : joined;
}
/**
 * Why Go's `filepath.Match` would call the pattern malformed (it validates the whole pattern even
 * when matching fails early), or undefined: unterminated or empty `[...]`, a range missing an end,
 * a trailing `\`.
 */
function globSyntaxProblem(pattern) {
    let rest = pattern;
    while (rest.length > 0) {
        while (rest.startsWith('*'))
            rest = rest.slice(1);
        // scanChunk: up to the next '*' outside brackets.
        let i = 0;
        let inRange = false;
        for (; i < rest.length; i++) {
            const c = rest[i];
            if (c === '\\') {
                if (i + 1 < rest.length)
                    i++;
            }
            else if (c === '[')
                inRange = true;
            else if (c === ']')
                inRange = false;
            else if (c === '*' && !inRange)
                break;
        }
        const problem = chunkProblem(rest.slice(0, i));
        if (problem)
            return problem;
        rest = rest.slice(i);
    }
    return undefined;
}
function chunkProblem(chunk) {
    let at = 0;
    const bad = 'is malformed (an unterminated or empty [...] class, or a trailing "\\")';
    // getEsc: one (possibly escaped) class character, which must not be the last of the chunk.
    const classChar = () => {
        if (at >= chunk.length || chunk[at] === '-' || chunk[at] === ']')
            return false;
        if (chunk[at] === '\\') {
            at++;
            if (at >= chunk.length)
                return false;
        }
        at += chunk.codePointAt(at) > 0xffff ? 2 : 1;
        return at < chunk.length;
    };
    while (at < chunk.length) {
        const c = chunk[at];
        if (c === '[') {
            at++;
            if (chunk[at] === '^')
                at++;
            let ranges = 0;
            for (;;) {
                if (chunk[at] === ']' && ranges > 0) {
                    at++;
                    break;
                }
                if (!classChar())
                    return bad;
                if (chunk[at] === '-') {
                    at++;
                    if (!classChar())
                        return bad;
                }
                ranges++;
            }
        }
        else if (c === '\\') {
            at++;
            if (at >= chunk.length)
                return bad;
            at++;
        }
        else {
            at++;
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/context/files.ts



/** The ignore file BuildKit applies: `<Dockerfile>.dockerignore` when it exists, else `.dockerignore`. */
async function readIgnoreFile(root, options = {}) {
    const candidates = [
        ...(options.dockerfile ? [`${external_node_path_default().posix.normalize(options.dockerfile)}.dockerignore`] : []),
        '.dockerignore',
    ];
    for (const candidate of candidates) {
        try {
            return { source: candidate, text: await (0,promises_.readFile)(external_node_path_default().join(root, candidate), 'utf8') };
        }
        catch (error) {
            const code = error.code;
            if (code !== 'ENOENT' && code !== 'ENOTDIR')
                throw error;
        }
    }
    return { source: '.dockerignore', text: '' };
}
/** Lists the files of the context that survive the ignore file, without reading their contents. */
async function listBuildContext(root, options = {}) {
    const ignoreFile = await readIgnoreFile(root, options);
    const rules = parseDockerignore(ignoreFile.text, ignoreFile.source);
    const files = [];
    await walk(root, '', [], rules, files);
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { root, rules, files };
}
/**
 * BuildKit's context walk (fsutil's filter): each entry is matched with its parent directory's
 * per-pattern results; an excluded directory is still entered when an exception may re-include
 * something inside it, and an unreadable excluded directory is passed over.
 */
async function walk(root, dir, parentInfo, rules, out, excludedDir = false) {
    let entries;
    try {
        entries = await (0,promises_.readdir)(external_node_path_default().join(root, dir), { withFileTypes: true });
    }
    catch (error) {
        const code = error.code;
        if (excludedDir && (code === 'EACCES' || code === 'EPERM'))
            return;
        throw error;
    }
    const subdirs = [];
    const stats = [];
    for (const entry of entries) {
        const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
        const { excluded, info } = rules.matches(relative, parentInfo);
        if (entry.isDirectory()) {
            if (excluded && rules.canSkipExcludedDirectory(relative))
                continue;
            subdirs.push([relative, info, excluded]);
            continue;
        }
        if (excluded)
            continue;
        if (!entry.isFile() && !entry.isSymbolicLink())
            continue;
        stats.push((async () => {
            const full = external_node_path_default().join(root, relative);
            const stat = await (0,promises_.lstat)(full);
            const file = {
                path: relative,
                executable: (stat.mode & 0o111) !== 0,
                size: stat.size,
                mtimeMs: stat.mtimeMs,
                ino: stat.ino,
            };
            if (stat.isSymbolicLink())
                file.linkTarget = await (0,promises_.readlink)(full);
            out.push(file);
        })());
    }
    await Promise.all(stats);
    await Promise.all(subdirs.map(([subdir, info, excluded]) => walk(root, subdir, info, rules, out, excluded)));
}

;// CONCATENATED MODULE: ./src/plan/entrypoint.ts
/** Scripts that obviously start a training run, in the order they are preferred. */
const ENTRYPOINT_CANDIDATES = ['train.py', 'main.py', 'run.py', '__main__.py'];
/** Picks the entrypoint: the input when given, else an obvious script at the context root. */
function chooseEntrypoint(input, contextFiles) {
    if (input)
        return { command: input, reason: "from the 'entrypoint' input" };
    for (const candidate of ENTRYPOINT_CANDIDATES) {
        if (contextFiles.has(candidate)) {
            return {
                command: ['python', candidate],
                reason: `detected ${candidate} at the context root (set 'entrypoint' to choose another command)`,
            };
        }
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/plan/dockerfile-plan.ts



/** Decides the Dockerfile (pure): the user's, or one generated from the environment. */
function planDockerfile(inputs, environment, contextFiles, userDockerfile, buildkit) {
    if (userDockerfile && inputs.dockerfileMode === 'as-is') {
        return {
            dockerfile: userDockerfile.text,
            origin: 'user',
            baseImage: firstFrom(userDockerfile),
        };
    }
    const parent = userDockerfile ? asParent(userDockerfile) : undefined;
    const entrypoint = chooseEntrypoint(inputs.entrypoint, contextFiles);
    if (!entrypoint && !parent) {
        throw new errors/* InputError */.dz('entrypoint', '', `no entrypoint was given and none was found (looked for ${ENTRYPOINT_CANDIDATES.join(', ')} at the context root)`, 'Set \'entrypoint\' to the command that starts training, e.g. "python src/train.py --config cfg.yaml".');
    }
    const baseImage = parent?.stage ??
        inputs.acceleratorBaseImage ??
        inputs.baseImage ??
        `python:${environment.python.version.split('.').slice(0, 2).join('.')}-slim`;
    const spec = {
        baseImage,
        installPythonWithApt: inputs.acceleratorBaseImage !== undefined,
        pythonVersion: environment.python.version,
        installer: inputs.installer,
        install: environment.install,
        extraIndexUrls: environment.extraIndexUrls,
        privateIndex: inputs.pipIndexUrl !== undefined || inputs.pipExtraIndexUrls.length > 0,
        aptPackages: inputs.aptPackages,
        env: inputs.env,
        buildArgNames: inputs.buildArgs.map(([key]) => key),
        entrypoint: entrypoint?.command ?? [],
        buildkit,
        description: `Environment: ${environment.kind} (${environment.files.join(', ') || 'no file'}), Python ${environment.python.version} (${environment.python.source}).`,
    };
    const generated = renderDockerfile(spec);
    return {
        dockerfile: parent ? `${parent.text}\n${generated}` : generated,
        origin: parent ? 'user-parent' : 'generated',
        baseImage: parent ? firstFrom(userDockerfile) : baseImage,
        ...(entrypoint && { entrypoint }),
    };
}
const FROM_LINE = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/i;
function firstFrom(file) {
    for (const line of file.text.split(/\r?\n/)) {
        const match = FROM_LINE.exec(line);
        if (match)
            return match[1];
    }
    throw new errors/* InputError */.dz('dockerfile', file.path, 'the file has no FROM line', 'Point dockerfile at a Dockerfile.');
}
/** The user's Dockerfile with its last stage named, so the generated stages can build on it. */
function asParent(file) {
    const lines = file.text.replace(/\s+$/, '').split(/\r?\n/);
    let last = -1;
    lines.forEach((line, index) => {
        if (FROM_LINE.test(line))
            last = index;
    });
    if (last === -1) {
        throw new errors/* InputError */.dz('dockerfile', file.path, 'the file has no FROM line', 'Point dockerfile at a Dockerfile.');
    }
    const match = FROM_LINE.exec(lines[last]);
    const stage = match[2] ?? 'launch-parent';
    if (!match[2])
        lines[last] = `${lines[last].trimEnd()} AS ${stage}`;
    return { text: `${lines.join('\n')}\n`, stage };
}

;// CONCATENATED MODULE: ./src/plan/index.ts













async function planBuild(context, inputs, options) {
    const userDockerfile = inputs.dockerfile
        ? await readUserDockerfile(context, inputs.dockerfile)
        : undefined;
    const environment = userDockerfile && inputs.dockerfileMode === 'as-is'
        ? dockerfileEnvironment(userDockerfile, inputs)
        : await detect(context, inputs, options);
    const buildContext = await listBuildContext(context, {
        ...(inputs.dockerfile && { dockerfile: inputs.dockerfile }),
    });
    const names = new Set(buildContext.files.map((file) => file.path));
    if (!(userDockerfile && inputs.dockerfileMode === 'as-is')) {
        requireCopiedFiles(buildContext, copiedFiles(environment.install), names);
    }
    const dockerfile = planDockerfile(inputs, environment, names, userDockerfile, options.buildkit);
    const dockerignore = renderDockerignore(buildContext.rules);
    const started = performance.now();
    const files = await digestContextFiles(buildContext, options.digestCache);
    const sourceHash = computeSourceHash({
        dockerfile: dockerfile.dockerfile,
        builderFiles: { '.dockerignore': dockerignore },
        files,
        buildArgs: inputs.buildArgs,
        baseImage: dockerfile.baseImage,
        platforms: inputs.platforms,
        settings: {
            ...(inputs.pipIndexUrl && { 'pip-index-url': redactUrl(inputs.pipIndexUrl) }),
            ...(inputs.pipExtraIndexUrls.length > 0 && {
                'pip-extra-index-url': inputs.pipExtraIndexUrls.map(redactUrl).join('\n'),
            }),
        },
    });
    const hashMs = performance.now() - started;
    const tag = tagFromHash(sourceHash);
    const repository = inputs.destination
        ? repositoryName(inputs.destination)
        : localRepositoryName(context);
    const image = inputs.destination ? withTag(inputs.destination, tag) : `${repository}:${tag}`;
    return {
        environment,
        dockerfile,
        dockerignore,
        context: buildContext,
        sourceHash,
        tag,
        repository,
        image,
        tags: [image, ...inputs.tags.map((extra) => `${repository}:${extra}`)],
        timings: { hashMs },
    };
}
/** The context files the generated Dockerfile COPYs before the code. */
function copiedFiles(install) {
    switch (install.kind) {
        case 'requirements-file':
            return [install.file, ...install.alsoCopy];
        case 'uv-lock':
            return install.files;
        case 'conda':
            return [install.file];
        default:
            return [];
    }
}
/**
 * An environment file the ignore file keeps out of the context would fail the build with
 * "not found": say so now, naming the pattern.
 */
function requireCopiedFiles(context, files, names) {
    for (const file of files) {
        if (names.has(file))
            continue;
        const pattern = excludingPattern(context.rules, file);
        const ignoreFile = context.rules.source ?? '.dockerignore';
        throw new errors/* FileError */.f6(ignoreFile, undefined, pattern === undefined
            ? `the environment file ${file} is not in the build context, so the image cannot install it. Keep it in the context (an exception line "!${file}" at the end of ${ignoreFile}).`
            : `the pattern ${JSON.stringify(pattern)} excludes the environment file ${file} from the build context, so the image cannot install it. Add the line "!${file}" at the end of ${ignoreFile}, or narrow the pattern.`);
    }
}
async function detect(context, inputs, options) {
    const environmentOptions = {
        ...(inputs.requirements !== undefined && { requirements: inputs.requirements }),
        ...(inputs.frozenRequirements !== undefined && {
            frozenRequirements: inputs.frozenRequirements,
        }),
        freezeLocalEnv: inputs.freezeLocalEnv,
        allowEmpty: inputs.allowEmptyEnvironment,
        ...(inputs.pythonVersion !== undefined && { pythonVersion: inputs.pythonVersion }),
    };
    const read = options.environmentReader ?? readEnvironmentSnapshot;
    const snapshot = await read(context, environmentOptions);
    return detectEnvironment(snapshot, environmentOptions);
}
function dockerfileEnvironment(file, inputs) {
    return {
        kind: 'dockerfile',
        reason: `the 'dockerfile' input names ${file.path}, built as is`,
        files: [file.path],
        python: { version: inputs.pythonVersion ?? '', source: 'the Dockerfile' },
        install: { kind: 'nothing' },
        extraIndexUrls: [],
        dropped: [],
    };
}
async function readUserDockerfile(context, name) {
    const found = await realPathInside(context, name);
    if ('problem' in found && found.problem === 'outside') {
        throw new errors/* InputError */.dz('dockerfile', name, 'the Dockerfile must be inside the context (symlinks leading out of it are not followed)', 'Give a path relative to the context.');
    }
    try {
        if ('problem' in found)
            throw new Error('missing');
        return { path: name, text: await (0,promises_.readFile)(found.path, 'utf8') };
    }
    catch {
        throw new errors/* InputError */.dz('dockerfile', name, `no such file in the context ${context}`, 'Give a path relative to the context, e.g. "docker/Dockerfile".');
    }
}
/** A local image name for builds with no destination: `launch-action/<context dir name>`. */
function localRepositoryName(context) {
    const base = external_node_path_default().basename(context)
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '') || 'app';
    return `launch-action/${base}`;
}

;// CONCATENATED MODULE: ./src/registry/existing.ts


/**
 * The "already exists" check: one manifest lookup of the source-hash tag in the destination. An
 * image found gets its extra tags added registry-side and is used as it is; a lookup that fails is
 * never taken as "exists" (undefined: build it).
 */
async function findInRegistry(rt, planned, destination, session) {
    const credentials = await session.credentialsFor(destination.host);
    const lookup = await lookupManifest(destination, planned.tag, credentials, rt);
    if (lookup.exists === 'unknown') {
        rt.log.warning(`Could not check whether ${planned.image} exists (${lookup.reason}); building it.`);
        return undefined;
    }
    if (!lookup.exists) {
        rt.log.info(`${planned.image} is not in the registry yet: building.`);
        return undefined;
    }
    rt.log.info(`${planned.image} already exists (${lookup.digest}): nothing to build.`);
    const extra = planned.tags.slice(1).map((ref) => ref.slice(ref.lastIndexOf(':') + 1));
    for (const tag of extra) {
        await addTag(destination, lookup.digest, tag, credentials, rt).catch((error) => {
            throw new Error(`Could not add the tag ${tag} to ${planned.image}: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    if (extra.length > 0)
        rt.log.info(`Tagged ${planned.image} also as ${extra.join(', ')}.`);
    return {
        image: planned.image,
        tag: planned.tag,
        digest: lookup.digest,
        imageRef: withDigest(destination, lookup.digest),
        built: false,
        pushed: false,
        skipped: 'the destination already has this source-hash tag',
        buildMs: 0,
    };
}

;// CONCATENATED MODULE: ./src/registry/given-image.ts


/** `docker-image` given: nothing is built; resolve its digest so the run uses exactly that image. */
async function describeGivenImage(rt, image, session) {
    const ref = parseImageReference(image);
    if (typeof ref === 'string')
        throw new Error(`docker-image: ${ref}`);
    const base = { image, tag: ref.tag ?? '', built: false, pushed: false, buildMs: 0 };
    if (ref.digest) {
        rt.log.info(`Using ${image} as given (no build).`);
        return { ...base, digest: ref.digest, imageRef: withDigest(ref, ref.digest) };
    }
    const lookup = await lookupManifest(ref, ref.tag ?? 'latest', await session.credentialsFor(ref.host), rt);
    if (lookup.exists === true) {
        rt.log.info(`Using ${image} as given (no build): ${lookup.digest}.`);
        return { ...base, digest: lookup.digest, imageRef: withDigest(ref, lookup.digest) };
    }
    if (lookup.exists === false) {
        throw new Error(`docker-image ${image} does not exist in its registry (manifest lookup answered 404). Check the name and tag.`);
    }
    rt.log.warning(`Could not resolve the digest of ${image} (${lookup.reason}); it is used by tag, so a later push to that tag would change what runs.`);
    return { ...base, digest: '', imageRef: image };
}

// EXTERNAL MODULE: ./src/auth/oidc.ts
var oidc = __webpack_require__(161);
;// CONCATENATED MODULE: ./src/auth/azure.ts


/** The audience Azure AD expects in a federated credential's token. */
const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const ACR_SCOPE = 'https://containerregistry.azure.net/.default';
/** The fixed user name docker uses with an ACR refresh token. */
const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';
/** AAD client-credentials grant with the GitHub JWT as client assertion → AAD access token (masked). */
async function getAadToken(deps, loginEndpoint, app, idToken) {
    const context = `Could not get an Azure AD token for app ${app.clientId} in tenant ${app.tenantId}`;
    const response = await (0,platform_http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${loginEndpoint}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,platform_http/* formBody */.bQ)({
            client_id: app.clientId,
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: idToken.jwt,
            scope: ACR_SCOPE,
        }),
    });
    const body = (0,platform_http/* parseJson */.qF)(response.text);
    const token = (0,platform_http/* stringField */.OM)(body, 'access_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const description = (0,platform_http/* stringField */.OM)(body, 'error_description');
    const lines = [
        `${context}: ${description ? firstLine(description) : `HTTP ${response.status}${(0,platform_http/* excerpt */.Kb)(response.text)}`}`,
    ];
    const codes = body?.error_codes;
    const hint = aadHint(Array.isArray(codes) ? codes : [], idToken);
    if (hint)
        lines.push(hint);
    throw new platform_http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
}
function aadHint(codes, idToken) {
    const { sub } = idToken.claims;
    if (codes.includes(70021) || codes.includes(700213)) {
        return (`No federated credential of the app in input \`azure-client-id\` (tenant \`azure-tenant-id\`) matches this job's token ` +
            `(${(0,oidc/* describeClaims */.Z)(idToken.claims)}). Add one with issuer https://token.actions.githubusercontent.com ` +
            `(no trailing slash), audience ${AZURE_AUDIENCE} and subject exactly "${sub ?? '<sub>'}" ` +
            '(subjects are matched exactly: a branch, an environment or pull_request each need their own credential).');
    }
    if (codes.includes(700016)) {
        return 'Input `azure-client-id` names no application in this tenant: check `azure-client-id` and `azure-tenant-id`.';
    }
    if (codes.includes(90002) || codes.includes(900023)) {
        return 'Input `azure-tenant-id` names no Azure AD tenant.';
    }
    return undefined;
}
/** ACR /oauth2/exchange: AAD access token → ACR refresh token, the docker password (masked). */
async function exchangeForAcrRefreshToken(deps, exchangeEndpoint, registry, aadToken) {
    const context = `Could not exchange the Azure AD token for an ACR refresh token at ${registry.host}`;
    const response = await (0,platform_http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${exchangeEndpoint}/oauth2/exchange`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,platform_http/* formBody */.bQ)({
            grant_type: 'access_token',
            service: registry.host,
            tenant: registry.tenantId,
            access_token: aadToken,
        }),
    });
    const token = (0,platform_http/* stringField */.OM)((0,platform_http/* parseJson */.qF)(response.text), 'refresh_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const hint = response.status === 401 || response.status === 403
        ? '\nThe app in input `azure-client-id` needs the AcrPush role on the registry (see docs/cloud-setup.md).'
        : '';
    throw new platform_http/* HttpError */.j$(`${context}: HTTP ${response.status}${(0,platform_http/* excerpt */.Kb)(response.text)}${hint}`, response.status, response.text);
}
function firstLine(text) {
    return text.split(/\r?\n/)[0] ?? text;
}

;// CONCATENATED MODULE: ./src/auth/registry.ts
// Private ECR: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn], and the dual-stack form
// <account>.dkr-ecr[-fips].<region>.on.aws.
const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const ECR_DUAL_STACK_HOST = /^(\d{12})\.dkr-ecr(?:-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.on\.aws$/;
/** ECR Public has one registry host; its API lives in us-east-1 only. */
const ECR_PUBLIC_HOST = 'public.ecr.aws';
const GAR_HOST = /^([a-z0-9]+(?:-[a-z0-9]+)*)-docker\.pkg\.dev$/;
// Container Registry hosts are served by Artifact Registry now and take the same login.
const GCR_HOST = /^(?:(us|eu|asia)\.)?gcr\.io$/;
const ACR_HOST = /^([a-z0-9]{5,50})\.azurecr\.io$/;
/** Pure: which registry a host (no scheme, no path) is. Unknown hosts are `generic`. */
function classifyRegistry(host) {
    const name = host.trim().toLowerCase();
    const ecr = ECR_HOST.exec(name) ?? ECR_DUAL_STACK_HOST.exec(name);
    if (ecr)
        return { kind: 'ecr', account: ecr[1] ?? '', region: ecr[2] ?? '', host: name };
    if (name === ECR_PUBLIC_HOST)
        return { kind: 'ecr', account: '', region: 'us-east-1', host: name };
    const gar = GAR_HOST.exec(name);
    if (gar)
        return { kind: 'gar', location: gar[1] ?? '', host: name };
    const gcr = GCR_HOST.exec(name);
    if (gcr)
        return { kind: 'gar', location: gcr[1] ?? 'us', host: name };
    const acr = ACR_HOST.exec(name);
    if (acr)
        return { kind: 'acr', name: acr[1] ?? '', host: name };
    if (name === 'ghcr.io')
        return { kind: 'ghcr', host: name };
    return { kind: 'generic', host: name };
}
function isEcrPublic(provider) {
    return provider.kind === 'ecr' && provider.host === ECR_PUBLIC_HOST;
}
/** DNS suffix and ARN partition of an AWS region (China and GovCloud differ from the rest). */
function awsPartition(region) {
    if (region.startsWith('cn-'))
        return { domain: 'amazonaws.com.cn', arnPartition: 'aws-cn' };
    if (region.startsWith('us-gov-'))
        return { domain: 'amazonaws.com', arnPartition: 'aws-us-gov' };
    return { domain: 'amazonaws.com', arnPartition: 'aws' };
}
/**
 * The repository path inside the registry: `team/train` for `host/team/train:tag`, `host/team/train`
 * or `team/train`. Tags and digests are dropped.
 */
function repositoryPath(provider, repository) {
    let path = repository.trim().replace(/^[a-z]+:\/\//i, '');
    if (path.toLowerCase().startsWith(`${provider.host}/`))
        path = path.slice(provider.host.length + 1);
    path = path.replace(/@sha256:[0-9a-f]+$/i, '');
    const lastSlash = path.lastIndexOf('/');
    const colon = path.indexOf(':', lastSlash + 1);
    return colon === -1 ? path : path.slice(0, colon);
}

;// CONCATENATED MODULE: ./src/auth/endpoints.ts

/**
 * TEST-ONLY: `LAUNCH_ACTION_INTERNAL_ENDPOINTS` is a JSON object with some of the keys of
 * CloudEndpoints, each a base URL on 127.0.0.1/localhost, so tests run the real chains against local
 * servers. It is deliberately not an action input and is not documented for users; anything that is
 * not a loopback URL is refused so it can never redirect credentials elsewhere.
 */
const INTERNAL_ENDPOINTS_VARIABLE = 'LAUNCH_ACTION_INTERNAL_ENDPOINTS';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** The real endpoints for a registry's region/host, with test overrides applied. */
function cloudEndpoints(env, where) {
    const region = where.awsRegion ?? 'us-east-1';
    const { domain } = awsPartition(region);
    const defaults = {
        awsSts: `https://sts.${region}.${domain}`,
        awsEcr: where.ecrPublic
            ? `https://api.ecr-public.${region}.${domain}`
            : `https://api.ecr.${region}.${domain}`,
        googleSts: 'https://sts.googleapis.com',
        googleIamCredentials: 'https://iamcredentials.googleapis.com',
        azureLogin: 'https://login.microsoftonline.com',
        acrExchange: `https://${where.acrHost ?? 'invalid.azurecr.io'}`,
    };
    return { ...defaults, ...internalOverrides(env) };
}
function internalOverrides(env) {
    const raw = env[INTERNAL_ENDPOINTS_VARIABLE];
    if (raw === undefined || raw.trim() === '')
        return {};
    let parsed;
    try {
        parsed = JSON.parse(raw);
    }
    catch {
        throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE} is not valid JSON`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE} must be a JSON object`);
    }
    const known = [
        'awsSts',
        'awsEcr',
        'googleSts',
        'googleIamCredentials',
        'azureLogin',
        'acrExchange',
    ];
    const result = {};
    for (const [key, value] of Object.entries(parsed)) {
        if (!known.includes(key)) {
            throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE}: unknown key "${key}"`);
        }
        if (typeof value !== 'string' ||
            !URL.canParse(value) ||
            !LOOPBACK.has(new URL(value).hostname)) {
            throw new Error(`${INTERNAL_ENDPOINTS_VARIABLE}.${key} must be an http(s) URL on 127.0.0.1 or localhost`);
        }
        result[key] = value.replace(/\/+$/, '');
    }
    return result;
}

;// CONCATENATED MODULE: ./src/auth/gcp.ts


const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform';
/** The audience GitHub must put in the token for a workload identity provider. */
function gcpAudience(provider) {
    return `https://iam.googleapis.com/${provider}`;
}
/** Pure: `projects/N/locations/global/workloadIdentityPools/P` of a provider resource name. */
function gcpPoolName(provider) {
    return provider.replace(/\/providers\/[^/]+$/, '');
}
/** Google STS token exchange: GitHub JWT → federated access token (masked). */
async function exchangeForFederatedToken(deps, stsEndpoint, provider, idToken) {
    const context = `Could not exchange the GitHub OIDC token with workload identity provider ${provider}`;
    const response = await (0,platform_http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${stsEndpoint}/v1/token`,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
            audience: `//iam.googleapis.com/${provider}`,
            grantType: 'urn:ietf:params:oauth:grant-type:token-exchange',
            requestedTokenType: 'urn:ietf:params:oauth:token-type:access_token',
            scope: CLOUD_PLATFORM_SCOPE,
            subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
            subjectToken: idToken.jwt,
        }),
    });
    const token = (0,platform_http/* stringField */.OM)((0,platform_http/* parseJson */.qF)(response.text), 'access_token');
    if (response.status !== 200 || !token) {
        const body = (0,platform_http/* parseJson */.qF)(response.text);
        const code = (0,platform_http/* stringField */.OM)(body, 'error');
        const description = (0,platform_http/* stringField */.OM)(body, 'error_description');
        const detail = code
            ? `${code}: ${description ?? ''}`
            : `HTTP ${response.status}${(0,platform_http/* excerpt */.Kb)(response.text)}`;
        const lines = [`${context}: ${detail}`];
        if (code === 'invalid_grant' || code === 'unauthorized_client' || code === 'invalid_target') {
            lines.push(`This job's token has ${(0,oidc/* describeClaims */.Z)(idToken.claims)}. Check input \`gcp-workload-identity-provider\` ` +
                '(the provider must exist and be enabled), its issuer https://token.actions.githubusercontent.com, ' +
                'and that its attribute condition accepts this repository (names are case-sensitive).');
        }
        throw new platform_http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
    }
    deps.setSecret(token);
    return token;
}
/** IAM Credentials generateAccessToken: impersonate a service account with the federated token. */
async function generateServiceAccountToken(deps, iamCredentialsEndpoint, serviceAccount, federatedToken, explain) {
    const context = `Could not generate an access token for service account ${serviceAccount}`;
    const response = await (0,platform_http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${iamCredentialsEndpoint}/v1/projects/-/serviceAccounts/${encodeURIComponent(serviceAccount)}:generateAccessToken`,
        headers: {
            Authorization: `Bearer ${federatedToken}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
        },
        // One hour is the longest lifetime allowed without an organization policy exception.
        body: JSON.stringify({ scope: [CLOUD_PLATFORM_SCOPE], lifetime: '3600s' }),
    });
    const token = (0,platform_http/* stringField */.OM)((0,platform_http/* parseJson */.qF)(response.text), 'accessToken');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const error = (0,platform_http/* parseJson */.qF)(response.text)?.error;
    const message = (0,platform_http/* stringField */.OM)(error, 'message') ?? `HTTP ${response.status}${(0,platform_http/* excerpt */.Kb)(response.text)}`;
    const lines = [`${context}: ${message}`];
    if (response.status === 403)
        lines.push(...impersonationHelp(serviceAccount, explain));
    throw new platform_http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
}
function impersonationHelp(serviceAccount, explain) {
    const pool = gcpPoolName(explain.provider);
    const { sub, repository } = explain.idToken.claims;
    const principal = `principal://iam.googleapis.com/${pool}/subject/${sub ?? '<sub>'}`;
    const principalSet = `principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository ?? '<OWNER/REPO>'}`;
    return [
        `The service account in input \`gcp-service-account\` must grant roles/iam.workloadIdentityUser ` +
            `to this job's identity from input \`gcp-workload-identity-provider\` (${(0,oidc/* describeClaims */.Z)(explain.idToken.claims)}), either`,
        `    ${principal}`,
        `or, for every workflow of the repository (needs the attribute mapping attribute.repository=assertion.repository),`,
        `    ${principalSet}`,
        `e.g. gcloud iam service-accounts add-iam-policy-binding ${serviceAccount} --role=roles/iam.workloadIdentityUser --member="${principalSet}"`,
    ];
}

;// CONCATENATED MODULE: ./src/auth/inputs.ts


const ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const AWS_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const GCP_PROVIDER = /^projects\/(\d+)\/locations\/global\/workloadIdentityPools\/([a-z0-9-]{4,32})\/providers\/([a-z0-9-]{4,32})$/;
const GCP_SERVICE_ACCOUNT = /^[a-z0-9][a-z0-9._-]*@[a-z0-9][a-z0-9.-]*\.gserviceaccount\.com$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;
/**
 * Reads and validates (format only) the registry login inputs. Masks password and github-token
 * before anything could print them.
 */
function readAuthInputs(reader, 
/** Registers a secret with the log masker (the runner's, or none in a terminal). */
mask) {
    const password = reader.optional('password');
    if (password)
        mask(password);
    const githubToken = reader.optional('github-token');
    if (githubToken)
        mask(githubToken);
    return {
        username: reader.optional('username'),
        password,
        githubToken,
        awsRoleArn: checked(reader, 'aws-role-arn', ROLE_ARN, roleArnHelp),
        awsRegion: checked(reader, 'aws-region', AWS_REGION, () => ({
            allowed: 'expected an AWS region such as us-east-1',
            fix: 'Leave it empty to use the region in the destination host.',
        })),
        awsSessionName: checked(reader, 'aws-session-name', SESSION_NAME, () => ({
            allowed: 'expected 2 to 64 characters of letters, digits and _+=,.@-',
            fix: 'Use e.g. "launch-action".',
        })) ?? 'launch-action',
        awsRoleDuration: reader.integer('aws-role-duration', 3600, 900, 43200),
        createRepository: reader.bool('create-repository', true),
        gcpWorkloadIdentityProvider: checked(reader, 'gcp-workload-identity-provider', GCP_PROVIDER, gcpProviderHelp),
        gcpServiceAccount: checked(reader, 'gcp-service-account', GCP_SERVICE_ACCOUNT, () => ({
            allowed: 'expected a service account email such as pusher@my-project.iam.gserviceaccount.com',
            fix: 'Leave it empty to use the federated identity directly.',
        })),
        azureClientId: checked(reader, 'azure-client-id', GUID, () => ({
            allowed: 'expected the application (client) id, a GUID like 00000000-0000-0000-0000-000000000000',
            fix: 'Copy it from the app registration\'s "Overview" page in the Azure portal.',
        })),
        azureTenantId: checked(reader, 'azure-tenant-id', { test: (v) => GUID.test(v) || TENANT_DOMAIN.test(v) }, () => ({
            allowed: 'expected the directory (tenant) id GUID or a domain such as contoso.onmicrosoft.com',
            fix: 'Copy it from the app registration\'s "Overview" page in the Azure portal.',
        })),
    };
}
function checked(reader, name, pattern, help) {
    const value = reader.optional(name);
    if (value === undefined || pattern.test(value))
        return value;
    const { allowed, fix } = help(value);
    throw new errors/* InputError */.dz(name, value, allowed, fix);
}
function roleArnHelp(value) {
    const allowed = 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/github-push';
    if (/^\d{12}$/.test(value)) {
        return { allowed, fix: 'That is an account id; give the full ARN of the role to assume.' };
    }
    if (/:user\//.test(value)) {
        return {
            allowed,
            fix: 'A user cannot be assumed with OIDC; create a role with a web identity trust policy.',
        };
    }
    return { allowed, fix: 'Copy the role ARN from the IAM console ("Roles" → the role → ARN).' };
}
function gcpProviderHelp(value) {
    const allowed = 'expected projects/<project NUMBER>/locations/global/workloadIdentityPools/<pool>/providers/<provider>';
    if (/^(?:https?:)?\/\/iam\.googleapis\.com\//.test(value)) {
        return {
            allowed,
            fix: 'Drop the "//iam.googleapis.com/" prefix; give the resource name only.',
        };
    }
    if (/^projects\/[^/]*[a-z][^/]*\//.test(value)) {
        return {
            allowed,
            fix: 'Use the project NUMBER, not the project id: `gcloud projects describe <id> --format="value(projectNumber)"`.',
        };
    }
    return {
        allowed,
        fix: 'Print it with `gcloud iam workload-identity-pools providers describe <provider> --workload-identity-pool=<pool> --location=global --format="value(name)"`.',
    };
}
/**
 * Pure: rejects input combinations that cannot work for this registry, before anything runs.
 */
function validateAuthInputs(provider, inputs) {
    if (inputs.username !== undefined && inputs.password === undefined) {
        throw new errors/* InputError */.dz('password', '', `a password or token is needed with username "${inputs.username}"`, 'Pass it from a secret: `password: ${{ secrets.REGISTRY_PASSWORD }}`.');
    }
    if (inputs.password !== undefined && inputs.username === undefined) {
        throw new errors/* InputError */.dz('username', '', 'a user name is needed with password', 'Set `username`.');
    }
    rejectForeignIdentity(provider, inputs);
    const hasPassword = inputs.password !== undefined;
    switch (provider.kind) {
        case 'ecr':
            return validateEcr(provider, inputs, hasPassword);
        case 'gar':
            return validateGar(provider, inputs, hasPassword);
        case 'acr':
            return validateAcr(provider, inputs, hasPassword);
        default:
            return;
    }
}
/** Cloud identity inputs are only meaningful for their own registry kind. */
function rejectForeignIdentity(provider, inputs) {
    const owners = [
        ['awsRoleArn', 'aws-role-arn', 'ecr'],
        ['awsRegion', 'aws-region', 'ecr'],
        ['gcpWorkloadIdentityProvider', 'gcp-workload-identity-provider', 'gar'],
        ['gcpServiceAccount', 'gcp-service-account', 'gar'],
        ['azureClientId', 'azure-client-id', 'acr'],
        ['azureTenantId', 'azure-tenant-id', 'acr'],
    ];
    const registryName = { ecr: 'ECR', gar: 'Artifact Registry', acr: 'ACR' };
    for (const [key, input, kind] of owners) {
        const value = inputs[key];
        if (value === undefined || provider.kind === kind)
            continue;
        throw new errors/* InputError */.dz(input, String(value), `it only applies to ${registryName[kind]} destinations, but the destination host ${provider.host} is ${describeKind(provider)}`, `Remove \`${input}\`, or fix \`destination\`.`);
    }
}
function describeKind(provider) {
    switch (provider.kind) {
        case 'ecr':
            return 'Amazon ECR';
        case 'gar':
            return 'Google Artifact Registry';
        case 'acr':
            return 'Azure Container Registry';
        case 'ghcr':
            return 'GitHub Container Registry';
        default:
            return 'not a cloud registry with OIDC login';
    }
}
function rejectMixedLogin(input, value, hasPassword) {
    if (!hasPassword)
        return;
    throw new errors/* InputError */.dz(input, value, 'give either the OIDC identity or username/password, not both', `Remove \`${input}\` to log in with username/password, or remove username/password to use OIDC.`);
}
function validateEcr(provider, inputs, hasPassword) {
    if (inputs.awsRoleArn === undefined) {
        if (hasPassword)
            return;
        throw new errors/* InputError */.dz('aws-role-arn', '', `pushing to Amazon ECR (${provider.host}) needs an IAM role to assume with the job's OIDC token`, 'Set `aws-role-arn: arn:aws:iam::<account>:role/<role>` (see docs/cloud-setup.md), or pass username/password.');
    }
    rejectMixedLogin('aws-role-arn', inputs.awsRoleArn, hasPassword);
    if (inputs.awsRegion !== undefined &&
        !isEcrPublic(provider) &&
        inputs.awsRegion !== provider.region) {
        throw new errors/* InputError */.dz('aws-region', inputs.awsRegion, `the destination host ${provider.host} is in ${provider.region}`, `Remove \`aws-region\` (the host's region is used) or set it to ${provider.region}.`);
    }
    const roleRegion = inputs.awsRegion ?? provider.region;
    const expected = awsPartition(roleRegion).arnPartition;
    const actual = inputs.awsRoleArn.split(':')[1];
    if (actual !== expected) {
        throw new errors/* InputError */.dz('aws-role-arn', inputs.awsRoleArn, `a role for region ${roleRegion} must be in partition "${expected}" (arn:${expected}:iam::…)`, 'Use the ARN of a role in the same partition as the registry.');
    }
}
function validateGar(provider, inputs, hasPassword) {
    if (inputs.gcpWorkloadIdentityProvider === undefined) {
        if (inputs.gcpServiceAccount !== undefined) {
            throw new errors/* InputError */.dz('gcp-workload-identity-provider', '', 'gcp-service-account is impersonated through a workload identity provider, which is missing', 'Set `gcp-workload-identity-provider` (see docs/cloud-setup.md).');
        }
        if (hasPassword)
            return;
        throw new errors/* InputError */.dz('gcp-workload-identity-provider', '', `pushing to Artifact Registry (${provider.host}) needs a workload identity provider for the job's OIDC token`, 'Set `gcp-workload-identity-provider: projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>` (see docs/cloud-setup.md), or pass username/password.');
    }
    rejectMixedLogin('gcp-workload-identity-provider', inputs.gcpWorkloadIdentityProvider, hasPassword);
}
function validateAcr(provider, inputs, hasPassword) {
    const { azureClientId: clientId, azureTenantId: tenantId } = inputs;
    if (clientId === undefined && tenantId === undefined) {
        if (hasPassword)
            return;
        throw new errors/* InputError */.dz('azure-client-id', '', `pushing to Azure Container Registry (${provider.host}) needs azure-client-id and azure-tenant-id of an app with a federated credential`, 'Set both (see docs/cloud-setup.md), or pass username/password.');
    }
    if (clientId === undefined || tenantId === undefined) {
        const missing = clientId === undefined ? 'azure-client-id' : 'azure-tenant-id';
        const given = clientId === undefined ? 'azure-tenant-id' : 'azure-client-id';
        throw new errors/* InputError */.dz(missing, '', `it is needed together with ${given}`, `Set \`${missing}\`.`);
    }
    rejectMixedLogin('azure-client-id', clientId, hasPassword);
}

;// CONCATENATED MODULE: ./src/auth/index.ts







// The SigV4 signer is most of the auth code's size: load it only for ECR destinations.
const loadAws = () => Promise.all(/* import() */[__webpack_require__.e(137), __webpack_require__.e(215)]).then(__webpack_require__.bind(__webpack_require__, 3215));
/**
 * Docker credentials for the destination: the OIDC chain for ECR/GAR/ACR, GITHUB_TOKEN for
 * ghcr.io, username/password when given; undefined when nothing is needed (an existing docker
 * login, a local registry). Every token is masked before it is returned.
 */
async function resolveRegistryCredentials(provider, repository, inputs, deps) {
    if (inputs.username !== undefined && inputs.password !== undefined) {
        deps.setSecret(inputs.password);
        return { registry: provider.host, username: inputs.username, password: inputs.password };
    }
    switch (provider.kind) {
        case 'ecr':
            return inputs.awsRoleArn ? ecrCredentials(provider, inputs, deps) : undefined;
        case 'gar':
            return inputs.gcpWorkloadIdentityProvider
                ? garCredentials(provider, inputs, deps)
                : undefined;
        case 'acr':
            return inputs.azureClientId && inputs.azureTenantId
                ? acrCredentials(provider, inputs, deps)
                : undefined;
        case 'ghcr':
            return ghcrCredentials(provider, repository, inputs, deps);
        default:
            return undefined;
    }
}
/**
 * ECR only: creates the repository when it is missing and `create-repository` is true
 * (DescribeRepositories → CreateRepository). A no-op for other registries and for ECR logins
 * by username/password, which have no AWS credentials to call the API with.
 */
async function prepareRepository(provider, repository, inputs, deps) {
    if (provider.kind !== 'ecr' || !inputs.awsRoleArn || inputs.password !== undefined)
        return;
    const name = repositoryPath(provider, repository);
    const credentials = await awsSession(provider, inputs, deps);
    const { ensureEcrRepository } = await loadAws();
    try {
        await ensureEcrRepository(deps, ecrApi(provider, inputs, deps), credentials, {
            account: provider.account,
            name,
            create: inputs.createRepository,
        });
    }
    catch (error) {
        throw new Error(`Could not prepare ECR repository ${provider.host}/${name}: ${error.message}`, {
            cause: error,
        });
    }
}
async function ecrCredentials(provider, inputs, deps) {
    const credentials = await awsSession(provider, inputs, deps);
    const { getEcrLogin } = await loadAws();
    try {
        const login = await getEcrLogin(deps, ecrApi(provider, inputs, deps), credentials);
        return { registry: provider.host, ...login };
    }
    catch (error) {
        throw new Error(`Could not get an ECR login for ${provider.host} as ${inputs.awsRoleArn}: ${error.message}`, { cause: error });
    }
}
function awsRegion(provider, inputs) {
    return isEcrPublic(provider) ? 'us-east-1' : (inputs.awsRegion ?? provider.region);
}
function ecrApi(provider, inputs, deps) {
    const region = awsRegion(provider, inputs);
    const ecrPublic = isEcrPublic(provider);
    return {
        endpoint: cloudEndpoints(deps.env, { awsRegion: region, ecrPublic }).awsEcr,
        region,
        service: ecrPublic ? 'ecr-public' : 'ecr',
        targetPrefix: ecrPublic ? 'SpencerFrontendService' : 'AmazonEC2ContainerRegistry_V20150921',
    };
}
// One role session per job serves both the login and the repository check.
const awsSessions = new WeakMap();
function awsSession(provider, inputs, deps) {
    const region = awsRegion(provider, inputs);
    const key = [inputs.awsRoleArn, inputs.awsSessionName, inputs.awsRoleDuration, region].join('|');
    const sessions = awsSessions.get(deps) ?? new Map();
    awsSessions.set(deps, sessions);
    let session = sessions.get(key);
    if (!session) {
        session = assumeRole(provider, inputs, deps, region);
        sessions.set(key, session);
        session.catch(() => sessions.delete(key));
    }
    return session;
}
async function assumeRole(provider, inputs, deps, region) {
    const roleArn = inputs.awsRoleArn ?? '';
    const { AWS_AUDIENCE, assumeRoleWithWebIdentity } = await loadAws();
    const idToken = await (0,oidc/* getGithubIdToken */.U)(deps, AWS_AUDIENCE, `Amazon ECR (${provider.host})`);
    const credentials = await assumeRoleWithWebIdentity(deps, {
        stsEndpoint: cloudEndpoints(deps.env, { awsRegion: region }).awsSts,
        roleArn,
        sessionName: inputs.awsSessionName,
        durationSeconds: inputs.awsRoleDuration,
        idToken,
    });
    deps.log.info(`Assumed ${roleArn} as session ${inputs.awsSessionName} (expires ${credentials.expiration || '?'})`);
    return credentials;
}
async function garCredentials(provider, inputs, deps) {
    const workloadProvider = inputs.gcpWorkloadIdentityProvider ?? '';
    const cloud = `Artifact Registry (${provider.host})`;
    const endpoints = cloudEndpoints(deps.env, {});
    const idToken = await (0,oidc/* getGithubIdToken */.U)(deps, gcpAudience(workloadProvider), cloud);
    const federated = await exchangeForFederatedToken(deps, endpoints.googleSts, workloadProvider, idToken);
    let password = federated;
    if (inputs.gcpServiceAccount) {
        password = await generateServiceAccountToken(deps, endpoints.googleIamCredentials, inputs.gcpServiceAccount, federated, { provider: workloadProvider, idToken });
        deps.log.info(`Impersonating ${inputs.gcpServiceAccount} for ${provider.host}`);
    }
    else {
        deps.log.info(`Using the federated identity of ${workloadProvider} directly for ${provider.host}`);
    }
    return { registry: provider.host, username: 'oauth2accesstoken', password };
}
async function acrCredentials(provider, inputs, deps) {
    const app = { clientId: inputs.azureClientId ?? '', tenantId: inputs.azureTenantId ?? '' };
    const cloud = `Azure Container Registry (${provider.host})`;
    const endpoints = cloudEndpoints(deps.env, { acrHost: provider.host });
    const idToken = await (0,oidc/* getGithubIdToken */.U)(deps, AZURE_AUDIENCE, cloud);
    const aadToken = await getAadToken(deps, endpoints.azureLogin, app, idToken);
    const refreshToken = await exchangeForAcrRefreshToken(deps, endpoints.acrExchange, { host: provider.host, tenantId: app.tenantId }, aadToken);
    return { registry: provider.host, username: ACR_TOKEN_USERNAME, password: refreshToken };
}
function ghcrCredentials(provider, repository, inputs, deps) {
    if (!inputs.githubToken) {
        deps.log.warning(`No github-token to push ${repository} to ${provider.host}: relying on an existing docker login.`);
        return undefined;
    }
    deps.setSecret(inputs.githubToken);
    const username = deps.env.GITHUB_ACTOR || 'x-access-token';
    return { registry: provider.host, username, password: inputs.githubToken };
}

// EXTERNAL MODULE: ./src/platform/state.ts
var state = __webpack_require__(4062);
// EXTERNAL MODULE: ./src/registry/docker-config.ts
var docker_config = __webpack_require__(26);
;// CONCATENATED MODULE: ./src/registry/session.ts




async function openRegistrySession(rt, inputs) {
    const dockerConfig = await (0,docker_config/* createDockerConfig */.lp)(rt.tempDir, rt.env);
    rt.saveState(state/* STATE */.c4.dockerConfig, dockerConfig);
    const credentials = new Map();
    let loggedIn;
    const session = {
        dockerConfig,
        credentialsFor: async (host) => credentials.get(host) ?? (await (0,docker_config/* storedCredentials */._2)(dockerConfig, host)),
        login: () => (loggedIn ??= (async () => {
            for (const found of credentials.values()) {
                await (0,docker_config/* dockerLogin */.a1)(rt.run, dockerConfig, found, rt.env);
                rt.log.info(`Logged in to ${found.registry} as ${found.username}.`);
            }
        })()),
        // The logins live only in this directory, so removing it is the logout (no docker CLI
        // round trip); the post step repeats it if this step never got here.
        close: () => (0,docker_config/* removeDockerConfig */.nS)(dockerConfig),
    };
    const deps = {
        env: rt.env,
        fetch: rt.fetch,
        sleep: rt.sleep,
        log: rt.log,
        setSecret: rt.setSecret,
    };
    try {
        for (const target of loginTargets(inputs)) {
            const provider = classifyRegistry(target.host);
            const found = await resolveRegistryCredentials(provider, target.path, inputs.auth, deps);
            if (found) {
                rt.setSecret(found.password);
                credentials.set(target.host, found);
                rt.log.info(`Credentials for ${found.registry} (${found.username}) obtained.`);
            }
            else {
                rt.log.info(`No login for ${target.host}: using the job's existing docker credentials, if any.`);
            }
            if (target.isDestination)
                await prepareRepository(provider, target.path, inputs.auth, deps);
        }
    }
    catch (error) {
        await session.close();
        throw error;
    }
    return session;
}
function loginTargets(inputs) {
    const targets = [];
    const destination = inputs.destination;
    if (destination)
        targets.push({ host: destination.host, path: destination.path, isDestination: true });
    const given = inputs.dockerImage ? parseImageReference(inputs.dockerImage) : undefined;
    if (given &&
        typeof given !== 'string' &&
        given.host !== destination?.host &&
        given.host !== 'docker.io') {
        targets.push({ host: given.host, path: given.path, isDestination: false });
    }
    return targets;
}

// EXTERNAL MODULE: ./src/run/index.ts + 8 modules
var src_run = __webpack_require__(4666);
;// CONCATENATED MODULE: ./src/source/resolve.ts




/** Resolves `context` inside the workspace; `..` or a symlink leading out of it is refused. */
async function resolveContext(workspace, contextInput) {
    const found = await realPathInside(workspace, contextInput);
    if ('problem' in found && found.problem === 'missing') {
        throw new errors/* InputError */.dz('context', contextInput, `no such directory in the workspace (${workspace})`, 'Give a directory relative to the repository root, e.g. "." or "training/". Did the job run actions/checkout?');
    }
    if ('problem' in found) {
        throw new errors/* InputError */.dz('context', contextInput, `the context must be inside the workspace ${workspace}, but it resolves to ${found.path}`, 'Use a path inside the repository; ".." and symlinks leading out of it are not allowed.');
    }
    const real = found.path;
    if (!(await (0,promises_.stat)(real)).isDirectory()) {
        throw new errors/* InputError */.dz('context', contextInput, 'expected a directory, found a file');
    }
    return real;
}
/**
 * Applies a diff on top of the checked-out commit (W&B's `diff.patch`). `git apply --check` runs
 * first so a patch that does not apply changes nothing. The patch input is a path inside the
 * workspace or the diff text itself.
 */
async function applyPatch(run, workspace, patchInput, tempDir) {
    let patchFile;
    let cleanup;
    const looksLikeDiff = /^(diff --git |--- |Index: |From )/m.test(patchInput);
    if (looksLikeDiff) {
        cleanup = await (0,promises_.mkdtemp)(external_node_path_default().join(tempDir, 'launch-action-patch-'));
        patchFile = external_node_path_default().join(cleanup, 'changes.patch');
        await (0,promises_.writeFile)(patchFile, patchInput.endsWith('\n') ? patchInput : `${patchInput}\n`);
    }
    else {
        const found = await realPathInside(workspace, patchInput);
        if ('problem' in found && found.problem === 'missing') {
            throw new errors/* InputError */.dz('patch', patchInput, 'expected a diff, or the path of a diff file inside the workspace; no such file', 'Pass the file path relative to the repository root, or the diff text itself.');
        }
        if ('problem' in found) {
            throw new errors/* InputError */.dz('patch', patchInput, 'the patch file must be inside the workspace');
        }
        const real = found.path;
        patchFile = real;
    }
    try {
        const args = ['apply', '--whitespace=nowarn', '--recount'];
        const check = await run('git', [...args, '--check', patchFile], { cwd: workspace });
        if (check.notFound) {
            throw new Error('Applying the patch needs git, which is not installed on this runner.');
        }
        if (check.exitCode !== 0)
            return { applied: false, reason: (check.stderr || check.stdout).trim() };
        const apply = await run('git', [...args, patchFile], { cwd: workspace });
        if (apply.exitCode !== 0)
            return { applied: false, reason: (apply.stderr || apply.stdout).trim() };
        return { applied: true };
    }
    finally {
        if (cleanup)
            await (0,promises_.rm)(cleanup, { recursive: true, force: true });
    }
}

;// CONCATENATED MODULE: ./src/source/index.ts

/** Resolves the context and applies the patch, before anything is hashed or built. */
async function prepareSource(rt, inputs) {
    const context = await resolveContext(rt.workspace, inputs.context);
    rt.log.info(`Context: ${context}`);
    if (inputs.patch === undefined)
        return { workspace: rt.workspace, context, patched: false };
    const outcome = await applyPatch(rt.run, rt.workspace, inputs.patch, rt.tempDir);
    if (outcome.applied) {
        rt.log.info('Patch applied on top of the commit.');
        return { workspace: rt.workspace, context, patched: true };
    }
    const message = `The patch does not apply to this commit: ${outcome.reason}`;
    if (inputs.patchFailure === 'error') {
        throw new Error(`${message}\nNothing was built. Regenerate the patch against this commit, or set patch-failure: warn to build the commit without it.`);
    }
    rt.log.warning(`${message}\nBuilding the commit without the patch (patch-failure: warn).`);
    return { workspace: rt.workspace, context, patched: false, patchWarning: message };
}

;// CONCATENATED MODULE: ./src/launch/pipeline.ts













/**
 * The pipeline, top to bottom: inputs → source → environment and Dockerfile → registry login →
 * build, push or skip → run or dispatch → report. Each stage is a module that owns its data.
 */
async function launch(rt, inputs) {
    const started = performance.now();
    if (inputs.core.mode !== 'build')
        (0,src_run/* assertTrustedTrigger */.ku)(rt.env, inputs.run.allowUntrusted);
    const given = inputs.core.dockerImage;
    // Asking docker which builder works takes a few hundred ms: do it while the source is prepared.
    const wanted = given === undefined
        ? { kind: 'build', builder: chooseBuilder(inputs.core.builder, rt.run, rt.env) }
        : { kind: 'given', image: given };
    if (wanted.kind === 'build')
        wanted.builder.catch(() => undefined);
    const source = await rt.group('Source', () => prepareSource(rt, inputs.core));
    let stage;
    if (wanted.kind === 'build') {
        const builder = await wanted.builder;
        const plan = await rt.group('Environment and Dockerfile', () => planImage(rt, source, inputs.core, builder));
        stage = { kind: 'build', plan, builder };
    }
    else {
        stage = wanted;
    }
    const session = await rt.group('Registry login', () => openRegistrySession(rt, {
        ...(inputs.core.destination && { destination: inputs.core.destination }),
        ...(given !== undefined && { dockerImage: given }),
        auth: inputs.auth,
    }));
    try {
        const image = await rt.group('Image', () => stage.kind === 'build'
            ? produceImage(rt, stage, inputs.core, session)
            : describeGivenImage(rt, stage.image, session));
        let run;
        let dispatch;
        if (inputs.core.mode === 'run') {
            await session.login();
            run = await rt.group('Run', () => (0,src_run/* runImage */.DG)(image.imageRef, inputs.run, runDeps(rt, session)));
        }
        else if (inputs.core.mode === 'dispatch') {
            const target = inputs.dispatch;
            if (!target)
                throw new Error('dispatch mode needs the dispatch inputs (readInputs reads them)');
            dispatch = await rt.group('Dispatch', () => (0,src_dispatch/* dispatchRun */.ey)(image.imageRef, dispatchParams(inputs), target, {
                fetch: rt.fetch,
                sleep: rt.sleep,
                log: rt.log,
                saveState: rt.saveState,
                env: rt.env,
            }));
        }
        return {
            source,
            ...(stage.kind === 'build' && { plan: stage.plan, builder: stage.builder }),
            image,
            ...(run && { run }),
            ...(dispatch && { dispatch }),
            durationMs: performance.now() - started,
        };
    }
    finally {
        await session.close();
    }
}
/** The planned image: found in the destination (one lookup), or built and pushed. */
async function produceImage(rt, stage, inputs, session) {
    if (!inputs.forceRebuild && inputs.destination) {
        const existing = await findInRegistry(rt, stage.plan, inputs.destination, session);
        if (existing)
            return existing;
    }
    if (stage.builder.kind === 'noop' && inputs.builder !== 'noop' && inputs.destination) {
        // A green step promises the image is in the destination: plan-only is only for builder: noop.
        throw new Error(`No image can be built for ${stage.plan.image}: ${stage.builder.reason}. ` +
            'Run this step where the Docker engine answers (a job on a runner with docker, or a container job with the docker socket mounted), ' +
            'or set builder: noop to only plan the image.');
    }
    return buildImage(rt, stage.plan, stage.builder, inputs, session);
}
/**
 * The planning step (environment, Dockerfile, source hash), logged: the action and the CLI's
 * `plan` both run exactly this.
 */
async function planImage(rt, source, inputs, builder) {
    rt.log.info(`Builder: ${builder.kind} — ${builder.reason}`);
    const plan = await planBuild(source.context, inputs, {
        buildkit: builder.kind !== 'docker',
        digestCache: directoryDigestCache(digestCacheDir(rt.env)),
    }).catch((error) => {
        // Annotations need repository-relative paths; detection speaks of context-relative ones.
        if (error instanceof errors/* FileError */.f6 && source.context !== source.workspace) {
            const file = external_node_path_default().relative(source.workspace, external_node_path_default().join(source.context, error.file));
            throw new errors/* FileError */.f6(file, error.line, error.detail);
        }
        throw error;
    });
    const env = plan.environment;
    rt.log.info(`Environment: ${env.kind} — ${env.reason}`);
    rt.log.info(`Python: ${env.python.version || '(from the Dockerfile)'} (${env.python.source})`);
    for (const dropped of env.dropped) {
        rt.log.warning(`Dropped '${dropped.line}': ${dropped.reason}`, {
            file: dropped.file,
            line: dropped.lineNumber,
        });
    }
    if (plan.dockerfile.entrypoint) {
        rt.log.info(`Entrypoint: ${plan.dockerfile.entrypoint.command.join(' ')} — ${plan.dockerfile.entrypoint.reason}`);
    }
    rt.log.info(`Source hash ${plan.sourceHash} over ${plan.context.files.length} files (${plan.timings.hashMs.toFixed(0)} ms)`);
    rt.log.info(`Dockerfile (${plan.dockerfile.origin}):\n${plan.dockerfile.dockerfile}`);
    return plan;
}
/** The digest cache survives between jobs on a self-hosted runner; a hosted runner starts empty. */
function digestCacheDir(env) {
    const base = env.XDG_CACHE_HOME || external_node_path_default().join(env.HOME || external_node_os_default().homedir(), '.cache');
    return external_node_path_default().join(base, 'launch-action', 'digests');
}
function runDeps(rt, session) {
    return {
        exec: rt.run,
        log: rt.log,
        saveState: rt.saveState,
        env: { ...rt.env, DOCKER_CONFIG: session.dockerConfig },
    };
}
/** What the GPU queue workflow needs besides the image: the run parameters of this step. */
function dispatchParams(inputs) {
    const run = inputs.run;
    return {
        ...(run.command !== undefined && { command: run.command }),
        ...(run.args.length > 0 && { args: run.args.join('\n') }),
        gpus: run.gpus,
        ...(run.dockerArgs.length > 0 && { 'docker-args': run.dockerArgs.join('\n') }),
        ...(inputs.core.env.length > 0 && {
            env: inputs.core.env.map(([key, value]) => `${key}=${value}`).join('\n'),
        }),
    };
}

;// CONCATENATED MODULE: ./src/inputs/reader.ts

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
        throw new errors/* InputError */.dz(name, value, 'expected true or false');
    }
    choice(name, allowed, fallback) {
        const value = this.string(name);
        if (value === '')
            return fallback;
        if (allowed.includes(value))
            return value;
        throw new errors/* InputError */.dz(name, value, `expected one of ${allowed.join(', ')}`);
    }
    /** A whole number within [min, max]. */
    integer(name, fallback, min, max) {
        const value = this.string(name);
        if (value === '')
            return fallback;
        if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
            throw new errors/* InputError */.dz(name, value, `expected a whole number from ${min} to ${max}`);
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
                throw new errors/* InputError */.dz(name, line, `each line must be KEY=VALUE where KEY is ${what}`, `Write it as e.g. "MY_VAR=value", one per line.`);
            }
            return [key, line.slice(eq + 1)];
        });
    }
}

;// CONCATENATED MODULE: ./src/launch/inputs.ts






/**
 * The one place inputs are read, all of them before anything runs, so a wrong value fails the
 * step at once. `namesRead` lists what the parser knows (a test compares it with action.yml).
 * `mask` registers secrets with the log masker (the runner's; a terminal has none).
 */
function readInputs(source, env, mask) {
    const reader = new InputReader(source);
    const core = readCoreInputs(reader);
    if (core.pythonVersion !== undefined)
        parsePythonVersionInput(core.pythonVersion);
    const auth = readAuthInputs(reader, mask);
    if (core.destination)
        validateAuthInputs(classifyRegistry(core.destination.host), auth);
    const run = (0,src_run/* readRunInputs */.hT)(reader, { network: core.network, env: core.env });
    const dispatch = core.mode === 'dispatch' ? (0,src_dispatch/* readDispatchInputs */.Ye)(reader, env, mask) : undefined;
    return {
        inputs: { core, auth, run, ...(dispatch && { dispatch }) },
        namesRead: reader.namesRead,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
;// CONCATENATED MODULE: ./src/launch/result.ts
/** The step's outputs, named as in action.yml. */
function outputsOf(result) {
    const outputs = {
        image: result.image.image,
        tag: result.image.tag,
        digest: result.image.digest,
        'image-ref': result.image.imageRef,
        'source-hash': result.plan?.sourceHash ?? '',
        built: String(result.image.built),
        environment: result.plan?.environment.kind ?? '',
        dockerfile: result.plan?.dockerfile.dockerfile ?? '',
    };
    if (result.run) {
        outputs['exit-code'] = String(result.run.exitCode);
        outputs.gpu = result.run.gpu;
        outputs.duration = result.run.durationSeconds.toFixed(1);
    }
    if (result.dispatch) {
        outputs['run-id'] = result.dispatch.runId;
        outputs['run-url'] = result.dispatch.runUrl;
        outputs.conclusion = result.dispatch.conclusion;
    }
    return outputs;
}

;// CONCATENATED MODULE: ./src/action/report.ts




async function reportResult(rt, result) {
    for (const [name, value] of Object.entries(outputsOf(result)))
        core.setOutput(name, value);
    await writeSummary(result);
    if (result.run && result.run.exitCode !== 0) {
        core.setFailed(result.run.cancelled
            ? 'The run was cancelled; its container was stopped.'
            : `The container exited with code ${result.run.exitCode}.`);
    }
    rt.log.debug(`Finished in ${result.durationMs.toFixed(0)} ms`);
}
async function writeSummary(result) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    const { plan, image } = result;
    const rows = [];
    if (plan) {
        rows.push(['Environment', `${plan.environment.kind}: ${plan.environment.reason}`], ['Python', `${plan.environment.python.version} (${plan.environment.python.source})`], ['Dockerfile', plan.dockerfile.origin], ['Source hash', `\`${plan.sourceHash}\` (${plan.context.files.length} files)`]);
    }
    rows.push(['Image', `\`${image.image}\``], ['Digest', image.digest ? `\`${image.digest}\`` : '—'], [
        'Build',
        image.built
            ? `built in ${(image.buildMs / 1000).toFixed(1)} s`
            : `skipped: ${image.skipped ?? 'image given'}`,
    ]);
    if (plan)
        rows.push(['Hashing', `${plan.timings.hashMs.toFixed(0)} ms`]);
    if (result.run) {
        rows.push([
            'Run',
            `exit code ${result.run.exitCode} after ${result.run.durationSeconds.toFixed(1)} s on ${result.run.gpu}`,
        ]);
    }
    if (result.dispatch) {
        rows.push(['Dispatched run', `${result.dispatch.runUrl} ${result.dispatch.conclusion}`]);
    }
    rows.push(['Total', `${(result.durationMs / 1000).toFixed(1)} s`]);
    const summary = core.summary.addHeading('launch-action', 3).addTable([
        [
            { data: 'Stage', header: true },
            { data: 'Result', header: true },
        ],
        ...rows.map(([stage, value]) => [stage, report_escape(value)]),
    ]);
    const dropped = plan?.environment.dropped ?? [];
    if (dropped.length > 0) {
        summary.addHeading('Dropped from the package list', 4).addTable([
            [
                { data: 'Line', header: true },
                { data: 'Where', header: true },
                { data: 'Why', header: true },
            ],
            ...dropped.map((d) => [report_escape(d.line), `${d.file}:${d.lineNumber}`, report_escape(d.reason)]),
        ]);
    }
    if (plan)
        summary.addDetails('Dockerfile', `\n\n\`\`\`dockerfile\n${plan.dockerfile.dockerfile}\`\`\`\n`);
    await summary.write();
}
function report_escape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/** Fails the step with a message a user can act on; file errors become annotations. */
async function reportFailure(rt, error) {
    // A dispatched run that failed still has an id, a URL and a conclusion worth reporting.
    if (error instanceof src_dispatch/* DispatchedRunError */.r8) {
        core.setOutput('run-id', error.result.runId);
        core.setOutput('run-url', error.result.runUrl);
        core.setOutput('conclusion', error.result.conclusion);
    }
    const message = (0,errors/* errorMessage */.gJ)(error);
    if (error instanceof errors/* FileError */.f6) {
        rt.log.error(message, {
            file: error.file,
            ...(error.line !== undefined && { line: error.line }),
        });
    }
    core.setFailed(message);
}

// EXTERNAL MODULE: ./src/platform/runtime.ts
var runtime = __webpack_require__(6387);
;// CONCATENATED MODULE: ./src/action/runtime.ts




/** The GitHub Actions runtime: logs, groups, annotations and state through @actions/core. */
function actionsRuntime(env = process.env) {
    const properties = (where) => where
        ? { file: where.file, ...(where.line !== undefined && { startLine: where.line }) }
        : undefined;
    return {
        env,
        workspace: env.GITHUB_WORKSPACE || process.cwd(),
        tempDir: env.RUNNER_TEMP || external_node_os_default().tmpdir(),
        log: {
            info: (message) => core.info(message),
            warning: (message, where) => core.warning(message, properties(where)),
            error: (message, where) => core.error(message, properties(where)),
            debug: (message) => core.debug(message),
        },
        group: (title, fn) => core.group(title, fn),
        setSecret: (secret) => core.setSecret(secret),
        saveState: (name, value) => core.saveState(name, value),
        run: exec/* runProgram */.m,
        fetch: (input, init) => fetch(input, init),
        sleep: runtime/* sleep */.y,
        write: (chunk) => process.stdout.write(chunk),
    };
}

;// CONCATENATED MODULE: ./src/action/main.ts






/** The action's main step: parse inputs, run the pipeline, report; any throw fails the step. */
async function run() {
    const rt = actionsRuntime();
    try {
        const { inputs } = readInputs(envInputSource(rt.env), rt.env, rt.setSecret);
        rt.saveState(state/* STATE */.c4.mode, inputs.core.mode);
        const result = await launch(rt, inputs);
        await reportResult(rt, result);
    }
    catch (error) {
        await reportFailure(rt, error);
    }
}


/***/ }),

/***/ 161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ getGithubIdToken),
/* harmony export */   Z: () => (/* binding */ describeClaims)
/* harmony export */ });
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(268);

/** Throws, before any network call, when the job cannot get an OIDC token at all. */
function assertIdTokenAvailable(env, cloud) {
    if (env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        return;
    throw new Error([
        `Cannot log in to ${cloud} with OIDC: this job has no GitHub OIDC token ` +
            '(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set), ' +
            'which means it lacks `id-token: write`. Add to the job (or the workflow):',
        '',
        '    permissions:',
        '      id-token: write',
        '      contents: read',
        '',
        'A reusable workflow gets the permission only when its caller grants it too. Pull requests ' +
            'from forks never receive an OIDC token: push from a workflow of the base repository instead, ' +
            'or pass username/password for this registry.',
    ].join('\n'));
}
/**
 * Requests the job's OIDC token for `audience` from the runner (what core.getIDToken does, over
 * the injected fetch). The token is masked before it is returned.
 */
async function getGithubIdToken(deps, audience, cloud) {
    assertIdTokenAvailable(deps.env, cloud);
    const requestUrl = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL ?? '';
    const requestToken = deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? '';
    deps.setSecret(requestToken);
    if (!URL.canParse(requestUrl)) {
        throw new Error(`Cannot get a GitHub OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL`);
    }
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    const context = `Could not get a GitHub OIDC token for audience ${audience} from ${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .safeUrl */ .Pl)(requestUrl)}`;
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
        method: 'GET',
        url: url.toString(),
        headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
    });
    const jwt = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text), 'value');
    if (response.status !== 200 || !jwt) {
        throw new _platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(`${context}: HTTP ${response.status}${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}`, response.status, response.text);
    }
    deps.setSecret(jwt);
    return { jwt, claims: decodeJwtClaims(jwt) ?? {} };
}
/** Pure: the payload of a JWT, decoded but NOT verified (only used to explain refusals). */
function decodeJwtClaims(jwt) {
    const payload = jwt.split('.')[1];
    if (payload === undefined)
        return undefined;
    try {
        const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
        return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
    }
    catch {
        return undefined;
    }
}
/** Pure: the claims a trust policy matches, for refusal messages. */
function describeClaims(claims) {
    const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
    return `sub "${claims.sub ?? '?'}", aud "${aud ?? '?'}"`;
}


/***/ })

};
