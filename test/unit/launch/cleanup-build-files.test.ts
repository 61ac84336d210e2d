import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '../../../src/launch/cleanup.js';
import { STATE, type StateKey } from '../../../src/platform/state.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function postStep(states: Map<StateKey, string>) {
  await cleanup({
    getState: (key) => states.get(key) ?? '',
    env: {},
    exec: () => Promise.reject(new Error('the post step of a build runs no program')),
    fetch: () => Promise.reject(new Error('no network')),
    sleep: () => Promise.resolve(),
    log: { info: () => undefined, warning: () => undefined, error: () => undefined },
    githubToken: '',
  });
}

describe('post step after a build that was killed', () => {
  it('removes the build files, the private index credentials among them', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'launch-cleanup-'));
    const buildFiles = path.join(dir, 'launch-action-build-abc123');
    mkdirSync(buildFiles);
    writeFileSync(path.join(buildFiles, 'secret-launch-pip-conf'), 'index-url = https://u:p@x/');
    await postStep(
      new Map([
        [STATE.mode, 'build'],
        [STATE.buildFiles, buildFiles],
      ]),
    );
    expect(existsSync(buildFiles)).toBe(false);
  });

  it('removes nothing but a build-files directory, whatever the state says', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'launch-cleanup-'));
    await postStep(
      new Map([
        [STATE.mode, 'build'],
        [STATE.buildFiles, dir],
      ]),
    );
    expect(existsSync(dir)).toBe(true);
  });
});
