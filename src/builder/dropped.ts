/**
 * Pins of a frozen list that the image build skipped. The Dockerfile's pin-by-pin fallback names
 * each in the build log and in /tmp/launch/dropped.txt inside the image: the log is read while the
 * build runs; when the install step came from the layer cache (no log), the file is read from the
 * image in the local engine.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DroppedRequirement, PythonEnvironment } from '../environment/types.js';
import type { Exec } from '../platform/exec.js';

/** Where the fallback lists the skipped pins inside the image. */
export const DROPPED_FILE = '/tmp/launch/dropped.txt';

/**
 * A line the fallback printed: alone on its line, after BuildKit's `#<step> <seconds> ` prefix
 * (plain progress) or none (the classic builder). The step header that echoes the RUN command
 * holds the same words mid-line, so it never matches.
 */
const LOG_LINE =
  /^(?:#\d+ \d+(?:\.\d+)? )?launch-action: warning: dropped '([^'\n]+)': it could not be installed/gm;

/** Collects dropped pins from build output that arrives in chunks (lines may be split). */
export class DroppedPinScanner {
  private buffer = '';
  private readonly found: string[] = [];

  push(chunk: string): void {
    this.buffer += chunk;
    const end = this.buffer.lastIndexOf('\n');
    if (end === -1) return;
    this.scan(this.buffer.slice(0, end));
    this.buffer = this.buffer.slice(end + 1);
  }

  pins(): string[] {
    this.scan(this.buffer);
    this.buffer = '';
    return [...this.found];
  }

  private scan(text: string): void {
    for (const match of text.matchAll(LOG_LINE)) {
      const pin = match[1] ?? '';
      if (!this.found.includes(pin)) this.found.push(pin);
    }
  }
}

/** Whether the plan installs a frozen list (the only install with the pin-by-pin fallback). */
export function installsFrozenList(environment: PythonEnvironment): boolean {
  return environment.install.kind === 'requirement-lines' && environment.install.noDeps;
}

/** The pins listed in the image's dropped file; [] when it has none (nothing was dropped). */
export async function droppedPinsInImage(
  run: Exec,
  env: NodeJS.ProcessEnv,
  image: string,
): Promise<string[]> {
  const result = await run(
    'docker',
    ['run', '--rm', '--network', 'none', '--entrypoint', 'cat', image, DROPPED_FILE],
    { env },
  );
  if (result.exitCode !== 0) return [];
  return [...new Set(result.stdout.split('\n').map((line) => line.trim()))].filter(Boolean);
}

/** Rows for the summary's dropped table: the pin, where the list came from, why. */
export async function droppedRows(
  pins: string[],
  environment: PythonEnvironment,
  contextRoot: string,
): Promise<DroppedRequirement[]> {
  const file = environment.files[0];
  let lines: string[] = [];
  if (file !== undefined) {
    lines = await readFile(path.join(contextRoot, file), 'utf8')
      .then((text) => text.split(/\r?\n/).map((line) => line.trim()))
      .catch(() => []);
  }
  return pins.map((pin) => ({
    line: pin,
    file: file ?? 'frozen-requirements',
    lineNumber: lines.indexOf(pin) + 1,
    reason: `it could not be installed when the image was built, so it was skipped (listed in ${DROPPED_FILE} in the image)`,
  }));
}
