import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  excerpt,
  formBody,
  HttpError,
  parseJson,
  sendWithContext,
  stringField,
} from '../platform/http.js';
import type { HttpResponse } from '../platform/http.js';
import { describeClaims, repositorySubjectPatterns } from './oidc.js';
import type { IdToken } from './oidc.js';
import type { AuthDeps } from './types.js';

/** The audience AWS STS expects in a GitHub OIDC token. */
export const AWS_AUDIENCE = 'sts.amazonaws.com';

/** The request shape the signer takes (`presign` is not overloaded, unlike `sign`). */
type SignableRequest = Parameters<SignatureV4['presign']>[0];

export interface AwsSessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
}

export interface AssumeRoleRequest {
  stsEndpoint: string;
  roleArn: string;
  sessionName: string;
  durationSeconds: number;
  idToken: IdToken;
}

/** STS answers 400 with these codes for conditions that pass on their own. */
const RETRYABLE_STS_CODES = new Set(['Throttling', 'IDPCommunicationError']);

/** STS AssumeRoleWithWebIdentity: unsigned form POST, XML answer. Masks the credentials. */
export async function assumeRoleWithWebIdentity(
  deps: AuthDeps,
  request: AssumeRoleRequest,
): Promise<AwsSessionCredentials> {
  const context = `Could not assume role ${request.roleArn} with web identity`;
  const response = await sendWithContext(
    deps,
    context,
    {
      method: 'POST',
      url: `${request.stsEndpoint}/`,
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        Accept: 'application/xml',
      },
      body: formBody({
        Action: 'AssumeRoleWithWebIdentity',
        Version: '2011-06-15',
        RoleArn: request.roleArn,
        RoleSessionName: request.sessionName,
        WebIdentityToken: request.idToken.jwt,
        DurationSeconds: String(request.durationSeconds),
      }),
    },
    {
      retryable: (r) => r.status === 400 && RETRYABLE_STS_CODES.has(xmlText(r.text, 'Code') ?? ''),
    },
  );
  if (response.status !== 200) throw stsRefusal(context, request, response);
  const credentials = {
    accessKeyId: xmlText(response.text, 'AccessKeyId'),
    secretAccessKey: xmlText(response.text, 'SecretAccessKey'),
    sessionToken: xmlText(response.text, 'SessionToken'),
    expiration: xmlText(response.text, 'Expiration') ?? '',
  };
  if (!credentials.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken) {
    // No excerpt of the answer here: it may hold part of the credentials.
    throw new Error(
      `${context}: the STS answer lacks AccessKeyId, SecretAccessKey or SessionToken`,
    );
  }
  deps.setSecret(credentials.accessKeyId);
  deps.setSecret(credentials.secretAccessKey);
  deps.setSecret(credentials.sessionToken);
  return credentials as AwsSessionCredentials;
}

function stsRefusal(context: string, request: AssumeRoleRequest, response: HttpResponse): Error {
  const code = xmlText(response.text, 'Code') ?? `HTTP ${response.status}`;
  const message = xmlText(response.text, 'Message') ?? excerpt(response.text).replace(/^: /, '');
  const lines = [`${context}: ${code}: ${message}`];
  const { claims } = request.idToken;
  if (code === 'AccessDenied' || code === 'InvalidIdentityToken') {
    const account = request.roleArn.split(':')[4] ?? '<account>';
    const partition = request.roleArn.split(':')[1] || 'aws';
    const patterns = repositorySubjectPatterns(claims);
    lines.push(
      `The trust policy of the role in input \`aws-role-arn\` (${request.roleArn}) must accept this ` +
        `job's token: ${describeClaims(claims)}. A Condition that accepts exactly this job:`,
      `    "StringEquals": { "token.actions.githubusercontent.com:aud": "${AWS_AUDIENCE}" }`,
      `    "StringLike": { "token.actions.githubusercontent.com:sub": "${claims.sub ?? '<sub>'}" }`,
    );
    if (patterns.length > 0) {
      lines.push(
        `or every workflow of the repository: "token.actions.githubusercontent.com:sub": ${JSON.stringify(patterns)}` +
          (patterns.length > 1
            ? ' (the name-only subject this token has, and the immutable one GitHub issues once the repository opts in or is renamed)'
            : ' (this token has the immutable subject, with the owner and repository ids)'),
      );
    }
    lines.push(
      'Owner and repository names are case-sensitive in these conditions. The role must also trust ' +
        `the OIDC provider arn:${partition}:iam::${account}:oidc-provider/token.actions.githubusercontent.com ` +
        `with client id ${AWS_AUDIENCE} (see docs/cloud-setup.md).`,
    );
  } else if (code === 'ValidationError' && /DurationSeconds/i.test(message)) {
    lines.push("Lower input `aws-role-duration` to at most the role's maximum session duration.");
  }
  return new HttpError(lines.join('\n'), response.status, response.text);
}

/** Pure: the text of the first `<tag>` element, XML entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  if (!match?.[1]) return undefined;
  return match[1]
    .trim()
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Which ECR API: private registries, or ECR Public (different service name and target prefix). */
export interface EcrApi {
  endpoint: string;
  region: string;
  service: 'ecr' | 'ecr-public';
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921' | 'SpencerFrontendService';
}

/** An ECR JSON 1.1 API error: `__type` (namespace dropped) and message. */
export class EcrApiError extends HttpError {
  constructor(
    message: string,
    status: number,
    body: string,
    readonly type: string,
  ) {
    super(message, status, body);
    this.name = 'EcrApiError';
  }
}

/** One SigV4-signed ECR JSON 1.1 call. Returns the parsed answer; throws EcrApiError otherwise. */
export async function callEcr(
  deps: AuthDeps,
  api: EcrApi,
  credentials: AwsSessionCredentials,
  operation: string,
  input: Record<string, unknown>,
): Promise<unknown> {
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
    },
    region: api.region,
    service: api.service,
    sha256: Sha256,
  });
  const url = new URL(`${api.endpoint}/`);
  const body = JSON.stringify(input);
  const buildRequest = async () => {
    const unsigned: SignableRequest = {
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
    return { method: 'POST' as const, url: url.toString(), headers, body };
  };
  const response = await sendWithContext(deps, operation, buildRequest, {
    retryable: (r) => r.status === 400 && /Throttling/.test(ecrErrorType(r.text)),
  });
  if (response.status === 200) return parseJson(response.text);
  const type = ecrErrorType(response.text) || `HTTP ${response.status}`;
  const message =
    stringField(parseJson(response.text), 'message') ??
    stringField(parseJson(response.text), 'Message');
  throw new EcrApiError(
    `${operation}: ${type}${message ? `: ${message}` : excerpt(response.text)}`,
    response.status,
    response.text,
    type,
  );
}

function ecrErrorType(text: string): string {
  const type = stringField(parseJson(text), '__type') ?? '';
  return type.slice(type.lastIndexOf('#') + 1);
}

/** ECR GetAuthorizationToken → docker credentials (`AWS` and the decoded password), masked. */
export async function getEcrLogin(
  deps: AuthDeps,
  api: EcrApi,
  credentials: AwsSessionCredentials,
): Promise<{ username: string; password: string; expiresAt?: number }> {
  const answer = await callEcr(deps, api, credentials, 'GetAuthorizationToken', {});
  const data = (answer as { authorizationData?: unknown } | undefined)?.authorizationData;
  // Private ECR answers a list (one per registry); ECR Public a single object.
  const first: unknown = Array.isArray(data) ? data[0] : data;
  const token = stringField(first, 'authorizationToken');
  if (!token)
    throw new Error(
      'GetAuthorizationToken: the answer has no authorizationData.authorizationToken',
    );
  deps.setSecret(token);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('GetAuthorizationToken: the token is not base64 "user:password"');
  const password = decoded.slice(colon + 1);
  deps.setSecret(password);
  // ECR says when the token expires in epoch seconds (12 hours after it was issued).
  const expiresAt = (first as { expiresAt?: unknown } | undefined)?.expiresAt;
  return {
    username: decoded.slice(0, colon),
    password,
    expiresAt: typeof expiresAt === 'number' ? expiresAt * 1000 : undefined,
  };
}

const ECR_REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** DescribeRepositories, then CreateRepository when it is missing and creation is allowed. */
export async function ensureEcrRepository(
  deps: AuthDeps,
  api: EcrApi,
  credentials: AwsSessionCredentials,
  target: { account: string; name: string; create: boolean },
): Promise<'exists' | 'created'> {
  if (
    !ECR_REPOSITORY_NAME.test(target.name) ||
    target.name.length < 2 ||
    target.name.length > 256
  ) {
    throw new Error(
      `"${target.name}" is not a valid ECR repository name: 2-256 lowercase letters, digits and . _ - / separators`,
    );
  }
  const registry = target.account ? { registryId: target.account } : {};
  try {
    await callEcr(deps, api, credentials, 'DescribeRepositories', {
      ...registry,
      repositoryNames: [target.name],
    });
    return 'exists';
  } catch (error) {
    if (!(error instanceof EcrApiError) || error.type !== 'RepositoryNotFoundException')
      throw error;
  }
  if (!target.create) {
    throw new Error(
      `ECR repository "${target.name}" does not exist in ${target.account || 'ECR Public'}: create it, or set \`create-repository: true\` (the role then needs ecr:CreateRepository).`,
    );
  }
  try {
    await callEcr(deps, api, credentials, 'CreateRepository', {
      ...registry,
      repositoryName: target.name,
    });
  } catch (error) {
    // Another job created it between the two calls.
    if (error instanceof EcrApiError && error.type === 'RepositoryAlreadyExistsException')
      return 'exists';
    throw error;
  }
  deps.log.info(`Created ECR repository ${target.name}`);
  return 'created';
}
