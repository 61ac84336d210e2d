/**
 * conda `environment.yml`: channels, conda package specs, the `pip:` sub-list and the Python pin.
 * Pure; malformed YAML and bad specs are reported with their line.
 */
import { load } from 'js-yaml';
import { FileError } from '../platform/errors.js';
import { checkEmbeddedPipLine, missingIndexes, type ListScan } from './requirements.js';
import { appendUnique } from './origin.js';
import { pythonFromSpecifier, supportedVersion, SUPPORTED_RANGE } from './python-version.js';
import { SequenceItemLocator } from './text.js';

export interface CondaEnvironment {
  file: string;
  name?: string;
  channels: string[];
  /** Conda package specs, in file order (`numpy=1.26`, `pytorch::pytorch`, `python=3.11`). */
  specs: string[];
  pipLines: string[];
  /** The `python…` spec with its line, when the file pins Python. */
  pythonPin?: { spec: string; line: number | undefined };
  extraIndexUrls: string[];
}

/** `[channel::]name[version[build]]`, e.g. `conda-forge::numpy>=1.26,<2`, `cudatoolkit 11.8.*`. */
const CONDA_SPEC = /^(?:[A-Za-z0-9_.\-/:]+::)?([A-Za-z0-9_][A-Za-z0-9_.-]*)(.*)$/;
const CONDA_SPEC_REST = /^[\s0-9A-Za-z_.*=<>!~,|+\-[\]'"]*$/;

export function parseCondaEnvironment(file: string, content: string): CondaEnvironment {
  const document = loadYaml(file, content);
  const locator = new SequenceItemLocator(content);
  const environment: CondaEnvironment = {
    file,
    channels: stringList(file, content, document.channels, 'channels'),
    specs: [],
    pipLines: [],
    extraIndexUrls: [],
  };
  if (typeof document.name === 'string') environment.name = document.name;

  const dependencies = document.dependencies ?? [];
  if (!Array.isArray(dependencies)) {
    throw new FileError(file, lineOfKey(content, 'dependencies'), "'dependencies' must be a list");
  }
  const scan: ListScan = { needed: [], declared: [] };
  for (const item of dependencies as unknown[]) {
    if (isPipSection(item)) {
      for (const pipLine of stringList(file, content, item.pip, 'pip')) {
        const found = checkEmbeddedPipLine(file, locator.locate(pipLine), pipLine);
        appendUnique(scan.needed, found.needed);
        appendUnique(scan.declared, found.declared);
        environment.pipLines.push(pipLine);
      }
    } else if (typeof item === 'string') {
      const line = locator.locate(item);
      const name = checkCondaSpec(file, line, item);
      if (name === 'python') environment.pythonPin = { spec: item, line };
      environment.specs.push(item);
    } else {
      throw new FileError(
        file,
        locator.locate(String(item)),
        `dependency ${JSON.stringify(item)} is not a package spec (expected e.g. 'numpy=1.26' or ` +
          `a 'pip:' list; quote versions so YAML keeps them as text)`,
      );
    }
  }
  environment.extraIndexUrls = missingIndexes(scan);
  return environment;
}

/** The Python version of a conda `python` spec, or undefined when it leaves Python unpinned. */
export function pythonFromCondaPin(
  file: string,
  pin: { spec: string; line: number | undefined },
): string | undefined {
  const constraint = (CONDA_SPEC.exec(pin.spec.trim())?.[2] ?? '').replace(/\[.*\]/, '').trim();
  if (constraint === '' || constraint === '*') return undefined;
  // `=3.11`, `==3.11.4`, `3.11.*`, `=3.11.4=h955ad1f_0` (with a build string).
  const exact = /^(?:==?)?\s*(\d+(?:\.\d+){0,2})(?:\.\*)?(?:[=\s]\S+)?$/.exec(constraint);
  if (exact?.[1] && !exact[1].includes('.')) {
    // `python=3`: any 3.x.
    return pythonFromSpecifier(`==${exact[1]}.*`, file, pin.line);
  }
  if (exact?.[1]) {
    const version = supportedVersion(exact[1]);
    if (version) return version;
    throw new FileError(
      file,
      pin.line,
      `pins Python ${exact[1]}, which is not supported (Python ${SUPPORTED_RANGE}): ${pin.spec}`,
    );
  }
  if (constraint.includes('|')) {
    throw new FileError(
      file,
      pin.line,
      `'${pin.spec}': a Python pin with '|' is not supported; pin one range or set 'python-version'`,
    );
  }
  return pythonFromSpecifier(constraint.replace(/\s+/g, ''), file, pin.line);
}

function checkCondaSpec(file: string, line: number | undefined, spec: string): string {
  const match = CONDA_SPEC.exec(spec.trim());
  if (!match?.[1] || !CONDA_SPEC_REST.test(match[2] ?? '')) {
    throw new FileError(
      file,
      line,
      `'${spec}' is not a valid conda package spec (expected e.g. 'numpy=1.26', ` +
        `'pytorch::pytorch>=2.1' or 'cudatoolkit 11.8.*')`,
    );
  }
  return match[1].toLowerCase();
}

function loadYaml(file: string, content: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = load(content);
  } catch (error) {
    const mark = (error as { mark?: { line?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? String(error);
    throw new FileError(
      file,
      mark?.line === undefined ? 1 : mark.line + 1,
      `invalid YAML: ${reason}`,
    );
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new FileError(file, 1, "expected a mapping with 'dependencies' (and 'channels', 'name')");
  }
  return document as Record<string, unknown>;
}

function isPipSection(item: unknown): item is { pip: unknown } {
  return typeof item === 'object' && item !== null && !Array.isArray(item) && 'pip' in item;
}

function stringList(file: string, content: string, value: unknown, key: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new FileError(file, lineOfKey(content, key), `'${key}' must be a list of strings`);
  }
  return value as string[];
}

function lineOfKey(content: string, key: string): number | undefined {
  const index = content
    .split(/\r?\n/)
    .findIndex((line) => new RegExp(`^\\s*-?\\s*${key}\\s*:`).test(line));
  return index === -1 ? undefined : index + 1;
}
