/**
 * The run's outputs directory: a host directory mounted at `outputs-path` inside the container, so
 * checkpoints and `metrics.json` outlive the `--rm` container. Parsing is pure; I/O is small.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { docker, type RunDeps } from './deps.js';

export interface OutputsMount {
  /** On the runner: the output `outputs-dir`. */
  hostDir: string;
  /** On the runner, beside `hostDir`: the run's result (output `result-file`). */
  resultFile: string;
  /** Absolute path inside the container. */
  containerPath: string;
}

/** The metrics file a run may write at the top of its outputs directory. */
export const METRICS_FILE = 'metrics.json';

/** Where a relative `outputs-path` lands: under `--workdir` if given, else the image's WorkingDir. */
export function containerOutputsPath(
  outputsPath: string,
  imageWorkdir: string,
  dockerArgs: string[],
): string {
  const override = dockerArgs.find((flag) => flag.startsWith('--workdir='));
  const workdir = override ? override.slice('--workdir='.length) : imageWorkdir || '/';
  return path.posix.resolve(path.posix.isAbsolute(workdir) ? workdir : `/${workdir}`, outputsPath);
}

/**
 * Creates the host directory for one container (under RUNNER_TEMP, which the runner removes after
 * the job) and opens it to every user: the image's user (often uid 1000) is not the runner's.
 */
export async function prepareOutputs(
  deps: RunDeps,
  imageRef: string,
  outputsPath: string,
  dockerArgs: string[],
  containerName: string,
): Promise<OutputsMount> {
  const workdir = (
    await docker(
      deps,
      ['image', 'inspect', '--format', '{{.Config.WorkingDir}}', imageRef],
      'Reading the image working directory',
    )
  ).trim();
  const containerPath = containerOutputsPath(outputsPath, workdir, dockerArgs);
  const base = deps.env.RUNNER_TEMP || os.tmpdir();
  // One directory per run holding `outputs/` and `result.json`: uploaded as one artifact.
  const runDir = path.join(base, 'launch-runs', containerName);
  const hostDir = path.join(runDir, 'outputs');
  await mkdir(hostDir, { recursive: true });
  await chmod(hostDir, 0o777);
  return { hostDir, containerPath, resultFile: path.join(runDir, RESULT_FILE) };
}

/** The small record of one run that travels back (sweep summaries, dispatch report-back). */
export interface RunRecord {
  exitCode: number;
  durationSeconds: number;
  gpu: string;
  metrics: Record<string, number>;
  /** The last lines the container printed, run-env values replaced by `***`. */
  logTail: string[];
}

export const RESULT_FILE = 'result.json';
export const LOG_TAIL_LINES = 40;

/** Keeps the last lines of a stream of chunks; pure apart from its own buffer. */
export class LogTail {
  private lines: string[] = [''];

  push(chunk: string): void {
    const parts = chunk.split(/\r?\n/);
    this.lines[this.lines.length - 1] += parts[0] ?? '';
    this.lines.push(...parts.slice(1));
    if (this.lines.length > LOG_TAIL_LINES + 1) this.lines = this.lines.slice(-LOG_TAIL_LINES - 1);
  }

  /** The last lines, with every secret value replaced by `***`. */
  read(secrets: string[]): string[] {
    const lines = this.lines.at(-1) === '' ? this.lines.slice(0, -1) : this.lines;
    const hidden = secrets.filter((secret) => secret.length > 0);
    return lines
      .slice(-LOG_TAIL_LINES)
      .map((line) => hidden.reduce((text, secret) => text.split(secret).join('***'), line));
  }
}

export async function writeRunRecord(file: string, record: RunRecord): Promise<void> {
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
}

export interface ParsedMetrics {
  metrics: Record<string, number>;
  /** Why entries were left out (not numbers, nested values), for a warning. */
  problems: string[];
}

/** `metrics.json`: a flat JSON object of name → finite number. Other entries are reported and left out. */
export function parseMetrics(text: string): ParsedMetrics {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      metrics: {},
      problems: [`it is not JSON (${error instanceof Error ? error.message : String(error)})`],
    };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { metrics: {}, problems: ['expected a JSON object of name → number'] };
  }
  const metrics: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
    else problems.push(`${name} is not a number`);
  }
  return { metrics, problems };
}

/** Reads `metrics.json` from the outputs directory; undefined when the run wrote none. */
export async function readMetrics(
  deps: RunDeps,
  hostDir: string,
): Promise<Record<string, number> | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(hostDir, METRICS_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const { metrics, problems } = parseMetrics(text);
  if (problems.length > 0) {
    deps.log.warning(`${METRICS_FILE}: ${problems.join('; ')} (left out).`);
  }
  return metrics;
}
