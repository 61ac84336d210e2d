import { InputError } from '../platform/errors.js';
import type { InputReader } from '../inputs/reader.js';
import { parseGpuRequest, splitCommand } from './argv.js';
import { parseDockerArgs } from './docker-args.js';

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
  env: [string, string][];
}

/**
 * Reads and validates the run-mode inputs: command, args, gpus, docker-args, cuda-version,
 * min-free-disk, allow-untrusted. `network` and `env` are read by the core parser and passed in.
 */
export function readRunInputs(
  reader: InputReader,
  shared: { network: string; env: [string, string][] },
): RunInputs {
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
  const dockerArgs = parseDockerArgs(reader.lines('docker-args'));
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
    env: [...shared.env, ...dockerArgs.env],
  };
}
