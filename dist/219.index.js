export const id = 219;
export const ids = [219];
export const modules = {

/***/ 9219:
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
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/image/labels.ts
var labels = __webpack_require__(86);
// EXTERNAL MODULE: ./src/image/reference.ts
var reference = __webpack_require__(3564);
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

;// CONCATENATED MODULE: ./src/environment/system-packages.ts
/**
 * Debian packages that Python requirements need at install or run time, inferred from the
 * requirement names and URLs with a small table (docs/system-packages.md is the same table for
 * users), plus `apt.txt` (the repo2docker/Binder convention). Pure.
 */

/**
 * `gcc` alone is not a working compiler with --no-install-recommends: the C library headers and
 * crt files come with libc6-dev, which gcc only recommends.
 */
const COMPILER = ['gcc', 'libc6-dev', 'python3-dev'];
/**
 * Stands for the headers of the image's own Python (Triton's launcher and C extensions include
 * Python.h). The Dockerfile installs `pythonX.Y-dev` for the Python it uses, and only when that
 * Python has no Python.h (python:*-slim images ship the headers; Debian's python3 does not).
 */
const PYTHON_HEADERS = 'python3-dev';
const SYSTEM_PACKAGE_RULES = [
    {
        names: ['torch', 'triton', 'pytorch-triton'],
        packages: COMPILER,
        reason: 'torch.compile (Triton) compiles kernels with a C compiler at run time',
    },
    {
        names: ['deepspeed', 'flash-attn', 'apex', 'pycocotools', 'cython'],
        packages: COMPILER,
        reason: 'builds C/C++ extensions from source (sdist or JIT-compiled ops)',
    },
    {
        names: ['opencv-python', 'opencv-contrib-python'],
        packages: ['libgl1', 'libglib2.0-0'],
        reason: 'cv2 loads libGL and GLib when imported',
    },
    {
        names: ['opencv-python-headless', 'opencv-contrib-python-headless'],
        packages: ['libglib2.0-0'],
        reason: 'cv2 (headless) loads GLib when imported',
    },
    {
        names: ['soundfile', 'librosa', 'pysoundfile'],
        packages: ['libsndfile1'],
        reason: 'reads audio through libsndfile',
    },
    {
        names: ['pydub', 'openai-whisper', 'ffmpeg-python', 'torchaudio', 'audiocraft'],
        packages: ['ffmpeg'],
        reason: 'decodes audio/video by running ffmpeg',
    },
];
const GIT_REASON = 'a requirement is installed from a git repository (git+… URL)';
const SSH_REASON = "ssh is given: git fetches git+ssh:// requirements through the build's SSH agent";
/** The packages with git and an SSH client added (for `ssh`: private git dependencies). */
function withSshClient(packages) {
    const have = new Set(packages.map((item) => item.name));
    return [
        ...packages,
        ...['git', 'openssh-client']
            .filter((name) => !have.has(name))
            .map((name) => ({ name, reason: SSH_REASON })),
    ];
}
/** What the requirement lines need; `names` are project names, `urls` the direct references. */
function inferSystemPackages(requirements, aptTxt) {
    const found = new Map();
    const add = (name, reason) => {
        if (!found.has(name))
            found.set(name, reason);
    };
    if (requirements.urls.some((url) => /^git\+/i.test(url.trim()))) {
        add('git', GIT_REASON);
    }
    const names = new Set(requirements.names.map(normalizeName));
    for (const rule of SYSTEM_PACKAGE_RULES) {
        const hit = rule.names.find((name) => names.has(name));
        if (!hit)
            continue;
        for (const name of rule.packages)
            add(name, `${hit}: ${rule.reason}`);
    }
    for (const name of aptTxt ? parseAptTxt(aptTxt.content) : []) {
        add(name, `listed in ${aptTxt.file}`);
    }
    return [...found.entries()].map(([name, reason]) => ({ name, reason }));
}
/** Debian package names of an apt.txt: one a line, `#` comments; anything else is skipped. */
function parseAptTxt(content) {
    return content
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .map((line) => line.replace(/#.*$/, '').trim())
        .filter((line) => /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+:~-]+)?$/.test(line));
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
/**
 * uv is installed into the image's own layer, never run from a cache mount: a cache mount is
 * shared by every build on the engine, so any of them could plant a program there.
 */
const UV_TOOL = '/opt/launch-uv';
/**
 * A build has no known_hosts: the git host's key is accepted on first contact within that one
 * install step (nothing of it is kept in the image); a changed key of a known host still fails.
 */
const GIT_SSH = 'ssh -o StrictHostKeyChecking=accept-new -o BatchMode=yes';
/** Cache mount ids carry the action's prefix, apart from the ids other builds on the engine use. */
const CACHE_ID = 'launch-action';
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
    const systemPackages = spec.systemPackages ?? [];
    const headers = systemPackages.some((item) => item.name === PYTHON_HEADERS);
    const apt = [
        ...new Set([
            ...systemPackages.map((item) => item.name).filter((name) => name !== PYTHON_HEADERS),
            ...spec.aptPackages,
        ]),
    ];
    if (systemPackages.length > 0) {
        lines.push('# System packages the requirements need:');
        for (const item of systemPackages)
            lines.push(`#   ${item.name}: ${item.reason}`);
    }
    if (apt.length > 0) {
        lines.push(...aptInstall(spec, apt, undefined, headers ? pythonHeaders(spec) : undefined));
    }
    lines.push(conda
        ? `COPY --from=dependencies ${VENV} ${VENV}`
        : // The base's own packages (a parent Dockerfile's, a framework image's torch) stay
            // importable; what the environment lists is installed into the venv on top of them.
            `RUN ${pythonCommand(spec)} -m venv --system-site-packages ${VENV}`, `ENV VIRTUAL_ENV=${VENV} PATH=${VENV}/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1`);
    for (const name of spec.buildArgNames)
        lines.push(`ARG ${name}`);
    if (!conda)
        lines.push(...dependencyInstall(spec));
    lines.push(...projectDependencies(spec));
    lines.push(
    // A base that already has a user with this uid (Ubuntu 24.04's `ubuntu`) keeps it.
    `RUN if ! getent passwd ${APP_UID} >/dev/null; then \\`, `      useradd --create-home --home-dir /home/launch --uid ${APP_UID} --gid 0 --shell /bin/sh launch; \\`, '    fi \\', `    && mkdir -p ${APP_DIR} && chown ${APP_UID}:0 /home/launch ${APP_DIR}`, `WORKDIR ${APP_DIR}`);
    if (spec.env.length > 0) {
        lines.push(`ENV ${spec.env.map(([key, value]) => `${key}=${quoteEnv(value)}`).join(' \\\n    ')}`);
    }
    lines.push(`COPY --chown=${APP_UID}:0 . ${APP_DIR}`, ...projectLayer(spec), `USER ${APP_UID}:0`);
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
/** Installs pythonX.Y-dev for the image's Python when it has no Python.h (Debian's python3). */
function pythonHeaders(spec) {
    const python = spec.installPythonWithApt ? pythonCommand(spec) : 'python3';
    return (`{ ! command -v ${python} >/dev/null 2>&1 || [ -e "$(${python} -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ] ` +
        `|| DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "python$(${python} -c 'import sys; print("%d.%d" % sys.version_info[:2])')-dev"; }`);
}
function aptInstall(spec, packages, onFailure, then) {
    const mounts = spec.buildkit
        ? `--mount=type=cache,id=${CACHE_ID}-apt,target=/var/cache/apt,sharing=locked --mount=type=cache,id=${CACHE_ID}-apt-lists,target=/var/lib/apt/lists,sharing=locked `
        : '';
    const cleanup = spec.buildkit ? '' : ' && rm -rf /var/lib/apt/lists/*';
    const install = `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
    const guarded = onFailure ? `{ ${install} || { ${onFailure.join('; ')}; exit 1; }; }` : install;
    return [
        `RUN ${mounts}rm -f /etc/apt/apt.conf.d/docker-clean \\`,
        `    && apt-get update && ${guarded}${then ? ` \\\n    && ${then}` : ''}${cleanup}`,
    ];
}
/** A conda environment is solved by micromamba in a build stage; only the environment ships. */
function condaStage(spec) {
    if (spec.install.kind !== 'conda')
        return [];
    const mount = spec.buildkit
        ? `--mount=type=cache,id=${CACHE_ID}-conda-pkgs,target=/opt/conda/pkgs,sharing=locked `
        : '';
    return [
        `FROM ${CONDA_BUILDER_IMAGE} AS dependencies`,
        'USER root',
        `COPY ${JSON.stringify([spec.install.file, `${DEPS_DIR}/environment.yml`])}`,
        `RUN ${mount}${condaPipIndexes(spec)}micromamba create --yes --prefix ${VENV} --file ${DEPS_DIR}/environment.yml${(spec.install.fallbackChannels ?? []).map((channel) => ` --channel ${channel}`).join('')} \\`,
        '    && micromamba clean --all --yes',
    ];
}
/** The environment's pip section may need extra indexes (e.g. PyTorch CUDA wheels). */
function condaPipIndexes(spec) {
    return spec.extraIndexUrls.length > 0
        ? `PIP_EXTRA_INDEX_URL=${shellQuote(spec.extraIndexUrls.join(' '))} `
        : '';
}
/** The cache/secret mounts and the install command of the dependency layer. */
function installTools(spec) {
    const install = spec.install;
    const uv = spec.installer === 'uv' || install.kind === 'uv-lock';
    const mounts = spec.buildkit
        ? [
            uv
                ? `--mount=type=cache,id=${CACHE_ID}-uv,target=/root/.cache/uv,sharing=locked`
                : `--mount=type=cache,id=${CACHE_ID}-pip,target=/root/.cache/pip,sharing=locked`,
            ...(spec.privateIndex
                ? [`--mount=type=secret,id=${PIP_CONF_SECRET},target=/etc/pip.conf`]
                : []),
            ...(spec.sshAgent !== undefined ? [`--mount=type=ssh,id=${spec.sshAgent}`] : []),
        ].join(' ') +
            ' ' +
            (spec.sshAgent !== undefined ? `export GIT_SSH_COMMAND=${shellQuote(GIT_SSH)} && ` : '')
        : '';
    const extra = spec.extraIndexUrls.map((url) => ` --extra-index-url ${url}`).join('');
    const pip = `${VENV}/bin/python -m pip install --disable-pip-version-check --no-input${spec.buildkit ? '' : ' --no-cache-dir'}`;
    const uvBinary = `${UV_TOOL}/bin/uv`;
    // Into the layer (the pip cache is not mounted when uv installs, so keep pip's cache out of it).
    const getUv = `{ [ -x ${uvBinary} ] || ${pip}${spec.buildkit ? ' --no-cache-dir' : ''} --target ${UV_TOOL} uv; } && `;
    const installer = (args) => uv
        ? `${getUv}${privateIndexEnv(spec)}PYTHONPATH=${UV_TOOL} ${uvBinary} pip install --python ${VENV}/bin/python${extra} ${args}`
        : `${pip}${extra} ${args}`;
    return { mounts, pip, getUv, uvBinary, installer };
}
function dependencyInstall(spec) {
    const install = spec.install;
    const { mounts, getUv, uvBinary, installer } = installTools(spec);
    switch (install.kind) {
        case 'nothing':
        case 'conda':
            return [];
        case 'requirements-file': {
            const rewritten = install.rewritten ?? {};
            const all = [install.file, ...install.alsoCopy];
            return [
                ...copyPreservingPaths(all.filter((file) => rewritten[file] === undefined)),
                ...Object.entries(rewritten).map(([file, content]) => writeFile(`${DEPS_DIR}/${file}`, content)),
                `RUN ${mounts}${installer(`-r ${DEPS_DIR}/${install.file}`)}`,
            ];
        }
        case 'requirement-lines':
        case 'poetry-lock': {
            const frozen = install.kind === 'requirement-lines' && install.noDeps;
            const list = `${DEPS_DIR}/requirements.txt`;
            const all = installer(`${frozen ? '--no-deps ' : ''}-r ${list}`);
            return [
                `RUN mkdir -p ${DEPS_DIR} && printf '%s\\n' ${install.lines.map(shellQuote).join(' ')} > ${list}`,
                `RUN ${mounts}${frozen ? pinByPin(all, installer(`--no-deps -r ${DEPS_DIR}/one.txt`), list) : all}`,
            ];
        }
        case 'uv-lock':
            return [
                ...copyPreservingPaths(install.files),
                `RUN ${mounts}${getUv}cd ${DEPS_DIR} && ${privateIndexEnv(spec)}UV_PROJECT_ENVIRONMENT=${VENV} PYTHONPATH=${UV_TOOL} ${uvBinary} sync --frozen --no-install-project --no-dev`,
            ];
    }
}
/**
 * Before the code copy: the project's build backend and the dependencies it declares statically,
 * so the layer after the code copy builds offline (`--no-build-isolation --no-index`) and a
 * code-only change rebuilds only that small layer. A uv project's second `uv sync` builds with
 * uv's own isolation from its cache instead.
 */
function projectDependencies(spec) {
    const project = spec.project;
    if (!project || spec.install.kind === 'uv-lock')
        return [];
    const lines = [...project.buildRequires, ...project.dependencies];
    if (lines.length === 0)
        return [];
    const { mounts, installer } = installTools(spec);
    const file = `${DEPS_DIR}/project-requirements.txt`;
    return [
        "# The project's build backend and declared dependencies (the project itself comes after the code).",
        writeFile(file, lines.map((line) => `${line}\n`).join('')),
        `RUN ${mounts}${tolerant(spec.project, installer(`-r ${file}`))}`,
    ];
}
/**
 * After the code copy: the project, editable (the code in the working directory is the code that
 * runs; console scripts land in the venv). Without dependencies and offline when they were
 * installed before the copy; otherwise pip resolves the computed ones here.
 */
function projectLayer(spec) {
    const project = spec.project;
    if (!project)
        return [];
    const { mounts, getUv, uvBinary, installer } = installTools(spec);
    if (spec.install.kind === 'uv-lock') {
        return [
            `RUN ${mounts}${getUv}cd ${APP_DIR} && ${privateIndexEnv(spec)}UV_PROJECT_ENVIRONMENT=${VENV} PYTHONPATH=${UV_TOOL} ${uvBinary} sync --frozen --no-dev`,
        ];
    }
    const targets = project.targets
        .flatMap((target) => ['-e', shellQuote(target.path === '.' ? '.' : `./${target.path}`)])
        .join(' ');
    const offline = project.targets.every((target) => target.dependencies !== undefined);
    const command = offline
        ? `${VENV}/bin/python -m pip install --disable-pip-version-check --no-input --no-build-isolation --no-deps --no-index ${targets}`
        : installer(`--no-build-isolation ${targets}`);
    return [`RUN ${offline ? '' : mounts}cd ${APP_DIR} && ${tolerant(project, command)}`];
}
/** An inferred project (no `-e .` line asked for it) that fails to install is reported, not fatal. */
function tolerant(project, command) {
    if (project.targets.some((target) => target.explicit))
        return command;
    return `{ ${command}; } || echo "launch-action: warning: installing the repository as a package failed (see above); its code still runs from ${APP_DIR}" >&2`;
}
/** A file written by the Dockerfile itself (its content is part of the Dockerfile text). */
function writeFile(path, content) {
    const lines = content.split('\n');
    if (lines.at(-1) === '')
        lines.pop();
    return `RUN mkdir -p ${posixDir(path)} && printf '%s\\n' ${lines.map(shellQuote).join(' ')} > ${path}`;
}
function posixDir(path) {
    return path.slice(0, path.lastIndexOf('/')) || '/';
}
/**
 * A frozen list (the packages of a machine, pinned) is installed whole; when that fails, pin by
 * pin, and the pins that cannot be installed are skipped and listed (in the build log and in
 * /tmp/launch/dropped.txt) instead of failing the whole image.
 */
function pinByPin(all, one, list) {
    const dropped = `${DEPS_DIR}/dropped.txt`;
    return [
        `${all} \\`,
        `    || { echo "launch-action: the frozen list did not install as a whole; installing it pin by pin" >&2; \\`,
        `      : > ${dropped}; grep '^-' ${list} > ${DEPS_DIR}/options.txt || true; \\`,
        `      grep -v '^-' ${list} | while IFS= read -r pin; do \\`,
        `        { cat ${DEPS_DIR}/options.txt; printf '%s\\n' "$pin"; } > ${DEPS_DIR}/one.txt; \\`,
        `        ${one} \\`,
        `          || { echo "launch-action: warning: dropped '$pin': it could not be installed (see above)" >&2; printf '%s\\n' "$pin" >> ${dropped}; }; \\`,
        '      done; }',
    ].join('\n');
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
    const args = ['buildx', 'build'];
    if (request.builderInstance)
        args.push('--builder', request.builderInstance);
    args.push('--file', request.dockerfile);
    for (const tag of request.tags)
        args.push('--tag', tag);
    args.push(request.push ? '--push' : '--load');
    for (const [key, value] of request.buildArgs)
        args.push('--build-arg', `${key}=${value}`);
    for (const [key, value] of request.labels)
        args.push('--label', `${key}=${value}`);
    for (const annotation of request.annotations ?? [])
        args.push('--annotation', annotation);
    for (const [id, file] of request.secrets)
        args.push('--secret', `id=${id},src=${file}`);
    for (const [id, variable] of request.secretEnvs ?? [])
        args.push('--secret', `id=${id},env=${variable}`);
    for (const ssh of request.ssh ?? [])
        args.push('--ssh', ssh);
    if (request.network && request.network !== 'default')
        args.push('--network', request.network);
    if (request.platforms.length > 0)
        args.push('--platform', request.platforms.join(','));
    if (request.noCache)
        args.push('--no-cache');
    if (request.pull)
        args.push('--pull');
    args.push(...cacheArgs(request.cache));
    args.push('--metadata-file', request.metadataFile);
    args.push(`--provenance=${request.provenance ?? 'false'}`);
    if (request.sbom)
        args.push('--sbom=true');
    args.push(request.context);
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

// EXTERNAL MODULE: ./src/platform/http.ts
var platform_http = __webpack_require__(1267);
// EXTERNAL MODULE: ./src/registry/manifest.ts
var manifest = __webpack_require__(506);
;// CONCATENATED MODULE: ./src/registry/image-size.ts



const ACCEPT = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/**
 * The sum of the compressed layer sizes of the manifest `digest` (what a pull downloads at most);
 * for an index, of its linux/amd64 image (else its first). undefined when the registry does not
 * say: a size is information, never a reason to fail the step.
 */
async function registryImageSize(ref, digest, credentials, http) {
    const read = async (reference) => {
        const response = await (0,manifest/* registryRequest */.zy)(ref, `/manifests/${reference}`, { method: 'GET', headers: { Accept: ACCEPT } }, 'pull', credentials, http);
        return response.status === 200 ? (0,platform_http/* parseJson */.qF)(response.text) : undefined;
    };
    try {
        let manifest = await read(digest);
        if (manifest?.manifests) {
            const images = manifest.manifests.filter((entry) => typeof entry.digest === 'string');
            const image = images.find((entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64') ?? images.find((entry) => entry.platform?.os !== 'unknown');
            manifest = image ? await read(image.digest) : undefined;
        }
        const layers = manifest?.layers;
        if (!layers || !layers.every((layer) => typeof layer.size === 'number'))
            return undefined;
        return {
            bytes: layers.reduce((sum, layer) => sum + layer.size, 0),
            kind: 'compressed',
        };
    }
    catch {
        return undefined;
    }
}
/** `1.2 GB`, `340.5 MB`, `12 kB` (decimal units, as docker and registries show sizes). */
function formatBytes(bytes) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit += 1;
    }
    return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}
/**
 * The size of the image a step produced: from the registry when it is referenced by digest there
 * (pushed, found or given), else the local engine's uncompressed Size.
 */
async function measureImage(rt, image, session) {
    const ref = (0,reference/* parseImageReference */.o_)(image.imageRef);
    if (typeof ref !== 'string' && ref.digest) {
        return registryImageSize(ref, ref.digest, await session.credentialsFor(ref.host), rt);
    }
    const inspect = await rt.run('docker', ['image', 'inspect', '--format', '{{.Size}}', image.imageRef], {
        env: rt.env,
    });
    const bytes = Number(inspect.stdout.trim());
    return inspect.exitCode === 0 && Number.isSafeInteger(bytes) && bytes > 0
        ? { bytes, kind: 'uncompressed' }
        : undefined;
}

;// CONCATENATED MODULE: ./src/builder/push-progress.ts

const UNIT = { B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
/** `#7 pushing 127.0.0.1:5000/a/b:tag with docker` (the docker driver) or `#12 pushing …` */
const PUSH_START = /^#(\d+) pushing (?!layer )(\S+)(?: with docker)?\s*$/;
/** `#7 pushing layer 40afc6687950 8.52MB / 30.00MB 0.4s`, `#7 pushing layer 40afc6687950 3.0s done` */
const LAYER = /^#(\d+) pushing layer (\S+)(?: ([\d.]+)([kKMGT]?B) \/ ([\d.]+)([kKMGT]?B))?(?: [\d.]+s)?( done)?\s*$/;
const STEP_END = /^#(\d+) (?:DONE|ERROR|CANCELED)\b/;
/**
 * Follows a BuildKit plain-progress log and, while an image is being pushed, gives a line at
 * least every `intervalMs` with the bytes sent so far: a big layer otherwise leaves the log
 * silent for a long time. Pure: the caller feeds output and asks with its clock.
 */
class PushProgress {
    intervalMs;
    push;
    layers = new Map();
    lastSaid = 0;
    partial = '';
    constructor(intervalMs = 10_000) {
        this.intervalMs = intervalMs;
    }
    feed(chunk, now) {
        const lines = (this.partial + chunk).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines)
            this.line(line.replace(/\r$/, ''), now);
    }
    /** The line to print now, if one is due. */
    tick(now) {
        if (!this.push || now - this.lastSaid < this.intervalMs)
            return undefined;
        this.lastSaid = now;
        const layers = [...this.layers.values()];
        const sent = layers.reduce((sum, layer) => sum + layer.sent, 0);
        const known = layers.filter((layer) => layer.total !== undefined);
        const total = known.reduce((sum, layer) => sum + (layer.total ?? 0), 0);
        const done = layers.filter((layer) => layer.done).length;
        const seconds = Math.round((now - this.push.since) / 1000);
        return (`Pushing ${this.push.ref}: ${formatBytes(sent)}` +
            (total > 0 ? ` of ${formatBytes(total)}` : '') +
            ` sent, ${done} of ${layers.length} layers done (${seconds} s)`);
    }
    line(line, now) {
        const start = PUSH_START.exec(line);
        if (start) {
            this.push = { step: start[1], ref: start[2], since: now };
            this.layers.clear();
            this.lastSaid = now;
            return;
        }
        if (!this.push)
            return;
        const layer = LAYER.exec(line);
        if (layer && layer[1] === this.push.step) {
            const entry = this.layers.get(layer[2]) ?? { sent: 0, done: false };
            if (layer[3] !== undefined) {
                entry.sent = Number(layer[3]) * (UNIT[layer[4]] ?? 1);
                entry.total = Number(layer[5]) * (UNIT[layer[6]] ?? 1);
            }
            if (layer[7]) {
                entry.done = true;
                if (entry.total !== undefined)
                    entry.sent = entry.total;
            }
            this.layers.set(layer[2], entry);
            return;
        }
        if (STEP_END.exec(line)?.[1] === this.push.step)
            this.push = undefined;
    }
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
async function executeBuild(builder, request, run, env, onOutput, progress = 'plain') {
    const started = performance.now();
    const childEnv = { ...env, BUILDX_GIT_INFO: 'false', BUILDKIT_PROGRESS: 'plain' };
    if (builder === 'buildx') {
        const tty = progress === 'tty';
        // Plain logs get a line with the bytes sent at least every 10 s while pushing.
        const push = new PushProgress();
        const output = (chunk) => {
            onOutput(chunk);
            push.feed(chunk, Date.now());
        };
        const timer = tty
            ? undefined
            : setInterval(() => {
                const line = push.tick(Date.now());
                if (line)
                    onOutput(`${line}\n`);
            }, 1_000);
        timer?.unref();
        const result = await run('docker', buildxArgs(request), {
            env: tty ? { ...childEnv, BUILDKIT_PROGRESS: 'tty' } : childEnv,
            onStdout: output,
            onStderr: output,
            terminal: tty,
        }).finally(() => clearInterval(timer));
        if (result.exitCode !== 0) {
            // With tty progress the log went to the terminal, uncaptured: the user has just seen it.
            if (tty)
                throw new BuildError('The image build failed (its log is above). Nothing was pushed.');
            throw buildFailure(result.stdout + result.stderr);
        }
        const metadata = JSON.parse(await (0,promises_.readFile)(request.metadataFile, 'utf8'));
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
    const build = await run('docker', dockerBuildArgs(request), {
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
            if (push.exitCode !== 0)
                throw new BuildError(`docker push ${tag} failed: ${push.stderr.trim()}`);
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
    // pip ends an index it cannot reach with "No matching distribution": say what really happened.
    const unreachable = unreachableIndex(output);
    if (unreachable)
        return new BuildError(unreachable);
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
/**
 * "the package index HOST could not be reached (REASON)" when pip gave up on connecting (its
 * "Retrying … after connection broken by" warnings), naming the index by host only: never its
 * credentials. One line, for one concise annotation; the log above has pip's own words.
 */
function unreachableIndex(output) {
    const broken = /Retrying \(Retry\(total=0[^)]*\)\) after connection broken by '(.+)': (\S+)\s*$/m.exec(output);
    if (!broken)
        return undefined;
    const cause = broken[1];
    const reason = /Failed to establish a new connection: (?:\[Errno -?\d+\] )?([^'"()]+)/.exec(cause)?.[1] ??
        /(Connection to \S+ timed out)/.exec(cause)?.[1] ??
        /(Read timed out)/.exec(cause)?.[1] ??
        /^(\w+)\(/.exec(cause)?.[1] ??
        'connection failed';
    const indexes = (/^(?:#\d+ )?[\d.]* ?Looking in indexes: (.+)$/m.exec(output)?.[1] ?? '')
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url !== '');
    // The retried path (`/simple/numpy/`) tells which index it was when there are several.
    const path = broken[2];
    const matching = indexes.filter((url) => path.startsWith(pathOf(url)));
    const hosts = [...new Set((matching.length > 0 ? matching : indexes).map(hostOf))];
    const requirement = /No matching distribution found for (\S+)/.exec(output)?.[1];
    const index = hosts.length === 1
        ? `The package index ${hosts[0]}`
        : hosts.length > 1
            ? `One of the package indexes ${hosts.join(', ')}`
            : 'The package index';
    return (`${index} could not be reached (${reason.trim().toLowerCase()})` +
        (requirement ? `, so pip could not look up ${requirement}` : '') +
        '. Check pip-index-url / pip-extra-index-url and that the build can reach that host ' +
        '(network: host for a service on the runner itself). Nothing was pushed.');
}
function hostOf(url) {
    try {
        return new URL(url).host;
    }
    catch {
        return url
            .replace(/^\w+:\/\//, '')
            .replace(/^[^@/]*@/, '')
            .split('/')[0];
    }
}
function pathOf(url) {
    try {
        return new URL(url).pathname;
    }
    catch {
        return '/';
    }
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
        const lookup = await (0,manifest/* lookupManifest */.Y0)(destination, tag, credentials, http);
        if (lookup.exists === true) {
            const ref = `${destination.host}/${destination.path}@${lookup.digest}`;
            if (!sources.includes(ref))
                sources.push(ref);
        }
    }
    return sources;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/tool-cache/lib/tool-cache.js + 2 modules
var tool_cache = __webpack_require__(2186);
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

// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
;// CONCATENATED MODULE: ./src/builder/builder.ts


/**
 * Picks the builder (seed rule): buildx when it works, else the plain docker builder, else noop.
 * An explicit choice that is not available is an error, not a silent fallback.
 */
async function chooseBuilder(requested, run, env, instance) {
    if (instance !== undefined)
        return namedInstance(instance, run, env);
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
/** `builder: NAME` (docker's meaning): that buildx instance, or an error listing the ones there are. */
async function namedInstance(name, run, env) {
    const inspect = await run('docker', ['buildx', 'inspect', name], { env });
    if (inspect.exitCode === 0) {
        const driver = parseBuildxDriver(inspect.stdout);
        return {
            kind: 'buildx',
            instance: name,
            ...(driver !== undefined && { driver }),
            reason: `buildx builder instance '${name}' (driver ${driver ?? 'unknown'})`,
        };
    }
    const list = await run('docker', ['buildx', 'ls', '--format', '{{.Name}}'], { env });
    const known = [
        ...new Set(list.stdout
            .split('\n')
            .map((line) => line.trim().replace(/\*$/, '').trim())
            .filter((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(line))),
    ];
    throw new errors/* InputError */.dz('builder', name, `expected auto, buildx, docker, noop or the name of a buildx builder instance on this machine; ` +
        (inspect.notFound
            ? 'there is no docker CLI on PATH'
            : `docker buildx inspect ${name} says: ${inspect.stderr.trim().split('\n')[0] ?? ''}` +
                (known.length > 0 ? ` (instances here: ${known.join(', ')})` : '')), 'Create it first (e.g. with docker/setup-buildx-action, whose name output gives the name), or use builder: auto.');
}
/**
 * Whether the builder stores OCI artifacts: attestations (provenance, SBOM) and manifest
 * annotations. buildx drivers other than `docker` do; the `docker` driver only with the
 * containerd image store (the classic store keeps Docker v2 manifests, which have neither).
 */
async function storesOciArtifacts(builder, run, env) {
    if (builder.kind !== 'buildx')
        return false;
    if (builder.driver !== undefined && builder.driver !== 'docker')
        return true;
    const info = await run('docker', ['info', '--format', '{{json .DriverStatus}}'], { env });
    return info.exitCode === 0 && info.stdout.includes('io.containerd.snapshotter');
}

;// CONCATENATED MODULE: ./src/builder/features.ts

/** Whether provenance or an SBOM is asked for (`provenance: false` and empty ask for none). */
function wantsAttestations(inputs) {
    return (inputs.provenance !== undefined && inputs.provenance !== 'false') || inputs.sbom;
}
const OCI_BUILDER_FIX = 'Use a builder that stores OCI images: add a docker/setup-buildx-action step before this one ' +
    '(its docker-container builder; pass its name output as builder), or turn on the containerd image store of the Docker engine';
/**
 * What the builder cannot do of what was asked, before anything is built: an error for what would
 * be missing from the promised artifact (attestations, secrets, ssh), a warning for what buildx
 * itself would drop silently (annotations on a Docker v2 manifest). Pure.
 */
function checkBuildFeatures(inputs, builder, 
/** The builder stores OCI manifests (see storesOciArtifacts). */
ociStore) {
    const warnings = [];
    if (builder.kind === 'docker') {
        const mounts = [
            ['secrets', inputs.secrets.length > 0],
            ['secret-files', inputs.secretFiles.length > 0],
            ['ssh', inputs.ssh.length > 0],
        ].find(([, given]) => given);
        if (mounts) {
            throw new errors/* InputError */.dz(mounts[0], '(given)', 'the classic docker builder has no secret or ssh mounts (only BuildKit has), and a build argument would store the value in the image', 'Use builder: auto or buildx (install the buildx plugin, e.g. with docker/setup-buildx-action).');
        }
    }
    if (wantsAttestations(inputs) && !ociStore) {
        const name = inputs.provenance !== undefined && inputs.provenance !== 'false' ? 'provenance' : 'sbom';
        throw new errors/* InputError */.dz(name, name === 'provenance' ? inputs.provenance : 'true', `this builder cannot store attestations: ${describe(builder)} keeps images as Docker v2 manifests, which have no place for a provenance or SBOM attestation (buildx would refuse, or drop them)`, `${OCI_BUILDER_FIX}. Or set ${name}: false.`);
    }
    if (inputs.annotations.length > 0 && !ociStore) {
        warnings.push(`annotations are NOT written: ${describe(builder)} keeps images as Docker v2 manifests, which have no annotations (buildx drops them without a word). ` +
            `${OCI_BUILDER_FIX}. Labels (labels input) work with every builder.`);
    }
    return { warnings };
}
function describe(builder) {
    if (builder.kind === 'docker')
        return 'the classic docker builder';
    return `buildx's ${builder.driver ?? 'unknown'} driver${builder.instance ? ` (instance ${builder.instance})` : ''} with the engine's classic image store`;
}

;// CONCATENATED MODULE: ./src/builder/secrets.ts



/**
 * `secret-files` as absolute paths. A file that is missing, or that the build context holds (it
 * would be hashed into the tag and copied into the image), is refused before anything is built.
 */
async function resolveSecretFiles(entries, workspace, context) {
    const inContext = new Set(context.files.map((file) => file.path));
    const resolved = [];
    for (const [id, file] of entries) {
        const absolute = external_node_path_default().resolve(workspace, file);
        const info = await (0,promises_.stat)(absolute).catch(() => undefined);
        if (!info?.isFile()) {
            throw new errors/* InputError */.dz('secret-files', `${id}=${file}`, `${absolute} is not a file`, 'Write the secret to a file first (e.g. in $RUNNER_TEMP), and give ID=PATH.');
        }
        const relative = external_node_path_default().relative(context.root, absolute).split((external_node_path_default()).sep).join('/');
        if (inContext.has(relative)) {
            throw new errors/* InputError */.dz('secret-files', `${id}=${file}`, `${file} is inside the build context, so it would be hashed and could be copied into the image`, 'Keep secret files outside the context (e.g. in $RUNNER_TEMP), or exclude it in .dockerignore.');
        }
        resolved.push([id, absolute]);
    }
    return resolved;
}
/** `ssh` lines for buildx: `default` needs an agent (SSH_AUTH_SOCK); paths become absolute. */
function resolveSsh(entries, workspace, env) {
    return entries.map((entry) => {
        const eq = entry.indexOf('=');
        if (eq === -1) {
            if (!env.SSH_AUTH_SOCK) {
                throw new errors/* InputError */.dz('ssh', entry, `"${entry}" forwards the SSH agent of this job, but SSH_AUTH_SOCK is not set (no agent is running)`, 'Start an agent with your key before this step (e.g. webfactory/ssh-agent), or give ID=PATH to a key file.');
            }
            return entry;
        }
        const id = entry.slice(0, eq);
        const paths = entry
            .slice(eq + 1)
            .split(',')
            .map((item) => external_node_path_default().resolve(workspace, item.trim()));
        return `${id}=${paths.join(',')}`;
    });
}

;// CONCATENATED MODULE: ./src/builder/index.ts











/**
 * Builds the planned image and pushes it to the destination, or loads it into the local engine
 * (skipped when the engine already has its source-hash tag). Whether the destination already
 * holds it is asked before, by registry/existing.
 */
async function buildImage(rt, plan, builder, inputs, session) {
    // push: false builds under the destination's name into the local engine, and pushes nothing.
    const destination = inputs.push ? inputs.destination : undefined;
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
    // What this builder cannot do is said before anything is built.
    const ociStore = (wantsAttestations(inputs) || inputs.annotations.length > 0) &&
        (await storesOciArtifacts(builder, rt.run, env));
    for (const warning of checkBuildFeatures(inputs, builder, ociStore).warnings) {
        rt.log.warning(warning);
    }
    const secretFiles = await resolveSecretFiles(inputs.secretFiles, rt.workspace, plan.context);
    const ssh = resolveSsh(inputs.ssh, rt.workspace, rt.env);
    // Secret values reach buildx through its environment (`--secret id=ID,env=VAR`): never argv.
    const secretEnvs = inputs.secrets.map(({ id }, index) => [id, `LAUNCH_ACTION_BUILD_SECRET_${index}`]);
    const secretValues = Object.fromEntries(inputs.secrets.map(({ value }, index) => [secretEnvs[index][1], value]));
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
<<<<<<<< HEAD:dist/589.index.js
            labels: await builtImageLabels(rt, plan, inputs),
            secrets: files.secrets,
========
            labels: [
                ...(0,labels/* imageLabels */.J0)(rt.env, plan.sourceHash, await gitHead(rt, plan.context.root)),
                ...(0,labels/* cudaLabels */.fl)(plan.cuda),
                ...inputs.labels,
            ],
            secrets: [...files.secrets, ...secretFiles],
            ...(secretEnvs.length > 0 && { secretEnvs }),
            ...(ssh.length > 0 && { ssh }),
            ...(builder.instance !== undefined && { builderInstance: builder.instance }),
            ...(ociStore && inputs.annotations.length > 0 && { annotations: inputs.annotations }),
            ...(inputs.provenance !== undefined && { provenance: inputs.provenance }),
            ...(inputs.sbom && { sbom: true }),
>>>>>>>> conv:dist/219.index.js
            ...(inputs.network !== 'default' && { network: inputs.network }),
            platforms: inputs.platforms,
            cache: decision.cache,
            ...(inputs.noCache && { noCache: true }),
            ...(inputs.pull && { pull: true }),
            metadataFile: external_node_path_default().join(files.dir, 'metadata.json'),
        };
        const outcome = await executeBuild(builder.kind, request, rt.run, { ...env, ...secretValues }, rt.write, rt.progress);
        rt.log.info(`Built ${plan.image} in ${(outcome.durationMs / 1000).toFixed(1)} s: ${outcome.digest}`);
        return {
            ...base,
            digest: outcome.digest,
            imageId: outcome.imageId,
            ...(outcome.metadata && { buildMetadata: outcome.metadata }),
            imageRef: destination ? (0,reference/* withDigest */.hQ)(destination, outcome.digest) : plan.image,
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
/** The labels every image this action makes carries: its own, the CUDA ones, the user's. */
async function builtImageLabels(rt, plan, inputs) {
    return [
        ...(0,labels/* imageLabels */.J0)(rt.env, plan.sourceHash, await gitHead(rt, plan.context.root)),
        ...(0,labels/* cudaLabels */.fl)(plan.cuda),
        ...inputs.labels,
    ];
}
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

// EXTERNAL MODULE: ./src/platform/words.ts
var words = __webpack_require__(4742);
;// CONCATENATED MODULE: ./src/inputs/core.ts



const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Debian package names (policy 5.6.1), optionally `=version`, or an `/release` suffix. */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(?:=[A-Za-z0-9.+~:-]+|\/[a-z0-9-]+)?$/;
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const LABEL_KEY = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/;
/** `[TYPE[,TYPE…][\[PLATFORM\]]:]KEY=VALUE`, buildx's --annotation syntax. */
const ANNOTATION = /^(?:(?:manifest|index|manifest-descriptor|index-descriptor)(?:,(?:manifest|index|manifest-descriptor|index-descriptor))*(?:\[[a-z0-9/,_]+\])?:)?[A-Za-z0-9][A-Za-z0-9._/-]*=.*$/;
const PROVENANCE = /^(?:true|false|[a-z-]+=[^,=\s]+(?:,[a-z-]+=[^,=\s]+)*)$/;
const SECRET_ID = /^[A-Za-z0-9._-]+$/;
const SSH = /^(?:default|[A-Za-z0-9._-]+(?:=\S.*)?)$/;
const BUILDER_INSTANCE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function readCoreInputs(read) {
    const mode = read.choice('mode', ['build', 'run', 'dispatch', 'kubernetes', 'doctor'], 'build');
    const inputs = {
        mode,
        ...readSourceInputs(read),
        ...readEnvironmentInputs(read),
        ...readImageInputs(read),
        ...readDestinationInputs(read),
        ...readBuildInputs(read),
    };
    if (!inputs.push && mode === 'dispatch') {
        throw new errors/* InputError */.dz('push', 'false', 'dispatch mode runs the image on another machine, which pulls it from the destination', 'Remove push: false, or use mode: build or run.');
    }
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
    const inferSystemPackages = read.bool('infer-system-packages', true);
    const env = read.keyValues('env', ENV_NAME, 'a letter or "_" followed by letters, digits or "_"');
    const buildArgs = read.keyValues('build-args', ENV_NAME, 'a letter or "_" followed by letters, digits or "_"');
    const labels = read.keyValues('labels', LABEL_KEY, 'letters, digits, ".", "-", "_" and "/" (e.g. org.opencontainers.image.title)');
    const annotations = read.lines('annotations');
    for (const line of annotations) {
        if (!ANNOTATION.test(line)) {
            throw new errors/* InputError */.dz('annotations', line, 'each line must be KEY=VALUE, optionally prefixed with buildx\'s types (e.g. "manifest:", "index,manifest:" or "manifest[linux/amd64]:")', 'Write it as e.g. "org.opencontainers.image.description=Training image", one per line.');
        }
    }
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
        inferSystemPackages,
        env,
        buildArgs,
        labels,
        annotations,
        ...(entrypoint !== undefined && { entrypoint }),
    };
}
function readDestinationInputs(read) {
    const destinationText = read.optional('destination');
    let destination;
    if (destinationText !== undefined) {
        const parsed = (0,reference/* parseImageReference */.o_)(destinationText);
        if (typeof parsed === 'string' || parsed.tag !== undefined || parsed.digest !== undefined) {
            throw new errors/* InputError */.dz('destination', destinationText, typeof parsed === 'string'
                ? `not a valid image repository: ${parsed}`
                : 'expected a repository without tag or digest (the tag is the source hash)', 'Write it as HOST/PATH, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/train or ghcr.io/org/train.');
        }
        destination = parsed;
    }
    // Tag names, or full references as docker/metadata-action's `tags` output gives them
    // (`ghcr.io/org/train:v1`): those must name the destination, and their tag is taken.
    const tags = read.lines('tags').map((line) => tagOf(line, destination));
    return { ...(destination !== undefined && { destination }), tags };
}
function readBuildInputs(read) {
    const push = read.bool('push', true);
    const forceRebuild = read.bool('force-rebuild', false);
    const noCache = read.bool('no-cache', false);
    const pull = read.bool('pull', false);
    const { builder, builderInstance } = readBuilder(read);
    const cache = read.choice('cache', ['auto', 'gha', 'registry', 'inline', 'none'], 'auto');
    const network = read.choice('network', ['default', 'host', 'none'], 'default');
    const platforms = read.list('platforms');
    for (const platform of platforms) {
        if (!PLATFORM.test(platform)) {
            throw new errors/* InputError */.dz('platforms', platform, 'expected OS/ARCH[/VARIANT], e.g. linux/amd64');
        }
    }
<<<<<<<< HEAD:dist/589.index.js
    const assemble = read.choice('assemble', ['auto', 'off'], 'auto');
    return { push, forceRebuild, noCache, pull, builder, cache, network, platforms, assemble };
========
    const provenance = read.optional('provenance');
    if (provenance !== undefined && !PROVENANCE.test(provenance)) {
        throw new errors/* InputError */.dz('provenance', provenance, 'expected false, true, mode=min or mode=max (or buildx --provenance KEY=VALUE pairs, comma separated)');
    }
    const sbom = read.bool('sbom', false);
    const secrets = readSecrets(read);
    const secretFiles = read.lines('secret-files').map((line) => {
        const eq = line.indexOf('=');
        const id = line.slice(0, Math.max(eq, 0)).trim();
        const file = line.slice(eq + 1).trim();
        if (eq === -1 || !SECRET_ID.test(id) || file === '') {
            throw new errors/* InputError */.dz('secret-files', line, 'each line must be ID=PATH, where ID is letters, digits, ".", "-" or "_"', 'Write it as e.g. "netrc=.secrets/netrc", one per line.');
        }
        return [id, file];
    });
    const ssh = read.lines('ssh');
    for (const line of ssh) {
        if (!SSH.test(line)) {
            throw new errors/* InputError */.dz('ssh', line, 'each line must be "default" (the runner\'s SSH agent, SSH_AUTH_SOCK) or ID=PATH (an agent socket or a key file)', 'Start an agent first (e.g. webfactory/ssh-agent) and give "default".');
        }
    }
    const ids = [...secrets.map((secret) => secret.id), ...secretFiles.map(([id]) => id)];
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
    if (repeated !== undefined) {
        throw new errors/* InputError */.dz(secretFiles.some(([id]) => id === repeated) ? 'secret-files' : 'secrets', repeated, 'each secret id may be given once, in secrets or in secret-files');
    }
    return {
        push,
        forceRebuild,
        noCache,
        pull,
        builder,
        ...(builderInstance !== undefined && { builderInstance }),
        cache,
        network,
        platforms,
        ...(provenance !== undefined && { provenance }),
        sbom,
        secrets,
        secretFiles,
        ssh,
    };
}
/**
 * Our builder kinds, or (docker/build-push-action's meaning) the name of a buildx builder
 * instance, which builds with buildx through `--builder NAME`.
 */
function readBuilder(read) {
    const value = read.string('builder');
    const kinds = ['auto', 'buildx', 'docker', 'noop'];
    if (value === '')
        return { builder: 'auto' };
    if (kinds.includes(value)) {
        return { builder: value };
    }
    if (!BUILDER_INSTANCE.test(value)) {
        throw new errors/* InputError */.dz('builder', value, `expected one of ${kinds.join(', ')}, or the name of a buildx builder instance (letters, digits, ".", "-", "_")`, 'Give e.g. the name output of docker/setup-buildx-action.');
    }
    return { builder: 'buildx', builderInstance: value };
}
/** `secrets` lines: `ID=VALUE`. The value never appears in an error. */
function readSecrets(read) {
    return read.lines('secrets').map((line, index) => {
        const eq = line.indexOf('=');
        const id = eq === -1 ? '' : line.slice(0, eq).trim();
        if (eq === -1 || !SECRET_ID.test(id)) {
            throw new errors/* InputError */.dz('secrets', `(line ${index + 1}, value hidden)`, 'each line must be ID=VALUE, where ID is letters, digits, ".", "-" or "_"', 'Write it as e.g. "GIT_AUTH_TOKEN=${{ secrets.MY_TOKEN }}", one per line.');
        }
        return { id, value: line.slice(eq + 1) };
    });
>>>>>>>> conv:dist/219.index.js
}
function tagOf(line, destination) {
    let tag = line;
    if (line.includes('/')) {
        const parsed = (0,reference/* parseImageReference */.o_)(line);
        const repository = destination && `${destination.host}/${destination.path}`;
        if (typeof parsed === 'string' ||
            parsed.tag === undefined ||
            parsed.digest !== undefined ||
            `${parsed.host}/${parsed.path}` !== repository) {
            throw new errors/* InputError */.dz('tags', line, `expected a tag name, or a full reference to the destination (${repository ?? 'none set'}) with a tag`, 'Give tag names (e.g. "v1"), or references such as docker/metadata-action writes for this destination.');
        }
        tag = parsed.tag;
    }
    if (!TAG.test(tag)) {
        throw new errors/* InputError */.dz('tags', line, 'expected tags of letters, digits, "_", "." and "-" (at most 128, not starting with "." or "-")');
    }
    return tag;
}
function imageInput(read, name) {
    const value = read.optional(name);
    if (value === undefined)
        return undefined;
    const parsed = (0,reference/* parseImageReference */.o_)(value);
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

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(6466);
// EXTERNAL MODULE: external "node:zlib"
var external_node_zlib_ = __webpack_require__(8522);
var external_node_zlib_default = /*#__PURE__*/__webpack_require__.n(external_node_zlib_);
;// CONCATENATED MODULE: ./src/layer/tar.ts
/**
 * A tar writer that gives the same bytes for the same entries, wherever and whenever it runs:
 * POSIX ustar headers, a PAX record only for what ustar cannot hold (long or non-ASCII paths and
 * link targets, sizes of 8 GiB and more), no times but the given one, no user or group names.
 */
const BLOCK = 512;
/** ustar's size field holds 11 octal digits: anything from 8 GiB needs a PAX `size` record. */
const MAX_OCTAL_SIZE = 0o77777777777;
/** The header block(s) of one entry; a file's content and padding follow it. */
function entryHeader(entry) {
    const name = entry.type === 'directory' ? `${entry.path}/` : entry.path;
    const size = entry.type === 'file' ? entry.size : 0;
    const linkname = entry.type === 'symlink' ? entry.target : '';
    const pax = [];
    if (!fitsUstar(name, 100))
        pax.push(['path', name]);
    if (!fitsUstar(linkname, 100))
        pax.push(['linkpath', linkname]);
    if (size > MAX_OCTAL_SIZE)
        pax.push(['size', String(size)]);
    const header = ustarHeader({
        name: fitsUstar(name, 100) ? name : paxFallbackName(name),
        mode: entry.mode,
        uid: entry.uid,
        gid: entry.gid,
        size: size > MAX_OCTAL_SIZE ? 0 : size,
        mtime: entry.mtime,
        typeflag: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2',
        linkname: fitsUstar(linkname, 100) ? linkname : '',
    });
    if (pax.length === 0)
        return header;
    const records = Buffer.from(pax.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
    const paxHeader = ustarHeader({
        name: paxFallbackName(`PaxHeaders/${name}`),
        mode: 0o644,
        uid: 0,
        gid: 0,
        size: records.length,
        mtime: entry.mtime,
        typeflag: 'x',
        linkname: '',
    });
    return Buffer.concat([paxHeader, records, padding(records.length), header]);
}
/** Zero bytes that round `size` up to a whole block. */
function padding(size) {
    const rest = size % BLOCK;
    return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}
/** Two zero blocks end an archive. */
const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);
function ustarHeader(fields) {
    const block = Buffer.alloc(BLOCK);
    block.write(fields.name, 0, 100, 'utf8');
    writeOctal(block, 100, 8, fields.mode & 0o7777);
    writeOctal(block, 108, 8, fields.uid);
    writeOctal(block, 116, 8, fields.gid);
    writeOctal(block, 124, 12, fields.size);
    writeOctal(block, 136, 12, fields.mtime);
    block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
    block.write(fields.typeflag, 156, 1, 'ascii');
    block.write(fields.linkname, 157, 100, 'utf8');
    block.write('ustar\u000000', 257, 8, 'ascii');
    // uname/gname stay empty: the numeric ids are the whole truth, whatever the machine's users.
    writeOctal(block, 329, 8, 0);
    writeOctal(block, 337, 8, 0);
    let sum = 0;
    for (const byte of block)
        sum += byte;
    block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
    return block;
}
function writeOctal(block, offset, width, value) {
    block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}
/** ASCII and short enough for a ustar field (its last byte may be used: no NUL needed). */
function fitsUstar(text, width) {
    // eslint-disable-next-line no-control-regex
    return text.length <= width && /^[\x01-\x7f]*$/.test(text);
}
/** What readers without PAX support see: the name cut to ASCII and 99 bytes, deterministically. */
function paxFallbackName(name) {
    // eslint-disable-next-line no-control-regex
    return name.replace(/[^\x01-\x7f]/g, '_').slice(0, 99);
}
/** `"<length> <key>=<value>\n"` where length counts the whole record, its own digits included. */
function paxRecord(key, value) {
    const body = ` ${key}=${value}\n`;
    const bodyLength = Buffer.byteLength(body);
    let digits = String(bodyLength).length;
    while (String(bodyLength + digits).length !== digits)
        digits += 1;
    return `${bodyLength + digits}${body}`;
}

;// CONCATENATED MODULE: ./src/layer/code-layer.ts








/**
 * The tar entries of a code layer, in archive order: the directory itself, every directory the
 * files need, the files and symlinks, after the directories above it (with the attributes the
 * image below gives them). Byte-order sorting puts every parent before its children. Modes are normalised (only the execute bit survives) and times fixed, so the same tree
 * gives the same entries on any checkout, umask or clock.
 */
function codeLayerEntries(files, options) {
    const root = options.directory.replace(/^\/+|\/+$/g, '');
    if (root === '')
        throw new Error('the code layer needs a directory below /');
    const owner = { uid: options.uid, gid: options.gid, mtime: options.mtime };
    const entries = new Map();
    const parts = root.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
        const dir = parts.slice(0, depth).join('/');
        const given = options.ancestors.find((a) => a.path.replace(/^\/+|\/+$/g, '') === dir);
        if (!given)
            throw new Error(`the code layer needs the owner and mode of /${dir}`);
        entries.set(dir, {
            type: 'directory',
            path: dir,
            mode: given.mode,
            uid: given.uid,
            gid: given.gid,
            mtime: options.mtime,
        });
    }
    entries.set(root, { type: 'directory', path: root, mode: 0o755, ...owner });
    for (const file of files) {
        const parts = file.path.split('/');
        for (let depth = 1; depth < parts.length; depth += 1) {
            const dir = `${root}/${parts.slice(0, depth).join('/')}`;
            if (!entries.has(dir)) {
                entries.set(dir, { type: 'directory', path: dir, mode: 0o755, ...owner });
            }
        }
        const full = `${root}/${file.path}`;
        entries.set(full, file.linkTarget !== undefined
            ? { type: 'symlink', path: full, target: file.linkTarget, mode: 0o777, ...owner }
            : {
                type: 'file',
                path: full,
                mode: file.executable ? 0o755 : 0o644,
                size: file.size,
                ...owner,
            });
    }
    return [...entries.values()].sort((a, b) => Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')));
}
/** Files up to this size are read whole; larger ones are streamed. */
const code_layer_SMALL_FILE = 1 << 20;
/**
 * Writes the code layer of `context` to `out` as tar+gzip and returns its digests. The gzip
 * header is written here (no name, mtime 0, OS "unix") so the platform running this does not
 * change the bytes; the deflate stream is zlib's at a fixed level.
 */
async function writeCodeLayer(context, out, options) {
    const entries = codeLayerEntries(context.files, options);
    const root = options.directory.replace(/^\/+|\/+$/g, '');
    const tarHash = (0,external_node_crypto_.createHash)('sha256');
    const blobHash = (0,external_node_crypto_.createHash)('sha256');
    let crc = 0;
    let tarSize = 0;
    let blobSize = 0;
    async function* tarChunks() {
        for (const entry of entries) {
            yield entryHeader(entry);
            if (entry.type !== 'file')
                continue;
            const source = external_node_path_default().join(context.root, entry.path.slice(root.length + 1));
            let read = 0;
            if (entry.size <= code_layer_SMALL_FILE) {
                const content = await (0,promises_.readFile)(source);
                read = content.length;
                if (read === entry.size)
                    yield content;
            }
            else {
                for await (const chunk of (0,external_node_fs_.createReadStream)(source, { end: entry.size })) {
                    read += chunk.length;
                    if (read > entry.size)
                        break;
                    yield chunk;
                }
            }
            if (read !== entry.size) {
                const now = await (0,promises_.lstat)(source).catch(() => undefined);
                throw new Error(`${entry.path.slice(root.length + 1)} changed while the code layer was written ` +
                    `(listed ${entry.size} bytes, now ${now?.size ?? 'gone'})`);
            }
            yield padding(entry.size);
        }
        yield END_OF_ARCHIVE;
    }
    const tapTar = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            tarHash.update(chunk);
            crc = crc32(chunk, crc);
            tarSize += chunk.length;
            done(null, chunk);
        },
    });
    let headerWritten = false;
    const gzipFrame = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            if (!headerWritten) {
                headerWritten = true;
                this.push(GZIP_HEADER);
            }
            done(null, chunk);
        },
        flush(done) {
            if (!headerWritten)
                this.push(GZIP_HEADER);
            const trailer = Buffer.alloc(8);
            trailer.writeUInt32LE(crc >>> 0, 0);
            trailer.writeUInt32LE(tarSize % 2 ** 32, 4);
            done(null, trailer);
        },
    });
    const tapBlob = new external_node_stream_.Transform({
        transform(chunk, _encoding, done) {
            blobHash.update(chunk);
            blobSize += chunk.length;
            done(null, chunk);
        },
    });
    await (0,external_node_stream_promises_.pipeline)(external_node_stream_.Readable.from(tarChunks()), tapTar, external_node_zlib_default().createDeflateRaw({ level: options.level ?? 1, memLevel: 8, windowBits: 15 }), gzipFrame, tapBlob, (0,external_node_fs_.createWriteStream)(out));
    return {
        file: out,
        digest: `sha256:${blobHash.digest('hex')}`,
        size: blobSize,
        diffId: `sha256:${tarHash.digest('hex')}`,
        entries: entries.length,
    };
}
/** magic, deflate, no flags, mtime 0, no extra flags, OS 3 (unix) whatever the platform. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
const nativeCrc32 = (external_node_zlib_default()).crc32;
function crc32(data, previous) {
    return nativeCrc32 ? nativeCrc32(data, previous) : crc32Portable(data, previous);
}
let crcTable;
/** For Node versions without zlib.crc32 (before 20.15). */
function crc32Portable(data, previous) {
    crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k += 1)
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    let crc = ~previous >>> 0;
    for (const byte of data)
        crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return ~crc >>> 0;
}

// EXTERNAL MODULE: ./src/platform/retry.ts
var retry = __webpack_require__(385);
;// CONCATENATED MODULE: ./src/registry/client.ts




/**
 * A registry answered an operation of the distribution API with a refusal (not a transient
 * failure): the caller can fall back to another way of building, naming what was refused.
 */
class RegistryRefusal extends Error {
    operation;
    status;
    detail;
    constructor(operation, status, detail) {
        super(`${operation} was refused${status ? `: ${status}` : ''}${detail ? ` ${detail}` : ''}`);
        this.operation = operation;
        this.status = status;
        this.detail = detail;
        this.name = 'RegistryRefusal';
    }
}
/**
 * The distribution API on one registry host: answers the Basic or Bearer challenge once and
 * reuses the answer, retries transient failures with the project's retry policy, never follows a
 * credential to another host (fetch drops Authorization on a cross-origin redirect). Unlike the
 * buffered client of platform/http.ts it streams request bodies: a layer blob is not held in
 * memory.
 */
class RegistryClient {
    options;
    baseUrl;
    authorization;
    fetchImpl;
    sleep;
    policy;
    constructor(options) {
        this.options = options;
        this.baseUrl = (0,manifest/* registryBaseUrl */.mO)(options.host);
        this.fetchImpl = options.fetch ?? fetch;
        this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.policy = options.policy ?? retry/* DEFAULT_RETRY_POLICY */.cO;
    }
    /** Resolves a path or a Location header (which may be relative) against the registry. */
    resolve(url) {
        return new URL(url, this.baseUrl);
    }
    /** One request, retried on transient failures; any other status is returned to the caller. */
    async send(request) {
        let waited = 0;
        for (let attempt = 1;; attempt += 1) {
            let failure;
            let retryAfter;
            try {
                const response = await this.sendAuthenticated(request);
                if (!(0,retry/* isRetryableStatus */.PS)(response.status))
                    return response;
                retryAfter = (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after'), Date.now());
                const delay = (0,retry/* nextRetryDelay */.dg)(this.policy, attempt, waited, retryAfter, Math.random());
                if (delay === undefined)
                    return response;
                await response.body?.cancel();
                waited += delay;
                await this.sleep(delay);
                continue;
            }
            catch (error) {
                failure = error;
            }
            const delay = (0,retry/* nextRetryDelay */.dg)(this.policy, attempt, waited, undefined, Math.random());
            if (delay === undefined) {
                throw failure instanceof Error ? failure : new Error(String(failure));
            }
            waited += delay;
            await this.sleep(delay);
        }
    }
    async sendAuthenticated(request) {
        const response = await this.sendOnce(request);
        if (response.status !== 401)
            return response;
        const challenge = (0,manifest/* parseChallenge */.xy)(response.headers.get('www-authenticate') ?? '');
        await response.body?.cancel();
        if (!challenge)
            return this.sendOnce(request);
        const basic = this.options.credentials
            ? `Basic ${Buffer.from(`${this.options.credentials.username}:${this.options.credentials.password}`).toString('base64')}`
            : undefined;
        if (challenge.scheme === 'basic') {
            if (!basic)
                throw new Error('the registry asks for credentials and none were given');
            this.authorization = basic;
        }
        else {
            this.authorization = `Bearer ${await this.fetchToken(challenge.params, basic)}`;
        }
        return this.sendOnce(request);
    }
    sendOnce(request) {
        const body = request.body?.();
        const init = {
            method: request.method,
            headers: {
                ...request.headers,
                ...(this.authorization ? { Authorization: this.authorization } : {}),
            },
            signal: AbortSignal.timeout(body instanceof external_node_stream_.Readable ? 30 * 60_000 : 60_000),
        };
        if (body instanceof external_node_stream_.Readable) {
            init.body = external_node_stream_.Readable.toWeb(body);
            init.duplex = 'half';
        }
        else if (body) {
            init.body = body;
        }
        return this.fetchImpl(this.resolve(request.url), init);
    }
    async fetchToken(params, basic) {
        if (!params.realm)
            throw new Error('the registry sent a Bearer challenge without a realm');
        const url = new URL(params.realm);
        if (params.service)
            url.searchParams.set('service', params.service);
        for (const scope of this.options.scopes) {
            url.searchParams.append('scope', `repository:${scope.path}:${scope.actions}`);
        }
        const response = await this.fetchImpl(url, {
            headers: basic ? { Authorization: basic } : {},
            signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok)
            throw new Error(`the token service answered ${response.status}`);
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new Error('the token service answered without a token');
        return token;
    }
}
/** The registry's own words for an error answer: `CODE: message` of each entry, or the text. */
async function registryErrorText(response) {
    const text = await response.text().catch(() => '');
    try {
        const parsed = JSON.parse(text);
        if (parsed.errors?.length) {
            return parsed.errors.map((e) => `${e.code ?? ''}: ${e.message ?? ''}`).join('; ');
        }
    }
    catch {
        // not JSON: the text itself
    }
    return text.trim().slice(0, 300);
}
function fileBlob(file, digest, size) {
    return {
        digest,
        size,
        read: (start, end) => (0,external_node_fs_.createReadStream)(file, { start, end: end - 1 }),
    };
}
function bufferBlob(bytes, digest) {
    return { digest, size: bytes.length, read: (start, end) => bytes.subarray(start, end) };
}
/**
 * Uploads a blob into `repository` unless it is already there. A failure in the middle restarts
 * the upload from a new session (the client has already retried each request); a refusal throws
 * a RegistryRefusal naming the step.
 */
async function uploadBlob(client, repository, blob, mode = { kind: 'streamed' }) {
    if (await blobExists(client, repository, blob.digest))
        return 'present';
    let lastError;
    for (let attempt = 1; attempt <= 3; attempt += 1) {
        try {
            await uploadOnce(client, repository, blob, mode);
            return 'uploaded';
        }
        catch (error) {
            if (error instanceof RegistryRefusal)
                throw error;
            lastError = error;
        }
    }
    throw lastError instanceof Error ? lastError : new Error(String(lastError));
}
async function uploadOnce(client, repository, blob, mode) {
    let location = await startUpload(client, repository);
    const octets = { 'Content-Type': 'application/octet-stream' };
    if (mode.kind !== 'monolithic') {
        const chunk = mode.kind === 'chunked' ? mode.chunkSize : Math.max(blob.size, 1);
        for (let start = 0; start < blob.size; start += chunk) {
            const end = Math.min(start + chunk, blob.size);
            const patch = await client.send({
                method: 'PATCH',
                url: location,
                headers: {
                    ...octets,
                    'Content-Length': String(end - start),
                    ...(mode.kind === 'chunked' ? { 'Content-Range': `${start}-${end - 1}` } : {}),
                },
                body: () => blob.read(start, end),
            });
            if (patch.status !== 202) {
                throw await refusalOrError(`PATCH of blob ${blob.digest} (bytes ${start}-${end - 1})`, patch);
            }
            await patch.body?.cancel();
            location = nextLocation(patch, location);
        }
    }
    const url = client.resolve(location);
    url.searchParams.set('digest', blob.digest);
    const put = await client.send({
        method: 'PUT',
        url: url.toString(),
        headers: mode.kind === 'monolithic'
            ? { ...octets, 'Content-Length': String(blob.size) }
            : { 'Content-Length': '0' },
        ...(mode.kind === 'monolithic' ? { body: () => blob.read(0, blob.size) } : {}),
    });
    if (put.status !== 201)
        throw await refusalOrError(`PUT of blob ${blob.digest}`, put);
    await put.body?.cancel();
}
async function startUpload(client, repository) {
    const post = await client.send({
        method: 'POST',
        url: `/v2/${repository}/blobs/uploads/`,
        headers: { 'Content-Length': '0' },
    });
    if (post.status !== 202)
        throw await refusalOrError(`POST /v2/${repository}/blobs/uploads/`, post);
    await post.body?.cancel();
    return nextLocation(post, undefined);
}
/**
 * Cross-repository mount: true when the registry mounted the blob, false when it opened an
 * ordinary upload session instead (cancelled here, so the caller uploads or copies).
 */
async function mountBlob(client, repository, digest, from) {
    const url = `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
    const post = await client.send({ method: 'POST', url, headers: { 'Content-Length': '0' } });
    if (post.status === 201) {
        await post.body?.cancel();
        return true;
    }
    if (post.status === 202) {
        await post.body?.cancel();
        const location = post.headers.get('location');
        if (location) {
            const cancel = await client.send({ method: 'DELETE', url: location }).catch(() => undefined);
            await cancel?.body?.cancel();
        }
        return false;
    }
    throw await refusalOrError(`mount of blob ${digest} from ${from}`, post);
}
async function blobExists(client, repository, digest) {
    const head = await client.send({ method: 'HEAD', url: `/v2/${repository}/blobs/${digest}` });
    await head.body?.cancel();
    if (head.status === 200)
        return true;
    if (head.status === 404)
        return false;
    throw new RegistryRefusal(`HEAD /v2/${repository}/blobs/${digest}`, head.status, '');
}
function nextLocation(response, previous) {
    const location = response.headers.get('location');
    if (location)
        return location;
    if (previous)
        return previous;
    throw new Error(`the registry answered ${response.status} without a Location`);
}
/** 4xx (but 408/429) is the registry saying no; anything else is a failure worth retrying. */
async function refusalOrError(operation, response) {
    const detail = await registryErrorText(response);
    if (response.status >= 400 && response.status < 500 && !(0,retry/* isRetryableStatus */.PS)(response.status)) {
        return new RegistryRefusal(operation, response.status, detail);
    }
    return new Error(`${operation} answered ${response.status} ${detail}`);
}

;// CONCATENATED MODULE: ./src/registry/append.ts


const MEDIA = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
};
const append_ACCEPT = [MEDIA.ociIndex, MEDIA.ociManifest, MEDIA.dockerList, MEDIA.dockerManifest].join(', ');
/**
 * Appends one layer to an image through the distribution API, without a builder or a pull:
 * the layer blob is uploaded once, every platform image of the base gets the layer appended to
 * its config (diff_id and history) and manifest, and the tag is written in the base's own form
 * (Docker v2 or OCI, single image or list). The base's blobs are mounted into the target
 * repository when it is another one.
 */
async function appendLayer(client, request) {
    const base = await getManifest(client, request.base.repository, request.base.reference);
    const state = {
        mounted: 0,
        copied: 0,
        layerUpload: undefined,
    };
    const ensureLayer = async () => {
        state.layerUpload ??= await uploadBlob(client, request.target.repository, fileBlob(request.layer.file, request.layer.digest, request.layer.size), request.upload);
    };
    if (isIndex(base.mediaType)) {
        const index = JSON.parse(base.bytes.toString('utf8'));
        const manifests = [];
        const images = [];
        for (const entry of index.manifests) {
            // Attestations describe the base image, not the result: they are not carried over.
            if (entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest')
                continue;
            if (!isImageManifest(entry.mediaType)) {
                throw new RegistryRefusal(`appending to a ${entry.mediaType} entry of the index`, 0, '');
            }
            const child = await getManifest(client, request.base.repository, entry.digest);
            const appended = await appendToImage(client, request, child, state, ensureLayer);
            await putManifest(client, request.target.repository, appended.digest, appended);
            manifests.push({ ...entry, digest: appended.digest, size: appended.bytes.length });
            images.push(`${platformName(entry)} ${appended.digest}`);
        }
        if (manifests.length === 0) {
            throw new RegistryRefusal('appending to an index without image manifests', 0, '');
        }
        const bytes = Buffer.from(JSON.stringify({ ...index, manifests }, null, 2));
        const written = { mediaType: base.mediaType, bytes, digest: append_sha256(bytes) };
        await putManifest(client, request.target.repository, request.target.tag, written);
        return {
            digest: written.digest,
            mediaType: written.mediaType,
            images,
            layerUpload: state.layerUpload ?? 'present',
            mounted: state.mounted,
            copied: state.copied,
        };
    }
    if (!isImageManifest(base.mediaType)) {
        throw new RegistryRefusal(`appending to a manifest of type ${base.mediaType}`, 0, '');
    }
    const appended = await appendToImage(client, request, base, state, ensureLayer);
    await putManifest(client, request.target.repository, request.target.tag, appended);
    return {
        digest: appended.digest,
        mediaType: appended.mediaType,
        images: [`single ${appended.digest}`],
        configDigest: appended.configDigest,
        layerUpload: state.layerUpload ?? 'present',
        mounted: state.mounted,
        copied: state.copied,
    };
}
async function appendToImage(client, request, base, state, ensureLayer) {
    const manifest = JSON.parse(base.bytes.toString('utf8'));
    const oci = base.mediaType === MEDIA.ociManifest;
    if (typeof manifest.config?.digest !== 'string' || !Array.isArray(manifest.layers)) {
        throw new RegistryRefusal(`reading the manifest ${base.digest} (no config or layers)`, 0, '');
    }
    const configBytes = await getBlob(client, request.base.repository, manifest.config.digest);
    const config = JSON.parse(configBytes.toString('utf8'));
    if (!config.rootfs || !Array.isArray(config.rootfs.diff_ids)) {
        throw new RegistryRefusal(`reading the config of ${base.digest} (no rootfs.diff_ids)`, 0, '');
    }
    if (request.base.repository !== request.target.repository) {
        for (const layer of manifest.layers) {
            await bringBlob(client, request, layer, state);
        }
    }
    await ensureLayer();
    const containerConfig = (config.config ?? {});
    const newConfig = {
        ...config,
        ...(request.labels &&
            Object.keys(request.labels).length > 0 && {
            config: {
                ...containerConfig,
                Labels: { ...(containerConfig.Labels ?? {}), ...request.labels },
            },
        }),
        rootfs: { ...config.rootfs, diff_ids: [...config.rootfs.diff_ids, request.layer.diffId] },
        // No timestamp: the same base and code give the same config, whenever they are assembled.
        history: [
            ...(config.history ?? []),
            { created_by: request.createdBy, comment: 'launch-action' },
        ],
    };
    const newConfigBytes = Buffer.from(JSON.stringify(newConfig));
    const configDigest = append_sha256(newConfigBytes);
    await uploadBlob(client, request.target.repository, bufferBlob(newConfigBytes, configDigest), {
        kind: 'monolithic',
    });
    const newManifest = {
        ...manifest,
        config: { ...manifest.config, digest: configDigest, size: newConfigBytes.length },
        layers: [
            ...manifest.layers,
            {
                mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer,
                digest: request.layer.digest,
                size: request.layer.size,
            },
        ],
    };
    const bytes = Buffer.from(JSON.stringify(newManifest, null, 2));
    return { mediaType: base.mediaType, bytes, digest: append_sha256(bytes), configDigest };
}
/** A base layer into the target repository: already there, mounted, or copied. */
async function bringBlob(client, request, layer, state) {
    if (await blobExists(client, request.target.repository, layer.digest))
        return;
    if (await mountBlob(client, request.target.repository, layer.digest, request.base.repository)) {
        state.mounted += 1;
        return;
    }
    // The registry opened an upload instead of mounting: copy the blob through this client.
    const response = await client.send({
        method: 'GET',
        url: `/v2/${request.base.repository}/blobs/${layer.digest}`,
    });
    if (response.status !== 200 || !response.body) {
        throw await refusalOrError(`GET blob ${layer.digest} from ${request.base.repository}`, response);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (append_sha256(bytes) !== layer.digest) {
        throw new Error(`blob ${layer.digest} of ${request.base.repository} does not match its digest`);
    }
    await uploadBlob(client, request.target.repository, bufferBlob(bytes, layer.digest));
    state.copied += 1;
}
async function getManifest(client, repository, reference) {
    const response = await client.send({
        method: 'GET',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { Accept: append_ACCEPT },
    });
    if (response.status !== 200) {
        throw await refusalOrError(`GET manifest ${repository}:${reference}`, response);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const digest = append_sha256(bytes);
    if (reference.startsWith('sha256:') && digest !== reference) {
        throw new Error(`manifest ${reference} of ${repository} does not match its digest`);
    }
    const declared = JSON.parse(bytes.toString('utf8')).mediaType;
    const header = response.headers.get('content-type')?.split(';')[0]?.trim();
    const mediaType = declared ?? header ?? '';
    return { mediaType, bytes, digest };
}
async function getBlob(client, repository, digest) {
    const response = await client.send({ method: 'GET', url: `/v2/${repository}/blobs/${digest}` });
    if (response.status !== 200)
        throw await refusalOrError(`GET blob ${digest}`, response);
    const bytes = Buffer.from(await response.arrayBuffer());
    if (append_sha256(bytes) !== digest)
        throw new Error(`blob ${digest} does not match its digest`);
    return bytes;
}
/**
 * PUT a manifest. A registry with immutable tags refuses a PUT on an existing tag: when the tag
 * already holds these very bytes that is success (the tag is content-addressed).
 */
async function putManifest(client, repository, reference, manifest) {
    const put = await client.send({
        method: 'PUT',
        url: `/v2/${repository}/manifests/${reference}`,
        headers: { 'Content-Type': manifest.mediaType },
        body: () => manifest.bytes,
    });
    if (put.status === 201 || put.status === 200) {
        await put.body?.cancel();
        return;
    }
    const detail = await registryErrorText(put);
    if (/TAG_INVALID|ImageTagAlreadyExists|already exists/i.test(detail)) {
        const head = await client.send({
            method: 'HEAD',
            url: `/v2/${repository}/manifests/${reference}`,
            headers: { Accept: append_ACCEPT },
        });
        if (head.status === 200 && head.headers.get('docker-content-digest') === manifest.digest)
            return;
    }
    if (put.status >= 400 && put.status < 500) {
        throw new RegistryRefusal(`PUT manifest ${repository}:${reference}`, put.status, detail);
    }
    throw new Error(`PUT manifest ${repository}:${reference} answered ${put.status} ${detail}`);
}
function isIndex(mediaType) {
    return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}
function isImageManifest(mediaType) {
    return mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest;
}
function platformName(entry) {
    const p = entry.platform;
    return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : 'unknown';
}
function append_sha256(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
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

;// CONCATENATED MODULE: ./src/assemble/dependency-context.ts



/**
 * The dependency image's build context: a directory holding only the files its Dockerfile
 * copies, at the same relative paths. Docker then sees exactly what the dependency hash covers,
 * and a code change cannot reach this build. Returns the context as listed back from disk.
 */
async function writeDependencyContext(source, split, dir) {
    // An environment without files (none, or lines written by the Dockerfile) still needs a context.
    await (0,promises_.mkdir)(dir, { recursive: true });
    const available = new Map(source.files.map((file) => [file.path, file]));
    for (const name of split.files) {
        const file = available.get(name);
        if (!file)
            throw new Error(`${name} is not in the build context`);
        if (file.linkTarget !== undefined)
            throw new Error(`${name} is a symlink`);
        await (0,promises_.mkdir)(external_node_path_default().dirname(external_node_path_default().join(dir, name)), { recursive: true });
        await (0,promises_.copyFile)(external_node_path_default().join(source.root, name), external_node_path_default().join(dir, name));
    }
    return listBuildContext(dir);
}

;// CONCATENATED MODULE: ./src/assemble/split.ts


/** The one instruction of a generated Dockerfile that puts the code into the image. */
const CODE_COPY = `COPY --chown=${APP_UID}:0 . ${APP_DIR}`;
/**
 * The directories above the code as the dependency image leaves them. The code layer must carry
 * them (see CodeLayerOptions.ancestors), so the dependency image makes them so instead of
 * trusting the base's useradd defaults (Ubuntu gives homes 0750, Debian 0755).
 */
const APP_DIR_ANCESTORS = [
    { path: 'home', uid: 0, gid: 0, mode: 0o755 },
    { path: 'home/launch', uid: APP_UID, gid: 0, mode: 0o755 },
];
const ANCESTORS_SETTLED = `RUN chown 0:0 /home && chmod 0755 /home && chown ${APP_UID}:0 /home/launch && chmod 0755 /home/launch`;
/** The project install the renderer writes after the code copy: it runs in the app dir. */
const PROJECT_INSTALL = new RegExp(`^RUN (--mount=\\S+ )*cd ${APP_DIR.replace(/\//g, '\\/')} && `);
/** The code, visible to one RUN step and never stored in a layer (writes are thrown away). */
const CODE_MOUNT = `--mount=type=bind,target=${APP_DIR},rw`;
/**
 * What an editable project install reads besides the environment files, and so what the
 * dependency hash covers when there is one: the project's metadata files and the files dynamic
 * versions come from (content), and where the Python modules are (package discovery; paths only).
 * A change elsewhere — the body of a module, data, configs — leaves the install as it is.
 */
function projectInputs(paths, targets) {
    const under = (file) => targets.some((dir) => dir === '.' || file === dir || file.startsWith(`${dir}/`));
    const content = paths.filter((file) => under(file) &&
        /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|__init__\.py|__about__\.py|_?version\.py|VERSION)$/.test(file));
    const layout = paths.filter((file) => under(file) && file.endsWith('.py'));
    return { content, layout };
}
/**
 * Splits a generated Dockerfile into the dependency image and the code, or says why it cannot:
 * the code copy becomes the step that settles the owners and modes of the code's parent dirs;
 * then the image is built with buildx as a whole. Only the exact instruction the renderer
 * writes counts as the code copy; any other COPY must be the JSON form of named files (or a
 * copy from a build stage), so the dependency image never depends on the rest of the code.
 */
function splitGeneratedDockerfile(dockerfile) {
    const lines = dockerfile.split('\n');
    const codeCopies = lines.filter((line) => line === CODE_COPY).length;
    if (codeCopies !== 1) {
        return `the Dockerfile has ${codeCopies} code copies ('${CODE_COPY}'), not exactly one`;
    }
    const afterCode = lines.slice(lines.indexOf(CODE_COPY) + 1);
    let projectInstall = false;
    for (const line of afterCode) {
        if (!/^\s*(RUN|COPY|ADD)\b/i.test(line))
            continue;
        if (!PROJECT_INSTALL.test(line)) {
            return `'${line.slice(0, 60)}${line.length > 60 ? '…' : ''}' after the code copy is not the project install`;
        }
        projectInstall = true;
    }
    const files = new Set();
    for (const line of lines) {
        if (line === CODE_COPY)
            continue;
        const instruction = /^\s*(COPY|ADD)\b(.*)$/i.exec(line);
        if (!instruction)
            continue;
        const rest = instruction[2].trim();
        if (instruction[1].toUpperCase() === 'ADD')
            return `'${line}' adds files from the context`;
        if (/^--from=\S+\s/.test(rest))
            continue;
        let sources;
        try {
            sources = JSON.parse(rest);
        }
        catch {
            return `'${line}' is not a copy of named files`;
        }
        if (!Array.isArray(sources) ||
            sources.length < 2 ||
            !sources.every((s) => typeof s === 'string')) {
            return `'${line}' is not a copy of named files`;
        }
        for (const source of sources.slice(0, -1)) {
            if (/[*?[\]]/.test(source) ||
                source === '.' ||
                source.startsWith('/') ||
                source.includes('..')) {
                return `'${line}' copies '${source}', not one named file`;
            }
            files.add(source.replace(/^\.\//, ''));
        }
    }
    return {
        dockerfile: lines
            .map((line) => line === CODE_COPY
            ? ANCESTORS_SETTLED
            : PROJECT_INSTALL.test(line)
                ? line.replace(/^RUN /, `RUN ${CODE_MOUNT} `)
                : line)
            .join('\n'),
        files: [...files].sort(),
        projectInstall,
    };
}
/**
 * The dependency image's hash: the same canonical encoding as the source hash, over its own
 * inputs only, so a code change leaves it (and the dependency image) as it is.
 */
function dependencyHash(inputs) {
    return computeSourceHash({
        dockerfile: inputs.split.dockerfile,
        builderFiles: {},
        files: inputs.files,
        buildArgs: inputs.buildArgs,
        baseImage: inputs.baseImage,
        platforms: inputs.platforms,
        settings: { ...inputs.settings, image: 'dependencies' },
    });
}
/** Dependency images live next to the app images, under a tag that says what they are. */
function dependencyTag(hash) {
    return `deps-${hash.slice(0, 16)}`;
}

;// CONCATENATED MODULE: ./src/assemble/index.ts













/**
 * Two images instead of one build: the dependency image (everything but the code, tagged by the
 * hash of its own inputs) is built with buildx only when the registry does not have it; the app
 * image is that image plus the code layer, assembled through the registry API — no builder, no
 * pull, no docker. Returns undefined when this image cannot be made that way (the caller builds
 * it whole with buildx); a registry refusing part of the API is logged as a warning naming it.
 */
async function assembleImage(rt, plan, inputs, session, builder) {
    const destination = inputs.destination;
    if (!destination || !inputs.push || plan.dockerfile.origin !== 'generated')
        return undefined;
    const split = splitGeneratedDockerfile(plan.dockerfile.dockerfile);
    if (typeof split === 'string') {
        rt.log.info(`Building the image whole: ${split}.`);
        return undefined;
    }
    const started = performance.now();
    const work = await (0,promises_.mkdtemp)(external_node_path_default().join(rt.tempDir, 'launch-assemble-'));
    try {
        const context = split.projectInstall
            ? plan.context
            : await writeDependencyContext(plan.context, split, external_node_path_default().join(work, 'context'));
        const hash = dependencyHash({
            split,
            files: await dependencyFiles(plan, split),
            buildArgs: inputs.buildArgs,
            baseImage: plan.dockerfile.baseImage,
            platforms: inputs.platforms,
            settings: {
                ...(inputs.pipIndexUrl && { 'pip-index-url': redactUrl(inputs.pipIndexUrl) }),
                ...(inputs.pipExtraIndexUrls.length > 0 && {
                    'pip-extra-index-url': inputs.pipExtraIndexUrls.map(redactUrl).join('\n'),
                }),
            },
        });
        const depsTag = dependencyTag(hash);
        const depsImage = (0,reference/* withTag */.Rd)(destination, depsTag);
        const credentials = await session.credentialsFor(destination.host);
        const lookup = inputs.forceRebuild
            ? { exists: false }
            : await (0,manifest/* lookupManifest */.Y0)(destination, depsTag, credentials, rt);
        if (lookup.exists === true) {
            rt.log.info(`Dependency image ${depsImage} exists (${lookup.digest}): no build.`);
        }
        else {
            const choice = await builder();
            if (choice.kind !== 'buildx') {
                rt.log.info(`Building the image whole: the dependency image needs buildx (${choice.reason}).`);
                return undefined;
            }
            rt.log.info(`Dependency image ${depsImage} is not in the registry: building it.`);
            await buildImage(rt, {
                ...plan,
                dockerfile: { ...plan.dockerfile, dockerfile: split.dockerfile },
                dockerignore: split.projectInstall ? plan.dockerignore : '',
                context,
                sourceHash: hash,
                tag: depsTag,
                image: depsImage,
                tags: [depsImage],
            }, choice, { ...inputs, tags: [] }, session);
        }
        const layerStarted = performance.now();
        const layer = await writeCodeLayer(plan.context, external_node_path_default().join(work, 'code.tar.gz'), {
            directory: APP_DIR,
            uid: APP_UID,
            gid: 0,
            mtime: 0,
            ancestors: APP_DIR_ANCESTORS,
        });
        const layerMs = performance.now() - layerStarted;
        const client = new RegistryClient({
            host: destination.host,
            ...(credentials && { credentials }),
            scopes: [{ path: destination.path, actions: 'pull,push' }],
            fetch: rt.fetch,
            sleep: rt.sleep,
        });
        const appended = await appendLayer(client, {
            base: { repository: destination.path, reference: depsTag },
            target: { repository: destination.path, tag: plan.tag },
            layer,
            createdBy: CODE_COPY,
            labels: Object.fromEntries(await builtImageLabels(rt, plan, inputs)),
        });
        rt.log.info(`Code layer ${layer.digest} (${(layer.size / 1e6).toFixed(1)} MB, ${layer.entries} entries, ` +
            `${layerMs.toFixed(0)} ms) ${appended.layerUpload === 'uploaded' ? 'uploaded' : 'already in the registry'}; ` +
            `${plan.image} assembled on ${depsImage}: ${appended.digest}`);
        for (const ref of plan.tags.slice(1)) {
            await (0,manifest/* addTag */.Ap)(destination, appended.digest, ref.slice(ref.lastIndexOf(':') + 1), credentials, rt);
        }
        return {
            image: plan.image,
            tag: plan.tag,
            digest: appended.digest,
            imageRef: (0,reference/* withDigest */.hQ)(destination, appended.digest),
            ...(appended.configDigest && { imageId: appended.configDigest }),
            built: true,
            pushed: true,
            buildMs: performance.now() - started,
        };
    }
    catch (error) {
        if (!(error instanceof RegistryRefusal))
            throw error;
        rt.log.warning(`${error.message}: building the whole image with buildx instead.`);
        return undefined;
    }
    finally {
        await (0,promises_.rm)(work, { recursive: true, force: true });
    }
}
/**
 * What the dependency image is made of, for its hash: the environment files its COPYs read, and
 * with a project install what that install reads (metadata and version files by content, the
 * Python modules by path).
 */
async function dependencyFiles(plan, split) {
    const paths = plan.context.files.map((file) => file.path);
    const targets = (plan.environment.project?.targets ?? []).map((target) => target.path);
    const project = split.projectInstall
        ? projectInputs(paths, targets)
        : { content: [], layout: [] };
    const byContent = new Set([...split.files, ...project.content]);
    const digested = await digestContextFiles({
        ...plan.context,
        files: plan.context.files.filter((file) => byContent.has(file.path)),
    });
    const missing = split.files.filter((file) => !digested.some((d) => d.path === file));
    if (missing.length > 0)
        throw new Error(`${missing.join(', ')} is not in the build context`);
    const layout = project.layout
        .filter((file) => !byContent.has(file))
        .map((file) => ({ path: file, executable: false, digest: LAYOUT_ONLY }));
    return [...digested, ...layout].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
/** Stands for "this path exists" in the hash where the content does not matter. */
const LAYOUT_ONLY = '0'.repeat(64);

// EXTERNAL MODULE: ./src/dispatch/index.ts + 3 modules
var src_dispatch = __webpack_require__(9805);
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
const VCS_URL = /^(?:git|hg|svn|bzr)\+[A-Za-z]+:\/\//i;
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
            // `-e git+https://…#egg=name` is a remote checkout pip clones: a requirement like any other.
            if (long === '--editable' && VCS_URL.test(value ?? ''))
                return { kind: 'url', url: value ?? '' };
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
 * Local archives, `file:` URLs and paths outside the context are refused rather than copied: the
 * dependency layer is built before the code is copied (so a code-only change reuses it). Folders
 * of the context (`-e .`, `./sub`) are installed after the code copy instead.
 */
const LOCAL_INSTALL_PROBLEM = 'installs a local archive, a file: URL or a path outside the build context, which the ' +
    'dependency layer cannot do (it is built before the code is copied, so code-only changes ' +
    "reuse it). Use a folder of the repository ('-e .', './subpkg'), a package from the index, " +
    'or remove the line';
/**
 * A local line that names a folder of the context, or undefined (an archive, a `file:` URL, a
 * path outside the context: still refused).
 */
function localProjectPath(target) {
    const match = /^(.*?)(?:\[([^\]]*)\])?$/.exec(target.trim());
    const raw = (match?.[1] ?? '').replace(/\\/g, '/');
    if (raw === '' ||
        /^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw) ||
        raw.startsWith('/') ||
        raw.startsWith('~')) {
        return undefined;
    }
    if (/\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.test(raw))
        return undefined;
    const path = external_node_path_.posix.normalize(raw).replace(/\/+$/, '') || '.';
    if (path === '..' || path.startsWith('../'))
        return undefined;
    const extras = (match?.[2] ?? '')
        .split(',')
        .map((extra) => extra.trim())
        .filter((extra) => extra !== '');
    return { path, extras };
}
/** Validates a requirements file and every file it includes. */
function checkRequirementsFile(files, root) {
    const scan = { needed: [], declared: [] };
    const visited = [];
    const localProjects = [];
    const rewritten = {};
    const visit = (file, content) => {
        visited.push(file);
        const kept = [];
        const before = localProjects.length;
        checkLines({ kind: 'file', file }, content, scan, kept, localProjects, (target, lineNumber, text) => {
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
        if (localProjects.length > before)
            rewritten[file] = kept.map((line) => `${line}\n`).join('');
    };
    visit(root, files.get(root) ?? '');
    return {
        files: visited,
        lines: [],
        extraIndexUrls: missingIndexes(scan),
        localProjects,
        rewritten,
    };
}
/** Validates an inline list given as an input; includes are refused (no file to resolve from). */
function checkInlineRequirements(input, text) {
    const scan = { needed: [], declared: [] };
    const lines = [];
    const localProjects = [];
    const origin = { kind: 'input', input };
    checkLines(origin, text, scan, lines, localProjects, (_target, lineNumber, line) => {
        throw lineError(origin, lineNumber, line, 'includes a file, which an inline list cannot do: give the file path as the input instead');
    });
    return { files: [], lines, extraIndexUrls: missingIndexes(scan), localProjects, rewritten: {} };
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
function checkLines(origin, content, scan, lines, localProjects, onInclude) {
    for (const line of logicalLines(content)) {
        const entry = classifyLine(line.text);
        switch (entry.kind) {
            case 'invalid':
                throw lineError(origin, line.lineNumber, line.text, invalidRequirementProblem(entry.error));
            case 'editable':
            case 'local': {
                const local = localProjectPath(entry.target);
                if (!local)
                    throw lineError(origin, line.lineNumber, line.text, LOCAL_INSTALL_PROBLEM);
                localProjects.push({
                    where: `${originLabel(origin)} line ${line.lineNumber}`,
                    text: line.text,
                    ...local,
                });
                continue;
            }
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
        else if (entry.kind === 'editable' ||
            (entry.kind === 'url' && /^(?:-e|--editable)\b/.test(text))) {
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
/** Decodes a text file that may be UTF-16 (a BOM says so) or UTF-8 with a BOM. */
function decodeText(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe)
        return bytes.subarray(2).toString('utf16le');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
        const swapped = Buffer.from(bytes.subarray(2));
        swapped.swap16();
        return swapped.toString('utf16le');
    }
    return bytes.toString('utf8').replace(/^\uFEFF/, '');
}
/**
 * `.python-version` (pyenv): the first non-comment line. A CPython version (or pyenv-virtualenv's
 * `3.11.4/envs/name`) is used; a name (`system`, a virtualenv, `pypy3.10`) says nothing this
 * action can install, so it is reported and detection goes on. A clear version outside the
 * supported range is an error.
 */
function parseDotPythonVersion(file, content) {
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    const index = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    const text = index === -1 ? '' : (lines[index] ?? '').trim();
    const candidate = text.split('/')[0] ?? '';
    const version = supportedVersion(candidate);
    if (version)
        return { version };
    if (EXACT_VERSION.test(candidate) || /^[0-9]+\.[0-9]+/.test(candidate)) {
        throw new errors/* FileError */.f6(file, index === -1 ? 1 : index + 1, `'${text}' is not a CPython version this action can install (expected e.g. 3.11 or 3.11.4, ` +
            `Python ${SUPPORTED_RANGE}). Fix the file or set the 'python-version' input.`);
    }
    return {
        warning: `${file}: '${text}' is not a CPython version (a pyenv virtualenv or interpreter name?): ignored. Set 'python-version' to choose one.`,
    };
}
/**
 * `runtime.txt`: `python-3.11.4` (Heroku / repo2docker), `python-3` (any 3.x: the default),
 * `3.9` (a documentation host's format), `python3.11`. Anything else is reported and ignored.
 */
function parseRuntimeTxt(file, content) {
    const text = content
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)[0]
        ?.trim() ?? '';
    const bare = text.replace(/^python-?/, '');
    if (bare === '3')
        return { version: DEFAULT_PYTHON_VERSION };
    const version = supportedVersion(bare);
    if (version)
        return { version };
    if (/^\d+\.\d+/.test(bare)) {
        throw new errors/* FileError */.f6(file, 1, `'${text}' is a Python this action cannot install (Python ${SUPPORTED_RANGE}). ` +
            `Fix the file or set the 'python-version' input.`);
    }
    return {
        warning: `${file}: '${text}' is not a Python runtime (expected e.g. 'python-3.11'): ignored. Set 'python-version' to choose one.`,
    };
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
        // conda installs the interpreter itself, so any Python 3 it has is fine (`python=3.7`).
        if (/^3\.\d+(?:\.\d+)?$/.test(exact[1]))
            return exact[1];
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
    const pyproject = { content, document, poetrySources: [] };
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
 * `[project]` has none. A pyproject.toml holding only tool settings (black, ruff, pytest), a
 * `[project]` table without `dependencies` (the list is elsewhere: requirements/*.txt, setup.py)
 * or with `dynamic = ["dependencies"]` does not describe the environment by itself.
 */
function dependencyTable(pyproject) {
    if (pyproject.project?.dependencies !== undefined)
        return 'project';
    if (pyproject.poetryDependencies)
        return 'poetry';
    return undefined;
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
    const projectLines = dependencyTable(pyproject) === 'project' ? pyproject_projectDependencies(pyproject) : undefined;
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
function pyproject_projectDependencies(pyproject) {
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

;// CONCATENATED MODULE: ./src/environment/project.ts
/**
 * The repository's own package: whether the context (or a sub-folder a requirements file names
 * with `-e ./sub` / `.`) is an installable Python project, what builds it, what it depends on and
 * which console scripts it declares. Pure: reads the snapshot only.
 *
 * The project is installed in a small layer AFTER the code copy, editable and without build
 * isolation, so a code-only change rebuilds only that layer: its build backend
 * (`[build-system].requires`) and, when they can be read statically, its dependencies are
 * installed in the dependency layer before the code copy.
 */




/** What pip uses for a project without `[build-system]` (PEP 517's setuptools fallback). */
const SETUPTOOLS_FALLBACK_REQUIRES = ['setuptools>=40.8.0', 'wheel'];
function project_isTable(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function strings(value) {
    return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}
function inDir(dir, name) {
    return dir === '.' || dir === '' ? name : external_node_path_.posix.join(dir, name);
}
/** The files `projectAt` reads in a directory. */
function projectFiles(dir) {
    return ['pyproject.toml', 'setup.py', 'setup.cfg'].map((name) => inDir(dir, name));
}
/**
 * The installable project in `dir`, or undefined: like repo2docker, a `setup.py`, or a
 * pyproject.toml with a `[build-system]` table (a pyproject.toml holding only tool settings is not
 * a package). Extras come from a `-e .[extra]` line.
 */
function projectAt(files, dir, extras = []) {
    const pyprojectText = files.get(inDir(dir, 'pyproject.toml'));
    const setupPy = files.get(inDir(dir, 'setup.py'));
    const setupCfg = files.get(inDir(dir, 'setup.cfg'));
    let document;
    let pyproject;
    if (pyprojectText !== undefined) {
        try {
            pyproject = parsePyproject(pyprojectText);
            document = pyproject.document;
        }
        catch {
            // A broken pyproject.toml is reported by detection when it is the environment source;
            // here it only means "not a project we can read".
            document = undefined;
        }
    }
    const buildSystem = project_isTable(document?.['build-system']) ? document['build-system'] : undefined;
    if (!buildSystem && setupPy === undefined)
        return undefined;
    let buildRequires = buildSystem
        ? buildSystem.requires === undefined
            ? SETUPTOOLS_FALLBACK_REQUIRES
            : strings(buildSystem.requires)
        : SETUPTOOLS_FALLBACK_REQUIRES;
    const backend = typeof buildSystem?.['build-backend'] === 'string'
        ? buildSystem['build-backend']
        : 'setuptools.build_meta:__legacy__';
    // setuptools before 70.1 builds wheels with the `wheel` package, which it requests on the fly
    // in an isolated build; without isolation it has to be there already.
    if (backend.startsWith('setuptools') && !buildRequires.some((item) => /^wheel\b/i.test(item))) {
        buildRequires = [...buildRequires, 'wheel'];
    }
    const scripts = [
        ...Object.keys(project_isTable(pyproject?.project?.scripts) ? pyproject.project.scripts : {}),
        ...Object.keys(poetryTable(document, 'scripts')),
        ...(setupCfg ? setupCfgScripts(setupCfg) : []),
        ...(setupPy ? setupPyScripts(setupPy) : []),
    ];
    const dependencies = staticDependencies(pyproject, document, setupPy, setupCfg, extras);
    return {
        backend,
        buildRequires,
        ...(dependencies !== undefined && { dependencies }),
        scripts: [...new Set(scripts)],
    };
}
function poetryTable(document, key) {
    const tool = project_isTable(document?.tool) ? document.tool : {};
    const poetry = project_isTable(tool.poetry) ? tool.poetry : {};
    return project_isTable(poetry[key]) ? poetry[key] : {};
}
/** Dependencies readable without running the build backend; undefined when they are dynamic. */
function staticDependencies(pyproject, document, setupPy, setupCfg, extras) {
    const project = pyproject?.project;
    if (project) {
        const dynamic = strings(project.dynamic);
        if (dynamic.includes('dependencies'))
            return undefined;
        if (extras.length > 0 && dynamic.includes('optional-dependencies'))
            return undefined;
        const optional = project_isTable(project['optional-dependencies'])
            ? project['optional-dependencies']
            : {};
        return [
            ...strings(project.dependencies),
            ...extras.flatMap((extra) => strings(optional[extra])),
        ];
    }
    if (pyproject?.poetryDependencies) {
        try {
            const lines = poetryDependencyLines('pyproject.toml', pyproject.content, pyproject.poetryDependencies);
            return extras.length > 0 ? undefined : lines;
        }
        catch {
            return undefined;
        }
    }
    if (setupCfg !== undefined) {
        const fromCfg = setupCfgList(setupCfg, 'options', 'install_requires');
        if (fromCfg !== undefined && setupPy !== undefined && /install_requires\s*=/.test(setupPy)) {
            return undefined;
        }
        if (fromCfg !== undefined) {
            if (extras.length > 0)
                return undefined;
            return fromCfg;
        }
    }
    if (setupPy !== undefined)
        return setupPyInstallRequires(setupPy, extras);
    void document;
    return [];
}
/**
 * `install_requires=[...]` written as a list of string literals in setup.py; undefined when it is
 * computed (read from a file, built in code), [] when setup.py names none.
 */
function setupPyInstallRequires(setupPy, extras = []) {
    if (extras.length > 0 && /extras_require\s*=/.test(setupPy))
        return undefined;
    const at = /install_requires\s*=\s*/.exec(setupPy);
    if (!at)
        return [];
    const rest = setupPy.slice(at.index + at[0].length);
    const list = /^\[([^\]]*)\]/.exec(rest);
    if (!list)
        return undefined;
    // `[...] + extra` or `[...] if … else …` is computed too.
    if (/^\s*[+*]|^\s*if\b/.test(rest.slice(list[0].length)))
        return undefined;
    const body = (list[1] ?? '').replace(/#.*$/gm, '');
    const items = [...body.matchAll(/(['"])(.*?)\1/g)].map((match) => (match[2] ?? '').trim());
    // Anything other than string literals and commas (a variable, a call) means computed.
    const leftover = body.replace(/(['"])(.*?)\1/g, '').replace(/[\s,]/g, '');
    if (leftover !== '')
        return undefined;
    return items.filter((item) => item !== '' && parseRequirement(item).ok);
}
function setupPyScripts(setupPy) {
    const block = /['"]console_scripts['"]\s*:\s*\[([^\]]*)\]/.exec(setupPy)?.[1] ?? '';
    return [...block.matchAll(/(['"])\s*([A-Za-z0-9_.-]+)\s*=/g)].map((match) => match[2] ?? '');
}
/** A multi-line value of an INI section, one entry a line (setup.cfg style). */
function setupCfgList(content, section, key) {
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    let current = '';
    let collecting = false;
    let found;
    for (const raw of lines) {
        const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
        if (header) {
            current = (header[1] ?? '').trim();
            collecting = false;
            continue;
        }
        if (current !== section)
            continue;
        const entry = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
        if (entry && !/^\s/.test(raw)) {
            collecting = entry[1] === key;
            if (collecting) {
                found = [];
                const first = (entry[2] ?? '').trim();
                if (first !== '')
                    found.push(first);
            }
            continue;
        }
        if (collecting && /^\s+\S/.test(raw)) {
            const value = raw.replace(/\s#.*$/, '').trim();
            if (value !== '' && !value.startsWith('#'))
                found?.push(value);
        }
    }
    return found;
}
function setupCfgScripts(content) {
    return (setupCfgList(content, 'options.entry_points', 'console_scripts') ?? []).map((line) => line.split('=')[0]?.trim() ?? '');
}
/** Builds the install from the targets: build requirements and static dependencies merged. */
function projectInstall(targets) {
    if (targets.length === 0)
        return undefined;
    const unique = (items) => [...new Set(items)];
    return {
        targets,
        buildRequires: unique(targets.flatMap((target) => target.buildRequires)),
        dependencies: unique(targets.flatMap((target) => target.dependencies ?? [])),
    };
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
const SETUP_PY = 'setup.py';
const SETUP_CFG = 'setup.cfg';
/** repo2docker's apt.txt, at the root or in its binder folders (first found wins). */
const APT_TXT_FILES = ['apt.txt', 'binder/apt.txt', '.binder/apt.txt'];
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
    SETUP_PY,
    SETUP_CFG,
    ...APT_TXT_FILES,
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
    const root = projectAt(files, '.');
    // A package whose dependencies are computed (undefined) or listed (setup.py install_requires,
    // setup.cfg) is the environment; one that declares none falls through.
    if (root && (root.dependencies === undefined || root.dependencies.length > 0)) {
        return { kind: 'project' };
    }
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
    const project = projectInstall(projectTargets(snapshot.files, detected));
    const warnings = [];
    const environment = {
        kind: detected.kind,
        reason: detected.reason,
        files: detected.files,
        python: choosePython(snapshot.files, inputVersion, detected, warnings),
        install: detected.install,
        extraIndexUrls: detected.extraIndexUrls,
        dropped: detected.dropped,
        ...(project && { project }),
    };
    if (warnings.length > 0)
        environment.warnings = warnings;
    if (options.inferSystemPackages !== false) {
        const aptFile = APT_TXT_FILES.find((file) => snapshot.files.has(file));
        const packages = inferSystemPackages(requirementSignals(snapshot.files, detected, project), aptFile ? { file: aptFile, content: snapshot.files.get(aptFile) ?? '' } : undefined);
        if (packages.length > 0)
            environment.systemPackages = packages;
    }
    return environment;
}
/** Project names and direct URLs of everything the image installs, for the system-package table. */
function requirementSignals(files, detected, project) {
    const install = detected.install;
    const lines = [...(project?.dependencies ?? [])];
    const names = [];
    const urls = [];
    switch (install.kind) {
        case 'requirements-file':
            for (const file of [install.file, ...install.alsoCopy]) {
                lines.push(...logicalLines(files.get(file) ?? '').map((line) => line.text));
            }
            break;
        case 'requirement-lines':
        case 'poetry-lock':
            lines.push(...install.lines);
            break;
        case 'conda':
            lines.push(...install.pipLines);
            break;
        case 'uv-lock':
            for (const item of uvLockPackages(files.get(UV_LOCK) ?? '')) {
                names.push(item.name);
                if (item.git)
                    urls.push(`git+${item.git}`);
            }
            break;
        case 'nothing':
            break;
    }
    for (const line of lines) {
        const entry = classifyLine(line);
        if (entry.kind === 'requirement') {
            names.push(entry.requirement.name);
            if (entry.requirement.url)
                urls.push(entry.requirement.url);
        }
        else if (entry.kind === 'url') {
            urls.push(entry.url);
            const egg = /[#&]egg=([A-Za-z0-9._-]+)/.exec(entry.url)?.[1];
            if (egg)
                names.push(egg);
        }
    }
    return { names, urls };
}
/** `[[package]]` names and git sources of a uv.lock (a broken lock is reported elsewhere). */
function uvLockPackages(content) {
    try {
        const lock = parseToml(UV_LOCK, content);
        const packages = Array.isArray(lock.package) ? lock.package : [];
        return packages.flatMap((item) => {
            if (typeof item !== 'object' || item === null)
                return [];
            const { name, source } = item;
            if (typeof name !== 'string')
                return [];
            return [typeof source?.git === 'string' ? { name, git: source.git } : { name }];
        });
    }
    catch {
        return [];
    }
}
/**
 * The project folders installed after the code copy: those named by `-e .` / `./sub` lines (a
 * failure fails the build), else the context root when it is a package (a failure is reported and
 * the build goes on: the code still runs from the working directory).
 */
function projectTargets(files, detected) {
    const targets = [];
    for (const line of detected.localProjects ?? []) {
        if (targets.some((target) => target.path === line.path))
            continue;
        const found = projectAt(files, line.path, line.extras);
        if (!found) {
            throw new errors/* FileError */.f6(line.where.replace(/ line \d+$/, ''), Number(/ line (\d+)$/.exec(line.where)?.[1]) || undefined, `names the folder '${line.path}', which has no setup.py and no pyproject.toml with a [build-system] table, so pip cannot install it: ${line.text}`);
        }
        targets.push({
            path: line.path,
            reason: `${line.text} (${line.where})`,
            explicit: true,
            ...found,
        });
    }
    if (targets.length === 0) {
        const root = projectAt(files, '.');
        if (root) {
            const file = files.has(SETUP_PY) ? SETUP_PY : `${PYPROJECT} [build-system]`;
            // When the package is the environment source its failure fails the build; as an add-on
            // to another environment file it is reported and the build goes on.
            const explicit = detected.kind === 'project';
            targets.push({ path: '.', reason: `${file} at the context root`, explicit, ...root });
        }
    }
    // A lock or the pyproject's own list already installed the root project's dependencies:
    // resolving them again could move a locked version.
    if (detected.kind === 'pyproject') {
        for (const target of targets)
            if (target.path === '.')
                target.dependencies = [];
    }
    return targets;
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
        case 'project':
            return fromProject(files);
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
            return fromNothing(source.pyprojectWithoutDependencies, allowEmpty, snapshot.otherRequirementFiles ?? []);
    }
}
function fromRequirementsFile(files, file, reason) {
    const checked = checkRequirementsFile(files, file);
    const install = {
        kind: 'requirements-file',
        file,
        alsoCopy: checked.files.slice(1),
    };
    if (Object.keys(checked.rewritten).length > 0)
        install.rewritten = checked.rewritten;
    return {
        kind: 'requirements',
        reason,
        files: checked.files,
        install,
        extraIndexUrls: checked.extraIndexUrls,
        dropped: [],
        localProjects: checked.localProjects,
    };
}
function fromProject(files) {
    const setupPy = files.has(SETUP_PY);
    const source = setupPy ? SETUP_PY : files.has(SETUP_CFG) ? SETUP_CFG : PYPROJECT;
    const projectFiles = [PYPROJECT, SETUP_PY, SETUP_CFG].filter((file) => files.has(file));
    return {
        kind: 'project',
        reason: `${source} describes an installable package (no requirements.txt, environment.yml or pyproject.toml dependency list): installing its dependencies, then the package`,
        files: projectFiles,
        install: { kind: 'nothing' },
        extraIndexUrls: [],
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
        localProjects: checked.localProjects,
    };
}
function fromConda(file, content) {
    const conda = parseCondaEnvironment(file, content);
    const install = { kind: 'conda', file, pipLines: conda.pipLines };
    if (conda.name !== undefined)
        install.name = conda.name;
    const channels = conda.channels.map((channel) => channel.replace(/\/+$/, ''));
    if (!channels.includes('nodefaults') && !channels.some((c) => c.endsWith('conda-forge'))) {
        install.fallbackChannels = ['conda-forge'];
    }
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
    `${SETUP_PY} / ${SETUP_CFG} (install_requires)`,
    FROZEN_TXT,
];
const HELPFUL_INPUTS = [
    "'requirements' (a file path or an inline list)",
    "'frozen-requirements' (pip freeze output, a file path or inline)",
    "'freeze-local-env: true' (use pip freeze of the job's Python)",
    "'allow-empty-environment: true' (an image with no packages)",
];
function fromNothing(pyprojectWithoutDependencies, allowEmpty, otherLists) {
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
    const notes = [
        ...(pyprojectWithoutDependencies
            ? [
                `${PYPROJECT} is present but declares no dependencies (no [project].dependencies, or dynamic dependencies).`,
            ]
            : []),
        ...(otherLists.length > 0
            ? [
                `Requirement lists found elsewhere: ${otherLists.join(', ')} — set 'requirements' to the one to install, e.g. requirements: ${otherLists[0]}.`,
            ]
            : []),
    ];
    throw new NoEnvironmentError(LOOKED_FOR, HELPFUL_INPUTS, notes.length > 0 ? notes.join(' ') : undefined);
}
/** `python_requires` of setup.py (a string literal) or setup.cfg `[options]`. */
function pythonRequiresOfSetup(files) {
    const setupPy = files.get(SETUP_PY);
    const fromPy = setupPy && /python_requires\s*=\s*(['"])([^'"]+)\1/.exec(setupPy)?.[2];
    if (fromPy)
        return { specifier: fromPy.replace(/\s+/g, ''), file: SETUP_PY };
    const setupCfg = files.get(SETUP_CFG);
    const fromCfg = setupCfg && /^python_requires\s*=\s*(\S[^\n#]*)/m.exec(setupCfg)?.[1];
    if (fromCfg)
        return { specifier: fromCfg.trim().replace(/\s+/g, ''), file: SETUP_CFG };
    return undefined;
}
function choosePython(files, inputVersion, detected, warnings) {
    if (inputVersion)
        return { version: inputVersion, source: 'python-version input' };
    const dotFile = files.get(PYTHON_VERSION_FILE);
    if (dotFile !== undefined) {
        const result = parseDotPythonVersion(PYTHON_VERSION_FILE, dotFile);
        if ('version' in result)
            return { version: result.version, source: PYTHON_VERSION_FILE };
        warnings.push(result.warning);
    }
    const runtime = files.get(RUNTIME_TXT);
    if (runtime !== undefined) {
        const result = parseRuntimeTxt(RUNTIME_TXT, runtime);
        if ('version' in result)
            return { version: result.version, source: RUNTIME_TXT };
        warnings.push(result.warning);
    }
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
    const setupRequirement = pythonRequiresOfSetup(files);
    if (setupRequirement) {
        return {
            version: pythonFromSpecifier(setupRequirement.specifier, setupRequirement.file, undefined),
            source: `python_requires (${setupRequirement.file})`,
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
    // Requirement files saved by Windows tools are often UTF-16 (pip reads them by their BOM).
    readText: async (path) => decodeText(await (0,promises_.readFile)(path)),
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
    const listFiles = await followIncludes(reader, files, [requirementsPath, REQUIREMENTS_TXT]);
    await readLocalProjects(reader, files, [
        ...listFiles.map((file) => files.get(file) ?? ''),
        ...(options.requirements !== undefined && requirementsPath === undefined
            ? [options.requirements]
            : []),
    ]);
    const snapshot = { files, otherRequirementFiles: await otherLists(root) };
    if (options.freezeLocalEnv && wouldUseLocalFreeze(files, options)) {
        snapshot.localFreeze = await pipFreeze(deps);
    }
    return snapshot;
}
/** The project files of the folders that `-e .` / `./sub` lines name (setup.py, pyproject.toml, setup.cfg). */
async function readLocalProjects(reader, files, lists) {
    for (const list of lists) {
        for (const line of logicalLines(list)) {
            const entry = classifyLine(line.text);
            if (entry.kind !== 'editable' && entry.kind !== 'local')
                continue;
            const local = localProjectPath(entry.target);
            if (!local)
                continue;
            for (const file of projectFiles(local.path)) {
                if (files.has(file))
                    continue;
                const result = await reader.read(file);
                if (result.kind === 'file')
                    files.set(file, result.content);
            }
        }
    }
}
/**
 * Reads the files named by `-r`/`-c` lines, recursively; missing ones are left for detection to
 * report. Returns the list files read (the roots that exist, then the includes).
 */
async function followIncludes(reader, files, roots) {
    const queue = roots.filter((root) => root !== undefined && files.has(root));
    const seen = new Set(queue);
    const order = [...queue];
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
                order.push(path);
            }
        }
    }
    return order;
}
const LIST_NAME = /^requirements[\w.-]*\.txt$/i;
/**
 * Requirement lists detection does not read by itself (`requirements/base.txt`,
 * `requirements-gpu.txt`, `train/requirements.txt`): named in the "nothing found" error so the
 * user can point the 'requirements' input at one. One folder deep; hidden folders skipped.
 */
async function otherLists(root) {
    const found = [];
    const list = async (dir) => {
        try {
            return await (0,promises_.readdir)((0,external_node_path_.join)(root, dir), { withFileTypes: true });
        }
        catch {
            return [];
        }
    };
    for (const entry of await list('')) {
        if (entry.isFile() && LIST_NAME.test(entry.name) && entry.name !== REQUIREMENTS_TXT) {
            found.push(entry.name);
        }
        if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules')
            continue;
        for (const inner of await list(entry.name)) {
            const inRequirementsDir = /^requirements?$/i.test(entry.name) && inner.name.endsWith('.txt');
            if (inner.isFile() && (inRequirementsDir || LIST_NAME.test(inner.name))) {
                found.push(`${entry.name}/${inner.name}`);
            }
        }
    }
    return found.sort().slice(0, 10);
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
    // The first ssh entry is the agent of the install steps (BuildKit only; the classic builder
    // has no ssh mounts, which the build step reports).
    const sshAgent = buildkit && inputs.ssh.length > 0 ? inputs.ssh[0].split('=')[0] : undefined;
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
        ...(sshAgent !== undefined
            ? { systemPackages: withSshClient(environment.systemPackages ?? []), sshAgent }
            : environment.systemPackages && { systemPackages: environment.systemPackages }),
        ...(environment.project && { project: environment.project }),
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

;// CONCATENATED MODULE: ./src/plan/checks.ts
/**
 * Checks of the build context made before anything is built: what would only fail on the GPU
 * runner (a missing entrypoint script) is an error now; what is probably a mistake (a Dockerfile
 * that is not used, Git LFS pointers instead of the files) is a warning.
 */



const PYTHON = /^(?:python|python3(?:\.\d+)?)$/;
/** A Git LFS pointer file: `version https://git-lfs.github.com/spec/v1` then `oid` and `size`. */
const LFS_POINTER_PREFIX = 'version https://git-lfs.github.com/spec/';
/** Pointer files are about 130 bytes; anything larger is content. */
const LFS_POINTER_MAX = 200;
/**
 * `python script.py …` must name a script of the context (the working directory is the context
 * root): otherwise the image builds and the run fails at its first second on the GPU runner.
 */
function checkEntrypoint(command, fromInput, contextFiles) {
    const [program, script] = command;
    if (!program || !PYTHON.test(program) || !script || !script.endsWith('.py'))
        return;
    if (script.startsWith('-') || external_node_path_default().posix.isAbsolute(script))
        return;
    const normalized = external_node_path_default().posix.normalize(script);
    if (contextFiles.has(normalized))
        return;
    throw new errors/* InputError */.dz('entrypoint', fromInput ? command.join(' ') : '', `the script '${script}' is not in the build context (is it ignored by .dockerignore, or in another folder?)`, 'Give the script\'s path relative to the context, e.g. "python src/train.py".');
}
/** Warnings about the context, for the log and the job summary. */
async function contextWarnings(root, files, dockerfileInput) {
    const warnings = [];
    if (!dockerfileInput && files.some((file) => file.path === 'Dockerfile')) {
        warnings.push("The context has a Dockerfile, which is not used: the image is generated from the detected environment. Set 'dockerfile: Dockerfile' to build yours (dockerfile-mode: as-is), or to build the generated one on top of it (dockerfile-mode: parent).");
    }
    const pointers = await lfsPointers(root, files);
    if (pointers.length > 0) {
        const shown = pointers.slice(0, 5).join(', ');
        const more = pointers.length > 5 ? ` and ${pointers.length - 5} more` : '';
        warnings.push(`${pointers.length} file${pointers.length === 1 ? ' is a Git LFS pointer' : 's are Git LFS pointers'} (${shown}${more}): the image would get the pointers, not the content. Check out with LFS content (actions/checkout with 'lfs: true', or 'git lfs pull') before this step.`);
    }
    return warnings;
}
async function lfsPointers(root, files) {
    const found = [];
    for (const file of files) {
        if (file.linkTarget !== undefined || file.size < 40 || file.size > LFS_POINTER_MAX)
            continue;
        const handle = await (0,promises_.open)(external_node_path_default().join(root, file.path), 'r');
        try {
            const buffer = Buffer.alloc(LFS_POINTER_PREFIX.length);
            await handle.read(buffer, 0, buffer.length, 0);
            if (buffer.toString('utf8') === LFS_POINTER_PREFIX)
                found.push(file.path);
        }
        finally {
            await handle.close();
        }
    }
    return found;
}

;// CONCATENATED MODULE: ./src/environment/cuda-implied.ts
/**
 * The CUDA version a requirement list implies: pip CUDA wheels bring their own CUDA runtime, so a
 * slim Python image running `torch==2.3.1+cu121` needs a driver for CUDA 12.1 although the image
 * declares no `CUDA_VERSION`. Pure: no I/O.
 */
/** `121` → `12.1`, `118` → `11.8`, `92` → `9.2`: the last digit is the minor version. */
function fromCudaTag(digits) {
    return `${digits.slice(0, -1)}.${digits.slice(-1)}`;
}
const INDEX_OPTION = /^(?:--extra-index-url|--index-url|-i|--find-links|-f)[\s=]+(\S+)/;
const WHEEL_INDEX_TAG = /\/whl\/(?:nightly\/)?cu(\d{2,3})(?:\/|$)/;
const LOCAL_CUDA_TAG = /\+cu(\d{2,3})\b/;
const RUNTIME_PIN = /^nvidia[-_.]cuda[-_.]runtime[-_.]cu(\d+)\s*===?\s*(\d+)\.(\d+)/i;
const NVIDIA_WHEEL = /^nvidia[-_.][a-z0-9_.-]*?[-_.]cu(\d+)\b/i;
const JAX_CUDA = /^jax(?:\s*\[[^\]]*\bcuda(\d+)[^\]]*\]|[-_.]cuda(\d+)[-_.](?:plugin|pjrt))/i;
const TORCH_PIN = /^torch\s*===?\s*([0-9][0-9a-z.+]*)/i;
/** Ranks the evidence: an exact runtime pin beats a torch build tag, which beats an index, which beats a major. */
const RANK = { runtime: 4, torch: 3, index: 2, major: 1 };
/**
 * Derives the CUDA version from requirement lines (pip syntax, options included) and the extra index
 * URLs given separately. Undefined when nothing implies CUDA.
 */
function impliedCudaVersion(lines, extraIndexUrls = []) {
    let best;
    let torch;
    const offer = (rank, version, source) => {
        // The source lands in an image label and the log: never a URL's credentials.
        const safe = source.replace(/\/\/[^/@\s]*@/g, '//***@');
        if (!best || rank > best.rank)
            best = { rank, version, source: safe };
    };
    const options = extraIndexUrls.map((url) => `--extra-index-url ${url}`);
    for (const raw of [...lines, ...options]) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim();
        if (line === '')
            continue;
        const index = INDEX_OPTION.exec(line);
        if (index?.[1]) {
            const tag = WHEEL_INDEX_TAG.exec(index[1]);
            if (tag?.[1])
                offer(RANK.index, fromCudaTag(tag[1]), `index ${tag[0].replace(/\/$/, '')}`);
            continue;
        }
        const torchPin = TORCH_PIN.exec(line);
        if (torchPin?.[1])
            torch = torchPin[1];
        const local = LOCAL_CUDA_TAG.exec(line);
        if (local?.[1]) {
            offer(RANK.torch, fromCudaTag(local[1]), line);
            continue;
        }
        const runtime = RUNTIME_PIN.exec(line);
        if (runtime) {
            offer(RANK.runtime, `${runtime[2]}.${runtime[3]}`, line);
            continue;
        }
        const wheel = NVIDIA_WHEEL.exec(line);
        if (wheel?.[1]) {
            offer(RANK.major, wheel[1], line);
            continue;
        }
        const jax = JAX_CUDA.exec(line);
        const jaxMajor = jax?.[1] ?? jax?.[2];
        if (jaxMajor)
            offer(RANK.major, jaxMajor, line);
    }
    if (!best)
        return undefined;
    const found = { version: best.version, source: best.source };
    return torch ? { ...found, torch } : found;
}

;// CONCATENATED MODULE: ./src/plan/cuda.ts



/**
 * The requirement lines the image installs with pip, as far as the plan can see them: the
 * requirements file (its rewritten text when local lines were taken out), written lines, poetry's
 * exported lines, conda's pip section. uv lock files are not read.
 */
async function pipRequirementLines(root, environment) {
    const install = environment.install;
    switch (install.kind) {
        case 'requirements-file': {
            const text = install.rewritten?.[install.file] ??
                (await (0,promises_.readFile)(external_node_path_default().join(root, install.file), 'utf8').catch(() => ''));
            return text.split(/\r?\n/);
        }
        case 'requirement-lines':
        case 'poetry-lock':
            return install.lines;
        case 'conda':
            return install.pipLines;
        default:
            return [];
    }
}
/** The CUDA version the environment's pip requirements imply (see environment/cuda-implied.ts). */
async function planCuda(root, environment) {
    return impliedCudaVersion(await pipRequirementLines(root, environment), environment.extraIndexUrls);
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
    if (dockerfile.entrypoint) {
        checkEntrypoint(dockerfile.entrypoint.command, inputs.entrypoint !== undefined, names);
    }
    const warnings = [
        ...(environment.warnings ?? []),
        ...(await contextWarnings(buildContext.root, buildContext.files, inputs.dockerfile)),
    ];
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
    const cuda = userDockerfile && inputs.dockerfileMode === 'as-is'
        ? undefined
        : await planCuda(buildContext.root, environment);
    const repository = inputs.destination
        ? (0,reference/* repositoryName */.aR)(inputs.destination)
        : localRepositoryName(context);
    const image = inputs.destination ? (0,reference/* withTag */.Rd)(inputs.destination, tag) : `${repository}:${tag}`;
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
        warnings,
        ...(cuda && { cuda }),
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
        inferSystemPackages: inputs.inferSystemPackages,
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
    const lookup = await (0,manifest/* lookupManifest */.Y0)(destination, planned.tag, credentials, rt);
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
        await (0,manifest/* addTag */.Ap)(destination, lookup.digest, tag, credentials, rt).catch((error) => {
            throw new Error(`Could not add the tag ${tag} to ${planned.image}: ${error instanceof Error ? error.message : String(error)}`);
        });
    }
    if (extra.length > 0)
        rt.log.info(`Tagged ${planned.image} also as ${extra.join(', ')}.`);
    return {
        image: planned.image,
        tag: planned.tag,
        digest: lookup.digest,
        imageRef: (0,reference/* withDigest */.hQ)(destination, lookup.digest),
        built: false,
        pushed: false,
        skipped: 'the destination already has this source-hash tag',
        buildMs: 0,
    };
}

;// CONCATENATED MODULE: ./src/registry/given-image.ts


/** `docker-image` given: nothing is built; resolve its digest so the run uses exactly that image. */
async function describeGivenImage(rt, image, session) {
    const ref = (0,reference/* parseImageReference */.o_)(image);
    if (typeof ref === 'string')
        throw new Error(`docker-image: ${ref}`);
    const base = { image, tag: ref.tag ?? '', built: false, pushed: false, buildMs: 0 };
    if (ref.digest) {
        rt.log.info(`Using ${image} as given (no build).`);
        return { ...base, digest: ref.digest, imageRef: (0,reference/* withDigest */.hQ)(ref, ref.digest) };
    }
    const lookup = await (0,manifest/* lookupManifest */.Y0)(ref, ref.tag ?? 'latest', await session.credentialsFor(ref.host), rt);
    if (lookup.exists === true) {
        rt.log.info(`Using ${image} as given (no build): ${lookup.digest}.`);
        return { ...base, digest: lookup.digest, imageRef: (0,reference/* withDigest */.hQ)(ref, lookup.digest) };
    }
    if (lookup.exists === false) {
        throw new Error(`docker-image ${image} does not exist in its registry (manifest lookup answered 404). Check the name and tag.`);
    }
    rt.log.warning(`Could not resolve the digest of ${image} (${lookup.reason}); it is used by tag, so a later push to that tag would change what runs.`);
    return { ...base, digest: '', imageRef: image };
}

// EXTERNAL MODULE: ./src/kubernetes/index.ts + 1 modules
var src_kubernetes = __webpack_require__(4706);
// EXTERNAL MODULE: ./src/run/argv.ts
var argv = __webpack_require__(475);
// EXTERNAL MODULE: ./src/auth/index.ts + 1 modules
var src_auth = __webpack_require__(2988);
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
            const provider = (0,src_auth/* classifyRegistry */.Oq)(target.host);
            const found = await (0,src_auth/* resolveRegistryCredentials */.Gz)(provider, target.path, inputs.auth, deps);
            if (found) {
                rt.setSecret(found.password);
                credentials.set(target.host, found);
                rt.log.info(`Credentials for ${found.registry} (${found.username}) obtained.`);
            }
            else {
                rt.log.info(`No login for ${target.host}: using the job's existing docker credentials, if any.`);
            }
            if (target.isDestination)
                await (0,src_auth/* prepareRepository */.uA)(provider, target.path, inputs.auth, deps);
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
    const given = inputs.dockerImage ? (0,reference/* parseImageReference */.o_)(inputs.dockerImage) : undefined;
    if (given &&
        typeof given !== 'string' &&
        given.host !== destination?.host &&
        given.host !== 'docker.io') {
        targets.push({ host: given.host, path: given.path, isDestination: false });
    }
    return targets;
}

// EXTERNAL MODULE: ./src/run/index.ts + 5 modules
var src_run = __webpack_require__(7155);
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

;// CONCATENATED MODULE: ./src/launch/result.ts
/**
 * The outputs known once the image is planned (before any build or push): set first, so a step
 * that fails later still names the tag and hash it was producing.
 */
function plannedOutputs(plan) {
    return {
        image: plan.image,
        tag: plan.tag,
        'source-hash': plan.sourceHash,
        environment: plan.environment.kind,
        dockerfile: plan.dockerfile.dockerfile,
    };
}
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
        metadata: JSON.stringify(metadataOf(result)),
        imageid: result.image.imageId ?? '',
    };
    if (result.run) {
        outputs['exit-code'] = String(result.run.exitCode);
        outputs.gpu = result.run.gpu;
        outputs.duration = result.run.durationSeconds.toFixed(1);
        outputs['outputs-dir'] = result.run.outputsDir ?? '';
        outputs['result-file'] = result.run.resultFile ?? '';
        outputs.metrics = JSON.stringify(result.run.metrics ?? {});
    }
    if (result.dispatch) {
        outputs['run-id'] = result.dispatch.runId;
        outputs['run-url'] = result.dispatch.runUrl;
        outputs.conclusion = result.dispatch.conclusion;
        if (result.dispatch.exitCode !== undefined) {
            outputs['exit-code'] = String(result.dispatch.exitCode);
            outputs.metrics = JSON.stringify(result.dispatch.metrics ?? {});
        }
    }
    return outputs;
}
/**
 * buildx's metadata file when buildx built the image; otherwise the same keys for what is known
 * (buildx's `image.name` lists every tag, comma-separated). It never holds credentials.
 */
function metadataOf(result) {
    if (result.image.buildMetadata)
        return result.image.buildMetadata;
    const names = result.plan?.tags.length ? result.plan.tags : [result.image.image];
    return {
        'image.name': names.join(','),
        ...(result.image.digest && { 'containerimage.digest': result.image.digest }),
        ...(result.image.imageId && { 'containerimage.config.digest': result.image.imageId }),
    };
}

;// CONCATENATED MODULE: ./src/launch/pipeline.ts



















/**
 * The pipeline, top to bottom: inputs → source → environment and Dockerfile → registry login →
 * build, push or skip → run or dispatch → report. Each stage is a module that owns its data.
 */
async function launch(rt, inputs, hooks = {}) {
    const started = performance.now();
    if (inputs.core.mode !== 'build')
        (0,src_run/* assertTrustedTrigger */.ku)(rt.env, inputs.run.allowUntrusted);
    for (const [name] of inputs.core.env.filter(([name]) => (0,src_run/* looksSecret */.n0)(name))) {
        rt.log.warning(`env ${name} looks like a secret: \`env\` is baked into the image (anyone who can pull it can read it). Pass it with \`run-env\` instead: it reaches the container at run time only.`);
    }
    const given = inputs.core.dockerImage;
<<<<<<<< HEAD:dist/589.index.js
    // Asking docker which builder works takes a few hundred ms: done while the source is prepared,
    // unless the registry may already hold the image (or its dependency image), so that a relaunch
    // or an assembled code-only change never runs docker at all.
    const builders = given === undefined ? new BuilderProbe(rt, inputs.core, !lookupFirst(inputs.core)) : undefined;
========
    // Asking docker which builder works takes a few hundred ms: do it while the source is prepared.
    const wanted = given === undefined
        ? {
            kind: 'build',
            builder: chooseBuilder(inputs.core.builder, rt.run, rt.env, inputs.core.builderInstance),
        }
        : { kind: 'given', image: given };
    if (wanted.kind === 'build')
        wanted.builder.catch(() => undefined);
>>>>>>>> conv:dist/219.index.js
    const source = await rt.group('Source', () => prepareSource(rt, inputs.core));
    let stage;
    if (builders) {
        const builder = await builders.planned();
        const plan = await rt.group('Environment and Dockerfile', () => planImage(rt, source, inputs.core, builder));
        const onPlan = (planned) => hooks.onOutputs?.(plannedOutputs(planned));
        stage = { kind: 'build', plan, builder, builders, source, onPlan };
        onPlan(plan);
    }
    else {
        stage = { kind: 'given', image: given };
    }
    if (inputs.core.destination && !inputs.core.push) {
        rt.log.info(`push: false: the image is built into the local engine under ${inputs.core.destination.host}/${inputs.core.destination.path}, not pushed; no registry login.`);
    }
    const session = await rt.group('Registry login', () => openRegistrySession(rt, {
        ...(inputs.core.destination && inputs.core.push && { destination: inputs.core.destination }),
        ...(given !== undefined && { dockerImage: given }),
        auth: inputs.auth,
    }));
    try {
        const produced = await rt.group('Image', () => stage.kind === 'build'
            ? produceImage(rt, stage, inputs.core, session)
            : describeGivenImage(rt, stage.image, session));
        const size = produced.built || produced.digest ? await measureImage(rt, produced, session) : undefined;
        const image = size ? { ...produced, size } : produced;
        let run;
        let dispatch;
        if (inputs.core.mode === 'run') {
            await session.login();
            // Built into this engine without a registry: there is nothing to pull.
            const localImage = !inputs.core.destination && !inputs.core.dockerImage;
            run = await rt.group('Run', () => (0,src_run/* runImage */.DG)(image.imageRef, inputs.run, runDeps(rt, session), { localImage }));
        }
        else if (inputs.core.mode === 'kubernetes') {
            run = await rt.group('Kubernetes Job', () => kubernetesRun(rt, image, inputs, session));
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
            ...(stage.kind === 'build' && {
                plan: stage.plan,
                ...(stage.builders.probed && { builder: stage.builder }),
            }),
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
/**
 * The planned image: found in the destination (one lookup), assembled on its dependency image,
 * or built and pushed. The builder is asked only here, when a build follows; when it lacks the
 * BuildKit the plan assumed, the image is planned again for it.
 */
async function produceImage(rt, stage, inputs, session) {
    if (!inputs.forceRebuild && inputs.destination && inputs.push) {
        const existing = await findInRegistry(rt, stage.plan, inputs.destination, session);
        if (existing)
            return existing;
    }
    if (inputs.assemble === 'auto' && stage.builder.kind === 'buildx') {
        const assembled = await assembleImage(rt, stage.plan, inputs, session, async () => {
            await settleBuilder(rt, stage, inputs);
            return stage.builder;
        });
        if (assembled)
            return assembled;
    }
    if (await settleBuilder(rt, stage, inputs)) {
        if (!inputs.forceRebuild && inputs.destination && inputs.push) {
            const existing = await findInRegistry(rt, stage.plan, inputs.destination, session);
            if (existing)
                return existing;
        }
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
 * Replaces an assumed builder by the probed one; when the probed one renders another Dockerfile
 * (the classic builder has no cache or secret mounts), plans again and returns true.
 */
async function settleBuilder(rt, stage, inputs) {
    if (stage.builders.probed)
        return false;
    const builder = await stage.builders.probe();
    rt.log.info(`Builder: ${builder.kind} — ${builder.reason}`);
    const replan = hasBuildKit(builder) !== hasBuildKit(stage.builder);
    stage.builder = builder;
    if (!replan)
        return false;
    stage.plan = await planImage(rt, stage.source, inputs, builder);
    stage.onPlan(stage.plan);
    return true;
}
/** A relaunch or an assembled code-only change may need no builder: the registry is asked first. */
function lookupFirst(inputs) {
    return (inputs.destination !== undefined &&
        inputs.push &&
        !inputs.forceRebuild &&
        inputs.builder !== 'noop');
}
/** The builder choice, asked of docker at most once. */
class BuilderProbe {
    rt;
    inputs;
    choice;
    probed = false;
    constructor(rt, inputs, now) {
        this.rt = rt;
        this.inputs = inputs;
        if (now)
            void this.probe().catch(() => undefined);
    }
    probe() {
        this.choice ??= chooseBuilder(this.inputs.builder, this.rt.run, this.rt.env).then((choice) => {
            this.probed = true;
            return choice;
        });
        return this.choice;
    }
    /** The probed builder, or (when the registry is asked first) the one the plan assumes. */
    async planned() {
        if (this.choice)
            return this.choice;
        return this.inputs.builder === 'docker'
            ? {
                kind: 'docker',
                reason: "builder 'docker' was requested (asked only when a build follows)",
            }
            : {
                kind: 'buildx',
                reason: 'planned for BuildKit; docker is asked only when a build follows',
            };
    }
}
function hasBuildKit(builder) {
    return builder.kind !== 'docker';
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
    for (const item of env.systemPackages ?? []) {
        rt.log.info(`System package ${item.name}: ${item.reason}`);
    }
    for (const target of env.project?.targets ?? []) {
        const scripts = target.scripts.length > 0 ? `; console scripts: ${target.scripts.join(', ')}` : '';
        rt.log.info(`Project ${target.path} (${target.backend}) installed after the code — ${target.reason}${scripts}`);
    }
    for (const warning of plan.warnings)
        rt.log.warning(warning);
    if (plan.cuda) {
        rt.log.info(`CUDA ${plan.cuda.version} implied by ${plan.cuda.source} (recorded as image label; checked against the driver in mode: run)`);
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
        // The container's output is live output (the CLI keeps its stdout for the result).
        stdout: (chunk) => rt.write(chunk),
        env: { ...rt.env, DOCKER_CONFIG: session.dockerConfig },
    };
}
/** mode kubernetes: the pushed image by digest, with a pull Secret from this step's credentials. */
async function kubernetesRun(rt, image, inputs, session) {
    const parsed = (0,reference/* parseImageReference */.o_)(image.imageRef);
    const host = typeof parsed === 'string' ? undefined : parsed.host;
    const credentials = host ? await session.credentialsFor(host) : undefined;
    return (0,src_kubernetes/* runOnKubernetes */.Rh)({
        imageRef: image.imageRef,
        ...(inputs.run.command !== undefined && { command: (0,argv/* splitCommand */.GW)(inputs.run.command) }),
        args: inputs.run.args,
        ...(inputs.run.cudaVersion !== undefined && { cudaVersion: inputs.run.cudaVersion }),
        inputs: inputs.kubernetes,
        ...(host && credentials && { registry: { host, ...credentials } }),
    }, {
        log: rt.log,
        saveState: rt.saveState,
        setSecret: rt.setSecret,
        env: rt.env,
        workspace: rt.workspace,
        write: rt.write,
    });
}
/**
 * What the GPU queue workflow needs besides the image: the run parameters of this step. `run-env`
 * travels as NAMES only (dispatch inputs are visible in the UI): the queue maps them from its secrets.
 */
function dispatchParams(inputs) {
    const run = inputs.run;
    return {
        ...(run.command !== undefined && { command: run.command }),
        ...(run.args.length > 0 && { args: run.args.join('\n') }),
        gpus: run.gpus,
        ...(run.dockerArgs.length > 0 && { 'docker-args': run.dockerArgs.join('\n') }),
        ...(run.runEnv.length > 0 && { 'run-env': run.runEnv.map((entry) => entry.name).join('\n') }),
        ...(run.shmSize !== undefined && run.shmSize !== '8g' && { 'shm-size': run.shmSize }),
        ...(run.ipcHost && { 'ipc-host': 'true' }),
        ...(run.outputsPath !== 'outputs' && { 'outputs-path': run.outputsPath }),
        ...(inputs.core.env.length > 0 && {
            env: inputs.core.env.map(([key, value]) => `${key}=${value}`).join('\n'),
        }),
    };
}

// EXTERNAL MODULE: ./src/inputs/reader.ts
var inputs_reader = __webpack_require__(9066);
;// CONCATENATED MODULE: ./src/launch/inputs.ts







/**
 * The one place inputs are read, all of them before anything runs, so a wrong value fails the
 * step at once. `namesRead` lists what the parser knows (a test compares it with action.yml).
 * `mask` registers secrets with the log masker (the runner's; a terminal has none).
 */
function readInputs(source, env, mask) {
    const reader = new inputs_reader/* InputReader */.i_(source);
    const core = readCoreInputs(reader);
    for (const secret of core.secrets)
        if (secret.value !== '')
            mask(secret.value);
    if (core.pythonVersion !== undefined)
        parsePythonVersionInput(core.pythonVersion);
    const auth = (0,src_auth/* readAuthInputs */.Mm)(reader, mask);
    if (core.destination)
        (0,src_auth/* validateAuthInputs */.qu)((0,src_auth/* classifyRegistry */.Oq)(core.destination.host), auth);
    const run = (0,src_run/* readRunInputs */.hT)(reader, {
        network: core.network,
        env: core.env,
        mode: core.mode,
        stepEnv: env,
        mask,
    });
    const kubernetes = (0,src_kubernetes/* readKubernetesInputs */.Ed)(reader, core.mode === 'kubernetes' ? env : undefined, mask);
    const dispatch = core.mode === 'dispatch' ? (0,src_dispatch/* readDispatchInputs */.Ye)(reader, env, mask) : undefined;
    return {
        inputs: { core, auth, run, kubernetes, ...(dispatch && { dispatch }) },
        namesRead: reader.namesRead,
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
;// CONCATENATED MODULE: ./src/action/summary.ts


function escapeHtml(text) {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;');
}
/** Markdown is not read inside an HTML table: code is `<code>`, links are `<a>`. */
const code = (text) => `<code>${escapeHtml(text)}</code>`;
const summary_link = (url, text) => `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
function table(head, rows) {
    const tr = (cells, tag) => `<tr>${cells.map((cell) => `<${tag}>${cell}</${tag}>`).join('')}</tr>`;
    return `<table>${tr(head, 'th')}${rows.map((row) => tr(row, 'td')).join('')}</table>\n`;
}
/** The job summary of a step that succeeded (HTML, as GitHub renders it). */
function successSummary(result) {
    const { plan, image } = result;
    const rows = [];
    if (plan) {
        rows.push([
            'Environment',
            `${escapeHtml(plan.environment.kind)}: ${escapeHtml(plan.environment.reason)}`,
        ], [
            'Python',
            `${escapeHtml(plan.environment.python.version)} (${escapeHtml(plan.environment.python.source)})`,
        ], ['Dockerfile', escapeHtml(plan.dockerfile.origin)], ...projectRows(plan), ['Source hash', `${code(plan.sourceHash)} (${plan.context.files.length} files)`]);
    }
    rows.push(['Image', code(image.image)], [image.built && !image.pushed ? 'Image ID' : 'Digest', image.digest ? code(image.digest) : '—'], [
        'Build',
        image.built
            ? `built in ${(image.buildMs / 1000).toFixed(1)} s${image.pushed ? ', pushed' : ', not pushed'}`
            : `skipped: ${escapeHtml(image.skipped ?? 'image given')}`,
    ]);
    if (image.size) {
        rows.push([
            'Size',
            `${formatBytes(image.size.bytes)} (${image.size.kind === 'compressed' ? 'compressed layers in the registry' : 'uncompressed, in the local engine'})`,
        ]);
    }
    if (plan)
        rows.push(['Hashing', `${plan.timings.hashMs.toFixed(0)} ms`]);
    if (result.run) {
        rows.push([
            'Run',
            `exit code ${result.run.exitCode} after ${result.run.durationSeconds.toFixed(1)} s on ${escapeHtml(result.run.gpu)}`,
        ]);
    }
    if (result.run?.outputsDir)
        rows.push(['Outputs', code(result.run.outputsDir)]);
    if (result.dispatch) {
        rows.push([
            'Dispatched run',
            `${summary_link(result.dispatch.runUrl, result.dispatch.runUrl)}: ${escapeHtml(result.dispatch.conclusion)}`,
        ]);
    }
    rows.push(['Total', `${(result.durationMs / 1000).toFixed(1)} s`]);
    let html = `<h3>launch-action</h3>\n${table(['Stage', 'Result'], rows)}`;
    const metrics = Object.entries(result.run?.metrics ?? result.dispatch?.metrics ?? {});
    if (metrics.length > 0) {
        html += `<h4>Metrics</h4>\n${table(['Metric', 'Value'], metrics.map(([name, value]) => [escapeHtml(name), String(value)]))}`;
    }
    const dropped = plan?.environment.dropped ?? [];
    if (dropped.length > 0) {
        html += `<h4>Dropped from the package list</h4>\n${table(['Line', 'Where', 'Why'], dropped.map((d) => [code(d.line), code(`${d.file}:${d.lineNumber}`), escapeHtml(d.reason)]))}`;
    }
    if (plan) {
        html += `<details><summary>Dockerfile</summary>\n\n\`\`\`dockerfile\n${plan.dockerfile.dockerfile}\`\`\`\n</details>\n`;
    }
    return html;
}
/** The project installed after the code, the inferred system packages, and plan warnings. */
function projectRows(plan) {
    const rows = [];
    for (const target of plan.environment.project?.targets ?? []) {
        const scripts = target.scripts.length > 0 ? `; scripts: ${target.scripts.map(code).join(', ')}` : '';
        rows.push([
            'Project',
            `${code(target.path)} (${escapeHtml(target.backend)}): ${escapeHtml(target.reason)}${scripts}`,
        ]);
    }
    for (const item of plan.environment.systemPackages ?? []) {
        rows.push(['System package', `${code(item.name)}: ${escapeHtml(item.reason)}`]);
    }
    for (const warning of plan.warnings ?? [])
        rows.push(['Warning', escapeHtml(warning)]);
    return rows;
}
/** The job summary of a step that failed: what failed, where, and the fix the message names. */
function failureSummary(error) {
    const rows = [['Result', '<strong>failed</strong>']];
    if (error instanceof errors/* InputError */.dz) {
        rows.push(['Input', code(error.input)], ['Value', code(error.value)]);
        rows.push(['Allowed', escapeHtml(error.allowed)]);
        if (error.fix)
            rows.push(['Fix', escapeHtml(error.fix)]);
    }
    else if (error instanceof errors/* FileError */.f6) {
        rows.push(['File', code(`${error.file}${error.line !== undefined ? `:${error.line}` : ''}`)]);
        rows.push(['Problem', escapeHtml(error.detail)]);
    }
    else {
        rows.push(['Error', `<pre>${escapeHtml((0,errors/* errorMessage */.gJ)(error))}</pre>`]);
    }
    return `<h3>launch-action failed</h3>\n${table(['What', 'Detail'], rows)}`;
}

;// CONCATENATED MODULE: ./src/action/report.ts





/** Sets outputs known before the step ends (a later failure keeps them). */
function reportOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs))
        core.setOutput(name, value);
}
async function reportResult(rt, result) {
    reportOutputs(outputsOf(result));
    await writeSummary(successSummary(result));
    if (result.run && result.run.exitCode !== 0) {
        core.setFailed(result.run.cancelled
            ? 'The run was cancelled; its container was stopped.'
            : `The container exited with code ${result.run.exitCode}.`);
    }
    rt.log.debug(`Finished in ${result.durationMs.toFixed(0)} ms`);
}
async function writeSummary(html) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    await core.summary.addRaw(html).write();
}
/** Fails the step with a message a user can act on; file errors become annotations. */
async function reportFailure(rt, error) {
    // A dispatched run that failed still has an id, a URL and a conclusion worth reporting.
    if (error instanceof src_dispatch/* DispatchedRunError */.r8) {
        core.setOutput('run-id', error.result.runId);
        core.setOutput('run-url', error.result.runUrl);
        core.setOutput('conclusion', error.result.conclusion);
        if (error.result.exitCode !== undefined) {
            core.setOutput('exit-code', String(error.result.exitCode));
            core.setOutput('metrics', JSON.stringify(error.result.metrics ?? {}));
        }
    }
    const message = (0,errors/* errorMessage */.gJ)(error);
    await writeSummary(failureSummary(error)).catch((summaryError) => rt.log.warning(`The job summary could not be written: ${(0,errors/* errorMessage */.gJ)(summaryError)}`));
    if (error instanceof errors/* FileError */.f6) {
        // One annotation, at the file and line (setFailed would add a second, without them).
        rt.log.error(message, {
            file: error.file,
            ...(error.line !== undefined && { line: error.line }),
        });
        process.exitCode = core.ExitCode.Failure;
        return;
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
        const { inputs } = readInputs((0,inputs_reader/* envInputSource */.lQ)(rt.env), rt.env, rt.setSecret);
        rt.saveState(state/* STATE */.c4.mode, inputs.core.mode);
        if (inputs.core.mode === 'doctor') {
            // Loaded only for doctor runs: it brings every cloud's client, the SigV4 signer included.
            const [{ runDoctor }, { reportDoctor }] = await Promise.all([
                __webpack_require__.e(/* import() */ 37).then(__webpack_require__.bind(__webpack_require__, 5037)),
                __webpack_require__.e(/* import() */ 35).then(__webpack_require__.bind(__webpack_require__, 6035)),
            ]);
            await reportDoctor(rt, await runDoctor(rt, doctorInputs(inputs)));
            return;
        }
        const result = await launch(rt, inputs, { onOutputs: reportOutputs });
        await reportResult(rt, result);
    }
    catch (error) {
        await reportFailure(rt, error);
    }
}
/** What doctor needs of the inputs of a real run. */
function doctorInputs(inputs) {
    return {
        destination: inputs.core.destination,
        dockerImage: inputs.core.dockerImage,
        auth: inputs.auth,
        minFreeDiskGb: inputs.run.minFreeDiskGb,
    };
}


/***/ }),

/***/ 7649:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HG: () => (/* binding */ AZURE_AUDIENCE),
/* harmony export */   IZ: () => (/* binding */ getAadToken),
/* harmony export */   WY: () => (/* binding */ ACR_TOKEN_USERNAME),
/* harmony export */   bW: () => (/* binding */ exchangeForAcrRefreshToken)
/* harmony export */ });
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1267);
/* harmony import */ var _oidc_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(161);


/** The audience Azure AD expects in a federated credential's token. */
const AZURE_AUDIENCE = 'api://AzureADTokenExchange';
const ACR_SCOPE = 'https://containerregistry.azure.net/.default';
/** The fixed user name docker uses with an ACR refresh token. */
const ACR_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';
/** AAD client-credentials grant with the GitHub JWT as client assertion → AAD access token (masked). */
async function getAadToken(deps, loginEndpoint, app, idToken) {
    const context = `Could not get an Azure AD token for app ${app.clientId} in tenant ${app.tenantId}`;
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
        method: 'POST',
        url: `${loginEndpoint}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .formBody */ .bQ)({
            client_id: app.clientId,
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: idToken.jwt,
            scope: ACR_SCOPE,
        }),
    });
    const body = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text);
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)(body, 'access_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const description = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)(body, 'error_description');
    const lines = [
        `${context}: ${description ? firstLine(description) : `HTTP ${response.status}${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}`}`,
    ];
    const codes = body?.error_codes;
    const hint = aadHint(Array.isArray(codes) ? codes : [], idToken);
    if (hint)
        lines.push(hint);
    throw new _platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(lines.join('\n'), response.status, response.text);
}
function aadHint(codes, idToken) {
    const { sub } = idToken.claims;
    if (codes.includes(70021) || codes.includes(700213)) {
        return (`No federated credential of the app in input \`azure-client-id\` (tenant \`azure-tenant-id\`) matches this job's token ` +
            `(${(0,_oidc_js__WEBPACK_IMPORTED_MODULE_1__/* .describeClaims */ .Zs)(idToken.claims)}). Add one with issuer https://token.actions.githubusercontent.com ` +
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
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
        method: 'POST',
        url: `${exchangeEndpoint}/oauth2/exchange`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .formBody */ .bQ)({
            grant_type: 'access_token',
            service: registry.host,
            tenant: registry.tenantId,
            access_token: aadToken,
        }),
    });
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text), 'refresh_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const hint = response.status === 401 || response.status === 403
        ? '\nThe app in input `azure-client-id` needs the AcrPush role on the registry (see docs/cloud-setup.md).'
        : '';
    throw new _platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(`${context}: HTTP ${response.status}${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}${hint}`, response.status, response.text);
}
function firstLine(text) {
    return text.split(/\r?\n/)[0] ?? text;
}


/***/ }),

/***/ 3716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ cloudEndpoints)
/* harmony export */ });
/* harmony import */ var _registry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7239);

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
    const { domain } = (0,_registry_js__WEBPACK_IMPORTED_MODULE_0__/* .awsPartition */ .wn)(region);
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


/***/ }),

/***/ 2212:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BA: () => (/* binding */ generateServiceAccountToken),
/* harmony export */   Br: () => (/* binding */ gcpAudience),
/* harmony export */   cO: () => (/* binding */ exchangeForFederatedToken)
/* harmony export */ });
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1267);
/* harmony import */ var _oidc_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(161);


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
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
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
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text), 'access_token');
    if (response.status !== 200 || !token) {
        const body = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text);
        const code = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)(body, 'error');
        const description = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)(body, 'error_description');
        const detail = code
            ? `${code}: ${description ?? ''}`
            : `HTTP ${response.status}${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}`;
        const lines = [`${context}: ${detail}`];
        if (code === 'invalid_grant' || code === 'unauthorized_client' || code === 'invalid_target') {
            lines.push(`This job's token has ${(0,_oidc_js__WEBPACK_IMPORTED_MODULE_1__/* .describeClaims */ .Zs)(idToken.claims)}. Check input \`gcp-workload-identity-provider\` ` +
                '(the provider must exist and be enabled), its issuer https://token.actions.githubusercontent.com, ' +
                'and that its attribute condition accepts this repository (names are case-sensitive).');
        }
        throw new _platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(lines.join('\n'), response.status, response.text);
    }
    deps.setSecret(token);
    return token;
}
/** IAM Credentials generateAccessToken: impersonate a service account with the federated token. */
async function generateServiceAccountToken(deps, iamCredentialsEndpoint, serviceAccount, federatedToken, explain) {
    const context = `Could not generate an access token for service account ${serviceAccount}`;
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
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
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text), 'accessToken');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const error = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text)?.error;
    const message = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)(error, 'message') ?? `HTTP ${response.status}${(0,_platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}`;
    const lines = [`${context}: ${message}`];
    if (response.status === 403)
        lines.push(...impersonationHelp(serviceAccount, explain));
    throw new _platform_http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(lines.join('\n'), response.status, response.text);
}
function impersonationHelp(serviceAccount, explain) {
    const pool = gcpPoolName(explain.provider);
    const { sub, repository } = explain.idToken.claims;
    const principal = `principal://iam.googleapis.com/${pool}/subject/${sub ?? '<sub>'}`;
    const principalSet = `principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository ?? '<OWNER/REPO>'}`;
    return [
        `The service account in input \`gcp-service-account\` must grant roles/iam.workloadIdentityUser ` +
            `to this job's identity from input \`gcp-workload-identity-provider\` (${(0,_oidc_js__WEBPACK_IMPORTED_MODULE_1__/* .describeClaims */ .Zs)(explain.idToken.claims)}), either`,
        `    ${principal}`,
        `or, for every workflow of the repository (needs the attribute mapping attribute.repository=assertion.repository),`,
        `    ${principalSet}`,
        `e.g. gcloud iam service-accounts add-iam-policy-binding ${serviceAccount} --role=roles/iam.workloadIdentityUser --member="${principalSet}"`,
    ];
}


/***/ }),

/***/ 2988:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Oq: () => (/* reexport */ registry/* classifyRegistry */.Oq),
  uA: () => (/* binding */ prepareRepository),
  Mm: () => (/* reexport */ readAuthInputs),
  SH: () => (/* reexport */ registry/* repositoryPath */.SH),
  Gz: () => (/* binding */ resolveRegistryCredentials),
  qu: () => (/* reexport */ validateAuthInputs)
});

// EXTERNAL MODULE: ./src/auth/azure.ts
var azure = __webpack_require__(7649);
// EXTERNAL MODULE: ./src/auth/endpoints.ts
var auth_endpoints = __webpack_require__(3716);
// EXTERNAL MODULE: ./src/auth/gcp.ts
var gcp = __webpack_require__(2212);
// EXTERNAL MODULE: ./src/auth/oidc.ts
var oidc = __webpack_require__(161);
// EXTERNAL MODULE: ./src/auth/registry.ts
var registry = __webpack_require__(7239);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
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
        !(0,registry/* isEcrPublic */.MT)(provider) &&
        inputs.awsRegion !== provider.region) {
        throw new errors/* InputError */.dz('aws-region', inputs.awsRegion, `the destination host ${provider.host} is in ${provider.region}`, `Remove \`aws-region\` (the host's region is used) or set it to ${provider.region}.`);
    }
    const roleRegion = inputs.awsRegion ?? provider.region;
    const expected = (0,registry/* awsPartition */.wn)(roleRegion).arnPartition;
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
    const name = (0,registry/* repositoryPath */.SH)(provider, repository);
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
    return (0,registry/* isEcrPublic */.MT)(provider) ? 'us-east-1' : (inputs.awsRegion ?? provider.region);
}
function ecrApi(provider, inputs, deps) {
    const region = awsRegion(provider, inputs);
    const ecrPublic = (0,registry/* isEcrPublic */.MT)(provider);
    return {
        endpoint: (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { awsRegion: region, ecrPublic }).awsEcr,
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
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, AWS_AUDIENCE, `Amazon ECR (${provider.host})`);
    const credentials = await assumeRoleWithWebIdentity(deps, {
        stsEndpoint: (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { awsRegion: region }).awsSts,
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
    const endpoints = (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, {});
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, (0,gcp/* gcpAudience */.Br)(workloadProvider), cloud);
    const federated = await (0,gcp/* exchangeForFederatedToken */.cO)(deps, endpoints.googleSts, workloadProvider, idToken);
    let password = federated;
    if (inputs.gcpServiceAccount) {
        password = await (0,gcp/* generateServiceAccountToken */.BA)(deps, endpoints.googleIamCredentials, inputs.gcpServiceAccount, federated, { provider: workloadProvider, idToken });
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
    const endpoints = (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { acrHost: provider.host });
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, azure/* AZURE_AUDIENCE */.HG, cloud);
    const aadToken = await (0,azure/* getAadToken */.IZ)(deps, endpoints.azureLogin, app, idToken);
    const refreshToken = await (0,azure/* exchangeForAcrRefreshToken */.bW)(deps, endpoints.acrExchange, { host: provider.host, tenantId: app.tenantId }, aadToken);
    return { registry: provider.host, username: azure/* ACR_TOKEN_USERNAME */.WY, password: refreshToken };
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


/***/ }),

/***/ 161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uk: () => (/* binding */ getGithubIdToken),
/* harmony export */   YF: () => (/* binding */ repositorySubjectPatterns),
/* harmony export */   Zs: () => (/* binding */ describeClaims)
/* harmony export */ });
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1267);

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
/**
 * Pure: the claims a trust policy matches, for refusal messages. Claims are not secret (the
 * token is): printing them is how a user sees what the cloud compared.
 */
function describeClaims(claims) {
    const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
    const workflow = claims.job_workflow_ref ? `, job_workflow_ref "${claims.job_workflow_ref}"` : '';
    return `sub "${claims.sub ?? '?'}", aud "${aud ?? '?'}"${workflow}`;
}
/** A default subject's repository part: `repo:OWNER/REPO:` or `repo:OWNER@ID/REPO@ID:`. */
const SUBJECT_PREFIX = /^repo:([^/@:]+)(@\d+)?\/([^/@:]+)(@\d+)?:/;
/**
 * Pure: the subject patterns that would accept every workflow of this token's repository, in the
 * format the token has first. GitHub issues two default formats: name-only
 * (`repo:OWNER/REPO:…`) and immutable (`repo:OWNER@OWNER_ID/REPO@REPO_ID:…`, for new, renamed or
 * transferred repositories and those that opted in). Empty for a customized subject.
 */
function repositorySubjectPatterns(claims) {
    const match = SUBJECT_PREFIX.exec(claims.sub ?? '');
    if (!match)
        return [];
    const [, owner, ownerId, repo, repoId] = match;
    const nameOnly = `repo:${owner}/${repo}:*`;
    const ownerNumber = ownerId?.slice(1) ?? claims.repository_owner_id;
    const repoNumber = repoId?.slice(1) ?? claims.repository_id;
    const immutable = ownerNumber && repoNumber ? `repo:${owner}@${ownerNumber}/${repo}@${repoNumber}:*` : undefined;
    if (ownerId && repoId)
        return [immutable ?? nameOnly];
    return immutable ? [nameOnly, immutable] : [nameOnly];
}


/***/ }),

/***/ 7239:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MT: () => (/* binding */ isEcrPublic),
/* harmony export */   Oq: () => (/* binding */ classifyRegistry),
/* harmony export */   SH: () => (/* binding */ repositoryPath),
/* harmony export */   wn: () => (/* binding */ awsPartition)
/* harmony export */ });
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


/***/ }),

/***/ 3564:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rd: () => (/* binding */ withTag),
/* harmony export */   aR: () => (/* binding */ repositoryName),
/* harmony export */   hQ: () => (/* binding */ withDigest),
/* harmony export */   o_: () => (/* binding */ parseImageReference)
/* harmony export */ });
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


/***/ }),

/***/ 506:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ap: () => (/* binding */ addTag),
/* harmony export */   Y0: () => (/* binding */ lookupManifest),
/* harmony export */   mO: () => (/* binding */ registryBaseUrl),
/* harmony export */   xy: () => (/* binding */ parseChallenge),
/* harmony export */   zy: () => (/* binding */ registryRequest)
/* harmony export */ });
/* harmony import */ var _platform_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6316);
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1267);


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
        return unknown((0,_platform_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error));
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
/** A request to `/v2/<path><suffix>` that answers the registry's auth challenge once (`actions`: the token scope, e.g. `pull,push`). */
async function registryRequest(ref, suffix, init, actions, credentials, http) {
    const url = `${registryBaseUrl(ref.host)}/v2/${ref.path}${suffix}`;
    const send = (authorization) => (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithRetry */ .lx)(http, {
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
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithRetry */ .lx)(http, { method: 'GET', url: url.toString(), headers: basic ? { Authorization: basic } : {} }, REGISTRY_SEND);
    if (response.status < 200 || response.status > 299)
        throw new Error(`the token service answered ${response.status}`);
    const body = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(response.text);
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)(body, 'token') ?? (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)(body, 'access_token');
    if (!token)
        throw new Error('the token service answered without a token');
    return token;
}


/***/ })

};
