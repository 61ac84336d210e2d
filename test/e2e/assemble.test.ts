/**
 * The action (the shipped bundle) assembling its image, as it does by default: the dependency
 * image is built with buildx once, then a code-only change is one code layer appended through the
 * registry API — no build, and no docker at all: it runs with docker removed from PATH.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAction, type ActionRun } from './harness/action-runner.js';
import {
  PYTHON_BASE_IMAGE,
  REGISTRY_HOST,
  REGISTRY_PASSWORD,
  REGISTRY_USER,
  loggedInDockerConfig,
  registryManifestDigest,
  registryTags,
  uniqueRepo,
  type DockerConfig,
} from './harness/infra.js';
import { addBackendWheels } from './harness/backend-wheels.js';
import { startPackageIndex, type PackageIndex } from './harness/package-index.js';
import { runChecked } from './harness/process.js';
import { commitAll, makeMlRepo, type MlRepo } from './harness/repo.js';
import { makeWheel } from './harness/wheels.js';

let work: string;
let index: PackageIndex;
let docker: DockerConfig;
let repo: MlRepo;
const repository = uniqueRepo('e2e/assemble');
const destination = `${REGISTRY_HOST}/${repository}`;
const VERSION = `1.0.${Date.now() % 1_000_000}`;

function inputs(): Record<string, string> {
  return {
    destination,
    username: REGISTRY_USER,
    password: REGISTRY_PASSWORD,
    'base-image': PYTHON_BASE_IMAGE,
    network: 'host',
    'pip-index-url': index.url,
  };
}

async function launch(env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({ workspace: repo.dir, inputs: inputs(), env });
  if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  return run;
}

async function runImage(ref: string): Promise<string> {
  const result = await runChecked('docker', ['run', '--rm', '--network', 'none', ref], {
    env: docker.env,
    timeoutMs: 120_000,
  });
  return result.stdout;
}

/**
 * A PATH with node and git only — no docker — plus, when `tripwire` is given, a `docker` that
 * records that it was called and fails.
 */
async function pathWithoutDocker(name: string, tripwire?: string): Promise<string> {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  await symlink(process.execPath, path.join(dir, 'node'));
  const git = (await runChecked('sh', ['-c', 'command -v git'])).stdout.trim();
  await symlink(git, path.join(dir, 'git'));
  if (tripwire) {
    await writeFile(
      path.join(dir, 'docker'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >> '${tripwire}'\nexit 1\n`,
    );
    await chmod(path.join(dir, 'docker'), 0o755);
  }
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-assemble-'));
  await makeWheel(path.join(work, 'wheels'), { name: 'alpha-pkg', version: VERSION });
  index = await startPackageIndex(path.join(work, 'wheels'));
  docker = await loggedInDockerConfig();
  repo = await makeMlRepo(path.join(work, 'repo'), { requirements: [`alpha-pkg==${VERSION}`] });
});

afterAll(async () => {
  await index?.close();
  await docker?.cleanup();
  await rm(work, { recursive: true, force: true });
});

describe('assembled images', () => {
  let first: ActionRun;
  let second: ActionRun;

  it('builds the dependency image once and appends the code to it', async () => {
    first = await launch();
    expect(first.outputs.built).toBe('true');
    expect(first.stdout).toMatch(/Dependency image \S+:deps-[0-9a-f]{16} is not in the registry/);
    expect(first.stdout).toMatch(/assembled on \S+:deps-[0-9a-f]{16}: sha256:/);
    expect(first.outputs.digest).toBe(await registryManifestDigest(repository, first.outputs.tag!));
    expect((await registryTags(repository)).filter((t) => t.startsWith('deps-'))).toHaveLength(1);
    expect(await runImage(first.outputs['image-ref']!)).toContain(`alpha_pkg ${VERSION}`);
  });

  it('outputs the registry digest, the config digest as imageid, and the labels', async () => {
    const ref = first.outputs['image-ref']!;
    const inspect = await runChecked(
      'docker',
      ['image', 'inspect', '--format', '{{.Id}} {{json .Config.Labels}}', ref],
      { env: docker.env },
    );
    const [id, labels] = [
      inspect.stdout.slice(0, inspect.stdout.indexOf(' ')),
      JSON.parse(inspect.stdout.slice(inspect.stdout.indexOf(' ') + 1)) as Record<string, string>,
    ];
    expect(first.outputs.imageid).toBe(id);
    expect(JSON.parse(first.outputs.metadata!)).toMatchObject({
      'containerimage.digest': first.outputs.digest,
      'containerimage.config.digest': id,
      'image.name': first.outputs.image,
    });
    expect(labels['dev.launch-action.source-hash']).toBe(first.outputs['source-hash']);
    expect(labels['org.opencontainers.image.revision']).toBe(repo.sha);
    expect(first.summary).toContain(first.outputs.tag);
  });

  it('turns a code-only change into one appended layer with no docker on PATH', async () => {
    index.clearLog();
    const train = path.join(repo.dir, 'train.py');
    await writeFile(train, `${await readFile(train, 'utf8')}\nprint("code change 1")\n`);
    await commitAll(repo.dir, 'Change the code only');
    const bin = await pathWithoutDocker('bin-no-docker');
    const changed = await launch({ PATH: bin });
    console.log(`code-only change, assembled, no docker: ${changed.durationMs.toFixed(0)} ms`);
    expect(changed.outputs.built).toBe('true');
    expect(changed.outputs.tag).not.toBe(first.outputs.tag);
    expect(changed.stdout).toMatch(/Dependency image \S+ exists .*: no build/);
    // The builder was never asked (asking it here would have found no docker CLI).
    expect(changed.stdout).toContain('docker is asked only when a build follows');
    expect(changed.stdout).not.toMatch(/no docker CLI|buildx build|#\d+ \[/);
    expect(index.downloads()).toEqual([]);
    // Run afterwards with the test's own docker: the new code with the dependency.
    const printed = await runImage(changed.outputs['image-ref']!);
    expect(printed).toContain('code change 1');
    expect(printed).toContain(`alpha_pkg ${VERSION}`);
    const labels = await runChecked(
      'docker',
      ['image', 'inspect', '--format', '{{json .Config.Labels}}', changed.outputs['image-ref']!],
      { env: docker.env },
    );
    expect(JSON.parse(labels.stdout)['dev.launch-action.source-hash']).toBe(
      changed.outputs['source-hash'],
    );
    second = changed;
  });

  it('relaunches an unchanged commit without calling docker', async () => {
    const calls = path.join(work, 'docker-calls.log');
    const bin = await pathWithoutDocker('bin-tripwire', calls);
    const again = await launch({ PATH: bin });
    console.log(`relaunch, no docker: ${again.durationMs.toFixed(0)} ms`);
    expect(again.outputs.built).toBe('false');
    expect(again.outputs.digest).toBe(second.outputs.digest);
    expect(await readFile(calls, 'utf8').catch(() => '')).toBe('');
  });
});

/**
 * A repository that is itself a package (src layout, a console script): the whole build installs
 * it editable after the code copy; the assembled image installs it in the dependency image with
 * the code bind-mounted for that step. Both images must behave the same, and a code-only change
 * of the assembled one still needs no build.
 */
describe('a repository installed as a package', () => {
  let project: MlRepo;
  const whole = `${REGISTRY_HOST}/${uniqueRepo('e2e/assemble-whole')}`;
  const assembled = `${REGISTRY_HOST}/${uniqueRepo('e2e/assemble-project')}`;
  let wholeRun: ActionRun;
  let assembledRun: ActionRun;

  async function launchProject(target: string, assemble: string): Promise<ActionRun> {
    const run = await runAction({
      workspace: project.dir,
      inputs: { ...inputs(), destination: target, assemble },
    });
    if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    return run;
  }

  /** What a user of the image sees: who and where it runs, what it runs, what is installed. */
  async function behaviour(ref: string) {
    const probe = [
      'id -u',
      'pwd',
      'tinyproj-train',
      'cd / && python -c "import tinyproj, tinyproj.cli; print(tinyproj.__version__, tinyproj.cli.__file__)"',
      'python -m pip list --format=json',
    ].join(' && ');
    const shell = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'none', '--entrypoint', 'sh', ref, '-c', probe],
      { env: docker.env, timeoutMs: 120_000 },
    );
    const config = await runChecked(
      'docker',
      ['image', 'inspect', '--format', '{{json .Config}}', ref],
      { env: docker.env },
    );
    const { User, WorkingDir, Entrypoint, Cmd, Env } = JSON.parse(config.stdout) as Record<
      string,
      unknown
    >;
    return {
      shell: shell.stdout,
      entrypoint: await runImage(ref),
      config: { User, WorkingDir, Entrypoint, Cmd, Env },
    };
  }

  beforeAll(async () => {
    await addBackendWheels(path.join(work, 'wheels'), docker.env);
    project = await makeMlRepo(path.join(work, 'project'), {
      requirements: [],
      imports: [],
      files: {
        'pyproject.toml': [
          '[build-system]',
          'requires = ["setuptools>=61", "wheel"]',
          'build-backend = "setuptools.build_meta"',
          '',
          '[project]',
          'name = "tinyproj"',
          'version = "0.3.0"',
          `dependencies = ["alpha-pkg==${VERSION}"]`,
          '',
          '[project.scripts]',
          'tinyproj-train = "tinyproj.cli:main"',
          '',
        ].join('\n'),
        'src/tinyproj/__init__.py': '__version__ = "0.3.0"\n',
        'src/tinyproj/cli.py':
          'import alpha_pkg\n\n\ndef main():\n    print("tinyproj trains with alpha_pkg", alpha_pkg.__version__)\n',
      },
    });
  }, 600_000);

  it('behaves as the whole build does: user, workdir, entrypoint, console script, imports, pip list', async () => {
    wholeRun = await launchProject(whole, 'off');
    assembledRun = await launchProject(assembled, 'auto');
    expect(assembledRun.outputs.tag).toBe(wholeRun.outputs.tag);
    expect(wholeRun.stdout).not.toContain('Dependency image');
    expect(assembledRun.stdout).toMatch(/assembled on \S+:deps-[0-9a-f]{16}: sha256:/);
    const [a, b] = [
      await behaviour(wholeRun.outputs['image-ref']!),
      await behaviour(assembledRun.outputs['image-ref']!),
    ];
    expect(b).toEqual(a);
    expect(a.shell).toContain(`tinyproj trains with alpha_pkg ${VERSION}`);
    expect(a.shell).toContain('0.3.0 /home/launch/app/src/tinyproj/cli.py');
    expect(a.shell).toContain('"editable_project_location": "/home/launch/app"');
    // The dependency image holds the install, not the code: the app dir is empty there.
    const deps = /assembled on (\S+:deps-[0-9a-f]{16}):/.exec(assembledRun.stdout)![1]!;
    const listed = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'none', '--entrypoint', 'ls', deps, '-A', '/home/launch/app'],
      { env: docker.env, timeoutMs: 120_000 },
    );
    expect(listed.stdout).toBe('');
  });

  it('a code-only change of the package is appended: no build, the console script runs the new code', async () => {
    const cli = path.join(project.dir, 'src', 'tinyproj', 'cli.py');
    await writeFile(cli, `${await readFile(cli, 'utf8')}    print("changed code")\n`);
    await commitAll(project.dir, 'Change the package code only');
    const changed = await launchProject(assembled, 'auto');
    expect(changed.outputs.tag).not.toBe(assembledRun.outputs.tag);
    expect(changed.stdout).toMatch(/Dependency image \S+ exists .*: no build/);
    const shell = await runChecked(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        'tinyproj-train',
        changed.outputs['image-ref']!,
      ],
      { env: docker.env, timeoutMs: 120_000 },
    );
    expect(shell.stdout).toContain('changed code');
  });

  it('a version read from a file the pyproject names rebuilds the dependency image when it changes', async () => {
    const pyproject = path.join(project.dir, 'pyproject.toml');
    const text = await readFile(pyproject, 'utf8');
    await writeFile(
      pyproject,
      text.replace('version = "0.3.0"', 'dynamic = ["version"]') +
        '\n[tool.setuptools.dynamic]\nversion = { file = "RELEASE.txt" }\n',
    );
    await writeFile(path.join(project.dir, 'RELEASE.txt'), '0.4.0\n');
    await commitAll(project.dir, 'Version from a file');
    const first = await launchProject(assembled, 'auto');
    await writeFile(path.join(project.dir, 'RELEASE.txt'), '0.4.1\n');
    await commitAll(project.dir, 'Release 0.4.1');
    const second = await launchProject(assembled, 'auto');
    const depsOf = (run: ActionRun) =>
      /assembled on \S+:(deps-[0-9a-f]{16}):/.exec(run.stdout)?.[1];
    expect(depsOf(second)).not.toBe(depsOf(first));
    expect(second.stdout).toMatch(/Dependency image \S+ is not in the registry: building it/);
    const shown = await runChecked(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--entrypoint',
        'python',
        second.outputs['image-ref']!,
        '-m',
        'pip',
        'show',
        'tinyproj',
      ],
      { env: docker.env, timeoutMs: 120_000 },
    );
    expect(shown.stdout).toMatch(/^Version: 0\.4\.1$/m);
  });
});
