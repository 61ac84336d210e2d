#!/usr/bin/env node
// Writes the reusable workflows (.github/workflows/launch.yml, and launch-ghcr.yml which may push
// to GHCR) from action.yml, so every input the action offers can be set through them.
//
//   node scripts/reusable-workflow.mjs           # write both files
//   node scripts/reusable-workflow.mjs --check   # exit 1 when a file is out of date
//
// Each action input becomes a workflow input of the same name, type and default, except the ones
// in SECRETS (passed as secrets) and NOT_OFFERED (with the reason). Inputs of the `run on a GPU
// runner` section (plus RUN_ALSO) go to the GPU job; the others to the build job.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import * as prettier from 'prettier';

const ROOT = new URL('..', import.meta.url);

/** Action inputs that carry credentials: workflow secrets of the same name. */
export const SECRETS = {
  password: 'Registries without OIDC: password or token.',
  'pip-index-url': 'Package index URL (credentials in it never reach a layer).',
  'pip-extra-index-url': 'Extra package index URLs, one per line.',
  'run-env':
    'Run-time variables for the container, NAME=VALUE per line (e.g. `WANDB_API_KEY=${{ secrets.WANDB_API_KEY }}`).',
  'kubernetes-kubeconfig':
    'run-mode kubernetes: the kubeconfig content (its token or key is a credential).',
  secrets: 'Build secrets, ID=VALUE per line, for `RUN --mount=type=secret,id=ID`.',
};

/** Action inputs the workflow sets itself, with why. */
export const NOT_OFFERED = {
  mode: 'the workflow builds on one job and runs on another',
  'github-token': "the job's own token is used",
  'dispatch-repository': 'dispatch mode is for workflows of your own',
  'dispatch-workflow': 'dispatch mode is for workflows of your own',
  'dispatch-ref': 'dispatch mode is for workflows of your own',
  wait: 'dispatch mode is for workflows of your own',
  'secret-files':
    "files on the build job's runner do not exist before it starts: pass secrets instead",
  ssh: "the build job's runner has no SSH agent of the caller's",
};

/** Inputs outside the run section that the GPU job needs too. */
const RUN_ALSO = ['env', 'network'];
/** Registry inputs the GPU job does not need: it pulls, never pushes. */
const BUILD_ONLY_REGISTRY = ['destination', 'tags', 'create-repository'];

/** The workflow's own inputs, beside the action's. */
const WORKFLOW_INPUTS = {
  ref: {
    description: 'Commit, branch or tag to build (default: the commit that triggered the caller).',
    type: 'string',
    default: '',
  },
  'build-runner': {
    description: 'JSON list of runner labels for the build job.',
    type: 'string',
    default: '["ubuntu-latest"]',
  },
  'free-disk-space': {
    description:
      'Remove preinstalled SDKs from a hosted build runner first (about 20 GB more, for large CUDA images).',
    type: 'boolean',
    default: false,
  },
  'run-mode': {
    description:
      'How each run job runs the image: `run` (docker on a GPU runner from `runner-labels`) or `kubernetes` (a Job in the cluster, from any runner in `runner-labels` that reaches its API server; see the kubernetes-* inputs).',
    type: 'string',
    default: 'run',
  },
  'runner-labels': {
    description: 'JSON list of runner labels for the GPU job.',
    type: 'string',
    default: '["self-hosted", "gpu"]',
  },
  'timeout-minutes': {
    description: 'Time limit of each GPU job (self-hosted jobs may run up to 5 days).',
    type: 'number',
    default: 360,
  },
  sweep: {
    description:
      'Run the image once per argument set: a JSON list of sets, or an object of lists expanded as a grid (at most 256 runs). Each set is appended to `args`.',
    type: 'string',
    default: '',
  },
  'max-parallel': {
    description: 'Sweep: at most this many GPU jobs at once.',
    type: 'number',
    default: 4,
  },
  'sweep-metric': {
    description: 'Sweep: the metric (from metrics.json) to chart. Default: the first one reported.',
    type: 'string',
    default: '',
  },
};

/** Input names by the `# ---- section ----` comment they follow in action.yml. */
export function sections(actionText) {
  const bySection = new Map();
  let section = '';
  for (const line of actionText.split('\n')) {
    const header = /^ {2}# ---- (.+?) -+$/.exec(line);
    if (header) section = header[1];
    const input = /^ {2}([a-z][a-z0-9-]*):\s*$/.exec(line);
    if (input && section) bySection.set(input[1], section);
    if (/^outputs:/.test(line)) break;
  }
  return bySection;
}

/** `workflow_call` input type for an action input, from its default. */
export function inputType(spec) {
  const value = spec?.default;
  if (value === 'true' || value === 'false') return 'boolean';
  if (typeof value === 'string' && /^\d+$/.test(value)) return 'number';
  return 'string';
}

function typedDefault(spec) {
  const type = inputType(spec);
  if (spec?.default === undefined) return '';
  if (type === 'boolean') return spec.default === 'true';
  if (type === 'number') return Number(spec.default);
  return String(spec.default);
}

const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;
const scalar = (value) => (typeof value === 'string' ? quote(value) : String(value));

function inputsBlock(entries) {
  return entries
    .map(
      ([name, spec]) =>
        `      ${name}:\n        description: ${quote(spec.description)}\n        type: ${spec.type}\n        default: ${scalar(spec.default)}`,
    )
    .join('\n');
}

function withBlock(names, indent) {
  const pad = ' '.repeat(indent);
  return names
    .map((name) =>
      name in SECRETS
        ? `${pad}${name}: \${{ secrets.${name} }}`
        : `${pad}${name}: \${{ inputs.${name} }}`,
    )
    .join('\n');
}

/** The workflow text (before formatting). `ghcr` adds `packages: write` to the build job. */
export function renderWorkflow(actionText, { ghcr = false } = {}) {
  const action = load(actionText);
  const sectionOf = sections(actionText);
  const offered = Object.keys(action.inputs).filter(
    (name) => !(name in NOT_OFFERED) && !(name in SECRETS),
  );
  const isRun = (name) =>
    ['run on a GPU runner', 'run on a Kubernetes GPU pool'].includes(sectionOf.get(name)) ||
    RUN_ALSO.includes(name);
  const buildNames = Object.keys(action.inputs).filter(
    (name) =>
      !(name in NOT_OFFERED) &&
      name !== 'docker-image' &&
      !isRun(name) &&
      name !== 'run-env' &&
      name !== 'kubernetes-kubeconfig',
  );
  buildNames.push(...RUN_ALSO.filter((name) => !buildNames.includes(name)));
  const runNames = Object.keys(action.inputs).filter(
    (name) =>
      !(name in NOT_OFFERED) &&
      name !== 'args' &&
      name !== 'docker-image' &&
      (isRun(name) ||
        (sectionOf.get(name) === 'registry' && !BUILD_ONLY_REGISTRY.includes(name))) &&
      !['pip-index-url', 'pip-extra-index-url'].includes(name),
  );
  const inputs = [
    ...offered.map((name) => [
      name,
      {
        description: action.inputs[name].description,
        type: inputType(action.inputs[name]),
        default: typedDefault(action.inputs[name]),
      },
    ]),
    ...Object.entries(WORKFLOW_INPUTS),
  ];
  const secrets = Object.entries(SECRETS)
    .map(
      ([name, description]) =>
        `      ${name}:\n        description: ${quote(description)}\n        required: false`,
    )
    .join('\n');
  // Fork pull requests and pull_request_target never reach a GPU runner unless allowed: checked
  // here, before the job is queued, because a pull request can edit the caller's workflow file.
  const trusted =
    "(inputs.allow-untrusted || (github.event_name != 'pull_request_target' && !(github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository)))";
  const file = ghcr ? 'launch-ghcr.yml' : 'launch.yml';
  return `# GENERATED from action.yml by scripts/reusable-workflow.mjs: edit that script, then run
# \`npm run workflows:generate\`.
#
# Reusable workflow: build the image on a hosted runner (skipped when \`docker-image\` is given),
# then run it on self-hosted GPU runners: once, or once per point of a \`sweep\`, then summarise.
#
#   jobs:
#     launch:
#       uses: launch-action/launch-action/.github/workflows/${file}@v1
#       with: { destination: …, aws-role-arn: …, command: python train.py }
#       secrets:
#         run-env: |
#           WANDB_API_KEY=\${{ secrets.WANDB_API_KEY }}
#
# Every input of the action can be set here under the same name; credentials are secrets.
# The caller must grant \`id-token: write\` (cloud logins use the job's OIDC token)${
    ghcr ? ' and\n# `packages: write` (this variant pushes to GHCR with the job token)' : ''
  }.
# Inside a reusable workflow \`uses: ./\` would point at the CALLER's repository, so the action is
# referenced by its published name; keep the \`@v1\` references in step with the tag the caller uses.
name: launch

on:
  workflow_call:
    inputs:
${inputsBlock(inputs)}
    secrets:
${secrets}
    outputs:
      image-ref:
        description: 'The image by digest.'
        value: \${{ jobs.build.outputs.image-ref || inputs.docker-image }}
      exit-code:
        description: 'The container exit code (of the last run to finish, in a sweep).'
        value: \${{ jobs.run.outputs.exit-code }}
      gpu:
        description: 'The GPUs and driver the run had.'
        value: \${{ jobs.run.outputs.gpu }}
      metrics:
        description: 'metrics.json of the run as JSON (of the last run to finish, in a sweep).'
        value: \${{ jobs.run.outputs.metrics }}

permissions:
  contents: read
  id-token: write

jobs:
  build:
    if: inputs.docker-image == ''
    runs-on: \${{ fromJSON(inputs.build-runner) }}${
      ghcr
        ? '\n    permissions:\n      contents: read\n      id-token: write\n      packages: write'
        : ''
    }
    # One build per ref at a time: a second one finds the first one's image and skips.
    concurrency:
      group: launch-build-\${{ github.repository }}-\${{ github.ref }}-\${{ inputs.context }}
      cancel-in-progress: false
    outputs:
      image-ref: \${{ steps.launch.outputs.image-ref }}
    steps:
      - name: Free disk space
        if: inputs.free-disk-space
        run: |
          sudo rm -rf /usr/share/dotnet /usr/local/lib/android /opt/ghc /opt/hostedtoolcache/CodeQL
          docker system prune --all --force
          df -h /
      - uses: actions/checkout@v6
        with:
          ref: \${{ inputs.ref }}
          persist-credentials: false
      - id: launch
        uses: launch-action/launch-action@v1
        with:
          mode: build
${withBlock(buildNames, 10)}

  plan:
    runs-on: ubuntu-latest
    if: ${trusted}
    outputs:
      matrix: \${{ steps.plan.outputs.matrix }}
      count: \${{ steps.plan.outputs.count }}
    steps:
      - id: plan
        uses: launch-action/launch-action/sweep@v1
        with:
          command: plan
          sweep: \${{ inputs.sweep }}

  run:
    needs: [build, plan]
    # After a successful build, or straight away when the build was skipped (docker-image given);
    # never for a fork pull request or pull_request_target unless allow-untrusted.
    if: \${{ !cancelled() && needs.build.result != 'failure' && needs.plan.result == 'success' && ${trusted} }}
    runs-on: \${{ fromJSON(inputs.runner-labels) }}
    timeout-minutes: \${{ inputs.timeout-minutes }}
    strategy:
      fail-fast: false
      max-parallel: \${{ inputs.max-parallel }}
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    outputs:
      exit-code: \${{ steps.launch.outputs.exit-code }}
      gpu: \${{ steps.launch.outputs.gpu }}
      metrics: \${{ steps.launch.outputs.metrics }}
    steps:
      # No checkout: the image holds the code, and the GPU runner never reads the repository.
      - id: launch
        uses: launch-action/launch-action@v1
        with:
          mode: \${{ inputs.run-mode }}
          docker-image: \${{ inputs.docker-image || needs.build.outputs.image-ref }}
          args: |
            \${{ inputs.args }}
            \${{ matrix.args }}
${withBlock(runNames, 10)}
      - name: Upload outputs and result
        if: always() && steps.launch.outputs.result-file != ''
        uses: actions/upload-artifact@v7
        with:
          name: launch-run-\${{ matrix.point }}
          path: |
            \${{ steps.launch.outputs.outputs-dir }}
            \${{ steps.launch.outputs.result-file }}
          if-no-files-found: ignore

  summary:
    needs: [plan, run]
    if: \${{ always() && inputs.sweep != '' && needs.plan.result == 'success' }}
    runs-on: ubuntu-latest
    steps:
      - uses: actions/download-artifact@v8
        with:
          pattern: launch-run-*
          path: \${{ runner.temp }}/sweep-results
      - id: summary
        uses: launch-action/launch-action/sweep@v1
        with:
          command: summary
          matrix: \${{ needs.plan.outputs.matrix }}
          results: \${{ runner.temp }}/sweep-results
          metric: \${{ inputs.sweep-metric }}
      - if: steps.summary.outputs.chart != ''
        uses: actions/upload-artifact@v7
        with:
          name: sweep-chart
          path: \${{ steps.summary.outputs.chart }}
`;
}

export const WORKFLOW_FILES = {
  '.github/workflows/launch.yml': {},
  '.github/workflows/launch-ghcr.yml': { ghcr: true },
};

export async function generate() {
  const actionText = readFileSync(new URL('action.yml', ROOT), 'utf8');
  const out = {};
  for (const [file, options] of Object.entries(WORKFLOW_FILES)) {
    out[file] = await prettier.format(renderWorkflow(actionText, options), {
      ...(await prettier.resolveConfig(fileURLToPath(new URL(file, ROOT)))),
      parser: 'yaml',
    });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const stale = [];
  for (const [file, text] of Object.entries(await generate())) {
    const url = new URL(file, ROOT);
    let current = '';
    try {
      current = readFileSync(url, 'utf8');
    } catch {
      // Not written yet.
    }
    if (current === text) continue;
    if (check) stale.push(file);
    else writeFileSync(url, text);
  }
  if (stale.length > 0) {
    console.error(
      `${stale.join(', ')} out of date with action.yml: run \`npm run workflows:generate\`.`,
    );
    process.exit(1);
  }
}
