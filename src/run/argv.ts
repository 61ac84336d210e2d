/** Pure builders for the `docker` command lines of run mode. No I/O. */
import { splitWords } from '../platform/words.js';

/** Label on every container this action starts; its value identifies the job (see `jobLabelValue`). */
export const JOB_LABEL = 'launch-action.job';
/** Label on every container: the runner that started it, so jobs sharing a host never clean each other up. */
const RUNNER_LABEL = 'launch-action.runner';

export type GpuRequest =
  | { kind: 'none' }
  | { kind: 'all' }
  | { kind: 'count'; count: number }
  | { kind: 'devices'; devices: string[] };

/** Parses the `gpus` input; undefined when the value has none of the accepted forms. */
export function parseGpuRequest(value: string): GpuRequest | undefined {
  if (value === 'none') return { kind: 'none' };
  if (value === 'all') return { kind: 'all' };
  if (/^[1-9]\d{0,2}$/.test(value)) return { kind: 'count', count: Number(value) };
  const devices = /^device=([A-Za-z0-9-]+(?:,[A-Za-z0-9-]+)*)$/.exec(value);
  if (devices?.[1]) return { kind: 'devices', devices: devices[1].split(',') };
  return undefined;
}

/** The `--gpus` value docker expects; a device list is quoted because docker reads it as CSV. */
export function gpusFlagValue(request: GpuRequest): string | undefined {
  switch (request.kind) {
    case 'none':
      return undefined;
    case 'all':
      return 'all';
    case 'count':
      return String(request.count);
    case 'devices':
      return `"device=${request.devices.join(',')}"`;
  }
}

/** `GITHUB_RUN_ID-GITHUB_JOB`, or `local` outside a workflow run. */
export function jobLabelValue(env: NodeJS.ProcessEnv): string {
  const runId = env.GITHUB_RUN_ID;
  const job = env.GITHUB_JOB;
  return runId && job ? `${runId}-${job}` : 'local';
}

/** A container name that is unique, valid for docker, and traceable to the job. */
export function containerName(env: NodeJS.ProcessEnv, suffix: string): string {
  const base = `launch-${jobLabelValue(env)}-${suffix}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  return base.slice(0, 120);
}

/**
 * Splits a command line into words the way a POSIX shell would for plain words, single and double
 * quotes and backslash escapes — with no expansion of any kind. Throws on an unclosed quote.
 */
export function splitCommand(command: string): string[] {
  const words = splitWords(command);
  if (!words) throw new Error(`unclosed quote in ${JSON.stringify(command)}`);
  return words;
}

export interface RunArgvSpec {
  imageRef: string;
  name: string;
  jobLabel: string;
  runnerLabel?: string;
  gpus: GpuRequest;
  /** Normalised allowlisted flags (`--flag=value`). */
  dockerArgs: string[];
  /** Variable NAMES only: values are put in the docker client's environment, never in argv. */
  envNames: string[];
  network?: string;
  /** `command` input split into words: the first replaces the entrypoint. */
  command?: string[];
  args: string[];
}

/** The full `docker run` argument list (after the `docker` program name). */
export function buildRunArgv(spec: RunArgvSpec): string[] {
  const argv = [
    'run',
    '--rm',
    '--init',
    '--name',
    spec.name,
    '--label',
    `${JOB_LABEL}=${spec.jobLabel}`,
  ];
  if (spec.runnerLabel) argv.push('--label', `${RUNNER_LABEL}=${spec.runnerLabel}`);
  const gpus = gpusFlagValue(spec.gpus);
  if (gpus) argv.push('--gpus', gpus);
  // PyTorch data loaders need a large /dev/shm: share the host's unless a size is given.
  if (!spec.dockerArgs.some((flag) => flag.startsWith('--shm-size='))) argv.push('--ipc=host');
  if (spec.network && spec.network !== 'default') argv.push('--network', spec.network);
  for (const name of spec.envNames) argv.push('--env', name);
  argv.push(...spec.dockerArgs);
  const [entrypoint, ...commandArgs] = spec.command ?? [];
  if (entrypoint !== undefined) argv.push('--entrypoint', entrypoint);
  argv.push(spec.imageRef, ...commandArgs, ...spec.args);
  return argv;
}

/** `docker ps` arguments listing this job's containers (running or not), one id per line. */
export function listJobContainersArgv(jobLabel: string, runnerLabel?: string): string[] {
  const argv = ['ps', '--all', '--quiet', '--filter', `label=${JOB_LABEL}=${jobLabel}`];
  if (runnerLabel) argv.push('--filter', `label=${RUNNER_LABEL}=${runnerLabel}`);
  return argv;
}
