import {
  classifyRegistry,
  prepareRepository,
  resolveRegistryCredentials,
  type AuthDeps,
  type AuthInputs,
} from '../auth/index.js';
import { parseImageReference, type ImageReference } from '../image/reference.js';
import type { Runtime } from '../platform/runtime.js';
import { STATE } from '../platform/state.js';
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

export async function openRegistrySession(
  rt: Runtime,
  inputs: RegistryTargets,
  options: { credentialHelperTimeoutMs?: number } = {},
): Promise<RegistrySession> {
  const dockerConfig = await createDockerConfig(rt.tempDir, rt.env);
  rt.saveState(STATE.dockerConfig, dockerConfig);
  const credentials = new Map<string, BasicCredentials & { registry: string }>();
  const fromDocker = new Map<string, Promise<BasicCredentials | undefined>>();
  let loggedIn: Promise<void> | undefined;
  const session: RegistrySession = {
    dockerConfig,
    credentialsFor: (host) => {
      const own = credentials.get(host);
      if (own) return Promise.resolve(own);
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
        // (it would outlive the job there, or the helper refuses to store).
        await keepLoginsInFile(dockerConfig, [...credentials.keys()]);
        for (const found of credentials.values()) {
          await dockerLogin(rt.run, dockerConfig, found, rt.env);
          rt.log.info(`Logged in to ${found.registry} as ${found.username}.`);
        }
      })()),
    // The logins live only in this directory, so removing it is the logout (no docker CLI
    // round trip); the post step repeats it if this step never got here.
    close: () => removeDockerConfig(dockerConfig),
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
      const found = await resolveRegistryCredentials(
        provider,
        target.path,
        target.host === passwordHost(inputs) ? inputs.auth : withoutPassword(inputs.auth),
        deps,
      );
      if (found) {
        rt.setSecret(found.password);
        credentials.set(target.host, found);
        rt.log.info(`Credentials for ${found.registry} (${found.username}) obtained.`);
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
