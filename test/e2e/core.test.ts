import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, runPost, type ActionRun } from './harness/action-runner.js';
import {
  NOPYTHON_BASE_IMAGE,
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  REPO_ROOT,
  loggedInDockerConfig,
  registryManifestDigest,
  registryTags,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { commitAll, makeMlRepo, type MlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';
import { runChecked, runCommand } from './harness/process.js';

/**
 * The core pipeline through the shipped bundle, as the runner runs it, against the real engine,
 * buildx, the registry with authentication, and a local package index.
 */
let work: string;
let index: PackageIndex;
let docker: DockerConfig;
let repo: MlRepo;
const repository = uniqueRepo('core');
// Versions unique to this run: BuildKit keys the install layer by the requirement text, so a
// package seen by an earlier run would be served from that run's layer, not the index.
const RUN_ID = String(Date.now() % 1_000_000);
const ALPHA = `1.0.${RUN_ID}`;
const BETA = `2.0.${RUN_ID}`;
const destination = `${REGISTRY_HOST}/${repository}`;

function buildInputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    destination,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    'base-image': PYTHON_BASE_IMAGE,
    network: 'host',
    'pip-index-url': index.url,
    ...extra,
  };
}

function expectSuccess(run: ActionRun) {
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** What a log reader would see: the runner consumes `::add-mask::` lines and never shows them. */
function visible(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');
}

/** Whether BuildKit's plain log reports the step running `pip install` as CACHED. */
function installStepCached(log: string): boolean {
  const step = /^#(\d+) \[[^\]]*\] RUN .*pip install/m.exec(log)?.[1];
  return step !== undefined && new RegExp(`^#${step} CACHED`, 'm').test(log);
}

function failureText(run: ActionRun): string {
  return run.commands
    .filter((command) => command.command === 'error')
    .map((command) => command.message)
    .join('\n');
}

async function runImage(ref: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const args = ['run', '--rm', '--network', 'host'];
  for (const name of Object.keys(env)) args.push('--env', name);
  const result = await runChecked('docker', [...args, ref], {
    env: { ...docker.env, ...env },
    timeoutMs: 120_000,
  });
  return result.stdout;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-core-'));
  const wheels = path.join(work, 'wheels');
  await makeWheel(wheels, { name: 'alpha-pkg', version: ALPHA });
  await makeWheel(wheels, { name: 'beta-pkg', version: BETA, sizeBytes: 2 << 20 });
  await makeWheel(wheels, { name: 'gamma-pkg', version: ALPHA });
  index = await startPackageIndex(wheels);
  docker = await loggedInDockerConfig();
  repo = await makeMlRepo(path.join(work, 'repo'), {
    requirements: [`alpha-pkg==${ALPHA}`, `beta-pkg==${BETA}`],
  });
});

afterAll(async () => {
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('build, push, skip', () => {
  let first: ActionRun;

  it('builds and pushes an image tagged with the source hash, which runs its entrypoint', async () => {
    first = await runAction({ workspace: repo.dir, inputs: buildInputs() });
    expectSuccess(first);
    const { outputs } = first;
    expect(outputs.built).toBe('true');
    expect(outputs.environment).toBe('requirements');
    expect(outputs['source-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(outputs.tag).toBe(outputs['source-hash']!.slice(0, 16));
    expect(outputs.image).toBe(`${destination}:${outputs.tag}`);
    const digest = await registryManifestDigest(repository, outputs.tag!);
    expect(outputs.digest).toBe(digest);
    expect(outputs['image-ref']).toBe(`${destination}@${digest}`);
    expect(outputs.dockerfile).toContain('pip install');
    expect(index.downloads().sort()).toEqual([
      `alpha_pkg-${ALPHA}-py3-none-any.whl`,
      `beta_pkg-${BETA}-py3-none-any.whl`,
    ]);

    await runChecked('docker', ['pull', outputs['image-ref']!], {
      env: docker.env,
      timeoutMs: 120_000,
    });
    const printed = await runImage(outputs['image-ref']!);
    expect(printed).toContain(`alpha_pkg ${ALPHA}`);
    expect(printed).toContain(`beta_pkg ${BETA}`);
    const user = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'host', '--entrypoint', 'id', outputs['image-ref']!, '-u'],
      { env: docker.env },
    );
    expect(user.stdout.trim()).toBe('1000');

    expect(first.summary).toContain('requirements');
    expect(first.summary).toContain(outputs.tag);
  });

  it('skips an immediate rerun with one lookup: no buildx call, built=false', async () => {
    index.clearLog();
    const wrapper = path.join(work, 'docker-wrapper');
    const log = path.join(work, 'docker-calls.log');
    await mkdir(wrapper, { recursive: true });
    const real = (await runChecked('sh', ['-c', 'command -v docker'])).stdout.trim();
    await writeFile(
      path.join(wrapper, 'docker'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real}' "$@"\n`,
    );
    await chmod(path.join(wrapper, 'docker'), 0o755);
    await writeFile(log, '');
    const again = await runAction({
      workspace: repo.dir,
      inputs: buildInputs({ tags: 'stable' }),
      env: { PATH: `${wrapper}:${process.env.PATH}` },
    });
    expectSuccess(again);
    expect(again.outputs.built).toBe('false');
    expect(again.outputs.tag).toBe(first.outputs.tag);
    expect(again.outputs.digest).toBe(first.outputs.digest);
    const calls = await readFile(log, 'utf8');
    expect(calls).not.toMatch(/buildx build|^build /m);
    // The wrapper is really what docker means on that PATH (else "no build" would prove nothing).
    await runChecked('sh', ['-c', 'docker version --format {{.Client.Version}}'], {
      env: { ...process.env, PATH: `${wrapper}:${process.env.PATH}` },
    });
    expect(await readFile(log, 'utf8')).toBe(`${calls}version --format {{.Client.Version}}\n`);
    expect(index.downloads()).toEqual([]);
    expect(again.summary).toContain('skipped');
    // Extra tags land on the existing manifest without a build.
    expect(await registryManifestDigest(repository, 'stable')).toBe(first.outputs.digest);
  });

  it('rebuilds a code-only change without reinstalling dependencies', async () => {
    index.clearLog();
    const train = path.join(repo.dir, 'train.py');
    await writeFile(train, `${await readFile(train, 'utf8')}\nprint("code change 1")\n`);
    await commitAll(repo.dir, 'Change the code only');
    const changed = await runAction({ workspace: repo.dir, inputs: buildInputs() });
    expectSuccess(changed);
    expect(changed.outputs.built).toBe('true');
    expect(changed.outputs.tag).not.toBe(first.outputs.tag);
    expect(index.downloads()).toEqual([]);
    // The default assembles it: the dependency image is found, the code appended; no build.
    expect(changed.stdout).toMatch(/Dependency image \S+:deps-[0-9a-f]{16} exists .*: no build/);
    expect(changed.stdout).not.toMatch(/^#\d+ \[/m);
    expect(installStepCached(first.stdout)).toBe(false);
    expect(await runImage(changed.outputs['image-ref']!)).toContain('code change 1');
  });

  it('downloads only the added package on a dependency change', async () => {
    index.clearLog();
    const requirements = path.join(repo.dir, 'requirements.txt');
    await writeFile(requirements, `${await readFile(requirements, 'utf8')}gamma-pkg==${ALPHA}\n`);
    await commitAll(repo.dir, 'Add a dependency');
    const changed = await runAction({ workspace: repo.dir, inputs: buildInputs() });
    expectSuccess(changed);
    expect(changed.outputs.built).toBe('true');
    expect(installStepCached(changed.stdout)).toBe(false);
    expect(index.downloads()).toEqual([`gamma_pkg-${ALPHA}-py3-none-any.whl`]);
  });

  it('rebuilds when force-rebuild is set; the post step removes the credentials', async () => {
    const forced = await runAction({
      workspace: repo.dir,
      inputs: buildInputs({ 'force-rebuild': 'true' }),
    });
    expectSuccess(forced);
    expect(forced.outputs.built).toBe('true');
    const config = forced.state['docker-config'];
    expect(config).toBeTruthy();
    expect(config!.startsWith(repo.dir)).toBe(false);
    const post = await runPost(forced);
    expect(post.code).toBe(0);
    await expect(stat(config!)).rejects.toThrow();
    for (const text of [
      forced.stdout,
      forced.stderr,
      forced.summary,
      JSON.stringify(forced.outputs),
      post.stdout,
    ]) {
      expect(visible(text)).not.toContain(REGISTRY_PASSWORD);
    }
    expect(forced.masks).toContain(REGISTRY_PASSWORD);
  });

  it('applies a patch before hashing and building', async () => {
    const patch = [
      'diff --git a/train.py b/train.py',
      '--- a/train.py',
      '+++ b/train.py',
      '@@ -1 +1,2 @@',
      '+print("patched in")',
    ];
    const firstLine = (await readFile(path.join(repo.dir, 'train.py'), 'utf8')).split('\n')[0]!;
    patch.push(` ${firstLine}`, '');
    const patched = await runAction({
      workspace: repo.dir,
      inputs: buildInputs({ patch: patch.join('\n') }),
    });
    expectSuccess(patched);
    expect(await runImage(patched.outputs['image-ref']!)).toContain('patched in');
    await runChecked('git', ['checkout', '--', '.'], { cwd: repo.dir });
  });
});

describe('docker-image (bring your own image)', () => {
  it('builds nothing and reports the image by digest', async () => {
    const byo = await makeMlRepo(path.join(work, 'byo'));
    const firstTag = (await registryTags(repository)).find((tag) => /^[0-9a-f]{16}$/.test(tag))!;
    const digest = await registryManifestDigest(repository, firstTag);
    const run = await runAction({
      workspace: byo.dir,
      inputs: {
        'docker-image': `${destination}:${firstTag}`,
        username: REGISTRY_USER,
        password: REGISTRY_PASSWORD,
        destination,
      },
    });
    expectSuccess(run);
    expect(run.outputs.built).toBe('false');
    expect(run.outputs.image).toBe(`${destination}:${firstTag}`);
    expect(run.outputs.digest).toBe(digest);
    expect(run.outputs['image-ref']).toBe(`${destination}@${digest}`);
    expect(run.outputs['source-hash']).toBe('');
    expect(run.stdout).not.toMatch(/buildx build/);
  });
});

describe("the user's own Dockerfile", () => {
  it('builds it as is and reports environment=dockerfile', async () => {
    const own = await makeMlRepo(path.join(work, 'own'), {
      files: {
        'docker/Dockerfile': `FROM ${PYTHON_BASE_IMAGE}\nCOPY train.py /srv/train.py\nENTRYPOINT ["python3", "/srv/train.py"]\n`,
      },
    });
    const run = await runAction({
      workspace: own.dir,
      inputs: { ...buildInputs(), dockerfile: 'docker/Dockerfile' },
    });
    expectSuccess(run);
    expect(run.outputs.environment).toBe('dockerfile');
    expect(run.outputs.dockerfile).toContain('COPY train.py /srv/train.py');
    expect(await runImage(run.outputs['image-ref']!)).toContain('training done');
  });
});

describe('accelerator base image (a Debian image without Python)', () => {
  it('installs Python with apt into a virtual environment, builds and runs', async () => {
    const accel = await makeMlRepo(path.join(work, 'accel'), {
      requirements: [`alpha-pkg==${ALPHA}`],
    });
    const probe = await runCommand('docker', [
      'run',
      '--rm',
      '--network',
      'host',
      NOPYTHON_BASE_IMAGE,
      'sh',
      '-c',
      'command -v python3 || echo none',
    ]);
    expect(probe.stdout.trim()).toBe('none');
    const run = await runAction({
      workspace: accel.dir,
      inputs: {
        ...buildInputs({ 'accelerator-base-image': NOPYTHON_BASE_IMAGE }),
        'base-image': '',
      },
    });
    expectSuccess(run);
    expect(run.outputs.dockerfile).toContain('apt-get install');
    expect(await runImage(run.outputs['image-ref']!)).toContain(`alpha_pkg ${ALPHA}`);
  });
});

describe('bad input fails cleanly, before anything is built or pushed', () => {
  let badRepo: MlRepo;
  const badRepository = uniqueRepo('bad');

  beforeAll(async () => {
    badRepo = await makeMlRepo(path.join(work, 'bad'));
    await mkdir(path.join(work, 'outside'), { recursive: true });
    await symlink(path.join(work, 'outside'), path.join(badRepo.dir, 'escape'));
  });

  const cases: [string, Record<string, string>, Record<string, string>, RegExp][] = [
    ['missing context', { context: 'nope' }, {}, /Input 'context'.*no such directory/s],
    ['context escaping with ..', { context: '..' }, {}, /Input 'context'.*inside the workspace/s],
    [
      'context escaping through a symlink',
      { context: 'escape' },
      {},
      /Input 'context'.*inside the workspace/s,
    ],
    [
      'invalid requirement line',
      {},
      { 'requirements.txt': `alpha-pkg==${ALPHA}\nnot a requirement!!\n` },
      /requirements\.txt:2/,
    ],
    [
      'malformed environment.yml',
      {},
      { 'environment.yml': 'name: x\ndependencies: [a\n' },
      /environment\.yml/,
    ],
    [
      'malformed pyproject.toml',
      {},
      { 'pyproject.toml': '[project\nname = 1\n' },
      /pyproject\.toml/,
    ],
    [
      'apt package with shell syntax',
      { 'apt-packages': 'git; curl' },
      {},
      /Input 'apt-packages'.*git;/s,
    ],
    ['env name', { env: 'BAD-NAME=1' }, {}, /Input 'env'/],
    ['build-arg name', { 'build-args': '1X=2' }, {}, /Input 'build-args'/],
    ['destination', { destination: 'Not/A Ref' }, {}, /Input 'destination'/],
    ['builder', { builder: 'kaniko:latest' }, {}, /Input 'builder'.*auto, buildx, docker, noop/s],
    ['cache', { cache: 's3' }, {}, /Input 'cache'/],
    ['installer', { installer: 'poetry' }, {}, /Input 'installer'/],
    ['python-version', { 'python-version': 'latest' }, {}, /Input 'python-version'/],
    [
      'patch that does not apply',
      {
        patch:
          'diff --git a/nope.py b/nope.py\n--- a/nope.py\n+++ b/nope.py\n@@ -1 +1 @@\n-a\n+b\n',
      },
      {},
      /patch does not apply/,
    ],
    [
      'dependency that fails to install',
      {},
      { 'requirements.txt': `alpha-pkg==${ALPHA}\nno-such-pkg==9.9\n` },
      /no-such-pkg==9\.9/,
    ],
  ];

  it('annotates a bad requirement line at its file and line', async () => {
    await writeFile(path.join(badRepo.dir, 'requirements.txt'), 'ok-pkg==1.0\nbad line!!\n');
    try {
      const run = await runAction({ workspace: badRepo.dir, inputs: buildInputs() });
      expect(run.code).not.toBe(0);
      const annotation = run.commands.find(
        (command) => command.command === 'error' && command.properties.file === 'requirements.txt',
      );
      expect(annotation?.properties.line).toBe('2');
    } finally {
      await runCommand('git', ['clean', '-fdq', '-e', 'escape'], { cwd: badRepo.dir });
    }
  });

  it.each(cases)('%s', async (_name, inputs, files, message) => {
    for (const [file, content] of Object.entries(files)) {
      await writeFile(path.join(badRepo.dir, file), content);
    }
    try {
      const before = await registryTags(badRepository);
      const run = await runAction({
        workspace: badRepo.dir,
        inputs: { ...buildInputs(), destination: `${REGISTRY_HOST}/${badRepository}`, ...inputs },
      });
      expect(run.code).not.toBe(0);
      expect(failureText(run)).toMatch(message);
      expect(await registryTags(badRepository)).toEqual(before);
      expect(visible(run.stdout + run.stderr)).not.toContain(REGISTRY_PASSWORD);
    } finally {
      await runChecked('git', ['checkout', '--', '.'], { cwd: badRepo.dir });
      await runCommand('git', ['clean', '-fdq', '-e', 'escape'], { cwd: badRepo.dir });
    }
  });
});

describe('CLI', () => {
  it('build without a working Docker falls back to noop and prints the plan', async () => {
    const nodeOnly = path.join(work, 'node-only');
    await mkdir(nodeOnly, { recursive: true });
    await symlink(process.execPath, path.join(nodeOnly, 'node')).catch(() => undefined);
    const result = await runChecked(
      process.execPath,
      [path.join(REPO_ROOT, 'dist', 'cli', 'index.js'), 'build', '--context', repo.dir, '--json'],
      { cwd: repo.dir, env: { ...process.env, PATH: nodeOnly } },
    );
    const out = JSON.parse(result.stdout) as {
      builder: string;
      built: boolean;
      dockerfile: string;
    };
    expect(out.builder).toBe('noop');
    expect(out.built).toBe(false);
    expect(out.dockerfile).toContain('ENTRYPOINT ["python","train.py"]');
    expect(result.stderr).toMatch(/no working Docker engine/);
  });

  it('plan --json prints the environment, Dockerfile, hash and tag without building', async () => {
    const result = await runChecked(
      process.execPath,
      [
        path.join(REPO_ROOT, 'dist', 'cli', 'index.js'),
        'plan',
        '--context',
        repo.dir,
        '--destination',
        destination,
        '--json',
      ],
      { cwd: repo.dir },
    );
    const plan = JSON.parse(result.stdout) as Record<string, unknown> & {
      environment: { kind: string; files: string[]; python: string };
    };
    expect(plan.environment.kind).toBe('requirements');
    expect(plan.environment.files).toEqual(['requirements.txt']);
    expect(plan.environment.python).toBe('3.11');
    expect(plan.dockerfile).toContain('FROM python:3.11-slim');
    expect(plan.tag).toBe(String(plan.sourceHash).slice(0, 16));
    expect(plan.image).toBe(`${destination}:${plan.tag}`);
  });
});
