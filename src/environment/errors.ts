/**
 * Raised when the context holds no Python environment and the inputs give none: names every file
 * that was looked for and every input that would help, so the user can act on the first read.
 */
export class NoEnvironmentError extends Error {
  constructor(
    readonly lookedFor: readonly string[],
    readonly helpfulInputs: readonly string[],
    note?: string,
  ) {
    super(
      `No Python environment found in the build context: looked for ${lookedFor.join(', ')}.` +
        (note ? ` ${note}` : '') +
        ' Fix: add one of these files, or set one of the inputs ' +
        helpfulInputs.join(', ') +
        '.',
    );
    this.name = 'NoEnvironmentError';
  }
}
