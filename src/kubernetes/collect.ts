/**
 * The runner's side of the outputs sidecar: its log → `outputs-dir`, `metrics.json` → `metrics`,
 * and `result.json` beside them, laid out as in mode: run (a sweep reads both the same way).
 */
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { METRICS_FILE, RESULT_FILE, parseMetrics } from '../run/outputs.js';
import {
  OUTPUTS_MAX_COMPRESSED,
  parseCollectorLog,
  tooLargeMessage,
  unpackOutputs,
} from './outputs.js';
import type { KubernetesLogger } from './types.js';

export interface OutputsTarget {
  /** On the runner: the output `outputs-dir`. */
  hostDir: string;
  /** `result.json` beside it. */
  resultFile: string;
}

/** `RUNNER_TEMP/launch-runs/<job>/outputs`, as mode: run lays out `launch-runs/<container>/`. */
export async function prepareOutputsTarget(
  env: NodeJS.ProcessEnv,
  jobName: string,
): Promise<OutputsTarget> {
  const runDir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'launch-runs', jobName);
  const hostDir = path.join(runDir, 'outputs');
  await mkdir(hostDir, { recursive: true });
  return { hostDir, resultFile: path.join(runDir, RESULT_FILE) };
}

/**
 * `limitBytes` for the sidecar's log: the largest archive in base64 lines of 76, plus the markers.
 * The API server stops there, so a sidecar that writes more cannot flood the runner.
 */
export const COLLECTOR_LOG_LIMIT =
  Math.ceil((OUTPUTS_MAX_COMPRESSED * 4) / 3 / 76) * 77 + 64 * 1024;

export interface CollectedOutputs {
  /** From `metrics.json`, when the run wrote one. */
  metrics?: Record<string, number>;
  /** Why the outputs did not come back (a clear message), when they did not. */
  problem?: string;
}

export async function collectOutputs(
  readLog: () => Promise<string>,
  target: OutputsTarget,
  outputsPath: string,
  log: KubernetesLogger,
): Promise<CollectedOutputs> {
  let text: string;
  try {
    text = await readLog();
  } catch (error) {
    return {
      problem: `Could not read the outputs container log: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const report = parseCollectorLog(text);
  if (report.kind === 'too-large') return { problem: tooLargeMessage(report, outputsPath) };
  if (report.kind === 'error') {
    return { problem: `The outputs in ${outputsPath} did not come back: ${report.message}.` };
  }
  for (const warning of report.warnings) log.warning(`outputs: tar said: ${warning}`);
  let unpacked;
  try {
    unpacked = await unpackOutputs(report.archive, target.hostDir);
  } catch (error) {
    return {
      problem: `The outputs archive from the pod was refused: ${error instanceof Error ? error.message : String(error)}. Nothing was written.`,
    };
  }
  if (unpacked.skipped.length > 0) {
    log.warning(
      `outputs: left out what is not a file or directory: ${unpacked.skipped.slice(0, 10).join(', ')}${unpacked.skipped.length > 10 ? ', …' : ''}`,
    );
  }
  log.info(
    `Outputs: ${outputsPath} in the pod → ${target.hostDir} (${unpacked.files} files, ${unpacked.bytes} bytes).`,
  );
  let metricsText: string;
  try {
    metricsText = await readFile(path.join(target.hostDir, METRICS_FILE), 'utf8');
  } catch {
    return {};
  }
  const { metrics, problems } = parseMetrics(metricsText);
  if (problems.length > 0) log.warning(`${METRICS_FILE}: ${problems.join('; ')} (left out).`);
  return { metrics };
}
