import { describe, expect, it } from 'vitest';
import {
  BEGIN_MARK,
  END_MARK,
  aggregate,
  evaluateTargets,
  floorMs,
  renderReport,
  spliceReport,
  type BenchResults,
  type ScenarioRun,
} from '../../../bench/lib/report.mjs';

const EXTRA = 'einops_sim-0.8.0-py3-none-any.whl';
const BIG = 'torch_sim-2.4.0-py3-none-any.whl';

function run(
  partial: Partial<ScenarioRun> & Pick<ScenarioRun, 'tool' | 'mode' | 'scenario' | 'ms'>,
): ScenarioRun {
  return {
    rep: 0,
    built: true,
    steps: {
      total: 6,
      cached: 5,
      executed: 1,
      executedNames: ['[7/7] COPY . /app'],
      dependencyInstallRan: false,
    },
    pushedBytes: 1_000_000,
    imageBytes: 300_000_000,
    downloadedBytes: 0,
    downloads: [],
    bigWheelDownloaded: false,
    ...partial,
  };
}

function results(runs: ScenarioRun[]): BenchResults {
  return {
    startedAt: '2026-01-01T00:00:00Z',
    finishedAt: '2026-01-01T01:00:00Z',
    machine: {
      nproc: 2,
      memoryBytes: 8e9,
      kernel: 'k',
      dockerServer: '20.10',
      dockerClient: '28',
      buildx: '0.13',
      node: 'v20',
    },
    config: {
      quick: true,
      repetitions: 1,
      baseImage: 'base',
      baseImageBytes: 100_000_000,
      repoFiles: 10,
      repoBytes: 10_000_000,
      packages: ['torch-sim==2.4.0'],
      wheelBytes: 200_000_000,
      bigWheel: BIG,
      bigWheelBytes: 190_000_000,
      extraWheel: EXTRA,
      extraWheelBytes: 100_000,
    },
    runs,
  };
}

/** A run set where launch-action meets every scenario target in both modes. */
function goodRuns(): ScenarioRun[] {
  const runs: ScenarioRun[] = [];
  for (const mode of ['warm', 'fresh'] as const) {
    runs.push(
      run({
        tool: 'action',
        mode,
        scenario: 'cold',
        ms: 100_000,
        steps: { total: 6, cached: 0, executed: 6, executedNames: [], dependencyInstallRan: true },
      }),
      run({ tool: 'action', mode, scenario: 'relaunch', ms: 900, built: false }),
      run({ tool: 'action', mode, scenario: 'code', ms: 8_000 }),
      run({
        tool: 'action',
        mode,
        scenario: 'deps',
        ms: 35_000,
        downloads: [EXTRA],
        downloadedBytes: 100_000,
      }),
      run({ tool: 'naive', mode, scenario: 'cold', ms: 100_000 }),
      run({ tool: 'naive', mode, scenario: 'code', ms: 90_000 }),
      run({ tool: 'wandb', mode, scenario: 'cold', ms: 101_000 }),
      run({ tool: 'wandb', mode, scenario: 'relaunch', ms: 1_000 }),
      run({ tool: 'wandb', mode, scenario: 'code', ms: 9_000 }),
      run({ tool: 'wandb', mode, scenario: 'deps', ms: 60_000 }),
    );
  }
  return runs;
}

describe('aggregate', () => {
  it('takes the median wall time and the measurements of the median repetition', () => {
    const figures = aggregate([
      run({ tool: 'action', mode: 'warm', scenario: 'code', ms: 9_000, rep: 0, pushedBytes: 1 }),
      run({ tool: 'action', mode: 'warm', scenario: 'code', ms: 5_000, rep: 1, pushedBytes: 2 }),
      run({ tool: 'action', mode: 'warm', scenario: 'code', ms: 7_000, rep: 2, pushedBytes: 3 }),
    ]);
    const code = figures['action/warm/code'];
    expect(code?.ms).toBe(7_000);
    expect(code?.pushedBytes).toBe(3);
    expect(code?.runs).toEqual([9_000, 5_000, 7_000]);
  });

  it('flags a dependency reinstall seen in any repetition', () => {
    const reinstall = {
      total: 6,
      cached: 2,
      executed: 4,
      executedNames: ['pip install'],
      dependencyInstallRan: true,
    };
    const figures = aggregate([
      run({ tool: 'action', mode: 'fresh', scenario: 'code', ms: 1, rep: 0 }),
      run({ tool: 'action', mode: 'fresh', scenario: 'code', ms: 2, rep: 1, steps: reinstall }),
      run({ tool: 'action', mode: 'fresh', scenario: 'code', ms: 3, rep: 2 }),
    ]);
    expect(figures['action/fresh/code']?.dependencyInstallRan).toBe(true);
  });
});

describe('evaluateTargets', () => {
  const verdicts = (runs: ScenarioRun[]) =>
    Object.fromEntries(evaluateTargets(results(runs), aggregate(runs)).map((t) => [t.name, t]));

  it('marks every scenario target met when the figures are within bounds', () => {
    const all = Object.values(verdicts(goodRuns()));
    // Per mode: relaunch, code-only, dependency change (6); fresh code vs naive and fresh
    // dependency change (2); warm vs W&B-style per scenario (4); relaunch ≤ 1 s and cold vs
    // naive per mode (4).
    expect(all).toHaveLength(16);
    expect(all.filter((t) => !t.met)).toEqual([]);
  });

  it.each([
    {
      name: 'a relaunch that builds',
      change: (r: ScenarioRun) => (r.scenario === 'relaunch' ? { ...r, built: true } : r),
      target: 'Relaunch (warm runner)',
      reason: /rebuilt/,
    },
    {
      name: 'a relaunch slower than 2 s',
      change: (r: ScenarioRun) => (r.scenario === 'relaunch' ? { ...r, ms: 2_500 } : r),
      target: 'Relaunch (warm runner)',
      reason: /before the lookup/,
    },
    {
      name: 'a code change that reinstalls dependencies',
      change: (r: ScenarioRun) =>
        r.scenario === 'code' && r.tool === 'action'
          ? { ...r, steps: { ...r.steps, dependencyInstallRan: true } }
          : r,
      target: 'Code-only change (warm runner)',
      reason: /not reused/,
    },
    {
      name: 'a code change slower than 0.2 × naive',
      change: (r: ScenarioRun) =>
        r.scenario === 'code' && r.tool === 'naive' ? { ...r, ms: 30_000 } : r,
      target: 'Code-only change (warm runner)',
      reason: /steps run/,
    },
    {
      name: 'a warm code-only change slower than the W&B-style Dockerfile',
      change: (r: ScenarioRun) =>
        r.scenario === 'code' && r.tool === 'wandb' ? { ...r, ms: 4_000 } : r,
      target: 'Code-only change (warm runner): ≤ the W&B-style Dockerfile',
      reason: /steps run/,
    },
    {
      name: 'a cold build slower than 1.05 × naive',
      change: (r: ScenarioRun) =>
        r.scenario === 'cold' && r.tool === 'naive' ? { ...r, ms: 90_000 } : r,
      target: 'Cold build (fresh runner): ≤ 1.05 × naive',
      reason: /steps run/,
    },
    {
      name: 'a fresh dependency change that downloads every wheel',
      change: (r: ScenarioRun) =>
        r.scenario === 'deps' && r.tool === 'action' ? { ...r, downloads: [BIG, EXTRA] } : r,
      target: 'Dependency change (fresh runner): ≤ 40 %',
      reason: /dependency-cache/,
    },
    {
      name: 'a dependency change that downloads the big wheel again',
      change: (r: ScenarioRun) => (r.scenario === 'deps' ? { ...r, downloads: [BIG, EXTRA] } : r),
      target: 'Dependency change (fresh runner)',
      reason: /fresh runner has none/,
    },
  ])('misses on $name, with a cause', ({ change, target, reason }) => {
    const found = Object.entries(verdicts(goodRuns().map(change))).find(([name]) =>
      name.startsWith(target),
    );
    expect(found?.[1].met).toBe(false);
    expect(found?.[1].reason).toMatch(reason);
  });

  it('judges hashing, startup and bundle size against their bounds', () => {
    const base = results(goodRuns());
    const targets = evaluateTargets(
      {
        ...base,
        hashing: {
          files: 20_000,
          bytes: 5e8,
          tarMs: 3_000,
          coldMs: 3_500,
          warmMs: 400,
          coldProcessMs: 4_000,
          warmProcessMs: 900,
        },
        startup: { ms: 250, runs: [250] },
        dist: { bytes: 3_100_000, files: 9 },
      },
      aggregate(base.runs),
    );
    const byStart = (prefix: string) => targets.find((t) => t.name.startsWith(prefix));
    expect(byStart('Hashing')?.met).toBe(false);
    expect(byStart('Hashing')?.reason).toMatch(/slower than tar/);
    expect(byStart('Startup')?.met).toBe(true);
    expect(byStart('dist/')?.met).toBe(false);
  });
});

describe('renderReport', () => {
  it('renders the targets, one table per mode, and escapes pipes inside cells', () => {
    const base = results(goodRuns());
    const { markdown } = renderReport({
      ...base,
      hashing: {
        files: 10,
        bytes: 1e6,
        tarMs: 10,
        coldMs: 5,
        warmMs: 1,
        coldProcessMs: 50,
        warmProcessMs: 40,
      },
    });
    expect(markdown).toContain('### Targets');
    expect(markdown).toContain('### Warm runner');
    expect(markdown).toContain('### Fresh runner');
    expect(markdown).toContain('tar \\| sha256sum');
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| Relaunch'))) {
      expect(line.split(/(?<!\\)\|/).length).toBe(6);
    }
  });
});

describe('spliceReport', () => {
  it.each([
    {
      name: 'appends a section when there is none',
      existing: '# Benchmarks\n\nIntro.\n',
      keeps: ['Intro.'],
    },
    {
      name: 'replaces only the generated block',
      existing: `# Benchmarks\n\nIntro.\n\n${BEGIN_MARK}\nold figures\n${END_MARK}\n\n## Analysis\n\nHand-written.\n`,
      keeps: ['Intro.', 'Hand-written.'],
    },
  ])('$name', ({ existing, keeps }) => {
    const spliced = spliceReport(existing, 'NEW FIGURES');
    expect(spliced).toContain('NEW FIGURES');
    expect(spliced).not.toContain('old figures');
    for (const text of keeps) expect(spliced).toContain(text);
    expect(spliced.split(BEGIN_MARK)).toHaveLength(2);
    expect(spliceReport(spliced, 'NEWER')).not.toContain('NEW FIGURES');
  });
});

describe('the floor of a code-only change', () => {
  const withFloor = (codeMs: number) =>
    goodRuns().map((r) =>
      r.tool === 'action' && r.scenario === 'code'
        ? {
            ...r,
            ms: codeMs,
            floor: { ms: r.mode === 'warm' ? 2_000 : 3_000, layerMs: 500, layerBytes: 40e6 },
          }
        : r,
    );

  it('is the median of the floors measured after the code-only changes of a mode', () => {
    const runs = [
      run({
        tool: 'action',
        mode: 'warm',
        scenario: 'code',
        ms: 1,
        rep: 0,
        floor: { ms: 3_000, layerMs: 1, layerBytes: 1 },
      }),
      run({
        tool: 'action',
        mode: 'warm',
        scenario: 'code',
        ms: 1,
        rep: 1,
        floor: { ms: 1_000, layerMs: 1, layerBytes: 1 },
      }),
      run({
        tool: 'action',
        mode: 'warm',
        scenario: 'code',
        ms: 1,
        rep: 2,
        floor: { ms: 2_000, layerMs: 1, layerBytes: 1 },
      }),
    ];
    expect(floorMs(runs, 'warm')).toBe(2_000);
    expect(floorMs(runs, 'fresh')).toBeNaN();
  });

  it.each([
    [2_900, true],
    [3_100, false],
  ])('a warm code-only change of %d ms against a 2 s floor: met = %s', (codeMs, met) => {
    const runs = withFloor(codeMs);
    const target = evaluateTargets(results(runs), aggregate(runs)).find(
      (t) =>
        t.name === 'Code-only change (warm runner): ≤ 1.5 × the floor measured in the same run',
    );
    expect(target?.met).toBe(met);
    expect(target?.measured).toContain('vs floor 2.00 s');
  });

  it('divides every figure of the scenario tables by the floor of their mode', () => {
    const { markdown } = renderReport(results(withFloor(3_000)));
    expect(markdown).toContain('Floor of a code-only change in this mode: 2.00 s');
    expect(markdown).toContain('Floor of a code-only change in this mode: 3.00 s');
    expect(markdown).toContain('| vs floor |');
    // warm cold build 100 s against a 2 s floor; fresh code-only 3 s against a 3 s floor.
    expect(markdown).toMatch(
      /\| cold build \+ push \| launch-action \| 100\.0 s \|[^\n]*\| 50\.00 × \|/,
    );
    expect(markdown).toMatch(
      /\| code-only change \| launch-action \| 3\.00 s \|[^\n]*\| 1\.00 × \|/,
    );
  });
});
