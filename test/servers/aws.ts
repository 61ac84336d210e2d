import { FakeHttpService, formFields, json, mediaType, randomToken } from './fake-http.js';
import type { FakeResponse, RecordedRequest } from './fake-http.js';
import { GITHUB_ISSUER } from './github-oidc.js';
import { stringLike, verifyJwt } from './jwt.js';
import {
  parseAuthorization,
  parsePresignedQuery,
  verifyPresignedSigV4,
  verifySigV4,
} from './sigv4-verify.js';

/** A role and the web identity trust policy conditions it has. */
export interface FakeRole {
  arn: string;
  /** `token.actions.githubusercontent.com:sub` StringLike patterns. */
  subjects: string[];
  /** `token.actions.githubusercontent.com:aud`; default sts.amazonaws.com. */
  audience?: string;
  maxSessionDuration?: number;
  /** ECR actions the role's permission policy allows; default all. */
  ecrActions?: string[];
}

export interface FakeAwsOptions {
  account: string;
  region: string;
  /** Key the GitHub OIDC fake signs with (the account's OIDC provider "JWKS"). */
  oidcSigningKey: string;
  roles: FakeRole[];
  /** The docker password GetAuthorizationToken hands out; default a random one. */
  registryPassword?: string;
  repositories?: string[];
  /** Serve the ECR Public API (us-east-1) instead of a private registry's. */
  publicRegistry?: boolean;
}

interface Session {
  secretAccessKey: string;
  sessionToken: string;
  role: FakeRole;
  sessionName: string;
  expires: number;
}

/**
 * AWS STS (AssumeRoleWithWebIdentity) and the ECR API, as strict as the real ones on what the
 * action sends: form vs JSON, parameters, trust policy conditions, SigV4 signatures (verified
 * with the session keys STS issued), targets and their real error shapes.
 */
export class FakeAws {
  readonly sts: FakeHttpService;
  readonly ecr: FakeHttpService;
  readonly repositories: Set<string>;
  readonly registryPassword: string;
  /** Every secret handed out (keys, session tokens, ECR tokens), for leak checks. */
  readonly issuedSecrets: string[] = [];
  private readonly sessions = new Map<string, Session>();

  constructor(readonly options: FakeAwsOptions) {
    this.sts = new FakeHttpService('AWS STS', (r) => this.handleSts(r));
    this.ecr = new FakeHttpService('Amazon ECR', (r) => this.handleEcr(r));
    this.repositories = new Set(options.repositories ?? []);
    this.registryPassword = options.registryPassword ?? randomToken('ecr-password-', 48);
  }

  get registryHost(): string {
    return `${this.options.account}.dkr.ecr.${this.options.region}.amazonaws.com`;
  }

  async start(): Promise<this> {
    await Promise.all([this.sts.start(), this.ecr.start()]);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.sts.close(), this.ecr.close()]);
  }

  // ---- STS ----------------------------------------------------------------------------------

  private handleSts(request: RecordedRequest): FakeResponse {
    if (request.method === 'GET') return this.getCallerIdentity(request);
    if (request.method !== 'POST' || new URL(request.url, 'http://x').pathname !== '/') {
      return stsError(
        404,
        'Sender',
        'UnknownOperation',
        'The action or operation requested is invalid.',
      );
    }
    const form = formFields(request);
    if (!form) {
      return stsError(
        400,
        'Sender',
        'InvalidAction',
        'Could not find operation for version NO_VERSION_SPECIFIED',
      );
    }
    const action = form.get('Action');
    const version = form.get('Version');
    if (action !== 'AssumeRoleWithWebIdentity' || version !== '2011-06-15') {
      return stsError(
        400,
        'Sender',
        'InvalidAction',
        `Could not find operation ${action} for version ${version}`,
      );
    }
    const invalid = validateAssumeRoleParameters(form);
    if (invalid) return stsError(400, 'Sender', 'ValidationError', invalid);
    const claims = verifyJwt(form.get('WebIdentityToken') ?? '', this.options.oidcSigningKey);
    if (typeof claims === 'string') {
      return claims === 'token expired'
        ? stsError(
            400,
            'Sender',
            'ExpiredTokenException',
            'Token expired: current date/time must be before the expiration date/time.',
          )
        : stsError(400, 'Sender', 'InvalidIdentityToken', `Couldn't verify the token: ${claims}`);
    }
    if (claims.iss !== GITHUB_ISSUER) {
      return stsError(
        400,
        'Sender',
        'InvalidIdentityToken',
        `No OpenIDConnect provider found in your account for ${String(claims.iss)}`,
      );
    }
    const role = this.options.roles.find((r) => r.arn === form.get('RoleArn'));
    const audience = role?.audience ?? 'sts.amazonaws.com';
    if (role && claims.aud !== audience) {
      return stsError(400, 'Sender', 'InvalidIdentityToken', 'Incorrect token audience');
    }
    if (!role || !role.subjects.some((pattern) => stringLike(pattern, String(claims.sub)))) {
      return stsError(
        403,
        'Sender',
        'AccessDenied',
        'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      );
    }
    const duration = Number(form.get('DurationSeconds') ?? '3600');
    if (duration > (role.maxSessionDuration ?? 3600)) {
      return stsError(
        400,
        'Sender',
        'ValidationError',
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
    }
    return this.issueSession(role, String(claims.sub), form.get('RoleSessionName') ?? '', duration);
  }

  /**
   * GetCallerIdentity by presigned URL (how EKS authenticates its bearer tokens): the query
   * signature over the URL and the signed headers as sent, the session token, the expiry.
   */
  private getCallerIdentity(request: RecordedRequest): FakeResponse {
    const url = new URL(request.url, 'http://x');
    if (
      url.searchParams.get('Action') !== 'GetCallerIdentity' ||
      url.searchParams.get('Version') !== '2011-06-15'
    ) {
      return stsError(400, 'Sender', 'InvalidAction', 'Could not find operation');
    }
    const presigned = parsePresignedQuery(url);
    if (typeof presigned === 'string')
      return stsError(400, 'Sender', 'IncompleteSignature', presigned);
    const session = this.sessions.get(presigned.accessKeyId);
    if (!session || session.sessionToken !== presigned.securityToken) {
      return stsError(
        403,
        'Sender',
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    }
    if (session.expires < Date.now()) {
      return stsError(
        403,
        'Sender',
        'ExpiredToken',
        'The security token included in the request is expired',
      );
    }
    if (presigned.service !== 'sts' || presigned.region !== this.options.region) {
      return stsError(
        403,
        'Sender',
        'SignatureDoesNotMatch',
        `Credential should be scoped to a valid region and service 'sts'.`,
      );
    }
    const wrong = verifyPresignedSigV4(request, presigned, session.secretAccessKey);
    if (wrong) return stsError(403, 'Sender', 'SignatureDoesNotMatch', wrong);
    const roleName = session.role.arn.split('/').pop();
    const arn = `arn:aws:sts::${this.options.account}:assumed-role/${roleName}/${session.sessionName}`;
    const result = {
      Account: this.options.account,
      Arn: arn,
      UserId: `AROA3XFRBF535PLBIFPI4:${session.sessionName}`,
    };
    if ((request.headers.accept ?? '').includes('application/json')) {
      return json(200, {
        GetCallerIdentityResponse: {
          GetCallerIdentityResult: result,
          ResponseMetadata: { RequestId: crypto.randomUUID() },
        },
      });
    }
    const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult><Arn>${arn}</Arn><UserId>${result.UserId}</UserId><Account>${result.Account}</Account></GetCallerIdentityResult>
</GetCallerIdentityResponse>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  }

  private issueSession(
    role: FakeRole,
    sub: string,
    sessionName: string,
    duration: number,
  ): FakeResponse {
    const accessKeyId = `ASIA${randomToken('', 12)
      .replace(/[^A-Z0-9]/gi, 'X')
      .toUpperCase()
      .slice(0, 16)}`;
    const session: Session = {
      secretAccessKey: randomToken('', 30),
      sessionToken: randomToken('IQoJb3JpZ2luX2Vj', 96),
      role,
      sessionName,
      expires: Date.now() + duration * 1000,
    };
    this.sessions.set(accessKeyId, session);
    this.issuedSecrets.push(accessKeyId, session.secretAccessKey, session.sessionToken);
    const roleName = role.arn.split('/').pop();
    const body = `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:${sessionName}</AssumedRoleId>
      <Arn>arn:aws:sts::${this.options.account}:assumed-role/${roleName}/${sessionName}</Arn>
    </AssumedRoleUser>
    <Provider>arn:aws:iam::${this.options.account}:oidc-provider/token.actions.githubusercontent.com</Provider>
    <Credentials>
      <AccessKeyId>${accessKeyId}</AccessKeyId>
      <SecretAccessKey>${session.secretAccessKey}</SecretAccessKey>
      <SessionToken>${session.sessionToken}</SessionToken>
      <Expiration>${new Date(session.expires).toISOString()}</Expiration>
    </Credentials>
    <SubjectFromWebIdentityToken>${sub.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</SubjectFromWebIdentityToken>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;
    return { status: 200, headers: { 'content-type': 'text/xml' }, body };
  }

  // ---- ECR ----------------------------------------------------------------------------------

  private handleEcr(request: RecordedRequest): FakeResponse {
    const target = request.headers['x-amz-target'] ?? '';
    // ECR Public is another service (`ecr-public`, target prefix SpencerFrontendService).
    const publicApi = this.options.publicRegistry === true;
    const prefix = publicApi ? 'SpencerFrontendService.' : 'AmazonEC2ContainerRegistry_V20150921.';
    if (request.method !== 'POST' || !target.startsWith(prefix)) {
      return ecrError(400, 'com.amazon.coral.service#UnknownOperationException', null);
    }
    if (mediaType(request.headers) !== 'application/x-amz-json-1.1') {
      return ecrError(400, 'com.amazon.coral.service#UnknownOperationException', null);
    }
    const denied = this.authenticate(request);
    if (typeof denied !== 'object' || !('role' in denied)) return denied;
    const operation = target.slice(prefix.length);
    if (!(denied.role.ecrActions ?? [operation]).includes(operation)) {
      const roleName = denied.role.arn.split('/').pop();
      return ecrError(
        400,
        'AccessDeniedException',
        `User: arn:aws:sts::${this.options.account}:assumed-role/${roleName}/launch-action is not authorized to perform: ecr:${operation} because no identity-based policy allows the ecr:${operation} action`,
      );
    }
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return ecrError(400, 'com.amazon.coral.service#SerializationException', null);
    }
    switch (operation) {
      case 'GetAuthorizationToken':
        return this.getAuthorizationToken();
      case 'DescribeRepositories':
        return this.describeRepositories(input);
      case 'CreateRepository':
        return this.createRepository(input);
      default:
        return ecrError(400, 'com.amazon.coral.service#UnknownOperationException', null);
    }
  }

  /** The session a SigV4 request belongs to, or the error ECR gives. */
  private authenticate(request: RecordedRequest): FakeResponse | Session {
    const auth = parseAuthorization(request.headers.authorization);
    if (!auth)
      return ecrError(400, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const session = this.sessions.get(auth.accessKeyId);
    if (!session || request.headers['x-amz-security-token'] !== session.sessionToken) {
      return ecrError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    }
    if (session.expires < Date.now()) {
      return ecrError(
        400,
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
    }
    const service = this.options.publicRegistry ? 'ecr-public' : 'ecr';
    if (auth.region !== this.options.region || auth.service !== service) {
      return ecrError(
        400,
        'InvalidSignatureException',
        `Credential should be scoped to a valid region and service '${service}' in '${this.options.region}'.`,
      );
    }
    const wrong = verifySigV4(request, auth, session.secretAccessKey);
    if (wrong) return ecrError(403, 'InvalidSignatureException', wrong);
    return session;
  }

  private getAuthorizationToken(): FakeResponse {
    const token = Buffer.from(`AWS:${this.registryPassword}`).toString('base64');
    this.issuedSecrets.push(token, this.registryPassword);
    const expiresAt = Math.floor(Date.now() / 1000) + 12 * 3600;
    if (this.options.publicRegistry) {
      return json(
        200,
        { authorizationData: { authorizationToken: token, expiresAt } },
        { 'content-type': 'application/x-amz-json-1.1' },
      );
    }
    return json(
      200,
      {
        authorizationData: [
          {
            authorizationToken: token,
            expiresAt,
            proxyEndpoint: `https://${this.registryHost}`,
          },
        ],
      },
      { 'content-type': 'application/x-amz-json-1.1' },
    );
  }

  private describeRepositories(input: Record<string, unknown>): FakeResponse {
    if (input.registryId !== undefined && input.registryId !== this.options.account) {
      return ecrError(
        400,
        'AccessDeniedException',
        `not authorized to access registry ${String(input.registryId)}`,
      );
    }
    const names = Array.isArray(input.repositoryNames)
      ? (input.repositoryNames as string[])
      : [...this.repositories];
    const missing = names.find((name) => !this.repositories.has(name));
    if (missing) {
      return ecrError(
        400,
        'RepositoryNotFoundException',
        `The repository with name '${missing}' does not exist in the registry with id '${this.options.account}'`,
      );
    }
    return json(200, { repositories: names.map((name) => this.repositoryJson(name)) });
  }

  private createRepository(input: Record<string, unknown>): FakeResponse {
    const name = input.repositoryName;
    if (
      typeof name !== 'string' ||
      !/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/.test(name)
    ) {
      return ecrError(
        400,
        'InvalidParameterException',
        `Invalid parameter at 'repositoryName' failed to satisfy constraint`,
      );
    }
    if (this.repositories.has(name)) {
      return ecrError(
        400,
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${this.options.account}'`,
      );
    }
    this.repositories.add(name);
    return json(200, { repository: this.repositoryJson(name) });
  }

  private repositoryJson(name: string) {
    const { account, region } = this.options;
    return {
      repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
      registryId: account,
      repositoryName: name,
      repositoryUri: `${this.registryHost}/${name}`,
      imageTagMutability: 'MUTABLE',
    };
  }
}

function validateAssumeRoleParameters(form: URLSearchParams): string | undefined {
  const roleArn = form.get('RoleArn');
  const sessionName = form.get('RoleSessionName');
  const token = form.get('WebIdentityToken');
  const duration = form.get('DurationSeconds');
  if (!roleArn)
    return "1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null";
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(roleArn)) {
    return `Request ARN is invalid`;
  }
  if (!sessionName || !/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    return `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`;
  }
  if (!token || token.length < 4) {
    return "1 validation error detected: Value null at 'webIdentityToken' failed to satisfy constraint: Member must not be null";
  }
  if (
    duration !== null &&
    (!/^\d+$/.test(duration) || Number(duration) < 900 || Number(duration) > 43200)
  ) {
    return `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`;
  }
  return undefined;
}

/** STS's XML error document. */
function stsError(status: number, type: string, code: string, message: string): FakeResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>${type}</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>${crypto.randomUUID()}</RequestId>
</ErrorResponse>`,
  };
}

/** ECR's JSON 1.1 error document. */
function ecrError(status: number, type: string, message: string | null): FakeResponse {
  return json(status, { __type: type, message }, { 'content-type': 'application/x-amz-json-1.1' });
}
