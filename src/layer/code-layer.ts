import { createReadStream, readFile as readFileCallback } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BuildContext, ContextFile } from '../context/files.js';
import { DEFAULT_GZIP, SegmentedGzip, looksIncompressible } from './gzip.js';
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
  /**
   * zlib level of the deflated parts: 1 by default. Higher levels shrink source text by a few
   * per cent for several times the CPU; dense data is stored whatever the level.
   */
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
/** Files from this size have their first bytes tested: high-entropy content is stored, not deflated. */
const STORE_CANDIDATE = 64 << 10;
/** How much of a file the test looks at. */
const STORE_SAMPLE = 16 << 10;

/**
 * Writes the code layer of `context` to `out` as tar+gzip and returns its digests. The gzip
 * stream is segmented (see SegmentedGzip): text and code are deflated at a fixed level (1 unless
 * given), content that is already dense (compressed or random data, judged from its first
 * bytes) is stored as is. Neither the platform, the checkout nor how reads arrive changes the
 * bytes.
 */
export async function writeCodeLayer(
  context: BuildContext,
  out: string,
  options: CodeLayerOptions,
): Promise<LayerBlob> {
  const entries = codeLayerEntries(context.files, options);
  const root = options.directory.replace(/^\/+|\/+$/g, '');
  const handle = await open(out, 'w');
  try {
    const gzip = new SegmentedGzip((chunk) => handle.write(chunk), {
      ...DEFAULT_GZIP,
      level: options.level ?? DEFAULT_GZIP.level,
    });
    const sourceOf = (entry: TarEntry) =>
      path.join(context.root, entry.path.slice(root.length + 1));
    const readAhead = new ReadAhead(entries, sourceOf);
    for (const [index, entry] of entries.entries()) {
      await gzip.write(entryHeader(entry));
      if (entry.type !== 'file') continue;
      const relative = entry.path.slice(root.length + 1);
      const source = sourceOf(entry);
      let read = 0;
      if (entry.size <= SMALL_FILE) {
        const content = await readAhead.take(index);
        read = content.length;
        if (read === entry.size) {
          await gzip.write(content, storeable(content.subarray(0, STORE_SAMPLE), entry.size));
        }
      } else {
        let store: boolean | undefined;
        for await (const chunk of createReadStream(source, {
          end: entry.size,
          highWaterMark: SMALL_FILE,
        })) {
          const bytes = chunk as Buffer;
          read += bytes.length;
          if (read > entry.size) break;
          store ??= storeable(await sample(source, bytes), entry.size);
          await gzip.write(bytes, store);
        }
      }
      if (read !== entry.size) {
        const now = await lstat(source).catch(() => undefined);
        throw new Error(
          `${relative} changed while the code layer was written ` +
            `(listed ${entry.size} bytes, now ${now?.size ?? 'gone'})`,
        );
      }
      await gzip.write(padding(entry.size));
    }
    await gzip.write(END_OF_ARCHIVE);
    const written = await gzip.end();
    return {
      file: out,
      digest: `sha256:${written.outputSha256}`,
      size: written.outputSize,
      diffId: `sha256:${written.inputSha256}`,
      entries: entries.length,
    };
  } finally {
    await handle.close();
  }
}

/** Small files read before their turn, a few at a time: one read at a time waits on the disk. */
const READ_AHEAD_FILES = 16;
const READ_AHEAD_BYTES = 8 << 20;
/** The callback readFile: about twice as fast per small file as the fs/promises one. */
const readSmallFile = promisify(readFileCallback);

class ReadAhead {
  private readonly reads = new Map<number, Promise<Buffer>>();
  private next = 0;
  private bytes = 0;

  constructor(
    private readonly entries: readonly TarEntry[],
    private readonly sourceOf: (entry: TarEntry) => string,
  ) {}

  /** The content of small file `index`, starting the reads of the files after it. */
  async take(index: number): Promise<Buffer> {
    this.fill(index);
    const content = await this.reads.get(index)!;
    this.reads.delete(index);
    this.bytes -= (this.entries[index] as { size: number }).size;
    this.fill(index + 1);
    return content;
  }

  private fill(from: number) {
    this.next = Math.max(this.next, from);
    while (
      this.next < this.entries.length &&
      this.next < from + READ_AHEAD_FILES &&
      (this.bytes < READ_AHEAD_BYTES || this.reads.size === 0)
    ) {
      const entry = this.entries[this.next]!;
      if (entry.type === 'file' && entry.size <= SMALL_FILE) {
        const read = readSmallFile(this.sourceOf(entry));
        // Awaited in turn by take(); a layer that fails first leaves it unobserved, not unhandled.
        read.catch(() => undefined);
        this.reads.set(this.next, read);
        this.bytes += entry.size;
      }
      this.next += 1;
    }
  }
}

function storeable(head: Buffer, size: number): boolean {
  return size >= STORE_CANDIDATE && looksIncompressible(head);
}

/** The first STORE_SAMPLE bytes of a file, whatever size its first read chunk had. */
async function sample(file: string, first: Buffer): Promise<Buffer> {
  if (first.length >= STORE_SAMPLE) return first.subarray(0, STORE_SAMPLE);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(STORE_SAMPLE);
    const { bytesRead } = await handle.read(buffer, 0, STORE_SAMPLE, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
