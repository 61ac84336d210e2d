import { FakeHttpService, formFields, json, randomToken } from './fake-http.js';
import type { FakeResponse, RecordedRequest } from './fake-http.js';
import { verifyJwt } from './jwt.js';

export interface FederatedCredential {
  issuer: string;
  subject: string;
  audience: string;
}

export interface FakeAzureOptions {
  tenantId: string;
  /** Application (client) id → its federated credentials. */
  apps: Record<string, FederatedCredential[]>;
  oidcSigningKey: string;
  /** `<name>.azurecr.io` */
  registryHost: string;
  /** Apps with AcrPush on the registry; default all apps. */
  acrPushers?: string[];
  /** The refresh token /oauth2/exchange hands out; default random. */
  refreshToken?: string;
}

/**
 * Azure AD's v2.0 token endpoint (client credentials with a federated client assertion) and an
 * ACR's `/oauth2/exchange`, with AAD's error JSON (AADSTS codes) and ACR's `errors` shape.
 */
const ACR_SCOPE = 'https://containerregistry.azure.net/.default';
/** The AKS AAD server application (Microsoft's first-party app id), as a client-credentials scope. */
export const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
const AAD_SCOPES = [ACR_SCOPE, AKS_SCOPE];

export class FakeAzure {
  readonly login: FakeHttpService;
  readonly acr: FakeHttpService;
  readonly issuedSecrets: string[] = [];
  private readonly aadTokens = new Map<string, string>();
  /** The scope each AAD token was issued for (its audience). */
  private readonly scopes = new Map<string, string>();

  /** What a resource server learns from an AAD token it validates: the app and the audience. */
  tokenInfo(token: string): { clientId: string; audience: string } | undefined {
    const clientId = this.aadTokens.get(token);
    const scope = this.scopes.get(token);
    return clientId && scope
      ? { clientId, audience: scope.replace(/\/\.default$/, '') }
      : undefined;
  }

  constructor(readonly options: FakeAzureOptions) {
    this.login = new FakeHttpService('Azure AD', (r) => this.handleLogin(r));
    this.acr = new FakeHttpService('ACR', (r) => this.handleExchange(r));
  }

  async start(): Promise<this> {
    await Promise.all([this.login.start(), this.acr.start()]);
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.login.close(), this.acr.close()]);
  }

  private handleLogin(request: RecordedRequest): FakeResponse {
    const match = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(request.url);
    if (request.method !== 'POST' || !match) return json(404, { error: 'not_found' });
    if (decodeURIComponent(match[1] ?? '') !== this.options.tenantId) {
      return aadError(400, 'invalid_request', 90002, `Tenant '${match[1]}' not found.`);
    }
    const form = formFields(request);
    if (!form) {
      return aadError(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    }
    if (form.get('grant_type') !== 'client_credentials') {
      return aadError(
        400,
        'unsupported_grant_type',
        70003,
        'The app requested an unsupported grant type.',
      );
    }
    if (
      form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      return aadError(400, 'invalid_request', 50027, 'Invalid client_assertion_type.');
    }
    const scope = form.get('scope') ?? '';
    if (!AAD_SCOPES.includes(scope)) {
      return aadError(
        400,
        'invalid_scope',
        1002012,
        `The provided value for scope ${form.get('scope')} is not valid.`,
      );
    }
    const clientId = form.get('client_id') ?? '';
    const credentials = this.options.apps[clientId];
    if (!credentials) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.options.tenantId}'.`,
      );
    }
    const claims = verifyJwt(form.get('client_assertion') ?? '', this.options.oidcSigningKey);
    if (typeof claims === 'string') {
      return aadError(
        400,
        'invalid_client',
        700024,
        `Client assertion is not within its valid time range or invalid: ${claims}.`,
      );
    }
    const matched = credentials.some(
      (c) => c.issuer === claims.iss && c.subject === claims.sub && c.audience === claims.aud,
    );
    if (!matched) {
      return aadError(
        400,
        'invalid_request',
        70021,
        `AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${String(claims.aud)}'.`,
      );
    }
    const token = randomToken('eyJ0eXAiOiJKV1Qi.aad-', 64);
    this.aadTokens.set(token, clientId);
    this.scopes.set(token, scope);
    this.issuedSecrets.push(token);
    return json(200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: token,
    });
  }

  private handleExchange(request: RecordedRequest): FakeResponse {
    if (request.method !== 'POST' || request.url !== '/oauth2/exchange') {
      return acrError(404, 'NOT_FOUND', 'not found');
    }
    const form = formFields(request);
    if (!form || form.get('grant_type') !== 'access_token') {
      return acrError(400, 'UNSUPPORTED', 'grant_type must be access_token');
    }
    if (form.get('service') !== this.options.registryHost) {
      return acrError(400, 'UNSUPPORTED', `service must be ${this.options.registryHost}`);
    }
    if (form.get('tenant') !== this.options.tenantId) {
      return acrError(401, 'UNAUTHORIZED', 'tenant does not match the access token');
    }
    const presented = form.get('access_token') ?? '';
    // A token for another audience (the AKS server app) is not one ACR accepts.
    const clientId =
      this.scopes.get(presented) === ACR_SCOPE ? this.aadTokens.get(presented) : undefined;
    if (!clientId) return acrError(401, 'UNAUTHORIZED', 'invalid access token');
    if (this.options.acrPushers && !this.options.acrPushers.includes(clientId)) {
      return acrError(401, 'UNAUTHORIZED', 'authentication required');
    }
    const token = this.options.refreshToken ?? randomToken('acr-refresh-', 64);
    this.issuedSecrets.push(token);
    return json(200, { refresh_token: token });
  }
}

function aadError(status: number, error: string, code: number, description: string): FakeResponse {
  const text = description.startsWith('AADSTS') ? description : `AADSTS${code}: ${description}`;
  return json(status, {
    error,
    error_description: `${text} Trace ID: ${crypto.randomUUID()} Correlation ID: ${crypto.randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: crypto.randomUUID(),
    correlation_id: crypto.randomUUID(),
  });
}

function acrError(status: number, code: string, message: string): FakeResponse {
  return json(status, { errors: [{ code, message }] });
}
