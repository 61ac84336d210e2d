/**
 * The credential helper program that answers short-lived cloud tokens, run for real (stdin in,
 * JSON out, as docker runs it), read back through our docker-compatible credential lookup, and
 * the refresh schedule.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import {
  credentialHelperDir,
  dockerEnvironment,
  installCredentialHelper,
  refreshDelayMs,
  useCredentialHelper,
} from '../../../src/registry/credential-helper.js';
import { dockerCredentials } from '../../../src/registry/credential-store.js';
import { createDockerConfig, removeDockerConfig } from '../../../src/registry/docker-config.js';

const HOST = 'europe-docker.pkg.dev';
const TOKEN = 'ya29.c.first-token';

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'launch-helper-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function freshConfig(): Promise<string> {
  const home = await mkdtemp(path.join(work, 'home-'));
  return createDockerConfig(work, { HOME: home });
}

function ask(program: string, action: string, input: string) {
  return runProgram(program, [action], { input, env: { PATH: process.env.PATH } });
}

describe('refreshDelayMs', () => {
  const hour = 3600_000;
  it.each([
    ['a fresh one-hour token: at half an hour', 0, hour, 0, hour / 2],
    ['20 minutes in: 10 minutes left to wait', 0, hour, 20 * 60_000, 10 * 60_000],
    ['exactly at half-life: now', 0, hour, hour / 2, 0],
    ['past half-life: now', 0, hour, 50 * 60_000, 0],
    ['already expired: now', 0, hour, 2 * hour, 0],
    ['a 4 s token: after 2 s', 1000, 5000, 1000, 2000],
    ['expiry before issue (clock skew): now', 5000, 1000, 5000, 0],
    ['a 12 h ECR token: at 6 h', 0, 12 * hour, 0, 6 * hour],
    ['longer than a timer holds: capped', 0, 100 * 24 * hour, 0, 2 ** 31 - 1],
  ])('%s', (_what, obtainedAt, expiresAt, now, expected) => {
    expect(refreshDelayMs({ obtainedAt, expiresAt }, now)).toBe(expected);
  });

  describe('with fake timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('a timer set from it fires at half of the lifetime, not before', () => {
      vi.useFakeTimers({ now: 1_000_000 });
      const token = { obtainedAt: Date.now(), expiresAt: Date.now() + 3600_000 };
      const fired: number[] = [];
      setTimeout(() => fired.push(Date.now()), refreshDelayMs(token, Date.now()));
      vi.advanceTimersByTime(1800_000 - 1);
      expect(fired).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(fired).toEqual([1_000_000 + 1800_000]);
    });

    it('a timer set late (after a suspended process) fires at once', () => {
      vi.useFakeTimers({ now: 0 });
      const token = { obtainedAt: 0, expiresAt: 3600_000 };
      vi.setSystemTime(3000_000);
      const fired: number[] = [];
      setTimeout(() => fired.push(Date.now()), refreshDelayMs(token, Date.now()));
      vi.advanceTimersByTime(0);
      expect(fired).toEqual([3000_000]);
    });
  });
});

describe('the credential helper program', () => {
  it('answers the token for its host from stdin, and "credentials not found" for others', async () => {
    const config = await freshConfig();
    const helper = await installCredentialHelper(config);
    await helper.writeTokens(new Map([[HOST, { username: 'oauth2accesstoken', password: TOKEN }]]));
    const program = path.join(helper.dir, `docker-credential-${helper.name}`);
    expect(helper.name).toMatch(/^launch-[0-9a-f]{12}$/);

    const found = await ask(program, 'get', `${HOST}\n`);
    expect(found.exitCode).toBe(0);
    expect(JSON.parse(found.stdout)).toEqual({
      ServerURL: HOST,
      Username: 'oauth2accesstoken',
      Secret: TOKEN,
    });
    // docker may send the server as a URL.
    const asUrl = await ask(program, 'get', `https://${HOST}/v2/`);
    expect(asUrl.exitCode).toBe(0);
    expect(JSON.parse(asUrl.stdout)).toMatchObject({ Secret: TOKEN });

    for (const other of ['ghcr.io', `evil.${HOST}`, `${HOST}.evil.example`, '__proto__']) {
      const missing = await ask(program, 'get', other);
      expect(missing.exitCode, other).toBe(1);
      expect(missing.stdout.trim(), other).toBe('credentials not found in native keychain');
    }

    const list = await ask(program, 'list', '');
    expect(JSON.parse(list.stdout)).toEqual({ [HOST]: 'oauth2accesstoken' });
    // `docker login` stores through the helper: accepted, and it changes nothing.
    const stored = await ask(
      program,
      'store',
      JSON.stringify({ ServerURL: HOST, Username: 'someone', Secret: 'other' }),
    );
    expect(stored.exitCode).toBe(0);
    expect(JSON.parse((await ask(program, 'get', HOST)).stdout)).toMatchObject({ Secret: TOKEN });
    const unknown = await ask(program, 'frobnicate', '');
    expect(unknown.exitCode).toBe(1);
    await removeDockerConfig(config);
  });

  it('answers the rewritten token at once; the files are private and nothing else is left', async () => {
    const config = await freshConfig();
    const helper = await installCredentialHelper(config);
    const program = path.join(helper.dir, `docker-credential-${helper.name}`);
    expect((await ask(program, 'get', HOST)).exitCode).toBe(1);
    await helper.writeTokens(new Map([[HOST, { username: 'oauth2accesstoken', password: TOKEN }]]));
    await helper.writeTokens(
      new Map([[HOST, { username: 'oauth2accesstoken', password: 'ya29.c.second-token' }]]),
    );
    expect(JSON.parse((await ask(program, 'get', HOST)).stdout)).toMatchObject({
      Secret: 'ya29.c.second-token',
    });
    expect((await stat(config)).mode & 0o777).toBe(0o700);
    expect((await stat(helper.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(path.join(helper.dir, 'tokens.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(program)).mode & 0o777).toBe(0o700);
    // No temp file of the atomic rewrite is left behind.
    expect((await readdir(helper.dir)).sort()).toEqual(
      [`docker-credential-${helper.name}`, 'package.json', 'tokens.json'].sort(),
    );
    // The token is only in tokens.json, never in the program.
    expect(await readFile(program, 'utf8')).not.toContain('ya29');
    await removeDockerConfig(config);
    await expect(stat(helper.dir)).rejects.toThrow();
  });

  it('is what docker’s lookup finds through credHelpers and PATH', async () => {
    const config = await freshConfig();
    const helper = await installCredentialHelper(config);
    expect(helper.dir).toBe(credentialHelperDir(config));
    await helper.writeTokens(new Map([[HOST, { username: 'oauth2accesstoken', password: TOKEN }]]));
    await useCredentialHelper(config, helper, [HOST]);
    const docker = JSON.parse(await readFile(path.join(config, 'config.json'), 'utf8')) as {
      credHelpers: Record<string, string>;
    };
    expect(docker.credHelpers[HOST]).toBe(helper.name);
    const env = dockerEnvironment({ PATH: process.env.PATH, HOME: work }, config);
    expect(env.DOCKER_CONFIG).toBe(config);
    expect(env.PATH?.split(path.delimiter)[0]).toBe(helper.dir);
    expect(await dockerCredentials(config, HOST, runProgram, env)).toEqual({
      username: 'oauth2accesstoken',
      password: TOKEN,
    });
    await removeDockerConfig(config);
  });

  it('runs through a shell launcher when the node path cannot be a shebang', async () => {
    const spaced = path.join(work, 'node dir');
    await mkdir(spaced, { recursive: true });
    const node = path.join(spaced, 'node');
    await symlink(process.execPath, node);
    const config = await freshConfig();
    const helper = await installCredentialHelper(config, node);
    await helper.writeTokens(new Map([[HOST, { username: 'oauth2accesstoken', password: TOKEN }]]));
    const program = path.join(helper.dir, `docker-credential-${helper.name}`);
    expect((await readFile(program, 'utf8')).startsWith('#!/bin/sh\n')).toBe(true);
    const found = await ask(program, 'get', HOST);
    expect(found.exitCode).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ Secret: TOKEN });
    await removeDockerConfig(config);
  });

  it('is CommonJS even under a directory whose package.json says "module"', async () => {
    const root = await mkdtemp(path.join(work, 'esm-'));
    await writeFile(path.join(root, 'package.json'), '{"type":"module"}\n');
    const config = await createDockerConfig(root, { HOME: root });
    const helper = await installCredentialHelper(config);
    await helper.writeTokens(new Map([[HOST, { username: 'oauth2accesstoken', password: TOKEN }]]));
    const found = await ask(path.join(helper.dir, `docker-credential-${helper.name}`), 'get', HOST);
    expect(found.stderr).toBe('');
    expect(JSON.parse(found.stdout)).toMatchObject({ Secret: TOKEN });
    await removeDockerConfig(config);
  });
});
