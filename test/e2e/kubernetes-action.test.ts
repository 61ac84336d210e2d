/**
 * mode: kubernetes through the shipped bundle (`node dist/index.js`, main then post) against a
 * local Kubernetes API server that enforces the Role of docs/kubernetes.md and whose kubelet runs
 * the pods on the real docker engine, pulling by digest from the authenticated local registry.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeKubernetes, type PolicyRule } from '../servers/kubernetes.js';
import {
  aksAuthenticator,
  anyOf,
  eksAuthenticator,
  gkeAuthenticator,
  refusals,
} from '../servers/kubernetes-auth.js';
import {
  AWS_ACCOUNT,
  AWS_REGION,
  AWS_ROLE_ARN,
  AZURE_CLIENT,
  AZURE_TENANT,
  FakeClouds,
  GCP_PROVIDER,
  GCP_SERVICE_ACCOUNT,
} from '../servers/clouds.js';
import { runAction, startAction } from './harness/action-runner.js';
import {
  errorMessage,
  expectPostSucceeds,
  keepSweepResult,
  planSweep,
  pushImage,
  stepOptions,
  summarizeSweep,
  sweepResultsDir,
  visibleLog,
  waitFor,
  waitForStdout,
} from './harness/action-steps.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  registryImage,
  uniqueRepo,
} from './harness/infra.js';
import { runCommand } from './harness/process.js';

const repo = uniqueRepo('e2e/kubernetes');
const image = registryImage(repo, 'v1');
const NAMESPACE = 'ml-jobs';
const TOKEN = 'fake-runner-token-7f3a';
const SECRET_VALUE = 'wandb-secret-9c41d2e7';
let workspace: string;
let kubeconfigFile: string;
let fake: FakeKubernetes;
let clouds: FakeClouds;
const EKS_CLUSTER = 'gpu-cluster';
let documented: { rules: PolicyRule[]; clusterRules: PolicyRule[] };

/** The Role and ClusterRole documented in docs/kubernetes.md: the fake enforces exactly these. */
async function documentedRbac(): Promise<{ rules: PolicyRule[]; clusterRules: PolicyRule[] }> {
  const text = await readFile(join(REPO_ROOT, 'docs', 'kubernetes.md'), 'utf8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => loadAll(m[1]!));
  const find = (kind: string) =>
    (blocks.find((b) => (b as { kind?: string })?.kind === kind) as { rules: PolicyRule[] }).rules;
  return { rules: find('Role'), clusterRules: find('ClusterRole') };
}

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'kubernetes-action-ws-'));
  await pushImage(image, PYTHON_BASE_IMAGE);
  documented = await documentedRbac();
  clouds = await new FakeClouds().start();
  fake = await new FakeKubernetes({
    authenticate: anyOf(
      eksAuthenticator(clouds.aws, EKS_CLUSTER),
      gkeAuthenticator(clouds.google),
      aksAuthenticator(clouds.azure),
    ),
    token: TOKEN,
    namespace: NAMESPACE,
    rules: documented.rules,
    clusterRules: documented.clusterRules,
    kueue: { queues: ['training'], admitAfterMs: 2500 },
    logDropAfterMs: 1500,
    containerPrefix: `k8s-e2e-${process.pid}`,
    nodes: [
      {
        metadata: {
          name: 'gpu-node-1',
          labels: {
            'nvidia.com/gpu.product': 'NVIDIA-A100-SXM4-80GB',
            'nvidia.com/cuda.driver.major': '550',
            'nvidia.com/cuda.driver.minor': '54',
            'nvidia.com/cuda.driver.rev': '15',
          },
        },
        status: { allocatable: { 'nvidia.com/gpu': '1', cpu: '16', memory: '64Gi' } },
      },
    ],
  }).start();
  kubeconfigFile = join(workspace, 'kubeconfig');
  await writeFile(kubeconfigFile, fake.kubeconfig());
});

afterAll(async () => {
  await fake?.close();
  await clouds?.close();
  await runCommand('docker', ['image', 'rm', image]);
  await rm(workspace, { recursive: true, force: true });
});

const options = stepOptions(() => ({
  workspace,
  timeoutMs: 120_000,
  inputs: {
    mode: 'kubernetes',
    'docker-image': image,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    'kubernetes-kubeconfig': 'kubeconfig',
  },
}));

function countOf(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('mode: kubernetes through dist/index.js', () => {
  it('queued by Kueue, admitted, logs streamed across dropped connections, exit code 3 propagated, run-env only in a Secret', async () => {
    const run = await runAction(
      options(
        {
          'kubernetes-queue': 'training',
          'kubernetes-gpus': '1',
          'kubernetes-cpu': '2',
          'kubernetes-memory-limit': '4Gi',
          'kubernetes-node-selector': 'nvidia.com/gpu.product=NVIDIA-A100-SXM4-80GB',
          'cuda-version': '12.4',
          'run-env': 'WANDB_API_KEY\nRUN_MODE=train',
          command:
            'sh -c \'echo start-$((40+2)); echo key-length-${#WANDB_API_KEY} mode-$RUN_MODE; mkdir -p outputs/ckpt; echo weights-$((6*7)) > outputs/ckpt/model.txt; echo {\\"loss\\":0.5,\\"accuracy\\":0.75} > outputs/metrics.json; sleep 4; echo finished-$((1+1)); exit 3\'',
        },
        { env: { WANDB_API_KEY: SECRET_VALUE } },
      ),
    );
    const log = visibleLog(run.stdout);
    expect(run.code, run.stdout + run.stderr).not.toBe(0);
    expect(run.outputs['exit-code']).toBe('3');
    expect(log).toContain('CUDA preflight: CUDA 12.4');
    expect(log).toMatch(/Queued in Kueue LocalQueue training/);
    expect(log).toMatch(/Admitted by Kueue after (\d+\.\d) s queued/);
    const waited = Number(/Admitted by Kueue after (\d+\.\d) s/.exec(log)![1]);
    expect(waited).toBeGreaterThanOrEqual(2);
    // Every line once, although the log connection was dropped every 1.5 s during the 4 s sleep.
    expect(countOf(log, 'start-42')).toBe(1);
    expect(countOf(log, `key-length-${SECRET_VALUE.length} mode-train`)).toBe(1);
    expect(countOf(log, 'finished-2')).toBe(1);
    expect(log.indexOf('start-42')).toBeLessThan(log.indexOf('finished-2'));
    expect(log).toContain('The container exited with code 3');
    const logRequests = fake.requests.filter((r) => r.resource === 'pods/log');
    expect(logRequests.length).toBeGreaterThanOrEqual(3);

    // outputs-path (relative: under the image's WorkingDir read from the registry) came back
    // through the outputs sidecar, although the run failed.
    expect(log).toMatch(/Outputs: \/outputs in the pod → .+ \(2 files, \d+ bytes\)/);
    const outputsDir = run.outputs['outputs-dir']!;
    expect(await readFile(join(outputsDir, 'ckpt', 'model.txt'), 'utf8')).toBe('weights-42\n');
    expect(JSON.parse(run.outputs.metrics!)).toEqual({ loss: 0.5, accuracy: 0.75 });
    const record = JSON.parse(await readFile(run.outputs['result-file']!, 'utf8')) as {
      exitCode: number;
      metrics: Record<string, number>;
      logTail: string[];
    };
    expect(record.exitCode).toBe(3);
    expect(record.metrics).toEqual({ loss: 0.5, accuracy: 0.75 });
    expect(record.logTail).toContain('finished-2');
    expect(JSON.stringify(record)).not.toContain(SECRET_VALUE);
    const sidecarLogs = fake.requests.filter(
      (r) => r.resource === 'pods/log' && r.container === 'outputs',
    );
    expect(sidecarLogs).toHaveLength(1);

    // What the step sent: the Job suspended with the queue label, labels, digest, no secret value.
    const job = fake.created.find((o) => o.kind === 'Job')!;
    expect(job.spec.suspend).toBe(true);
    expect(job.metadata.labels['kueue.x-k8s.io/queue-name']).toBe('training');
    expect(job.metadata.labels['app.kubernetes.io/managed-by']).toBe('launch-action');
    expect(job.metadata.labels['launch-action/run-id']).toBe(run.job.baseEnv.GITHUB_RUN_ID);
    expect(job.metadata.name).toMatch(
      new RegExp(`^launch-${run.job.baseEnv.GITHUB_RUN_ID}-${run.job.baseEnv.GITHUB_RUN_ATTEMPT}-`),
    );
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toMatch(/^127\.0\.0\.1:5000\/.+@sha256:[0-9a-f]{64}$/);
    expect(container.resources.limits['nvidia.com/gpu']).toBe('1');
    expect(job.spec.template.spec.imagePullSecrets).toEqual([
      { name: `${job.metadata.name}-pull` },
    ]);
    expect(JSON.stringify(job)).not.toContain(SECRET_VALUE);
    expect(run.stdout.replace(`::add-mask::${SECRET_VALUE}`, '') + run.stderr).not.toContain(
      SECRET_VALUE,
    );
    expect(run.masks).toContain(SECRET_VALUE);
    const secrets = fake.created.filter((o) => o.kind === 'Secret');
    expect(secrets.map((s) => s.type).sort()).toEqual(['Opaque', 'kubernetes.io/dockerconfigjson']);
    for (const secret of secrets) {
      expect(secret.metadata.ownerReferences[0]).toMatchObject({
        kind: 'Job',
        name: job.metadata.name,
      });
      expect(secret.metadata.labels['app.kubernetes.io/managed-by']).toBe('launch-action');
    }
    // Removed at the end, with the pods and the owned Secrets.
    expect(await waitFor(() => fake.list('jobs').length === 0, 10_000)).toBe(true);
    expect(fake.list('pods')).toEqual([]);
    expect(fake.list('secrets')).toEqual([]);
    await expectPostSucceeds(run);
  });

  it('a cancelled step deletes the Job (foreground) and its pod is gone within the grace period', async () => {
    const grace = 3;
    const started = await startAction(
      options({
        'kubernetes-gpus': '0',
        'kubernetes-grace-period': String(grace),
        command: 'sh -c "echo running-$((40+2)); sleep 300"',
      }),
    );
    const stdout = await waitForStdout(started, 'running-42', 60_000);
    expect(stdout).toContain('Job started.');
    // The main container and the outputs sidecar.
    expect(await fake.runningContainers()).toHaveLength(2);
    const cancelledAt = Date.now();
    started.cancel();
    const run = await started.done;
    await expectPostSucceeds(run);
    const gone = await waitFor(
      async () => (await fake.runningContainers()).length === 0 && fake.list('pods').length === 0,
      (grace + 5) * 1000,
    );
    expect(gone).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan((grace + 5) * 1000);
    expect(fake.list('jobs')).toEqual([]);
    expect(fake.list('secrets')).toEqual([]);
    const deletes = fake.requests.filter((r) => r.verb === 'delete' && r.resource === 'jobs');
    expect(deletes.length).toBeGreaterThanOrEqual(1);
    expect(run.stdout).toContain('Cancellation received: deleting Job');
  });

  it('outputs over the bound fail a successful run with the limit and what to do', async () => {
    const run = await runAction(
      options({
        'kubernetes-gpus': '0',
        'outputs-path': '/results',
        command: 'sh -c "head -c 5000000 /dev/urandom > /results/model.bin; echo wrote"',
      }),
    );
    expect(run.code).not.toBe(0);
    const error = errorMessage(run);
    expect(error).toContain('The outputs in /results (4.8 MiB of files)');
    expect(error).toContain('at most 4.0 MiB compressed');
    expect(error).toContain('object storage or a persistent volume');
    expect(run.stdout).toContain('wrote');
    expect(await waitFor(() => fake.list('jobs').length === 0, 10_000)).toBe(true);
  });

  it('a denied verb fails the step with the missing rule, and the post step removes the Job', async () => {
    fake.rules = documented.rules.map((rule) =>
      rule.resources.includes('secrets') ? { ...rule, verbs: [] } : rule,
    );
    try {
      const run = await runAction(options({ 'kubernetes-gpus': '0', command: 'true' }));
      expect(run.code).not.toBe(0);
      const error = errorMessage(run);
      expect(error).toContain('Kubernetes RBAC denied create secrets in namespace "ml-jobs"');
      expect(error).toContain('cannot create resource "secrets"');
      expect(error).toContain('{apiGroups: [""], resources: ["secrets"], verbs: ["create"]}');
      await expectPostSucceeds(run);
      expect(await waitFor(() => fake.list('jobs').length === 0, 10_000)).toBe(true);
    } finally {
      fake.rules = documented.rules;
    }
  });

  it('the CUDA preflight refuses a cluster whose drivers are too old before creating anything', async () => {
    const before = fake.created.length;
    const run = await runAction(options({ 'cuda-version': '13.0', command: 'true' }));
    expect(run.code).not.toBe(0);
    const error = errorMessage(run);
    expect(error).toContain('No eligible node can run CUDA 13.0');
    expect(error).toContain('gpu-node-1 (driver 550.54.15)');
    expect(fake.created.length).toBe(before);
  });

  it('in-cluster access: the service account token, CA and namespace files, no kubeconfig', async () => {
    const prefix = await mkdtemp(join(tmpdir(), 'service-account-'));
    const dir = join(prefix, 'var/run/secrets/kubernetes.io/serviceaccount');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'token'), TOKEN);
    await writeFile(join(dir, 'ca.crt'), fake.caPem);
    await writeFile(join(dir, 'namespace'), NAMESPACE);
    try {
      const run = await runAction(
        options(
          {
            'kubernetes-kubeconfig': '',
            'kubernetes-gpus': '0',
            command: 'sh -c "echo in-cluster-$((6*7))"',
          },
          {
            env: {
              KUBERNETES_SERVICE_HOST: '127.0.0.1',
              KUBERNETES_SERVICE_PORT: new URL(fake.url).port,
              LAUNCH_ACTION_SERVICE_ACCOUNT_PREFIX: prefix,
            },
          },
        ),
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain(
        'Cluster access: in-cluster service account (127.0.0.1); namespace ml-jobs.',
      );
      expect(run.stdout).toContain('in-cluster-42');
      expect(run.outputs['exit-code']).toBe('0');
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });

  describe('managed clusters: a token from the cloud identity, no kubeconfig, no cloud CLI', () => {
    const managed = (access: string, inputs: Record<string, string>, env = {}) =>
      options(
        {
          'kubernetes-access': access,
          'kubernetes-kubeconfig': '',
          'kubernetes-server': fake.url,
          'kubernetes-namespace': NAMESPACE,
          'kubernetes-gpus': '0',
          'kubernetes-collect-outputs': 'false',
          command: `sh -c "echo ${access}-job-$((6*7))"`,
          ...inputs,
        },
        { env: { ...clouds.env, ...env } },
      );
    const usersSince = (from: number) =>
      new Set(
        fake.requests
          .slice(from)
          .map((r) => r.user)
          .filter(Boolean),
      );

    it('EKS: a presigned GetCallerIdentity URL bound to the cluster; STS names the role', async () => {
      const from = fake.requests.length;
      const run = await runAction(
        managed('eks', {
          'kubernetes-ca': fake.caPem,
          'kubernetes-cluster': EKS_CLUSTER,
          'aws-role-arn': AWS_ROLE_ARN,
          'aws-region': AWS_REGION,
        }),
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('eks-job-42');
      expect(run.stdout).toContain(`Cluster access: EKS token for ${AWS_ROLE_ARN} (${fake.url})`);
      expect([...usersSince(from)]).toEqual([`arn:aws:iam::${AWS_ACCOUNT}:role/github-push`]);
      const stsCalls = clouds.aws.sts.requests.filter((r) => r.method === 'GET');
      expect(stsCalls.length).toBeGreaterThan(0);
      // Every credential is masked, and appears nowhere but in its mask command.
      for (const secret of clouds.issuedSecrets) {
        expect(visibleLog(run.stdout) + run.stderr).not.toContain(secret);
      }
      expect(run.masks.some((m) => m.startsWith('k8s-aws-v1.'))).toBe(true);
      // The post step mints its own token (the main step's may have expired) and finds nothing left.
      await expectPostSucceeds(run);
    });

    it('EKS: a token minted for another cluster is refused (401) by the signature check', async () => {
      refusals.length = 0;
      const run = await runAction(
        managed('eks', {
          'kubernetes-ca': fake.caPem,
          'kubernetes-cluster': 'another-cluster',
          'aws-role-arn': AWS_ROLE_ARN,
          'aws-region': AWS_REGION,
        }),
      );
      expect(run.code).not.toBe(0);
      const error = errorMessage(run);
      expect(error).toContain('The Kubernetes API server rejected the credentials (401)');
      expect(refusals.join('\n')).toMatch(
        /STS answered 403: <ErrorResponse[^]*?<Code>SignatureDoesNotMatch<\/Code>[^]*?signature we calculated does not match/,
      );
    });

    it('GKE: the Google access token of the impersonated service account', async () => {
      const from = fake.requests.length;
      const run = await runAction(
        managed('gke', {
          'kubernetes-ca': Buffer.from(fake.caPem).toString('base64'),
          'gcp-workload-identity-provider': GCP_PROVIDER,
          'gcp-service-account': GCP_SERVICE_ACCOUNT,
        }),
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('gke-job-42');
      expect([...usersSince(from)]).toEqual([GCP_SERVICE_ACCOUNT]);
    });

    it('AKS: an Entra ID token for the AKS server application', async () => {
      const from = fake.requests.length;
      const run = await runAction(
        managed('aks', {
          'kubernetes-ca': Buffer.from(fake.caPem).toString('base64'),
          'azure-client-id': AZURE_CLIENT,
          'azure-tenant-id': AZURE_TENANT,
        }),
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('aks-job-42');
      expect([...usersSince(from)]).toEqual([AZURE_CLIENT]);
    });
  });

  it('a sweep targets this mode: the plan fans out into Jobs, each keeps its result, the summary tables them', async () => {
    const { points, matrix } = await planSweep(workspace, '{"lr": [0.2, 0.6]}');
    const results = await sweepResultsDir();
    const script =
      'import json, os, sys; lr = float(sys.argv[1].split("=")[1]); os.makedirs("outputs", exist_ok=True); ' +
      'json.dump({"accuracy": round(1 - lr, 3)}, open("outputs/metrics.json", "w")); ' +
      'sys.exit(2 if lr > 0.5 else 0)';
    const names = new Set<string>();
    for (const point of points) {
      const run = await runAction(
        options({
          'kubernetes-gpus': '0',
          command: `python3 -c '${script}'`,
          args: `\n${point.args}`,
        }),
      );
      expect(run.outputs['exit-code']).toBe(point.point === 1 ? '2' : '0');
      const job = fake.created.filter((o) => o.kind === 'Job').at(-1)!;
      names.add(String(job.metadata.name));
      await keepSweepResult(results, point.point, run);
    }
    expect(names.size).toBe(2);
    const summary = await summarizeSweep(workspace, { matrix, results, metric: 'accuracy' });
    expect(summary.summary).toContain('### Sweep: 2 runs, 1 failed');
    expect(summary.summary).toMatch(/\| 0 \| `lr=0\.2` \| 0 \| \d+\.\d \| 0\.8 \|/);
    expect(summary.summary).toMatch(/\| 1 \| `lr=0\.6` \| 2 \| \d+\.\d \| 0\.4 \|/);
    await rm(results, { recursive: true, force: true });
  });

  it('uses every rule of the documented Role and nothing else', () => {
    const used = new Set(
      fake.requests
        .filter((r) => r.status !== 401 && r.status !== 403)
        .map((r) => `${r.group}|${r.resource}|${r.verb}`),
    );
    const allowed = new Set(
      [...documented.rules, ...documented.clusterRules].flatMap((rule) =>
        rule.apiGroups.flatMap((g) =>
          rule.resources.flatMap((res) => rule.verbs.map((v) => `${g}|${res}|${v}`)),
        ),
      ),
    );
    expect([...used].sort()).toEqual([...allowed].sort());
  });
});
