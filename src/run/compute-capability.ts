/**
 * GPU compute capabilities that torch's release wheels for Linux x86_64 are compiled for, per torch
 * release and CUDA build. Pure: no I/O.
 *
 * The numbers are the `TORCH_CUDA_ARCH_LIST` of PyTorch's release wheel builds (pytorch/pytorch
 * `.ci/manywheel/build_cuda.sh` on each release branch), as `torch.cuda.get_arch_list()` of those
 * wheels prints them. CUDA 11.x builds are left out (some carried sm_37); aarch64 wheels are built
 * for fewer architectures and are not checked. Anything not listed is not checked.
 */
import { compareVersions } from './cuda.js';

export interface TorchArchRow {
  /** torch releases (major.minor), inclusive. */
  torch: readonly [from: string, to: string];
  /** CUDA builds (major.minor), inclusive. */
  cuda: readonly [from: string, to: string];
  /** Lowest and highest compute capability compiled in (sm_50 = 5.0). */
  compute: readonly [min: string, max: string];
}

export const TORCH_ARCH_TABLE: readonly TorchArchRow[] = [
  // Maxwell to Hopper in every 12.1–12.6 build.
  { torch: ['2.1', '2.11'], cuda: ['12.1', '12.6'], compute: ['5.0', '9.0'] },
  // 12.8 builds: 2.7 started at Turing, 2.8–2.10 brought Volta back, 2.11 dropped it again.
  { torch: ['2.7', '2.7'], cuda: ['12.8', '12.8'], compute: ['7.5', '12.0'] },
  { torch: ['2.8', '2.10'], cuda: ['12.8', '12.9'], compute: ['7.0', '12.0'] },
  { torch: ['2.11', '2.11'], cuda: ['12.8', '12.8'], compute: ['7.5', '12.0'] },
  { torch: ['2.9', '2.11'], cuda: ['13.0', '13.0'], compute: ['7.5', '12.0'] },
];

function majorMinor(version: string): string | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version.trim());
  return match ? `${match[1]}.${match[2]}` : undefined;
}

const within = (value: string, [from, to]: readonly [string, string]) =>
  compareVersions(value, from) >= 0 && compareVersions(value, to) <= 0;

/**
 * The CUDA build of a torch pin: its `+cuXYZ` tag, else the CUDA the requirements imply (when it
 * names a minor version).
 */
function torchCudaBuild(torch: string, cuda: string | undefined): string | undefined {
  const tag = /\+cu(\d{2,3})\b/.exec(torch);
  if (tag?.[1]) return `${tag[1].slice(0, -1)}.${tag[1].slice(-1)}`;
  return cuda ? majorMinor(cuda) : undefined;
}

/** The row covering a torch pin (e.g. `2.3.1+cu121`), or undefined when the table does not know it. */
export function torchArchRow(torch: string, cuda?: string): TorchArchRow | undefined {
  const release = majorMinor(torch);
  const build = torchCudaBuild(torch, cuda);
  if (!release || !build) return undefined;
  return TORCH_ARCH_TABLE.find((row) => within(release, row.torch) && within(build, row.cuda));
}

const sm = (capability: string) => `sm_${capability.replace('.', '')}`;

/**
 * A warning when a GPU's compute capability (nvidia-smi `compute_cap`, e.g. `8.6`) is outside what
 * the torch build was compiled for; undefined when it is inside or the table does not know the build.
 */
export function computeCapabilityWarning(
  torch: string,
  cuda: string | undefined,
  gpu: { index: number; name: string; computeCapability: string },
): string | undefined {
  const row = torchArchRow(torch, cuda);
  if (!row || !/^\d+\.\d+$/.test(gpu.computeCapability)) return undefined;
  if (within(gpu.computeCapability, row.compute)) return undefined;
  const [min, max] = row.compute;
  const tooOld = compareVersions(gpu.computeCapability, min) < 0;
  const cu126Covers = compareVersions(gpu.computeCapability, '5.0') >= 0;
  const fix = !tooOld
    ? 'Use a newer torch release (or CUDA build) that supports this GPU'
    : compareVersions(row.cuda[0], '12.8') >= 0 && cu126Covers
      ? 'Use the CUDA 12.6 build of the same torch release (index https://download.pytorch.org/whl/cu126), which still covers sm_50–sm_90'
      : 'Use an older torch release that still supports this GPU, or a newer GPU';
  return (
    `GPU ${gpu.index} (${gpu.name}) has compute capability ${gpu.computeCapability} (${sm(gpu.computeCapability)}), ` +
    `but torch ${torch} is built for ${sm(min)}–${sm(max)}: CUDA kernels may fail with ` +
    `"no kernel image is available for execution on the device". ${fix}. See docs/gpu-runners.md.`
  );
}
