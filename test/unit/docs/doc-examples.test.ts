import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkBlock,
  documentationFiles,
  isCompleteWorkflow,
  loadInterface,
  read,
  yamlBlocks,
} from './doc-examples.js';
import type { YamlBlock } from './doc-examples.js';

const LINT = fileURLToPath(new URL('../../../scripts/lint-workflows.mjs', import.meta.url));
const api = loadInterface();
const blocks = documentationFiles().flatMap((file) => yamlBlocks(read(file), file));

describe('YAML examples in README.md and docs/', () => {
  it('finds the examples (README quick start and templates, cloud examples)', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks.filter(isCompleteWorkflow).length).toBeGreaterThanOrEqual(1);
  });

  it('use only our real paths, inputs, secrets and outputs', () => {
    expect(blocks.flatMap((block) => checkBlock(block, api))).toEqual([]);
  });

  it('pass actionlint when they are whole workflows', { timeout: 60_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'doc-workflows-'));
    const complete = blocks.filter(isCompleteWorkflow);
    complete.forEach((block, i) => {
      const name = `${i}-${block.file.replace(/\W+/g, '-')}-${block.line}.yml`;
      writeFileSync(join(dir, name), `${block.text}\n`);
    });
    const result = spawnSync(process.execPath, [LINT, dir], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toContain(`${complete.length} file(s), 0 finding(s)`);
    expect(result.status).toBe(0);
  });
});

describe('the example checker', () => {
  const block = (text: string): YamlBlock => ({ file: 'x.md', line: 1, text });

  it('reports a wrong path, an unknown input, secret and output', () => {
    const problems = checkBlock(
      block(`jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: OWNER/launch-action@v1
      - id: launch
        uses: launch-action/launch-action@v1
        with: { destination: x, aws-role: y }
      - run: echo "$X"
        env: { X: "\${{ steps.launch.outputs.image-digest }}" }
  b:
    uses: launch-action/launch-action/.github/workflows/launch.yml@v1
    with: { destination: x, mode: run }
    secrets: { registry-password: x }
  c:
    needs: b
    runs-on: ubuntu-latest
    steps:
      - run: echo "$Y"
        env: { Y: "\${{ needs.b.outputs.digest }}" }
`),
      api,
    );
    expect(problems).toEqual([
      expect.stringContaining('`uses: OWNER/launch-action@v1`'),
      expect.stringContaining('input `aws-role` does not exist in action.yml'),
      expect.stringContaining('input `mode` does not exist in .github/workflows/launch.yml'),
      expect.stringContaining('secret `registry-password` does not exist'),
      expect.stringContaining('`steps.launch.outputs.image-digest` is not an output of action.yml'),
      expect.stringContaining('`needs.b.outputs.digest` is not an output of'),
    ]);
  });

  it('accepts real inputs and outputs, and other steps’ outputs', () => {
    expect(
      checkBlock(
        block(`steps:
  - id: launch
    uses: launch-action/launch-action@v1
    with: { destination: x, mode: doctor }
  - id: other
    uses: actions/checkout@v4
  - run: echo "$A $B"
    env: { A: "\${{ steps.launch.outputs.image-ref }}", B: "\${{ steps.other.outputs.ref }}" }
`),
        api,
      ),
    ).toEqual([]);
  });

  it('reads indented fences inside list items', () => {
    const found = yamlBlocks('1. step\n\n   ```yaml\n   a: 1\n   ```\n', 'x.md');
    expect(found).toEqual([{ file: 'x.md', line: 4, text: 'a: 1' }]);
  });
});
