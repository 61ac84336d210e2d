/**
 * The run contract through the shipped bundle on the real engine (`gpus: none`): a run-time secret
 * reaches the container and nothing else, outputs and metrics come back, /dev/shm is private and
 * sized, and a tag whose digest cannot be confirmed is never replaced by a local image.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction } from './harness/action-runner.js';
import {
  expectPostSucceeds,
  keepSweepResult,
  planSweep,
  pushImage,
  runModeInputs,
  stepOptions,
  summarizeSweep,
  sweepResultsDir,
  visibleLog,
} from './harness/action-steps.js';
import { PYTHON_BASE_IMAGE, registryImage, uniqueRepo } from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';

const repo = uniqueRepo('e2e/run-contract');
const image = registryImage(repo, 'v1');
/** Nothing listens here: a registry that is down. */
const unreachableImage = `127.0.0.1:9/${repo}:v1`;
const SECRET = `s3cret-${randomBytes(12).toString('hex')}`;
let workspace: string;
let wrapperDir: string;
let argvLog: string;

const TRAIN = `
import hashlib, json, os, pathlib
token = os.environ.get("API_TOKEN", "")
print("token-sha256", hashlib.sha256(token.encode()).hexdigest())
print("mode", os.environ.get("MODE"))
print("uid", os.getuid())
st = os.statvfs("/dev/shm")
print("shm-bytes", st.f_blocks * st.f_frsize)
out = pathlib.Path("outputs")
(out / "checkpoints").mkdir(parents=True, exist_ok=True)
(out / "checkpoints" / "model.txt").write_text("weights\\n")
(out / "metrics.json").write_text(json.dumps({"loss": 0.125, "accuracy": 0.875, "note": "text"}))
`;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'run-contract-ws-'));
  const context = join(workspace, 'image');
  await mkdir(context);
  await writeFile(join(context, 'train.py'), TRAIN);
  // The image's user is uid 1000, as in most training images: the outputs mount must be writable by it.
  await writeFile(
    join(context, 'Dockerfile'),
    `FROM ${PYTHON_BASE_IMAGE}\nRUN useradd --uid 1000 --create-home app\nUSER 1000\nWORKDIR /home/app\nCOPY train.py .\nENTRYPOINT ["python3", "train.py"]\n`,
  );
  await runChecked('docker', ['build', '--network', 'none', '-t', image, context], {
    timeoutMs: 300_000,
  });
  await pushImage(image);
  await runChecked('docker', ['tag', image, unreachableImage]);

  // A docker on PATH that records every argument vector, then runs the real one.
  wrapperDir = await mkdtemp(join(tmpdir(), 'docker-wrapper-'));
  argvLog = join(wrapperDir, 'argv.log');
  const realDocker = (await runChecked('sh', ['-c', 'command -v docker'])).stdout.trim();
  await writeFile(
    join(wrapperDir, 'docker'),
    `#!/bin/sh\n{ for arg in "$@"; do printf '%s\\n' "$arg"; done; echo ---; } >> "${argvLog}"\nexec ${realDocker} "$@"\n`,
  );
  await chmod(join(wrapperDir, 'docker'), 0o755);
}, 600_000);

afterAll(async () => {
  await runCommand('docker', ['image', 'rm', image, unreachableImage]);
  await rm(workspace, { recursive: true, force: true });
  await rm(wrapperDir, { recursive: true, force: true });
});

const options = stepOptions(() => ({
  workspace,
  timeoutMs: 180_000,
  inputs: runModeInputs(image),
}));

describe('the run contract through dist/index.js', () => {
  it('run-env reaches the container and nothing else; outputs and metrics come back', async () => {
    const run = await runAction(
      options(
        { 'run-env': 'API_TOKEN\nMODE=fast', env: 'LEGACY_TOKEN=not-a-secret-really' },
        { env: { API_TOKEN: SECRET, PATH: `${wrapperDir}:${process.env.PATH ?? ''}` } },
      ),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sha = createHash('sha256').update(SECRET).digest('hex');
    expect(run.stdout).toContain(`token-sha256 ${sha}`);
    expect(run.stdout).toContain('mode fast');
    expect(run.stdout).toContain('uid 1000');
    // A private /dev/shm of the default 8g, not the host's.
    expect(run.stdout).toContain(`shm-bytes ${8 * 1024 ** 3}`);
    expect(run.stdout).toMatch(/env LEGACY_TOKEN looks like a secret.*run-env/);
    expect(run.masks).toContain(SECRET);

    // Outputs: the host directory holds what the container wrote; metrics as output and summary.
    const outputsDir = run.outputs['outputs-dir'] ?? '';
    expect(outputsDir).toMatch(/launch-runs\/launch-[^/]+\/outputs$/);
    const record = JSON.parse(await readFile(run.outputs['result-file'] ?? '', 'utf8'));
    expect(record).toMatchObject({ exitCode: 0, metrics: { loss: 0.125, accuracy: 0.875 } });
    // Every run-env value is hidden in the tail, even one written inline.
    expect(record.logTail).toContain('mode ***');
    expect(await readFile(join(outputsDir, 'checkpoints', 'model.txt'), 'utf8')).toBe('weights\n');
    expect(JSON.parse(run.outputs.metrics ?? '')).toEqual({ loss: 0.125, accuracy: 0.875 });
    expect(run.stdout).toMatch(/metrics\.json: note is not a number/);
    expect(run.summary).toMatch(/<th>Metric<\/th><th>Value<\/th>.*<td>loss<\/td><td>0\.125<\/td>/s);

    // The secret appears nowhere else: logs (mask commands aside), outputs, state, summary,
    // the image's config and history, and every docker argv.
    const logs = visibleLog(run.stdout + run.stderr);
    const argv = await readFile(argvLog, 'utf8');
    const inspect = await runChecked('docker', ['image', 'inspect', image]);
    const history = await runChecked('docker', ['history', '--no-trunc', image]);
    const places = {
      logs,
      outputs: JSON.stringify(run.outputs),
      result: JSON.stringify(record),
      state: JSON.stringify(run.state),
      summary: run.summary,
      inspect: inspect.stdout,
      history: history.stdout,
      argv,
    };
    for (const [place, text] of Object.entries(places)) {
      expect(text.includes(SECRET), `secret found in ${place}`).toBe(false);
    }
    const dockerRun = argv.split('---\n').find((call) => call.startsWith('run\n')) ?? '';
    expect(dockerRun).toContain('--env\nAPI_TOKEN\n');
    expect(dockerRun).toContain('--shm-size=8g\n');
    expect(dockerRun).not.toContain('--ipc');
    expect(dockerRun).toMatch(/--mount\ntype=bind,source=.*,target=\/home\/app\/outputs\n/);

    await expectPostSucceeds(run);
  });

  it('never runs a local image in place of one whose digest it could not confirm', async () => {
    const run = await runAction({
      workspace,
      timeoutMs: 180_000,
      inputs: { mode: 'run', 'docker-image': unreachableImage, network: 'host', gpus: 'none' },
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(
      /Pulling 127\.0\.0\.1:9\/.* failed: .*a local image with that tag is not run/,
    );
    expect(run.stdout).not.toContain('token-sha256');
    expect(run.outputs['exit-code']).toBeUndefined();
  });

  it('a sweep: the plan fans out, each point runs and keeps its result, the summary tables and charts them', async () => {
    const { points, matrix } = await planSweep(workspace, '{"lr": [0.1, 0.3, 0.5], "seed": [1]}');
    expect(points.map((p) => p.label)).toEqual(['lr=0.1 seed=1', 'lr=0.3 seed=1', 'lr=0.5 seed=1']);
    const results = await sweepResultsDir();
    const script =
      'import json, os, sys; a = dict(x.lstrip("-").split("=") for x in sys.argv[1:]); ' +
      'lr = float(a["lr"]); print("lr", lr); ' +
      'json.dump({"accuracy": round(1 - lr, 3), "loss": lr}, open("outputs/metrics.json", "w")); ' +
      'sys.exit(2 if lr > 0.4 else 0)';
    for (const point of points) {
      const run = await runAction(
        options({ command: `python3 -c '${script}'`, args: `\n${point.args}` }),
      );
      expect(run.outputs['exit-code']).toBe(point.point === 2 ? '2' : '0');
      await keepSweepResult(results, point.point, run);
      await expectPostSucceeds(run);
    }
    const chartDir = await mkdtemp(join(tmpdir(), 'sweep-chart-'));
    const summary = await summarizeSweep(workspace, {
      matrix,
      results,
      metric: 'accuracy',
      'chart-dir': chartDir,
    });
    expect(summary.summary).toContain('### Sweep: 3 runs, 1 failed');
    expect(summary.summary).toMatch(
      /\| 0 \| `lr=0\.1 seed=1` \| 0 \| \d+\.\d \| 0\.9 \| 0\.1 \| [█▏▎▍▌▋▊▉]+ \|/,
    );
    expect(summary.summary).toMatch(
      /\| 2 \| `lr=0\.5 seed=1` \| 2 \| \d+\.\d \| 0\.5 \| 0\.5 \| [█▏▎▍▌▋▊▉]+ \|/,
    );
    const svg = await readFile(summary.outputs.chart ?? '', 'utf8');
    expect(svg).toContain('>accuracy by sweep point<');
    expect(svg.match(/<rect x=/g)).toHaveLength(3);
    expect(svg).toContain('fill="#d1495b"');
    // To look at them: SWEEP_KEEP_DIR=/some/dir keeps the summary and the chart.
    const keep = process.env.SWEEP_KEEP_DIR;
    if (keep) {
      await writeFile(join(keep, 'sweep-summary.md'), summary.summary);
      await copyFile(summary.outputs.chart ?? '', join(keep, 'sweep-chart.svg'));
    }
    await rm(results, { recursive: true, force: true });
    await rm(chartDir, { recursive: true, force: true });
  });
});
