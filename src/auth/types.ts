import type { HttpDeps } from '../platform/http.js';
import type { Logger } from '../platform/runtime.js';

/** Registry login settings, as read from the action inputs (see readAuthInputs). */
export interface AuthInputs {
  username?: string;
  password?: string;
  githubToken?: string;
  awsRoleArn?: string;
  awsRegion?: string;
  awsSessionName: string;
  awsRoleDuration: number;
  createRepository: boolean;
  gcpWorkloadIdentityProvider?: string;
  gcpServiceAccount?: string;
  azureClientId?: string;
  azureTenantId?: string;
}

/** Which kind of registry a destination host is; decides the login chain. */
export type RegistryProvider =
  | { kind: 'ecr'; account: string; region: string; host: string }
  | { kind: 'gar'; location: string; host: string }
  | { kind: 'acr'; name: string; host: string }
  | { kind: 'ghcr'; host: string }
  | { kind: 'generic'; host: string };

/** What `docker login <registry> -u <username> --password-stdin` needs. */
export interface RegistryCredentials {
  registry: string;
  username: string;
  password: string;
  /**
   * When the password stops working (ms since the epoch), for cloud tokens with a short life;
   * absent for passwords that do not expire on their own (inputs, GITHUB_TOKEN).
   */
  expiresAt?: number;
}

type AuthLogger = Pick<Logger, 'info' | 'warning' | 'debug'>;

/** The I/O the login chains use, injected so tests point them at local servers. */
export interface AuthDeps extends HttpDeps {
  /** ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN, GITHUB_REPOSITORY, GITHUB_ACTOR, internal test endpoints. */
  env: NodeJS.ProcessEnv;
  log: AuthLogger;
  /** core.setSecret in production. */
  setSecret: (secret: string) => void;
}
