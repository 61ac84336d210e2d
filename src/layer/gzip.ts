import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/**
 * A gzip member whose bytes depend only on what is written and how each write is marked, not on
 * how the input arrives in chunks, the machine or the time: the input is cut into segments at
 * fixed byte counts, each compressible segment is deflated on its own (zlib, fixed level, ending
 * with a sync flush so the next one starts on a byte boundary) and each incompressible one is
 * framed as stored deflate blocks (no zlib involved). Segments are independent, so up to
 * `concurrency` of them are compressed at once on the thread pool while the caller reads on.
 */
export interface SegmentedGzipOptions {
  /** zlib level of the compressed segments. */
  level: number;
  /** Input bytes per segment (a run of one kind is cut at multiples of this). */
  segmentBytes: number;
  /** Segments compressed at the same time. */
  concurrency: number;
}

export const DEFAULT_GZIP: SegmentedGzipOptions = {
  level: 1,
  segmentBytes: 1 << 20,
  concurrency: 4,
};

/** magic, deflate, no flags, mtime 0, no extra flags, OS 3 (unix) whatever the platform. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** An empty final block with fixed Huffman codes: what zlib writes when it finishes on nothing. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);
/** The largest stored block deflate allows. */
const STORED_MAX = 0xffff;

const deflateRaw = promisify(zlib.deflateRaw);

export interface GzipSummary {
  /** sha256 hex of the uncompressed input. */
  inputSha256: string;
  inputSize: number;
  /** sha256 hex of the gzip bytes. */
  outputSha256: string;
  outputSize: number;
}

export class SegmentedGzip {
  private readonly inputHash = createHash('sha256');
  private readonly outputHash = createHash('sha256');
  private crc = 0;
  private inputSize = 0;
  private outputSize = 0;
  private run: { store: boolean; parts: Buffer[]; bytes: number } = {
    store: false,
    parts: [],
    bytes: 0,
  };
  private readonly pending: Promise<Buffer>[] = [];
  private started = false;

  constructor(
    private readonly sink: (chunk: Buffer) => Promise<unknown>,
    private readonly options: SegmentedGzipOptions = DEFAULT_GZIP,
  ) {}

  /** Appends `bytes` to the stream; `store` marks them as not worth compressing. */
  async write(bytes: Buffer, store = false): Promise<void> {
    if (bytes.length === 0) return;
    this.inputHash.update(bytes);
    this.crc = crc32(bytes, this.crc);
    this.inputSize += bytes.length;
    if (store !== this.run.store) {
      await this.cut();
      this.run.store = store;
    }
    let rest = bytes;
    while (rest.length > 0) {
      const room = this.options.segmentBytes - this.run.bytes;
      const part = rest.length > room ? rest.subarray(0, room) : rest;
      this.run.parts.push(part);
      this.run.bytes += part.length;
      rest = rest.subarray(part.length);
      if (this.run.bytes === this.options.segmentBytes) await this.cut();
    }
  }

  /** Writes the last block and the trailer; returns the digests of both streams. */
  async end(): Promise<GzipSummary> {
    await this.cut();
    while (this.pending.length > 0) await this.emit(await this.pending.shift()!);
    if (!this.started) await this.emit(Buffer.alloc(0));
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    trailer.writeUInt32LE(this.inputSize % 2 ** 32, 4);
    await this.emit(Buffer.concat([FINAL_BLOCK, trailer]));
    return {
      inputSha256: this.inputHash.digest('hex'),
      inputSize: this.inputSize,
      outputSha256: this.outputHash.digest('hex'),
      outputSize: this.outputSize,
    };
  }

  /** Ends the current segment and queues its bytes, keeping at most `concurrency` in flight. */
  private async cut(): Promise<void> {
    if (this.run.bytes === 0) return;
    const input = Buffer.concat(this.run.parts, this.run.bytes);
    this.run = { store: this.run.store, parts: [], bytes: 0 };
    this.pending.push(
      this.run.store
        ? Promise.resolve(storedBlocks(input))
        : deflateRaw(input, {
            level: this.options.level,
            finishFlush: zlib.constants.Z_SYNC_FLUSH,
          }),
    );
    while (this.pending.length >= this.options.concurrency) {
      await this.emit(await this.pending.shift()!);
    }
  }

  private async emit(body: Buffer): Promise<void> {
    const chunk = this.started ? body : Buffer.concat([GZIP_HEADER, body]);
    this.started = true;
    this.outputHash.update(chunk);
    this.outputSize += chunk.length;
    await this.sink(chunk);
  }
}

/** `input` as non-final stored deflate blocks (each: a byte-aligned header, LEN, NLEN, data). */
export function storedBlocks(input: Buffer): Buffer {
  const blocks = Math.ceil(input.length / STORED_MAX);
  const out = Buffer.alloc(input.length + blocks * 5);
  let at = 0;
  for (let start = 0; start < input.length; start += STORED_MAX) {
    const length = Math.min(STORED_MAX, input.length - start);
    out[at] = 0x00; // BFINAL 0, BTYPE 00, padding to the byte boundary
    out.writeUInt16LE(length, at + 1);
    out.writeUInt16LE(~length & 0xffff, at + 3);
    input.copy(out, at + 5, start, start + length);
    at += 5 + length;
  }
  return out;
}

/**
 * Whether `sample` looks like data deflate cannot shrink (compressed archives, images, random or
 * dense binary arrays): its bytes are spread almost evenly, a collision entropy of at least 7.5
 * bits per byte (sum of squared counts <= n^2 / 2^7.5). Deflating such data at level 1 costs ~20x
 * the CPU of text and saves well under 1 %. The test is integer arithmetic on the bytes, so the
 * decision, and with it the layer's digest, is the same on any machine and with any zlib.
 */
export function looksIncompressible(sample: Buffer): boolean {
  if (sample.length === 0) return false;
  const counts = new Uint32Array(256);
  for (const byte of sample) counts[byte]! += 1;
  let squares = 0;
  for (const count of counts) squares += count * count;
  return squares * 181 <= sample.length * sample.length;
}

const nativeCrc32 = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

function crc32(data: Buffer, previous: number): number {
  return nativeCrc32 ? nativeCrc32(data, previous) : crc32Portable(data, previous);
}

let crcTable: Uint32Array | undefined;

/** For Node versions without zlib.crc32 (before 20.15). */
export function crc32Portable(data: Buffer, previous: number): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = ~previous >>> 0;
  for (const byte of data) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
