/**
 * Requirement lists that are installed as written: a requirements file (with its `-r`/`-c`
 * includes) or an inline list. Pure: validates every line and finds the extra indexes needed.
 */
import { FileError } from '../platform/errors.js';
import { classifyLine, logicalLines, resolveInclude } from './requirements-file.js';
import {
  appendUnique,
  invalidRequirementProblem,
  lineError,
  pytorchIndexFor,
  type Origin,
} from './origin.js';

/**
 * Local paths and editable installs are refused rather than copied: the dependency layer is built
 * before the code is copied (so a code-only change reuses it), and `-e .` would need the whole
 * code in that layer. Refusing with the line is clearer than a layer that silently rebuilds on
 * every commit.
 */
export const LOCAL_INSTALL_PROBLEM =
  'installs a local path or an editable checkout, which the dependency layer cannot do (it is ' +
  'built before the code is copied, so code-only changes reuse it). Remove the line (the code ' +
  "is in the image's working directory at run time) or list that package's dependencies instead";

export interface CheckedList {
  /** Context-relative files of the list: the root file first, then includes in first-seen order. */
  files: string[];
  /** The logical lines of an inline list (which has no file to copy); empty for a file. */
  lines: string[];
  /** PyTorch indexes that `+cuXXX` pins need and the list does not already name. */
  extraIndexUrls: string[];
}

/** Indexes a list needs (`+cuXXX` pins) and indexes it names itself (`--extra-index-url`). */
export interface ListScan {
  needed: string[];
  declared: string[];
}

/** Validates a requirements file and every file it includes. */
export function checkRequirementsFile(
  files: ReadonlyMap<string, string>,
  root: string,
): CheckedList {
  const scan: ListScan = { needed: [], declared: [] };
  const visited: string[] = [];
  const visit = (file: string, content: string): void => {
    visited.push(file);
    checkLines({ kind: 'file', file }, content, scan, [], (target, lineNumber, text) => {
      const resolved = resolveInclude(file, target);
      if (resolved.kind === 'url') return;
      if (resolved.kind === 'outside') {
        throw new FileError(file, lineNumber, `cannot include ${resolved.reason}: ${text}`);
      }
      if (visited.includes(resolved.path)) return;
      const included = files.get(resolved.path);
      if (included === undefined) {
        throw new FileError(
          file,
          lineNumber,
          `includes '${resolved.path}', which is not in the build context: ${text}`,
        );
      }
      visit(resolved.path, included);
    });
  };
  visit(root, files.get(root) ?? '');
  return { files: visited, lines: [], extraIndexUrls: missingIndexes(scan) };
}

/** Validates an inline list given as an input; includes are refused (no file to resolve from). */
export function checkInlineRequirements(input: string, text: string): CheckedList {
  const scan: ListScan = { needed: [], declared: [] };
  const lines: string[] = [];
  const origin: Origin = { kind: 'input', input };
  checkLines(origin, text, scan, lines, (_target, lineNumber, line) => {
    throw lineError(
      origin,
      lineNumber,
      line,
      'includes a file, which an inline list cannot do: give the file path as the input instead',
    );
  });
  return { files: [], lines, extraIndexUrls: missingIndexes(scan) };
}

/** Validates one pip line embedded in another file (environment.yml's `pip:` list). */
export function checkEmbeddedPipLine(
  file: string,
  lineNumber: number | undefined,
  text: string,
): ListScan {
  const entry = classifyLine(text);
  const problem =
    entry.kind === 'invalid'
      ? invalidRequirementProblem(entry.error)
      : entry.kind === 'include'
        ? 'includes a file, which the generated image cannot resolve: list the packages here'
        : entry.kind === 'editable' || entry.kind === 'local'
          ? LOCAL_INSTALL_PROBLEM
          : undefined;
  if (problem) throw new FileError(file, lineNumber, `${problem}: ${text}`);
  const index = entry.kind === 'requirement' ? pytorchIndexFor(entry.requirement) : undefined;
  return {
    needed: index ? [index] : [],
    declared: entry.kind === 'option' ? entry.indexUrls.map(withoutTrailingSlash) : [],
  };
}

function checkLines(
  origin: Origin,
  content: string,
  scan: ListScan,
  lines: string[],
  onInclude: (target: string, lineNumber: number, text: string) => void,
): void {
  for (const line of logicalLines(content)) {
    const entry = classifyLine(line.text);
    switch (entry.kind) {
      case 'invalid':
        throw lineError(origin, line.lineNumber, line.text, invalidRequirementProblem(entry.error));
      case 'editable':
      case 'local':
        throw lineError(origin, line.lineNumber, line.text, LOCAL_INSTALL_PROBLEM);
      case 'include':
        onInclude(entry.target, line.lineNumber, line.text);
        break;
      case 'option':
        appendUnique(scan.declared, entry.indexUrls.map(withoutTrailingSlash));
        break;
      case 'requirement': {
        const index = pytorchIndexFor(entry.requirement);
        if (index) appendUnique(scan.needed, [index]);
        break;
      }
      case 'url':
        break;
    }
    lines.push(line.text);
  }
}

export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function missingIndexes(scan: ListScan): string[] {
  return scan.needed.filter((url) => !scan.declared.includes(url));
}
