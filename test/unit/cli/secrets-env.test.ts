import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, secretsFromEnvironment, type CliIo } from '../../../src/cli/main.js';

/** Secrets reach the CLI through its environment (or stdin), never only through argv. */
let repo: string;
beforeAll(async () => {
  repo = await mkdtemp(path.join(os.tmpdir(), 'launch-cli-secrets-'));
  await writeFile(path.join(repo, 'requirements.txt'), 'numpy==1.26.4\n');
  await writeFile(path.join(repo, 'train.py'), 'print("hi")\n');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

const INDEX = 'https://ci:tok3n@pypi.corp.example/simple';

describe('secrets from the environment', () => {
  it('fills inputs no flag gave, and lets a flag win', () => {
    const values: Record<string, string> = { username: 'flag-user' };
    const warnings = secretsFromEnvironment(values, {
      LAUNCH_ACTION_PASSWORD: 'pw-from-env',
      LAUNCH_ACTION_USERNAME: 'env-user',
      LAUNCH_ACTION_PIP_INDEX_URL: INDEX,
      LAUNCH_ACTION_PIP_EXTRA_INDEX_URL: 'https://a.example/simple\nhttps://b.example/simple',
    });
    expect(values).toEqual({
      username: 'flag-user',
      password: 'pw-from-env',
      'pip-index-url': INDEX,
      'pip-extra-index-url': 'https://a.example/simple\nhttps://b.example/simple',
    });
    expect(warnings).toEqual([]);
  });

  it('warns when an index URL with credentials is on the command line', () => {
    const warnings = secretsFromEnvironment({ 'pip-index-url': INDEX }, {});
    expect(warnings).toEqual([expect.stringContaining('LAUNCH_ACTION_PIP_INDEX_URL')]);
    expect(warnings[0]).not.toContain('tok3n');
  });

  it('the index from LAUNCH_ACTION_PIP_INDEX_URL reaches the plan (refused with the classic builder)', async () => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      out: (text) => (stdout += text),
      err: (text) => (stderr += text),
      readStdin: async () => '',
      stderrIsTTY: false,
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), LAUNCH_ACTION_PIP_INDEX_URL: INDEX },
      cwd: repo,
      version: '0.0.0',
    };
    const code = await main(['plan', '--builder', 'docker', '--json'], io);
    expect(code).toBe(2);
    expect(stderr).toContain("Input 'pip-index-url'");
    expect(stderr).toContain('pypi.corp.example');
    expect(stderr + stdout).not.toContain('tok3n');
  });
});
