import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// README's design table lists src/'s folders top (highest) to bottom (ground floor); each folder
// may import only folders below it. This keeps that promise checked, dynamic imports included.
const ROOT = new URL('../../../', import.meta.url).pathname;
const SRC = join(ROOT, 'src');

function tableOrder(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| `src\/([a-z-]+)\/`/gm)].map((match) => match[1]!);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function importedFolders(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from |import\()'\.\.\/([a-z-]+)\//g)].map((match) => match[1]!);
}

describe("README's design table", () => {
  const order = tableOrder();
  const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());

  it('lists every folder of src/ once', () => {
    expect([...order].sort()).toEqual([...folders].sort());
  });

  it('every import points to a folder below the importing one', () => {
    const upward: string[] = [];
    for (const folder of folders) {
      for (const file of filesUnder(join(SRC, folder))) {
        for (const target of importedFolders(file)) {
          if (target !== folder && order.indexOf(target) < order.indexOf(folder)) {
            upward.push(`${file.slice(SRC.length + 1)} imports ${target}/`);
          }
        }
      }
    }
    expect(upward).toEqual([]);
  });
});
