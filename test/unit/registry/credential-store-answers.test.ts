/**
 * Docker's credential lookup at its edges: helper names, odd config files, every shape of a
 * helper's answer (real `docker-credential-*` shell scripts on PATH), and which `auths` entry
 * wins.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import {
  CredentialHelperError,
  dockerCredentials,
  inlineCredentials,
} from '../../../src/registry/credential-store.js';

const HOST = 'r.example';
let work: string;
let bin: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'credential-answers-'));
  bin = path.join(work, 'bin');
  await mkdir(bin);
});
afterAll(() => rm(work, { recursive: true, force: true }));

const env = () => ({ ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });

/** A `docker-credential-<name>` that prints `stdout` and `stderr` and exits with `exit`. */
async function helper(
  name: string,
  answer: { stdout?: string; stderr?: string; exit?: number },
): Promise<void> {
  const file = path.join(bin, `docker-credential-${name}`);
  await writeFile(
    file,
    [
      '#!/bin/sh',
      'cat >/dev/null',
      `printf '%s' '${answer.stdout ?? ''}'`,
      `printf '%s' '${answer.stderr ?? ''}' >&2`,
      `exit ${answer.exit ?? 0}`,
      '',
    ].join('\n'),
  );
  await chmod(file, 0o755);
}

async function configDir(text: string): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'config-'));
  await writeFile(path.join(dir, 'config.json'), text);
  return dir;
}

async function rejection(promise: Promise<unknown>): Promise<CredentialHelperError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CredentialHelperError);
  return error as CredentialHelperError;
}

describe('helper names', () => {
  it.each(['-rf', '../bin/sh', 'a/b', 'a b', '.hidden', 'ok;rm'])(
    '%j is refused before anything runs',
    async (name) => {
      const dir = await configDir(JSON.stringify({ credsStore: name }));
      const error = await rejection(dockerCredentials(dir, HOST, runProgram, env()));
      expect(error.name).toBe('CredentialHelperError');
      expect(error.message).toBe(
        `the docker credential helper docker-credential-${name} failed for ${HOST}: the helper name is not a program name`,
      );
    },
  );

  it('a name with dots, dashes and underscores is a program name', async () => {
    await helper('ecr-login_v2.1', { stdout: JSON.stringify({ Username: 'u', Secret: 's' }) });
    const dir = await configDir(JSON.stringify({ credsStore: 'ecr-login_v2.1' }));
    expect(await dockerCredentials(dir, HOST, runProgram, env())).toEqual({
      username: 'u',
      password: 's',
    });
  });
});

describe('config files that hold no object', () => {
  it.each(['null', '42', '"text"', 'true'])('%s is an empty configuration', async (text) => {
    expect(await dockerCredentials(await configDir(text), HOST, runProgram, env())).toBe(undefined);
  });

  it('a missing config file is an empty configuration, a broken one an error', async () => {
    expect(await dockerCredentials(path.join(work, 'absent'), HOST, runProgram, env())).toBe(
      undefined,
    );
    const broken = await configDir('{"auths": ');
    await expect(dockerCredentials(broken, HOST, runProgram, env())).rejects.toThrow(
      `${path.join(broken, 'config.json')} is not valid JSON`,
    );
  });
});

describe('what a failing helper said', () => {
  it.each([
    [{ stderr: 'keychain locked\nsecond line', exit: 1 }, 'exit code 1: keychain locked'],
    [{ stdout: '\n  spaced out  \n', exit: 4 }, 'exit code 4: spaced out'],
    [{ exit: 2 }, 'exit code 2'],
    [{ stderr: 'x'.repeat(300), exit: 1 }, `exit code 1: ${'x'.repeat(200)}`],
  ])('%j → %s', async (answer, detail) => {
    await helper('failing', answer);
    const dir = await configDir(JSON.stringify({ credsStore: 'failing' }));
    const error = await rejection(dockerCredentials(dir, HOST, runProgram, env()));
    expect(error.message).toBe(
      `the docker credential helper docker-credential-failing failed for ${HOST}: ${detail}`,
    );
  });
});

describe('the shapes of a helper’s answer', () => {
  it.each([
    [
      { Username: 'u', Secret: 's' },
      { username: 'u', password: 's' },
    ],
    [
      { Username: 5, Secret: 's' },
      { username: '', password: 's' },
    ],
    [{ Secret: 's' }, { username: '', password: 's' }],
    [{ Username: 'u', Secret: 7 }, undefined],
    [{ Username: 'u', Secret: '' }, undefined],
    [{ Username: 'u' }, undefined],
    [{}, undefined],
    [
      { Username: '<token>', Secret: 'refresh' },
      { username: '', password: '', identityToken: 'refresh' },
    ],
  ])('%j → %j', async (answer, credentials) => {
    await helper('shapes', { stdout: JSON.stringify(answer) });
    const dir = await configDir(JSON.stringify({ credsStore: 'shapes' }));
    expect(await dockerCredentials(dir, HOST, runProgram, env())).toEqual(credentials);
  });
});

describe('which auths entry docker uses', () => {
  const auth = (user: string) => ({ auth: Buffer.from(`${user}:pw`).toString('base64') });

  it.each([
    ['the host itself', HOST],
    ['its https URL', `https://${HOST}`],
    ['its http URL', `http://${HOST}`],
  ])('%s wins over a legacy entry with a path', (_what, key) => {
    const auths = { [`https://${HOST}/v1/`]: auth('legacy'), [key]: auth('exact') };
    expect(inlineCredentials({ auths }, HOST)).toEqual({ username: 'exact', password: 'pw' });
  });

  it('a legacy entry is found by its host only', () => {
    expect(inlineCredentials({ auths: { [`https://${HOST}/v1/`]: auth('legacy') } }, HOST)).toEqual(
      { username: 'legacy', password: 'pw' },
    );
    // Same first letters, another host.
    expect(inlineCredentials({ auths: { 'https://r.example.org/v1/': auth('x') } }, HOST)).toBe(
      undefined,
    );
  });

  it('username and password entries need both', () => {
    expect(
      inlineCredentials({ auths: { [HOST]: { username: 'u', password: 'p' } } }, HOST),
    ).toEqual({ username: 'u', password: 'p' });
    expect(inlineCredentials({ auths: { [HOST]: { username: 'u' } } }, HOST)).toBe(undefined);
    expect(inlineCredentials({ auths: { [HOST]: { password: 'p' } } }, HOST)).toBe(undefined);
    // An auth without a user before the colon is no credentials.
    const noUser = { auth: Buffer.from(':pw').toString('base64') };
    expect(inlineCredentials({ auths: { [HOST]: noUser } }, HOST)).toBe(undefined);
  });
});
