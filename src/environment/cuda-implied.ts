/**
 * The CUDA version a requirement list implies: pip CUDA wheels bring their own CUDA runtime, so a
 * slim Python image running `torch==2.3.1+cu121` needs a driver for CUDA 12.1 although the image
 * declares no `CUDA_VERSION`. Pure: no I/O.
 */

export interface ImpliedCuda {
  /** `12.1`, or only the major (`12`) when the wheels name no minor version. */
  version: string;
  /** The requirement or option that implies it, for messages. */
  source: string;
  /** The pinned torch release as written (e.g. `2.3.1+cu121`), when there is one. */
  torch?: string;
}

/** `121` → `12.1`, `118` → `11.8`, `92` → `9.2`: the last digit is the minor version. */
function fromCudaTag(digits: string): string {
  return `${digits.slice(0, -1)}.${digits.slice(-1)}`;
}

const INDEX_OPTION = /^(?:--extra-index-url|--index-url|-i|--find-links|-f)[\s=]+(\S+)/;
const WHEEL_INDEX_TAG = /\/whl\/(?:nightly\/)?cu(\d{2,3})(?:\/|$)/;
const LOCAL_CUDA_TAG = /\+cu(\d{2,3})\b/;
const RUNTIME_PIN = /^nvidia[-_.]cuda[-_.]runtime[-_.]cu(\d+)\s*===?\s*(\d+)\.(\d+)/i;
const NVIDIA_WHEEL = /^nvidia[-_.][a-z0-9_.-]*?[-_.]cu(\d+)\b/i;
const JAX_CUDA = /^jax(?:\s*\[[^\]]*\bcuda(\d+)[^\]]*\]|[-_.]cuda(\d+)[-_.](?:plugin|pjrt))/i;
const TORCH_PIN = /^torch\s*===?\s*([0-9][0-9a-z.+]*)/i;

/** Ranks the evidence: an exact runtime pin beats a torch build tag, which beats an index, which beats a major. */
const RANK = { runtime: 4, torch: 3, index: 2, major: 1 } as const;

/**
 * Derives the CUDA version from requirement lines (pip syntax, options included) and the extra index
 * URLs given separately. Undefined when nothing implies CUDA.
 */
export function impliedCudaVersion(
  lines: readonly string[],
  extraIndexUrls: readonly string[] = [],
): ImpliedCuda | undefined {
  let best: (ImpliedCuda & { rank: number }) | undefined;
  let torch: string | undefined;
  const offer = (rank: number, version: string, source: string) => {
    // The source lands in an image label and the log: never a URL's credentials.
    const safe = source.replace(/\/\/[^/@\s]*@/g, '//***@');
    if (!best || rank > best.rank) best = { rank, version, source: safe };
  };
  const options = extraIndexUrls.map((url) => `--extra-index-url ${url}`);
  for (const raw of [...lines, ...options]) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') continue;
    const index = INDEX_OPTION.exec(line);
    if (index?.[1]) {
      const tag = WHEEL_INDEX_TAG.exec(index[1]);
      if (tag?.[1]) offer(RANK.index, fromCudaTag(tag[1]), `index ${tag[0].replace(/\/$/, '')}`);
      continue;
    }
    const torchPin = TORCH_PIN.exec(line);
    if (torchPin?.[1]) torch = torchPin[1];
    const local = LOCAL_CUDA_TAG.exec(line);
    if (local?.[1]) {
      offer(RANK.torch, fromCudaTag(local[1]), line);
      continue;
    }
    const runtime = RUNTIME_PIN.exec(line);
    if (runtime) {
      offer(RANK.runtime, `${runtime[2]}.${runtime[3]}`, line);
      continue;
    }
    const wheel = NVIDIA_WHEEL.exec(line);
    if (wheel?.[1]) {
      offer(RANK.major, wheel[1], line);
      continue;
    }
    const jax = JAX_CUDA.exec(line);
    const jaxMajor = jax?.[1] ?? jax?.[2];
    if (jaxMajor) offer(RANK.major, jaxMajor, line);
  }
  if (!best) return undefined;
  const found: ImpliedCuda = { version: best.version, source: best.source };
  return torch ? { ...found, torch } : found;
}
