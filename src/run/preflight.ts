import {
  NVIDIA_SMI_ARGS,
  checkCudaDriver,
  describeGpus,
  imageCudaClaims,
  imageTorch,
  parseNvidiaSmi,
  type CudaClaim,
  type GpuInfo,
} from './cuda.js';
import { computeCapabilityWarning } from './compute-capability.js';
import { CUDA_LABEL } from '../image/labels.js';
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

interface ImageConfig {
  Env?: string[] | null;
  Labels?: Record<string, string> | null;
}

async function inspectImageConfig(deps: RunDeps, imageRef: string): Promise<ImageConfig | null> {
  const out = await docker(
    deps,
    ['image', 'inspect', '--format', '{{json .Config}}', imageRef],
    `Inspecting ${imageRef}`,
  );
  try {
    return JSON.parse(out) as ImageConfig | null;
  } catch {
    return null;
  }
}

/** Warns for each GPU whose compute capability the image's pinned torch build was not compiled for. */
function checkComputeCapabilities(
  deps: RunDeps,
  gpus: readonly GpuInfo[],
  config: ImageConfig | null,
): void {
  // The table describes the x86_64 wheels; aarch64 wheels are built for fewer architectures.
  if (process.arch !== 'x64') return;
  const torch = imageTorch(config);
  if (!torch) return;
  const cuda = config?.Labels?.[CUDA_LABEL];
  for (const gpu of gpus) {
    const warning = computeCapabilityWarning(torch, cuda, gpu);
    if (warning) deps.log.warning(warning);
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
  const config = await inspectImageConfig(deps, imageRef);
  checkComputeCapabilities(deps, gpus, config);
  // The `cuda-version` input wins over what the image declares.
  const claims: CudaClaim[] = cudaVersion
    ? [{ version: cudaVersion, source: 'the `cuda-version` input' }]
    : imageCudaClaims(config);
  const driver = gpus[0]?.driverVersion ?? '0';
  if (claims.length === 0) {
    deps.log.info(
      'The image declares no CUDA_VERSION, its requirements imply no CUDA version and `cuda-version` ' +
        'is not set: driver compatibility not checked.',
    );
    return { gpus, containerEnv: [] };
  }
  const containerEnv: [string, string][] = [];
  for (const claim of claims) {
    const verdict = checkCudaDriver(claim.version, driver);
    const message = `${verdict.message} (CUDA version from ${claim.source})`;
    switch (verdict.kind) {
      case 'fail':
        throw new Error(message);
      case 'warn':
        deps.log.warning(message);
        // The toolkit refuses `cuda>=X` images on older drivers even when minor-version compatibility would work.
        if (containerEnv.length === 0) containerEnv.push(['NVIDIA_DISABLE_REQUIRE', 'true']);
        break;
      case 'unknown':
        deps.log.warning(message);
        break;
      case 'pass':
        deps.log.info(message);
        break;
    }
  }
  return { gpus, containerEnv };
}
