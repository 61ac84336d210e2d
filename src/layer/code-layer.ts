import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type { BuildContext, ContextFile } from '../context/files.js';
import { END_OF_ARCHIVE, entryHeader, padding, type TarEntry } from './tar.js';

/** Where and as whom the code lands in the image: what `COPY --chown=<uid>:<gid> . <directory>` does. */
export interface CodeLayerOptions {
  /** Absolute directory in the image (the working directory). */
  directory: string;
  uid: number;
  gid: number;
  /** Seconds since the epoch written as every entry's mtime (SOURCE_DATE_EPOCH style). */
  mtime: number;
  /**
   * Every directory above `directory` (relative, e.g. `home`, `home/launch`) as the image below
   * has it. They must be in the layer: an overlay filesystem shows a directory with the
   * attributes of the topmost layer holding it, and an engine applying a layer creates a missing
   * parent as root:root 0755, which would shadow the image's own owner and mode.
   */
  ancestors: readonly DirectoryAttributes[];
  /** gzip level: 1 by default, since compression is most of the cost and code layers are small. */
  level?: number;
}

export interface DirectoryAttributes {
  path: string;
  uid: number;
  gid: number;
  mode: number;
}

/** A compressed layer blob on disk and the digests a manifest and a config name it by. */
export interface LayerBlob {
  file: string;
  /** sha256 of the gzip bytes: the blob's digest in the manifest. */
  digest: string;
  size: number;
  /** sha256 of the uncompressed tar: the layer's diff_id in the config. */
  diffId: string;
  entries: number;
}

/**
 * The tar entries of a code layer, in archive order: the directory itself, every directory the
 * files need, the files and symlinks, after the directories above it (with the attributes the
 * image below gives them). Byte-order sorting puts every parent before its children. Modes are normalised (only the execute bit survives) and times fixed, so the same tree
 * gives the same entries on any checkout, umask or clock.
 */
export function codeLayerEntries(
  files: readonly ContextFile[],
  options: CodeLayerOptions,
): TarEntry[] {
  const root = options.directory.replace(/^\/+|\/+$/g, '');
  if (root === '') throw new Error('the code layer needs a directory below /');
  const owner = { uid: options.uid, gid: options.gid, mtime: options.mtime };
  const entries = new Map<string, TarEntry>();
  const parts = root.split('/');
  for (let depth = 1; depth < parts.length; depth += 1) {
    const dir = parts.slice(0, depth).join('/');
    const given = options.ancestors.find((a) => a.path.replace(/^\/+|\/+$/g, '') === dir);
    if (!given) throw new Error(`the code layer needs the owner and mode of /${dir}`);
    entries.set(dir, {
      type: 'directory',
      path: dir,
      mode: given.mode,
      uid: given.uid,
      gid: given.gid,
      mtime: options.mtime,
    });
  }
  entries.set(root, { type: 'directory', path: root, mode: 0o755, ...owner });
  for (const file of files) {
    const parts = file.path.split('/');
    for (let depth = 1; depth < parts.length; depth += 1) {
      const dir = `${root}/${parts.slice(0, depth).join('/')}`;
      if (!entries.has(dir)) {
        entries.set(dir, { type: 'directory', path: dir, mode: 0o755, ...owner });
      }
    }
    const full = `${root}/${file.path}`;
    entries.set(
      full,
      file.linkTarget !== undefined
        ? { type: 'symlink', path: full, target: file.linkTarget, mode: 0o777, ...owner }
        : {
            type: 'file',
            path: full,
            mode: file.executable ? 0o755 : 0o644,
            size: file.size,
            ...owner,
          },
    );
  }
  return [...entries.values()].sort((a, b) =>
    Buffer.compare(Buffer.from(a.path, 'utf8'), Buffer.from(b.path, 'utf8')),
  );
}

/** Files up to this size are read whole; larger ones are streamed. */
const SMALL_FILE = 1 << 20;

/**
 * Writes the code layer of `context` to `out` as tar+gzip and returns its digests. The gzip
 * header is written here (no name, mtime 0, OS "unix") so the platform running this does not
 * change the bytes; the deflate stream is zlib's at a fixed level.
 */
export async function writeCodeLayer(
  context: BuildContext,
  out: string,
  options: CodeLayerOptions,
): Promise<LayerBlob> {
  const entries = codeLayerEntries(context.files, options);
  const root = options.directory.replace(/^\/+|\/+$/g, '');
  const tarHash = createHash('sha256');
  const blobHash = createHash('sha256');
  let crc = 0;
  let tarSize = 0;
  let blobSize = 0;

  async function* tarChunks(): AsyncGenerator<Buffer> {
    for (const entry of entries) {
      yield entryHeader(entry);
      if (entry.type !== 'file') continue;
      const source = path.join(context.root, entry.path.slice(root.length + 1));
      let read = 0;
      if (entry.size <= SMALL_FILE) {
        const content = await readFile(source);
        read = content.length;
        if (read === entry.size) yield content;
      } else {
        for await (const chunk of createReadStream(source, { end: entry.size })) {
          read += (chunk as Buffer).length;
          if (read > entry.size) break;
          yield chunk as Buffer;
        }
      }
      if (read !== entry.size) {
        const now = await lstat(source).catch(() => undefined);
        throw new Error(
          `${entry.path.slice(root.length + 1)} changed while the code layer was written ` +
            `(listed ${entry.size} bytes, now ${now?.size ?? 'gone'})`,
        );
      }
      yield padding(entry.size);
    }
    yield END_OF_ARCHIVE;
  }

  const tapTar = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      tarHash.update(chunk);
      crc = crc32(chunk, crc);
      tarSize += chunk.length;
      done(null, chunk);
    },
  });
  let headerWritten = false;
  const gzipFrame = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!headerWritten) {
        headerWritten = true;
        this.push(GZIP_HEADER);
      }
      done(null, chunk);
    },
    flush(done) {
      if (!headerWritten) this.push(GZIP_HEADER);
      const trailer = Buffer.alloc(8);
      trailer.writeUInt32LE(crc >>> 0, 0);
      trailer.writeUInt32LE(tarSize % 2 ** 32, 4);
      done(null, trailer);
    },
  });
  const tapBlob = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      blobHash.update(chunk);
      blobSize += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(
    Readable.from(tarChunks()),
    tapTar,
    zlib.createDeflateRaw({ level: options.level ?? 1, memLevel: 8, windowBits: 15 }),
    gzipFrame,
    tapBlob,
    createWriteStream(out),
  );
  return {
    file: out,
    digest: `sha256:${blobHash.digest('hex')}`,
    size: blobSize,
    diffId: `sha256:${tarHash.digest('hex')}`,
    entries: entries.length,
  };
}

/** magic, deflate, no flags, mtime 0, no extra flags, OS 3 (unix) whatever the platform. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

function crc32(data: Buffer, previous: number): number {
  return nativeCrc32 ? nativeCrc32(data, previous) : crc32Portable(data, previous);
}

let crcTable: Uint32Array | undefined;

/** For Node versions without zlib.crc32 (before 20.15). */
function crc32Portable(data: Buffer, previous: number): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~previous >>> 0;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
