#!/usr/bin/env node
// The benchmark: `npm run bench` (full) or `npm run bench -- --quick` / BENCH_QUICK=1 (reduced).
// See BENCHMARKS.md for what it measures and how to read the results.
//
// Options:
//   --quick            small sizes, 1 repetition (what CI runs)
//   --heavy            a heavy environment: a dependency layer over 1 GB (a CUDA torch stand-in
//                      and nvidia-* wheels), 1 repetition; results in bench/results-heavy
//   --reps N           repetitions per scenario of the action (full: 3, quick: 1)
//   --baseline-reps N  repetitions of the baselines (default: the same as --reps)
//   --dist DIR         use this bundle instead of bundling the sources into the state dir
//   --out DIR          where results.json, chart.svg and report.md go
//                      (full: bench/results, and BENCHMARKS.md is updated; quick: .bench/quick)
//   --state DIR        engine/registry state, wheels and generated repositories
//                      (default /var/tmp/launch-action-bench)
//   --tools a,b        subset of action,naive,wandb      --modes warm,fresh   subset of modes
//   --report-only      re-render the report from <out>/results.json
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderChart } from './lib/chart.mjs';
import { run, runChecked } from './lib/exec.mjs';
import { BenchInfra } from './lib/infra.mjs';
import { acquireBenchLock } from './lib/lock.mjs';
import { startPackageIndex } from './lib/package-index.mjs';
import { distSize, measureHashing, measureStartup, writeHashingContext } from './lib/probes.mjs';
import { writeRepo } from './lib/repo.mjs';
import { renderReport, spliceReport } from './lib/report.mjs';
import { runScenarios } from './lib/scenarios.mjs';
import { MODES, TOOLS } from './lib/scenarios-meta.mjs';
import { ensureWheel, wheelFilename } from './lib/wheels.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BASE_IMAGE = 'local/python:3.11-bookworm';
const MB = 1_000_000;

/** Sizes: the full run per the benchmark's brief; quick keeps every path but small. */
export const PROFILES = {
  full: {
    repetitions: 3,
    // ~35 minutes in all on a 2-core machine (--baseline-reps 1 halves it).
    baselineRepetitions: 3,
    repo: { files: 2000, bytes: 50 * MB },
    hashing: { files: 20_000, bytes: 500 * MB },
    packages: [
      { name: 'torch', version: '2.4.0', sizeBytes: 210 * MB },
      { name: 'scipy-sim', version: '1.13.1', sizeBytes: 35 * MB },
      { name: 'numpy-sim', version: '1.26.4', sizeBytes: 18 * MB },
      { name: 'pandas-sim', version: '2.2.2', sizeBytes: 14 * MB },
      { name: 'transformers-sim', version: '4.44.0', sizeBytes: 12 * MB },
      { name: 'tokenizers-sim', version: '0.19.1', sizeBytes: 6 * MB },
      { name: 'safetensors-sim', version: '0.4.3', sizeBytes: 3 * MB },
      { name: 'pyyaml-sim', version: '6.0.1', sizeBytes: 1 * MB },
      { name: 'tqdm-sim', version: '4.66.4', sizeBytes: 0.5 * MB },
      { name: 'requests-sim', version: '2.32.3', sizeBytes: 0.5 * MB },
    ],
    extraPackage: { name: 'einops-sim', version: '0.8.0', sizeBytes: 0.3 * MB },
    startupRuns: 7,
    hashingRuns: 3,
  },
  // What a real torch + CUDA environment weighs: what a fresh runner must pull when it builds.
  heavy: {
    repetitions: 1,
    baselineRepetitions: 1,
    repo: { files: 2000, bytes: 50 * MB },
    hashing: { files: 2000, bytes: 40 * MB },
    packages: [
      { name: 'torch', version: '2.4.0', sizeBytes: 800 * MB },
      { name: 'nvidia-cudnn-cu12', version: '9.1.0', sizeBytes: 250 * MB },
      { name: 'nvidia-cublas-cu12', version: '12.1.3', sizeBytes: 120 * MB },
      { name: 'numpy-sim', version: '1.26.4', sizeBytes: 18 * MB },
      { name: 'tqdm-sim', version: '4.66.4', sizeBytes: 0.5 * MB },
    ],
    extraPackage: { name: 'einops-sim', version: '0.8.0', sizeBytes: 0.3 * MB },
    startupRuns: 3,
    hashingRuns: 1,
  },
  quick: {
    repetitions: 1,
    baselineRepetitions: 1,
    repo: { files: 200, bytes: 4 * MB },
    hashing: { files: 2000, bytes: 40 * MB },
    packages: [
      { name: 'torch', version: '2.4.0', sizeBytes: 24 * MB },
      { name: 'numpy-sim', version: '1.26.4', sizeBytes: 3 * MB },
      { name: 'tqdm-sim', version: '4.66.4', sizeBytes: 0.2 * MB },
    ],
    extraPackage: { name: 'einops-sim', version: '0.8.0', sizeBytes: 0.1 * MB },
    startupRuns: 3,
    hashingRuns: 1,
  },
};

export function parseOptions(argv, env) {
  const options = {
    quick: env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true',
    heavy: false,
    reps: undefined,
    baselineReps: undefined,
    dist: undefined,
    out: undefined,
    state: '/var/tmp/launch-action-bench',
    tools: TOOLS,
    modes: MODES,
    reportOnly: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--heavy') options.heavy = true;
    else if (arg === '--reps') options.reps = Number.parseInt(value(), 10);
    else if (arg === '--baseline-reps') options.baselineReps = Number.parseInt(value(), 10);
    else if (arg === '--dist') options.dist = resolve(value());
    else if (arg === '--out') options.out = resolve(value());
    else if (arg === '--state') options.state = resolve(value());
    else if (arg === '--tools') options.tools = listOf(value(), TOOLS, arg);
    else if (arg === '--modes') options.modes = listOf(value(), MODES, arg);
    else if (arg === '--report-only') options.reportOnly = true;
    else throw new Error(`unknown option ${arg} (see the header of bench/run.mjs)`);
  }
  for (const [flag, reps] of [
    ['--reps', options.reps],
    ['--baseline-reps', options.baselineReps],
  ]) {
    if (reps !== undefined && !(reps >= 1)) throw new Error(`${flag} must be a whole number ≥ 1`);
  }
  if (options.quick && options.heavy) throw new Error('--quick and --heavy exclude each other');
  options.out ??= options.quick
    ? join(ROOT, '.bench', 'quick')
    : join(ROOT, 'bench', options.heavy ? 'results-heavy' : 'results');
  return options;
}

function listOf(text, allowed, flag) {
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = items.filter((item) => !allowed.includes(item));
  if (bad.length > 0 || items.length === 0) {
    throw new Error(`${flag} takes a comma list of ${allowed.join(', ')}; got '${text}'`);
  }
  return items;
}

function log(...parts) {
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...parts);
}

async function machineInfo(env) {
  const version = async (args) => (await run('docker', args, { env })).stdout.trim();
  return {
    nproc: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    kernel: os.release(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    dockerServer: await version(['version', '--format', '{{.Server.Version}}']),
    dockerClient: await version(['version', '--format', '{{.Client.Version}}']),
    buildx: (await version(['buildx', 'version'])).split(' ').slice(1, 2).join(' '),
    node: process.version,
  };
}

async function bundle(stateDir) {
  const out = join(stateDir, 'dist');
  log('bundling the sources into', out);
  await runChecked(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), out], { cwd: ROOT });
  return out;
}

async function writeOutputs(options, results) {
  await mkdir(options.out, { recursive: true });
  await writeFile(join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const report = renderReport(results);
  const title = `Median wall time per scenario (${results.config.quick ? 'quick run' : results.config.heavy ? 'heavy environment' : 'full run'}, ${results.machine.nproc} cores)`;
  await writeFile(join(options.out, 'chart.svg'), renderChart(report.figures, title));
  await writeFile(join(options.out, 'report.md'), `${report.markdown}\n`);
  if (!results.config.quick && options.out === join(ROOT, 'bench', 'results')) {
    const file = join(ROOT, 'BENCHMARKS.md');
    const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
    await writeFile(file, spliceReport(existing, report.markdown));
  }
  return report;
}

async function main() {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options.reportOnly) {
    const results = JSON.parse(await readFile(join(options.out, 'results.json'), 'utf8'));
    const report = await writeOutputs(options, results);
    for (const target of report.targets)
      log(target.met ? 'MET   ' : 'MISSED', target.name, '—', target.measured);
    return;
  }
  const profile = PROFILES[options.quick ? 'quick' : options.heavy ? 'heavy' : 'full'];
  const repetitions = options.reps ?? profile.repetitions;
  const baselineRepetitions =
    options.baselineReps ??
    (options.reps !== undefined ? repetitions : profile.baselineRepetitions);
  const kind = options.quick ? 'quick' : options.heavy ? 'heavy' : 'full';
  await mkdir(options.state, { recursive: true });
  const releaseLock = await acquireBenchLock(log);
  const infra = new BenchInfra(join(options.state, 'state'), log);
  const startedAt = new Date().toISOString();
  let index;
  const results = { startedAt, finishedAt: '', machine: {}, config: {}, runs: [] };
  try {
    const dist = options.dist ?? (await bundle(options.state));
    const cli = join(dist, 'cli', 'index.js');
    log('starting the bench engine and registry');
    await infra.up(BASE_IMAGE);
    results.machine = await machineInfo(infra.env);

    log('generating wheels and the repository');
    const wheelDir = join(options.state, `wheels-${kind}`);
    const wheels = [];
    for (const spec of profile.packages) wheels.push(await ensureWheel(wheelDir, spec));
    const extra = await ensureWheel(wheelDir, profile.extraPackage);
    index = await startPackageIndex(wheelDir);
    const repo = join(options.state, `repo-${kind}`);
    const written = await writeRepo(repo, profile.repo, profile.packages);
    const big = wheels.reduce((a, b) => (b.size > a.size ? b : a));
    results.config = {
      quick: options.quick,
      heavy: options.heavy,
      repetitions,
      baselineRepetitions,
      baseImage: BASE_IMAGE,
      baseImageBytes: infra.baseImageSize,
      repoFiles: written.files,
      repoBytes: written.bytes,
      packages: profile.packages.map((p) => `${p.name}==${p.version}`),
      wheelBytes: wheels.reduce((sum, wheel) => sum + wheel.size, 0),
      bigWheel: wheelFilename(big.name, big.version),
      bigWheelBytes: big.size,
      extraWheel: wheelFilename(extra.name, extra.version),
      extraWheelBytes: extra.size,
      indexUrl: index.url,
      tools: options.tools,
      modes: options.modes,
    };

    results.dist = await distSize(dist);
    log('startup: time to the first stage log of node dist/index.js');
    results.startup = await measureStartup({
      entry: join(dist, 'index.js'),
      workspace: repo,
      runnerTemp: join(options.state, 'runner-temp'),
      repetitions: profile.startupRuns,
    });
    log(
      `startup ${results.startup.ms.toFixed(0)} ms; hashing context ${profile.hashing.files} files`,
    );
    const hashRoot = join(options.state, `hash-context-${kind}`);
    const hashContext = await writeHashingContext(hashRoot, profile.hashing);
    results.hashing = {
      bytes: hashContext.bytes,
      ...(await measureHashing({
        cli,
        root: hashRoot,
        home: join(options.state, 'hash-home'),
        baseImage: BASE_IMAGE,
        repetitions: profile.hashingRuns,
      })),
    };
    log(
      `hashing: cold ${results.hashing.coldMs} ms, warm ${results.hashing.warmMs} ms, tar ${results.hashing.tarMs.toFixed(0)} ms`,
    );
    await rm(hashRoot, { recursive: true, force: true });
    await writeOutputs(options, { ...results, finishedAt: new Date().toISOString() });

    const context = {
      infra,
      index,
      repo,
      sizes: profile.repo,
      packages: profile.packages,
      extraPackage: profile.extraPackage,
      bigWheel: results.config.bigWheel,
      baseImage: BASE_IMAGE,
      cli,
      home: join(options.state, 'runner-home'),
      logDir: join(options.state, `build-logs-${kind}`),
      dockerfiles: {
        naive: join(ROOT, 'bench', 'dockerfiles', 'naive.Dockerfile'),
        wandb: join(ROOT, 'bench', 'dockerfiles', 'wandb.Dockerfile'),
      },
      log,
    };
    for (let rep = 0; rep < Math.max(repetitions, baselineRepetitions); rep += 1) {
      for (const mode of options.modes) {
        for (const tool of options.tools) {
          if (rep >= (tool === 'action' ? repetitions : baselineRepetitions)) continue;
          results.runs.push(...(await runScenarios(context, { tool, mode, rep })));
          // Partial results survive an interrupted run.
          await writeOutputs(options, { ...results, finishedAt: new Date().toISOString() });
        }
      }
    }
  } finally {
    await index?.close();
    log('stopping the bench engine and registry');
    await infra.down().catch((error) => log('stopping failed:', error.message));
    await releaseLock();
  }
  results.finishedAt = new Date().toISOString();
  const report = await writeOutputs(options, results);
  for (const target of report.targets)
    log(target.met ? 'MET   ' : 'MISSED', target.name, '—', target.measured);
  log('results in', options.out);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(`[bench] ${error.stack ?? error}`);
    process.exitCode = 1;
  });
}
