import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { registerRunSecrets } from './argv-secrets.js';
import { REPO_ROOT } from './infra.js';
import { runCommand } from './process.js';

/** The shipped bundle, run for main and post exactly as action.yml declares. */
export const ACTION_ENTRY = join(REPO_ROOT, 'dist', 'index.js');

export interface ActionRunOptions {
  /** Inputs by their action.yml names (`destination`, `force-rebuild`, …). */
  inputs?: Record<string, string>;
  /** Extra environment; `undefined` removes a variable. Applied last. */
  env?: Record<string, string | undefined>;
  /** GITHUB_WORKSPACE, and the working directory of the step (as on a runner). */
  workspace: string;
  /** Killed (SIGKILL) after this long; the result then has `timedOut: true`. */
  timeoutMs?: number;
  /** Aborting cancels the step the way the runner does (SIGINT, then SIGTERM, then SIGKILL). */
  signal?: AbortSignal;
  /** Fill in action.yml defaults for inputs not given, as the runner does (default true). */
  applyDefaults?: boolean;
  /** GITHUB_SHA; default: HEAD of the workspace's git repository. */
  sha?: string;
  /** Value of `${{ github.token }}` (the `github-token` default); default ''. */
  githubToken?: string;
  eventName?: string;
  /** Webhook payload written to GITHUB_EVENT_PATH; default: a push payload. */
  eventPayload?: Record<string, unknown>;
  /** Script to run instead of dist/index.js (e.g. a freshly bundled copy). */
  entry?: string;
}

/** A workflow command the step printed (`::error file=a::msg`), unescaped. */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  /** Variables the step exported through GITHUB_ENV. */
  exportedEnv: Record<string, string>;
  /** Lines the step added through GITHUB_PATH. */
  addedPath: string[];
  summary: string;
  commands: WorkflowCommand[];
  /** Values registered with `::add-mask::`, in order. */
  masks: string[];
  durationMs: number;
  /** What `runPost` needs to run the post step of the same job. */
  job: JobContext;
}

/** What stays the same between the main and post steps of one job. */
export interface JobContext {
  options: ActionRunOptions;
  /** The job's runner directory: RUNNER_TEMP, tool cache, event payload, step files. */
  runnerDir: string;
  /** The environment every step of the job starts from (INPUT_* included). */
  baseEnv: NodeJS.ProcessEnv;
  steps: number;
}

export interface StartedAction {
  child: ChildProcess;
  /** Cancels as the runner does: SIGINT, SIGTERM after 7.5 s, SIGKILL 2.5 s later. */
  cancel(): void;
  done: Promise<ActionRun>;
}

/** Runs `node dist/index.js` as the main step of a fresh job and waits for it. */
export async function runAction(options: ActionRunOptions): Promise<ActionRun> {
  return (await startAction(options)).done;
}

/** Starts the main step and returns at once (for cancellation tests). */
export async function startAction(options: ActionRunOptions): Promise<StartedAction> {
  const job = await newJob(options);
  return startStep(job, {});
}

/** Runs the post step of the job `main` ran in, with `STATE_<name>` from main's saved state. */
export async function runPost(
  main: ActionRun,
  overrides: Pick<ActionRunOptions, 'env' | 'timeoutMs' | 'signal'> = {},
): Promise<ActionRun> {
  const stateEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries(main.state)) stateEnv[`STATE_${name}`] = value;
  const started = await startStep(main.job, stateEnv, overrides);
  return started.done;
}

/** The environment variable the runner uses for an input (`force-rebuild` → `INPUT_FORCE-REBUILD`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

let actionDefaults: Promise<Record<string, string>> | undefined;

/** Input defaults from action.yml (`${{ github.token }}` left for the caller to fill). */
export function readActionDefaults(): Promise<Record<string, string>> {
  actionDefaults ??= (async () => {
    const manifest = load(await readFile(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs?: Record<string, { default?: unknown } | null>;
    };
    const defaults: Record<string, string> = {};
    for (const [name, spec] of Object.entries(manifest.inputs ?? {})) {
      if (spec?.default !== undefined && spec.default !== null) {
        defaults[name] = String(spec.default);
      }
    }
    return defaults;
  })();
  return actionDefaults;
}

// Variables that belong to the runner, not to the test process: never inherited, so a test run
// inside a real workflow cannot write to that workflow's outputs or read its inputs.
const RUNNER_PREFIXES = ['INPUT_', 'STATE_', 'GITHUB_', 'RUNNER_', 'ACTIONS_'];

async function newJob(options: ActionRunOptions): Promise<JobContext> {
  const runnerDir = await mkdtemp(join(tmpdir(), 'launch-runner-'));
  const runnerTemp = join(runnerDir, 'temp');
  const toolCache = join(runnerDir, 'tool-cache');
  await mkdir(runnerTemp);
  await mkdir(toolCache);
  const sha = options.sha ?? (await workspaceHead(options.workspace));
  const repository = 'octo-org/ml-train';
  const eventPath = join(runnerDir, 'event.json');
  const payload = options.eventPayload ?? {
    ref: 'refs/heads/main',
    after: sha,
    repository: { full_name: repository, name: 'ml-train', owner: { login: 'octo-org' } },
  };
  await writeFile(eventPath, JSON.stringify(payload));

  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!RUNNER_PREFIXES.some((prefix) => name.startsWith(prefix))) env[name] = value;
  }
  Object.assign(env, {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SHA: sha,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_RUN_ID: String(randomInt(1_000_000, 2_000_000_000)),
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'train',
    GITHUB_WORKFLOW: 'train',
    GITHUB_ACTION: 'launch',
    GITHUB_ACTOR: 'octocat',
    // Links only; the API URLs point at a closed local port so nothing can reach the internet by
    // accident. Tests that need an API start a local server and pass its URL in `env`.
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_GRAPHQL_URL: 'http://127.0.0.1:9/graphql',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'local-test-runner',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: toolCache,
  });
  const inputs: Record<string, string> = {};
  if (options.applyDefaults ?? true) {
    for (const [name, value] of Object.entries(await readActionDefaults())) {
      inputs[name] = value.replace(/\$\{\{\s*github\.token\s*\}\}/g, options.githubToken ?? '');
    }
  }
  Object.assign(inputs, options.inputs);
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value;
  return { options, runnerDir, baseEnv: env, steps: 0 };
}

async function workspaceHead(workspace: string): Promise<string> {
  const result = await runCommand('git', ['rev-parse', 'HEAD'], { cwd: workspace }).catch(
    () => undefined,
  );
  const sha = result?.code === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40}$/.test(sha) ? sha : '0123456789abcdef0123456789abcdef01234567';
}

const FILE_COMMANDS = {
  GITHUB_OUTPUT: 'output',
  GITHUB_STATE: 'state',
  GITHUB_ENV: 'env',
  GITHUB_PATH: 'path',
  GITHUB_STEP_SUMMARY: 'summary',
} as const;

async function startStep(
  job: JobContext,
  stepEnv: Record<string, string>,
  overrides: Pick<ActionRunOptions, 'env' | 'timeoutMs' | 'signal'> = {},
): Promise<StartedAction> {
  job.steps += 1;
  const stepDir = join(job.runnerDir, `step-${job.steps}`);
  await mkdir(stepDir);
  const files: Record<string, string> = {};
  for (const [variable, name] of Object.entries(FILE_COMMANDS)) {
    files[variable] = join(stepDir, name);
    await writeFile(files[variable], '');
  }
  const env: NodeJS.ProcessEnv = { ...job.baseEnv, ...files, ...stepEnv };
  for (const [name, value] of Object.entries({ ...job.options.env, ...overrides.env })) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  registerRunSecrets(env);

  const started = Date.now();
  const child = spawn(process.execPath, [job.options.entry ?? ACTION_ENTRY], {
    cwd: job.options.workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

  const timers: NodeJS.Timeout[] = [];
  let cancelled = false;
  const cancel = (): void => {
    if (cancelled || child.exitCode !== null) return;
    cancelled = true;
    child.kill('SIGINT');
    timers.push(setTimeout(() => child.kill('SIGTERM'), 7_500));
    timers.push(setTimeout(() => child.kill('SIGKILL'), 10_000));
  };
  const signal = overrides.signal ?? job.options.signal;
  if (signal?.aborted) cancel();
  signal?.addEventListener('abort', cancel, { once: true });
  let timedOut = false;
  const timeoutMs = overrides.timeoutMs ?? job.options.timeoutMs;
  if (timeoutMs !== undefined) {
    timers.push(
      setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs),
    );
  }

  const done = new Promise<ActionRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, exitSignal) => {
      timers.forEach(clearTimeout);
      signal?.removeEventListener('abort', cancel);
      const out = Buffer.concat(stdout).toString('utf8');
      collectStep(files, job)
        .then((collected) =>
          resolve({
            code,
            signal: exitSignal,
            timedOut,
            stdout: out,
            stderr: Buffer.concat(stderr).toString('utf8'),
            ...collected,
            ...parseWorkflowCommands(out),
            durationMs: Date.now() - started,
            job,
          }),
        )
        .catch(reject);
    });
  });
  return { child, cancel, done };
}

async function collectStep(
  files: Record<string, string>,
  job: JobContext,
): Promise<Pick<ActionRun, 'outputs' | 'state' | 'exportedEnv' | 'addedPath' | 'summary'>> {
  const read = (variable: keyof typeof FILE_COMMANDS): Promise<string> =>
    readFile(files[variable]!, 'utf8');
  // Like the runner, variables exported by a step are seen by the job's later steps.
  const exportedEnv = parseFileCommand(await read('GITHUB_ENV'));
  Object.assign(job.baseEnv, exportedEnv);
  return {
    outputs: parseFileCommand(await read('GITHUB_OUTPUT')),
    state: parseFileCommand(await read('GITHUB_STATE')),
    exportedEnv,
    addedPath: (await read('GITHUB_PATH')).split('\n').filter((line) => line !== ''),
    summary: await read('GITHUB_STEP_SUMMARY'),
  };
}

/**
 * Parses the runner's file-command format: `name=value` lines and `name<<DELIMITER` blocks
 * whose value runs until a line equal to DELIMITER. A later value for a name wins.
 */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index]!;
    if (line === '') continue;
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc) {
      const name = heredoc[1]!;
      const delimiter = heredoc[2]!;
      const end = lines.indexOf(delimiter, index + 1);
      if (end === -1) throw new Error(`file command ${name}: no closing delimiter ${delimiter}`);
      values[name] = lines.slice(index + 1, end).join('\n');
      index = end;
    } else if (equals > 0) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`file command line is neither name=value nor name<<DELIMITER: ${line}`);
    }
  }
  return values;
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text).replace(/%3A/g, ':').replace(/%2C/g, ',');
}

/** Workflow commands (`::warning file=x::msg`) in a step's stdout, and the masks registered. */
export function parseWorkflowCommands(stdout: string): {
  commands: WorkflowCommand[];
  masks: string[];
} {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? '').split(',')) {
      const equals = pair.indexOf('=');
      if (equals > 0) properties[pair.slice(0, equals)] = unescapeProperty(pair.slice(equals + 1));
    }
    commands.push({ command: match[1]!, properties, message: unescapeData(match[3] ?? '') });
  }
  const masks = commands.filter((c) => c.command === 'add-mask').map((c) => c.message);
  return { commands, masks };
}
