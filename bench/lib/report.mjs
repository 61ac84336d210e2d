// From raw bench results to the figures, the target verdicts and the BENCHMARKS.md section.
// Pure: no I/O (unit-tested).
import { MODES, SCENARIOS, SCENARIO_LABELS } from './scenarios-meta.mjs';

export const TOOL_LABELS = {
  action: 'launch-action',
  naive: 'naive Dockerfile',
  wandb: 'W&B Launch-style',
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * One figure per (tool, mode, scenario): median wall time over the repetitions, and the other
 * measurements of the repetition whose time is the median (so they belong together).
 */
export function aggregate(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = `${run.tool}/${run.mode}/${run.scenario}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  const figures = {};
  for (const [key, group] of groups) {
    const ms = median(group.map((run) => run.ms));
    const representative = [...group].sort(
      (a, b) => Math.abs(a.ms - ms) - Math.abs(b.ms - ms) || a.rep - b.rep,
    )[0];
    figures[key] = {
      ...representative,
      ms,
      runs: group.map((run) => run.ms),
      // "Was the dependency install re-run / the big wheel re-downloaded" in ANY repetition.
      dependencyInstallRan: group.some((run) => run.steps.dependencyInstallRan),
      bigWheelDownloaded: group.some((run) => run.bigWheelDownloaded),
      builtAny: group.some((run) => run.built),
    };
  }
  return figures;
}

/**
 * The floor of a code-only change in one runner mode (median over the repetitions): the same code
 * layer appended to the same dependency image through the registry API, measured in the same run.
 */
export function floorMs(runs, mode) {
  const floors = runs
    .filter((run) => run.tool === 'action' && run.mode === mode && run.floor)
    .map((run) => run.floor.ms);
  return floors.length > 0 ? median(floors) : NaN;
}

export function figure(figures, tool, mode, scenario) {
  return figures[`${tool}/${mode}/${scenario}`];
}

const pct = (part, whole) => (whole > 0 ? part / whole : NaN);

/** Every target of the benchmark with its measured figure, verdict and (when missed) the cause. */
export function evaluateTargets(results, figures) {
  const targets = [];
  const add = (name, met, measured, reason = '') => targets.push({ name, met, measured, reason });
  for (const mode of MODES) {
    const cold = figure(figures, 'action', mode, 'cold');
    const relaunch = figure(figures, 'action', mode, 'relaunch');
    const code = figure(figures, 'action', mode, 'code');
    const deps = figure(figures, 'action', mode, 'deps');
    const naiveCode = figure(figures, 'naive', mode, 'code');
    if (!cold || !relaunch || !code || !deps) continue;
    const relaunchRatio = pct(relaunch.ms, cold.ms);
    add(
      `Relaunch (${mode} runner): no build, ≤ 2 s, ≤ 3 % of cold`,
      !relaunch.builtAny && relaunch.ms <= 2000 && relaunchRatio <= 0.03,
      `${seconds(relaunch.ms)}, ${percent(relaunchRatio)} of cold, built: ${relaunch.builtAny ? 'yes' : 'no'}`,
      relaunch.builtAny
        ? 'the image was rebuilt although the tag exists'
        : relaunch.ms > 2000 || relaunchRatio > 0.03
          ? 'nothing was built; the time is node start, the builder probe (`docker buildx inspect`), `docker login`, hashing and the manifest lookup, all done before the lookup says "exists" (see Analysis); the cold build it is compared with is short because registry and index are on loopback'
          : '',
    );
    const floor = floorMs(results.runs, mode);
    if (Number.isFinite(floor)) {
      const floorRatio = pct(code.ms, floor);
      add(
        `Code-only change (${mode} runner): ≤ 1.5 × the floor measured in the same run`,
        floorRatio <= 1.5,
        `${seconds(code.ms)} vs floor ${seconds(floor)}: ${ratio(floorRatio)}`,
        floorRatio > 1.5
          ? `the floor is the append alone inside an already running process; the action also starts node, reads the inputs, hashes the context, plans, and looks the image and its dependency image up (${code.built ? timeBreakdown(code) : 'no build'})`
          : '',
      );
    }
    const codeRatio = pct(code.ms, cold.ms);
    const naiveRatio = naiveCode ? pct(code.ms, naiveCode.ms) : NaN;
    add(
      `Code-only change (${mode} runner): no dependency reinstall, ≤ 15 % of cold, ≤ 0.2 × naive`,
      !code.dependencyInstallRan && codeRatio <= 0.15 && naiveRatio <= 0.2,
      `${seconds(code.ms)}, ${percent(codeRatio)} of cold, ${ratio(naiveRatio)} naive, ` +
        `dependency install ${code.dependencyInstallRan ? 'RAN' : 'cached'}`,
      code.dependencyInstallRan
        ? 'the dependency layer was not reused'
        : codeRatio > 0.15 || naiveRatio > 0.2
          ? mode === 'fresh' && code.cacheImport?.ok
            ? `the dependency layer came from the registry's inline cache (install step CACHED, ${code.downloads.length} wheels downloaded), but the docker driver must pull and unpack the cached layers into the engine before it can export the image (see Analysis); ${timeBreakdown(code)}`
            : timeBreakdown(code)
          : '',
    );
    const depsRatio = pct(deps.ms, cold.ms);
    const onlyChanged =
      deps.downloads.length === 1 && deps.downloads[0] === results.config.extraWheel;
    add(
      `Dependency change (${mode} runner): ≤ 60 % of cold, only the changed dependency downloaded`,
      depsRatio <= 0.6 && onlyChanged,
      `${seconds(deps.ms)}, ${percent(depsRatio)} of cold, downloaded ${deps.downloads.length} wheel(s) ` +
        `(${mb(deps.downloadedBytes)})`,
      onlyChanged
        ? depsRatio > 0.6
          ? timeBreakdown(deps)
          : ''
        : mode === 'fresh'
          ? 'the pip cache mount lives in the engine and a fresh runner has none; the install layer is keyed on the whole requirements file, so every wheel is downloaded and installed again'
          : `every wheel was downloaded again: pip caches nothing from a plain-http index that is not a trusted host, so the pip cache mount stays empty (see Analysis); the install layer then reinstalls and pushes all ${mb(deps.pushedBytes)}`,
    );
  }
  // The fast-path targets: a fresh runner's code-only change near the floor and far below naive,
  // a dependency change that downloads only what changed, never slower than the W&B-style
  // Dockerfile on a warm runner, a relaunch within a second, a cold build as fast as naive.
  const freshCode = figure(figures, 'action', 'fresh', 'code');
  const freshNaiveCode = figure(figures, 'naive', 'fresh', 'code');
  if (freshCode && freshNaiveCode) {
    const r = pct(freshCode.ms, freshNaiveCode.ms);
    add(
      'Code-only change (fresh runner): ≤ 0.1 × naive',
      r <= 0.1,
      `${seconds(freshCode.ms)} vs naive ${seconds(freshNaiveCode.ms)}: ${ratio(r)}`,
      r > 0.1 ? timeBreakdown(freshCode) : '',
    );
  }
  const freshCold = figure(figures, 'action', 'fresh', 'cold');
  const freshDeps = figure(figures, 'action', 'fresh', 'deps');
  if (freshCold && freshDeps) {
    const r = pct(freshDeps.ms, freshCold.ms);
    const onlyChanged =
      freshDeps.downloads.length === 1 && freshDeps.downloads[0] === results.config.extraWheel;
    add(
      'Dependency change (fresh runner): ≤ 40 % of cold, only the new package downloaded',
      r <= 0.4 && onlyChanged,
      `${seconds(freshDeps.ms)}, ${percent(r)} of cold, downloaded ${freshDeps.downloads.length} wheel(s) ` +
        `(${mb(freshDeps.downloadedBytes)}), big wheel ${freshDeps.bigWheelDownloaded ? 'downloaded again' : 'not downloaded'}, pushed ${mb(freshDeps.pushedBytes)}`,
      onlyChanged
        ? r > 0.4
          ? timeBreakdown(freshDeps)
          : ''
        : 'the bench runs the CLI, which has no GitHub Actions cache service: the downloads of the small packages live only in the engine, which a fresh runner lacks. On a GitHub runner `dependency-cache` restores them (e2e `dependency-cache`: 1 of 4 wheels downloaded after adding one). The large pinned layer came from the registry (see the Dependency change rows)',
    );
  }
  for (const scenario of SCENARIOS) {
    const ours = figure(figures, 'action', 'warm', scenario);
    const wandb = figure(figures, 'wandb', 'warm', scenario);
    if (!ours || !wandb) continue;
    const r = pct(ours.ms, wandb.ms);
    add(
      `${SCENARIO_LABELS[scenario].replace(/^./, (c) => c.toUpperCase())} (warm runner): ≤ the W&B-style Dockerfile`,
      r <= 1,
      `${seconds(ours.ms)} vs ${seconds(wandb.ms)}: ${ratio(r)}`,
      r > 1 ? timeBreakdown(ours) : '',
    );
  }
  for (const mode of MODES) {
    const relaunch = figure(figures, 'action', mode, 'relaunch');
    if (!relaunch) continue;
    add(
      `Relaunch (${mode} runner): ≤ 1.0 s, no build`,
      relaunch.ms <= 1000 && !relaunch.builtAny,
      `${seconds(relaunch.ms)}, built: ${relaunch.builtAny ? 'yes' : 'no'}`,
      relaunch.builtAny
        ? 'the image was rebuilt although the tag exists'
        : relaunch.ms > 1000
          ? 'node start, hashing and the lookup'
          : '',
    );
  }
  for (const mode of MODES) {
    const ours = figure(figures, 'action', mode, 'cold');
    const naive = figure(figures, 'naive', mode, 'cold');
    if (!ours || !naive) continue;
    const r = pct(ours.ms, naive.ms);
    add(
      `Cold build (${mode} runner): ≤ 1.05 × naive`,
      r <= 1.05,
      `${seconds(ours.ms)} vs ${seconds(naive.ms)}: ${ratio(r)}`,
      r > 1.05 ? timeBreakdown(ours) : '',
    );
  }
  const contents = results.runs.find((run) => run.tool === 'action' && run.contents)?.contents;
  if (contents) {
    const expected =
      results.config.baseImageBytes + results.config.wheelBytes + results.config.repoBytes;
    const overhead = pct(contents.sizeBytes - expected, expected);
    const clean = contents.leftovers.length === 0 && contents.toolchains.length === 0;
    add(
      'Image: no package-manager caches or build toolchains; size within 5 % of base + dependencies + code',
      clean && Math.abs(overhead) <= 0.05,
      `${mb(contents.sizeBytes)} vs ${mb(expected)} expected (${percent(overhead)} over); ` +
        `leftovers: ${contents.leftovers.map((l) => `${l.path} ${mb(l.bytes)}`).join(', ') || 'none'}; ` +
        `toolchains: ${contents.toolchains.join(', ') || 'none'}`,
      clean
        ? Math.abs(overhead) > 0.05
          ? 'see image contents'
          : ''
        : 'caches or toolchains left in the image',
    );
  }
  const hashing = results.hashing;
  if (hashing) {
    add(
      `Hashing ${hashing.files} files / ${mb(hashing.bytes)}: warm ≤ 0.5 s, cold ≤ tar | sha256sum`,
      hashing.warmMs <= 500 && hashing.coldMs <= hashing.tarMs,
      `warm ${seconds(hashing.warmMs)}, cold ${seconds(hashing.coldMs)}, tar | sha256sum ${seconds(hashing.tarMs)}`,
      hashing.warmMs > 500
        ? 'warm hashing above 0.5 s'
        : hashing.coldMs > hashing.tarMs
          ? 'cold hashing slower than tar | sha256sum'
          : '',
    );
  }
  if (results.startup) {
    add(
      'Startup ≤ 300 ms to the first stage log',
      results.startup.ms <= 300,
      `${results.startup.ms.toFixed(0)} ms (median of ${results.startup.runs.length}; bare node ${results.startup.bareNodeMs?.toFixed(0) ?? '?'} ms)`,
      results.startup.ms > 300 ? 'node start plus loading the bundle' : '',
    );
  }
  if (results.dist) {
    add(
      'dist/ ≤ 3 MB',
      results.dist.bytes <= 3_000_000,
      `${mb(results.dist.bytes)} in ${results.dist.files} files`,
    );
  }
  return targets;
}

function timeBreakdown(run) {
  return `steps run: ${run.steps.executedNames.join('; ') || 'none'}; pushed ${mb(run.pushedBytes)}`;
}

export function seconds(ms) {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`;
}

export function percent(value) {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : 'n/a';
}

export function ratio(value) {
  return Number.isFinite(value) ? `${value.toFixed(2)} ×` : 'n/a';
}

export function mb(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A table cell: a `|` inside would end the cell. */
function cell(value) {
  return String(value).replace(/\|/g, '\\|');
}

function table(header, rows) {
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The scenario table of one runner mode: every tool, every scenario, with the ratios. */
export function scenarioTable(figures, mode, tools, floor = NaN) {
  const rows = [];
  for (const scenario of SCENARIOS) {
    for (const tool of tools) {
      const run = figure(figures, tool, mode, scenario);
      if (!run) continue;
      const cold = figure(figures, tool, mode, 'cold');
      const naive = figure(figures, 'naive', mode, scenario);
      const wandb = figure(figures, 'wandb', mode, scenario);
      rows.push([
        SCENARIO_LABELS[scenario],
        TOOL_LABELS[tool],
        seconds(run.ms),
        run.runs.map((ms) => (ms / 1000).toFixed(1)).join(' / '),
        scenario === 'cold' ? '1' : percent(pct(run.ms, cold?.ms)),
        tool === 'naive' ? '—' : ratio(pct(run.ms, naive?.ms)),
        tool === 'wandb' ? '—' : ratio(pct(run.ms, wandb?.ms)),
        ratio(pct(run.ms, floor)),
        run.built
          ? `${run.steps.executed} run / ${run.steps.cached} cached of ${run.steps.total}`
          : 'no build',
        run.dependencyInstallRan ? 'yes' : 'no',
        mb(run.pushedBytes),
        mb(run.imageBytes),
        `${run.downloads.length} (${mb(run.downloadedBytes)})${run.bigWheelDownloaded ? ', big wheel' : ''}`,
        run.load ? `${run.load[0]} → ${run.load[1]}` : 'n/a',
      ]);
    }
  }
  return table(
    [
      'Scenario',
      'Tool',
      'Wall (median)',
      'Runs (s)',
      'vs own cold',
      'vs naive',
      'vs W&B-style',
      'vs floor',
      'Dockerfile steps',
      'Deps reinstalled',
      'Pushed',
      'Image (compressed)',
      'Wheels downloaded',
      'Load avg (1 min)',
    ],
    rows,
  );
}

export function targetsTable(targets) {
  return table(
    ['Target', 'Measured', 'Verdict', 'Cause when missed'],
    targets.map((t) => [t.name, t.measured, t.met ? '**met**' : '**missed**', t.reason || '—']),
  );
}

export function contentsTable(results) {
  const rows = [];
  for (const run of results.runs) {
    if (!run.contents) continue;
    const c = run.contents;
    rows.push([
      TOOL_LABELS[run.tool],
      mb(c.sizeBytes),
      mb(run.imageBytes),
      mb(c.venvBytes),
      mb(c.pipBytes),
      c.leftovers.map((l) => `${l.path} (${mb(l.bytes)})`).join(', ') || 'none',
      c.toolchains.join(', ') || 'none',
      c.imports || 'FAILED',
    ]);
  }
  return table(
    [
      'Tool',
      'Image (docker inspect)',
      'Image (pushed, compressed)',
      'venv',
      'pip inside venv',
      'Caches left',
      'Toolchains',
      '`python train.py`',
    ],
    rows,
  );
}

/** The generated part of BENCHMARKS.md. */
export function renderReport(results) {
  const figures = aggregate(results.runs);
  const targets = evaluateTargets(results, figures);
  const { machine, config } = results;
  const tools = ['action', 'naive', 'wandb'];
  const lines = [
    `Run: ${results.startedAt} → ${results.finishedAt} (${config.quick ? 'QUICK run: reduced sizes' : config.heavy ? 'HEAVY environment: a dependency layer over 1 GB' : 'full run'}, ` +
      `${config.repetitions} repetition(s) per scenario for launch-action, ${config.baselineRepetitions ?? config.repetitions} for the baselines, figure = median).`,
    '',
    '### Machine',
    '',
    table(
      ['nproc', 'memory', 'kernel', 'docker engine', 'docker client', 'buildx', 'node'],
      [
        [
          machine.nproc,
          mb(machine.memoryBytes),
          machine.kernel,
          machine.dockerServer,
          machine.dockerClient,
          machine.buildx,
          machine.node,
        ],
      ],
    ),
    '',
    '### Workload',
    '',
    `- Repository: ${config.repoFiles} files, ${mb(config.repoBytes)} (Python sources, YAML configs, incompressible data shards).`,
    `- requirements.txt: ${config.packages.length} packages, ${mb(config.wheelBytes)} of incompressible wheels served by a local index; ` +
      `largest \`${config.bigWheel}\` ${mb(config.bigWheelBytes)}. The dependency change adds \`${config.extraWheel}\` (${mb(config.extraWheelBytes)}).`,
    `- Base image \`${config.baseImage}\`: ${mb(config.baseImageBytes)}.`,
    '',
    '### Targets',
    '',
    targetsTable(targets),
    '',
    '![Wall time per scenario](bench/results/chart.svg)',
    '',
  ];
  for (const mode of MODES) {
    const floor = floorMs(results.runs, mode);
    lines.push(
      `### ${mode === 'warm' ? 'Warm runner (engine keeps its build cache)' : 'Fresh runner (build cache and images removed before every step)'}`,
      '',
      Number.isFinite(floor)
        ? `Floor of a code-only change in this mode: ${seconds(floor)} (the same code layer, tar + gzip level 1, appended to the same dependency image through the registry API: one blob upload, a config and a manifest, inside an already running process). "vs floor" divides every figure by it.`
        : 'No floor was measured in this mode (the action made no dependency image).',
      '',
      scenarioTable(figures, mode, tools, floor),
      '',
    );
  }
  lines.push('### Image contents (cold build, warm runner)', '', contentsTable(results), '');
  if (results.hashing) {
    const h = results.hashing;
    lines.push(
      '### Source hashing',
      '',
      table(
        [
          'Context',
          'Action cold (hash stage)',
          'Action warm (hash stage)',
          '`tar c | sha256sum`',
          'Cold vs tar',
          'Whole process cold / warm',
        ],
        [
          [
            `${h.files} files, ${mb(h.bytes)}`,
            seconds(h.coldMs),
            seconds(h.warmMs),
            seconds(h.tarMs),
            ratio(pct(h.coldMs, h.tarMs)),
            `${seconds(h.coldProcessMs)} / ${seconds(h.warmProcessMs)}`,
          ],
        ],
      ),
      '',
    );
  }
  if (results.startup || results.dist) {
    lines.push(
      '### Startup and bundle',
      '',
      table(
        [
          'Startup to first `::group::` (median)',
          'Bare `node -e` printing the same line',
          'Runs (ms)',
          'dist/ size',
        ],
        [
          [
            results.startup ? `${results.startup.ms.toFixed(0)} ms` : 'n/a',
            results.startup?.bareNodeMs !== undefined
              ? `${results.startup.bareNodeMs.toFixed(0)} ms`
              : 'n/a',
            results.startup ? results.startup.runs.map((ms) => ms.toFixed(0)).join(' / ') : '',
            results.dist ? `${mb(results.dist.bytes)} (${results.dist.files} files)` : 'n/a',
          ],
        ],
      ),
      '',
    );
  }
  return { markdown: lines.join('\n'), targets, figures };
}

export const BEGIN_MARK =
  '<!-- bench:results:begin (generated by npm run bench; edits here are overwritten) -->';
export const END_MARK = '<!-- bench:results:end -->';

/** Replaces the generated section of BENCHMARKS.md, keeping the hand-written text around it. */
export function spliceReport(existing, generated) {
  const block = `${BEGIN_MARK}\n\n${generated}\n${END_MARK}`;
  const begin = existing.indexOf(BEGIN_MARK);
  const end = existing.indexOf(END_MARK);
  if (begin < 0 || end < begin) return `${existing.trimEnd()}\n\n## Results\n\n${block}\n`;
  return `${existing.slice(0, begin)}${block}${existing.slice(end + END_MARK.length)}`;
}
