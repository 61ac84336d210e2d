import { createHash } from 'node:crypto';
import { createReadStream, readFile as readFileCallback } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { BuildContext } from './files.js';
import { statKey, type HashedFile } from './hash.js';

/**
 * Content digests of the context's files. A digest cache keyed by (size, mtime, inode) makes the
 * warm case a stat walk; a file whose stat changed is read again, so the cache cannot go stale in
 * a way that matters (git checkout rewrites files it changes, which moves mtime).
 */
export interface DigestCache {
  load(root: string): Promise<Map<string, { key: string; digest: string }>>;
  save(root: string, entries: Map<string, { key: string; digest: string }>): Promise<void>;
}

/** Reads files a few at a time: enough to keep the disk and the hasher busy on 2 cores. */
const CONCURRENCY = 8;
/** Files below this size are read in one call: a stream costs more than the read for them. */
const SMALL_FILE = 1 << 20;
/** The callback readFile: measured ~2x faster per small file than fs/promises' (one stat, one read). */
const readSmallFile = promisify(readFileCallback);

export async function digestContextFiles(
  context: BuildContext,
  cache?: DigestCache,
): Promise<HashedFile[]> {
  const cached = cache ? await cache.load(context.root).catch(() => new Map()) : new Map();
  const fresh = new Map<string, { key: string; digest: string }>();
  const result: HashedFile[] = new Array(context.files.length);
  let next = 0;
  let changed = cached.size !== context.files.length;
  const worker = async () => {
    while (next < context.files.length) {
      const index = next++;
      const file = context.files[index]!;
      const key = statKey(file);
      const hit = cached.get(file.path);
      let digest: string;
      if (hit && hit.key === key) {
        digest = hit.digest;
      } else {
        changed = true;
        const full = path.join(context.root, file.path);
        digest =
          file.linkTarget !== undefined
            ? sha256(Buffer.from(file.linkTarget))
            : file.size < SMALL_FILE
              ? sha256(await readSmallFile(full))
              : await sha256Stream(full);
      }
      fresh.set(file.path, { key, digest });
      result[index] = { path: file.path, executable: file.executable, digest };
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (cache && changed) await cache.save(context.root, fresh).catch(() => undefined);
  return result;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sha256Stream(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** A digest cache in a directory (one JSON file per context path). */
export function directoryDigestCache(dir: string): DigestCache {
  const fileFor = (root: string) =>
    path.join(
      dir,
      `${createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 32)}.json`,
    );
  return {
    async load(root) {
      const data = JSON.parse(await readFile(fileFor(root), 'utf8')) as Record<
        string,
        [string, string]
      >;
      return new Map(Object.entries(data).map(([p, [key, digest]]) => [p, { key, digest }]));
    },
    async save(root, entries) {
      await mkdir(dir, { recursive: true });
      const data: Record<string, [string, string]> = {};
      for (const [p, { key, digest }] of entries) data[p] = [key, digest];
      const target = fileFor(root);
      const temp = `${target}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(data));
      await rename(temp, target);
    },
  };
}
