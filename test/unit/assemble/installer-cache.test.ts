import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installerCacheKeys,
  restoreInstallerCache,
} from '../../../src/assemble/installer-cache.js';
import type { Runtime } from '../../../src/platform/runtime.js';

const HASH = 'f'.repeat(64);

describe('installerCacheKeys', () => {
  it.each([
    [[], 'x64', '3.11', 'launch-wheels-linux-amd64-py3.11-'],
    [[], 'arm64', '3.12.4', 'launch-wheels-linux-arm64-py3.12-'],
    [['linux/amd64'], 'arm64', '3.10', 'launch-wheels-linux-amd64-py3.10-'],
    [
      ['linux/amd64', 'linux/arm64'],
      'x64',
      '3.11',
      'launch-wheels-linux-amd64+linux-arm64-py3.11-',
    ],
    [['linux/arm/v7'], 'x64', '', 'launch-wheels-linux-arm-v7-pyany-'],
  ])('%j on %s with Python %s → %s<hash>', (platforms, hostArch, python, prefix) => {
    const keys = installerCacheKeys({ platforms, hostArch, python, dependencyHash: HASH });
    expect(keys).toEqual({ key: `${prefix}${HASH}`, restoreKeys: [prefix] });
    // What @actions/cache accepts: ≤ 512 characters, no comma.
    expect(keys.key.length).toBeLessThanOrEqual(512);
    expect(keys.key).not.toContain(',');
  });
});

describe('restoreInstallerCache', () => {
  function runtime(withCache: boolean) {
    const debug: string[] = [];
    const commands: string[][] = [];
    const rt: Runtime = {
      env: {},
      workspace: mkdtempSync(path.join(tmpdir(), 'installer-cache-ws-')),
      tempDir: mkdtempSync(path.join(tmpdir(), 'installer-cache-temp-')),
      log: {
        info: () => undefined,
        warning: () => undefined,
        error: () => undefined,
        debug: (m) => debug.push(m),
      },
      group: (_title, fn) => fn(),
      setSecret: () => undefined,
      saveState: () => undefined,
      run: async (command, args) => {
        commands.push([command, ...args]);
        return { exitCode: 1, stdout: '', stderr: 'not expected' };
      },
      fetch: (input, init) => fetch(input, init),
      sleep: async () => undefined,
      write: () => undefined,
      ...(withCache && {
        directoryCache: {
          restore: () => Promise.reject(new Error('must not be asked')),
          save: () => Promise.reject(new Error('must not be asked')),
        },
      }),
    };
    return { rt, debug, commands };
  }
  const keys = installerCacheKeys({
    platforms: [],
    hostArch: 'x64',
    python: '3.11',
    dependencyHash: HASH,
  });
  const build = { builder: { kind: 'buildx' as const }, baseImage: 'python:3.11', env: {} };

  it('is skipped with one debug line where there is no cache service (the CLI, other runners)', async () => {
    const { rt, debug, commands } = runtime(false);
    expect(await restoreInstallerCache(rt, true, keys, build)).toBeUndefined();
    expect(debug).toEqual(['Dependency cache: skipped, no GitHub cache service on this runner.']);
    expect(commands).toEqual([]);
  });

  it('is skipped with one debug line when switched off, even with a cache service', async () => {
    const { rt, debug, commands } = runtime(true);
    expect(await restoreInstallerCache(rt, false, keys, build)).toBeUndefined();
    expect(debug).toEqual(['Dependency cache: off (dependency-cache: false).']);
    expect(commands).toEqual([]);
  });
});
