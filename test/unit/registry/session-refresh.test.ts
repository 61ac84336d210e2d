/**
 * The registry session with a short-lived Artifact Registry token from the fake Google endpoints:
 * the timer mints it again at half its life and rewrites the helper's tokens.json, and
 * `credentialsFor` (what the assemble append asks after a long dependency build) never hands out
 * a token past half its life.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import type { Runtime } from '../../../src/platform/runtime.js';
import { credentialHelperDir } from '../../../src/registry/credential-helper.js';
import { openRegistrySession, type RegistrySession } from '../../../src/registry/session.js';
import { FakeClouds, GAR_HOST, GCP_PROVIDER, GCP_SERVICE_ACCOUNT } from '../../servers/clouds.js';

const LIFETIME_MS = 1200;
let work: string;
let clouds: FakeClouds;
let session: RegistrySession | undefined;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'launch-session-refresh-'));
  clouds = await new FakeClouds({ google: { tokenLifetimeMs: LIFETIME_MS } }).start();
});

afterEach(async () => {
  await session?.close();
  session = undefined;
});

afterAll(async () => {
  await clouds?.close();
  await rm(work, { recursive: true, force: true });
});

function runtime(masked: string[], logs: string[]): Runtime {
  return {
    env: { ...clouds.env, HOME: work, PATH: process.env.PATH },
    workspace: work,
    tempDir: work,
    log: {
      info: (message) => logs.push(message),
      warning: (message) => logs.push(`warning: ${message}`),
      error: () => undefined,
      debug: () => undefined,
    },
    group: (_title, fn) => fn(),
    setSecret: (secret) => masked.push(secret),
    saveState: () => undefined,
    // docker login is the one program the session runs: answer it as docker would, with success.
    run: async (command, args, options) =>
      command === 'docker'
        ? { exitCode: 0, stdout: '', stderr: '' }
        : runProgram(command, args, options),
    fetch,
    sleep: async () => undefined,
    write: () => undefined,
  };
}

async function open(masked: string[], logs: string[]): Promise<RegistrySession> {
  session = await openRegistrySession(runtime(masked, logs), {
    destination: { host: GAR_HOST, path: 'ml-project/images/train' },
    auth: {
      awsSessionName: 'x',
      awsRoleDuration: 3600,
      createRepository: false,
      gcpWorkloadIdentityProvider: GCP_PROVIDER,
      gcpServiceAccount: GCP_SERVICE_ACCOUNT,
    },
  });
  return session;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a short-lived registry token in the session', () => {
  it('credentialsFor mints it again once past half its life (the append after a long build)', async () => {
    const masked: string[] = [];
    const logs: string[] = [];
    const s = await open(masked, logs);
    const first = await s.credentialsFor(GAR_HOST);
    expect(first?.password).toBe(clouds.google.serviceAccountIssued.at(-1)?.token);
    expect(await s.credentialsFor(GAR_HOST)).toEqual(first);
    // Past half-life, before the timer could have fired on a busy machine or not: either way
    // the answer is a new, live token.
    await sleep(LIFETIME_MS * 0.6);
    const second = await s.credentialsFor(GAR_HOST);
    expect(second?.password).not.toBe(first?.password);
    expect(clouds.google.isLive(second?.password ?? '')).toBe(true);
    expect(masked).toContain(second?.password);
    expect(logs.some((line) => line.startsWith('Refreshed the login for ' + GAR_HOST))).toBe(true);
  });

  it('the timer keeps tokens.json live after login, and stops when the session closes', async () => {
    const s = await open([], []);
    await s.login();
    const config = JSON.parse(await readFile(path.join(s.dockerConfig, 'config.json'), 'utf8')) as {
      credHelpers: Record<string, string>;
    };
    const helperName = config.credHelpers[GAR_HOST] ?? '';
    const program = path.join(
      credentialHelperDir(s.dockerConfig),
      `docker-credential-${helperName}`,
    );
    const ask = async () =>
      (
        JSON.parse(
          (await runProgram(program, ['get'], { input: GAR_HOST, env: { PATH: process.env.PATH } }))
            .stdout,
        ) as { Secret: string }
      ).Secret;
    const before = await ask();
    expect(clouds.google.isLive(before)).toBe(true);
    // Two lifetimes later, without anyone asking the session: the helper's answer is still live.
    await sleep(LIFETIME_MS * 2);
    const after = await ask();
    expect(after).not.toBe(before);
    expect(clouds.google.isLive(before)).toBe(false);
    expect(clouds.google.isLive(after)).toBe(true);
    await s.close();
    session = undefined;
    const issued = clouds.google.serviceAccountIssued.length;
    await sleep(LIFETIME_MS);
    expect(clouds.google.serviceAccountIssued.length).toBe(issued);
  });
});
