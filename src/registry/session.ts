import {
  classifyRegistry,
  prepareRepository,
  resolveRegistryCredentials,
  type AuthDeps,
} from '../auth/index.js';
import {
  createDockerConfig,
  dockerLogin,
  removeDockerConfig,
  storedCredentials,
} from '../docker/config.js';
import { parseImageReference } from '../image/reference.js';
import type { Inputs } from '../inputs/index.js';
import type { Runtime } from '../runtime.js';
import type { BasicCredentials } from './manifest.js';

/** State names the post step reads to clean up after this step, however it ended. */
export const STATE_DOCKER_CONFIG = 'docker-config';
export const STATE_REGISTRIES = 'registries';

/**
 * The registry side of a job: a private docker config, the logins made into it, and the
 * credentials that the exists-lookup uses. `close` logs out and removes it all.
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

export async function openRegistrySession(rt: Runtime, inputs: Inputs): Promise<RegistrySession> {
  const dockerConfig = await createDockerConfig(rt.tempDir, rt.env);
  rt.saveState(STATE_DOCKER_CONFIG, dockerConfig);
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
        rt.saveState(STATE_REGISTRIES, JSON.stringify([...credentials.keys()]));
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

function loginTargets(inputs: Inputs): { host: string; path: string; isDestination: boolean }[] {
  const targets: { host: string; path: string; isDestination: boolean }[] = [];
  const destination = inputs.core.destination;
  if (destination)
    targets.push({ host: destination.host, path: destination.path, isDestination: true });
  const given = inputs.core.dockerImage ? parseImageReference(inputs.core.dockerImage) : undefined;
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
