import {
  NVIDIA_SMI_ARGS,
  checkCudaDriver,
  cudaVersionFromEnv,
  describeGpus,
  parseNvidiaSmi,
  type GpuInfo,
} from './cuda.js';
import type { GpuRequest } from './argv.js';
import { docker, type RunDeps } from './deps.js';

export const TOOLKIT_FIX =
  'Install the NVIDIA Container Toolkit on the runner, run `sudo nvidia-ctk runtime configure --runtime=docker` ' +
  'and restart docker (`sudo systemctl restart docker`). See docs/gpu-runners.md.';

/** The error docker prints when `--gpus` is used without the NVIDIA Container Toolkit. */
export const NO_GPU_DRIVER_PATTERN =
  /could not select device driver "[^"]*" with capabilities: \[\[gpu\]\]/;

export interface PreflightResult {
  gpus: GpuInfo[];
  /** Extra environment for the container (e.g. relaxing the toolkit's CUDA check under minor-version compatibility). */
  containerEnv: [string, string][];
}

async function queryGpus(deps: RunDeps): Promise<GpuInfo[]> {
  const result = await deps.exec('nvidia-smi', NVIDIA_SMI_ARGS, { env: deps.env });
  if (result.notFound) {
    throw new Error(
      'nvidia-smi was not found on this runner, so it has no usable NVIDIA driver. Install the NVIDIA ' +
        'driver and the NVIDIA Container Toolkit (see docs/gpu-runners.md), or set `gpus: none` for a CPU run.',
    );
  }
  if (result.exitCode !== 0) {
    throw new Error(
      `nvidia-smi failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim()}. ` +
        'Check that the NVIDIA driver is loaded on the runner (`nvidia-smi` must work), or set `gpus: none`.',
    );
  }
  const gpus = parseNvidiaSmi(result.stdout);
  if (gpus.length === 0)
    throw new Error('nvidia-smi reports no GPU on this runner; set `gpus: none` for a CPU run.');
  return gpus;
}

/** Checks the requested GPUs exist: a count no larger than the GPUs present, devices by index or UUID. */
function checkGpuRequest(request: GpuRequest, gpus: readonly GpuInfo[]): void {
  if (request.kind === 'count' && request.count > gpus.length) {
    throw new Error(
      `gpus: ${request.count} requested but this runner has ${gpus.length} GPU(s) (${describeGpus(gpus)}). ` +
        'Lower `gpus`, or route the job to a bigger runner with `runner-labels`.',
    );
  }
  if (request.kind === 'devices') {
    for (const device of request.devices) {
      const found = gpus.some((gpu) => String(gpu.index) === device || gpu.uuid === device);
      if (!found) {
        const known = gpus.map((gpu) => `${gpu.index} (${gpu.uuid})`).join(', ');
        throw new Error(`gpus: device ${device} does not exist on this runner; it has ${known}.`);
      }
    }
  }
}

async function checkNvidiaRuntime(deps: RunDeps): Promise<void> {
  const runtimes = await docker(
    deps,
    ['info', '--format', '{{json .Runtimes}}'],
    'Reading docker runtimes',
  );
  let names: string[] = [];
  try {
    names = Object.keys(JSON.parse(runtimes) as Record<string, unknown>);
  } catch {
    names = [];
  }
  if (!names.includes('nvidia')) {
    throw new Error(
      `Docker on this runner has no NVIDIA runtime (runtimes: ${names.join(', ') || 'none'}), so containers ` +
        `cannot get GPUs. ${TOOLKIT_FIX}`,
    );
  }
}

/** The image's CUDA version: the `cuda-version` input, else the image's `CUDA_VERSION`. */
async function imageCudaVersion(
  deps: RunDeps,
  imageRef: string,
  given?: string,
): Promise<string | undefined> {
  if (given) return given;
  const out = await docker(
    deps,
    ['image', 'inspect', '--format', '{{json .Config.Env}}', imageRef],
    `Inspecting ${imageRef}`,
  );
  try {
    return cudaVersionFromEnv(JSON.parse(out) as string[] | null);
  } catch {
    return undefined;
  }
}

/**
 * GPU preflight: the driver answers, docker has the NVIDIA runtime, the requested GPUs exist and the
 * driver is new enough for the image's CUDA. Fails with the fix named; warns under minor-version
 * compatibility. A `none` request skips every GPU check.
 */
export async function preflightGpus(
  deps: RunDeps,
  imageRef: string,
  request: GpuRequest,
  cudaVersion?: string,
): Promise<PreflightResult> {
  if (request.kind === 'none') {
    deps.log.info('gpus: none — running on CPU, GPU checks skipped.');
    return { gpus: [], containerEnv: [] };
  }
  const gpus = await queryGpus(deps);
  deps.log.info(`GPUs: ${describeGpus(gpus)}`);
  for (const gpu of gpus) {
    deps.log.info(
      `  ${gpu.index}: ${gpu.name} ${gpu.uuid} ${gpu.memoryUsedMiB}/${gpu.memoryTotalMiB} MiB used, compute ${gpu.computeCapability}`,
    );
  }
  checkGpuRequest(request, gpus);
  await checkNvidiaRuntime(deps);
  const cuda = await imageCudaVersion(deps, imageRef, cudaVersion);
  const driver = gpus[0]?.driverVersion ?? '0';
  if (!cuda) {
    deps.log.info(
      'The image declares no CUDA_VERSION and `cuda-version` is not set: driver compatibility not checked.',
    );
    return { gpus, containerEnv: [] };
  }
  const verdict = checkCudaDriver(cuda, driver);
  switch (verdict.kind) {
    case 'fail':
      throw new Error(verdict.message);
    case 'warn':
      deps.log.warning(verdict.message);
      // The toolkit refuses `cuda>=X` images on older drivers even when minor-version compatibility would work.
      return { gpus, containerEnv: [['NVIDIA_DISABLE_REQUIRE', 'true']] };
    case 'unknown':
      deps.log.warning(verdict.message);
      return { gpus, containerEnv: [] };
    case 'pass':
      deps.log.info(verdict.message);
      return { gpus, containerEnv: [] };
  }
}
