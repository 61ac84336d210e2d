/**
 * An input the user gave that cannot be used. The message always names the input, the value,
 * what is allowed and how to fix it, so the user can act on the first read.
 */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly allowed: string,
    readonly fix?: string,
  ) {
    const shown = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    super(
      `Input '${input}' has an invalid value ${JSON.stringify(shown)}: ${allowed}.` +
        (fix ? ` ${fix}` : ''),
    );
    this.name = 'InputError';
  }
}

/** A problem in a file of the user's repository, reported with the file and line. */
export class FileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    /** The message without the location. */
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`);
    this.name = 'FileError';
  }
}

/** Turns anything thrown into a message, so no throw is ever reported as success or '[object]'. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
