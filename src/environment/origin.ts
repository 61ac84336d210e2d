/**
 * Where a list of requirement lines came from, so every error and every dropped line names the
 * place the user can fix: a file and line, an input, or the job's `pip freeze`.
 */
import { FileError, InputError } from '../platform/errors.js';
import { REQUIREMENT_EXAMPLES } from './requirements-file.js';
import { localVersionLabel, type Requirement } from './pep508.js';

export type Origin =
  { kind: 'file'; file: string } | { kind: 'input'; input: string } | { kind: 'freeze' };

/** How an origin is named in `DroppedRequirement.file` and in messages. */
export function originLabel(origin: Origin): string {
  switch (origin.kind) {
    case 'file':
      return origin.file;
    case 'input':
      return `'${origin.input}' input`;
    case 'freeze':
      return 'pip freeze';
  }
}

/** An error about one line: FileError for files, InputError for inputs. */
export function lineError(
  origin: Origin,
  lineNumber: number,
  line: string,
  problem: string,
): Error {
  if (origin.kind === 'input') {
    return new InputError(
      origin.input,
      line,
      `line ${lineNumber} ${problem}`,
      'Put one requirement per line (a YAML block scalar `|` keeps the newlines).',
    );
  }
  return new FileError(originLabel(origin), lineNumber, `${problem}: ${line}`);
}

export function invalidRequirementProblem(reason: string): string {
  return `is not a valid requirement (${REQUIREMENT_EXAMPLES}; ${reason})`;
}

/**
 * PyTorch publishes `+cu121`, `+cpu` and `+rocm6.0` builds on its own index only, so a pin with
 * such a local version needs that index to install.
 */
export function pytorchIndexFor(requirement: Requirement): string | undefined {
  for (const clause of requirement.specifiers) {
    if (clause.op !== '==' && clause.op !== '===') continue;
    const label = localVersionLabel(clause.version);
    if (label && /^(?:cu\d+|cpu|rocm\d+(?:\.\d+)*)$/.test(label)) {
      return `https://download.pytorch.org/whl/${label}`;
    }
  }
  return undefined;
}

/** Adds items not yet present, keeping first-seen order. */
export function appendUnique(target: string[], items: Iterable<string>): void {
  for (const item of items) if (!target.includes(item)) target.push(item);
}

/**
 * True for URLs with `user:password@` or `token@` in them, which must not reach an image
 * (`git@` of `git+ssh://git@host/…` is a user name, not a secret).
 */
export function hasUrlCredentials(text: string): boolean {
  for (const match of text.matchAll(/[A-Za-z][A-Za-z0-9+.-]*:\/\/([^\s/@]+)@/g)) {
    if (match[1] !== 'git') return true;
  }
  return false;
}

/** The text with URL credentials replaced by `***`, so a report of the line leaks nothing. */
export function redactUrlCredentials(text: string): string {
  return text.replace(
    /([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^\s/@]+)@/g,
    (whole, scheme: string, user: string) => (user === 'git' ? whole : `${scheme}***@`),
  );
}
