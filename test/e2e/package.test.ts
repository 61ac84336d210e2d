/**
 * The published package, as a user gets it: `npm pack`, installed into an unrelated project
 * (offline: the CLI is a bundle and needs no dependencies), then `npx launch-action` from there.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';

let work: string;
let project: string;
let tarball: string;
let packed: { files: { path: string }[]; version: string };

// npm's own state (cache, logs) stays in the temp dir: the test neither reads nor fills the user's.
const npmEnv = () => ({
  ...process.env,
  npm_config_cache: join(work, 'npm-cache'),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
});

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'launch-package-'));
  const pack = await runChecked('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: REPO_ROOT,
    env: npmEnv(),
  });
  const [info] = JSON.parse(pack.stdout) as (typeof packed & { filename: string })[];
  packed = info!;
  tarball = join(work, info!.filename);
  project = join(work, 'some-project');
  await mkdir(project);
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'some-project', version: '1.0.0', private: true }),
  );
  await runChecked('npm', ['install', '--offline', tarball], { cwd: project, env: npmEnv() });
}, 300_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the npm package', () => {
  it('holds the bundles and action.yml, no sources or tests', () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'action.yml', 'dist/cli/index.js']),
    );
    expect(files.filter((file) => /^(src|test|scripts|bench)\//.test(file))).toEqual([]);
  });

  it('installed elsewhere, `npx launch-action --help` and --version answer', async () => {
    const help = await runChecked('npx', ['--offline', 'launch-action', '--help'], {
      cwd: project,
      env: npmEnv(),
    });
    expect(help.stdout).toMatch(/^launch-action: /);
    expect(help.stdout).toMatch(/^ {2}plan /m);
    const version = await runChecked('npx', ['--offline', 'launch-action', '--version'], {
      cwd: project,
      env: npmEnv(),
    });
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(manifest.version);
    // It needs no dependencies: nothing else was installed.
    const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).sort()).toEqual(['', 'node_modules/launch-action']);
  });

  it('plans a repository in another directory', async () => {
    const repo = join(work, 'ml-repo');
    await mkdir(repo);
    await writeFile(join(repo, 'requirements.txt'), 'numpy==1.26.4\n');
    await writeFile(join(repo, 'train.py'), 'import numpy\n');
    const bin = join(project, 'node_modules', '.bin', 'launch-action');
    // From the repository's directory, the bin by path (as a global install would run it).
    const plan = await runCommand(bin, ['plan', '--json', '--base-image', 'local/python:3.11'], {
      cwd: repo,
      env: npmEnv(),
    });
    expect(plan.stderr).not.toMatch(/^error/m);
    expect(plan.code).toBe(0);
    const result = JSON.parse(plan.stdout) as {
      environment: { kind: string; files: string[] };
      dockerfile: string;
    };
    expect(result.environment).toMatchObject({ kind: 'requirements', files: ['requirements.txt'] });
    expect(result.dockerfile).toContain('FROM local/python:3.11');
    expect(result.dockerfile).toContain('ENTRYPOINT ["python","train.py"]');
    // A missing value is refused, from the installed bin too.
    const bad = await runCommand(bin, ['plan', '--base-image'], { cwd: repo, env: npmEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'--base-image' needs a value");
  });
});
