import { appendFile, chmod, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBuildContext } from '../../src/context/files.js';
import { APP_DIR } from '../../src/dockerfile/render.js';
import { runAction } from './harness/action-runner.js';
import { PYTHON_BASE_IMAGE } from './harness/infra.js';
import { runChecked, runCommand } from './harness/process.js';
import { makeMlRepo, type MlRepo } from './harness/repo.js';

/**
 * Every builder path puts exactly the hashed files into the image: the files under the app
 * directory of the built image (as `find` lists them, hidden ones included) equal the hash's list,
 * with the same executable bits, for buildx and for the classic builder; `.git` (with the token
 * actions/checkout leaves in .git/config) never gets in.
 */
const TOKEN = 'c2VjcmV0LXRva2VuLWZyb20tY2hlY2tvdXQ=';
let work: string;
let repo: MlRepo;
const images: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'launch-builders-'));
  repo = await makeMlRepo(path.join(work, 'repo'), {
    requirements: [],
    files: {
      '.dockerignore': 'data\n!data/keep.txt\n**/*.log\n',
      'data/keep.txt': 'kept\n',
      'data/drop.bin': 'dropped\n',
      'logs/run.log': 'log\n',
      'src/pkg/mod.py': 'VALUE = 1\n',
      '.env.example': 'A=1\n',
      'notes with space.md': 'notes\n',
      'run.sh': '#!/bin/sh\necho run\n',
    },
  });
  await chmod(path.join(repo.dir, 'run.sh'), 0o755);
  await symlink('train.py', path.join(repo.dir, 'main.py'));
  await appendFile(
    path.join(repo.dir, '.git', 'config'),
    `[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic ${TOKEN}\n`,
  );
});

afterAll(async () => {
  for (const image of images) await runCommand('docker', ['image', 'rm', '--force', image]);
  await rm(work, { recursive: true, force: true });
});

/** `path mode-x` for every file and symlink under the app directory of the image. */
async function imageFiles(image: string): Promise<string[]> {
  const result = await runChecked(
    'docker',
    [
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'find',
      image,
      APP_DIR,
      '-mindepth',
      '1',
      '(',
      '-type',
      'f',
      '-o',
      '-type',
      'l',
      ')',
      '-printf',
      '%P %y %m\\n',
    ],
    { timeoutMs: 60_000 },
  );
  return result.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const [file, type, mode] = line.split(/ (?=[^ ]+ [^ ]+$)| (?=[^ ]+$)/);
      const executable = type === 'f' && (parseInt(mode!, 8) & 0o111) !== 0;
      return `${file} ${type === 'l' ? 'link' : executable ? 'x' : '-'}`;
    })
    .sort();
}

describe.each(['buildx', 'docker'])('builder %s', (builder) => {
  it('ships exactly the hashed files, and the image runs', async () => {
    const run = await runAction({
      workspace: repo.dir,
      inputs: {
        builder,
        'base-image': PYTHON_BASE_IMAGE,
        network: 'host',
        'force-rebuild': 'true',
      },
      // As when an older commit is relaunched: the triggering commit is not the one built.
      sha: 'f'.repeat(40),
      timeoutMs: 300_000,
    });
    if (run.code !== 0) throw new Error(`step failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    expect(run.outputs.built).toBe('true');
    expect(run.stdout).toContain(
      builder === 'docker' ? "builder 'docker' was requested" : 'buildx',
    );
    const image = run.outputs.image!;
    images.push(image);

    const hashed = (await listBuildContext(repo.dir)).files
      .map((file) => `${file.path} ${file.linkTarget ? 'link' : file.executable ? 'x' : '-'}`)
      .sort();
    expect(hashed).toEqual([
      '.env.example -',
      'data/keep.txt -',
      'main.py link',
      'notes with space.md -',
      'requirements.txt -',
      'run.sh x',
      'src/pkg/mod.py -',
      'train.py -',
    ]);
    expect(await imageFiles(image)).toEqual(hashed);

    const listing = await runChecked(
      'docker',
      ['run', '--rm', '--network', 'none', '--entrypoint', 'ls', image, '-a', APP_DIR],
      { timeoutMs: 60_000 },
    );
    expect(listing.stdout.split('\n')).not.toContain('.git');
    const grep = await runCommand(
      'docker',
      ['run', '--rm', '--network', 'none', '--entrypoint', 'grep', image, '-r', TOKEN, '/home'],
      { timeoutMs: 60_000 },
    );
    expect(grep.code).toBe(1);

    const revision = await runChecked('docker', [
      'image',
      'inspect',
      '--format',
      '{{index .Config.Labels "org.opencontainers.image.revision"}}',
      image,
    ]);
    expect(revision.stdout.trim()).toBe(repo.sha);

    const ran = await runChecked('docker', ['run', '--rm', '--network', 'none', image], {
      timeoutMs: 60_000,
    });
    expect(ran.stdout).toContain('training done');
  });
});
