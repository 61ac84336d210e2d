import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgram } from '../../../src/platform/exec.js';
import {
  createDockerConfig,
  dockerLogin,
  removeDockerConfig,
} from '../../../src/registry/docker-config.js';
import { dockerCredentials, inlineCredentials } from '../../../src/registry/credential-store.js';

let root: string;
let bin: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'docker-config-test-'));
  bin = path.join(root, 'bin');
  await mkdir(bin);
  // A stand-in docker CLI: records its argv, its stdin and DOCKER_CONFIG, and exits with
  // $FAKE_DOCKER_EXIT. The process runner under test is the real one.
  const script = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_DOCKER_LOG.argv"
cat > "$FAKE_DOCKER_LOG.stdin"
printf '%s' "$DOCKER_CONFIG" > "$FAKE_DOCKER_LOG.config"
[ "$FAKE_DOCKER_EXIT" = 0 ] || [ -n "$FAKE_DOCKER_STDOUT_ONLY" ] || echo "Error response from daemon: unauthorized" >&2
[ "$FAKE_DOCKER_EXIT" = 0 ] || [ -z "$FAKE_DOCKER_STDOUT_ONLY" ] || echo "  login refused  "

exit "$FAKE_DOCKER_EXIT"
`;
  await writeFile(path.join(bin, 'docker'), script);
  await chmod(path.join(bin, 'docker'), 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('dockerLogin', () => {
  const credentials = { registry: 'reg.example:5000', username: 'ci', password: 's3cr3t-pw' };
  const env = (exit: number, log: string) => ({
    PATH: `${bin}:${process.env.PATH}`,
    FAKE_DOCKER_LOG: log,
    FAKE_DOCKER_EXIT: String(exit),
  });

  it('sends the password on stdin, never in argv, into the given config directory', async () => {
    const log = path.join(root, 'ok');
    await dockerLogin(runProgram, '/tmp/cfg-dir', credentials, env(0, log));
    const argv = (await readFile(`${log}.argv`, 'utf8')).trimEnd().split('\n');
    expect(argv).toEqual(['login', 'reg.example:5000', '--username', 'ci', '--password-stdin']);
    expect(argv.join(' ')).not.toContain('s3cr3t-pw');
    expect(await readFile(`${log}.stdin`, 'utf8')).toBe('s3cr3t-pw');
    expect(await readFile(`${log}.config`, 'utf8')).toBe('/tmp/cfg-dir');
  });

  it('a refused login is an error naming the registry and user, not the password', async () => {
    const log = path.join(root, 'refused');
    const login = dockerLogin(runProgram, '/tmp/cfg-dir', credentials, env(1, log));
    await expect(login).rejects.toThrow(
      'docker login to reg.example:5000 as ci failed: Error response from daemon: unauthorized',
    );
    await expect(login).rejects.not.toThrow('s3cr3t-pw');
  });

  it('a refusal said only on stdout is shown too', async () => {
    const log = path.join(root, 'refused-stdout');
    await expect(
      dockerLogin(runProgram, '/tmp/cfg-dir', credentials, {
        ...env(1, log),
        FAKE_DOCKER_STDOUT_ONLY: '1',
      }),
    ).rejects.toThrow(/^docker login to reg.example:5000 as ci failed: login refused$/);
  });
});

describe('createDockerConfig', () => {
  it('keeps the job’s logins and credential helpers, links the plugin dirs, and is private', async () => {
    const user = path.join(root, 'user-docker');
    await mkdir(user, { recursive: true });
    await writeFile(
      path.join(user, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': { auth: 'eDp5' } },
        credsStore: 'desktop',
        credHelpers: { '1.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
        psFormat: 'table',
      }),
    );
    const dir = await createDockerConfig(root, { DOCKER_CONFIG: user });
    expect(path.dirname(dir)).toBe(root);
    expect(path.basename(dir)).toMatch(/^launch-action-docker-/);
    const written = path.join(dir, 'config.json');
    expect((await stat(written)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(written, 'utf8'))).toEqual({
      auths: { 'ghcr.io': { auth: 'eDp5' } },
      credsStore: 'desktop',
      credHelpers: { '1.dkr.ecr.us-east-1.amazonaws.com': 'ecr-login' },
      cliPluginsExtraDirs: [
        path.join(user, 'cli-plugins'),
        '/usr/libexec/docker/cli-plugins',
        '/usr/local/lib/docker/cli-plugins',
      ],
    });
    await removeDockerConfig(dir);
    await expect(stat(dir)).rejects.toThrow();
    // Removing it twice (main step, then post step) is fine.
    await expect(removeDockerConfig(dir)).resolves.toBeUndefined();
  });

  it('starts empty without a user config, and finds it under HOME/.docker', async () => {
    const home = path.join(root, 'home');
    const dir = await createDockerConfig(root, { HOME: home });
    expect(JSON.parse(await readFile(path.join(dir, 'config.json'), 'utf8'))).toEqual({
      cliPluginsExtraDirs: [
        path.join(home, '.docker', 'cli-plugins'),
        '/usr/libexec/docker/cli-plugins',
        '/usr/local/lib/docker/cli-plugins',
      ],
    });
  });
});

describe('inlineCredentials: the auths entry docker would use', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  it.each<[string, Record<string, { auth?: string }>, string, unknown]>([
    [
      'bare host',
      { 'reg:5000': { auth: b64('u:p') } },
      'reg:5000',
      { username: 'u', password: 'p' },
    ],
    ['https URL', { 'https://reg': { auth: b64('u:p') } }, 'reg', { username: 'u', password: 'p' }],
    ['http URL', { 'http://reg': { auth: b64('u:p') } }, 'reg', { username: 'u', password: 'p' }],
    [
      'Docker Hub legacy key',
      { 'https://index.docker.io/v1/': { auth: b64('hub:pw') } },
      'docker.io',
      { username: 'hub', password: 'pw' },
    ],
    [
      'legacy key for another host',
      { 'https://index.docker.io/v1/': { auth: b64('a:b') } },
      'reg',
      undefined,
    ],
    [
      'colon in password',
      { reg: { auth: b64('u:p:q') } },
      'reg',
      { username: 'u', password: 'p:q' },
    ],
    ['no colon', { reg: { auth: b64('token') } }, 'reg', undefined],
    ['empty user', { reg: { auth: b64(':p') } }, 'reg', undefined],
    ['other host only', { other: { auth: b64('u:p') } }, 'reg', undefined],
    ['entry without auth (helper)', { reg: {} }, 'reg', undefined],
  ])('%s', (_name, auths, registry, expected) => {
    expect(inlineCredentials({ auths }, registry)).toEqual(expected);
  });

  it('the first matching name wins', () => {
    const auths = { 'https://reg': { auth: b64('b:2') }, reg: { auth: b64('a:1') } };
    expect(inlineCredentials({ auths }, 'reg')).toEqual({ username: 'a', password: '1' });
  });

  it('a config without auths is anonymous', () => {
    expect(inlineCredentials({ credsStore: 'desktop' }, 'reg')).toBeUndefined();
  });

  it('an absent config is anonymous; an unreadable one is an error naming the file', async () => {
    const run = () => Promise.reject(new Error('no helper may run'));
    expect(await dockerCredentials(path.join(root, 'nowhere'), 'reg', run, {})).toBeUndefined();
    const dir = await mkdtemp(path.join(root, 'broken-'));
    await writeFile(path.join(dir, 'config.json'), '{not json');
    await expect(dockerCredentials(dir, 'reg', run, {})).rejects.toThrow(
      /config\.json is not valid JSON/,
    );
  });
});
