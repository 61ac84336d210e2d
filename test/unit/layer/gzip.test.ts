import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  SegmentedGzip,
  crc32Portable,
  looksIncompressible,
  storedBlocks,
  type SegmentedGzipOptions,
} from '../../../src/layer/gzip.js';

const hex = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const TEXT = Buffer.from(
  Array.from({ length: 4000 }, (_, i) => `def f_${i}(x):\n    return x * ${i}\n`).join(''),
);
const DENSE = randomBytes(300_000);

/** Writes `parts` ([bytes, store]) cut into chunks of `chunk` bytes; returns the gzip bytes. */
async function gzip(
  parts: [Buffer, boolean][],
  chunk: number,
  options?: Partial<SegmentedGzipOptions>,
) {
  const out: Buffer[] = [];
  const writer = new SegmentedGzip(
    async (bytes) => void out.push(Buffer.from(bytes)),
    options && { level: 1, segmentBytes: 1 << 20, concurrency: 4, ...options },
  );
  for (const [bytes, store] of parts) {
    for (let at = 0; at < bytes.length; at += chunk) {
      await writer.write(bytes.subarray(at, at + chunk), store);
    }
  }
  const summary = await writer.end();
  return { bytes: Buffer.concat(out), summary };
}

describe('segmented gzip', () => {
  const parts: [Buffer, boolean][] = [
    [TEXT, false],
    [DENSE, true],
    [Buffer.alloc(512), false],
    [TEXT, false],
  ];
  const input = Buffer.concat(parts.map(([bytes]) => bytes));

  it('is gzip that zlib and GNU gzip read back, with the digests it reports', async () => {
    const { bytes, summary } = await gzip(parts, 1 << 16, { segmentBytes: 64 << 10 });
    expect(gunzipSync(bytes).equals(input)).toBe(true);
    const gnu = execFileSync('gzip', ['-dc'], { input: bytes, maxBuffer: 1 << 26 });
    expect(gnu.equals(input)).toBe(true);
    expect(summary).toEqual({
      inputSha256: hex(input),
      inputSize: input.length,
      outputSha256: hex(bytes),
      outputSize: bytes.length,
    });
    // The text is deflated, the dense part stored: about its own size plus 5 bytes a block.
    expect(bytes.length).toBeLessThan(DENSE.length + 2 * gzipSync(TEXT, { level: 1 }).length + 100);
    expect(bytes.length).toBeGreaterThanOrEqual(DENSE.length);
    expect(bytes.includes(DENSE.subarray(0, 60_000))).toBe(true);
  });

  it('gives the same bytes however the input is chunked and however many segments run at once', async () => {
    const reference = (await gzip(parts, input.length)).bytes;
    for (const chunk of [1, 511, 4096, 65_537]) {
      const small = chunk === 1 ? parts.map(([b, s]) => [b.subarray(0, 3000), s]) : parts;
      const expected =
        chunk === 1 ? (await gzip(small as [Buffer, boolean][], 1 << 20)).bytes : reference;
      expect((await gzip(small as [Buffer, boolean][], chunk)).bytes.equals(expected)).toBe(true);
    }
    for (const concurrency of [1, 2, 8]) {
      const a = await gzip(parts, 7_000, { segmentBytes: 32 << 10, concurrency });
      const b = await gzip(parts, 100_000, { segmentBytes: 32 << 10, concurrency: 4 });
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
  });

  it('writes an empty member for no input', async () => {
    const { bytes } = await gzip([], 1);
    expect(gunzipSync(bytes)).toHaveLength(0);
  });
});

describe('stored deflate blocks', () => {
  it('frames data in blocks of at most 65535 bytes', () => {
    for (const size of [1, 65_535, 65_536, 200_000]) {
      const data = randomBytes(size);
      const framed = storedBlocks(data);
      expect(framed.length).toBe(size + 5 * Math.ceil(size / 65_535));
      expect(framed.readUInt16LE(1)).toBe(Math.min(size, 65_535));
      expect(framed.readUInt16LE(3)).toBe(~Math.min(size, 65_535) & 0xffff);
      // A final empty block turns it into a complete raw deflate stream.
      const gz = Buffer.concat([
        Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]),
        framed,
        Buffer.from([0x03, 0x00]),
        Buffer.alloc(8),
      ]);
      gz.writeUInt32LE(crc32Portable(data, 0), gz.length - 8);
      gz.writeUInt32LE(size, gz.length - 4);
      expect(gunzipSync(gz).equals(data)).toBe(true);
    }
  });
});

describe('incompressible data test', () => {
  it.each([
    ['random bytes', randomBytes(16 << 10), true],
    [
      'gzip output',
      gzipSync(randomBytes(40_000).toString('hex'), { level: 9 }).subarray(0, 16 << 10),
      true,
    ],
    ['python source', TEXT.subarray(0, 16 << 10), false],
    ['zeros', Buffer.alloc(16 << 10), false],
    ['float32 ramp', Buffer.from(new Float32Array(4096).map((_, i) => i / 7).buffer), false],
    ['nothing', Buffer.alloc(0), false],
  ])('%s', (_name, sample, expected) => {
    expect(looksIncompressible(sample)).toBe(expected);
  });
});
