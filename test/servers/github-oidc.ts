import { FakeHttpService, json } from './fake-http.js';
import type { RecordedRequest } from './fake-http.js';
import { signJwt } from './jwt.js';
import type { Claims } from './jwt.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

export interface GithubOidcOptions {
  /** What the runner puts in ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** Key the fake clouds verify tokens with. */
  signingKey: string;
  repository: string;
  /** Default: `repo:<repository>:ref:refs/heads/main`. */
  sub?: string;
  ref?: string;
  /** Numeric ids GitHub puts in `repository_owner_id` / `repository_id` (strings in the token). */
  ownerId?: string;
  repositoryId?: string;
  /** Default: this repository's `.github/workflows/train.yml@<ref>`. */
  jobWorkflowRef?: string;
}

/**
 * The runner's OIDC token endpoint: `GET <ACTIONS_ID_TOKEN_REQUEST_URL>&audience=<aud>` with the
 * request token as bearer → `{"value": <JWT>}`; 401 without a valid bearer, 400 without audience.
 */
export class FakeGithubOidc {
  readonly service: FakeHttpService;
  /** Every JWT handed out, so leak tests can look for them. */
  readonly issued: string[] = [];

  constructor(readonly options: GithubOidcOptions) {
    this.service = new FakeHttpService('GitHub OIDC', (request) => this.handle(request));
  }

  async start(): Promise<this> {
    await this.service.start();
    return this;
  }

  close(): Promise<void> {
    return this.service.close();
  }

  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query, as on a real runner). */
  get requestUrl(): string {
    return `${this.service.url}/_apis/distributedtask/hubs/build/plans/p1/jobs/j1/idtoken?api-version=2.0`;
  }

  get sub(): string {
    return (
      this.options.sub ??
      `repo:${this.options.repository}:ref:${this.options.ref ?? 'refs/heads/main'}`
    );
  }

  /** A token as this issuer would sign it, for tests that call a cloud directly. */
  mint(audience: string, overrides: Claims = {}): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Claims = {
      iss: GITHUB_ISSUER,
      aud: audience,
      sub: this.sub,
      repository: this.options.repository,
      repository_owner: this.options.repository.split('/')[0],
      repository_owner_id: this.options.ownerId ?? '81234567',
      repository_id: this.options.repositoryId ?? '712345678',
      ref: this.options.ref ?? 'refs/heads/main',
      job_workflow_ref:
        this.options.jobWorkflowRef ??
        `${this.options.repository}/.github/workflows/train.yml@${this.options.ref ?? 'refs/heads/main'}`,
      sha: '0123456789abcdef0123456789abcdef01234567',
      workflow: 'train',
      event_name: 'push',
      iat: now,
      nbf: now - 5,
      exp: now + 300,
      ...overrides,
    };
    const token = signJwt(claims, this.options.signingKey);
    this.issued.push(token);
    return token;
  }

  private handle(request: RecordedRequest) {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (request.method !== 'GET' || !url.pathname.endsWith('/idtoken')) {
      return json(404, { message: 'Not Found' });
    }
    if (request.headers.authorization !== `Bearer ${this.options.requestToken}`) {
      return json(401, { message: 'Bad credentials' });
    }
    if (url.searchParams.get('api-version') !== '2.0') {
      return json(400, { message: 'api-version is required' });
    }
    const audience = url.searchParams.get('audience');
    if (!audience) return json(400, { message: 'audience is required' });
    return json(200, { count: 1, value: this.mint(audience) });
  }
}
