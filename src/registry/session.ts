import {
  classifyRegistry,
  prepareRepository,
  resolveRegistryCredentials,
  type AuthDeps,
  type AuthInputs,
  type RegistryCredentials,
} from '../auth/index.js';
import { parseImageReference, type ImageReference } from '../image/reference.js';
import type { Runtime } from '../platform/runtime.js';
import { STATE } from '../platform/state.js';
import {
  dockerEnvironment,
  installCredentialHelper,
  refreshDelayMs,
  useCredentialHelper,
  type CredentialHelper,
} from './credential-helper.js';
import { dockerCredentials } from './credential-store.js';
import {
  createDockerConfig,
  dockerLogin,
  keepLoginsInFile,
  removeDockerConfig,
} from './docker-config.js';
import type { BasicCredentials } from './manifest.js';

/** What the registry side needs of the inputs: where images go, where a given one comes from. */
export interface RegistryTargets {
  destination?: ImageReference;
  dockerImage?: string;
  /**
   * The one registry host `username`/`password` belong to: the destination's when there is one
   * (pushed to or not), else the given image's. No other host ever receives them.
   */
  passwordHost?: string;
  auth: AuthInputs;
}

/**
 * The registry side of a job: a private docker config, the logins made into it, and the
 * credentials that the exists-lookup uses. `close` removes it all (that is the logout).
 */
export interface RegistrySession {
  dockerConfig: string;
  /**
   * The environment for docker commands: DOCKER_CONFIG, and first on PATH the credential helper
   * that answers the short-lived cloud tokens after `login`.
   */
  dockerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  /**
   * The credentials for one registry host: this step's login for it, else what docker itself
   * would use (docker config `auths`, `credsStore`, `credHelpers`). Throws when a credential
   * helper fails, so a lookup can say why it could not look.
   */
  credentialsFor(host: string): Promise<BasicCredentials | undefined>;
  /**
   * `docker login` into the private config, once, for docker commands that need it (build, push,
   * pull). The exists-lookup does not: a relaunch that finds its image never runs the docker CLI.
   */
  login(): Promise<void>;
  close(): Promise<void>;
}

/** A login of this step, and how to mint it again when it has a short life. */
interface OwnLogin {
  credentials: RegistryCredentials;
  obtainedAt: number;
  remint: () => Promise<RegistryCredentials | undefined>;
  refreshing?: Promise<RegistryCredentials>;
  timer?: NodeJS.Timeout;
}

// After a failed refresh, try again after this long (or sooner, before the token runs out).
const RETRY_REFRESH_MS = 30_000;

export async function openRegistrySession(
  rt: Runtime,
  inputs: RegistryTargets,
  options: { credentialHelperTimeoutMs?: number } = {},
): Promise<RegistrySession> {
  const dockerConfig = await createDockerConfig(rt.tempDir, rt.env);
  rt.saveState(STATE.dockerConfig, dockerConfig);
  const logins = new Map<string, OwnLogin>();
  const fromDocker = new Map<string, Promise<BasicCredentials | undefined>>();
  let loggedIn: Promise<void> | undefined;
  let helper: CredentialHelper | undefined;
  let closed = false;

  const expiring = () => [...logins].filter(([, login]) => login.credentials.expiresAt);
  const writeTokens = async () => {
    if (!helper) return;
    await helper.writeTokens(new Map(expiring().map(([host, login]) => [host, login.credentials])));
  };
  const pastHalfLife = (login: OwnLogin) =>
    login.credentials.expiresAt !== undefined &&
    refreshDelayMs({ ...login, expiresAt: login.credentials.expiresAt }, Date.now()) === 0;
  const refresh = (host: string, login: OwnLogin): Promise<RegistryCredentials> =>
    (login.refreshing ??= (async () => {
      try {
        const obtainedAt = Date.now();
        const fresh = await login.remint();
        if (!fresh) throw new Error(`no credentials for ${host}`);
        rt.setSecret(fresh.password);
        login.credentials = fresh;
        login.obtainedAt = obtainedAt;
        await writeTokens();
        rt.log.info(`Refreshed the login for ${host}${expiryText(fresh.expiresAt)}.`);
        schedule(host, login);
        return fresh;
      } catch (error) {
        rt.log.warning(
          `Could not refresh the login for ${host}${expiryText(login.credentials.expiresAt)}: ${(error as Error).message}`,
        );
        schedule(host, login, RETRY_REFRESH_MS);
        return login.credentials;
      } finally {
        login.refreshing = undefined;
      }
    })());
  const schedule = (host: string, login: OwnLogin, retryMs?: number) => {
    clearTimeout(login.timer);
    const expiresAt = login.credentials.expiresAt;
    if (closed || expiresAt === undefined) return;
    const now = Date.now();
    const delay =
      retryMs === undefined
        ? refreshDelayMs({ obtainedAt: login.obtainedAt, expiresAt }, now)
        : Math.min(retryMs, Math.max(1_000, (expiresAt - now) / 4));
    // unref: a pending refresh never keeps the step alive.
    login.timer = setTimeout(() => void refresh(host, login), delay);
    login.timer.unref();
  };

  const session: RegistrySession = {
    dockerConfig,
    dockerEnv: (env) => dockerEnvironment(env, dockerConfig),
    credentialsFor: async (host) => {
      const own = logins.get(host);
      if (own) {
        // A lookup after a long build (the assemble append) must not use a token about to expire.
        return pastHalfLife(own) ? refresh(host, own) : own.credentials;
      }
      let found = fromDocker.get(host);
      if (!found) {
        found = dockerCredentials(
          dockerConfig,
          host,
          rt.run,
          rt.env,
          options.credentialHelperTimeoutMs,
        );
        fromDocker.set(host, found);
      }
      return found;
    },
    login: () =>
      (loggedIn ??= (async () => {
        // A login goes into this directory's file, never into a credential helper of the user's
        // (it would outlive the job there, or the helper refuses to store). Short-lived cloud
        // tokens go to our own helper instead, which docker asks at push time.
        const refreshed = expiring().map(([host]) => host);
        const fixed = [...logins.keys()].filter((host) => !refreshed.includes(host));
        await keepLoginsInFile(dockerConfig, fixed);
        if (refreshed.length > 0) {
          helper = await installCredentialHelper(dockerConfig);
          await writeTokens();
          await useCredentialHelper(dockerConfig, helper, refreshed);
        }
        for (const [host, login] of logins) {
          if (pastHalfLife(login)) await refresh(host, login);
          // With the helper, docker login checks the token and hands it to the helper's `store`,
          // which keeps nothing: the helper answers from tokens.json.
          await dockerLogin(rt.run, dockerConfig, login.credentials, session.dockerEnv(rt.env));
          rt.log.info(
            `Logged in to ${login.credentials.registry} as ${login.credentials.username}${
              refreshed.includes(host) ? ' (the token is refreshed until the step ends)' : ''
            }.`,
          );
        }
      })()),
    // The logins live only in this directory, so removing it is the logout (no docker CLI
    // round trip); the post step repeats it if this step never got here.
    close: () => {
      closed = true;
      for (const login of logins.values()) clearTimeout(login.timer);
      return removeDockerConfig(dockerConfig);
    },
  };
  const deps: AuthDeps = {
    env: rt.env,
    fetch: rt.fetch,
    sleep: rt.sleep,
    log: rt.log,
    setSecret: rt.setSecret,
  };
  try {
    for (const target of loginTargets(inputs)) {
      const provider = classifyRegistry(target.host);
      const auth =
        target.host === passwordHost(inputs) ? inputs.auth : withoutPassword(inputs.auth);
      const obtainedAt = Date.now();
      const found = await resolveRegistryCredentials(provider, target.path, auth, deps);
      if (found) {
        rt.setSecret(found.password);
        const login: OwnLogin = {
          credentials: found,
          obtainedAt,
          // A new deps object: a cached cloud session (AWS role) is not reused past its life.
          remint: () => resolveRegistryCredentials(provider, target.path, auth, { ...deps }),
        };
        logins.set(target.host, login);
        schedule(target.host, login);
        rt.log.info(
          `Credentials for ${found.registry} (${found.username}) obtained${expiryText(found.expiresAt)}.`,
        );
      } else {
        rt.log.info(
          `No login for ${target.host}: using the job's existing docker credentials, if any.`,
        );
      }
      if (target.isDestination) await prepareRepository(provider, target.path, inputs.auth, deps);
    }
  } catch (error) {
    await session.close();
    throw error;
  }
  return session;
}

function expiryText(expiresAt: number | undefined): string {
  return expiresAt === undefined ? '' : ` (valid until ${new Date(expiresAt).toISOString()})`;
}

/** The host `username`/`password` are for. */
function passwordHost(inputs: RegistryTargets): string | undefined {
  if (inputs.passwordHost !== undefined) return inputs.passwordHost;
  if (inputs.destination) return inputs.destination.host;
  const given = inputs.dockerImage ? parseImageReference(inputs.dockerImage) : undefined;
  return given && typeof given !== 'string' ? given.host : undefined;
}

function withoutPassword(auth: AuthInputs): AuthInputs {
  const rest = { ...auth };
  delete rest.username;
  delete rest.password;
  return rest;
}

function loginTargets(
  inputs: RegistryTargets,
): { host: string; path: string; isDestination: boolean }[] {
  const targets: { host: string; path: string; isDestination: boolean }[] = [];
  const destination = inputs.destination;
  if (destination)
    targets.push({ host: destination.host, path: destination.path, isDestination: true });
  const given = inputs.dockerImage ? parseImageReference(inputs.dockerImage) : undefined;
  if (
    given &&
    typeof given !== 'string' &&
    given.host !== destination?.host &&
    given.host !== 'docker.io'
  ) {
    targets.push({ host: given.host, path: given.path, isDestination: false });
  }
  return targets;
}
