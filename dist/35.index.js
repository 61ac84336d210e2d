export const id = 35;
export const ids = [35,37];
export const modules = {

/***/ 6035:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   reportDoctor: () => (/* binding */ reportDoctor)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6058);
/* harmony import */ var _doctor_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5037);


/** `mode: doctor`'s report: every finding in the log and the job summary; any error fails the step. */
async function reportDoctor(rt, findings) {
    rt.log.info((0,_doctor_index_js__WEBPACK_IMPORTED_MODULE_1__.formatFindings)(findings));
    await _actions_core__WEBPACK_IMPORTED_MODULE_0__.summary
        .addHeading('launch-action doctor', 3)
        .addRaw(`${(0,_doctor_index_js__WEBPACK_IMPORTED_MODULE_1__.findingsMarkdown)(findings)}\n`, true)
        .write();
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__.setFailed(`doctor found ${errors.length} problem(s): ${errors.map((f) => f.id).join(', ')}. Each one's fix is in the log above and in the job summary.`);
    }
}


/***/ }),

/***/ 5037:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  findingsMarkdown: () => (/* reexport */ findingsMarkdown),
  formatFindings: () => (/* reexport */ formatFindings),
  hasErrors: () => (/* reexport */ hasErrors),
  runDoctor: () => (/* binding */ runDoctor)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/auth/index.ts + 1 modules
var auth = __webpack_require__(2988);
// EXTERNAL MODULE: ./src/image/reference.ts
var reference = __webpack_require__(3564);
// EXTERNAL MODULE: ./src/auth/azure.ts
var azure = __webpack_require__(7649);
// EXTERNAL MODULE: ./src/auth/endpoints.ts
var auth_endpoints = __webpack_require__(3716);
// EXTERNAL MODULE: ./src/auth/gcp.ts
var gcp = __webpack_require__(2212);
// EXTERNAL MODULE: ./src/platform/http.ts
var http = __webpack_require__(1267);
// EXTERNAL MODULE: ./src/auth/oidc.ts
var oidc = __webpack_require__(161);
// EXTERNAL MODULE: ./src/auth/registry.ts
var registry = __webpack_require__(7239);
// EXTERNAL MODULE: ./src/platform/errors.ts
var errors = __webpack_require__(6316);
;// CONCATENATED MODULE: ./src/doctor/cloud.ts








const PERMISSIONS_FIX = 'Add to the job (or the workflow, or the caller of a reusable workflow):\n' +
    'permissions:\n  id-token: write\n  contents: read';
/** Runs the login chain for `provider` and reports every step. Never throws. */
async function checkCloud(provider, repository, inputs, deps) {
    if (inputs.username !== undefined && inputs.password !== undefined) {
        deps.setSecret(inputs.password);
        return {
            findings: [
                {
                    id: 'login.password',
                    severity: 'info',
                    title: `${provider.host}: logging in as "${inputs.username}" with the \`password\` input (no OIDC)`,
                },
            ],
            credentials: {
                registry: provider.host,
                username: inputs.username,
                password: inputs.password,
            },
        };
    }
    switch (provider.kind) {
        case 'ecr':
            if (inputs.awsRoleArn)
                return checkEcr(provider, repository, inputs, deps);
            break;
        case 'gar':
            if (inputs.gcpWorkloadIdentityProvider)
                return checkGar(provider, inputs, deps);
            break;
        case 'acr':
            if (inputs.azureClientId && inputs.azureTenantId)
                return checkAcr(provider, inputs, deps);
            break;
        case 'ghcr':
            if (inputs.githubToken) {
                deps.setSecret(inputs.githubToken);
                return {
                    findings: [
                        {
                            id: 'login.github-token',
                            severity: 'info',
                            title: `${provider.host}: logging in with \`github-token\` (the job needs \`permissions: packages: write\` to push)`,
                        },
                    ],
                    credentials: {
                        registry: provider.host,
                        username: deps.env.GITHUB_ACTOR || 'x-access-token',
                        password: inputs.githubToken,
                    },
                };
            }
            break;
    }
    return {
        findings: [
            {
                id: 'login.none',
                severity: 'warning',
                title: `${provider.host}: no login configured; the run relies on an existing \`docker login\``,
                fix: missingLoginFix(provider),
            },
        ],
    };
}
function missingLoginFix(provider) {
    switch (provider.kind) {
        case 'ecr':
            return 'Set `aws-role-arn` (see docs/cloud-setup.md#amazon-ecr), or `username` and `password`.';
        case 'gar':
            return 'Set `gcp-workload-identity-provider` (see docs/cloud-setup.md#google-artifact-registry).';
        case 'acr':
            return 'Set `azure-client-id` and `azure-tenant-id` (see docs/cloud-setup.md#azure-container-registry).';
        default:
            return 'Set `username` and `password` (from secrets) if the registry needs a login.';
    }
}
/** The job's token for `audience`, with its claims as a finding; undefined (and why) when not. */
async function idToken(deps, audience, cloud, findings) {
    if (!deps.env.ACTIONS_ID_TOKEN_REQUEST_URL || !deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        findings.push({
            id: 'oidc.permission-missing',
            severity: 'error',
            title: `This job has no GitHub OIDC token, so it cannot log in to ${cloud}`,
            detail: 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: the job lacks ' +
                '`id-token: write`, or it runs for a pull request from a fork (which never gets a token).',
            fix: PERMISSIONS_FIX,
        });
        return undefined;
    }
    try {
        const token = await (0,oidc/* getGithubIdToken */.Uk)(deps, audience, cloud);
        findings.push({
            id: 'oidc.token',
            severity: 'ok',
            title: 'The job has `id-token: write` and got an OIDC token; its claims (the token itself is not shown):',
            detail: claimLines(token.claims),
        });
        return token;
    }
    catch (error) {
        findings.push({
            id: 'oidc.token-request-failed',
            severity: 'error',
            title: 'The runner did not hand out an OIDC token',
            detail: (0,errors/* errorMessage */.gJ)(error),
            fix: 'Re-run the job; if it persists, check https://www.githubstatus.com/.',
        });
        return undefined;
    }
}
/** Pure: the claims a cloud compares, one per line. */
function claimLines(claims) {
    const aud = Array.isArray(claims.aud) ? claims.aud.join(', ') : claims.aud;
    const keys = [
        ['sub', claims.sub],
        ['aud', aud],
        ['iss', claims.iss],
        ['repository', claims.repository],
        ['repository_id', claims.repository_id],
        ['repository_owner_id', claims.repository_owner_id],
        ['ref', claims.ref],
        ['job_workflow_ref', claims.job_workflow_ref],
    ];
    return keys
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => `${key}: ${value}`)
        .join('\n');
}
// ---- Amazon ECR ------------------------------------------------------------------------------
async function checkEcr(provider, repository, inputs, deps) {
    const findings = [];
    const cloud = `Amazon ECR (${provider.host})`;
    // The SigV4 signer is large: loaded only for ECR, as the login chain does.
    const aws = await Promise.all(/* import() */[__webpack_require__.e(137), __webpack_require__.e(215)]).then(__webpack_require__.bind(__webpack_require__, 3215));
    const { AWS_AUDIENCE, assumeRoleWithWebIdentity, callEcr, EcrApiError, getEcrLogin } = aws;
    const token = await idToken(deps, AWS_AUDIENCE, cloud, findings);
    if (!token)
        return { findings };
    const publicRegistry = (0,registry/* isEcrPublic */.MT)(provider);
    const region = publicRegistry ? 'us-east-1' : (inputs.awsRegion ?? provider.region);
    const roleArn = inputs.awsRoleArn ?? '';
    let session;
    try {
        session = await assumeRoleWithWebIdentity(deps, {
            stsEndpoint: (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { awsRegion: region }).awsSts,
            roleArn,
            sessionName: inputs.awsSessionName,
            durationSeconds: inputs.awsRoleDuration,
            idToken: token,
        });
    }
    catch (error) {
        findings.push(stsFinding(error, roleArn, aws.xmlText));
        return { findings };
    }
    findings.push({
        id: 'aws.role-assumed',
        severity: 'ok',
        title: `AWS STS accepted the token: assumed ${roleArn} (session expires ${session.expiration || '?'})`,
    });
    const api = {
        endpoint: (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { awsRegion: region, ecrPublic: publicRegistry }).awsEcr,
        region,
        service: publicRegistry ? 'ecr-public' : 'ecr',
        targetPrefix: publicRegistry
            ? 'SpencerFrontendService'
            : 'AmazonEC2ContainerRegistry_V20150921',
    };
    let credentials;
    try {
        const login = await getEcrLogin(deps, api, session);
        credentials = { registry: provider.host, ...login };
        findings.push({
            id: 'aws.ecr-login',
            severity: 'ok',
            title: 'ecr:GetAuthorizationToken allowed: got the docker password (valid 12 h)',
        });
    }
    catch (error) {
        findings.push(ecrFinding(error, 'GetAuthorizationToken', roleArn, EcrApiError));
    }
    const name = (0,auth/* repositoryPath */.SH)(provider, repository);
    try {
        await callEcr(deps, api, session, 'DescribeRepositories', {
            ...(provider.account ? { registryId: provider.account } : {}),
            repositoryNames: [name],
        });
        findings.push({
            id: 'aws.repository',
            severity: 'ok',
            title: `ECR repository "${name}" exists (ecr:DescribeRepositories allowed)`,
        });
    }
    catch (error) {
        if (error instanceof EcrApiError && error.type === 'RepositoryNotFoundException') {
            findings.push(inputs.createRepository
                ? {
                    id: 'aws.repository-missing',
                    severity: 'info',
                    title: `ECR repository "${name}" does not exist yet: the first build creates it (\`create-repository: true\`)`,
                    detail: 'Creating it needs ecr:CreateRepository, which doctor does not try (it changes nothing).',
                }
                : {
                    id: 'aws.repository-missing',
                    severity: 'error',
                    title: `ECR repository "${name}" does not exist and \`create-repository\` is false`,
                    fix: `aws ecr create-repository --repository-name ${name} --region ${region}, or set \`create-repository: true\` (the role then needs ecr:CreateRepository).`,
                });
        }
        else {
            findings.push(ecrFinding(error, 'DescribeRepositories', roleArn, EcrApiError));
        }
    }
    return { findings, credentials };
}
/** The audience AWS STS expects (the value of AWS_AUDIENCE, without loading the signer). */
const STS_AUDIENCE = 'sts.amazonaws.com';
function stsFinding(error, roleArn, xmlText) {
    const body = error instanceof http/* HttpError */.j$ ? error.body : '';
    const code = xmlText(body, 'Code') ?? '';
    const message = xmlText(body, 'Message') ?? '';
    const detail = (0,errors/* errorMessage */.gJ)(error);
    if (code === 'AccessDenied') {
        return {
            id: 'aws.trust-policy-refused',
            severity: 'error',
            title: `AWS STS refused to let this job assume ${roleArn}: the role does not exist, or its trust policy does not accept the token's sub`,
            detail,
            fix: "Edit the role's trust policy (IAM → Roles → Trust relationships) to the Condition shown above, or correct `aws-role-arn`. See docs/cloud-setup.md#amazon-ecr.",
        };
    }
    if (code === 'InvalidIdentityToken' && /audience/i.test(message)) {
        return {
            id: 'aws.audience-refused',
            severity: 'error',
            title: `AWS STS refused the token's audience "${STS_AUDIENCE}"`,
            detail,
            fix: `Add the client ID ${STS_AUDIENCE} to the IAM OIDC provider token.actions.githubusercontent.com, and make the role's "token.actions.githubusercontent.com:aud" condition "${STS_AUDIENCE}" (also in the China regions: the action always requests this audience).`,
        };
    }
    if (code === 'InvalidIdentityToken' && /provider/i.test(message)) {
        return {
            id: 'aws.oidc-provider-missing',
            severity: 'error',
            title: 'The AWS account has no OIDC provider for https://token.actions.githubusercontent.com',
            detail,
            fix: 'aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com',
        };
    }
    if (code === 'ValidationError' && /Duration/i.test(message)) {
        return {
            id: 'aws.session-duration',
            severity: 'error',
            title: "`aws-role-duration` exceeds the role's maximum session duration",
            detail,
            fix: "Lower `aws-role-duration`, or raise the role's maximum session duration (IAM → Roles → Edit).",
        };
    }
    return {
        id: 'aws.sts-failed',
        severity: 'error',
        title: `AWS STS did not issue credentials for ${roleArn}`,
        detail,
        fix: 'See the answer above; docs/cloud-setup.md#amazon-ecr lists the setup.',
    };
}
function ecrFinding(error, operation, roleArn, EcrApiError) {
    if (error instanceof EcrApiError && /AccessDenied/.test(error.type)) {
        return {
            id: 'aws.ecr-permission-missing',
            severity: 'error',
            title: `The role is not allowed ecr:${operation}`,
            detail: (0,errors/* errorMessage */.gJ)(error),
            fix: `Add "ecr:${operation}" to the permission policy of ${roleArn} (the full list is in docs/cloud-setup.md#amazon-ecr).`,
        };
    }
    return {
        id: 'aws.ecr-failed',
        severity: 'error',
        title: `ECR ${operation} failed`,
        detail: (0,errors/* errorMessage */.gJ)(error),
    };
}
// ---- Google Artifact Registry ----------------------------------------------------------------
/** Google's documented limit on the mapped `google.subject`. */
const GOOGLE_SUBJECT_MAX_BYTES = 127;
async function checkGar(provider, inputs, deps) {
    const findings = [];
    const workloadProvider = inputs.gcpWorkloadIdentityProvider ?? '';
    const token = await idToken(deps, (0,gcp/* gcpAudience */.Br)(workloadProvider), `Artifact Registry (${provider.host})`, findings);
    if (!token)
        return { findings };
    const subjectBytes = Buffer.byteLength(token.claims.sub ?? '', 'utf8');
    if (subjectBytes > GOOGLE_SUBJECT_MAX_BYTES) {
        findings.push({
            id: 'gcp.subject-too-long',
            severity: 'warning',
            title: `The token's sub is ${subjectBytes} bytes: mapped to google.subject it exceeds Google's ${GOOGLE_SUBJECT_MAX_BYTES}-byte limit`,
            fix: 'Map google.subject to a shorter value (e.g. assertion.repository_id + ":" + assertion.ref) and bind principalSet://…/attribute.repository_id/<id>.',
        });
    }
    const endpoints = (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, {});
    let federated;
    try {
        federated = await (0,gcp/* exchangeForFederatedToken */.cO)(deps, endpoints.googleSts, workloadProvider, token);
    }
    catch (error) {
        findings.push(googleStsFinding(error, workloadProvider));
        return { findings };
    }
    findings.push({
        id: 'gcp.token-exchanged',
        severity: 'ok',
        title: `Google STS accepted the token for ${workloadProvider}`,
    });
    if (!inputs.gcpServiceAccount) {
        findings.push({
            id: 'gcp.direct-access-short-lived',
            severity: 'warning',
            title: 'Direct resource access: the docker password is the federated token, which does not outlive the GitHub token (about 5 minutes)',
            fix: 'For builds longer than a few minutes set `gcp-service-account` (impersonation gives a one-hour token). See docs/cloud-setup.md#google-artifact-registry.',
        });
        return {
            findings,
            credentials: { registry: provider.host, username: 'oauth2accesstoken', password: federated },
        };
    }
    try {
        const password = await (0,gcp/* generateServiceAccountToken */.BA)(deps, endpoints.googleIamCredentials, inputs.gcpServiceAccount, federated, { provider: workloadProvider, idToken: token });
        findings.push({
            id: 'gcp.impersonation',
            severity: 'ok',
            title: `Impersonating ${inputs.gcpServiceAccount}: got a one-hour access token`,
        });
        return {
            findings,
            credentials: { registry: provider.host, username: 'oauth2accesstoken', password },
        };
    }
    catch (error) {
        const status = error instanceof http/* HttpError */.j$ ? error.status : 0;
        findings.push(status === 403
            ? {
                id: 'gcp.impersonation-denied',
                severity: 'error',
                title: `This job's identity may not impersonate ${inputs.gcpServiceAccount} (roles/iam.workloadIdentityUser missing)`,
                detail: (0,errors/* errorMessage */.gJ)(error),
                fix: 'Run the gcloud command shown above (it grants roles/iam.workloadIdentityUser to this repository).',
            }
            : {
                id: 'gcp.impersonation-failed',
                severity: 'error',
                title: `Could not impersonate ${inputs.gcpServiceAccount}`,
                detail: (0,errors/* errorMessage */.gJ)(error),
                fix: 'Check `gcp-service-account` (the service account must exist) and that the IAM Service Account Credentials API is enabled.',
            });
        return { findings };
    }
}
function googleStsFinding(error, workloadProvider) {
    const body = (0,http/* parseJson */.qF)(error instanceof http/* HttpError */.j$ ? error.body : '');
    const code = (0,http/* stringField */.OM)(body, 'error') ?? '';
    const description = (0,http/* stringField */.OM)(body, 'error_description') ?? '';
    const detail = (0,errors/* errorMessage */.gJ)(error);
    if (code === 'invalid_target') {
        return {
            id: 'gcp.provider-not-found',
            severity: 'error',
            title: `Google STS does not know the workload identity provider ${workloadProvider} (or it is disabled)`,
            detail,
            fix: 'Set `gcp-workload-identity-provider` to the output of `gcloud iam workload-identity-pools providers describe PROVIDER --workload-identity-pool=POOL --location=global --format="value(name)"` (project NUMBER, not id).',
        };
    }
    if (code === 'unauthorized_client') {
        return {
            id: 'gcp.attribute-condition-refused',
            severity: 'error',
            title: "The provider's attribute condition refuses this job's token",
            detail,
            fix: "Update the provider's --attribute-condition to accept the claims above, e.g. assertion.repository_owner_id == '<repository_owner_id>' && assertion.repository_id == '<repository_id>'.",
        };
    }
    if (code === 'invalid_grant' && /audience/i.test(description)) {
        return {
            id: 'gcp.audience-refused',
            severity: 'error',
            title: "The provider's allowed audiences do not include the token's aud",
            detail,
            fix: `Clear the provider's allowed audiences (the default accepts https://iam.googleapis.com/${workloadProvider}), or add that value.`,
        };
    }
    return {
        id: 'gcp.token-refused',
        severity: 'error',
        title: 'Google STS refused the token',
        detail,
        fix: 'The provider must have the issuer https://token.actions.githubusercontent.com; see docs/cloud-setup.md#google-artifact-registry.',
    };
}
// ---- Azure Container Registry ----------------------------------------------------------------
async function checkAcr(provider, inputs, deps) {
    const findings = [];
    const app = { clientId: inputs.azureClientId ?? '', tenantId: inputs.azureTenantId ?? '' };
    const token = await idToken(deps, azure/* AZURE_AUDIENCE */.HG, `Azure Container Registry (${provider.host})`, findings);
    if (!token)
        return { findings };
    const endpoints = (0,auth_endpoints/* cloudEndpoints */.S)(deps.env, { acrHost: provider.host });
    let aadToken;
    try {
        aadToken = await (0,azure/* getAadToken */.IZ)(deps, endpoints.azureLogin, app, token);
    }
    catch (error) {
        findings.push(aadFinding(error, app, token.claims));
        return { findings };
    }
    findings.push({
        id: 'azure.token',
        severity: 'ok',
        title: `Microsoft Entra accepted the token for app ${app.clientId}`,
    });
    try {
        const refresh = await (0,azure/* exchangeForAcrRefreshToken */.bW)(deps, endpoints.acrExchange, { host: provider.host, tenantId: app.tenantId }, aadToken);
        findings.push({
            id: 'azure.acr-exchange',
            severity: 'ok',
            title: `${provider.host} exchanged the Entra token for a registry refresh token`,
        });
        return {
            findings,
            credentials: { registry: provider.host, username: azure/* ACR_TOKEN_USERNAME */.WY, password: refresh },
        };
    }
    catch (error) {
        const status = error instanceof http/* HttpError */.j$ ? error.status : 0;
        findings.push(status === 401 || status === 403
            ? {
                id: 'azure.acr-role-missing',
                severity: 'error',
                title: `${provider.host} refused the app: it has no role on the registry`,
                detail: (0,errors/* errorMessage */.gJ)(error),
                fix: `az role assignment create --assignee ${app.clientId} --role AcrPush --scope "$(az acr show --name ${provider.name} --query id --output tsv)" ` +
                    '— in a registry with ABAC repository permissions use the role "Container Registry Repository Writer" instead (AcrPush is not honored there).',
            }
            : {
                id: 'azure.acr-exchange-failed',
                severity: 'error',
                title: `${provider.host} did not exchange the Entra token`,
                detail: (0,errors/* errorMessage */.gJ)(error),
            });
        return { findings };
    }
}
function aadFinding(error, app, claims) {
    const body = (0,http/* parseJson */.qF)(error instanceof http/* HttpError */.j$ ? error.body : '');
    const codes = Array.isArray(body?.error_codes) ? body.error_codes : [];
    const detail = (0,errors/* errorMessage */.gJ)(error);
    if (codes.includes(70021) || codes.includes(700213)) {
        return {
            id: 'azure.no-matching-federated-credential',
            severity: 'error',
            title: `No federated credential of app ${app.clientId} matches this job's issuer, subject and audience`,
            detail,
            fix: `az ad app federated-credential create --id ${app.clientId} --parameters '{"name": "github", ` +
                `"issuer": "https://token.actions.githubusercontent.com", "subject": "${claims.sub ?? '<sub>'}", ` +
                `"audiences": ["${azure/* AZURE_AUDIENCE */.HG}"]}'`,
        };
    }
    if (codes.includes(700016)) {
        return {
            id: 'azure.app-not-found',
            severity: 'error',
            title: `Tenant ${app.tenantId} has no application ${app.clientId}`,
            detail,
            fix: 'Set `azure-client-id` to the application (client) id of the app registration, and `azure-tenant-id` to its directory.',
        };
    }
    if (codes.includes(90002) || codes.includes(900023)) {
        return {
            id: 'azure.tenant-not-found',
            severity: 'error',
            title: `There is no Microsoft Entra tenant ${app.tenantId}`,
            detail,
            fix: 'Set `azure-tenant-id` to the directory (tenant) id: az account show --query tenantId --output tsv',
        };
    }
    return {
        id: 'azure.login-failed',
        severity: 'error',
        title: 'Microsoft Entra refused the token',
        detail,
    };
}

// EXTERNAL MODULE: ./src/run/cuda.ts
var cuda = __webpack_require__(9582);
// EXTERNAL MODULE: ./src/run/preflight.ts + 1 modules
var preflight = __webpack_require__(5003);
;// CONCATENATED MODULE: ./src/doctor/gpu.ts



const GB = 1024 ** 3;
/** The GPUs nvidia-smi lists, or why that list is unusable. */
function driverFinding(stdout) {
    try {
        const gpus = (0,cuda/* parseNvidiaSmi */.Qi)(stdout);
        if (gpus.length > 0)
            return { id: 'gpu.driver', severity: 'ok', title: `GPUs: ${(0,cuda/* describeGpus */.bc)(gpus)}` };
        return {
            id: 'gpu.none',
            severity: 'error',
            title: 'nvidia-smi lists no GPU',
            fix: 'Check the hardware and the driver; set `gpus: none` for CPU runs.',
        };
    }
    catch (error) {
        return {
            id: 'gpu.driver-failed',
            severity: 'error',
            title: 'nvidia-smi answered something unexpected',
            detail: (0,errors/* errorMessage */.gJ)(error),
            fix: 'Run `nvidia-smi` on the runner and update the NVIDIA driver if it fails.',
        };
    }
}
/** The program's result, or undefined when it is not installed. */
async function tryRun(deps, file, args) {
    const result = await deps.run(file, args, { env: deps.env });
    return result.notFound ? undefined : result;
}
/**
 * Checks the runner: driver, toolkit runtime, docker access, disk, runner version. Skipped (one
 * info finding) on a runner with no NVIDIA driver that is not self-hosted: a hosted build runner.
 */
async function checkGpuRunner(deps, minFreeDiskGb) {
    const findings = [];
    const smi = await tryRun(deps, 'nvidia-smi', [...cuda/* NVIDIA_SMI_ARGS */.uV]);
    const selfHosted = deps.env.RUNNER_ENVIRONMENT === 'self-hosted';
    if (!smi && !selfHosted) {
        return [
            {
                id: 'gpu.skipped',
                severity: 'info',
                title: 'No NVIDIA driver here and not a self-hosted runner: GPU checks skipped (run doctor on the GPU runner too)',
            },
        ];
    }
    if (!smi) {
        findings.push({
            id: 'gpu.driver-missing',
            severity: 'error',
            title: 'nvidia-smi is not installed: this runner has no NVIDIA driver',
            fix: 'Install the NVIDIA driver (docs/gpu-runners.md, step 1); `nvidia-smi` must list the GPUs.',
        });
    }
    else if (smi.exitCode !== 0) {
        findings.push({
            id: 'gpu.driver-failed',
            severity: 'error',
            title: `nvidia-smi failed (exit ${smi.exitCode})`,
            detail: (smi.stderr || smi.stdout).trim(),
            fix: 'Load the NVIDIA driver (reboot after installing it); `nvidia-smi` must work.',
        });
    }
    else {
        findings.push(driverFinding(smi.stdout));
    }
    const info = await tryRun(deps, 'docker', ['info', '--format', '{{json .}}']);
    if (!info) {
        findings.push({
            id: 'gpu.docker-missing',
            severity: 'error',
            title: 'docker is not installed on this runner',
            fix: 'Install Docker Engine 20.10 or newer (docs/gpu-runners.md, step 2).',
        });
    }
    else if (info.exitCode !== 0) {
        const denied = /permission denied/i.test(info.stderr);
        findings.push(denied
            ? {
                id: 'gpu.docker-permission',
                severity: 'error',
                title: "The runner's user may not use the Docker daemon",
                detail: info.stderr.trim(),
                fix: 'sudo usermod -aG docker <runner user>, then restart the runner service. The docker group is root-equivalent: keep untrusted code off this runner (docs/gpu-runners.md#untrusted-code).',
            }
            : {
                id: 'gpu.docker-unavailable',
                severity: 'error',
                title: 'The Docker daemon did not answer `docker info`',
                detail: info.stderr.trim(),
                fix: 'sudo systemctl start docker',
            });
    }
    else {
        let parsed = {};
        try {
            parsed = JSON.parse(info.stdout);
        }
        catch {
            // Reported below as a missing runtime.
        }
        findings.push({
            id: 'gpu.docker',
            severity: 'ok',
            title: 'The Docker daemon answers (the runner user is in the docker group, which is root-equivalent)',
        });
        findings.push(parsed.Runtimes && 'nvidia' in parsed.Runtimes
            ? {
                id: 'gpu.toolkit',
                severity: 'ok',
                title: 'Docker has the nvidia runtime (NVIDIA Container Toolkit)',
            }
            : {
                id: 'gpu.toolkit-missing',
                severity: 'error',
                title: 'Docker has no nvidia runtime: `docker run --gpus` will fail',
                fix: preflight/* TOOLKIT_FIX */.tc,
            });
        const root = parsed.DockerRootDir;
        if (root) {
            try {
                const freeGb = deps.freeBytes(root) / GB;
                findings.push(freeGb >= minFreeDiskGb
                    ? {
                        id: 'gpu.disk',
                        severity: 'ok',
                        title: `${freeGb.toFixed(1)} GB free under ${root}`,
                    }
                    : {
                        id: 'gpu.disk-low',
                        severity: 'warning',
                        title: `Only ${freeGb.toFixed(1)} GB free under ${root} (min-free-disk: ${minFreeDiskGb})`,
                        fix: 'Schedule `docker system prune --all --force --filter until=72h` on the host (docs/gpu-runners.md, disk).',
                    });
            }
            catch (error) {
                findings.push({
                    id: 'gpu.disk-unknown',
                    severity: 'warning',
                    title: `Could not read free space under ${root}`,
                    detail: (0,errors/* errorMessage */.gJ)(error),
                });
            }
        }
    }
    findings.push({
        id: 'runner.version',
        severity: 'ok',
        title: `This step runs on node ${deps.nodeVersion}: the runner runs node24 actions (version 2.327.1 or newer)`,
    });
    return findings;
}

// EXTERNAL MODULE: ./src/registry/manifest.ts
var manifest = __webpack_require__(506);
;// CONCATENATED MODULE: ./src/doctor/registry.ts
/**
 * The registry half of `mode: doctor`: login, push and pull permission, proven with the registry
 * API itself and without writing anything (a blob upload is started, then cancelled).
 */


const PULL_MANIFEST_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
/** `docker login` does this: GET /v2/ with the credentials. */
async function checkLogin(host, credentials, http) {
    const who = credentials ? `as "${credentials.username}"` : 'without credentials';
    try {
        // `registryRequest` addresses /v2/<path><suffix>: an empty path and suffix is /v2/.
        const response = await (0,manifest/* registryRequest */.zy)({ host, path: '' }, '', { method: 'GET', headers: {} }, 'pull', credentials, http);
        if (response.status >= 200 && response.status < 300) {
            return { id: 'registry.login', severity: 'ok', title: `${host}: login ${who} accepted` };
        }
        return {
            id: 'registry.login-refused',
            severity: 'error',
            title: `${host}: the registry refused the login ${who} (HTTP ${response.status})`,
            detail: errorsText(response),
            fix: credentials
                ? 'The credentials above are wrong or expired: check the `username`/`password` inputs, or the cloud login findings.'
                : 'Give the registry credentials (`username`/`password`, or the cloud inputs).',
        };
    }
    catch (error) {
        return {
            id: 'registry.unreachable',
            severity: 'error',
            title: `${host}: the registry did not answer at ${(0,manifest/* registryBaseUrl */.mO)(host)}/v2/`,
            detail: (0,errors/* errorMessage */.gJ)(error),
            fix: 'Check the host in `destination`/`docker-image` and that this runner can reach it.',
        };
    }
}
/**
 * Push permission without pushing: POST /v2/<name>/blobs/uploads/ starts an upload (the
 * registry checks push access there), then DELETE on the upload URL cancels it.
 */
async function checkPush(ref, credentials, http) {
    const name = `${ref.host}/${ref.path}`;
    try {
        const started = await (0,manifest/* registryRequest */.zy)(ref, '/blobs/uploads/', { method: 'POST', headers: { 'Content-Length': '0' } }, 'pull,push', credentials, http);
        if (started.status !== 202) {
            return {
                id: 'registry.push-denied',
                severity: 'error',
                title: `${name}: no push permission (starting an upload answered HTTP ${started.status})`,
                detail: errorsText(started),
                fix: pushFix(ref.host),
            };
        }
        const location = started.headers.get('location');
        let cancelled = false;
        if (location) {
            const uploadUrl = new URL(location, `${(0,manifest/* registryBaseUrl */.mO)(ref.host)}/`);
            const upload = `${uploadUrl.pathname.replace(/^\/v2\/.*?\/blobs\/uploads\//, '/blobs/uploads/')}${uploadUrl.search}`;
            const deleted = await (0,manifest/* registryRequest */.zy)(ref, upload, { method: 'DELETE', headers: {} }, 'pull,push', credentials, http);
            cancelled = deleted.status === 204 || deleted.status === 200;
        }
        return {
            id: 'registry.push-allowed',
            severity: 'ok',
            title: `${name}: push allowed (an upload was started and ${cancelled ? 'cancelled' : 'left to expire'}; nothing was written)`,
        };
    }
    catch (error) {
        return {
            id: 'registry.push-check-failed',
            severity: 'error',
            title: `${name}: could not check push permission`,
            detail: (0,errors/* errorMessage */.gJ)(error),
        };
    }
}
function pushFix(host) {
    if (/\.dkr\.ecr\./.test(host)) {
        return 'Add ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload, ecr:BatchCheckLayerAvailability and ecr:PutImage to the role (docs/cloud-setup.md#amazon-ecr).';
    }
    if (host.endsWith('-docker.pkg.dev')) {
        return 'Grant roles/artifactregistry.writer on the repository to the identity (docs/cloud-setup.md#google-artifact-registry).';
    }
    if (host.endsWith('.azurecr.io')) {
        return 'Assign AcrPush (or "Container Registry Repository Writer" in ABAC mode) to the app (docs/cloud-setup.md#azure-container-registry).';
    }
    return 'Use credentials of a user with write access to this repository.';
}
/**
 * Pull permission: HEAD of the image's manifest. 200 proves it; 404 proves read access to the
 * repository (the tag is not there yet); 401/403 is a refusal.
 */
async function checkPull(ref, tag, credentials, http) {
    const name = `${ref.host}/${ref.path}:${tag}`;
    try {
        const response = await (0,manifest/* registryRequest */.zy)(ref, `/manifests/${encodeURIComponent(tag)}`, { method: 'HEAD', headers: { Accept: PULL_MANIFEST_TYPES } }, 'pull', credentials, http);
        if (response.status === 200) {
            return { id: 'registry.pull-allowed', severity: 'ok', title: `${name}: pull allowed` };
        }
        if (response.status === 404) {
            return {
                id: 'registry.pull-allowed',
                severity: 'ok',
                title: `${name}: read access granted (the tag does not exist yet)`,
            };
        }
        return {
            id: 'registry.pull-denied',
            severity: 'error',
            title: `${name}: no pull permission (HTTP ${response.status})`,
            detail: errorsText(response),
            fix: /\.dkr\.ecr\./.test(ref.host)
                ? 'Add ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to the role the GPU job uses (docs/cloud-setup.md#amazon-ecr).'
                : 'Give the GPU job credentials with read access to this repository.',
        };
    }
    catch (error) {
        return {
            id: 'registry.pull-check-failed',
            severity: 'error',
            title: `${name}: could not check pull permission`,
            detail: (0,errors/* errorMessage */.gJ)(error),
        };
    }
}
function errorsText(response) {
    const text = response.text.replace(/\s+/g, ' ').trim();
    return text ? text.slice(0, 300) : undefined;
}

;// CONCATENATED MODULE: ./src/doctor/findings.ts
const MARK = { ok: 'ok', info: 'info', warning: 'WARN', error: 'FAIL' };
/** Pure: the findings as log lines, problems with their fix. */
function formatFindings(findings) {
    const lines = [];
    for (const f of findings) {
        lines.push(`[${MARK[f.severity]}] ${f.id}: ${f.title}`);
        if (f.detail)
            lines.push(...indent(f.detail));
        if (f.fix)
            lines.push(...indent(`Fix: ${f.fix}`));
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    lines.push(errors + warnings === 0
        ? `doctor: no problem found (${findings.length} checks).`
        : `doctor: ${errors} error(s), ${warnings} warning(s) in ${findings.length} checks.`);
    return lines.join('\n');
}
function indent(text) {
    return text.split('\n').map((line) => `      ${line}`);
}
/** Pure: the findings as a Markdown table for the job summary. */
function findingsMarkdown(findings) {
    const cell = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\n/g, '<br>');
    const rows = findings.map((f) => `| ${MARK[f.severity]} | \`${f.id}\` | ${cell(f.title)}${f.detail ? `<br>${cell(f.detail)}` : ''} | ${f.fix ? cell(f.fix) : ''} |`);
    return ['| | check | result | fix |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
function hasErrors(findings) {
    return findings.some((f) => f.severity === 'error');
}

;// CONCATENATED MODULE: ./src/doctor/index.ts
/**
 * `mode: doctor`: with the inputs of a real run, check the whole setup — OIDC permission and
 * claims, the cloud exchange, registry login, push and pull permission, and the GPU runner — and
 * report every problem at once. Nothing is built, pushed or run.
 */







async function runDoctor(rt, inputs, options = { gpu: true }) {
    const findings = [];
    const http = { fetch: rt.fetch, sleep: rt.sleep, log: rt.log };
    const deps = {
        env: rt.env,
        fetch: rt.fetch,
        sleep: rt.sleep,
        log: rt.log,
        setSecret: rt.setSecret,
    };
    // The registries a real run logs in to: the push destination, and the image a GPU job pulls.
    const targets = [];
    const destination = inputs.destination;
    if (destination) {
        targets.push({
            host: destination.host,
            path: destination.path,
            push: true,
            tag: destination.tag ?? 'latest',
        });
    }
    const given = inputs.dockerImage ? (0,reference/* parseImageReference */.o_)(inputs.dockerImage) : undefined;
    if (given && typeof given !== 'string') {
        const tag = given.digest ?? given.tag ?? 'latest';
        const same = targets.find((t) => t.host === given.host && t.path === given.path);
        if (same)
            same.tag = tag;
        else
            targets.push({ host: given.host, path: given.path, push: false, tag });
    }
    if (targets.length === 0) {
        findings.push({
            id: 'registry.none',
            severity: 'info',
            title: 'No `destination` or `docker-image`: no registry to check',
        });
    }
    for (const target of targets) {
        const provider = (0,auth/* classifyRegistry */.Oq)(target.host);
        const cloud = await checkCloud(provider, target.path, inputs.auth, deps);
        findings.push(...cloud.findings);
        const refused = cloud.findings.some((f) => f.severity === 'error');
        if (refused && !cloud.credentials)
            continue; // no credentials to try the registry with
        const ref = { host: target.host, path: target.path };
        const login = await checkLogin(target.host, cloud.credentials, http);
        findings.push(login);
        if (login.severity === 'error')
            continue;
        if (target.push)
            findings.push(await checkPush(ref, cloud.credentials, http));
        findings.push(await checkPull(ref, target.tag, cloud.credentials, http));
    }
    if (options.gpu) {
        findings.push(...(await checkGpuRunner({
            run: rt.run,
            env: rt.env,
            freeBytes: freeBytes,
            nodeVersion: process.versions.node,
        }, inputs.minFreeDiskGb)));
    }
    return findings;
}
function freeBytes(path) {
    const stats = (0,external_node_fs_.statfsSync)(path);
    return stats.bavail * stats.bsize;
}


/***/ })

};
