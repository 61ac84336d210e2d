import { randomUUID } from 'node:crypto';
import { InputError } from '../platform/errors.js';
import type { InputReader } from '../inputs/reader.js';
import {
  STATE,
  decodeDispatchedRun,
  encodeDispatchedRun,
  type SaveState,
} from '../platform/state.js';
import {
  GitHubApiError,
  GitHubClient,
  apiMessage,
  statusHint,
  type DispatchLogger,
  type GitHubDeps,
} from './github.js';

export interface DispatchInputs {
  repository: string;
  workflow: string;
  ref?: string;
  wait: boolean;
  token: string;
}

export interface DispatchResult {
  runId: string;
  runUrl: string;
  /** The run's conclusion, or '' when `wait` is false. */
  conclusion: string;
}

export interface DispatchDeps extends GitHubDeps {
  log: DispatchLogger;
  saveState: SaveState;
  env: NodeJS.ProcessEnv;
  /** Between polls of a running workflow; defaults to 15 s (a long run stays well inside the API budget). */
  pollIntervalMs?: number;
}

/** GitHub refuses a dispatch whose inputs exceed this many characters in total. */
const MAX_DISPATCH_INPUT_CHARS = 65_535;

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const WORKFLOW = /^(\d+|[A-Za-z0-9_.-]+\.ya?ml)$/;

/** Reads dispatch-repository (default GITHUB_REPOSITORY), dispatch-workflow, dispatch-ref, wait, github-token (masked). */
export function readDispatchInputs(
  reader: InputReader,
  env: NodeJS.ProcessEnv,
  /** Registers the token with the log masker (the runner's, or none in a terminal). */
  mask: (secret: string) => void,
): DispatchInputs {
  const repository = reader.optional('dispatch-repository') ?? env.GITHUB_REPOSITORY ?? '';
  if (!REPOSITORY.test(repository)) {
    throw new InputError(
      'dispatch-repository',
      repository,
      'expected owner/repo',
      'Set it to the repository holding the GPU queue workflow (default: this repository).',
    );
  }
  const workflow = reader.string('dispatch-workflow') || 'gpu-queue.yml';
  if (!WORKFLOW.test(workflow)) {
    throw new InputError(
      'dispatch-workflow',
      workflow,
      'expected a workflow file name in .github/workflows (e.g. gpu-queue.yml) or a numeric workflow id',
      'Give the file name only, not its path.',
    );
  }
  const ref = reader.optional('dispatch-ref');
  if (ref !== undefined && (/\s/.test(ref) || ref.startsWith('-'))) {
    throw new InputError('dispatch-ref', ref, 'expected a branch or tag name');
  }
  const wait = reader.bool('wait', true);
  const token = reader.string('github-token');
  if (token === '') {
    throw new InputError(
      'github-token',
      '',
      'dispatch mode needs a token with `actions: write` on the target repository',
      'Grant `permissions: actions: write` to the job (the default token is used), or pass a token.',
    );
  }
  mask(token);
  return { repository, workflow, ref, wait, token };
}

/**
 * The inputs sent to the queue workflow: the image, a unique id it echoes in its run name, and every
 * other parameter packed into one JSON string (a workflow may declare at most 25 inputs). Pure.
 */
export function packDispatchInputs(
  imageRef: string,
  params: Record<string, string>,
  distinctId: string,
): Record<string, string> {
  const packed = { image: imageRef, params: JSON.stringify(params), distinct_id: distinctId };
  const size = Object.entries(packed).reduce(
    (sum, [key, value]) => sum + key.length + value.length,
    0,
  );
  if (size > MAX_DISPATCH_INPUT_CHARS) {
    throw new Error(
      `The dispatch inputs are ${size} characters; GitHub accepts at most ${MAX_DISPATCH_INPUT_CHARS}. Shorten args/env or pass large values through a file in the image.`,
    );
  }
  return packed;
}

function apiBaseUrl(env: NodeJS.ProcessEnv): string {
  return env.GITHUB_API_URL || 'https://api.github.com';
}

interface RunSummary {
  id: number;
  html_url?: string;
  display_title?: string;
  status?: string;
  conclusion?: string | null;
}

/** A dispatched run that finished without success; `result` still carries the outputs. */
export class DispatchedRunError extends Error {
  constructor(readonly result: DispatchResult) {
    super(`The dispatched run ${result.runUrl} finished with conclusion '${result.conclusion}'.`);
    this.name = 'DispatchedRunError';
  }
}

function workflowPath(repository: string, workflow: string): string {
  return `/repos/${repository}/actions/workflows/${encodeURIComponent(workflow)}`;
}

async function defaultBranch(client: GitHubClient, repository: string): Promise<string> {
  const response = await client.expect(
    'GET',
    `/repos/${repository}`,
    [200],
    `Reading ${repository}`,
  );
  const branch = (response.body as { default_branch?: string }).default_branch;
  if (!branch)
    throw new Error(`GitHub did not report a default branch for ${repository}; set dispatch-ref.`);
  return branch;
}

/**
 * Dispatches with `return_run_details` (200 and the run id). Servers that do not know the flag answer
 * 400/422: then dispatch again without it (204), and the caller finds the run by its distinct id.
 */
async function sendDispatch(
  client: GitHubClient,
  inputs: DispatchInputs,
  ref: string,
  workflowInputs: Record<string, string>,
  log: DispatchLogger,
): Promise<RunSummary | undefined> {
  const path = `${workflowPath(inputs.repository, inputs.workflow)}/dispatches`;
  const context = `Dispatching ${inputs.workflow} on ${inputs.repository}@${ref}`;
  const first = await client.request('POST', path, {
    ref,
    inputs: workflowInputs,
    return_run_details: true,
  });
  if (first.status === 200) {
    const body = first.body as { workflow_run_id?: number; html_url?: string };
    if (typeof body.workflow_run_id === 'number')
      return { id: body.workflow_run_id, html_url: body.html_url };
    return undefined;
  }
  if (first.status === 204) return undefined;
  if (first.status !== 400 && first.status !== 422) {
    throw new GitHubApiError(
      first.status,
      apiMessage(first.body),
      context,
      statusHint(first.status),
    );
  }
  log.info(
    'The API did not accept return_run_details; dispatching without it and finding the run by its id.',
  );
  await client.expect('POST', path, [204], context, { ref, inputs: workflowInputs });
  return undefined;
}

async function findRun(
  client: GitHubClient,
  inputs: DispatchInputs,
  distinctId: string,
  since: Date,
  deps: DispatchDeps,
): Promise<RunSummary> {
  const query = new URLSearchParams({
    event: 'workflow_dispatch',
    created: `>=${since.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    per_page: '100',
  });
  const path = `${workflowPath(inputs.repository, inputs.workflow)}/runs?${query.toString()}`;
  // GitHub creates the run a few seconds after the 204: look for up to about two minutes.
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await client.expect('GET', path, [200], `Listing runs of ${inputs.workflow}`);
    const runs = (response.body as { workflow_runs?: RunSummary[] }).workflow_runs ?? [];
    const match = runs.find((run) => run.display_title?.includes(distinctId));
    if (match) return match;
    await deps.sleep(3000);
  }
  throw new Error(
    `The dispatched run of ${inputs.workflow} was not found: no run's title contains ${distinctId}. ` +
      'The queue workflow must set `run-name: … [${{ inputs.distinct_id }}]` (see workflows/gpu-queue.yml).',
  );
}

async function waitForRun(
  client: GitHubClient,
  repository: string,
  run: RunSummary,
  deps: DispatchDeps,
): Promise<string> {
  let lastStatus = '';
  for (;;) {
    const response = await client.expect(
      'GET',
      `/repos/${repository}/actions/runs/${run.id}`,
      [200],
      `Watching run ${run.id}`,
    );
    const current = response.body as RunSummary;
    if (current.status !== lastStatus) {
      deps.log.info(`Run ${run.id}: ${current.status ?? 'unknown'}`);
      lastStatus = current.status ?? '';
    }
    if (current.status === 'completed') return current.conclusion ?? 'unknown';
    await deps.sleep(deps.pollIntervalMs ?? 15_000);
  }
}

/**
 * Triggers the GPU queue workflow with the image and parameters, finds its run, and with `wait`
 * follows it until it completes; a conclusion other than success throws `DispatchedRunError`.
 */
export async function dispatchRun(
  imageRef: string,
  params: Record<string, string>,
  inputs: DispatchInputs,
  deps: DispatchDeps,
): Promise<DispatchResult> {
  const client = await GitHubClient.connect(apiBaseUrl(deps.env), inputs.token, deps);
  const ref = inputs.ref ?? (await defaultBranch(client, inputs.repository));
  const distinctId = randomUUID();
  const workflowInputs = packDispatchInputs(imageRef, params, distinctId);
  // A minute of slack for clock skew between this runner and GitHub.
  const since = new Date((deps.now ?? Date.now)() - 60_000);
  const dispatched = await sendDispatch(client, inputs, ref, workflowInputs, deps.log);
  const run = dispatched ?? (await findRun(client, inputs, distinctId, since, deps));
  const runUrl = run.html_url ?? `${inputs.repository}/actions/runs/${run.id}`;
  deps.log.info(`Dispatched ${inputs.workflow} on ${inputs.repository}@${ref}: ${runUrl}`);
  const result: DispatchResult = { runId: String(run.id), runUrl, conclusion: '' };
  if (!inputs.wait) return result;

  deps.saveState(
    STATE.dispatchRun,
    encodeDispatchedRun({ repository: inputs.repository, runId: result.runId }),
  );
  result.conclusion = await waitForRun(client, inputs.repository, run, deps);
  deps.saveState(STATE.dispatchRun, '');
  if (result.conclusion !== 'success') throw new DispatchedRunError(result);
  return result;
}

export interface CancelDeps extends GitHubDeps {
  env: NodeJS.ProcessEnv;
  token: string;
}

/**
 * Post step: when this job stopped while following a dispatched run (state still set), cancels that
 * run, and force-cancels it when it does not stop within about half a minute.
 */
export async function cancelDispatchedRun(state: string, deps: CancelDeps): Promise<void> {
  const followed = decodeDispatchedRun(state);
  if (!followed) return;
  const { repository, runId } = followed;
  const client = await GitHubClient.connect(apiBaseUrl(deps.env), deps.token, deps);
  const runPath = `/repos/${repository}/actions/runs/${runId}`;
  const current = await client.expect('GET', runPath, [200], `Reading run ${runId}`);
  if ((current.body as RunSummary).status === 'completed') return;
  deps.log.warning(`This job stopped while run ${runId} was going: cancelling it.`);
  const cancel = await client.request('POST', `${runPath}/cancel`);
  if (cancel.status === 409) return; // it completed in the meantime
  if (cancel.status !== 202) {
    throw new GitHubApiError(cancel.status, apiMessage(cancel.body), `Cancelling run ${runId}`);
  }
  for (let attempt = 0; attempt < 6; attempt++) {
    await deps.sleep(5000);
    const polled = await client.expect('GET', runPath, [200], `Reading run ${runId}`);
    if ((polled.body as RunSummary).status === 'completed') return;
  }
  deps.log.warning(`Run ${runId} did not stop after cancel: force-cancelling it.`);
  await client.expect(
    'POST',
    `${runPath}/force-cancel`,
    [202, 409],
    `Force-cancelling run ${runId}`,
  );
}
