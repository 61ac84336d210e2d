import { CUDA_LABEL, CUDA_SOURCE_LABEL, TORCH_LABEL } from '../image/labels.js';

/**
 * CUDA toolkit → NVIDIA driver compatibility, and the parsing of `nvidia-smi` output. Pure: no I/O.
 */

export interface GpuInfo {
  index: number;
  uuid: string;
  name: string;
  driverVersion: string;
  memoryUsedMiB: number;
  memoryTotalMiB: number;
  computeCapability: string;
}

/** The query the preflight runs; the parser below expects exactly these columns. */
export const NVIDIA_SMI_ARGS = [
  '--query-gpu=uuid,name,driver_version,memory.used,memory.total,compute_cap',
  '--format=csv,noheader',
];

function mib(field: string): number {
  const match = /^(\d+)/.exec(field.trim());
  return match?.[1] ? Number(match[1]) : NaN;
}

/** Parses `nvidia-smi --query-gpu=… --format=csv,noheader` (one GPU per line). */
export function parseNvidiaSmi(output: string): GpuInfo[] {
  const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
  return lines.map((line, index) => {
    const fields = line.split(',').map((field) => field.trim());
    if (fields.length !== 6) {
      throw new Error(`Unexpected nvidia-smi output line ${index + 1}: ${JSON.stringify(line)}`);
    }
    const [uuid, name, driverVersion, used, total, computeCapability] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (!/^\d+(\.\d+)+$/.test(driverVersion)) {
      throw new Error(`Unexpected driver version in nvidia-smi output: ${JSON.stringify(line)}`);
    }
    return {
      index,
      uuid,
      name,
      driverVersion,
      memoryUsedMiB: mib(used),
      memoryTotalMiB: mib(total),
      computeCapability,
    };
  });
}

/**
 * Minimum Linux x86-64 driver for full compatibility, per CUDA release (NVIDIA's release notes).
 * Keys are `major.minor.update` as official images set them in `CUDA_VERSION`.
 */
const CUDA_MIN_DRIVER: readonly (readonly [cuda: string, driver: string])[] = [
  ['13.2.0', '595.45.04'],
  ['13.1.1', '590.48.01'],
  ['13.1.0', '590.44.01'],
  ['13.0.2', '580.95.05'],
  ['13.0.1', '580.82.07'],
  ['13.0.0', '580.65.06'],
  ['12.9.1', '575.57.08'],
  ['12.9.0', '575.51.03'],
  ['12.8.1', '570.124.06'],
  ['12.8.0', '570.26'],
  ['12.6.3', '560.35.05'],
  ['12.6.2', '560.35.03'],
  ['12.6.1', '560.35.03'],
  ['12.6.0', '560.28.03'],
  ['12.5.1', '555.42.06'],
  ['12.5.0', '555.42.02'],
  ['12.4.1', '550.54.15'],
  ['12.4.0', '550.54.14'],
  ['12.3.1', '545.23.08'],
  ['12.3.0', '545.23.06'],
  ['12.2.2', '535.104.05'],
  ['12.2.1', '535.86.09'],
  ['12.2.0', '535.54.03'],
  ['12.1.1', '530.30.02'],
  ['12.1.0', '530.30.02'],
  ['12.0.1', '525.85.12'],
  ['12.0.0', '525.60.13'],
  ['11.8.0', '520.61.05'],
  ['11.7.0', '515.43.04'],
  ['11.4.0', '470.42.01'],
  ['11.0.0', '450.80.02'],
];

/** Minor-version compatibility floor per CUDA major: runs with reduced features (PTX JIT may fail). */
const MINOR_COMPAT_FLOOR: Readonly<Record<number, string>> = {
  13: '580',
  12: '525',
  11: '450.80.02',
};

/** Compares dotted numeric versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** `12.8` → `12.8.0`; anything not `N.N[.N]` → undefined. */
function normaliseCudaVersion(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  if (!match) return undefined;
  return `${match[1]}.${match[2]}.${match[3] ?? '0'}`;
}

export interface DriverRequirement {
  /** Minimum driver for full compatibility. */
  minimum: string;
  /** Minor-version compatibility floor of this CUDA major. */
  floor: string;
  /** The table has no exact row for this version; the nearest newer row (or newest of the major) was used. */
  approximate: boolean;
}

/** The driver a CUDA version needs, or undefined when the table does not cover its major version. */
export function driverRequirement(cudaVersion: string): DriverRequirement | undefined {
  const cuda = normaliseCudaVersion(cudaVersion);
  if (!cuda) return undefined;
  const major = Number(cuda.split('.')[0]);
  const floor = MINOR_COMPAT_FLOOR[major];
  if (!floor) return undefined;
  const exact = CUDA_MIN_DRIVER.find(([version]) => version === cuda);
  if (exact) return { minimum: exact[1], floor, approximate: false };
  const sameMajor = CUDA_MIN_DRIVER.filter(([version]) => Number(version.split('.')[0]) === major);
  // Table rows are newest first: the oldest row at or above the version errs on the safe side.
  const newer = sameMajor.filter(([version]) => compareVersions(version, cuda) >= 0).pop();
  const row = newer ?? sameMajor[0];
  return row ? { minimum: row[1], floor, approximate: true } : undefined;
}

export type CudaVerdict =
  | { kind: 'pass'; message: string }
  | { kind: 'warn'; message: string; minimum: string }
  | { kind: 'fail'; message: string; minimum: string }
  | { kind: 'unknown'; message: string };

/** Decides whether a host driver can run an image built for a CUDA version. */
export function checkCudaDriver(cudaVersion: string, driverVersion: string): CudaVerdict {
  const need = driverRequirement(cudaVersion);
  if (!need) {
    return {
      kind: 'unknown',
      message: `CUDA ${cudaVersion} is not in the compatibility table; driver ${driverVersion} was not checked`,
    };
  }
  const about = need.approximate ? ' (nearest release in the table)' : '';
  if (compareVersions(driverVersion, need.minimum) >= 0) {
    return {
      kind: 'pass',
      message: `CUDA ${cudaVersion} needs driver >= ${need.minimum}${about}; this runner has ${driverVersion}`,
    };
  }
  if (compareVersions(driverVersion, need.floor) >= 0) {
    return {
      kind: 'warn',
      minimum: need.minimum,
      message:
        `CUDA ${cudaVersion} needs driver >= ${need.minimum}${about} for full compatibility; this runner ` +
        `has ${driverVersion}, which runs it only under minor-version compatibility (PTX JIT may fail). ` +
        `Update the driver to ${need.minimum} or newer`,
    };
  }
  return {
    kind: 'fail',
    minimum: need.minimum,
    message:
      `CUDA ${cudaVersion} needs NVIDIA driver >= ${need.minimum}${about} (at least ${need.floor} under ` +
      `minor-version compatibility); this runner has ${driverVersion}. Update the runner's driver to ` +
      `${need.minimum} or newer, or build on a base image with an older CUDA`,
  };
}

/** Reads `CUDA_VERSION` from an image's `Config.Env` list. */
export function cudaVersionFromEnv(env: readonly string[] | null | undefined): string | undefined {
  const entry = (env ?? []).find((item) => item.startsWith('CUDA_VERSION='));
  const value = entry?.slice('CUDA_VERSION='.length).trim();
  return value ? value : undefined;
}

/** A one-line description of the GPUs a run had, for the `gpu` output. */
export function describeGpus(gpus: readonly GpuInfo[]): string {
  if (gpus.length === 0) return 'none';
  const names = [...new Set(gpus.map((gpu) => gpu.name))].join(' + ');
  return `${gpus.length} x ${names} (driver ${gpus[0]?.driverVersion ?? 'unknown'})`;
}

/** A CUDA version to check against the driver, with where it came from (named in messages). */
export interface CudaClaim {
  version: string;
  source: string;
}

/**
 * The CUDA versions an image's config declares: the base image's `CUDA_VERSION`, and the version its
 * requirements imply (label; a bare major such as `12` is checked as `12.0`, the oldest of that major).
 */
export function imageCudaClaims(
  config: { Env?: string[] | null; Labels?: Record<string, string> | null } | null,
): CudaClaim[] {
  const claims: CudaClaim[] = [];
  const fromEnv = cudaVersionFromEnv(config?.Env);
  if (fromEnv) claims.push({ version: fromEnv, source: 'the image’s CUDA_VERSION' });
  const label = config?.Labels?.[CUDA_LABEL]?.trim();
  if (label && /^\d+(\.\d+)*$/.test(label)) {
    const implied = config?.Labels?.[CUDA_SOURCE_LABEL];
    claims.push({
      version: label.includes('.') ? label : `${label}.0`,
      source: `the image label ${CUDA_LABEL}${implied ? ` (from ${implied})` : ''}`,
    });
  }
  return claims;
}

/** The torch pin recorded on the image, when its requirements pin torch. */
export function imageTorch(
  config: { Labels?: Record<string, string> | null } | null,
): string | undefined {
  const value = config?.Labels?.[TORCH_LABEL]?.trim();
  return value ? value : undefined;
}
