import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as cache from '@actions/cache';
import { BlockBlobClient } from '@azure/storage-blob';
import { ActionsCacheService } from '../../servers/actions-cache.js';

// The real @actions/cache client (no mocks) against the strict fake: what it sends must be accepted, and what
// the real service refuses must be refused.
const service = new ActionsCacheService();
let workspace = '';
const saved: Record<string, string | undefined> = {};
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

beforeAll(async () => {
  await service.start();
});
afterAll(async () => {
  await service.close();
});
beforeEach(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'cache-fake-'));
  for (const name of VARS) saved[name] = process.env[name];
  for (const name of VARS) delete process.env[name];
  Object.assign(process.env, service.runnerEnv(), {
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: join(workspace, 'tmp'),
  });
  await mkdir(join(workspace, 'tmp'));
  await mkdir(join(workspace, 'wheels'));
  service.refusals.length = 0;
});
afterEach(async () => {
  for (const name of VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await rm(workspace, { recursive: true, force: true });
});

async function twirp(
  method: string,
  body: unknown,
  token = service.token,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(
    `${service.url}/twirp/github.actions.results.api.v1.CacheService/${method}`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    },
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const VERSION = 'a'.repeat(64);

describe('ActionsCacheService with the real @actions/cache client', () => {
  it('saves, restores by exact key and by restore-key prefix, and refuses re-creating a key', async () => {
    expect(cache.isFeatureAvailable()).toBe(true);
    await writeFile(join(workspace, 'wheels', 'a-1.0-py3-none-any.whl'), 'wheel a');
    const id = await cache.saveCache([join(workspace, 'wheels')], 'wheels-linux-x64-aaa');
    expect(id).toBeGreaterThan(0);
    expect(service.refusals).toEqual([]);
    expect(service.entries).toHaveLength(1);
    expect(service.entries[0]?.finalized).toBe(true);

    // Same key again: the service answers 409, the client reports "not saved" (-1) without throwing.
    expect(await cache.saveCache([join(workspace, 'wheels')], 'wheels-linux-x64-aaa')).toBe(-1);
    expect(service.refusals.some((reason) => reason.includes('already exists'))).toBe(true);

    await rm(join(workspace, 'wheels'), { recursive: true });
    expect(await cache.restoreCache([join(workspace, 'wheels')], 'wheels-linux-x64-aaa')).toBe(
      'wheels-linux-x64-aaa',
    );
    expect(await readFile(join(workspace, 'wheels', 'a-1.0-py3-none-any.whl'), 'utf8')).toBe(
      'wheel a',
    );

    await rm(join(workspace, 'wheels'), { recursive: true });
    const matched = await cache.restoreCache([join(workspace, 'wheels')], 'wheels-linux-x64-bbb', [
      'wheels-linux-x64-',
    ]);
    expect(matched).toBe('wheels-linux-x64-aaa');
    expect(await readFile(join(workspace, 'wheels', 'a-1.0-py3-none-any.whl'), 'utf8')).toBe(
      'wheel a',
    );

    // A different path list is a different version: no match.
    expect(
      await cache.restoreCache([join(workspace, 'other')], 'wheels-linux-x64-aaa'),
    ).toBeUndefined();
    expect(
      await cache.restoreCache([join(workspace, 'wheels')], 'nothing-', ['nothing-']),
    ).toBeUndefined();
  });

  it('refuses a wrong token, unknown fields, a finalize of a never-created entry and a size mismatch', async () => {
    expect((await twirp('CreateCacheEntry', { key: 'k', version: VERSION }, 'wrong')).status).toBe(
      401,
    );
    expect((await twirp('CreateCacheEntry', { key: 'k', version: VERSION, extra: 1 })).status).toBe(
      400,
    );
    expect((await twirp('CreateCacheEntry', { key: 'k', version: 'short' })).status).toBe(400);
    expect(
      (await twirp('FinalizeCacheEntryUpload', { key: 'never', version: VERSION, size_bytes: '3' }))
        .status,
    ).toBe(404);
    expect((await twirp('Nope', {})).status).toBe(404);

    const created = await twirp('CreateCacheEntry', { key: 'sized', version: VERSION });
    expect(created.status).toBe(200);
    const uploadUrl = String(created.json.signed_upload_url);
    // Finalizing before anything was uploaded is refused.
    expect(
      (await twirp('FinalizeCacheEntryUpload', { key: 'sized', version: VERSION, size_bytes: '3' }))
        .status,
    ).toBe(400);
    const put = await fetch(uploadUrl, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2024-11-04' },
      body: 'abc',
    });
    expect(put.status).toBe(201);
    expect(
      (await twirp('FinalizeCacheEntryUpload', { key: 'sized', version: VERSION, size_bytes: '4' }))
        .status,
    ).toBe(400);
    expect(
      (await twirp('FinalizeCacheEntryUpload', { key: 'sized', version: VERSION, size_bytes: '3' }))
        .status,
    ).toBe(200);
    expect((await twirp('CreateCacheEntry', { key: 'sized', version: VERSION })).status).toBe(409);

    const found = await twirp('GetCacheEntryDownloadURL', { key: 'sized', version: VERSION });
    const downloadUrl = String(found.json.signed_download_url);
    expect(found.json.matched_key).toBe('sized');
    expect(await (await fetch(downloadUrl)).text()).toBe('abc');
    // A tampered signature, and a read-only URL used to write, are refused.
    expect((await fetch(downloadUrl.replace(/sig=[^&]+/, 'sig=AAAA'))).status).toBe(403);
    const writeWithReadUrl = await fetch(downloadUrl, {
      method: 'PUT',
      headers: { 'x-ms-blob-type': 'BlockBlob', 'x-ms-version': '2024-11-04' },
      body: 'xyz',
    });
    expect(writeWithReadUrl.status).toBe(403);
  });

  it('accepts staged blocks committed by a block list (the Azure SDK path for large archives) and enforces block ids', async () => {
    const created = await twirp('CreateCacheEntry', { key: 'blocks', version: VERSION });
    const client = new BlockBlobClient(String(created.json.signed_upload_url));
    const first = Buffer.from('0001').toString('base64');
    const second = Buffer.from('0002').toString('base64');
    await client.stageBlock(first, Buffer.from('hello '), 6);
    await client.stageBlock(second, Buffer.from('world'), 5);
    await expect(
      client.commitBlockList([first, Buffer.from('0003').toString('base64')]),
    ).rejects.toThrow();
    await client.commitBlockList([first, second]);
    expect(
      (
        await twirp('FinalizeCacheEntryUpload', {
          key: 'blocks',
          version: VERSION,
          size_bytes: '11',
        })
      ).status,
    ).toBe(200);
    const entry = service.entries.find((candidate) => candidate.key === 'blocks');
    expect(entry && service.archive(entry)?.toString()).toBe('hello world');
  });

  it('the client skips the service when its variables are absent', () => {
    delete process.env.ACTIONS_RESULTS_URL;
    expect(cache.isFeatureAvailable()).toBe(false);
  });
});
