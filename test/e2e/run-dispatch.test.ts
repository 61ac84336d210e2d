/**
 * Dispatch mode through the shipped bundle, against the local GitHub API server: the given image is
 * resolved in the local registry, the queue workflow (workflows/gpu-queue.yml) is dispatched, the run
 * followed, outputs set; a cancelled step's post step cancels the dispatched run.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApiServer, type GitHubApiOptions } from '../servers/github-api.js';
import { runAction, runPost, startAction, type ActionRunOptions } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  loggedInDockerConfig,
  registryImage,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';

const TOKEN = 'ghs_e2eDispatchToken';
const image = registryImage(uniqueRepo('e2e/run-dispatch'), 'v1');
let workspace: string;
let queue: GitHubApiOptions['workflows'][number];
let server: GitHubApiServer | undefined;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'run-dispatch-ws-'));
  const template = load(await readFile(join(REPO_ROOT, 'workflows', 'gpu-queue.yml'), 'utf8')) as {
    'run-name': string;
    on: { workflow_dispatch: { inputs: Record<string, { required?: boolean }> } };
  };
  queue = {
    id: 77,
    file: 'gpu-queue.yml',
    runName: template['run-name'],
    inputs: template.on.workflow_dispatch.inputs,
  };
  const login = await loggedInDockerConfig();
  try {
    await runChecked('docker', ['tag', PYTHON_BASE_IMAGE, image]);
    await runChecked('docker', ['push', image], { env: login.env, timeoutMs: 300_000 });
  } finally {
    await login.cleanup();
  }
});

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

afterAll(async () => {
  await runCommand('docker', ['image', 'rm', image]);
  await rm(workspace, { recursive: true, force: true });
});

async function startServer(options: Partial<GitHubApiOptions>): Promise<GitHubApiServer> {
  server = new GitHubApiServer({
    token: TOKEN,
    repository: 'acme/train',
    workflows: [queue],
    ...options,
  });
  await server.start();
  return server;
}

function options(api: GitHubApiServer, inputs: Record<string, string> = {}): ActionRunOptions {
  return {
    workspace,
    timeoutMs: 180_000,
    githubToken: TOKEN,
    env: { GITHUB_API_URL: api.url, GITHUB_REPOSITORY: 'acme/train' },
    inputs: {
      mode: 'dispatch',
      'docker-image': image,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
      command: 'python train.py --epochs 3',
      gpus: '2',
      ...inputs,
    },
  };
}

describe('mode: dispatch through dist/index.js', () => {
  it('dispatches the queue workflow with the image by digest and reports the run', async () => {
    const api = await startServer({
      initialStatus: 'completed',
      conclusion: 'success',
      artifacts: () => [
        {
          name: 'launch-result',
          files: {
            'result.json': JSON.stringify({
              exitCode: 0,
              durationSeconds: 12.5,
              metrics: { accuracy: 0.9 },
              logTail: ['done: accuracy 0.9'],
            }),
          },
        },
      ],
    });
    const run = await runAction(
      options(api, { 'run-env': 'WANDB_API_KEY', 'docker-args': '--env HF_TOKEN\n--cpus=8' }),
    );
    expect(run.stderr + run.stdout).not.toMatch(/::error/);
    expect(run.code).toBe(0);
    const dispatched = api.runs[0];
    expect(dispatched).toBeDefined();
    expect(dispatched?.inputs.image).toMatch(
      new RegExp(`^${image.replace(/:v1$/, '')}@sha256:[0-9a-f]{64}$`),
    );
    // Secrets travel as NAMES: the queue maps them from its own repository's secrets.
    expect(JSON.parse(dispatched?.inputs.params ?? '{}')).toMatchObject({
      command: 'python train.py --epochs 3',
      gpus: '2',
      'run-env': 'WANDB_API_KEY\nHF_TOKEN',
      'docker-args': '--cpus=8',
    });
    expect(run.outputs['exit-code']).toBe('0');
    expect(JSON.parse(run.outputs.metrics ?? '')).toEqual({ accuracy: 0.9 });
    expect(run.stdout).toContain('done: accuracy 0.9');
    expect(run.summary).toMatch(/<td>accuracy<\/td><td>0\.9<\/td>/);
    expect(dispatched?.display_title).toContain(`[${dispatched?.inputs.distinct_id}]`);
    expect(run.outputs['run-id']).toBe(String(dispatched?.id));
    expect(run.outputs['run-url']).toBe(
      `https://github.com/acme/train/actions/runs/${dispatched?.id}`,
    );
    expect(run.outputs.conclusion).toBe('success');
    expect(run.masks).toContain(TOKEN);
    expect(api.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('fails the step when the dispatched run fails, with its outputs', async () => {
    const api = await startServer({
      initialStatus: 'completed',
      conclusion: 'failure',
      artifacts: () => [
        {
          name: 'launch-result',
          files: { 'result.json': JSON.stringify({ exitCode: 3, metrics: {}, logTail: ['oom'] }) },
        },
      ],
    });
    const run = await runAction(options(api));
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(
      /conclusion 'failure'; its container exited with code 3/,
    );
    expect(run.outputs['exit-code']).toBe('3');
    expect(run.outputs.conclusion).toBe('failure');
    expect(run.outputs['run-id']).toBe(String(api.runs[0]?.id));
  });

  it('a cancelled dispatching step has its post step cancel the run', async () => {
    const api = await startServer({ initialStatus: 'in_progress', pollsPerStatus: 1_000 });
    const started = await startAction(options(api));
    const deadline = Date.now() + 120_000;
    while (
      !api.requests.some((r) => /\/actions\/runs\/\d+$/.test(r.path)) &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    started.cancel();
    const main = await started.done;
    expect(main.state['dispatch-run']).toContain(String(api.runs[0]?.id));
    const post = await runPost(main);
    expect(post.code).toBe(0);
    expect(
      api.requests.some(
        (r) => r.method === 'POST' && r.path.endsWith(`/runs/${api.runs[0]?.id}/cancel`),
      ),
    ).toBe(true);
    expect(api.runs[0]?.conclusion).toBe('cancelled');
  });
});
