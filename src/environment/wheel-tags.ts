/**
 * Wheel compatibility tags (PEP 425, PEP 600, PEP 656) for the CPython the image gets. Pure: which
 * of a release's files pip would install on CPython 3.minor, Linux, a given CPU and C library.
 */
import { minorAllowedBySpecifier } from './python-version.js';

/** The machine a wheel must run on: CPython 3.minor on Linux. */
export interface WheelTarget {
  minor: number;
  arch: 'x86_64' | 'aarch64';
  libc: 'glibc' | 'musl';
  /** The C library's version in the base image, e.g. [2, 36] for Debian 12's glibc. */
  libcVersion: readonly [number, number];
}

export interface WheelTag {
  python: string;
  abi: string;
  platform: string;
}

export type DistributionFile =
  { kind: 'wheel'; version: string; tags: WheelTag[] } | { kind: 'sdist'; version: string };

/** One file of a project's index page: its name and `requires-python`, when the index gives one. */
export interface IndexFile {
  filename: string;
  requiresPython?: string;
}

const SDIST = /\.(?:tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i;

/** Reads a distribution file name; undefined for anything that is neither a wheel nor an sdist. */
export function parseDistributionFilename(filename: string): DistributionFile | undefined {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return undefined;
    const [python, abi, platform] = parts.slice(-3) as [string, string, string];
    const tags: WheelTag[] = [];
    for (const p of python.split('.')) {
      for (const a of abi.split('.')) {
        for (const plat of platform.split('.')) tags.push({ python: p, abi: a, platform: plat });
      }
    }
    return { kind: 'wheel', version: parts[1]!, tags };
  }
  const sdist = SDIST.exec(filename);
  if (!sdist) return undefined;
  const stem = filename.slice(0, sdist.index);
  const dash = stem.lastIndexOf('-');
  return dash <= 0 ? undefined : { kind: 'sdist', version: stem.slice(dash + 1) };
}

/** PEP 440 equality as `==` sees it: `1.0` equals `1.0.0`, case and a leading `v` don't count. */
export function sameVersion(left: string, right: string): boolean {
  return versionKey(left) === versionKey(right);
}

function versionKey(version: string): string {
  const text = version.trim().toLowerCase().replace(/^v/, '');
  const match = /^((?:\d+!)?)(\d+(?:\.\d+)*)(.*)$/.exec(text);
  if (!match) return text;
  const release = match[2]!.split('.').map(Number);
  while (release.length > 1 && release.at(-1) === 0) release.pop();
  return `${match[1]}${release.join('.')}${match[3]!.replace(/_/g, '-')}`;
}

/** Whether CPython 3.minor accepts the python and ABI parts of a tag (the interpreter side). */
export function interpreterSupports(tag: WheelTag, minor: number): boolean {
  const cpython = /^cp3(\d+)$/.exec(tag.python);
  if (cpython) {
    const built = Number(cpython[1]);
    if (tag.abi === 'abi3') return built >= 2 && built <= minor;
    if (tag.abi === 'none' || tag.abi === `cp3${minor}`) return built === minor;
    return false;
  }
  // Generic tags: py3 and py3X up to this minor, always with no ABI.
  const generic = /^py3(\d*)$/.exec(tag.python);
  if (generic && tag.abi === 'none') return generic[1] === '' || Number(generic[1]) <= minor;
  return false;
}

const LEGACY_MANYLINUX: Record<string, [number, number]> = {
  manylinux1: [2, 5],
  manylinux2010: [2, 12],
  manylinux2014: [2, 17],
};

/** Whether a Linux base with this CPU and C library accepts the platform part of a tag. */
export function platformSupports(platform: string, target: WheelTarget): boolean {
  if (platform === 'any') return true;
  if (platform === `linux_${target.arch}`) return true;
  const legacy = /^(manylinux1|manylinux2010|manylinux2014)_(.+)$/.exec(platform);
  if (legacy) {
    return (
      target.libc === 'glibc' &&
      legacy[2] === target.arch &&
      atLeast(target.libcVersion, LEGACY_MANYLINUX[legacy[1]!]!)
    );
  }
  const modern = /^(manylinux|musllinux)_(\d+)_(\d+)_(.+)$/.exec(platform);
  if (!modern) return false;
  const libc = modern[1] === 'manylinux' ? 'glibc' : 'musl';
  return (
    libc === target.libc &&
    modern[4] === target.arch &&
    atLeast(target.libcVersion, [Number(modern[2]), Number(modern[3])])
  );
}

function atLeast(have: readonly [number, number], need: readonly [number, number]): boolean {
  return have[0] > need[0] || (have[0] === need[0] && have[1] >= need[1]);
}

export function wheelSupports(tags: readonly WheelTag[], target: WheelTarget): boolean {
  return tags.some(
    (tag) =>
      interpreterSupports(tag, target.minor) &&
      platformSupports(tag.platform, target) &&
      // pip pairs `any` only with no ABI: an ABI means compiled code, which has a platform.
      (tag.platform !== 'any' || tag.abi === 'none'),
  );
}

/**
 * Why a pinned release cannot be installed on the target, or undefined when it can (or when
 * nothing is known against it). A release with wheels needs one for the target; a release with
 * only an sdist constrains nothing but its `requires-python`.
 */
export function releaseProblem(
  files: readonly IndexFile[],
  version: string,
  target: WheelTarget,
): string | undefined {
  const release = files.flatMap((file) => {
    const parsed = parseDistributionFilename(file.filename);
    return parsed && sameVersion(parsed.version, version) ? [{ file, parsed }] : [];
  });
  const allows = (file: IndexFile) =>
    file.requiresPython === undefined ||
    minorAllowedBySpecifier(file.requiresPython, target.minor) !== false;
  const wheels = release.filter((entry) => entry.parsed.kind === 'wheel');
  if (wheels.length === 0) {
    if (release.length === 0 || release.some((entry) => allows(entry.file))) return undefined;
    return `requires Python ${release[0]!.file.requiresPython}`;
  }
  const fitting = wheels.filter(
    (entry) => entry.parsed.kind === 'wheel' && wheelSupports(entry.parsed.tags, target),
  );
  if (fitting.length === 0) {
    return `has no cp3${target.minor} wheel for ${target.libc === 'musl' ? 'musllinux' : 'manylinux'} ${target.arch}`;
  }
  if (fitting.some((entry) => allows(entry.file))) return undefined;
  return `requires Python ${fitting[0]!.file.requiresPython}`;
}
