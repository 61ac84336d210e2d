export const id = 215;
export const ids = [215];
export const modules = {

/***/ 3215:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AWS_AUDIENCE: () => (/* binding */ AWS_AUDIENCE),
/* harmony export */   EcrApiError: () => (/* binding */ EcrApiError),
/* harmony export */   assumeRoleWithWebIdentity: () => (/* binding */ assumeRoleWithWebIdentity),
/* harmony export */   callEcr: () => (/* binding */ callEcr),
/* harmony export */   ensureEcrRepository: () => (/* binding */ ensureEcrRepository),
/* harmony export */   getEcrLogin: () => (/* binding */ getEcrLogin),
/* harmony export */   xmlText: () => (/* binding */ xmlText)
/* harmony export */ });
/* harmony import */ var _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3156);
/* harmony import */ var _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(_aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(5118);
/* harmony import */ var _platform_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(268);
/* harmony import */ var _oidc_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(161);




/** The audience AWS STS expects in a GitHub OIDC token. */
const AWS_AUDIENCE = 'sts.amazonaws.com';
/** STS answers 400 with these codes for conditions that pass on their own. */
const RETRYABLE_STS_CODES = new Set(['Throttling', 'IDPCommunicationError']);
/** STS AssumeRoleWithWebIdentity: unsigned form POST, XML answer. Masks the credentials. */
async function assumeRoleWithWebIdentity(deps, request) {
    const context = `Could not assume role ${request.roleArn} with web identity`;
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithContext */ .A4)(deps, context, {
        method: 'POST',
        url: `${request.stsEndpoint}/`,
        headers: {
            'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
            Accept: 'application/xml',
        },
        body: (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .formBody */ .bQ)({
            Action: 'AssumeRoleWithWebIdentity',
            Version: '2011-06-15',
            RoleArn: request.roleArn,
            RoleSessionName: request.sessionName,
            WebIdentityToken: request.idToken.jwt,
            DurationSeconds: String(request.durationSeconds),
        }),
    }, {
        retryable: (r) => r.status === 400 && RETRYABLE_STS_CODES.has(xmlText(r.text, 'Code') ?? ''),
    });
    if (response.status !== 200)
        throw stsRefusal(context, request, response);
    const credentials = {
        accessKeyId: xmlText(response.text, 'AccessKeyId'),
        secretAccessKey: xmlText(response.text, 'SecretAccessKey'),
        sessionToken: xmlText(response.text, 'SessionToken'),
        expiration: xmlText(response.text, 'Expiration') ?? '',
    };
    if (!credentials.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken) {
        // No excerpt of the answer here: it may hold part of the credentials.
        throw new Error(`${context}: the STS answer lacks AccessKeyId, SecretAccessKey or SessionToken`);
    }
    deps.setSecret(credentials.accessKeyId);
    deps.setSecret(credentials.secretAccessKey);
    deps.setSecret(credentials.sessionToken);
    return credentials;
}
function stsRefusal(context, request, response) {
    const code = xmlText(response.text, 'Code') ?? `HTTP ${response.status}`;
    const message = xmlText(response.text, 'Message') ?? (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .excerpt */ .Kb)(response.text).replace(/^: /, '');
    const lines = [`${context}: ${code}: ${message}`];
    const { claims } = request.idToken;
    if (code === 'AccessDenied' || code === 'InvalidIdentityToken') {
        const account = request.roleArn.split(':')[4] ?? '<account>';
        lines.push(`The trust policy of the role in input \`aws-role-arn\` (${request.roleArn}) must accept this ` +
            `job's token: ${(0,_oidc_js__WEBPACK_IMPORTED_MODULE_2__/* .describeClaims */ .Z)(claims)}. Its Condition needs:`, `    "token.actions.githubusercontent.com:aud": "${AWS_AUDIENCE}"`, `    "token.actions.githubusercontent.com:sub": "${claims.sub ?? '<sub>'}"   (StringLike patterns such as "repo:OWNER/REPO:*" work)`, 'Owner and repository names are case-sensitive in these conditions. The role must also trust ' +
            `the OIDC provider arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com ` +
            '(see docs/cloud-setup.md).');
    }
    else if (code === 'ValidationError' && /DurationSeconds/i.test(message)) {
        lines.push("Lower input `aws-role-duration` to at most the role's maximum session duration.");
    }
    return new _platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$(lines.join('\n'), response.status, response.text);
}
/** Pure: the text of the first `<tag>` element, XML entities decoded. */
function xmlText(xml, tag) {
    const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
    if (!match?.[1])
        return undefined;
    return match[1]
        .trim()
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
/** An ECR JSON 1.1 API error: `__type` (namespace dropped) and message. */
class EcrApiError extends _platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .HttpError */ .j$ {
    type;
    constructor(message, status, body, type) {
        super(message, status, body);
        this.type = type;
        this.name = 'EcrApiError';
    }
}
/** One SigV4-signed ECR JSON 1.1 call. Returns the parsed answer; throws EcrApiError otherwise. */
async function callEcr(deps, api, credentials, operation, input) {
    const signer = new _smithy_signature_v4__WEBPACK_IMPORTED_MODULE_3__/* .SignatureV4 */ .BB({
        credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken,
        },
        region: api.region,
        service: api.service,
        sha256: _aws_crypto_sha256_js__WEBPACK_IMPORTED_MODULE_0__.Sha256,
    });
    const url = new URL(`${api.endpoint}/`);
    const body = JSON.stringify(input);
    const buildRequest = async () => {
        const unsigned = {
            method: 'POST',
            protocol: url.protocol,
            hostname: url.hostname,
            port: url.port === '' ? undefined : Number(url.port),
            path: url.pathname,
            query: {},
            headers: {
                host: url.host,
                'content-type': 'application/x-amz-json-1.1',
                'x-amz-target': `${api.targetPrefix}.${operation}`,
            },
            body,
        };
        const signed = await signer.sign(unsigned);
        // fetch sets Host itself from the URL (the same value that was signed).
        const headers = { ...signed.headers };
        delete headers.host;
        return { method: 'POST', url: url.toString(), headers, body };
    };
    const response = await (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .sendWithContext */ .A4)(deps, operation, buildRequest, {
        retryable: (r) => r.status === 400 && /Throttling/.test(ecrErrorType(r.text)),
    });
    if (response.status === 200)
        return (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(response.text);
    const type = ecrErrorType(response.text) || `HTTP ${response.status}`;
    const message = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(response.text), 'message') ??
        (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(response.text), 'Message');
    throw new EcrApiError(`${operation}: ${type}${message ? `: ${message}` : (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .excerpt */ .Kb)(response.text)}`, response.status, response.text, type);
}
function ecrErrorType(text) {
    const type = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)((0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .parseJson */ .qF)(text), '__type') ?? '';
    return type.slice(type.lastIndexOf('#') + 1);
}
/** ECR GetAuthorizationToken → docker credentials (`AWS` and the decoded password), masked. */
async function getEcrLogin(deps, api, credentials) {
    const answer = await callEcr(deps, api, credentials, 'GetAuthorizationToken', {});
    const data = answer?.authorizationData;
    // Private ECR answers a list (one per registry); ECR Public a single object.
    const first = Array.isArray(data) ? data[0] : data;
    const token = (0,_platform_http_js__WEBPACK_IMPORTED_MODULE_1__/* .stringField */ .OM)(first, 'authorizationToken');
    if (!token)
        throw new Error('GetAuthorizationToken: the answer has no authorizationData.authorizationToken');
    deps.setSecret(token);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new Error('GetAuthorizationToken: the token is not base64 "user:password"');
    const password = decoded.slice(colon + 1);
    deps.setSecret(password);
    return { username: decoded.slice(0, colon), password };
}
const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** DescribeRepositories, then CreateRepository when it is missing and creation is allowed. */
async function ensureEcrRepository(deps, api, credentials, target) {
    if (!ECR_REPOSITORY_NAME.test(target.name) ||
        target.name.length < 2 ||
        target.name.length > 256) {
        throw new Error(`"${target.name}" is not a valid ECR repository name: 2-256 lowercase letters, digits and . _ - / separators`);
    }
    const registry = target.account ? { registryId: target.account } : {};
    try {
        await callEcr(deps, api, credentials, 'DescribeRepositories', {
            ...registry,
            repositoryNames: [target.name],
        });
        return 'exists';
    }
    catch (error) {
        if (!(error instanceof EcrApiError) || error.type !== 'RepositoryNotFoundException')
            throw error;
    }
    if (!target.create) {
        throw new Error(`ECR repository "${target.name}" does not exist in ${target.account || 'ECR Public'}: create it, or set \`create-repository: true\` (the role then needs ecr:CreateRepository).`);
    }
    try {
        await callEcr(deps, api, credentials, 'CreateRepository', {
            ...registry,
            repositoryName: target.name,
        });
    }
    catch (error) {
        // Another job created it between the two calls.
        if (error instanceof EcrApiError && error.type === 'RepositoryAlreadyExistsException')
            return 'exists';
        throw error;
    }
    deps.log.info(`Created ECR repository ${target.name}`);
    return 'created';
}


/***/ })

};
