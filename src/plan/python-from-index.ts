import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CoreInputs } from '../inputs/core.js';
import type { PythonEnvironment } from '../environment/types.js';
import { listIncludes } from '../environment/requirements-file.js';
import {
  choosePythonForPins,
  exactPins,
  type ExactPin,
  type PinFiles,
} from '../environment/python-from-wheels.js';
import {
  parseDistributionFilename,
  sameVersion,
  type IndexFile,
  type WheelTarget,
} from '../environment/wheel-tags.js';
import { SUPPORTED_RANGE } from '../environment/python-version.js';
import { indexHost, IndexUnreachable, type PackageIndexReader } from './package-index.js';
import { baseDistribution } from './base-python.js';

/** Bounds of the check: it runs on every plan, so it stays small and quick. */
export const MAX_PINS = 40;
const CONCURRENCY = 4;
const PYPI_SIMPLE = 'https://pypi.org/simple/';
/** Debian 12's glibc: every `python:<version>-slim` image is built on it. */
const PYTHON_SLIM_GLIBC: [number, number] = [2, 36];
/** Ubuntu 20.04's glibc, the oldest accelerator base we support, for a base we cannot name. */
const OLDEST_BASE_GLIBC: [number, number] = [2, 31];

export interface WheelPythonResult {
  environment: PythonEnvironment;
  /**
   * What the check found, one sentence (`Python 3.10: numpy==1.21.6 has no cp311 wheel …`), for
   * the log and the summary. Kept out of the Dockerfile: the index's host and the count of pins
   * must not change the image's source hash.
   */
  check?: string;
  warnings: string[];
}

/** The `source` of a version chosen by the check (it appears in the Dockerfile's header). */
export const WHEELS_SOURCE = 'wheels of the exact pins';

/**
 * When nothing decided the Python version (no input, no file), the default is checked against the
 * wheels the exact pins have on the index the build uses, and replaced by the preferred version
 * they all have wheels for. The plan never fails for it: an index that cannot be reached keeps
 * the default with a warning.
 */
export async function pythonFromIndex(
  root: string,
  inputs: CoreInputs,
  environment: PythonEnvironment,
  reader: PackageIndexReader,
): Promise<WheelPythonResult> {
  const unchanged = { environment, warnings: [] };
  if (environment.python.source !== 'default' || inputs.baseImage !== undefined) return unchanged;
  const texts = await requirementTexts(root, environment);
  const { pins, total } = exactPins(texts, MAX_PINS);
  if (pins.length === 0) return unchanged;
  const indexes = [
    inputs.pipIndexUrl ?? PYPI_SIMPLE,
    ...inputs.pipExtraIndexUrls,
    ...environment.extraIndexUrls,
  ];
  let found: PinFiles[];
  try {
    found = await filesOfPins(reader, indexes, pins);
  } catch (error) {
    if (!(error instanceof IndexUnreachable)) throw error;
    return {
      environment,
      warnings: [
        `Python ${environment.python.version} (default) was not checked against the wheels of the exact pins: the package index ${error.message}. Set 'python-version' to choose one.`,
      ],
    };
  }
  if (found.length === 0) return unchanged;
  const targets = wheelTargets(inputs);
  const choice = choosePythonForPins(found, (minor) => targets.map((t) => ({ ...t, minor })));
  const host = indexHost(indexes[0]!);
  const more = total > pins.length ? ` (the first ${pins.length} of ${total})` : '';
  const shown = (blockers: string[]) =>
    `${blockers.slice(0, 3).join('; ')}${blockers.length > 3 ? `; and ${blockers.length - 3} more` : ''}`;
  switch (choice.kind) {
    case 'default':
      return {
        environment,
        check: `Python ${environment.python.version}: the wheels of ${choice.checked} exact pin${choice.checked === 1 ? '' : 's'}${more} on ${host} fit it`,
        warnings: [],
      };
    case 'chosen':
      return {
        environment: {
          ...environment,
          python: { version: `3.${choice.minor}`, source: WHEELS_SOURCE },
        },
        check: `Python 3.${choice.minor}: ${shown(choice.blockers)} (index ${host}${more && `; exact pins${more}`})`,
        warnings: [],
      };
    case 'conflict':
      return {
        environment,
        warnings: [
          `No Python ${SUPPORTED_RANGE} has wheels for every exact pin on ${host} (${shown(choice.blockers)}); kept the default ${environment.python.version}. Set 'python-version', or change the pins.`,
        ],
      };
  }
}

/** The files of each pinned project, from the first index that has the pinned release. */
async function filesOfPins(
  reader: PackageIndexReader,
  indexes: readonly string[],
  pins: readonly ExactPin[],
): Promise<PinFiles[]> {
  const results: PinFiles[] = [];
  let next = 0;
  const worker = async () => {
    while (next < pins.length) {
      const pin = pins[next++]!;
      for (const index of indexes) {
        const answer = await reader.projectFiles(index, pin.project);
        if (answer.kind === 'found' && answer.files.some((file) => ofRelease(file, pin.version))) {
          results.push({ pin, files: answer.files });
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, pins.length) }, worker));
  // Pin order, so messages do not depend on which answer came first.
  return pins.flatMap((pin) => results.filter((result) => result.pin === pin));
}

function ofRelease(file: IndexFile, version: string): boolean {
  const parsed = parseDistributionFilename(file.filename);
  return parsed !== undefined && sameVersion(parsed.version, version);
}

/** The platforms the image is built for, with the C library of its base. */
export function wheelTargets(inputs: CoreInputs): Omit<WheelTarget, 'minor'>[] {
  const libcVersion = inputs.acceleratorBaseImage
    ? (baseDistribution(inputs.acceleratorBaseImage)?.glibc ?? OLDEST_BASE_GLIBC)
    : PYTHON_SLIM_GLIBC;
  const platforms =
    inputs.platforms.length > 0
      ? inputs.platforms
      : [process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64'];
  return platforms.map((platform) => ({
    arch: /arm64|aarch64/.test(platform) ? 'aarch64' : 'x86_64',
    libc: 'glibc',
    libcVersion,
  }));
}

/** The requirement lines pip installs, as far as the plan sees them (with `-r` includes). */
async function requirementTexts(root: string, environment: PythonEnvironment): Promise<string[]> {
  const install = environment.install;
  switch (install.kind) {
    case 'requirements-file': {
      const texts: string[] = [];
      const read = async (file: string, depth: number): Promise<void> => {
        const text =
          install.rewritten?.[file] ??
          (await readFile(path.join(root, file), 'utf8').catch(() => undefined));
        if (text === undefined) return;
        texts.push(text);
        if (depth >= 5) return;
        for (const include of listIncludes(file, text)) {
          // Constraint files (-c) only narrow what something else asks for.
          if (!/^(?:-r|--requirement)\b/.test(include.text)) continue;
          if (include.target.kind === 'file') await read(include.target.path, depth + 1);
        }
      };
      await read(install.file, 0);
      return texts;
    }
    case 'requirement-lines':
    case 'poetry-lock':
      return [install.lines.join('\n')];
    default:
      return [];
  }
}
