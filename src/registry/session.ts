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
import {
  createDockerConfig,
  dockerLogin,
  removeDockerConfig,
  storedCredentials,
} from './docker-config.js';
import type { BasicCredentials } from './manifest.js';

/** What the registry side needs of the inputs: where images go, where a given one comes from. */
export interface RegistryTargets {
  destination?: ImageReference;
  dockerImage?: string;
  auth: AuthInputs;
}

/**
 * The registry side of a job: a private docker config, the logins made into it, and the
 * credentials that the exists-lookup uses. `close` removes it all (that is the logout).
 */
export interface RegistrySession {
  dockerConfig: string;
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
): Promise<RegistrySession> {
  const dockerConfig = await createDockerConfig(rt.tempDir, rt.env);
  rt.saveState(STATE.dockerConfig, dockerConfig);
  const credentials = new Map<string, BasicCredentials & { registry: string }>();
  let loggedIn: Promise<void> | undefined;
  const session: RegistrySession = {
    dockerConfig,
    credentialsFor: async (host) =>
      credentials.get(host) ?? (await storedCredentials(dockerConfig, host)),
    login: () =>
      (loggedIn ??= (async () => {
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
      const found = await resolveRegistryCredentials(provider, target.path, inputs.auth, deps);
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
