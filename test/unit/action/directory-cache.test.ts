import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionsDirectoryCache } from '../../../src/action/directory-cache.js';
import { ActionsCacheService } from '../../servers/actions-cache.js';

// The action's directory cache is @actions/cache (real, unmocked) talking to the strict local service.
const service = new ActionsCacheService();
const VARS = [
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_URL',
  'GITHUB_WORKSPACE',
  'GITHUB_SERVER_URL',
  'RUNNER_TEMP',
  'ACTIONS_CACHE_MODE',
];
const saved = new Map<string, string | undefined>();
let runner = '';

beforeAll(async () => {
  await service.start();
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  runner = await mkdtemp(join(tmpdir(), 'directory-cache-'));
  for (const name of VARS) saved.set(name, process.env[name]);
  for (const name of VARS) delete process.env[name];
  await mkdir(join(runner, 'temp'));
  await mkdir(join(runner, 'workspace'));
  Object.assign(process.env, service.runnerEnv(), {
    GITHUB_WORKSPACE: join(runner, 'workspace'),
    GITHUB_SERVER_URL: 'https://github.com',
    RUNNER_TEMP: join(runner, 'temp'),
  });
});
afterEach(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await rm(runner, { recursive: true, force: true });
});

describe('actionsDirectoryCache', () => {
  it('is absent without the cache service variables', () => {
    expect(actionsDirectoryCache({})).toBeUndefined();
    expect(
      actionsDirectoryCache({ ACTIONS_CACHE_SERVICE_V2: 'True', ACTIONS_RESULTS_URL: service.url }),
    ).toBeUndefined();
    expect(actionsDirectoryCache({ ...service.runnerEnv() })).toBeDefined();
  });

  it('saves a directory once per key and restores it by key or restore-key prefix', async () => {
    const cache = actionsDirectoryCache(process.env)!;
    const dir = join(runner, 'temp', 'kept');
    await mkdir(join(dir, 'pip'), { recursive: true });
    await writeFile(join(dir, 'pip', 'entry'), 'downloaded');
    expect(await cache.restore(dir, 'wheels-a', ['wheels-'])).toBeUndefined();
    expect(await cache.save(dir, 'wheels-a')).toBe(true);
    expect(await cache.save(dir, 'wheels-a')).toBe(false);
    await rm(dir, { recursive: true });
    await mkdir(dir);
    expect(await cache.restore(dir, 'wheels-b', ['wheels-'])).toBe('wheels-a');
    expect(await readFile(join(dir, 'pip', 'entry'), 'utf8')).toBe('downloaded');
    expect(service.refusals.filter((reason) => !reason.includes('already exists'))).toEqual([]);
  });

  it('a refusing service is a miss and a no-op, never an exception', async () => {
    const cache = actionsDirectoryCache({ ...process.env, ACTIONS_RUNTIME_TOKEN: 'stale' })!;
    process.env.ACTIONS_RUNTIME_TOKEN = 'stale';
    const dir = join(runner, 'temp', 'kept');
    await mkdir(dir);
    await writeFile(join(dir, 'file'), 'x');
    expect(await cache.restore(dir, 'wheels-a', ['wheels-'])).toBeUndefined();
    expect(await cache.save(dir, 'wheels-c')).toBe(false);
    expect(service.refusals.some((reason) => reason.includes('runtime token'))).toBe(true);
  });
});
