/** Structural rules for the reusable workflow and the templates users copy. */
import { readFileSync, readdirSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';

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
  needs?: string;
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
  it('is a workflow_call with only contents: read and id-token: write', () => {
    expect(Object.keys(launch.on)).toEqual(['workflow_call']);
    expect(launch.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('builds on a hosted runner unless docker-image is given, then runs on the GPU labels', () => {
    expect(launch.jobs.build?.['runs-on']).toBe('ubuntu-latest');
    expect(launch.jobs.build?.if).toBe("inputs.docker-image == ''");
    const run = launch.jobs.run;
    expect(run?.['runs-on']).toBe('${{ fromJSON(inputs.runner-labels) }}');
    expect(run?.['timeout-minutes']).toBe('${{ inputs.timeout-minutes }}');
    expect(run?.needs).toBe('build');
    const step = run?.steps?.find((s) => s.uses === 'launch-action/launch-action@v1');
    expect(step?.with?.mode).toBe('run');
    expect(step?.with?.['docker-image']).toBe(
      '${{ inputs.docker-image || needs.build.outputs.image-ref }}',
    );
    expect(run?.steps?.some((s) => s.uses?.startsWith('actions/checkout'))).toBe(false);
  });

  it('defaults runner-labels to self-hosted + gpu', () => {
    const inputs = (launch.on.workflow_call as { inputs: Record<string, { default?: string }> })
      .inputs;
    expect(JSON.parse(inputs['runner-labels']?.default ?? '')).toEqual(['self-hosted', 'gpu']);
  });

  it('passes only inputs the action declares', () => {
    for (const job of Object.values(launch.jobs)) {
      for (const step of job.steps ?? []) {
        if (step.uses !== 'launch-action/launch-action@v1') continue;
        for (const name of Object.keys(step.with ?? {})) expect(actionInputs).toContain(name);
      }
    }
  });
});

describe('workflows/ templates', () => {
  const files = readdirSync(new URL('workflows/', root)).filter((f) => f.endsWith('.yml'));

  it('are the three documented templates', () => {
    expect(files.sort()).toEqual(['gpu-queue.yml', 'launch-manual.yml', 'launch-on-push.yml']);
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
