/**
 * How Python gets into an accelerator base (pure): apt when the distribution ships that version,
 * otherwise a standalone CPython. Decided from the image name when it names its distribution.
 */
import { InputError } from '../platform/errors.js';

/** A Debian-family distribution the image name reveals. */
export interface BaseDistribution {
  name: string;
  glibc: [number, number];
  /** Python minors the distribution ships as releases (pythonX.Y and pythonX.Y-venv). */
  aptMinors: number[];
}

/**
 * Ubuntu 22.04's universe has python3.11 only as a release candidate, so it is not counted;
 * Ubuntu 20.04's universe has a 3.9 release.
 */
const DISTRIBUTIONS: { pattern: RegExp; distribution: BaseDistribution }[] = [
  {
    pattern: /ubuntu[-_:]?20\.04|\bfocal\b/,
    distribution: { name: 'Ubuntu 20.04', glibc: [2, 31], aptMinors: [8, 9] },
  },
  {
    pattern: /ubuntu[-_:]?22\.04|\bjammy\b/,
    distribution: { name: 'Ubuntu 22.04', glibc: [2, 35], aptMinors: [10] },
  },
  {
    pattern: /ubuntu[-_:]?24\.04|\bnoble\b/,
    distribution: { name: 'Ubuntu 24.04', glibc: [2, 39], aptMinors: [12] },
  },
  {
    pattern: /\bbullseye\b|debian:11\b/,
    distribution: { name: 'Debian 11', glibc: [2, 31], aptMinors: [9] },
  },
  {
    pattern: /\bbookworm\b|debian:12\b/,
    distribution: { name: 'Debian 12', glibc: [2, 36], aptMinors: [11] },
  },
  {
    pattern: /\btrixie\b|debian:13\b/,
    distribution: { name: 'Debian 13', glibc: [2, 41], aptMinors: [13] },
  },
];

/** Families without apt (or without glibc): no route for Python. */
const NOT_DEBIAN =
  /\b(?:alpine|ubi\d*(?:-minimal)?|rockylinux|rocky|centos|almalinux|fedora|amazonlinux|opensuse|oraclelinux|photon)(?:\b|\d)/;

export function baseDistribution(image: string): BaseDistribution | undefined {
  const name = image.toLowerCase();
  return DISTRIBUTIONS.find((entry) => entry.pattern.test(name))?.distribution;
}

/**
 * `apt`: the distribution ships the version. `standalone`: it does not; a standalone CPython
 * (python-build-standalone, glibc 2.17 or newer, x86_64 and aarch64) is installed by uv.
 * `apt-or-standalone`: the name does not say; the build asks apt first.
 */
export type PythonRoute = 'apt' | 'standalone' | 'apt-or-standalone';

export interface PythonRouteChoice {
  route: PythonRoute;
  reason: string;
}

export function pythonRoute(image: string, version: string): PythonRouteChoice {
  const minorText = version.split('.').slice(0, 2).join('.');
  const family = NOT_DEBIAN.exec(image.toLowerCase());
  if (family) {
    throw new InputError(
      'accelerator-base-image',
      image,
      `the generated Dockerfile installs Python ${minorText} into a Debian/Ubuntu-family image (apt, glibc), and this looks like a ${family[0]} image`,
      'Use the Debian/Ubuntu variant of the image (e.g. nvidia/cuda:12.4.1-runtime-ubuntu22.04), or set base-image to an image that has Python, or write your own Dockerfile.',
    );
  }
  const distribution = baseDistribution(image);
  const minor = Number(minorText.split('.')[1]);
  if (!distribution) {
    return {
      route: 'apt-or-standalone',
      reason: `the image name does not say its distribution: apt if it ships Python ${minorText}, else a standalone CPython`,
    };
  }
  return distribution.aptMinors.includes(minor)
    ? { route: 'apt', reason: `${distribution.name} ships Python ${minorText}` }
    : {
        route: 'standalone',
        reason: `${distribution.name} ships Python ${distribution.aptMinors.map((m) => `3.${m}`).join('/')}, not ${minorText}: a standalone CPython`,
      };
}
