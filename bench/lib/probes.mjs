// Measurements that need no build: source hashing against `tar | sha256sum`, the action's startup
// time, the bundle size, and what a built image contains.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipe, run, runChecked } from './exec.mjs';
import { directorySize, pythonModule } from './repo.mjs';
import { fillerChunks } from './wheels.mjs';
import { Buffer } from 'node:buffer';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A context of `files` files and about `bytes` bytes: mostly small sources, some large blobs. */
export async function writeHashingContext(root, { files, bytes }) {
  await rm(root, { recursive: true, force: true });
  const large = Math.max(1, Math.round(files / 200));
  const largeBytes = Math.round((bytes * 0.8) / large);
  const smallBytes = Math.round((bytes * 0.2) / (files - large - 1));
  for (let i = 0; i < files - large - 1; i += 1) {
    const dir = join(root, 'pkg', `module_${i % 100}`);
    if (i < 100) await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `file_${i}.py`), pythonModule(i, smallBytes));
  }
  await mkdir(join(root, 'assets'), { recursive: true });
  for (let i = 0; i < large; i += 1) {
    await writeFile(
      join(root, 'assets', `blob_${i}.bin`),
      Buffer.concat([...fillerChunks(`hash-blob-${i}`, largeBytes)]),
    );
  }
  await writeFile(join(root, 'requirements.txt'), 'numpy-sim==1.26.4\n');
  await writeFile(join(root, 'train.py'), 'print("train")\n');
  return directorySize(root);
}

/** The action's hashing time from its log line `Source hash … over N files (T ms)`. */
export function parseHashLine(stderr) {
  const match = /Source hash [0-9a-f]+ over (\d+) files \((\d+) ms\)/.exec(stderr);
  return match ? { files: Number(match[1]), ms: Number(match[2]) } : undefined;
}

/**
 * Hashes `root` with the action (CLI `build --builder noop`: plan only) cold (no digest cache)
 * and warm, and with `tar c | sha256sum`, each `repetitions` times; all with a warm page cache.
 */
export async function measureHashing({ cli, root, home, baseImage, repetitions }) {
  const env = { ...process.env, HOME: home };
  delete env.XDG_CACHE_HOME;
  const tarRuns = [];
  const tar = () =>
    pipe(['tar', ['-C', root, '-cf', '-', '.']], ['sha256sum', []]).then((result) => {
      if (result.codes.some((code) => code !== 0))
        throw new Error(`tar | sha256sum failed: ${result.stderr}`);
      return result.ms;
    });
  await tar(); // warms the page cache for everyone
  for (let i = 0; i < repetitions; i += 1) tarRuns.push(await tar());
  const actionRun = async () => {
    const result = await run(
      process.execPath,
      [cli, 'build', '--context', root, '--builder', 'noop', '--base-image', baseImage],
      { env },
    );
    const hash = parseHashLine(result.stderr);
    if (result.code !== 0 || !hash) {
      throw new Error(
        `hashing with the action failed (exit ${result.code}):\n${result.stderr.slice(-2000)}`,
      );
    }
    return { ...hash, processMs: result.ms };
  };
  const cold = [];
  const warm = [];
  for (let i = 0; i < repetitions; i += 1) {
    await rm(join(home, '.cache', 'launch-action'), { recursive: true, force: true });
    cold.push(await actionRun());
    warm.push(await actionRun());
  }
  return {
    files: cold[0].files,
    tarMs: median(tarRuns),
    coldMs: median(cold.map((r) => r.ms)),
    warmMs: median(warm.map((r) => r.ms)),
    coldProcessMs: median(cold.map((r) => r.processMs)),
    warmProcessMs: median(warm.map((r) => r.processMs)),
  };
}

/**
 * Time from spawning `node dist/index.js` (runner variables set) to its first `::group::` line,
 * the first stage of the pipeline. The child is stopped once the line arrives.
 */
export async function measureStartup({ entry, workspace, runnerTemp, repetitions }) {
  const times = [];
  const bare = [];
  await mkdir(runnerTemp, { recursive: true });
  for (let i = 0; i < repetitions; i += 1) {
    const files = ['output', 'state', 'env', 'summary'].map((name) =>
      join(runnerTemp, `${name}-${i}`),
    );
    for (const file of files) await writeFile(file, '');
    const env = {
      PATH: process.env.PATH,
      HOME: runnerTemp,
      GITHUB_OUTPUT: files[0],
      GITHUB_STATE: files[1],
      GITHUB_ENV: files[2],
      GITHUB_STEP_SUMMARY: files[3],
      GITHUB_WORKSPACE: workspace,
      GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
      GITHUB_REPOSITORY: 'bench/startup',
      RUNNER_TEMP: runnerTemp,
      INPUT_MODE: 'build',
      INPUT_CONTEXT: '.',
      INPUT_BUILDER: 'noop',
      'INPUT_BASE-IMAGE': 'local/python:3.11-bookworm',
    };
    times.push(await timeToFirstGroup([entry], env));
    // The floor on this machine at this moment: a bare node process printing the same line.
    bare.push(await timeToFirstGroup(['-e', 'console.log("::group::bare node")'], env));
  }
  return { ms: median(times), runs: times, bareNodeMs: median(bare) };
}

function timeToFirstGroup(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    let found;
    child.stdout.on('data', (chunk) => {
      if (found !== undefined) return;
      text += chunk.toString('utf8');
      if (/^::group::/m.test(text)) {
        found = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      if (found !== undefined) resolve(found);
      else
        reject(
          new Error(`node ${args.join(' ')} printed no ::group:: line:\n${text.slice(-2000)}`),
        );
    });
  });
}

/**
 * What the image holds besides the base: runs it (as root, to see every home) and reports pip
 * caches, compilers and the venv size; `python train.py` must import every dependency.
 */
export async function inspectImage({ image, env }) {
  const script = [
    'set -e',
    'python train.py',
    // An empty directory (a cache mount point) is not a leftover; a cache with files in it is.
    'for dir in /root/.cache/pip /home/*/.cache/pip /root/.cache/uv /var/cache/apt/archives; do',
    '  if [ -d "$dir" ] && [ -n "$(find "$dir" -type f | head -n 1)" ]; then echo "leftover $(du -sb "$dir" | cut -f1) $dir"; fi',
    'done',
    'for venv in /opt/venv /env; do',
    '  if [ -d "$venv" ]; then echo "venv $(du -sb "$venv" | cut -f1) $venv"; fi',
    'done',
    'for tool in gcc cc make g++; do',
    '  if command -v "$tool" >/dev/null 2>&1; then echo "toolchain 0 $tool"; fi',
    'done',
    'pip_in_venv=$(ls -d /opt/venv/lib/python*/site-packages/pip /env/lib/python*/site-packages/pip 2>/dev/null | head -n 1 || true)',
    'if [ -n "$pip_in_venv" ]; then echo "pip $(du -sb "$pip_in_venv" | cut -f1) $pip_in_venv"; fi',
  ].join('\n');
  const result = await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'host',
      '--user',
      '0',
      '--entrypoint',
      '/bin/sh',
      image,
      '-c',
      script,
    ],
    { env },
  );
  const size = await runChecked('docker', ['image', 'inspect', '--format', '{{.Size}}', image], {
    env,
  });
  const findings = { leftovers: [], toolchains: [], venvBytes: 0, pipBytes: 0 };
  for (const line of result.stdout.split('\n')) {
    const [kind, bytes, path] = line.split(' ');
    if (kind === 'leftover') findings.leftovers.push({ path, bytes: Number(bytes) });
    if (kind === 'toolchain') findings.toolchains.push(path);
    if (kind === 'venv') findings.venvBytes = Number(bytes);
    if (kind === 'pip') findings.pipBytes = Number(bytes);
  }
  return {
    ...findings,
    imports: /imported \d+ packages/.exec(result.stdout)?.[0] ?? '',
    sizeBytes: Number(size.stdout.trim()),
  };
}

/** Bytes of the bundle directory (what the action ships). */
export async function distSize(dir) {
  return directorySize(dir);
}
