import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOCKER_SHIM_ENV,
  argvLeaks,
  checkDockerArgv,
  knownSecrets,
  registerRunSecrets,
  registerSecret,
  writeDockerShim,
  type DockerShim,
} from './harness/argv-secrets.js';
import { REGISTRY_PASSWORD } from './harness/infra.js';
import { runCommand } from './harness/process.js';

/** The suite's docker argv check: the shim is in place, and it catches a secret in argv. */
describe('the docker argv check of the e2e suite', () => {
  let scratch: string;
  let shim: DockerShim;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'argv-check-'));
    shim = writeDockerShim(scratch, suiteShim().realDocker);
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  function suiteShim() {
    const dir = process.env[DOCKER_SHIM_ENV] ?? '';
    const realDocker = (/exec '([^']+)'/.exec(
      spawnSync('cat', [join(dir, 'docker')], { encoding: 'utf8' }).stdout,
    ) ?? [])[1];
    return { dir, realDocker: realDocker ?? '' };
  }

  it('every docker on PATH in the tests is the logging shim, which runs the real docker', async () => {
    const { dir, realDocker } = suiteShim();
    expect(dir).not.toBe('');
    expect(realDocker).toMatch(/^\//);
    const which = await runCommand('sh', ['-c', 'command -v docker']);
    expect(which.stdout.trim()).toBe(join(dir, 'docker'));
    const version = await runCommand('docker', ['version', '--format', '{{.Server.Version}}']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+/);
    const log = await readFile(join(dir, 'argv.log'), 'utf8');
    expect(log).toContain('\tversion\t--format\t{{.Server.Version}}\n');
  });

  it('fails on a registered secret in argv (as written, URL-encoded or base64), and shows it masked', async () => {
    const secret = `planted-${Date.now()}-p@ss`;
    await writeFile(join(shim.dir, 'secrets'), `${JSON.stringify(secret)}\n`);
    expect(knownSecrets(shim.dir)).toEqual([REGISTRY_PASSWORD, secret]);
    const docker = join(shim.dir, 'docker');
    const run = (args: string[]) =>
      runCommand(docker, args, { env: { ...process.env, DOCKER_CONFIG: '/nonexistent' } });
    expect((await run(['version', '--format', '{{.Client.Version}}'])).code).toBe(0);
    expect(checkDockerArgv(shim)).toEqual({ calls: 1 });
    // Fails on purpose: an image reference carrying the secret.
    await run(['image', 'inspect', `${secret}:latest`]);
    expect(() => checkDockerArgv(shim)).toThrow(
      /1 docker call\(s\)[^]*image inspect \*\*\*:latest/,
    );
    expect(() => checkDockerArgv(shim)).not.toThrow(secret);
    const log = await readFile(shim.log, 'utf8');
    expect(log.split('\n')[0]).toBe('DOCKER_CONFIG=set\tversion\t--format\t{{.Client.Version}}');
    expect(
      argvLeaks(
        [
          `DOCKER_CONFIG=set\tlogin\t-p\t${REGISTRY_PASSWORD}`,
          `DOCKER_CONFIG=unset\tbuild\t--build-arg\tU=${encodeURIComponent(secret)}`,
          `DOCKER_CONFIG=unset\trun\t-e\tA=${Buffer.from(secret).toString('base64')}`,
          'DOCKER_CONFIG=unset\tps',
        ].join('\n'),
        knownSecrets(shim.dir),
      ),
    ).toEqual(['docker login -p ***', 'docker build --build-arg U=***', 'docker run -e A=***']);
  });

  it('registers the secrets an action run is given', async () => {
    const dir = process.env[DOCKER_SHIM_ENV]!;
    const before = knownSecrets(dir).length;
    registerRunSecrets({
      INPUT_PASSWORD: 'input-password-1',
      'INPUT_PIP-INDEX-URL': 'https://reader:idx%2Fpass@127.0.0.1:9/simple/',
      'INPUT_RUN-ENV': 'API_KEY\nINLINE=inline-value-1\nMODE=fast',
      API_KEY: 'run-env-value-1',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token-1',
      HOME: '/home/runner',
    });
    registerSecret('short');
    const added = knownSecrets(dir).slice(before);
    expect(added).toEqual(
      expect.arrayContaining([
        'input-password-1',
        'reader:idx%2Fpass',
        'idx/pass',
        'run-env-value-1',
        'inline-value-1',
        'request-token-1',
      ]),
    );
    expect(added).not.toContain('fast');
    expect(added).not.toContain('short');
    expect(added).not.toContain('/home/runner');
  });
});
