import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BasicCredentials } from './manifest.js';

/**
 * A docker credential helper of our own for cloud tokens with a short life (Artifact Registry: one
 * hour). docker and buildx ask it for the login when they push, so a push after a long build gets
 * the token as it is then, not as it was before the build. It lives inside the private docker
 * config directory (0700), answers from a 0600 tokens.json next to it, and takes nothing in argv.
 */
export interface CredentialHelper {
  /** The directory that must be first on the PATH of every docker command (docker finds helpers there). */
  dir: string;
  /** The `credHelpers` value: docker runs `docker-credential-<name>`. */
  name: string;
  /** Replaces tokens.json atomically (temp file + rename): a reader never sees half a file. */
  writeTokens(tokens: ReadonlyMap<string, BasicCredentials>): Promise<void>;
}

export const TOKENS_FILE = 'tokens.json';

/**
 * The helper program (CommonJS, run by this node). It speaks the docker-credential-helpers
 * protocol: `get` reads the server from stdin and answers {ServerURL, Username, Secret}, or
 * "credentials not found in native keychain" with exit 1; `store` and `erase` are accepted and
 * change nothing (the tokens are ours to write); `list` answers the hosts.
 */
const PROGRAM = `'use strict';
const fs = require('fs');
const path = require('path');
const action = process.argv[2];
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8').trim();
  let tokens = {};
  try {
    tokens = JSON.parse(fs.readFileSync(path.join(__dirname, '${TOKENS_FILE}'), 'utf8'));
  } catch {}
  if (action === 'get') {
    const host = input.replace(/^[a-z]+:\\/\\//i, '').replace(/\\/.*$/, '');
    const found = Object.prototype.hasOwnProperty.call(tokens, host) ? tokens[host] : undefined;
    if (!found) {
      process.stdout.write('credentials not found in native keychain\\n');
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      JSON.stringify({ ServerURL: input, Username: found.Username, Secret: found.Secret }),
    );
  } else if (action === 'list') {
    const list = {};
    for (const host of Object.keys(tokens)) list[host] = tokens[host].Username;
    process.stdout.write(JSON.stringify(list));
  } else if (action !== 'store' && action !== 'erase') {
    process.stdout.write('unknown action: ' + String(action) + '\\n');
    process.exitCode = 1;
  }
});
`;

/** Writes the helper program into `<dockerConfig>/credential-helper/` (created 0700). */
export async function installCredentialHelper(
  dockerConfig: string,
  nodePath: string = process.execPath,
): Promise<CredentialHelper> {
  const dir = credentialHelperDir(dockerConfig);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `launch-${randomBytes(6).toString('hex')}`;
  const program = path.join(dir, `docker-credential-${name}`);
  // Extensionless files are CommonJS unless a package.json above says otherwise: say it here.
  await writeFile(path.join(dir, 'package.json'), '{"type":"commonjs"}\n', { mode: 0o600 });
  if (/^[^\s]+$/.test(nodePath) && nodePath.length < 120) {
    await writeFile(program, `#!${nodePath}\n${PROGRAM}`, { mode: 0o700 });
  } else {
    // A shebang cannot hold a path with spaces (or a long one): a shell launcher runs it instead.
    const script = path.join(dir, 'helper.cjs');
    await writeFile(script, PROGRAM, { mode: 0o600 });
    await writeFile(
      program,
      `#!/bin/sh\nexec ${shellQuote(nodePath)} ${shellQuote(script)} "$@"\n`,
      { mode: 0o700 },
    );
  }
  await chmod(program, 0o700);
  const tokensFile = path.join(dir, TOKENS_FILE);
  const helper: CredentialHelper = {
    dir,
    name,
    writeTokens: async (tokens) => {
      const content: Record<string, { Username: string; Secret: string }> = {};
      for (const [host, found] of tokens)
        content[host] = { Username: found.username, Secret: found.password };
      const temporary = `${tokensFile}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temporary, JSON.stringify(content), { mode: 0o600 });
      await rename(temporary, tokensFile);
    },
  };
  await helper.writeTokens(new Map());
  return helper;
}

/** Points `credHelpers[host]` of the private config at the helper for each host. */
export async function useCredentialHelper(
  dockerConfig: string,
  helper: CredentialHelper,
  hosts: readonly string[],
): Promise<void> {
  const file = path.join(dockerConfig, 'config.json');
  const config = JSON.parse(await readFile(file, 'utf8')) as {
    credHelpers?: Record<string, string>;
  };
  const helpers = { ...config.credHelpers };
  for (const host of hosts) helpers[host] = helper.name;
  await writeFile(file, JSON.stringify({ ...config, credHelpers: helpers }, null, 2), {
    mode: 0o600,
  });
}

export function credentialHelperDir(dockerConfig: string): string {
  return path.join(dockerConfig, 'credential-helper');
}

/**
 * The environment for docker commands: the private config, and the helper's directory first on
 * PATH (also before the helper is written: an environment taken early still finds it later).
 */
export function dockerEnvironment(env: NodeJS.ProcessEnv, dockerConfig: string): NodeJS.ProcessEnv {
  const helperDir = credentialHelperDir(dockerConfig);
  return {
    ...env,
    DOCKER_CONFIG: dockerConfig,
    PATH: [helperDir, env.PATH].filter(Boolean).join(path.delimiter),
  };
}

// setTimeout holds at most 2^31-1 ms (about 24.8 days).
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Pure: how long to wait before minting a token again: until half of its lifetime has passed
 * (then a push that starts just before the refresh still has the other half). 0 when that point
 * is already behind us.
 */
export function refreshDelayMs(
  token: { obtainedAt: number; expiresAt: number },
  now: number,
): number {
  const lifetime = Math.max(0, token.expiresAt - token.obtainedAt);
  const refreshAt = token.obtainedAt + lifetime / 2;
  return Math.min(LONGEST_TIMER_MS, Math.max(0, Math.ceil(refreshAt - now)));
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
