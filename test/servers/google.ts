import { FakeHttpService, json, jsonBody, randomToken } from './fake-http.js';
import type { FakeResponse, RecordedRequest } from './fake-http.js';
import { GITHUB_ISSUER } from './github-oidc.js';
import { verifyJwt } from './jwt.js';

export interface FakeGoogleOptions {
  /** `projects/<number>/locations/global/workloadIdentityPools/<pool>/providers/<provider>`. */
  provider: string;
  oidcSigningKey: string;
  /** The provider's attribute condition: repositories whose tokens it accepts. */
  allowedRepositories: string[];
  /** Service account email → members holding roles/iam.workloadIdentityUser on it. */
  serviceAccounts: Record<string, string[]>;
  /** The access token generateAccessToken hands out; default random. */
  accessToken?: string;
  /** How long a generateAccessToken token lives (its `expireTime`); default one hour. */
  tokenLifetimeMs?: number;
}

interface FederatedIdentity {
  sub: string;
  repository: string;
}

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Google STS (`/v1/token`, token exchange) and IAM Credentials (`generateAccessToken`), checking
 * the JSON bodies, grant and token types, the audience against the provider, and the
 * workloadIdentityUser binding, with Google's error shapes.
 */
export class FakeGoogle {
  readonly sts: FakeHttpService;
  readonly iamCredentials: FakeHttpService;
  readonly issuedSecrets: string[] = [];
  private readonly federated = new Map<string, FederatedIdentity>();
  private readonly serviceAccountTokens = new Map<string, string>();
  /** generateAccessToken tokens in the order issued, with when each stops working. */
  readonly serviceAccountIssued: { token: string; issuedAt: number; expiresAt: number }[] = [];

  /** Whether a service account token was issued here and has not expired (what GAR checks). */
  isLive(token: string): boolean {
    const now = Date.now();
    return this.serviceAccountIssued.some((t) => t.token === token && t.expiresAt > now);
  }

  /**
   * Who an access token this fake issued belongs to, as Google's token validation tells a
   * resource server (GKE): the service account's email, or the federated principal.
   */
  identityOf(token: string): string | undefined {
    const email = this.serviceAccountTokens.get(token);
    if (email) return email;
    const federated = this.federated.get(token);
    return federated
      ? `principal://iam.googleapis.com/${this.pool}/subject/${federated.sub}`
      : undefined;
  }

  constructor(readonly options: FakeGoogleOptions) {
    this.sts = new FakeHttpService('Google STS', (r) => this.handleSts(r));
    this.iamCredentials = new FakeHttpService('IAM Credentials', (r) => this.handleIam(r));
  }

  get pool(): string {
    return this.options.provider.replace(/\/providers\/[^/]+$/, '');
  }

  async start(): Promise<this> {
    await Promise.all([this.sts.start(), this.iamCredentials.start()]);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.sts.close(), this.iamCredentials.close()]);
  }

  private handleSts(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST' || request.url !== '/v1/token') {
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    }
    const body = jsonBody(request);
    if (!body) return oauthError('invalid_request', 'Request body must be JSON (or a form).');
    if (body.grantType !== 'urn:ietf:params:oauth:grant-type:token-exchange') {
      return oauthError(
        'unsupported_grant_type',
        `Invalid value for "grant_type": ${String(body.grantType)}`,
      );
    }
    if (body.subjectTokenType !== 'urn:ietf:params:oauth:token-type:jwt') {
      return oauthError('invalid_request', 'Invalid value for "subject_token_type".');
    }
    if (body.requestedTokenType !== 'urn:ietf:params:oauth:token-type:access_token') {
      return oauthError('invalid_request', 'Invalid value for "requested_token_type".');
    }
    if (body.scope !== CLOUD_PLATFORM) return oauthError('invalid_scope', 'Invalid scope.');
    const expectedAudience = `//iam.googleapis.com/${this.options.provider}`;
    if (body.audience !== expectedAudience) {
      return oauthError(
        'invalid_target',
        'The target service indicated by the "audience" parameters is invalid. This might either be because the pool or provider is disabled or deleted or because it doesn\'t exist.',
      );
    }
    const claims = verifyJwt(String(body.subjectToken ?? ''), this.options.oidcSigningKey);
    if (typeof claims === 'string')
      return oauthError('invalid_grant', `ID Token is invalid: ${claims}.`);
    if (claims.iss !== GITHUB_ISSUER)
      return oauthError(
        'invalid_grant',
        'The issuer in ID Token does not match the expected issuer.',
      );
    const tokenAudience = `https://iam.googleapis.com/${this.options.provider}`;
    if (claims.aud !== tokenAudience) {
      return oauthError(
        'invalid_grant',
        `The audience in ID Token [${String(claims.aud)}] does not match the expected audience ${tokenAudience}.`,
      );
    }
    const repository = String(claims.repository);
    if (!this.options.allowedRepositories.includes(repository)) {
      return oauthError(
        'unauthorized_client',
        'The given credential is rejected by the attribute condition.',
      );
    }
    const token = randomToken('ya29.d.federated-', 64);
    this.federated.set(token, { sub: String(claims.sub), repository });
    this.issuedSecrets.push(token);
    return json(200, {
      access_token: token,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      token_type: 'Bearer',
      expires_in: 3599,
    });
  }

  private handleIam(request: RecordedRequest): FakeResponse {
    const match = /^\/v1\/projects\/-\/serviceAccounts\/([^/:]+):generateAccessToken$/.exec(
      request.url,
    );
    if (request.method !== 'POST' || !match?.[1]) {
      return googleError(404, 'NOT_FOUND', 'Requested entity was not found.');
    }
    const identity = this.federated.get(
      (request.headers.authorization ?? '').replace(/^Bearer /, ''),
    );
    if (!identity) {
      return googleError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    }
    const body = jsonBody(request);
    if (!body || !Array.isArray(body.scope) || !body.scope.includes(CLOUD_PLATFORM)) {
      return googleError(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.');
    }
    const email = decodeURIComponent(match[1]);
    const members = this.options.serviceAccounts[email] ?? [];
    const principal = `principal://iam.googleapis.com/${this.pool}/subject/${identity.sub}`;
    const principalSet = `principalSet://iam.googleapis.com/${this.pool}/attribute.repository/${identity.repository}`;
    if (!members.includes(principal) && !members.includes(principalSet)) {
      return googleError(
        403,
        'PERMISSION_DENIED',
        "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).",
      );
    }
    const token = this.options.accessToken ?? randomToken('ya29.c.sa-', 64);
    this.issuedSecrets.push(token);
    this.serviceAccountTokens.set(token, email);
    const issuedAt = Date.now();
    const expiresAt = issuedAt + (this.options.tokenLifetimeMs ?? 3600_000);
    this.serviceAccountIssued.push({ token, issuedAt, expiresAt });
    return json(200, { accessToken: token, expireTime: new Date(expiresAt).toISOString() });
  }
}

function oauthError(error: string, description: string): FakeResponse {
  return json(400, { error, error_description: description });
}

function googleError(code: number, status: string, message: string): FakeResponse {
  return json(code, { error: { code, message, status } });
}
