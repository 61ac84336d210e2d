/** Small pure helpers for pointing errors at the right line of a file. */

export function splitLines(content: string): string[] {
  return content.replace(/^\uFEFF/, '').split(/\r?\n/);
}

/** 1-based number of the first line at or after `fromLine` that contains `needle`. */
export function findLine(content: string, needle: string, fromLine = 1): number | undefined {
  const lines = splitLines(content);
  for (let index = Math.max(fromLine - 1, 0); index < lines.length; index += 1) {
    if ((lines[index] ?? '').includes(needle)) return index + 1;
  }
  return undefined;
}

/**
 * Line numbers of YAML block-sequence items (`- value`), matched in order: the parsed value of the
 * n-th string item is looked for at or after the line of the previous one. Items written in flow
 * style (`[a, b]`) fall back to the first line containing the value.
 */
export class SequenceItemLocator {
  private nextLine = 1;

  constructor(private readonly content: string) {}

  locate(value: string): number | undefined {
    const lines = splitLines(this.content);
    for (let index = this.nextLine - 1; index < lines.length; index += 1) {
      const match = /^\s*-\s+(['"]?)(.*?)\1\s*(?:\s#.*)?$/.exec(lines[index] ?? '');
      if (match && match[2] === value) {
        this.nextLine = index + 2;
        return index + 1;
      }
    }
    return findLine(this.content, value, this.nextLine) ?? findLine(this.content, value);
  }
}
