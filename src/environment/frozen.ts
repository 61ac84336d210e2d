/**
 * Frozen package lists (`pip freeze` output). They pin every package, so they are installed with
 * `--no-deps`, and sanitised first: lines that only make sense on the machine that froze the list
 * are dropped and reported, never silently lost.
 */
import type { DroppedRequirement } from './types.js';
import { classifyLine, logicalLines } from './requirements-file.js';
import { normalizeName } from './pep508.js';
import { splitLines } from './text.js';
import { missingIndexes, withoutTrailingSlash } from './requirements.js';
import {
  appendUnique,
  hasUrlCredentials,
  redactUrlCredentials,
  invalidRequirementProblem,
  lineError,
  originLabel,
  pytorchIndexFor,
  type Origin,
} from './origin.js';

export interface SanitisedList {
  lines: string[];
  dropped: DroppedRequirement[];
  extraIndexUrls: string[];
}

export const DROP_REASONS = {
  editableNote: "pip freeze's note about an editable install (the install is dropped too)",
  editable:
    'editable install: it points at a checkout on the machine that froze the list; add ' +
    "'name @ git+https://…' to a requirements file if the run needs it",
  condaBuild:
    'local file of a conda package build: it does not exist where the image is built; pin the ' +
    "package from PyPI (e.g. 'name==<version>') if the run needs it",
  localPath: 'local path: it does not exist where the image is built',
  pkgResources: "not a real package (an artefact of Debian/Ubuntu's patched pip)",
  include: 'includes another file: a frozen list must be self-contained',
  credentials: 'the URL carries credentials, which must never be written into an image',
} as const;

/**
 * Sanitises a frozen list. Lines that are not requirements at all are errors for a list the user
 * wrote (a file or an input: they can fix it) and dropped for `pip freeze` output (they cannot).
 */
export function sanitiseFrozenList(origin: Origin, content: string): SanitisedList {
  const label = originLabel(origin);
  const result: SanitisedList = { lines: [], dropped: [], extraIndexUrls: [] };
  const needed: string[] = [];
  const declared: string[] = [];
  const drop = (lineNumber: number, line: string, reason: string): void => {
    // Dropped lines are logged and reported: never with a password or token in them.
    result.dropped.push({ line: redactUrlCredentials(line), file: label, lineNumber, reason });
  };

  splitLines(content).forEach((raw, index) => {
    if (/^\s*#\s*Editable\b/i.test(raw)) drop(index + 1, raw.trim(), DROP_REASONS.editableNote);
  });

  for (const { lineNumber, text } of logicalLines(content)) {
    const entry = classifyLine(text);
    if (entry.kind === 'invalid') {
      const problem = invalidRequirementProblem(entry.error);
      if (origin.kind !== 'freeze') throw lineError(origin, lineNumber, text, problem);
      drop(lineNumber, text, problem);
    } else if (
      entry.kind === 'editable' ||
      (entry.kind === 'url' && /^(?:-e|--editable)\b/.test(text))
    ) {
      drop(lineNumber, text, DROP_REASONS.editable);
    } else if (entry.kind === 'local') {
      const conda = /conda|feedstock_root|croot/i.test(entry.target);
      drop(lineNumber, text, conda ? DROP_REASONS.condaBuild : DROP_REASONS.localPath);
    } else if (entry.kind === 'include') {
      drop(lineNumber, text, DROP_REASONS.include);
    } else if (hasUrlCredentials(text)) {
      drop(lineNumber, text, DROP_REASONS.credentials);
    } else if (
      entry.kind === 'requirement' &&
      normalizeName(entry.requirement.name) === 'pkg-resources'
    ) {
      drop(lineNumber, text, DROP_REASONS.pkgResources);
    } else {
      if (entry.kind === 'requirement') {
        const index = pytorchIndexFor(entry.requirement);
        if (index) appendUnique(needed, [index]);
      }
      if (entry.kind === 'option') {
        appendUnique(declared, entry.indexUrls.map(withoutTrailingSlash));
      }
      result.lines.push(text);
    }
  }
  result.extraIndexUrls = missingIndexes({ needed, declared });
  result.dropped.sort((left, right) => left.lineNumber - right.lineNumber);
  return result;
}
