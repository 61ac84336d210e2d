/**
 * `mode: doctor` through the shipped bundle (`node dist/index.js`) against the real authenticated
 * registry: login, push permission (an upload started and cancelled, nothing written) and pull
 * permission, for a user who may push, one who may only pull, and a wrong password — every
 * problem reported at once, in the log and the job summary, and the step failing on errors.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, runPost } from './harness/action-runner.js';
import { REGISTRY_PASSWORD, REGISTRY_USER, registryTags, uniqueRepo } from './harness/infra.js';
import { AWS_ROLE_ARN, ECR_HOST, FakeClouds, REPOSITORY } from '../servers/clouds.js';
import { PermissionProxy } from '../servers/read-only-registry.js';

const repo = uniqueRepo('e2e/doctor');
let workspace: string;
let proxy: PermissionProxy;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'doctor-ws-'));
  proxy = await new PermissionProxy({
    users: {
      pusher: { password: 'pusher-password', write: true },
      reader: { password: 'reader-password', write: false },
    },
    upstream: {
      host: '127.0.0.1',
      port: 5000,
      username: REGISTRY_USER,
      password: REGISTRY_PASSWORD,
    },
  }).start();
});

afterAll(async () => {
  await proxy.close();
  await rm(workspace, { recursive: true, force: true });
});

function doctor(username: string, password: string, env: Record<string, string | undefined> = {}) {
  return runAction({
    workspace,
    inputs: { mode: 'doctor', destination: `${proxy.host}/${repo}`, username, password },
    env: { RUNNER_ENVIRONMENT: 'github-hosted', ...env },
    timeoutMs: 60_000,
  });
}

describe('mode: doctor against the real registry', { timeout: 120_000 }, () => {
  it('a user who may push: login, push and pull pass, nothing is written', async () => {
    const run = await doctor('pusher', 'pusher-password');
    expect(run.stderr + run.stdout).toContain('[ok] registry.login:');
    expect(run.stdout).toContain('[ok] registry.push-allowed:');
    expect(run.stdout).toMatch(
      /push allowed \(an upload was started and cancelled; nothing was written\)/,
    );
    expect(run.stdout).toContain('[ok] registry.pull-allowed:');
    expect(run.stdout).toContain('doctor: no problem found');
    expect(run.code).toBe(0);
    expect(run.summary).toContain('launch-action doctor');
    expect(run.summary).toContain('`registry.push-allowed`');
    // The upload really reached the registry, and was cancelled there (DELETE answered 204).
    expect(proxy.seen).toContainEqual(
      expect.objectContaining({ method: 'POST', user: 'pusher', status: 202 }),
    );
    expect(proxy.seen).toContainEqual(
      expect.objectContaining({ method: 'DELETE', user: 'pusher', status: 204 }),
    );
    expect(await registryTags(repo)).toEqual([]);
    expect(run.masks).toContain('pusher-password');
    const log = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(log.join('\n')).not.toContain('pusher-password');
    // Doctor writes no docker config: the post step has nothing to remove and passes.
    expect(run.state.mode).toBe('doctor');
    const post = await runPost(run);
    expect(post.code).toBe(0);
  });

  it('a read-only user: push denied with its fix, pull allowed, the step fails', async () => {
    const run = await doctor('reader', 'reader-password');
    expect(run.stdout).toContain('[ok] registry.login:');
    expect(run.stdout).toContain('[FAIL] registry.push-denied:');
    expect(run.stdout).toContain('DENIED');
    expect(run.stdout).toContain('Fix: Use credentials of a user with write access');
    expect(run.stdout).toContain('[ok] registry.pull-allowed:');
    expect(run.code).not.toBe(0);
    expect(run.commands).toContainEqual(
      expect.objectContaining({
        command: 'error',
        message: expect.stringContaining('registry.push-denied'),
      }),
    );
  });

  it('a wrong password, on a self-hosted runner without GPUs: every problem at once', async () => {
    const run = await doctor('reader', 'wrong', {
      RUNNER_ENVIRONMENT: 'self-hosted',
      PATH: '/usr/bin:/bin',
    });
    expect(run.stdout).toContain('[FAIL] registry.login-refused:');
    expect(run.stdout).toContain('[FAIL] gpu.driver-missing:');
    expect(run.stdout).toContain('[FAIL] gpu.toolkit-missing:');
    expect(run.stdout).toContain('[ok] runner.version:');
    expect(run.stdout).not.toContain('registry.push');
    const failed = run.commands.find((c) => c.command === 'error')?.message ?? '';
    expect(failed).toContain('registry.login-refused');
    expect(failed).toContain('gpu.driver-missing');
    expect(failed).toContain('gpu.toolkit-missing');
    expect(run.code).not.toBe(0);
  });

  it('a cloud that refuses the token: the named finding, the claims, and no registry call', async () => {
    const clouds = await new FakeClouds({
      aws: { roles: [{ arn: AWS_ROLE_ARN, subjects: ['repo:acme-ml/other-repo:*'] }] },
    }).start();
    try {
      const run = await runAction({
        workspace,
        inputs: { mode: 'doctor', destination: `${ECR_HOST}/train`, 'aws-role-arn': AWS_ROLE_ARN },
        env: { RUNNER_ENVIRONMENT: 'github-hosted', ...clouds.env },
        timeoutMs: 60_000,
      });
      expect(run.code).not.toBe(0);
      expect(run.stdout).toContain('[ok] oidc.token:');
      expect(run.stdout).toContain(`sub: repo:${REPOSITORY}:ref:refs/heads/main`);
      expect(run.stdout).toContain('job_workflow_ref: ');
      expect(run.stdout).toContain('[FAIL] aws.trust-policy-refused:');
      expect(run.stdout).not.toContain('registry.login');
      expect(run.summary).toContain('`aws.trust-policy-refused`');
      for (const secret of clouds.issuedSecrets) {
        expect(run.stdout.replaceAll(`::add-mask::${secret}`, '')).not.toContain(secret);
        expect(run.summary).not.toContain(secret);
      }
      expect(clouds.aws.ecr.requests).toHaveLength(0);
    } finally {
      await clouds.close();
    }
  });
});
