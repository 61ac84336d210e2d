/**
 * The action's main and post entries under @github/local-action, the usual way to run an action
 * on a workstation: it runs the TypeScript source with its own @actions/core, calling each entry's
 * exported run(). Real engine and registry: the image is pushed, pulled and run.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  loggedInDockerConfig,
  registryManifestDigest,
  uniqueRepo,
} from './harness/infra.js';
import { runCommand } from './harness/process.js';

const LOCAL_ACTION = join(REPO_ROOT, 'node_modules', '.bin', 'local-action');
let work: string;
let workspace: string;
const repository = uniqueRepo('e2e/local-action');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'launch-local-action-'));
  workspace = join(work, 'workspace');
  await mkdir(workspace);
  await writeFile(join(workspace, 'train.py'), 'print("trained under local-action")\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Runs the action's source under local-action with a fresh RUNNER_TEMP; returns it too. */
async function localAction(post: boolean) {
  const runnerTemp = await mkdtemp(join(work, '.runner-temp-'));
  const dotenv = `${runnerTemp}.env`;
  const inputs: Record<string, string> = {
    'INPUT_BASE-IMAGE': PYTHON_BASE_IMAGE,
    INPUT_NETWORK: 'host',
    'INPUT_ALLOW-EMPTY-ENVIRONMENT': 'true',
    INPUT_DESTINATION: `${REGISTRY_HOST}/${repository}`,
    INPUT_USERNAME: REGISTRY_USER,
    INPUT_PASSWORD: REGISTRY_PASSWORD,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: runnerTemp,
  };
  await writeFile(
    dotenv,
    Object.entries(inputs)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('INPUT_')) delete env[key];
  const result = await runCommand(
    LOCAL_ACTION,
    [
      'run',
      REPO_ROOT,
      'src/action/main.ts',
      dotenv,
      ...(post ? ['--post', 'src/action/post.ts'] : []),
    ],
    { cwd: REPO_ROOT, env, timeoutMs: 300_000 },
  );
  await rm(dotenv, { force: true });
  return { ...result, output: result.stdout + result.stderr, runnerTemp };
}

describe('@github/local-action', () => {
  it('runs the main entry: the image is pushed and runs', async () => {
    const main = await localAction(false);
    expect(main.code).toBe(0);
    expect(main.output).not.toMatch(/::error::/);
    const tag = /::set-output name=tag::([0-9a-f]{16})/.exec(main.output)?.[1];
    const digest = /::set-output name=digest::(sha256:[0-9a-f]{64})/.exec(main.output)?.[1];
    expect(tag).toBeTruthy();
    expect(
      await registryManifestDigest(repository, tag!, {
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
      }),
    ).toBe(digest);
    // Nothing of ours is left in RUNNER_TEMP (the docker config with the login is removed).
    expect(await readdir(main.runnerTemp)).toEqual([]);
    expect(main.output).not.toContain(REGISTRY_PASSWORD);

    // The pushed image runs.
    const config = await loggedInDockerConfig();
    try {
      const ref = /::set-output name=image-ref::(\S+)/.exec(main.output)?.[1];
      const run = await runCommand('docker', ['run', '--rm', '--network', 'host', ref!], {
        env: config.env,
        timeoutMs: 120_000,
      });
      expect(run.stdout).toContain('trained under local-action');
    } finally {
      await config.cleanup();
    }
  });

  it('runs main then post: the post entry runs and no credentials are left', async () => {
    const both = await localAction(true);
    expect(both.code).toBe(0);
    expect(both.output).toMatch(/Running Post Step/);
    expect(both.output).toContain('Registry credentials removed from this runner.');
    // Same source: the registry already has the tag, so nothing is rebuilt.
    expect(both.output).toContain('::set-output name=built::false');
    expect(await readdir(both.runnerTemp)).toEqual([]);
  });
});
