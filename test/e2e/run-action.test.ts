/**
 * Run mode through the shipped bundle (`node dist/index.js`, main then post), with a given image in
 * the authenticated local registry: login, digest resolution, docker run, outputs, cancellation.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, startAction } from './harness/action-runner.js';
import {
  expectPostSucceeds,
  pushImage,
  runModeInputs,
  stepOptions,
  waitFor,
  waitForStdout,
} from './harness/action-steps.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_PASSWORD,
  registryImage,
  uniqueRepo,
} from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';

const repo = uniqueRepo('e2e/run-action');
const image = registryImage(repo, 'v1');
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'run-action-ws-'));
  await pushImage(image, PYTHON_BASE_IMAGE);
});

afterAll(async () => {
  await runCommand('docker', ['image', 'rm', image]);
  await rm(workspace, { recursive: true, force: true });
});

const options = stepOptions(() => ({
  workspace,
  timeoutMs: 180_000,
  inputs: runModeInputs(image),
}));

async function jobContainers(
  runId: string | undefined,
  job: string | undefined,
): Promise<string[]> {
  const listed = await runChecked('docker', [
    'ps',
    '--all',
    '--quiet',
    '--filter',
    `label=launch-action.job=${runId}-${job}`,
  ]);
  return listed.stdout.split(/\s+/).filter((id) => id !== '');
}

describe('mode: run through dist/index.js', () => {
  it('runs the given image and sets exit-code, gpu and duration', async () => {
    const run = await runAction(
      options({ command: 'python3 -c "print(6 * 7, \'from-the-container\')"' }),
    );
    expect(run.stdout).toContain('42 from-the-container');
    expect(run.code).toBe(0);
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs.gpu).toBe('none');
    expect(Number(run.outputs.duration)).toBeGreaterThan(0);
    expect(run.masks).toContain(REGISTRY_PASSWORD);
    await expectPostSucceeds(run);
  });

  it('fails the step with the container’s exit code', async () => {
    const run = await runAction(options({ command: 'sh -c "exit 3"' }));
    expect(run.code).not.toBe(0);
    expect(run.outputs['exit-code']).toBe('3');
  });

  it('refuses a disallowed docker-args flag before any login or pull', async () => {
    const run = await runAction(options({ 'docker-args': '--privileged' }));
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(
      /Input 'docker-args' has an invalid value "--privileged"/,
    );
    expect(run.stdout).not.toContain('Logged in to');
  });

  it('refuses a pull_request_target trigger', async () => {
    const run = await runAction(
      options({}, { eventName: 'pull_request_target', eventPayload: { pull_request: {} } }),
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/pull_request_target/);
    expect(run.stdout).not.toContain('Logged in to');
  });

  it('a cancelled step stops its container within 10 s and the post step finds nothing left', async () => {
    const started = await startAction(
      options({ command: 'sh -c "echo running-$((40+2)); sleep 300"' }),
    );
    await waitForStdout(started, 'running-42', 120_000);
    const cancelledAt = Date.now();
    started.cancel();
    const run = await started.done;
    const env = run.job.baseEnv;
    const stopped = await waitFor(
      async () => (await jobContainers(env.GITHUB_RUN_ID, env.GITHUB_JOB)).length === 0,
      15_000,
    );
    expect(stopped).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    const post = await expectPostSucceeds(run);
    expect(post.stdout).not.toContain('Removed containers left running');
  });
});
