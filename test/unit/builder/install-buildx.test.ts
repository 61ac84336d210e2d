import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedChecksum, installBuildx } from '../../../src/builder/install-buildx.js';

/** A local stand-in for the GitHub releases download host: the binary and its checksums file. */
let server: Server;
let base: string;
let root: string;
const binary = Buffer.from('#!/bin/sh\necho "github.com/docker/buildx v9.9.9"\n');
let checksums = '';
const requests: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'buildx-install-'));
  process.env.RUNNER_TOOL_CACHE = path.join(root, 'tool-cache');
  process.env.RUNNER_TEMP = path.join(root, 'temp');
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === '/v9.9.9/buildx-v9.9.9.linux-amd64') return response.end(binary);
    if (request.url === '/v9.9.9/checksums.txt') return response.end(checksums);
    response.statusCode = 404;
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await rm(root, { recursive: true, force: true });
});

describe('installBuildx', () => {
  const log = { info: () => undefined };

  it('refuses a download that does not match the published checksum', async () => {
    checksums = `${'0'.repeat(64)} *buildx-v9.9.9.linux-amd64\n`;
    const env = { HOME: path.join(root, 'home-bad') };
    await expect(installBuildx({ env, log, releasesUrl: base }, '9.9.9')).rejects.toThrow(
      /does not match its published checksum/,
    );
    await expect(
      stat(path.join(env.HOME, '.docker', 'cli-plugins', 'docker-buildx')),
    ).rejects.toThrow();
  });

  it('installs a verified release as a CLI plugin, and reuses the tool cache next time', async () => {
    checksums = `${createHash('sha256').update(binary).digest('hex')} *buildx-v9.9.9.linux-amd64\n`;
    const env = { HOME: path.join(root, 'home') };
    requests.length = 0;
    const target = await installBuildx({ env, log, releasesUrl: base }, '9.9.9');
    expect(target).toBe(path.join(env.HOME, '.docker', 'cli-plugins', 'docker-buildx'));
    expect(await readFile(target)).toEqual(binary);
    expect((await stat(target)).mode & 0o111).not.toBe(0);
    expect(requests).toEqual(['/v9.9.9/buildx-v9.9.9.linux-amd64', '/v9.9.9/checksums.txt']);
    requests.length = 0;
    await installBuildx(
      { env: { HOME: path.join(root, 'home2') }, log, releasesUrl: base },
      '9.9.9',
    );
    expect(requests).toEqual([]);
  });

  it.each([
    [
      `${'a'.repeat(64)} *buildx-v1.linux-amd64\n${'b'.repeat(64)}  buildx-v1.linux-arm64`,
      'buildx-v1.linux-arm64',
      'b'.repeat(64),
    ],
    [`${'a'.repeat(64)} *buildx-v1.linux-amd64`, 'buildx-v1.darwin-amd64', undefined],
  ])('reads checksum lines', (sums, file, expected) => {
    expect(expectedChecksum(sums, file)).toBe(expected);
  });
});
