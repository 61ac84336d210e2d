import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  NOPYTHON_BASE_IMAGE,
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { makeMlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';
import { runChecked } from './harness/process.js';
import { parseDistributionFilename, wheelSupports } from '../../src/environment/wheel-tags.js';

/**
 * The Python version chosen from the wheels of exact pins on a private index (with credentials),
 * and Python installed into a base without it, through the shipped bundle on the real engine.
 */
let work: string;
let index: PackageIndex;
let docker: DockerConfig;
const ARCH = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
const INDEX_USER = 'ml-reader';
const INDEX_PASSWORD = 'index-Secret-4821';
// Versions unique to this run, so no install layer comes from an earlier run's cache.
const RUN_ID = String(Date.now() % 1_000_000);
const OLD = `1.0.${RUN_ID}`;
const CURRENT = `2.0.${RUN_ID}`;
const manylinux = (minor: number) =>
  `cp3${minor}-cp3${minor}-manylinux_2_17_${ARCH}.manylinux2014_${ARCH}`;

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** Everything a user or a log reader can see of a run. */
function everything(run: ActionRun): string {
  return [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)].join('\n');
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-python-choice-'));
  const wheels = path.join(work, 'wheels');
  // An old release of a compiled package: CPython 3.9 and 3.10 wheels only, plus an sdist-like
  // pure project and a current release with 3.10 and 3.11 wheels.
  for (const minor of [9, 10]) {
    await makeWheel(wheels, { name: 'numlike', version: OLD, tag: manylinux(minor) });
  }
  for (const minor of [10, 11]) {
    await makeWheel(wheels, { name: 'numlike', version: CURRENT, tag: manylinux(minor) });
  }
  await makeWheel(wheels, { name: 'puretool', version: OLD });
  index = await startPackageIndex(wheels, {
    auth: { username: INDEX_USER, password: INDEX_PASSWORD },
  });
  docker = await loggedInDockerConfig();
});

afterAll(async () => {
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe("wheel tags agree with pip's own", () => {
  it("CPython 3.11 on this engine's Linux accepts exactly the tags pip accepts", async () => {
    const pythons = [
      'cp38',
      'cp310',
      'cp311',
      'cp312',
      'py3',
      'py310',
      'py311',
      'py312',
      'py2.py3',
      'pp310',
    ];
    const abis = ['cp311', 'cp310', 'abi3', 'none', 'cp311t'];
    const platforms = [
      'any',
      `linux_${ARCH}`,
      'manylinux1_x86_64',
      'manylinux2014_x86_64',
      'manylinux_2_28_x86_64',
      'manylinux_2_36_x86_64',
      'manylinux_2_39_x86_64',
      'manylinux2014_aarch64',
      'manylinux_2_17_aarch64',
      'manylinux_2_40_aarch64',
      'musllinux_1_2_x86_64',
      'musllinux_1_2_aarch64',
      'win_amd64',
      'macosx_11_0_arm64',
    ];
    const files = pythons.flatMap((p) =>
      abis.flatMap((a) => platforms.map((t) => `pkg-1.0-${p}-${a}-${t}.whl`)),
    );
    const script = [
      'import json, sys',
      'from pip._internal.utils.compatibility_tags import get_supported',
      'from pip._vendor.packaging.utils import parse_wheel_filename',
      'supported = set(get_supported())',
      'names = json.load(sys.stdin)',
      'print(json.dumps({n: any(t in supported for t in parse_wheel_filename(n)[3]) for n in names}))',
    ].join('\n');
    const result = await runChecked(
      'docker',
      ['run', '--rm', '-i', '--network', 'none', PYTHON_BASE_IMAGE, 'python3', '-c', script],
      { input: JSON.stringify(files), timeoutMs: 60_000 },
    );
    const pip = JSON.parse(result.stdout) as Record<string, boolean>;
    const ours = Object.fromEntries(
      files.map((file) => {
        const parsed = parseDistributionFilename(file);
        const tags = parsed?.kind === 'wheel' ? parsed.tags : [];
        return [
          file,
          wheelSupports(tags, { minor: 11, arch: ARCH, libc: 'glibc', libcVersion: [2, 36] }),
        ];
      }),
    );
    expect(ours).toEqual(pip);
    // The corpus exercises both answers.
    expect(Object.values(pip).filter(Boolean).length).toBeGreaterThan(20);
  });
});

describe('Python from the wheels of exact pins on a private index', () => {
  const platform = process.arch === 'arm64' ? 'linux/arm64' : 'linux/amd64';

  it('chooses 3.10 when a pin has no cp311 wheel, and says why (plan)', async () => {
    const repo = await makeMlRepo(path.join(work, 'old-pin'), {
      requirements: [`numlike==${OLD}`, `puretool==${OLD}`],
    });
    const run = await runAction({
      workspace: repo.dir,
      inputs: { builder: 'noop', 'pip-index-url': index.authenticatedUrl, platforms: platform },
    });
    expectSuccess(run);
    const why = `numlike==${OLD} has no cp311 wheel for manylinux ${ARCH}`;
    expect(run.stdout).toContain('Python: 3.10 (wheels of the exact pins)');
    expect(run.stdout).toContain(`Python 3.10: ${why} (index 127.0.0.1:${index.port})`);
    expect(run.outputs.dockerfile).toContain('FROM python:3.10-slim\n');
    expect(run.summary).toContain(why);
    expect(everything(run)).not.toContain(INDEX_PASSWORD);
    // The index was asked for the two pinned projects, with the credentials, and nothing else.
    const asked = index.requests().map((request) => [request.path, request.authorized]);
    expect(asked).toEqual(
      expect.arrayContaining([
        ['/simple/numlike/', true],
        ['/simple/puretool/', true],
      ]),
    );
  });

  it('keeps the default with a warning naming the host when the index cannot be reached', async () => {
    const repo = await makeMlRepo(path.join(work, 'no-index'), {
      requirements: [`numlike==${OLD}`],
    });
    const run = await runAction({
      workspace: repo.dir,
      inputs: {
        builder: 'noop',
        'pip-index-url': `http://${INDEX_USER}:${INDEX_PASSWORD}@127.0.0.1:9/simple/`,
        platforms: platform,
      },
    });
    expectSuccess(run);
    expect(run.stdout).toContain('Python: 3.11 (default)');
    const warnings = run.commands.filter((command) => command.command === 'warning');
    expect(warnings.map((w) => w.message).join('\n')).toMatch(
      /Python 3\.11 \(default\) was not checked against the wheels of the exact pins: the package index 127\.0\.0\.1:9: /,
    );
    expect(everything(run)).not.toContain(INDEX_PASSWORD);
  });

  it('confirms 3.11, installs it with apt into a base without Python, builds and runs', async () => {
    const repo = await makeMlRepo(path.join(work, 'current-pin'), {
      requirements: [`numlike==${CURRENT}`, `puretool==${OLD}`],
    });
    const repository = uniqueRepo('python-choice');
    index.clearLog();
    const run = await runAction({
      workspace: repo.dir,
      inputs: {
        destination: `${REGISTRY_HOST}/${repository}`,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
        'accelerator-base-image': NOPYTHON_BASE_IMAGE,
        network: 'host',
        'pip-index-url': index.authenticatedUrl,
        platforms: platform,
      },
    });
    expectSuccess(run);
    expect(run.stdout).toContain('Python: 3.11 (default)');
    expect(run.stdout).toContain(
      `Python 3.11: the wheels of 2 exact pins on 127.0.0.1:${index.port} fit it`,
    );
    expect(run.summary).toContain('the wheels of 2 exact pins');
    expect(run.stdout).toContain('Python into the base: apt — Debian 12 ships Python 3.11');
    expect(run.outputs.dockerfile).toContain(
      'apt-get install -y --no-install-recommends python3.11 python3.11-venv',
    );
    expect(everything(run)).not.toContain(INDEX_PASSWORD);
    expect(index.downloads()).toContain(`numlike-${CURRENT}-${manylinux(11)}.whl`);
    const printed = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'none', run.outputs['image-ref']!],
      { env: docker.env, timeoutMs: 120_000 },
    );
    expect(printed.stdout).toMatch(/^python 3\.11\.\d+$/m);
    expect(printed.stdout).toContain(`numlike ${CURRENT}`);
    expect(printed.stdout).toContain('training done');
  });

  it('refuses a non-Debian accelerator base before anything is built', async () => {
    const repo = await makeMlRepo(path.join(work, 'ubi-base'), {
      requirements: [`puretool==${OLD}`],
    });
    const image = 'nvidia/cuda:12.4.1-runtime-ubi9';
    const run = await runAction({
      workspace: repo.dir,
      inputs: {
        destination: `${REGISTRY_HOST}/${uniqueRepo('python-ubi')}`,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
        'accelerator-base-image': image,
        'pip-index-url': index.authenticatedUrl,
        platforms: platform,
      },
    });
    expect(run.code).toBe(1);
    const errors = run.commands.filter((command) => command.command === 'error');
    expect(errors.map((error) => error.message).join('\n')).toMatch(
      /accelerator-base-image.*nvidia\/cuda:12\.4\.1-runtime-ubi9.*Debian\/Ubuntu/s,
    );
    expect(run.stdout).not.toMatch(/^#\d+ \[/m);
    expect(run.outputs.built ?? 'false').toBe('false');
  });

  it('on a base whose name does not say its distribution, the build asks apt first', async () => {
    // The same Debian 12 image under a name that reveals nothing.
    const unnamed = 'local/accel-unnamed:1';
    await runChecked('docker', ['tag', NOPYTHON_BASE_IMAGE, unnamed]);
    try {
      const repo = await makeMlRepo(path.join(work, 'unnamed-base'), {
        requirements: [`puretool==${OLD}`],
      });
      const run = await runAction({
        workspace: repo.dir,
        inputs: {
          destination: `${REGISTRY_HOST}/${uniqueRepo('python-unnamed')}`,
          username: REGISTRY_USER,
          password: REGISTRY_PASSWORD,
          'accelerator-base-image': unnamed,
          'python-version': '3.11',
          network: 'host',
          'pip-index-url': index.authenticatedUrl,
          platforms: platform,
        },
      });
      expectSuccess(run);
      expect(run.stdout).toContain(
        'Python into the base: apt-or-standalone — the image name does not say its distribution',
      );
      expect(run.outputs.dockerfile).toContain('if apt-cache show python3.11-venv');
      const printed = await runChecked(
        'docker',
        ['run', '--rm', '--network', 'none', run.outputs['image-ref']!],
        { env: docker.env, timeoutMs: 120_000 },
      );
      expect(printed.stdout).toMatch(/^python 3\.11\.\d+$/m);
      expect(printed.stdout).toContain(`puretool ${OLD}`);
      // apt had it: no standalone CPython in the image.
      const standalone = await runChecked(
        'docker',
        [
          'run',
          '--rm',
          '--network',
          'none',
          '--entrypoint',
          'sh',
          run.outputs['image-ref']!,
          '-c',
          'ls /opt/python 2>/dev/null | wc -l; readlink -f "$(command -v python3.11)"',
        ],
        { env: docker.env },
      );
      expect(standalone.stdout.trim().split('\n')).toEqual(['0', '/usr/bin/python3.11']);
    } finally {
      await runChecked('docker', ['rmi', unnamed]);
    }
  });
});
