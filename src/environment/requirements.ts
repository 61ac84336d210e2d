/**
 * Requirement lists that are installed as written: a requirements file (with its `-r`/`-c`
 * includes) or an inline list. Pure: validates every line and finds the extra indexes needed.
 */
import { posix } from 'node:path';
import { FileError } from '../platform/errors.js';
import { classifyLine, logicalLines, resolveInclude } from './requirements-file.js';
import {
  appendUnique,
  invalidRequirementProblem,
  lineError,
  originLabel,
  pytorchIndexFor,
  type Origin,
} from './origin.js';

/**
 * Local archives, `file:` URLs and paths outside the context are refused rather than copied: the
 * dependency layer is built before the code is copied (so a code-only change reuses it). Folders
 * of the context (`-e .`, `./sub`) are installed after the code copy instead.
 */
export const LOCAL_INSTALL_PROBLEM =
  'installs a local archive, a file: URL or a path outside the build context, which the ' +
  'dependency layer cannot do (it is built before the code is copied, so code-only changes ' +
  "reuse it). Use a folder of the repository ('-e .', './subpkg'), a package from the index, " +
  'or remove the line';

/** A `-e .`, `.`, `-e ./sub[extra]` line: the project in that folder is installed after the code copy. */
export interface LocalProjectLine {
  /** Where the line is, e.g. `requirements.txt line 3`. */
  where: string;
  text: string;
  /** Context-relative folder (pip resolves these paths from the working directory, the root). */
  path: string;
  extras: string[];
}

/**
 * A local line that names a folder of the context, or undefined (an archive, a `file:` URL, a
 * path outside the context: still refused).
 */
export function localProjectPath(target: string): { path: string; extras: string[] } | undefined {
  const match = /^(.*?)(?:\[([^\]]*)\])?$/.exec(target.trim());
  const raw = (match?.[1] ?? '').replace(/\\/g, '/');
  if (
    raw === '' ||
    /^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw) ||
    raw.startsWith('/') ||
    raw.startsWith('~')
  ) {
    return undefined;
  }
  if (/\.(?:whl|tar\.gz|tgz|tar\.bz2|tar\.xz|zip)$/i.test(raw)) return undefined;
  const path = posix.normalize(raw).replace(/\/+$/, '') || '.';
  if (path === '..' || path.startsWith('../')) return undefined;
  const extras = (match?.[2] ?? '')
    .split(',')
    .map((extra) => extra.trim())
    .filter((extra) => extra !== '');
  return { path, extras };
}

export interface CheckedList {
  /** Context-relative files of the list: the root file first, then includes in first-seen order. */
  files: string[];
  /** The logical lines of an inline list (which has no file to copy); empty for a file. */
  lines: string[];
  /** PyTorch indexes that `+cuXXX` pins need and the list does not already name. */
  extraIndexUrls: string[];
  /** Local project lines, installed after the code copy instead of in the dependency layer. */
  localProjects: LocalProjectLine[];
  /**
   * Files that held local project lines, with those lines taken out: the dependency layer writes
   * these instead of copying the originals.
   */
  rewritten: Record<string, string>;
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
  const localProjects: LocalProjectLine[] = [];
  const rewritten: Record<string, string> = {};
  const visit = (file: string, content: string): void => {
    visited.push(file);
    const kept: string[] = [];
    const before = localProjects.length;
    checkLines(
      { kind: 'file', file },
      content,
      scan,
      kept,
      localProjects,
      (target, lineNumber, text) => {
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
      },
    );
    if (localProjects.length > before) rewritten[file] = kept.map((line) => `${line}\n`).join('');
  };
  visit(root, files.get(root) ?? '');
  return {
    files: visited,
    lines: [],
    extraIndexUrls: missingIndexes(scan),
    localProjects,
    rewritten,
  };
}

/** Validates an inline list given as an input; includes are refused (no file to resolve from). */
export function checkInlineRequirements(input: string, text: string): CheckedList {
  const scan: ListScan = { needed: [], declared: [] };
  const lines: string[] = [];
  const localProjects: LocalProjectLine[] = [];
  const origin: Origin = { kind: 'input', input };
  checkLines(origin, text, scan, lines, localProjects, (_target, lineNumber, line) => {
    throw lineError(
      origin,
      lineNumber,
      line,
      'includes a file, which an inline list cannot do: give the file path as the input instead',
    );
  });
  return { files: [], lines, extraIndexUrls: missingIndexes(scan), localProjects, rewritten: {} };
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
  localProjects: LocalProjectLine[],
  onInclude: (target: string, lineNumber: number, text: string) => void,
): void {
  for (const line of logicalLines(content)) {
    const entry = classifyLine(line.text);
    switch (entry.kind) {
      case 'invalid':
        throw lineError(origin, line.lineNumber, line.text, invalidRequirementProblem(entry.error));
      case 'editable':
      case 'local': {
        const local = localProjectPath(entry.target);
        if (!local) throw lineError(origin, line.lineNumber, line.text, LOCAL_INSTALL_PROBLEM);
        localProjects.push({
          where: `${originLabel(origin)} line ${line.lineNumber}`,
          text: line.text,
          ...local,
        });
        continue;
      }
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
