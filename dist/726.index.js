export const id = 726;
export const ids = [726];
export const modules = {

/***/ 7105:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  j$: () => (/* binding */ HttpError),
  Kb: () => (/* binding */ excerpt),
  bQ: () => (/* binding */ formBody),
  qF: () => (/* binding */ parseJson),
  Pl: () => (/* binding */ safeUrl),
  A4: () => (/* binding */ sendWithContext),
  OM: () => (/* binding */ stringField)
});

// UNUSED EXPORTS: sendWithRetry

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/auth/retry.ts
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

;// CONCATENATED MODULE: ./src/auth/http.ts


/** A cloud call that failed: the HTTP status (0 for a network error) and the service's answer. */
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
 * backoff. Any other answer is returned, 4xx included: auth refusals are never retried. `request`
 * may be a function so each attempt is built fresh (a SigV4 signature carries the time).
 */
async function sendWithRetry(deps, request, options = {}) {
    const policy = options.policy ?? DEFAULT_RETRY_POLICY;
    const random = options.random ?? Math.random;
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
                redirect: 'error',
                signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
            });
            last = { status: response.status, headers: response.headers, text: await response.text() };
            const retryable = isRetryableStatus(last.status) || (options.retryable?.(last) ?? false);
            if (!retryable)
                return last;
            failure = `HTTP ${last.status}${excerpt(last.text)}`;
            retryAfter = parseRetryAfter(last.headers.get('retry-after'), Date.now());
        }
        catch (error) {
            failure = networkErrorMessage(error);
        }
        const delay = nextRetryDelay(policy, attempt, waited, retryAfter, random());
        if (delay === undefined) {
            throw new HttpError(`${req.method} ${safeUrl(req.url)} failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure}`, last?.status ?? 0, last?.text ?? '');
        }
        deps.log.debug(`${req.method} ${safeUrl(req.url)}: ${failure}; retrying in ${delay} ms (attempt ${attempt + 1} of ${policy.maxAttempts})`);
        waited += delay;
        await deps.sleep(delay);
    }
}
/** sendWithRetry, with a network failure or exhausted retries wrapped as "<context>: <cause>". */
async function sendWithContext(deps, context, request, options = {}) {
    try {
        return await sendWithRetry(deps, request, options);
    }
    catch (error) {
        const status = error instanceof HttpError ? error.status : 0;
        const body = error instanceof HttpError ? error.body : '';
        throw new HttpError(`${context}: ${(0,errors/* errorMessage */.gJ)(error)}`, status, body);
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
    return `${(0,errors/* errorMessage */.gJ)(error)}${detail ? ` (${detail})` : ''}`;
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

/***/ 2662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Oq: () => (/* reexport */ classifyRegistry),
  uA: () => (/* binding */ prepareRepository),
  Mm: () => (/* reexport */ readAuthInputs),
  Gz: () => (/* binding */ resolveRegistryCredentials),
  qu: () => (/* reexport */ validateAuthInputs)
});

// UNUSED EXPORTS: repositoryPath

// EXTERNAL MODULE: ./src/auth/http.ts + 1 modules
var http = __webpack_require__(7105);
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
    const response = await (0,http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${loginEndpoint}/${encodeURIComponent(app.tenantId)}/oauth2/v2.0/token`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,http/* formBody */.bQ)({
            client_id: app.clientId,
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: idToken.jwt,
            scope: ACR_SCOPE,
        }),
    });
    const body = (0,http/* parseJson */.qF)(response.text);
    const token = (0,http/* stringField */.OM)(body, 'access_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const description = (0,http/* stringField */.OM)(body, 'error_description');
    const lines = [
        `${context}: ${description ? firstLine(description) : `HTTP ${response.status}${(0,http/* excerpt */.Kb)(response.text)}`}`,
    ];
    const codes = body?.error_codes;
    const hint = aadHint(Array.isArray(codes) ? codes : [], idToken);
    if (hint)
        lines.push(hint);
    throw new http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
}
function aadHint(codes, idToken) {
    const { sub } = idToken.claims;
    if (codes.includes(70021) || codes.includes(700213)) {
        return (`No federated credential of the app in input \`azure-client-id\` (tenant \`azure-tenant-id\`) matches this job's token ` +
            `(${(0,oidc/* describeClaims */.Zs)(idToken.claims)}). Add one with issuer https://token.actions.githubusercontent.com ` +
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
    const response = await (0,http/* sendWithContext */.A4)(deps, context, {
        method: 'POST',
        url: `${exchangeEndpoint}/oauth2/exchange`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: (0,http/* formBody */.bQ)({
            grant_type: 'access_token',
            service: registry.host,
            tenant: registry.tenantId,
            access_token: aadToken,
        }),
    });
    const token = (0,http/* stringField */.OM)((0,http/* parseJson */.qF)(response.text), 'refresh_token');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const hint = response.status === 401 || response.status === 403
        ? '\nThe app in input `azure-client-id` needs the AcrPush role on the registry (see docs/cloud-setup.md).'
        : '';
    throw new http/* HttpError */.j$(`${context}: HTTP ${response.status}${(0,http/* excerpt */.Kb)(response.text)}${hint}`, response.status, response.text);
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
    const response = await (0,http/* sendWithContext */.A4)(deps, context, {
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
    const token = (0,http/* stringField */.OM)((0,http/* parseJson */.qF)(response.text), 'access_token');
    if (response.status !== 200 || !token) {
        const body = (0,http/* parseJson */.qF)(response.text);
        const code = (0,http/* stringField */.OM)(body, 'error');
        const description = (0,http/* stringField */.OM)(body, 'error_description');
        const detail = code
            ? `${code}: ${description ?? ''}`
            : `HTTP ${response.status}${(0,http/* excerpt */.Kb)(response.text)}`;
        const lines = [`${context}: ${detail}`];
        if (code === 'invalid_grant' || code === 'unauthorized_client' || code === 'invalid_target') {
            lines.push(`This job's token has ${(0,oidc/* describeClaims */.Zs)(idToken.claims)}. Check input \`gcp-workload-identity-provider\` ` +
                '(the provider must exist and be enabled), its issuer https://token.actions.githubusercontent.com, ' +
                'and that its attribute condition accepts this repository (names are case-sensitive).');
        }
        throw new http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
    }
    deps.setSecret(token);
    return token;
}
/** IAM Credentials generateAccessToken: impersonate a service account with the federated token. */
async function generateServiceAccountToken(deps, iamCredentialsEndpoint, serviceAccount, federatedToken, explain) {
    const context = `Could not generate an access token for service account ${serviceAccount}`;
    const response = await (0,http/* sendWithContext */.A4)(deps, context, {
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
    const token = (0,http/* stringField */.OM)((0,http/* parseJson */.qF)(response.text), 'accessToken');
    if (response.status === 200 && token) {
        deps.setSecret(token);
        return token;
    }
    const error = (0,http/* parseJson */.qF)(response.text)?.error;
    const message = (0,http/* stringField */.OM)(error, 'message') ?? `HTTP ${response.status}${(0,http/* excerpt */.Kb)(response.text)}`;
    const lines = [`${context}: ${message}`];
    if (response.status === 403)
        lines.push(...impersonationHelp(serviceAccount, explain));
    throw new http/* HttpError */.j$(lines.join('\n'), response.status, response.text);
}
function impersonationHelp(serviceAccount, explain) {
    const pool = gcpPoolName(explain.provider);
    const { sub, repository } = explain.idToken.claims;
    const principal = `principal://iam.googleapis.com/${pool}/subject/${sub ?? '<sub>'}`;
    const principalSet = `principalSet://iam.googleapis.com/${pool}/attribute.repository/${repository ?? '<OWNER/REPO>'}`;
    return [
        `The service account in input \`gcp-service-account\` must grant roles/iam.workloadIdentityUser ` +
            `to this job's identity from input \`gcp-workload-identity-provider\` (${(0,oidc/* describeClaims */.Zs)(explain.idToken.claims)}), either`,
        `    ${principal}`,
        `or, for every workflow of the repository (needs the attribute mapping attribute.repository=assertion.repository),`,
        `    ${principalSet}`,
        `e.g. gcloud iam service-accounts add-iam-policy-binding ${serviceAccount} --role=roles/iam.workloadIdentityUser --member="${principalSet}"`,
    ];
}

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
function readAuthInputs(reader, mask = core.setSecret) {
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
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, AWS_AUDIENCE, `Amazon ECR (${provider.host})`);
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
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, gcpAudience(workloadProvider), cloud);
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
    const idToken = await (0,oidc/* getGithubIdToken */.Uk)(deps, AZURE_AUDIENCE, cloud);
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


/***/ }),

/***/ 161:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Uk: () => (/* binding */ getGithubIdToken),
/* harmony export */   Zs: () => (/* binding */ describeClaims)
/* harmony export */ });
/* unused harmony exports assertIdTokenAvailable, decodeJwtClaims */
/* harmony import */ var _http_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7105);

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
    const context = `Could not get a GitHub OIDC token for audience ${audience} from ${(0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .safeUrl */ .Pl)(requestUrl)}`;
    const response = await (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .sendWithContext */ .A4)(deps, context, {
        method: 'GET',
        url: url.toString(),
        headers: { Authorization: `Bearer ${requestToken}`, Accept: 'application/json' },
    });
    const jwt = (0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .stringField */ .OM)((0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .parseJson */ .qF)(response.text), 'value');
    if (response.status !== 200 || !jwt) {
        throw new _http_js__WEBPACK_IMPORTED_MODULE_0__/* .HttpError */ .j$(`${context}: HTTP ${response.status}${(0,_http_js__WEBPACK_IMPORTED_MODULE_0__/* .excerpt */ .Kb)(response.text)}`, response.status, response.text);
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


/***/ }),

/***/ 2983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Re: () => (/* binding */ DISPATCH_STATE),
  r8: () => (/* binding */ DispatchedRunError),
  WE: () => (/* binding */ cancelDispatchedRun),
  ey: () => (/* binding */ dispatchRun),
  Ye: () => (/* binding */ readDispatchInputs)
});

// UNUSED EXPORTS: GitHubApiError, MAX_DISPATCH_INPUTS, MAX_DISPATCH_INPUT_CHARS, apiBaseUrl, packDispatchInputs

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 8 modules
var core = __webpack_require__(6058);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/dispatch/github.ts
/** A small GitHub REST client over `fetch`: auth, JSON, rate-limit back-off, errors with context. */
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
/** Longest wait accepted for a rate limit before giving up (a job should not idle for an hour). */
const MAX_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;
const MAX_ATTEMPTS = 6;
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
class GitHubClient {
    baseUrl;
    token;
    deps;
    constructor(baseUrl, token, deps) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.deps = deps;
    }
    /** Sends one request, backing off on rate limits. Non-2xx answers other than rate limits are returned. */
    async request(method, path, body) {
        const url = `${this.baseUrl.replace(/\/+$/, '')}${path}`;
        // Only reads are retried after a server or network error: a repeated dispatch could start a second run.
        const idempotent = method === 'GET';
        for (let attempt = 1;; attempt++) {
            let response;
            try {
                response = await this.send(method, url, body);
            }
            catch (error) {
                if (!idempotent || attempt >= MAX_ATTEMPTS)
                    throw error;
                await this.backOff(`${method} ${path} failed (${error instanceof Error ? error.message : String(error)})`, attempt);
                continue;
            }
            if (response.status >= 500 && idempotent && attempt < MAX_ATTEMPTS) {
                await this.backOff(`${method} ${path} answered ${response.status}`, attempt);
                continue;
            }
            const wait = rateLimitWaitMs(response.status, response.headers, response.body, (this.deps.now ?? Date.now)());
            if (wait === undefined)
                return { status: response.status, body: response.body };
            if (attempt >= MAX_ATTEMPTS || wait > MAX_RATE_LIMIT_WAIT_MS) {
                throw new GitHubApiError(response.status, apiMessage(response.body), `${method} ${path}`, `Rate limited; the limit resets in ${Math.round(wait / 1000)} s. Dispatch less often or use a token with a larger budget`);
            }
            this.deps.log.warning(`GitHub rate limit on ${method} ${path}: waiting ${Math.round(wait / 1000)} s.`);
            await this.deps.sleep(wait);
        }
    }
    async backOff(what, attempt) {
        const wait = 2000 * 2 ** (attempt - 1);
        this.deps.log.warning(`${what}; retrying in ${wait / 1000} s.`);
        await this.deps.sleep(wait);
    }
    async send(method, url, body) {
        const response = await this.deps.fetch(url, {
            method,
            headers: {
                authorization: `Bearer ${this.token}`,
                accept: 'application/vnd.github+json',
                'x-github-api-version': '2022-11-28',
                'user-agent': 'launch-action',
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        let parsed = text;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        }
        catch {
            parsed = text;
        }
        return { status: response.status, body: parsed, headers: response.headers };
    }
    /** Like `request`, but throws a `GitHubApiError` with `context` unless the status is expected. */
    async expect(method, path, ok, context, body) {
        const response = await this.request(method, path, body);
        if (!ok.includes(response.status)) {
            throw new GitHubApiError(response.status, apiMessage(response.body), context, statusHint(response.status));
        }
        return response;
    }
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

;// CONCATENATED MODULE: ./src/dispatch/index.ts





/** State key: the run a waiting dispatch follows, so the post step can cancel it if this job is cancelled. */
const DISPATCH_STATE = 'dispatch-run';
/** GitHub accepts at most this many `workflow_dispatch` inputs. */
const MAX_DISPATCH_INPUTS = 25;
/** GitHub refuses a dispatch whose inputs exceed this many characters in total. */
const MAX_DISPATCH_INPUT_CHARS = 65_535;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const WORKFLOW = /^(\d+|[A-Za-z0-9_.-]+\.ya?ml)$/;
/** Reads dispatch-repository (default GITHUB_REPOSITORY), dispatch-workflow, dispatch-ref, wait, github-token (masked). */
function readDispatchInputs(reader, env, 
/** Registers the token with the log masker; the CLI passes its own (the runner's prints a command). */
mask = core.setSecret) {
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
    return {
        repository,
        workflow,
        ref,
        wait,
        token,
        allowUntrusted: reader.bool('allow-untrusted', false),
    };
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
        super(`The dispatched run ${result.runUrl} finished with conclusion '${result.conclusion}'.`);
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
async function waitForRun(client, repository, run, deps) {
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
        await deps.sleep(deps.pollIntervalMs ?? 15_000);
    }
}
/**
 * Triggers the GPU queue workflow with the image and parameters, finds its run, and with `wait`
 * follows it until it completes; a conclusion other than success throws `DispatchedRunError`.
 */
async function dispatchRun(imageRef, params, inputs, deps) {
    const client = new GitHubClient(apiBaseUrl(deps.env), inputs.token, deps);
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
    deps.saveState(DISPATCH_STATE, JSON.stringify({ repository: inputs.repository, runId: result.runId }));
    result.conclusion = await waitForRun(client, inputs.repository, run, deps);
    deps.saveState(DISPATCH_STATE, '');
    if (result.conclusion !== 'success')
        throw new DispatchedRunError(result);
    return result;
}
/**
 * Post step: when this job stopped while following a dispatched run (state still set), cancels that
 * run, and force-cancels it when it does not stop within about half a minute.
 */
async function cancelDispatchedRun(state, deps) {
    if (!state)
        return;
    const { repository, runId } = JSON.parse(state);
    const client = new GitHubClient(apiBaseUrl(deps.env), deps.token, deps);
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

/***/ 656:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _2: () => (/* binding */ storedCredentials),
/* harmony export */   a1: () => (/* binding */ dockerLogin),
/* harmony export */   lp: () => (/* binding */ createDockerConfig),
/* harmony export */   nS: () => (/* binding */ removeDockerConfig),
/* harmony export */   tX: () => (/* binding */ dockerLogout)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * A docker client configuration directory of our own, outside the workspace and the build
 * context, so credentials never land in the user's home on a shared runner or in an image. The
 * buildx plugin directory of the user's config is linked in so `docker buildx` keeps working.
 */
async function createDockerConfig(tempRoot, env) {
    const dir = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdtemp)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(tempRoot, 'launch-action-docker-'));
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
}
/** `docker login` with the password on stdin (never in argv, where `ps` would show it). */
async function dockerLogin(run, dockerConfig, credentials, env) {
    const result = await run('docker', ['login', credentials.registry, '--username', credentials.username, '--password-stdin'], { env: { ...env, DOCKER_CONFIG: dockerConfig }, input: credentials.password });
    if (result.code !== 0) {
        throw new Error(`docker login to ${credentials.registry} as ${credentials.username} failed: ${result.stderr.trim() || result.stdout.trim()}`);
    }
}
async function dockerLogout(run, dockerConfig, registry, env) {
    await run('docker', ['logout', registry], { env: { ...env, DOCKER_CONFIG: dockerConfig } });
}
/** Credentials an earlier `docker login` stored inline for this registry, if any. */
async function storedCredentials(dockerConfig, registry) {
    try {
        const config = JSON.parse(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dockerConfig, 'config.json'), 'utf8'));
        const names = [registry, `https://${registry}`, `http://${registry}`];
        if (registry === 'docker.io')
            names.push('https://index.docker.io/v1/');
        for (const name of names) {
            const auth = config.auths?.[name]?.auth;
            if (auth) {
                const decoded = Buffer.from(auth, 'base64').toString('utf8');
                const colon = decoded.indexOf(':');
                if (colon > 0)
                    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
            }
        }
    }
    catch {
        // Unreadable or absent: anonymous lookup.
    }
    return undefined;
}


/***/ }),

/***/ 9655:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);

const runCommand = (file, args, options = {}) => new Promise((resolve, reject) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(file, args, {
        env: options.env ?? process.env,
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
        stdout += chunk;
        options.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
        stderr += chunk;
        options.onStderr?.(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
});


/***/ }),

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   f6: () => (/* binding */ FileError),
/* harmony export */   gJ: () => (/* binding */ errorMessage)
/* harmony export */ });
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

/***/ 6096:
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

/***/ 3759:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MM: () => (/* binding */ openRegistrySession),
/* harmony export */   ir: () => (/* binding */ STATE_DOCKER_CONFIG),
/* harmony export */   u2: () => (/* binding */ STATE_REGISTRIES)
/* harmony export */ });
/* harmony import */ var _auth_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2662);
/* harmony import */ var _docker_config_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(656);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3564);



/** State names the post step reads to clean up after this step, however it ended. */
const STATE_DOCKER_CONFIG = 'docker-config';
const STATE_REGISTRIES = 'registries';
async function openRegistrySession(rt, inputs) {
    const dockerConfig = await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .createDockerConfig */ .lp)(rt.tempDir, rt.env);
    rt.saveState(STATE_DOCKER_CONFIG, dockerConfig);
    const credentials = new Map();
    let loggedIn;
    const session = {
        dockerConfig,
        credentialsFor: async (host) => credentials.get(host) ?? (await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .storedCredentials */ ._2)(dockerConfig, host)),
        login: () => (loggedIn ??= (async () => {
            for (const found of credentials.values()) {
                await (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .dockerLogin */ .a1)(rt.run, dockerConfig, found, rt.env);
                rt.log.info(`Logged in to ${found.registry} as ${found.username}.`);
            }
        })()),
        // The logins live only in this directory, so removing it is the logout (no docker CLI
        // round trip); the post step repeats it if this step never got here.
        close: () => (0,_docker_config_js__WEBPACK_IMPORTED_MODULE_1__/* .removeDockerConfig */ .nS)(dockerConfig),
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
            const provider = (0,_auth_index_js__WEBPACK_IMPORTED_MODULE_0__/* .classifyRegistry */ .Oq)(target.host);
            const found = await (0,_auth_index_js__WEBPACK_IMPORTED_MODULE_0__/* .resolveRegistryCredentials */ .Gz)(provider, target.path, inputs.auth, deps);
            if (found) {
                rt.setSecret(found.password);
                credentials.set(target.host, found);
                rt.saveState(STATE_REGISTRIES, JSON.stringify([...credentials.keys()]));
                rt.log.info(`Credentials for ${found.registry} (${found.username}) obtained.`);
            }
            else {
                rt.log.info(`No login for ${target.host}: using the job's existing docker credentials, if any.`);
            }
            if (target.isDestination)
                await (0,_auth_index_js__WEBPACK_IMPORTED_MODULE_0__/* .prepareRepository */ .uA)(provider, target.path, inputs.auth, deps);
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
    const destination = inputs.core.destination;
    if (destination)
        targets.push({ host: destination.host, path: destination.path, isDestination: true });
    const given = inputs.core.dockerImage ? (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageReference */ .o_)(inputs.core.dockerImage) : undefined;
    if (given &&
        typeof given !== 'string' &&
        given.host !== destination?.host &&
        given.host !== 'docker.io') {
        targets.push({ host: given.host, path: given.path, isDestination: false });
    }
    return targets;
}


/***/ }),

/***/ 880:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H_: () => (/* reexport */ IMAGE_LABEL),
  ku: () => (/* reexport */ assertTrustedTrigger),
  K_: () => (/* binding */ cleanupRunContainers),
  n0: () => (/* reexport */ looksSecret),
  hT: () => (/* reexport */ readRunInputs),
  DG: () => (/* binding */ runImage),
  bd: () => (/* reexport */ spawnExec)
});

// UNUSED EXPORTS: CONTAINER_STATE, JOB_LABEL, METRICS_FILE, RESULT_FILE, RUNNER_LABEL, UntrustedTriggerError, parseMetrics

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/inputs/words.ts
var inputs_words = __webpack_require__(6096);
;// CONCATENATED MODULE: ./src/run/argv.ts
/** Pure builders for the `docker` command lines of run mode. No I/O. */

/** Label on every container this action starts; its value identifies the job (see `jobLabelValue`). */
const JOB_LABEL = 'launch-action.job';
/** Label on every container: the runner that started it, so jobs sharing a host never clean each other up. */
const RUNNER_LABEL = 'launch-action.runner';
/** Label the image builder puts on images it builds; images carrying it may be pruned on a full disk. */
const IMAGE_LABEL = 'dev.launch-action.source-hash';
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
    const words = (0,inputs_words/* splitWords */.y)(command);
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

;// CONCATENATED MODULE: ./src/run/cuda.ts
/**
 * CUDA toolkit → NVIDIA driver compatibility, and the parsing of `nvidia-smi` output. Pure: no I/O.
 */
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

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/run/deps.ts
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
labelFilter = IMAGE_LABEL) {
    if (minFreeGb <= 0)
        return [];
    try {
        const root = (await docker(deps, ['info', '--format', '{{.DockerRootDir}}'], 'Reading the Docker root')).trim();
        const freeBytes = (deps.freeBytes ?? statfsFreeBytes)(root);
        const freeGb = freeBytes / GB;
        if (freeGb >= minFreeGb) {
            deps.log.info(`Free disk under ${root}: ${freeGb.toFixed(1)} GB (min-free-disk ${minFreeGb} GB).`);
            return [];
        }
        deps.log.warning(`Only ${freeGb.toFixed(1)} GB free under ${root} (min-free-disk ${minFreeGb} GB): pruning images built by launch-action older than a day.`);
        const listed = await docker(deps, ['image', 'ls', '--no-trunc', '--filter', `label=${labelFilter}`, '--format', '{{json .}}'], 'Listing images');
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

;// CONCATENATED MODULE: ./src/run/preflight.ts


const TOOLKIT_FIX = 'Install the NVIDIA Container Toolkit on the runner, run `sudo nvidia-ctk runtime configure --runtime=docker` ' +
    'and restart docker (`sudo systemctl restart docker`). See docs/gpu-runners.md.';
/** The error docker prints when `--gpus` is used without the NVIDIA Container Toolkit. */
const NO_GPU_DRIVER_PATTERN = /could not select device driver "[^"]*" with capabilities: \[\[gpu\]\]/;
async function queryGpus(deps) {
    const result = await deps.exec('nvidia-smi', NVIDIA_SMI_ARGS, { env: deps.env });
    if (result.notFound) {
        throw new Error('nvidia-smi was not found on this runner, so it has no usable NVIDIA driver. Install the NVIDIA ' +
            'driver and the NVIDIA Container Toolkit (see docs/gpu-runners.md), or set `gpus: none` for a CPU run.');
    }
    if (result.exitCode !== 0) {
        throw new Error(`nvidia-smi failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim()}. ` +
            'Check that the NVIDIA driver is loaded on the runner (`nvidia-smi` must work), or set `gpus: none`.');
    }
    const gpus = parseNvidiaSmi(result.stdout);
    if (gpus.length === 0)
        throw new Error('nvidia-smi reports no GPU on this runner; set `gpus: none` for a CPU run.');
    return gpus;
}
/** Checks the requested GPUs exist: a count no larger than the GPUs present, devices by index or UUID. */
function checkGpuRequest(request, gpus) {
    if (request.kind === 'count' && request.count > gpus.length) {
        throw new Error(`gpus: ${request.count} requested but this runner has ${gpus.length} GPU(s) (${describeGpus(gpus)}). ` +
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
    const runtimes = await docker(deps, ['info', '--format', '{{json .Runtimes}}'], 'Reading docker runtimes');
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
/** The image's CUDA version: the `cuda-version` input, else the image's `CUDA_VERSION`. */
async function imageCudaVersion(deps, imageRef, given) {
    if (given)
        return given;
    const out = await docker(deps, ['image', 'inspect', '--format', '{{json .Config.Env}}', imageRef], `Inspecting ${imageRef}`);
    try {
        return cudaVersionFromEnv(JSON.parse(out));
    }
    catch {
        return undefined;
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
    deps.log.info(`GPUs: ${describeGpus(gpus)}`);
    for (const gpu of gpus) {
        deps.log.info(`  ${gpu.index}: ${gpu.name} ${gpu.uuid} ${gpu.memoryUsedMiB}/${gpu.memoryTotalMiB} MiB used, compute ${gpu.computeCapability}`);
    }
    checkGpuRequest(request, gpus);
    await checkNvidiaRuntime(deps);
    const cuda = await imageCudaVersion(deps, imageRef, cudaVersion);
    const driver = gpus[0]?.driverVersion ?? '0';
    if (!cuda) {
        deps.log.info('The image declares no CUDA_VERSION and `cuda-version` is not set: driver compatibility not checked.');
        return { gpus, containerEnv: [] };
    }
    const verdict = checkCudaDriver(cuda, driver);
    switch (verdict.kind) {
        case 'fail':
            throw new Error(verdict.message);
        case 'warn':
            deps.log.warning(verdict.message);
            // The toolkit refuses `cuda>=X` images on older drivers even when minor-version compatibility would work.
            return { gpus, containerEnv: [['NVIDIA_DISABLE_REQUIRE', 'true']] };
        case 'unknown':
            deps.log.warning(verdict.message);
            return { gpus, containerEnv: [] };
        case 'pass':
            deps.log.info(verdict.message);
            return { gpus, containerEnv: [] };
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
    const workdir = (await docker(deps, ['image', 'inspect', '--format', '{{.Config.WorkingDir}}', imageRef], 'Reading the image working directory')).trim();
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

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/run/run-env.ts
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
            throw new errors/* InputError */.dz(input, name, 'each line must be NAME (value from the step environment) or NAME=VALUE, NAME made of letters, digits and _', 'Map a secret with `env: { NAME: ${{ secrets.NAME }} }` on the step and list NAME here.');
        }
        if (steersDockerClient(name)) {
            throw new errors/* InputError */.dz(input, name, `${name} steers the docker client itself and cannot be passed to the container`, 'Pick another name.');
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
            throw new errors/* InputError */.dz(input, name, `${name} is not set (or empty) in the step's environment`, `Set it on the step, e.g. \`env: { ${name}: \${{ secrets.${name} }} }\`, or write ${name}=VALUE.`);
        }
        if (value !== '')
            mask(value);
        return [name, value];
    });
}

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
const docker_args_ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
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
            if (!docker_args_ENV_NAME.test(name)) {
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
            if (splitCommand(command).length === 0)
                throw new Error('no words');
        }
        catch (error) {
            throw new errors/* InputError */.dz('command', command, `expected a command line such as "python eval.py --fast" (${error instanceof Error ? error.message : String(error)})`, 'Close every quote; no shell features (pipes, $VAR) are interpreted.');
        }
    }
    const gpus = reader.string('gpus') || 'all';
    if (!parseGpuRequest(gpus)) {
        throw new errors/* InputError */.dz('gpus', gpus, 'expected `all`, a GPU count (1-999), `device=0,1` (indexes or UUIDs) or `none`', 'Use `none` for a CPU-only run.');
    }
    const runEnv = parseRunEnv('run-env', reader.lines('run-env'), mask);
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
    const runEnvValues = mode === 'run' ? resolveRunEnv('run-env', runEnv, shared.stepEnv ?? {}, mask) : [];
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

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/run/exec.ts

/** Captured output is capped so a chatty training run cannot exhaust memory. */
const MAX_CAPTURE = 1024 * 1024;
function appendBounded(buffer, chunk) {
    const joined = buffer + chunk;
    return joined.length > MAX_CAPTURE ? joined.slice(joined.length - MAX_CAPTURE) : joined;
}
/** The real `Exec`, over `child_process.spawn` with `shell: false`. */
const spawnExec = (command, args, options = {}) => new Promise((resolve) => {
    const child = (0,external_node_child_process_.spawn)(command, args, {
        env: options.env ?? process.env,
        shell: false,
        stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const finish = (result) => {
        if (settled)
            return;
        settled = true;
        resolve(result);
    };
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
        stdout = appendBounded(stdout, chunk);
        options.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk) => {
        stderr = appendBounded(stderr, chunk);
        options.onStderr?.(chunk);
    });
    child.on('error', (error) => {
        const notFound = error.code === 'ENOENT';
        finish({ exitCode: notFound ? 127 : 1, stdout, stderr: stderr + error.message, notFound });
    });
    child.on('close', (code, signal) => {
        // A child killed by a signal reports the shell convention 128 + signal number.
        const exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
        finish({ exitCode, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
});
function signalNumber(signal) {
    const numbers = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
    return numbers[signal] ?? 1;
}

;// CONCATENATED MODULE: ./src/run/index.ts













/** State key holding the container name, for the post step. */
const CONTAINER_STATE = 'run-container';
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
        if (steersDockerClient(name)) {
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
    if (NO_GPU_DRIVER_PATTERN.test(result.stderr)) {
        return new Error(`docker could not give the container GPUs. ${TOOLKIT_FIX}`);
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
    const name = containerName(deps.env, (0,external_node_crypto_.randomBytes)(4).toString('hex'));
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
        const gpuRequest = parseGpuRequest(inputs.gpus);
        if (!gpuRequest)
            throw new Error(`Invalid gpus value ${JSON.stringify(inputs.gpus)}`);
        await ensureFreeDisk(deps, inputs.minFreeDiskGb, imageRef);
        await ensureImage(deps, imageRef, options.localImage ?? false);
        const preflight = await preflightGpus(deps, imageRef, gpuRequest, inputs.cudaVersion);
        const outputs = await prepareOutputs(deps, imageRef, inputs.outputsPath, inputs.dockerArgs, name);
        if (cancelled)
            throw new Error('Cancelled before the container started.');
        // run-env values last: they win over a baked `env` of the same name.
        const env = userEnvironment(deps, [
            ...inputs.env,
            ...preflight.containerEnv,
            ...inputs.runEnvValues,
        ]);
        const argv = buildRunArgv({
            imageRef,
            name,
            jobLabel: jobLabelValue(deps.env),
            runnerLabel: deps.env.RUNNER_NAME,
            gpus: gpuRequest,
            dockerArgs: inputs.dockerArgs,
            envNames: env.names,
            network: inputs.network,
            ...(inputs.shmSize !== undefined && { shmSize: inputs.shmSize }),
            ipcHost: inputs.ipcHost,
            outputs,
            command: inputs.command ? splitCommand(inputs.command) : undefined,
            args: inputs.args,
        });
        deps.saveState(CONTAINER_STATE, name);
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
            gpu: describeGpus(preflight.gpus),
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
    const list = await deps.exec('docker', listJobContainersArgv(jobLabelValue(deps.env), deps.env.RUNNER_NAME), {
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


/***/ })

};
