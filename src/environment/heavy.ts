/**
 * The heavy, stable part of a package list: exact pins of the packages whose wheels are large
 * (hundreds of MB to GB). They are installed in their own layer before the rest, so adding a small
 * package rebuilds and pushes only a small layer. Pure.
 */
import { classifyLine, logicalLines } from './requirements-file.js';

/**
 * Packages whose wheels are large enough to deserve their own layer (normalised names; a name
 * ending in `-` is a prefix). Kept short on purpose: a pin listed here costs nothing when small.
 */
export const HEAVY_PACKAGES: readonly string[] = [
  'torch',
  'torchvision',
  'torchaudio',
  'triton',
  'xformers',
  'flash-attn',
  'jax',
  'jaxlib',
  'tensorflow',
  'tensorflow-cpu',
  'tensorflow-gpu',
  'tensorflow-intel',
  'nvidia-',
  'cupy-cuda',
  'onnxruntime-gpu',
  'paddlepaddle-gpu',
];

/** The heavy layer's inputs: both are written by the Dockerfile itself (no context file). */
export interface HeavyPins {
  /**
   * The lines the heavy layer installs from: the file's index options, then the heavy pins as
   * written (markers and `--hash` options kept).
   */
  lines: string[];
  /** The same pins without hashes: the constraints that keep them through the full install. */
  constraints: string[];
  /** Hash-checking mode: every dependency is listed, so the heavy layer installs `--no-deps`. */
  hashed: boolean;
}

/** `name` normalised as PEP 503 does. */
function normalise(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

export function isHeavyPackage(name: string): boolean {
  const normalised = normalise(name);
  return HEAVY_PACKAGES.some((entry) =>
    entry.endsWith('-') ? normalised.startsWith(entry) : normalised === entry,
  );
}

/** Index options that the heavy install needs to find the same wheels (pip's global options). */
const CARRIED_OPTION =
  /^(?:-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--pre|--prefer-binary|--only-binary|--no-binary|--no-index)(?:[\s=]|$)/;

/**
 * The heavy pins of a requirements text (a file's content or list lines), or undefined when there
 * are none or the list cannot be split safely: an index option with credentials in it would be
 * written into the Dockerfile text (and so the image history), so such a list stays one install.
 */
export function heavyPins(text: string): HeavyPins | undefined {
  const options: string[] = [];
  const lines: string[] = [];
  const constraints: string[] = [];
  let hashed = false;
  for (const line of logicalLines(text)) {
    const entry = classifyLine(line.text);
    if (entry.kind === 'option') {
      if (!CARRIED_OPTION.test(line.text)) continue;
      if (/:\/\/[^/\s]*@/.test(line.text)) return undefined;
      options.push(line.text);
      continue;
    }
    if (entry.kind !== 'requirement') continue;
    const requirement = entry.requirement;
    const [clause] = requirement.specifiers;
    if (
      requirement.specifiers.length !== 1 ||
      requirement.url !== undefined ||
      !clause ||
      (clause.op !== '==' && clause.op !== '===') ||
      clause.version.includes('*') ||
      !isHeavyPackage(requirement.name)
    ) {
      continue;
    }
    const withHash = /\s--hash[=\s]/.test(line.text);
    hashed ||= withHash;
    lines.push(line.text.replace(/\s+/g, ' '));
    // pip refuses extras in a constraint; the name and version are what must stay.
    constraints.push(
      `${requirement.name}${clause.op}${clause.version}${requirement.marker ? ` ; ${requirement.marker}` : ''}`,
    );
  }
  if (lines.length === 0) return undefined;
  return { lines: [...options, ...lines], constraints, hashed };
}
