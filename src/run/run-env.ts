/**
 * `run-env`: variables the container gets at run time only. Values come from the step's
 * environment (a line `NAME`, typically mapped from `secrets.*`) or from the line (`NAME=VALUE`).
 * They travel to `docker run --env NAME` through the docker client's environment: never in argv,
 * the image, outputs or logs. Pure, apart from the masking callback.
 */
import { InputError } from '../platform/errors.js';

/** One `run-env` entry: the name, and where its value comes from. */
export interface RunEnvEntry {
  name: string;
  /** The value written on the line (`NAME=VALUE`); undefined for `NAME` (value from the step's environment). */
  inline?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names docker's own client reads: a value for them would change how docker runs, not the container. */
export function steersDockerClient(name: string): boolean {
  return name === 'PATH' || name === 'HOME' || name.startsWith('DOCKER_');
}

/** Names that look like credentials; `env` bakes values into the image, so these belong in `run-env`. */
export function looksSecret(name: string): boolean {
  return /TOKEN|KEY|SECRET|PASSWORD/i.test(name);
}

/**
 * Parses `run-env` lines. Errors name the input and the variable, never the value; every inline
 * value is masked before anything can print it.
 */
export function parseRunEnv(
  input: string,
  lines: string[],
  mask: (secret: string) => void,
): RunEnvEntry[] {
  const entries: RunEnvEntry[] = [];
  for (const line of lines) {
    const eq = line.indexOf('=');
    const name = (eq === -1 ? line : line.slice(0, eq)).trim();
    const inline = eq === -1 ? undefined : line.slice(eq + 1);
    if (inline) mask(inline);
    if (!ENV_NAME.test(name)) {
      throw new InputError(
        input,
        name,
        'each line must be NAME (value from the step environment) or NAME=VALUE, NAME made of letters, digits and _',
        'Map a secret with `env: { NAME: ${{ secrets.NAME }} }` on the step and list NAME here.',
      );
    }
    if (steersDockerClient(name)) {
      throw new InputError(
        input,
        name,
        `${name} steers the docker client itself and cannot be passed to the container`,
        'Pick another name.',
      );
    }
    const existing = entries.findIndex((entry) => entry.name === name);
    if (existing !== -1) entries.splice(existing, 1);
    entries.push({ name, ...(inline !== undefined && { inline }) });
  }
  return entries;
}

/**
 * The values for a run on this runner: inline ones, else the step's environment. A name that is not
 * set fails here, before anything is built, pulled or run.
 */
export function resolveRunEnv(
  input: string,
  entries: RunEnvEntry[],
  stepEnv: NodeJS.ProcessEnv,
  mask: (secret: string) => void,
): [string, string][] {
  return entries.map(({ name, inline }) => {
    const value = inline ?? stepEnv[name];
    // A secret that does not exist maps to '': treat it as missing rather than run without it.
    if (value === undefined || (inline === undefined && value === '')) {
      throw new InputError(
        input,
        name,
        `${name} is not set (or empty) in the step's environment`,
        `Set it on the step, e.g. \`env: { ${name}: \${{ secrets.${name} }} }\`, or write ${name}=VALUE.`,
      );
    }
    if (value !== '') mask(value);
    return [name, value];
  });
}
