/**
 * Docker's credential lookup, with real `docker-credential-*` programs on PATH (shell scripts that
 * speak the helper protocol) and a registry + token service on 127.0.0.1 that enforce what real
 * ones do: a Bearer challenge, a token only for the right Basic credentials or refresh token.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import type { Runtime } from '../../../src/platform/runtime.js';
import {
  CredentialHelperError,
  dockerCredentials,
  helperFor,
  inlineCredentials,
} from '../../../src/registry/credential-store.js';
import { findInRegistry } from '../../../src/registry/existing.js';
import { describeGivenImage } from '../../../src/registry/given-image.js';
import { lookupManifest } from '../../../src/registry/manifest.js';
import { openRegistrySession } from '../../../src/registry/session.js';
import {
  FakeHttpService,
  formFields,
  json,
  type RecordedRequest,
} from '../../servers/fake-http.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const USER = 'helper-user';
const PASSWORD = 'helper-secret-pw';
const REFRESH = 'refresh-token-from-helper';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/**
 * A registry whose token service accepts USER:PASSWORD (GET with Basic) or the refresh token
 * (POST, OAuth2 refresh-token grant); `open` makes it answer anonymous reads too.
 */
function tokenRegistry(name: string, options: { open?: boolean } = {}) {
  const service: FakeHttpService = new FakeHttpService(name, (request: RecordedRequest) => {
    const url = new URL(request.url, 'http://x');
    if (url.pathname === '/token') {
      let granted = false;
      if (request.method === 'GET') {
        granted = request.headers.authorization === basic(USER, PASSWORD);
      } else if (request.method === 'POST') {
        const form = formFields(request);
        granted =
          form?.get('grant_type') === 'refresh_token' &&
          form.get('refresh_token') === REFRESH &&
          form.get('service') === name &&
          form.get('scope') === 'repository:team/img:pull' &&
          form.get('client_id') !== null;
      }
      if (!granted) return { status: 401, body: 'bad credentials' };
      return json(200, request.method === 'POST' ? { access_token: 'tkn' } : { token: 'tkn' });
    }
    if (!options.open && request.headers.authorization !== 'Bearer tkn') {
      return {
        status: 401,
        headers: {
          'www-authenticate': `Bearer realm="${service.url}/token",service="${name}",scope="repository:team/img:pull"`,
        },
        body: '',
      };
    }
    if (url.pathname === '/v2/team/img/manifests/present') {
      return { status: 200, headers: { 'docker-content-digest': DIGEST }, body: '' };
    }
    return { status: 404, body: '' };
  });
  return service;
}

let work: string;
let bin: string;
let helperLog: string;
let registry: FakeHttpService;
let host: string;
const http = { fetch, sleep: async () => undefined, log: { debug: () => undefined } };

/** Writes a credential helper `docker-credential-<name>` that answers `get` with `answer`. */
async function helper(name: string, answer: { stdout: string; exit?: number }): Promise<void> {
  const file = path.join(bin, `docker-credential-${name}`);
  await writeFile(
    file,
    [
      '#!/bin/sh',
      `server=$(cat)`,
      `printf '%s argv=%s stdin=%s\\n' "${name}" "$*" "$server" >> '${helperLog}'`,
      `[ "$1" = get ] || exit 3`,
      `cat <<'ANSWER'`,
      answer.stdout,
      'ANSWER',
      `exit ${answer.exit ?? 0}`,
      '',
    ].join('\n'),
  );
  await chmod(file, 0o755);
}

/** A process's state letter from /proc ('' once it is gone; 'Z' when killed but not reaped). */
async function runningState(pid: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat.replace(/^.*\) /s, '').slice(0, 1);
}

async function config(value: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'config-'));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(value));
  return dir;
}

const env = () => ({ ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'credential-store-'));
  bin = path.join(work, 'bin');
  await writeFile(path.join(work, '.keep'), '');
  await import('node:fs/promises').then((fs) => fs.mkdir(bin));
  helperLog = path.join(work, 'helper.log');
  registry = await tokenRegistry('test-registry').start();
  host = new URL(registry.url).host;
});
afterAll(async () => {
  await registry.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(helperLog, '');
  registry.requests.length = 0;
});

describe('where docker keeps credentials (pure)', () => {
  it.each([
    [{}, undefined],
    [{ credsStore: 'desktop' }, 'desktop'],
    [{ credsStore: 'desktop', credHelpers: { 'r.example': 'ecr-login' } }, 'ecr-login'],
    [{ credsStore: 'desktop', credHelpers: { 'r.example': '' } }, undefined],
    [{ credHelpers: { 'other.example': 'gcloud' } }, undefined],
  ])('%j → helper %s for r.example', (value, expected) => {
    expect(helperFor(value, 'r.example')).toBe(expected);
  });

  it('decodes auths entries by host, with or without a scheme, and identity tokens', () => {
    const auth = Buffer.from('u:p:with:colons').toString('base64');
    expect(inlineCredentials({ auths: { 'r.example': { auth } } }, 'r.example')).toEqual({
      username: 'u',
      password: 'p:with:colons',
    });
    expect(
      inlineCredentials({ auths: { 'https://r.example/v2/': { auth } } }, 'r.example'),
    ).toEqual({ username: 'u', password: 'p:with:colons' });
    expect(
      inlineCredentials({ auths: { 'https://index.docker.io/v1/': { auth } } }, 'docker.io'),
    ).toEqual({ username: 'u', password: 'p:with:colons' });
    expect(
      inlineCredentials({ auths: { 'r.example': { identitytoken: 'idt' } } }, 'r.example'),
    ).toEqual({ username: '', password: '', identityToken: 'idt' });
    expect(inlineCredentials({ auths: { 'other.example': { auth } } }, 'r.example')).toBe(
      undefined,
    );
  });
});

describe('credential helpers (the docker-credential-* protocol)', () => {
  it('asks credHelpers[host] before credsStore, with the server on stdin and nothing secret in argv', async () => {
    await helper('store', { stdout: JSON.stringify({ Username: 'wrong', Secret: 'wrong' }) });
    await helper('own', {
      stdout: JSON.stringify({ ServerURL: host, Username: USER, Secret: PASSWORD }),
    });
    const dir = await config({ credsStore: 'store', credHelpers: { [host]: 'own' } });
    expect(await dockerCredentials(dir, host, runProgram, env())).toEqual({
      username: USER,
      password: PASSWORD,
    });
    expect(await readFile(helperLog, 'utf8')).toBe(`own argv=get stdin=${host}\n`);
  });

  it('uses credsStore for every other host, over an inline auths entry', async () => {
    await helper('store', { stdout: JSON.stringify({ Username: USER, Secret: PASSWORD }) });
    const inline = Buffer.from('inline:inline').toString('base64');
    const dir = await config({ credsStore: 'store', auths: { [host]: { auth: inline } } });
    expect(await dockerCredentials(dir, host, runProgram, env())).toEqual({
      username: USER,
      password: PASSWORD,
    });
  });

  it('takes "credentials not found" as no credentials', async () => {
    await helper('empty', { stdout: 'credentials not found in native keychain', exit: 1 });
    const dir = await config({ credsStore: 'empty' });
    expect(await dockerCredentials(dir, host, runProgram, env())).toBe(undefined);
  });

  it('reports a helper that fails, or is missing, as a failure naming it', async () => {
    await helper('broken', { stdout: 'cannot reach the keychain daemon', exit: 1 });
    const broken = await config({ credsStore: 'broken' });
    await expect(dockerCredentials(broken, host, runProgram, env())).rejects.toThrow(
      new CredentialHelperError('broken', host, 'exit code 1: cannot reach the keychain daemon')
        .message,
    );
    const missing = await config({ credHelpers: { [host]: 'nowhere' } });
    await expect(dockerCredentials(missing, host, runProgram, env())).rejects.toThrow(
      /docker-credential-nowhere failed .*not on PATH/,
    );
    const garbled = await config({ credsStore: 'garbled' });
    await helper('garbled', { stdout: 'not json' });
    await expect(dockerCredentials(garbled, host, runProgram, env())).rejects.toThrow(/not JSON/);
  });

  it('kills a helper that hangs, and reports it as a failure naming the helper and the host', async () => {
    // A helper that never answers, with a child of its own holding its output open.
    const file = path.join(bin, 'docker-credential-hangs');
    const pidFile = path.join(work, 'hangs.pid');
    await writeFile(file, `#!/bin/sh\ncat >/dev/null\nsleep 60 &\necho $! > '${pidFile}'\nwait\n`);
    await chmod(file, 0o755);
    const dir = await config({ credHelpers: { [host]: 'hangs' } });
    const started = Date.now();
    const error = await dockerCredentials(dir, host, runProgram, env(), 300).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect((error as Error).message).toBe(
      `the docker credential helper docker-credential-hangs failed for ${host}: it did not answer within 0.3 s and was stopped`,
    );
    // The helper's own child was killed with it.
    const sleeper = Number((await readFile(pidFile, 'utf8')).trim());
    expect(sleeper).toBeGreaterThan(0);
    expect(await runningState(sleeper)).not.toMatch(/^[RSD]$/);
  });

  it('turns the <token> user into an identity token, refreshed at the token realm', async () => {
    await helper('idt', { stdout: JSON.stringify({ Username: '<token>', Secret: REFRESH }) });
    const dir = await config({ credsStore: 'idt' });
    const credentials = await dockerCredentials(dir, host, runProgram, env());
    expect(credentials).toEqual({ username: '', password: '', identityToken: REFRESH });
    const found = await lookupManifest({ host, path: 'team/img' }, 'present', credentials, http);
    expect(found).toEqual({ exists: true, digest: DIGEST });
    const tokenCalls = registry.requests.filter((r) => r.url.startsWith('/token'));
    expect(tokenCalls.map((r) => r.method)).toEqual(['POST']);
    // The refresh token never travels as a Basic password.
    expect(registry.requests.some((r) => r.headers.authorization?.startsWith('Basic'))).toBe(false);
  });

  it('a wrong identity token is "unknown", never "exists"', async () => {
    await helper('stale', { stdout: JSON.stringify({ Username: '<token>', Secret: 'stale' }) });
    const dir = await config({ credsStore: 'stale' });
    const credentials = await dockerCredentials(dir, host, runProgram, env());
    const found = await lookupManifest({ host, path: 'team/img' }, 'present', credentials, http);
    expect(found.exists).toBe('unknown');
  });
});

function testRuntime(dockerConfigHome: string, warnings: string[]): Runtime {
  return {
    env: { ...env(), DOCKER_CONFIG: dockerConfigHome },
    workspace: work,
    tempDir: work,
    log: {
      info: () => undefined,
      warning: (message) => warnings.push(message),
      error: () => undefined,
      debug: () => undefined,
    },
    group: (_title, fn) => fn(),
    setSecret: () => undefined,
    saveState: () => undefined,
    run: runProgram,
    fetch,
    sleep: async () => undefined,
    write: () => undefined,
  };
}

const planned = (destination: string) => ({
  image: `${destination}:present`,
  tag: 'present',
  tags: [`${destination}:present`],
});

describe('the exists-lookup of a session', () => {
  it('finds the image with credentials kept only in the user’s credsStore helper', async () => {
    await helper('only', { stdout: JSON.stringify({ Username: USER, Secret: PASSWORD }) });
    const warnings: string[] = [];
    const rt = testRuntime(await config({ credsStore: 'only' }), warnings);
    const destination = { host, path: 'team/img' };
    const session = await openRegistrySession(rt, {
      destination,
      auth: { awsSessionName: 'x', awsRoleDuration: 3600, createRepository: false },
    });
    try {
      const found = await findInRegistry(rt, planned(`${host}/team/img`), destination, session);
      expect(found?.digest).toBe(DIGEST);
      expect(warnings).toEqual([]);
    } finally {
      await session.close();
    }
  });

  it('a failing helper makes the lookup "unknown" with a warning, even where anonymous reads work', async () => {
    const open = await tokenRegistry('open-registry', { open: true }).start();
    try {
      const openHost = new URL(open.url).host;
      await helper('failing', { stdout: 'keychain locked', exit: 1 });
      const warnings: string[] = [];
      const rt = testRuntime(await config({ credsStore: 'failing' }), warnings);
      const destination = { host: openHost, path: 'team/img' };
      const session = await openRegistrySession(rt, {
        destination: destination,
        auth: { awsSessionName: 'x', awsRoleDuration: 3600, createRepository: false },
      });
      try {
        const found = await findInRegistry(
          rt,
          planned(`${openHost}/team/img`),
          destination,
          session,
        );
        expect(found).toBe(undefined);
        expect(warnings).toEqual([
          expect.stringContaining(
            'docker-credential-failing failed for ' + openHost + ': exit code 1: keychain locked',
          ),
        ]);
        expect(warnings[0]).toContain('building it');
        // Nothing was asked of the registry without the credentials docker would have used.
        expect(open.requests).toEqual([]);
      } finally {
        await session.close();
      }
    } finally {
      await open.close();
    }
  });
});

describe('a credential helper that hangs', () => {
  it('makes the lookup "unknown" with a warning naming the helper and the host, never "exists"', async () => {
    const open = await tokenRegistry('open-hang-registry', { open: true }).start();
    try {
      const openHost = new URL(open.url).host;
      const file = path.join(bin, 'docker-credential-stuck');
      await writeFile(file, '#!/bin/sh\nsleep 60\n');
      await chmod(file, 0o755);
      const warnings: string[] = [];
      const rt = testRuntime(await config({ credHelpers: { [openHost]: 'stuck' } }), warnings);
      const destination = { host: openHost, path: 'team/img' };
      const session = await openRegistrySession(
        rt,
        {
          destination,
          auth: { awsSessionName: 'x', awsRoleDuration: 3600, createRepository: false },
        },
        { credentialHelperTimeoutMs: 300 },
      );
      try {
        const found = await findInRegistry(
          rt,
          planned(`${openHost}/team/img`),
          destination,
          session,
        );
        expect(found).toBe(undefined);
        expect(warnings).toEqual([
          expect.stringContaining(
            `docker-credential-stuck failed for ${openHost}: it did not answer within 0.3 s`,
          ),
        ]);
        expect(warnings[0]).toContain('building it');
        expect(open.requests).toEqual([]);
      } finally {
        await session.close();
      }
    } finally {
      await open.close();
    }
  });
});

describe('credentials per registry host', () => {
  it('sends the destination’s username/password to the destination only, never to a given image’s host', async () => {
    const other = await tokenRegistry('other-registry').start();
    try {
      const otherHost = new URL(other.url).host;
      // The given image's host has its own credentials in the user's docker config.
      const rt = testRuntime(
        await config({
          auths: { [otherHost]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
        }),
        [],
      );
      const session = await openRegistrySession(rt, {
        destination: { host, path: 'team/img' },
        dockerImage: `${otherHost}/team/img:present`,
        passwordHost: host,
        auth: {
          username: 'destination-user',
          password: 'destination-password',
          awsSessionName: 'x',
          awsRoleDuration: 3600,
          createRepository: false,
        },
      });
      try {
        expect(await session.credentialsFor(host)).toMatchObject({
          username: 'destination-user',
          password: 'destination-password',
        });
        const given = await describeGivenImage(rt, `${otherHost}/team/img:present`, session);
        expect(given.digest).toBe(DIGEST);
        const sent = other.requests.map((r) => r.headers.authorization ?? '').join('\n');
        expect(sent).not.toContain(basic('destination-user', 'destination-password'));
        expect(sent).toContain(basic(USER, PASSWORD));
      } finally {
        await session.close();
      }
    } finally {
      await other.close();
    }
  });

  it('with no destination, username/password are the given image’s', async () => {
    const rt = testRuntime(await config({}), []);
    const session = await openRegistrySession(rt, {
      dockerImage: `${host}/team/img:present`,
      auth: {
        username: USER,
        password: PASSWORD,
        awsSessionName: 'x',
        awsRoleDuration: 3600,
        createRepository: false,
      },
    });
    try {
      const given = await describeGivenImage(rt, `${host}/team/img:present`, session);
      expect(given.digest).toBe(DIGEST);
    } finally {
      await session.close();
    }
  });
});
