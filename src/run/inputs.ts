import { InputError } from '../platform/errors.js';
import type { InputReader } from '../inputs/reader.js';
import { parseGpuRequest, splitCommand } from './argv.js';
import { parseDockerArgs } from './docker-args.js';
import { parseRunEnv, resolveRunEnv, type RunEnvEntry } from './run-env.js';

export interface RunInputs {
  command?: string;
  args: string[];
  /** 'all' | 'none' | N | 'device=…' */
  gpus: string;
  /** Allowlisted `docker run` flags, normalised to `--flag=value`. */
  dockerArgs: string[];
  cudaVersion?: string;
  minFreeDiskGb: number;
  allowUntrusted: boolean;
  network: string;
  /** The build-time `env` input, also given to the run (its values are in the image anyway). */
  env: [string, string][];
  /** `run-env` and `docker-args --env`: names, and values only when written inline. */
  runEnv: RunEnvEntry[];
  /** Run-time values of `runEnv`, resolved from the step's environment (run mode only; masked). */
  runEnvValues: [string, string][];
  /** `/dev/shm` size, or undefined when `docker-args` sets `--shm-size` or the IPC namespace is shared. */
  shmSize?: string;
  /** Share the host's IPC namespace (`--ipc=host`): only for multi-GPU NCCL jobs that need it. */
  ipcHost: boolean;
  /** Directory inside the container that is kept after the run (relative: to the working directory). */
  outputsPath: string;
}

export interface SharedRunInputs {
  network: string;
  env: [string, string][];
  /** `run` resolves `run-env` values here; `dispatch` sends names only. Default `run`. */
  mode?: 'build' | 'run' | 'dispatch' | 'kubernetes' | 'doctor';
  /** The step's environment (values of `run-env` NAME lines). Default: none. */
  stepEnv?: NodeJS.ProcessEnv;
  mask?: (secret: string) => void;
}

const SHM_SIZE = /^\d+(?:\.\d+)?[bkmg]?$/i;
/** A container path: no commas (they would split the `--mount` value), no `..`. */
const CONTAINER_PATH = /^[^,\0]+$/;

/**
 * Reads and validates the run-mode inputs: command, args, gpus, docker-args, run-env, shm-size,
 * ipc-host, outputs-path, cuda-version, min-free-disk, allow-untrusted. `network` and `env` are read
 * by the core parser and passed in.
 */
export function readRunInputs(reader: InputReader, shared: SharedRunInputs): RunInputs {
  const mask = shared.mask ?? (() => undefined);
  const command = reader.optional('command');
  if (command !== undefined) {
    try {
      if (splitCommand(command).length === 0) throw new Error('no words');
    } catch (error) {
      throw new InputError(
        'command',
        command,
        `expected a command line such as "python eval.py --fast" (${error instanceof Error ? error.message : String(error)})`,
        'Close every quote; no shell features (pipes, $VAR) are interpreted.',
      );
    }
  }
  const gpus = reader.string('gpus') || 'all';
  if (!parseGpuRequest(gpus)) {
    throw new InputError(
      'gpus',
      gpus,
      'expected `all`, a GPU count (1-999), `device=0,1` (indexes or UUIDs) or `none`',
      'Use `none` for a CPU-only run.',
    );
  }
  const runEnv = parseRunEnv('run-env', reader.lines('run-env'), mask);
  const dockerArgs = parseDockerArgs(reader.lines('docker-args'));
  for (const entry of dockerArgs.env) {
    if (entry.inline) mask(entry.inline);
    if (!runEnv.some((known) => known.name === entry.name)) runEnv.push(entry);
  }
  const mode = shared.mode ?? 'run';
  if (mode === 'dispatch') {
    const inline = runEnv.find((entry) => entry.inline !== undefined);
    if (inline) {
      throw new InputError(
        'run-env',
        inline.name,
        `in dispatch mode only NAMES are sent (workflow_dispatch inputs are visible to anyone who can read the run); ${inline.name} has a value on the line`,
        `Write just ${inline.name}; the GPU queue workflow maps it from its own repository's secrets (see workflows/gpu-queue.yml).`,
      );
    }
  }
  const runEnvValues =
    mode === 'run' ? resolveRunEnv('run-env', runEnv, shared.stepEnv ?? {}, mask) : [];

  const ipcHost = reader.bool('ipc-host', false);
  const shmInput = reader.string('shm-size') || '8g';
  if (!SHM_SIZE.test(shmInput)) {
    throw new InputError(
      'shm-size',
      shmInput,
      'expected a size such as 8g, 512m or 2147483648',
      'PyTorch data loaders share batches through /dev/shm; 8g suits most single-GPU jobs.',
    );
  }
  const outputsPath = reader.string('outputs-path') || 'outputs';
  if (!CONTAINER_PATH.test(outputsPath) || outputsPath.split('/').includes('..')) {
    throw new InputError(
      'outputs-path',
      outputsPath,
      'expected a directory inside the container without commas or `..`',
      'e.g. `outputs` (under the working directory) or `/workspace/outputs`.',
    );
  }
  const cudaVersion = reader.optional('cuda-version');
  if (cudaVersion !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(cudaVersion)) {
    throw new InputError(
      'cuda-version',
      cudaVersion,
      'expected a CUDA version like 12.4 or 12.8.1',
    );
  }
  return {
    command,
    args: reader.lines('args'),
    gpus,
    dockerArgs: dockerArgs.flags,
    cudaVersion,
    minFreeDiskGb: reader.integer('min-free-disk', 20, 0, 100_000),
    allowUntrusted: reader.bool('allow-untrusted', false),
    network: shared.network,
    env: shared.env,
    runEnv,
    runEnvValues,
    ...(!dockerArgs.hasShmSize && !ipcHost && { shmSize: shmInput }),
    ipcHost,
    outputsPath,
  };
}
