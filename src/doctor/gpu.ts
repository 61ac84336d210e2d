/**
 * The GPU-runner half of `mode: doctor`: what `mode: run` needs from the host, checked without
 * starting a container.
 */
import type { Exec, ExecResult } from '../platform/exec.js';
import { errorMessage } from '../platform/errors.js';
import { describeGpus, NVIDIA_SMI_ARGS, parseNvidiaSmi } from '../run/cuda.js';
import { TOOLKIT_FIX } from '../run/preflight.js';
import type { Finding } from './findings.js';

export interface GpuCheckDeps {
  run: Exec;
  env: NodeJS.ProcessEnv;
  /** Free bytes of the filesystem holding a path. */
  freeBytes(path: string): number;
  /** The node version running this step (the runner's bundled node24). */
  nodeVersion: string;
}

const GB = 1024 ** 3;

/** The GPUs nvidia-smi lists, or why that list is unusable. */
function driverFinding(stdout: string): Finding {
  try {
    const gpus = parseNvidiaSmi(stdout);
    if (gpus.length > 0)
      return { id: 'gpu.driver', severity: 'ok', title: `GPUs: ${describeGpus(gpus)}` };
    return {
      id: 'gpu.none',
      severity: 'error',
      title: 'nvidia-smi lists no GPU',
      fix: 'Check the hardware and the driver; set `gpus: none` for CPU runs.',
    };
  } catch (error) {
    return {
      id: 'gpu.driver-failed',
      severity: 'error',
      title: 'nvidia-smi answered something unexpected',
      detail: errorMessage(error),
      fix: 'Run `nvidia-smi` on the runner and update the NVIDIA driver if it fails.',
    };
  }
}

/** The program's result, or undefined when it is not installed. */
async function tryRun(
  deps: GpuCheckDeps,
  file: string,
  args: string[],
): Promise<ExecResult | undefined> {
  const result = await deps.run(file, args, { env: deps.env });
  return result.notFound ? undefined : result;
}

/**
 * Checks the runner: driver, toolkit runtime, docker access, disk, runner version. Skipped (one
 * info finding) on a runner with no NVIDIA driver that is not self-hosted: a hosted build runner.
 */
export async function checkGpuRunner(
  deps: GpuCheckDeps,
  minFreeDiskGb: number,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const smi = await tryRun(deps, 'nvidia-smi', [...NVIDIA_SMI_ARGS]);
  const selfHosted = deps.env.RUNNER_ENVIRONMENT === 'self-hosted';
  if (!smi && !selfHosted) {
    return [
      {
        id: 'gpu.skipped',
        severity: 'info',
        title:
          'No NVIDIA driver here and not a self-hosted runner: GPU checks skipped (run doctor on the GPU runner too)',
      },
    ];
  }
  if (!smi) {
    findings.push({
      id: 'gpu.driver-missing',
      severity: 'error',
      title: 'nvidia-smi is not installed: this runner has no NVIDIA driver',
      fix: 'Install the NVIDIA driver (docs/gpu-runners.md, step 1); `nvidia-smi` must list the GPUs.',
    });
  } else if (smi.exitCode !== 0) {
    findings.push({
      id: 'gpu.driver-failed',
      severity: 'error',
      title: `nvidia-smi failed (exit ${smi.exitCode})`,
      detail: (smi.stderr || smi.stdout).trim(),
      fix: 'Load the NVIDIA driver (reboot after installing it); `nvidia-smi` must work.',
    });
  } else {
    findings.push(driverFinding(smi.stdout));
  }

  const info = await tryRun(deps, 'docker', ['info', '--format', '{{json .}}']);
  if (!info) {
    findings.push({
      id: 'gpu.docker-missing',
      severity: 'error',
      title: 'docker is not installed on this runner',
      fix: 'Install Docker Engine 20.10 or newer (docs/gpu-runners.md, step 2).',
    });
  } else if (info.exitCode !== 0) {
    const denied = /permission denied/i.test(info.stderr);
    findings.push(
      denied
        ? {
            id: 'gpu.docker-permission',
            severity: 'error',
            title: "The runner's user may not use the Docker daemon",
            detail: info.stderr.trim(),
            fix: 'sudo usermod -aG docker <runner user>, then restart the runner service. The docker group is root-equivalent: keep untrusted code off this runner (docs/gpu-runners.md#untrusted-code).',
          }
        : {
            id: 'gpu.docker-unavailable',
            severity: 'error',
            title: 'The Docker daemon did not answer `docker info`',
            detail: info.stderr.trim(),
            fix: 'sudo systemctl start docker',
          },
    );
  } else {
    let parsed: { Runtimes?: Record<string, unknown>; DockerRootDir?: string } = {};
    try {
      parsed = JSON.parse(info.stdout) as typeof parsed;
    } catch {
      // Reported below as a missing runtime.
    }
    findings.push({
      id: 'gpu.docker',
      severity: 'ok',
      title:
        'The Docker daemon answers (the runner user is in the docker group, which is root-equivalent)',
    });
    findings.push(
      parsed.Runtimes && 'nvidia' in parsed.Runtimes
        ? {
            id: 'gpu.toolkit',
            severity: 'ok',
            title: 'Docker has the nvidia runtime (NVIDIA Container Toolkit)',
          }
        : {
            id: 'gpu.toolkit-missing',
            severity: 'error',
            title: 'Docker has no nvidia runtime: `docker run --gpus` will fail',
            fix: TOOLKIT_FIX,
          },
    );
    const root = parsed.DockerRootDir;
    if (root) {
      try {
        const freeGb = deps.freeBytes(root) / GB;
        findings.push(
          freeGb >= minFreeDiskGb
            ? {
                id: 'gpu.disk',
                severity: 'ok',
                title: `${freeGb.toFixed(1)} GB free under ${root}`,
              }
            : {
                id: 'gpu.disk-low',
                severity: 'warning',
                title: `Only ${freeGb.toFixed(1)} GB free under ${root} (min-free-disk: ${minFreeDiskGb})`,
                fix: 'Schedule `docker system prune --all --force --filter until=72h` on the host (docs/gpu-runners.md, disk).',
              },
        );
      } catch (error) {
        findings.push({
          id: 'gpu.disk-unknown',
          severity: 'warning',
          title: `Could not read free space under ${root}`,
          detail: errorMessage(error),
        });
      }
    }
  }
  findings.push({
    id: 'runner.version',
    severity: 'ok',
    title: `This step runs on node ${deps.nodeVersion}: the runner runs node24 actions (version 2.327.1 or newer)`,
  });
  return findings;
}
