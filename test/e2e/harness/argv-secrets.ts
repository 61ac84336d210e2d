import {
  appendFileSync,
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REGISTRY_PASSWORD } from './infra.js';

/**
 * No secret in any docker argv (`ps` shows argv to every user of the machine). The e2e global
 * setup puts a `docker` first on PATH that appends each argument vector to a log and execs the
 * real docker; its teardown fails the suite when a known secret appears in a logged argv.
 *
 * Known secrets are the fixed ones below plus whatever a test or fake service registers while
 * it runs (`registerSecret`): every token the fake clouds hand out, package-index passwords,
 * and the secrets each action run receives (see `registerRunSecrets`). This module is the one
 * list; a new kind of secret belongs here.
 */

/** Where the shim keeps its log and the registered secrets (set by the global setup). */
export const DOCKER_SHIM_ENV = 'LAUNCH_TEST_DOCKER_SHIM_DIR';

/** Secrets that exist for the whole suite. */
export const FIXED_SECRETS: readonly string[] = [REGISTRY_PASSWORD];

/** Values shorter than this are too common to flag (a run-env `MODE=fast` is not a leak). */
const MIN_SECRET_LENGTH = 8;

/** Records `value` as a secret for the argv check (a no-op outside the e2e suite). */
export function registerSecret(value: string | undefined): void {
  const dir = process.env[DOCKER_SHIM_ENV];
  if (!dir || value === undefined || value.length < MIN_SECRET_LENGTH) return;
  appendFileSync(join(dir, 'secrets'), `${JSON.stringify(value)}\n`);
}

/** Environment names whose values are credentials (as the action's own `run-env` check reads them). */
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|CREDENTIAL/i;

/**
 * Registers the secrets an action run is given: the `password` and token inputs, credentials in
 * index URLs, every variable whose name looks secret and every variable `run-env` names.
 */
export function registerRunSecrets(env: NodeJS.ProcessEnv): void {
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || value === '') continue;
    if (name === 'INPUT_PASSWORD' || name === 'INPUT_GITHUB-TOKEN' || SECRET_NAME.test(name)) {
      registerSecret(value);
    }
    if (/^INPUT_PIP-(EXTRA-)?INDEX-URL$/.test(name)) {
      for (const url of value.split(/\s+/)) registerUrlCredentials(url);
    }
  }
  for (const line of (env['INPUT_RUN-ENV'] ?? '').split('\n')) {
    const eq = line.indexOf('=');
    const name = (eq === -1 ? line : line.slice(0, eq)).trim();
    registerSecret(eq === -1 ? env[name] : line.slice(eq + 1));
  }
}

/** The user-info of a URL (`https://user:pass@host/`): the password, and the pair as written. */
export function registerUrlCredentials(url: string): void {
  const match = /^[a-z+]+:\/\/([^/@\s]+)@/i.exec(url);
  if (!match) return;
  const userInfo = match[1]!;
  registerSecret(userInfo);
  const colon = userInfo.indexOf(':');
  if (colon !== -1) {
    registerSecret(userInfo.slice(colon + 1));
    registerSecret(decodeURIComponent(userInfo.slice(colon + 1)));
  }
}

export interface DockerShim {
  dir: string;
  /** Appended to by every docker call: one line per call, `DOCKER_CONFIG=<set|unset>` then the argv. */
  log: string;
  /** The docker the shim runs. */
  realDocker: string;
}

/** Installs the shim into a new directory and puts it first on this process's PATH. */
export function installDockerShim(): DockerShim {
  const found = spawnSync('sh', ['-c', 'command -v docker'], { encoding: 'utf8' });
  const realDocker = found.stdout.trim();
  if (found.status !== 0 || !realDocker.startsWith('/')) {
    throw new Error('docker is not on PATH: the e2e suite needs the docker CLI');
  }
  const shim = writeDockerShim(mkdtempSync(join(tmpdir(), 'launch-docker-shim-')), realDocker);
  process.env.PATH = `${shim.dir}${delimiter}${process.env.PATH ?? ''}`;
  process.env[DOCKER_SHIM_ENV] = shim.dir;
  return shim;
}

/** Writes `<dir>/docker`, which logs its argv to `<dir>/argv.log` and execs `realDocker`. */
export function writeDockerShim(dir: string, realDocker: string): DockerShim {
  const log = join(dir, 'argv.log');
  writeFileSync(log, '');
  writeFileSync(join(dir, 'secrets'), '');
  // One write per call (a whole line), so parallel calls never interleave within a line.
  writeFileSync(
    join(dir, 'docker'),
    [
      '#!/bin/sh',
      'line=DOCKER_CONFIG=unset',
      '[ -z "${DOCKER_CONFIG+x}" ] || line=DOCKER_CONFIG=set',
      'for arg in "$@"; do line="$line	$arg"; done',
      `printf '%s\\n' "$line" >> '${log}'`,
      `exec '${realDocker}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(join(dir, 'docker'), 0o755);
  return { dir, log, realDocker };
}

/** Every known secret: the fixed ones and those registered so far. */
export function knownSecrets(dir: string): string[] {
  const registered = readFileSync(join(dir, 'secrets'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as string);
  return [...new Set([...FIXED_SECRETS, ...registered])];
}

/**
 * The logged docker calls that carry a secret, as written, URL-encoded or base64 (as in an
 * `Authorization: Basic` value); each with the secret replaced by `***`.
 */
export function argvLeaks(logText: string, secrets: readonly string[]): string[] {
  const forms = secrets.flatMap((secret) => [
    secret,
    encodeURIComponent(secret),
    Buffer.from(secret).toString('base64'),
  ]);
  const leaks: string[] = [];
  for (const line of logText.split('\n')) {
    const found = forms.filter((form) => form.length >= MIN_SECRET_LENGTH && line.includes(form));
    if (found.length === 0) continue;
    let shown = line;
    for (const form of found) shown = shown.split(form).join('***');
    leaks.push(`docker ${shown.split('\t').slice(1).join(' ')}`);
  }
  return leaks;
}

/** The teardown check: throws when any logged argv carries a secret. */
export function checkDockerArgv(shim: DockerShim): { calls: number } {
  const logText = readFileSync(shim.log, 'utf8');
  const leaks = argvLeaks(logText, knownSecrets(shim.dir));
  const calls = logText.split('\n').filter((line) => line !== '').length;
  if (leaks.length > 0) {
    throw new Error(
      `A secret appeared in the argv of ${leaks.length} docker call(s) (visible in ps to every user):\n  ${leaks.join('\n  ')}`,
    );
  }
  return { calls };
}

export function removeDockerShim(shim: DockerShim): void {
  rmSync(shim.dir, { recursive: true, force: true });
}
