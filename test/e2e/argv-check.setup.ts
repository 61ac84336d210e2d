import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DOCKER_SHIM_ENV, argvLeaks, knownSecrets } from './harness/argv-secrets.js';

/**
 * Runs in every e2e test file: the docker calls made while this file ran (the e2e files run one
 * at a time) must carry no known secret in argv, so a leak fails the file that caused it. The
 * global teardown checks the whole log again.
 */
const dir = process.env[DOCKER_SHIM_ENV];
let offset = 0;

beforeAll(() => {
  if (dir) offset = statSync(join(dir, 'argv.log')).size;
});

afterAll(() => {
  if (!dir) throw new Error(`${DOCKER_SHIM_ENV} is not set: the e2e global setup did not run`);
  const log = readFileSync(join(dir, 'argv.log')).subarray(offset).toString('utf8');
  const leaks = argvLeaks(log, knownSecrets(dir));
  if (leaks.length > 0) {
    throw new Error(
      `A secret appeared in the argv of ${leaks.length} docker call(s) of this file (visible in ps to every user):\n  ${leaks.join('\n  ')}`,
    );
  }
});
