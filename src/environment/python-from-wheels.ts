/**
 * The Python version from the wheels of exact pins. Pure: which `name==version` lines to check,
 * and which Python to choose once the index has said which files each pinned release has.
 */
import { logicalLines, classifyLine } from './requirements-file.js';
import { normalizeName } from './pep508.js';
import { DEFAULT_PYTHON_VERSION, minorPreference } from './python-version.js';
import { releaseProblem, type IndexFile, type WheelTarget } from './wheel-tags.js';

/** An exact pin of a requirement list: `numpy==1.21.6`. */
export interface ExactPin {
  /** PEP 503 normalised name, as the index spells its pages. */
  project: string;
  version: string;
  /** As written, for messages. */
  text: string;
}

/**
 * Projects that ship compiled wheels and often pin Python through them; checked first when a
 * list has more exact pins than the check reads.
 */
const BINARY_FIRST = new Set([
  'numpy',
  'scipy',
  'pandas',
  'torch',
  'torchvision',
  'torchaudio',
  'tensorflow',
  'jaxlib',
  'scikit-learn',
  'opencv-python',
  'opencv-python-headless',
  'pillow',
  'pyarrow',
  'tokenizers',
  'xformers',
  'triton',
  'onnxruntime',
  'numba',
  'llvmlite',
  'h5py',
  'grpcio',
  'matplotlib',
]);

/**
 * The exact pins of requirement lines (files' text or written lines), in order, known binary
 * projects first, at most `limit`. A pin with a marker (it may not apply), a wildcard or `===`
 * is not a pin of one release and is left out.
 */
export function exactPins(
  texts: readonly string[],
  limit: number,
): { pins: ExactPin[]; total: number } {
  const seen = new Set<string>();
  const pins: ExactPin[] = [];
  for (const text of texts) {
    for (const line of logicalLines(text)) {
      const entry = classifyLine(line.text);
      if (entry.kind !== 'requirement') continue;
      const { requirement } = entry;
      const clause = requirement.specifiers[0];
      if (requirement.marker || requirement.url || requirement.specifiers.length !== 1) continue;
      if (clause?.op !== '==' || clause.version.endsWith('.*')) continue;
      const project = normalizeName(requirement.name);
      if (seen.has(project)) continue;
      seen.add(project);
      pins.push({
        project,
        version: clause.version,
        text: `${requirement.name}==${clause.version}`,
      });
    }
  }
  const ordered = [
    ...pins.filter((pin) => BINARY_FIRST.has(pin.project)),
    ...pins.filter((pin) => !BINARY_FIRST.has(pin.project)),
  ];
  return { pins: ordered.slice(0, limit), total: pins.length };
}

/** What the index said about one pin: its project's files, or that no index has the release. */
export interface PinFiles {
  pin: ExactPin;
  files: readonly IndexFile[];
}

export type WheelChoice =
  /** Every pin installs on the default: it stays. */
  | { kind: 'default'; minor: number; checked: number }
  /** The default does not fit; `minor` is the preferred one every pin fits. */
  | { kind: 'chosen'; minor: number; blockers: string[]; checked: number }
  /** No supported minor fits every pin: the default stays, with the reasons. */
  | { kind: 'conflict'; minor: number; blockers: string[]; checked: number };

/**
 * The Python every pinned release installs on, for every target platform. Preference is the one
 * `requires-python` uses (the default, then older minors newest first, then newer ones): the
 * unpinned packages of a list resolve best near the default.
 */
export function choosePythonForPins(
  found: readonly PinFiles[],
  targetsFor: (minor: number) => WheelTarget[],
): WheelChoice {
  const problemsAt = (minor: number) =>
    found.flatMap(({ pin, files }) => {
      for (const target of targetsFor(minor)) {
        const problem = releaseProblem(files, pin.version, target);
        if (problem) return [`${pin.text} ${problem}`];
      }
      return [];
    });
  const defaultMinor = Number(DEFAULT_PYTHON_VERSION.split('.')[1]);
  const blockers = problemsAt(defaultMinor);
  const checked = found.length;
  if (blockers.length === 0) return { kind: 'default', minor: defaultMinor, checked };
  const fitting = minorPreference().find((minor) => problemsAt(minor).length === 0);
  return fitting === undefined
    ? { kind: 'conflict', minor: defaultMinor, blockers, checked }
    : { kind: 'chosen', minor: fitting, blockers, checked };
}
