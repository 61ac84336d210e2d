/**
 * What the tests that run the shipped bundle share: an image pushed to the authenticated local
 * registry, step options with per-file defaults, waiting on a running step, the log as a reader
 * sees it, the post step's verdict, and a sweep's plan → points → summary round trip.
 */
import { copyFile, cp, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  runAction,
  runPost,
  type ActionRun,
  type ActionRunOptions,
  type StartedAction,
} from './action-runner.js';
import { REGISTRY_PASSWORD, REGISTRY_USER, REPO_ROOT, loggedInDockerConfig } from './infra.js';
import { runChecked } from './process.js';

/** Pushes `image` (tagged from `source` first, when given) with a logged-in docker config. */
export async function pushImage(image: string, source?: string): Promise<void> {
  if (source !== undefined) await runChecked('docker', ['tag', source, image]);
  const login = await loggedInDockerConfig();
  try {
    await runChecked('docker', ['push', image], { env: login.env, timeoutMs: 300_000 });
  } finally {
    await login.cleanup();
  }
}

/**
 * Options for a file's steps: `defaults` once, then each call's inputs over the default inputs
 * and its other options over the rest. The workspace is read when a step is built (it is made in
 * beforeAll).
 */
export function stepOptions(
  defaults: () => ActionRunOptions,
): (inputs?: Record<string, string>, extra?: Partial<ActionRunOptions>) => ActionRunOptions {
  return (inputs = {}, extra = {}) => {
    const base = defaults();
    return { ...base, inputs: { ...base.inputs, ...inputs }, ...extra };
  };
}

/** mode: run of `image` from the local registry, on the host network, without GPUs. */
export function runModeInputs(image: string): Record<string, string> {
  return {
    mode: 'run',
    'docker-image': image,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    network: 'host',
    gpus: 'none',
  };
}

/** Polls `check` every 100 ms until it holds or `ms` passes; the last answer is returned. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  ms: number,
): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

/** Waits until a started step has printed `text`; returns what it printed so far. */
export async function waitForStdout(
  started: StartedAction,
  text: string,
  ms: number,
): Promise<string> {
  let stdout = '';
  started.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitFor(() => stdout.includes(text), ms);
  expect(stdout).toContain(text);
  return stdout;
}

/** A step's log without the commands that register masks (they carry the value by design). */
export function visibleLog(log: string): string {
  return log
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** The message of the step's first `::error::` ('' when there is none). */
export function errorMessage(run: ActionRun): string {
  return run.commands.find((command) => command.command === 'error')?.message ?? '';
}

/** Runs the post step of `run`'s job and expects it to succeed. */
export async function expectPostSucceeds(run: ActionRun): Promise<ActionRun> {
  const post = await runPost(run);
  expect(post.code, post.stdout + post.stderr).toBe(0);
  return post;
}

/** The sweep action's entry: the `plan` and `summary` commands of the reusable sweep workflow. */
export const SWEEP_ENTRY = join(REPO_ROOT, 'sweep', 'index.js');

export interface SweepPoint {
  point: number;
  label: string;
  args: string;
}

/** The sweep's `plan` step: its matrix output parsed, and as text for the summary step. */
export async function planSweep(
  workspace: string,
  sweep: string,
): Promise<{ points: SweepPoint[]; matrix: string }> {
  const plan = await runAction({
    workspace,
    entry: SWEEP_ENTRY,
    applyDefaults: false,
    inputs: { command: 'plan', sweep },
  });
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  const matrix = plan.outputs.matrix ?? '';
  return { points: (JSON.parse(matrix) as { include: SweepPoint[] }).include, matrix };
}

/** A directory laid out as the matrix jobs and download-artifact leave it. */
export function sweepResultsDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'sweep-results-'));
}

/** Keeps one point's result as `launch-run-<point>/` (result.json and outputs/). */
export async function keepSweepResult(results: string, point: number, run: ActionRun) {
  const artifact = join(results, `launch-run-${point}`);
  await mkdir(artifact);
  await copyFile(run.outputs['result-file'] ?? '', join(artifact, 'result.json'));
  await cp(run.outputs['outputs-dir'] ?? '', join(artifact, 'outputs'), { recursive: true });
}

/** The sweep's `summary` step over the kept results. */
export async function summarizeSweep(
  workspace: string,
  inputs: { matrix: string; results: string; metric: string } & Record<string, string>,
): Promise<ActionRun> {
  const summary = await runAction({
    workspace,
    entry: SWEEP_ENTRY,
    applyDefaults: false,
    inputs: { command: 'summary', ...inputs },
  });
  expect(summary.code, summary.stdout + summary.stderr).toBe(0);
  return summary;
}
