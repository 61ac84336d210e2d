/** Structural rules for the reusable workflow and the templates users copy. */
import { readFileSync, readdirSync } from 'node:fs';
import { load } from 'js-yaml';
import { planSweep } from '../../../src/sweep/plan.js';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { NOT_OFFERED, SECRETS, generate } from '../../../scripts/reusable-workflow.mjs';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on'?: unknown;
  uses?: string;
  if?: string;
  needs?: string | string[];
  'timeout-minutes'?: unknown;
  steps?: Step[];
  with?: Record<string, unknown>;
}
interface Workflow {
  'run-name'?: string;
  on: Record<string, { inputs?: Record<string, { required?: boolean }> } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job & { secrets?: unknown }>;
}

const launch = load(read('.github/workflows/launch.yml')) as Workflow;
const actionInputs = Object.keys(
  (load(read('action.yml')) as { inputs: Record<string, unknown> }).inputs,
);

describe('.github/workflows/launch.yml (reusable)', () => {
  const action = load(read('action.yml')) as {
    inputs: Record<string, { default?: string }>;
  };
  const call = launch.on.workflow_call as unknown as {
    inputs: Record<string, { type: string; default?: unknown }>;
    secrets: Record<string, unknown>;
  };

  it('is generated from action.yml (both variants are up to date)', async () => {
    const generated = await generate();
    for (const [file, text] of Object.entries(generated)) expect(read(file)).toBe(text);
  });

  it('offers every action input under its name, type and default, or as a secret, or says why not', () => {
    for (const [name, spec] of Object.entries(action.inputs)) {
      if (name in NOT_OFFERED) {
        expect(call.inputs[name]).toBeUndefined();
        continue;
      }
      if (name in SECRETS) {
        expect(call.secrets[name]).toBeDefined();
        expect(call.inputs[name]).toBeUndefined();
        continue;
      }
      const input = call.inputs[name];
      expect(input, name).toBeDefined();
      const expected =
        spec.default === 'true' || spec.default === 'false'
          ? ['boolean', spec.default === 'true']
          : /^\d+$/.test(spec.default ?? '')
            ? ['number', Number(spec.default)]
            : ['string', spec.default ?? ''];
      expect([input?.type, input?.default], name).toEqual(expected);
    }
    const own = Object.keys(call.inputs).filter((name) => !(name in action.inputs));
    expect(own.sort()).toEqual(
      [
        'build-runner',
        'free-disk-space',
        'max-parallel',
        'ref',
        'run-mode',
        'runner-labels',
        'sweep',
        'sweep-metric',
        'timeout-minutes',
      ].sort(),
    );
    expect(Object.keys(call.secrets).sort()).toEqual(Object.keys(SECRETS).sort());
  });

  it('passes every offered input and secret to a launch step under the same name', () => {
    const passed = new Map<string, string>();
    for (const job of Object.values(launch.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses !== 'launch-action/launch-action@v1') continue;
        for (const [name, value] of Object.entries(step.with ?? {})) {
          expect(actionInputs).toContain(name);
          passed.set(name, String(value));
        }
      }
    }
    for (const name of Object.keys(call.inputs).filter((n) => n in action.inputs)) {
      expect(passed.get(name), name).toContain(`inputs.${name}`);
    }
    for (const name of Object.keys(call.secrets)) {
      expect(passed.get(name), name).toBe(`\${{ secrets.${name} }}`);
    }
  });

  it('builds on the selected runner, one build per ref at a time, with optional disk cleanup', () => {
    const build = launch.jobs.build as Job & { concurrency?: { group: string } };
    expect(build['runs-on']).toBe('${{ fromJSON(inputs.build-runner) }}');
    expect(build.if).toBe("inputs.docker-image == ''");
    expect(build.concurrency?.group).toContain('${{ github.ref }}');
    const cleanup = build.steps?.[0] as Step & { if?: string };
    expect(cleanup.if).toBe('inputs.free-disk-space');
    expect(cleanup.run).toContain('docker system prune');
  });

  it('runs each sweep point on the GPU labels, after the build and only for trusted events', () => {
    const run = launch.jobs.run as Job & { strategy?: Record<string, unknown> };
    expect(run['runs-on']).toBe('${{ fromJSON(inputs.runner-labels) }}');
    expect(run['timeout-minutes']).toBe('${{ inputs.timeout-minutes }}');
    expect(run.needs).toEqual(['build', 'plan']);
    expect(run.strategy).toEqual({
      'fail-fast': false,
      'max-parallel': '${{ inputs.max-parallel }}',
      matrix: '${{ fromJSON(needs.plan.outputs.matrix) }}',
    });
    for (const job of [run, launch.jobs.plan]) {
      expect(job?.if).toContain("github.event_name != 'pull_request_target'");
      expect(job?.if).toContain(
        "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository",
      );
      expect(job?.if).toContain('inputs.allow-untrusted ||');
    }
    const step = run.steps?.find((s) => s.uses === 'launch-action/launch-action@v1');
    expect(step?.with?.mode).toBe('${{ inputs.run-mode }}');
    expect(step?.with?.['docker-image']).toBe(
      '${{ inputs.docker-image || needs.build.outputs.image-ref }}',
    );
    expect(step?.with?.args).toBe('${{ inputs.args }}\n${{ matrix.args }}\n');
    const upload = run.steps?.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.name).toBe('launch-run-${{ matrix.point }}');
    expect(run.steps?.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
  });

  it('summarises a sweep from the runs’ artifacts', () => {
    const summary = launch.jobs.summary;
    expect(summary?.needs).toEqual(['plan', 'run']);
    const steps = summary?.steps ?? [];
    expect(steps[0]?.with?.pattern).toBe('launch-run-*');
    expect(steps[1]?.uses).toBe('launch-action/launch-action/sweep@v1');
    expect(steps[1]?.with?.command).toBe('summary');
  });

  it('uses actions at their current majors', () => {
    const uses = [...read('.github/workflows/launch.yml').matchAll(/uses: (actions\/[\w-]+@\S+)/g)]
      .map((m) => m[1])
      .sort();
    expect([...new Set(uses)]).toEqual([
      'actions/checkout@v6',
      'actions/download-artifact@v8',
      'actions/upload-artifact@v7',
    ]);
  });

  it('grants packages: write only in the GHCR variant, on its build job', () => {
    const ghcr = load(read('.github/workflows/launch-ghcr.yml')) as Workflow;
    expect(launch.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(ghcr.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect((launch.jobs.build as { permissions?: unknown }).permissions).toBeUndefined();
    expect((ghcr.jobs.build as { permissions?: unknown }).permissions).toEqual({
      contents: 'read',
      'id-token': 'write',
      packages: 'write',
    });
  });

  it('defaults runner-labels to self-hosted + gpu', () => {
    expect(JSON.parse(String(call.inputs['runner-labels']?.default))).toEqual([
      'self-hosted',
      'gpu',
    ]);
  });
});

describe('workflows/ templates', () => {
  const files = readdirSync(new URL('workflows/', root)).filter((f) => f.endsWith('.yml'));

  it('are the four documented templates', () => {
    expect(files.sort()).toEqual([
      'gpu-queue.yml',
      'launch-manual.yml',
      'launch-on-push.yml',
      'launch-sweep.yml',
    ]);
  });

  it.each(files)('%s is short, grants only what is needed and never inherits secrets', (file) => {
    const text = read(`workflows/${file}`);
    // The queue maps run-env names from its secrets and reports back: it may be longer.
    expect(text.trim().split('\n').length).toBeLessThanOrEqual(file === 'gpu-queue.yml' ? 80 : 25);
    expect(text).not.toMatch(/secrets:\s*inherit/);
    const workflow = load(text) as Workflow;
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('gpu-queue.yml takes what dispatch mode sends and echoes distinct_id in its run name', () => {
    const queue = load(read('workflows/gpu-queue.yml')) as Workflow;
    expect(Object.keys(queue.on.workflow_dispatch?.inputs ?? {}).sort()).toEqual([
      'distinct_id',
      'image',
      'params',
    ]);
    expect(queue['run-name']).toMatch(/\[\$\{\{ inputs\.distinct_id \}\}\]/);
    const step = queue.jobs.run?.steps?.[0];
    expect(step?.with?.mode).toBe('run');
    expect(queue.jobs.run?.['runs-on']).toEqual(['self-hosted', 'gpu']);
    for (const name of Object.keys(step?.with ?? {})) expect(actionInputs).toContain(name);
  });

  it('launch-manual.yml builds the given commit or runs the given image', () => {
    const manual = load(read('workflows/launch-manual.yml')) as Workflow;
    expect(Object.keys(manual.on.workflow_dispatch?.inputs ?? {})).toEqual(
      expect.arrayContaining(['commit', 'docker-image']),
    );
    expect(manual.jobs.launch?.with).toMatchObject({
      ref: '${{ inputs.commit }}',
      'docker-image': '${{ inputs.docker-image }}',
    });
    const build = launch.jobs.build?.steps?.find((s) => s.uses?.startsWith('actions/checkout'));
    expect(build?.with?.ref).toBe('${{ inputs.ref }}');
  });
});

describe('workflows/launch-sweep.yml', () => {
  it('calls the reusable workflow with a sweep that plans, and passes run-env as a secret', () => {
    const sweep = load(read('workflows/launch-sweep.yml')) as Workflow;
    const job = sweep.jobs.sweep as Job & { secrets?: Record<string, string> };
    expect(job.uses).toBe('launch-action/launch-action/.github/workflows/launch.yml@v1');
    expect(planSweep(String(job.with?.sweep))).toHaveLength(6);
    expect(job.secrets?.['run-env']).toContain('WANDB_API_KEY=${{ secrets.WANDB_API_KEY }}');
    for (const name of Object.keys(job.with ?? {})) {
      expect(Object.keys((launch.on.workflow_call as { inputs: object }).inputs)).toContain(name);
    }
  });
});

describe('the reusable workflow in run-mode kubernetes', () => {
  const inputs = (launch.on.workflow_call as { inputs: Record<string, { default?: unknown }> })
    .inputs;
  const runStep = launch.jobs.run?.steps?.find((s) => s.uses === 'launch-action/launch-action@v1');
  const buildStep = launch.jobs.build?.steps?.find((s) => s.uses?.startsWith('launch-action/'));

  it('runs each matrix point in the mode the caller picks (default run)', () => {
    expect(inputs['run-mode']?.default).toBe('run');
    expect(runStep?.with?.mode).toBe('${{ inputs.run-mode }}');
  });

  it('gives the kubernetes inputs to the run job only, the kubeconfig as a secret', () => {
    const kubernetes = actionInputs.filter((name) => name.startsWith('kubernetes-'));
    expect(kubernetes.length).toBeGreaterThan(20);
    for (const name of kubernetes) {
      expect(runStep?.with?.[name]).toBe(
        name === 'kubernetes-kubeconfig' ? `\${{ secrets.${name} }}` : `\${{ inputs.${name} }}`,
      );
      expect(buildStep?.with?.[name]).toBeUndefined();
    }
    expect(inputs['kubernetes-kubeconfig']).toBeUndefined();
    // The cluster route's identity and the pull Secret's registry login reach the run job.
    for (const name of [
      'aws-role-arn',
      'gcp-workload-identity-provider',
      'azure-client-id',
      'username',
    ]) {
      expect(runStep?.with?.[name]).toBe(`\${{ inputs.${name} }}`);
    }
  });
});
