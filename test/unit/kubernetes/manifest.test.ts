import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dump } from 'js-yaml';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Secret } from 'kubernetes-models/v1/Secret';
import { describe, expect, it } from 'vitest';
import { readKubernetesInputs } from '../../../src/kubernetes/inputs.js';
import {
  envSecretManifest,
  envSecretName,
  jobIdentity,
  jobManifest,
  jobName,
  labelValue,
  pullSecretManifest,
  pullSecretName,
  runSelector,
} from '../../../src/kubernetes/manifest.js';
import { InputReader, mapInputSource } from '../../../src/inputs/reader.js';

const GOLDEN = 'test/unit/kubernetes/golden';
const id = jobIdentity(
  { GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'train (a100, 3.11)' },
  'a1b2c3d4',
);
const IMAGE = `123456789012.dkr.ecr.us-east-1.amazonaws.com/train@sha256:${'ab'.repeat(32)}`;

function inputs(values: Record<string, string>) {
  return readKubernetesInputs(new InputReader(mapInputSource(values)), { WANDB_API_KEY: 'k' });
}

/** Compares with the golden file; UPDATE_GOLDEN=1 rewrites it. */
function golden(name: string, value: unknown): void {
  const file = `${GOLDEN}/${name}.yaml`;
  const text = dump(value, { lineWidth: 120, noRefs: true });
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

const full = inputs({
  'kubernetes-gpus': '4',
  'kubernetes-gpu-resource': 'nvidia.com/gpu',
  'kubernetes-cpu': '16',
  'kubernetes-memory': '128Gi',
  'kubernetes-cpu-limit': '32',
  'kubernetes-memory-limit': '256Gi',
  'kubernetes-node-selector': 'nvidia.com/gpu.product=NVIDIA-A100-SXM4-80GB',
  'kubernetes-tolerations': '- key: nvidia.com/gpu\n  operator: Exists\n  effect: NoSchedule',
  'kubernetes-affinity':
    '{"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "topology.kubernetes.io/zone", "operator": "In", "values": ["us-east-1a"]}]}]}}}',
  'kubernetes-runtime-class': 'nvidia',
  'kubernetes-priority-class': 'training-high',
  'kubernetes-service-account': 'trainer',
  'kubernetes-queue': 'training',
  'kubernetes-backoff-limit': '2',
  'kubernetes-timeout-minutes': '90',
  'kubernetes-grace-period': '45',
  'run-env': 'WANDB_API_KEY\nMODE=train',
});

describe('Kubernetes manifests', () => {
  it('names are unique per run, attempt and step, and valid label values', () => {
    expect(jobName(id)).toBe('launch-9876543210-2-a1b2c3d4');
    expect(jobName({ ...id, runAttempt: '3' })).not.toBe(jobName(id));
    expect(jobName({ ...id, suffix: 'ffffffff' })).not.toBe(jobName(id));
    expect(jobName(id).length).toBeLessThanOrEqual(63);
    expect(labelValue('train (a100, 3.11)')).toBe('train--a100--3.11');
    expect(labelValue('-x-'.repeat(40))).toMatch(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/);
    expect(runSelector(id)).toBe(
      'app.kubernetes.io/managed-by=launch-action,launch-action/run-id=9876543210,launch-action/run-attempt=2,launch-action/job=train--a100--3.11',
    );
  });

  it('the Job with every option (golden), valid against the official schema', () => {
    const job = jobManifest({
      id,
      namespace: 'ml-jobs',
      imageRef: IMAGE,
      command: ['python', 'train.py', '--epochs', '3'],
      args: ['--lr', '0.1'],
      inputs: full,
      pullSecret: pullSecretName(jobName(id)),
      envSecret: envSecretName(jobName(id)),
      outputsPath: '/home/app/outputs',
    });
    golden('job-full', job);
    expect(() => new Job(job as never).validate()).not.toThrow();
    expect(JSON.stringify(job)).not.toContain('WANDB_API_KEY');
  });

  it('the Job with defaults (golden), valid against the official schema', () => {
    const job = jobManifest({
      id,
      namespace: 'default',
      imageRef: IMAGE,
      args: [],
      inputs: inputs({}),
    });
    golden('job-defaults', job);
    expect(() => new Job(job as never).validate()).not.toThrow();
    const spec = job.spec as {
      suspend: boolean;
      activeDeadlineSeconds: number;
      backoffLimit: number;
    };
    expect(spec.suspend).toBe(true);
    expect(spec.activeDeadlineSeconds).toBe(360 * 60);
    expect(spec.backoffLimit).toBe(0);
  });

  it('the pull and run-env Secrets (golden), owned by the Job, valid against the schema', () => {
    const owner = { name: jobName(id), uid: '0b7c1c9e-1111-4222-8333-944455556666' };
    const pull = pullSecretManifest(id, 'ml-jobs', owner, [
      { host: 'registry.example.com', username: 'AWS', password: 'p4ss' },
    ]);
    const env = envSecretManifest(id, 'ml-jobs', owner, full.runEnv);
    golden('secret-pull', pull);
    golden('secret-env', env);
    expect(() => new Secret(pull as never).validate()).not.toThrow();
    expect(() => new Secret(env as never).validate()).not.toThrow();
    const config = JSON.parse(
      Buffer.from(
        (pull as unknown as { data: Record<string, string> }).data['.dockerconfigjson']!,
        'base64',
      ).toString(),
    ) as { auths: Record<string, { auth: string }> };
    expect(Buffer.from(config.auths['registry.example.com']!.auth, 'base64').toString()).toBe(
      'AWS:p4ss',
    );
  });

  it('the schema check can fail: a broken Job is rejected', () => {
    const job = jobManifest({
      id,
      namespace: 'default',
      imageRef: IMAGE,
      args: [],
      inputs: inputs({}),
    });
    (job.spec as { backoffLimit: unknown }).backoffLimit = 'twice';
    expect(() => new Job(job as never).validate()).toThrow(/backoffLimit must be integer/);
  });
});
