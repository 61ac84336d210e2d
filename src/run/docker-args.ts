import { InputError } from '../platform/errors.js';

/**
 * `docker run` flags a user may pass through `docker-args`: resource shaping only (the list W&B
 * Launch lets through to its containers). Anything that weakens isolation from the host is refused.
 */
const ALLOWED_DOCKER_FLAGS = [
  '--cpus',
  '--cpu-shares',
  '--cpu-period',
  '--cpu-quota',
  '--cpuset-cpus',
  '--cpuset-mems',
  '--memory',
  '--memory-reservation',
  '--memory-swap',
  '--memory-swappiness',
  '--shm-size',
  '--env',
  '--ulimit',
  '--pids-limit',
  '--platform',
  '--workdir',
] as const;

const SHORT_FLAGS: Record<string, string> = {
  '-c': '--cpu-shares',
  '-m': '--memory',
  '-e': '--env',
  '-w': '--workdir',
};

/** Why well-known dangerous or action-owned flags are refused, so the message says more than "no". */
const REFUSAL_REASONS: Record<string, string> = {
  '--privileged': 'it gives the container full access to the host',
  '--volume': 'it mounts host paths into the container',
  '-v': 'it mounts host paths into the container',
  '--mount': 'it mounts host paths into the container',
  '--volumes-from': 'it shares another container’s mounts',
  '--device': 'it exposes host devices (GPUs come from the `gpus` input)',
  '--device-cgroup-rule': 'it exposes host devices',
  '--cap-add': 'it adds kernel capabilities',
  '--security-opt': 'it weakens the container’s security profile',
  '--pid': 'it can share the host’s process namespace',
  '--ipc': 'it can share the host’s IPC namespace (use --shm-size for a larger /dev/shm)',
  '--uts': 'it can share the host’s UTS namespace',
  '--userns': 'it can disable user-namespace isolation',
  '--cgroupns': 'it can share the host’s cgroup namespace',
  '--cgroup-parent': 'it moves the container out of Docker’s cgroup',
  '--network': 'the network is set by the `network` input',
  '--net': 'the network is set by the `network` input',
  '--add-host': 'the network is set by the `network` input',
  '--runtime': 'the runtime is chosen by the action',
  '--gpus': 'GPUs are set by the `gpus` input',
  '--name': 'the action names the container so it can stop and clean it up',
  '--label': 'the action labels the container so it can stop and clean it up',
  '-l': 'the action labels the container so it can stop and clean it up',
  '--rm': 'the action always removes the container',
  '--entrypoint': 'use the `command` input',
  '--user': 'the image decides the user',
  '-u': 'the image decides the user',
  '--sysctl': 'it changes kernel parameters',
  '--env-file': 'it reads a file from the host (use the `env` input)',
  '--log-driver': 'logs must stream to the job',
  '--detach': 'the step must wait for the container',
  '-d': 'the step must wait for the container',
};

export interface ParsedDockerArgs {
  /** Normalised `--flag=value` tokens: the `=` form stops a value from being read as a flag. */
  flags: string[];
  /** `--env NAME=value` entries moved out of argv: their values travel in the child's environment. */
  env: [string, string][];
  /** A `--shm-size` was given (so the default `--ipc=host` is not added). */
  hasShmSize: boolean;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function allowedList(): string {
  return ALLOWED_DOCKER_FLAGS.join(', ');
}

function refuse(line: string, flag: string): never {
  const reason = REFUSAL_REASONS[flag];
  throw new InputError(
    'docker-args',
    line,
    `'${flag}' is not allowed${reason ? ` (${reason})` : ''}; only these resource flags are accepted: ${allowedList()}`,
    'Remove the line, or use the dedicated input (gpus, network, env, command) where one exists.',
  );
}

/**
 * Splits one line into flag and value: `--flag=value`, `--flag value` or `-m 4g`. A line holds
 * one flag; its value keeps inner spaces (e.g. `--ulimit memlock=-1`).
 */
function splitLine(line: string): { flag: string; value: string | undefined } {
  const eq = line.indexOf('=');
  const space = line.search(/\s/);
  if (line.startsWith('--') && eq !== -1 && (space === -1 || eq < space)) {
    return { flag: line.slice(0, eq), value: line.slice(eq + 1) };
  }
  if (space === -1) return { flag: line, value: undefined };
  return { flag: line.slice(0, space), value: line.slice(space + 1).trim() };
}

/** Validates `docker-args` lines against the allowlist. Pure: no I/O. */
export function parseDockerArgs(lines: string[]): ParsedDockerArgs {
  const parsed: ParsedDockerArgs = { flags: [], env: [], hasShmSize: false };
  for (const line of lines) {
    if (!line.startsWith('-')) {
      throw new InputError(
        'docker-args',
        line,
        'each line must be one `docker run` flag such as `--shm-size=16g`',
        'Put the command and its arguments in the `command` and `args` inputs.',
      );
    }
    const { flag: written, value } = splitLine(line);
    const flag = SHORT_FLAGS[written] ?? written;
    if (!(ALLOWED_DOCKER_FLAGS as readonly string[]).includes(flag)) refuse(line, written);
    if (value === undefined || value === '') {
      throw new InputError(
        'docker-args',
        line,
        `'${flag}' needs a value`,
        `Write it as ${flag}=VALUE.`,
      );
    }
    if (flag === '--env') {
      const eq = value.indexOf('=');
      const name = eq === -1 ? value : value.slice(0, eq);
      if (!ENV_NAME.test(name) || eq === -1) {
        throw new InputError(
          'docker-args',
          line,
          '`--env` needs NAME=value with NAME made of letters, digits and _',
          'Or use the `env` input.',
        );
      }
      parsed.env.push([name, value.slice(eq + 1)]);
      continue;
    }
    if (flag === '--shm-size') parsed.hasShmSize = true;
    parsed.flags.push(`${flag}=${value}`);
  }
  return parsed;
}
