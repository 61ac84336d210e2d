/** The zip reader against archives made by the real `zip` tool (stored and deflated). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readZipEntry } from '../../../src/dispatch/zip.js';

function zipOf(files: Record<string, string>, flags: string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  execFileSync('zip', ['-q', '-r', ...flags, 'out.zip', ...Object.keys(files)], { cwd: dir });
  return readFileSync(join(dir, 'out.zip'));
}

describe('readZipEntry', () => {
  const record = JSON.stringify({ exitCode: 3, logTail: Array(200).fill('epoch 1 loss 0.5') });
  it.each([
    ['deflated', ['-9']],
    ['stored', ['-0']],
  ])('reads a %s entry among others', (_kind, flags) => {
    const zip = zipOf({ 'result.json': record, 'outputs/model.txt': 'weights' }, flags);
    expect(readZipEntry(zip, 'result.json')?.toString('utf8')).toBe(record);
    expect(readZipEntry(zip, 'outputs/model.txt')?.toString('utf8')).toBe('weights');
    expect(readZipEntry(zip, 'missing.json')).toBeUndefined();
  });

  it('refuses what is not a zip', () => {
    expect(() => readZipEntry(Buffer.from('<html>not found</html>'), 'result.json')).toThrow(
      /not a zip archive/,
    );
  });
});
