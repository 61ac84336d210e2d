import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/infra.js';

interface QuickRun {
  tool: string;
  mode: string;
  scenario: string;
  ms: number;
  built: boolean;
  pushedBytes: number;
  imageBytes: number;
  floor?: { ms: number; layerBytes: number };
}

/** Runs `node bench/run.mjs --quick` on the shipped bundle, output into `out`. */
function runQuickBench(out: string): Promise<{ code: number | null; log: string }> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ['bench/run.mjs', '--quick', '--dist', join(REPO_ROOT, 'dist'), '--out', out],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, log }));
  });
}

describe('npm run bench -- --quick', () => {
  let out = '';

  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it(
    'runs every scenario for every tool and mode and writes its table and chart',
    { timeout: 60 * 60_000 },
    async () => {
      out = await mkdtemp(join(tmpdir(), 'bench-quick-'));
      const { code, log } = await runQuickBench(out);
      expect(code, log.slice(-4000)).toBe(0);

      const results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8')) as {
        runs: QuickRun[];
        hashing: { coldMs: number; warmMs: number; tarMs: number };
        startup: { ms: number };
      };
      const keys = results.runs.map((r) => `${r.tool}/${r.mode}/${r.scenario}`).sort();
      const expected: string[] = [];
      for (const tool of ['action', 'naive', 'wandb']) {
        for (const mode of ['warm', 'fresh']) {
          for (const scenario of ['cold', 'relaunch', 'code', 'deps']) {
            expected.push(`${tool}/${mode}/${scenario}`);
          }
        }
      }
      expect(keys).toEqual(expected.sort());
      for (const run of results.runs) {
        expect(run.ms).toBeGreaterThan(0);
        expect(run.imageBytes).toBeGreaterThan(0);
      }
      // Behaviour, not speed: an unchanged commit is never rebuilt, in either runner mode.
      for (const run of results.runs.filter(
        (r) => r.tool === 'action' && r.scenario === 'relaunch',
      )) {
        expect(run.built).toBe(false);
        expect(run.pushedBytes).toBe(0);
      }
      // The floor of each code-only change is measured right after it, in the same run.
      for (const run of results.runs.filter((r) => r.tool === 'action' && r.scenario === 'code')) {
        expect(run.floor?.ms).toBeGreaterThan(0);
        expect(run.floor?.layerBytes).toBeGreaterThan(0);
      }
      expect(results.hashing.coldMs).toBeGreaterThan(0);
      expect(results.startup.ms).toBeGreaterThan(0);

      const report = await readFile(join(out, 'report.md'), 'utf8');
      for (const heading of [
        '### Targets',
        '### Warm runner',
        '### Fresh runner',
        '### Image contents',
        '### Source hashing',
      ]) {
        expect(report).toContain(heading);
      }
      const scenarioRows = report
        .split('\n')
        .filter((line) => /^\| (cold build|relaunch|code-only|dependency change)/.test(line));
      expect(scenarioRows).toHaveLength(24);
      expect(report).toMatch(/Floor of a code-only change in this mode: \d/);
      expect(report).toContain('| vs floor |');
      expect(await readFile(join(out, 'chart.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    },
  );
});
