import { randomBytes } from 'node:crypto';
import {
  buildRunArgv,
  containerName,
  jobLabelValue,
  listJobContainersArgv,
  parseGpuRequest,
  splitCommand,
} from './argv.js';
import { describeGpus } from './cuda.js';
import type { RunDeps } from './deps.js';
import type { ExecResult } from '../platform/exec.js';
import { STATE } from '../platform/state.js';
import { holdExitUntil } from '../platform/shutdown.js';
import { ensureFreeDisk } from './disk.js';
import { NO_GPU_DRIVER_PATTERN, TOOLKIT_FIX, preflightGpus } from './preflight.js';
import {
  LogTail,
  prepareOutputs,
  readMetrics,
  writeRunRecord,
  type OutputsMount,
} from './outputs.js';
import { steersDockerClient } from './run-env.js';

export { readRunInputs, type RunInputs } from './inputs.js';
export { assertTrustedTrigger } from './trust.js';
export type { RunDeps } from './deps.js';
export { looksSecret } from './run-env.js';
import type { RunInputs } from './inputs.js';

export interface RunResult {
  exitCode: number;
  /** The GPUs and driver the run had, or `none`. */
  gpu: string;
  durationSeconds: number;
  /** The container was stopped because the step received SIGINT/SIGTERM. */
  cancelled?: boolean;
  /** Host directory that was mounted at `outputs-path` (not collected from a Kubernetes Job yet). */
  outputsDir?: string;
  /** `result.json` beside it: exit code, duration, metrics, last log lines. */
  resultFile?: string;
  /** `metrics.json` from the outputs directory, when the run wrote one. */
  metrics?: Record<string, number>;
}

export interface RunOptions {
  /** The image was built into this engine (no registry): run the local image, pull nothing. */
  localImage?: boolean;
}

/**
 * Makes sure the engine holds the image to run, and never a different one. By digest: present
 * locally (content-addressed, so it is that image) or pulled. By tag (a registry lookup could not
 * confirm the digest): pulled, or the step fails with the reason; a local copy with the same tag
 * may be anything and is not used. An image built into this engine (no destination) is used as is.
 */
async function ensureImage(deps: RunDeps, imageRef: string, localImage: boolean): Promise<void> {
  if (localImage) return;
  const byDigest = imageRef.includes('@sha256:');
  if (byDigest) {
    const local = await deps.exec('docker', ['image', 'inspect', '--format', '{{.Id}}', imageRef], {
      env: deps.env,
    });
    if (local.exitCode === 0) {
      deps.log.info(`${imageRef} is already on this runner.`);
      return;
    }
  }
  deps.log.info(`Pulling ${imageRef}`);
  // Layer progress goes to the log as it happens: a multi-gigabyte pull should not look like a hang.
  const pulled = await deps.exec('docker', ['pull', imageRef], {
    env: deps.env,
    onStdout: deps.stdout ?? ((chunk) => process.stdout.write(chunk)),
  });
  if (pulled.exitCode === 0) return;
  const reason = pulled.stderr.trim() || pulled.stdout.trim();
  throw new Error(
    `Pulling ${imageRef} failed: ${reason}. ` +
      (byDigest
        ? 'Check that the image exists and that this job logged in to its registry.'
        : 'Its digest could not be confirmed, so a local image with that tag is not run in its place; check the registry and this job’s login.'),
  );
}

/** Stops the container at once; retried briefly because the signal can arrive before docker created it. */
async function stopContainer(deps: RunDeps, name: string, running: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const result = await deps.exec('docker', ['stop', '-t', '5', name], { env: deps.env });
    if (result.exitCode === 0 || !running()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

function userEnvironment(
  deps: RunDeps,
  env: [string, string][],
): { names: string[]; values: NodeJS.ProcessEnv } {
  const names: string[] = [];
  const values: NodeJS.ProcessEnv = {};
  for (const [name, value] of env) {
    if (steersDockerClient(name)) {
      deps.log.warning(
        `env ${name} is not passed to \`docker run\` (it would steer the docker client); it stays as baked into the image.`,
      );
      continue;
    }
    if (!names.includes(name)) names.push(name);
    values[name] = value;
  }
  return { names, values };
}

/**
 * Why docker could not start the container, or undefined when it ran (whatever its exit code).
 * Docker reports its own failures with exit code 125 and an "Error response from daemon" message.
 */
function startFailure(result: ExecResult): Error | undefined {
  if (result.exitCode !== 125 || !/docker: |Error response from daemon/.test(result.stderr)) {
    return undefined;
  }
  if (NO_GPU_DRIVER_PATTERN.test(result.stderr)) {
    return new Error(`docker could not give the container GPUs. ${TOOLKIT_FIX}`);
  }
  const unsatisfied = /unsatisfied condition: (cuda[^,\n]*)/.exec(result.stderr);
  if (unsatisfied) {
    return new Error(
      `The NVIDIA toolkit refused the image (${unsatisfied[1]}): the runner's driver is too old for ` +
        "the image's CUDA. Update the driver or use an older CUDA base image.",
    );
  }
  const lastLines = result.stderr.trim().split('\n').slice(-3).join(' ');
  return new Error(`docker run could not start the container: ${lastLines}`);
}

/**
 * Runs the image here: free disk, pull, GPU preflight, then `docker run --rm --init` with the
 * output streamed. SIGINT/SIGTERM stop the container at once (`docker stop -t 5`): the runner's
 * cancellation kills our process tree, which does not include the container.
 */
export async function runImage(
  imageRef: string,
  inputs: RunInputs,
  deps: RunDeps,
  options: RunOptions = {},
): Promise<RunResult> {
  const now = deps.now ?? Date.now;
  const started = now();
  const signals = deps.signals ?? process;
  const name = containerName(deps.env, randomBytes(4).toString('hex'));
  let containerRunning = false;
  let cancelled = false;
  let stopping: Promise<void> | undefined;
  const onSignal = () => {
    if (cancelled) return;
    cancelled = true;
    deps.log.warning(`Cancellation received: stopping container ${name}.`);
    if (containerRunning) {
      stopping = stopContainer(deps, name, () => containerRunning);
      // An interrupted main step exits only once the container is stopped.
      holdExitUntil(stopping);
    }
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);
  try {
    const gpuRequest = parseGpuRequest(inputs.gpus);
    if (!gpuRequest) throw new Error(`Invalid gpus value ${JSON.stringify(inputs.gpus)}`);
    await ensureFreeDisk(deps, inputs.minFreeDiskGb, imageRef);
    await ensureImage(deps, imageRef, options.localImage ?? false);
    const preflight = await preflightGpus(deps, imageRef, gpuRequest, inputs.cudaVersion);
    const outputs: OutputsMount = await prepareOutputs(
      deps,
      imageRef,
      inputs.outputsPath,
      inputs.dockerArgs,
      name,
    );
    if (cancelled) throw new Error('Cancelled before the container started.');

    // run-env values last: they win over a baked `env` of the same name.
    const env = userEnvironment(deps, [
      ...inputs.env,
      ...preflight.containerEnv,
      ...inputs.runEnvValues,
    ]);
    const argv = buildRunArgv({
      imageRef,
      name,
      jobLabel: jobLabelValue(deps.env),
      runnerLabel: deps.env.RUNNER_NAME,
      gpus: gpuRequest,
      dockerArgs: inputs.dockerArgs,
      envNames: env.names,
      network: inputs.network,
      ...(inputs.shmSize !== undefined && { shmSize: inputs.shmSize }),
      ipcHost: inputs.ipcHost,
      outputs,
      command: inputs.command ? splitCommand(inputs.command) : undefined,
      args: inputs.args,
    });
    deps.saveState(STATE.runContainer, name);
    deps.log.info(`docker ${argv.join(' ')}`);
    containerRunning = true;
    const tail = new LogTail();
    const toStdout = deps.stdout ?? ((chunk: string) => process.stdout.write(chunk));
    const toStderr = deps.stderr ?? ((chunk: string) => process.stderr.write(chunk));
    const running = deps.exec('docker', argv, {
      env: { ...deps.env, ...env.values },
      onStdout: (chunk) => {
        tail.push(chunk);
        toStdout(chunk);
      },
      onStderr: (chunk) => {
        tail.push(chunk);
        toStderr(chunk);
      },
    });
    // A signal that arrived while the run was being prepared finds the container now.
    const result = await running.finally(() => (containerRunning = false));
    await stopping;
    const failure = startFailure(result);
    if (failure) throw failure;
    const metrics = await readMetrics(deps, outputs.hostDir);
    deps.log.info(`Outputs: ${outputs.containerPath} in the container → ${outputs.hostDir}`);
    const runResult: RunResult = {
      outputsDir: outputs.hostDir,
      resultFile: outputs.resultFile,
      ...(metrics && { metrics }),
      exitCode: result.exitCode,
      gpu: describeGpus(preflight.gpus),
      durationSeconds: Math.round((now() - started) / 100) / 10,
      ...(cancelled ? { cancelled } : {}),
    };
    await writeRunRecord(outputs.resultFile, {
      exitCode: runResult.exitCode,
      durationSeconds: runResult.durationSeconds,
      gpu: runResult.gpu,
      metrics: metrics ?? {},
      logTail: tail.read(inputs.runEnvValues.map(([, value]) => value)),
    });
    return runResult;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
  }
}

/** Post step: removes every container this job started (by label), running or not. */
export async function cleanupRunContainers(deps: RunDeps): Promise<string[]> {
  const list = await deps.exec(
    'docker',
    listJobContainersArgv(jobLabelValue(deps.env), deps.env.RUNNER_NAME),
    {
      env: deps.env,
    },
  );
  if (list.notFound) return [];
  if (list.exitCode !== 0) {
    deps.log.warning(`Could not list this job's containers: ${list.stderr.trim()}`);
    return [];
  }
  const ids = list.stdout.split(/\s+/).filter((id) => id !== '');
  const removed: string[] = [];
  for (const id of ids) {
    const result = await deps.exec('docker', ['rm', '--force', id], { env: deps.env });
    if (result.exitCode === 0) {
      removed.push(id);
      deps.log.info(`Removed leftover container ${id}`);
    } else {
      deps.log.warning(`Could not remove container ${id}: ${result.stderr.trim()}`);
    }
  }
  return removed;
}
