// Installable `py3-none-any` wheels of a chosen size, to stand in for heavy ML dependencies.
// The payload is an AES-CTR keystream keyed by name and version: incompressible (so registry
// pushes and layer sizes are honest) and reproducible (same spec, same bytes, same hash).
import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { crc32, deflateRawSync } from 'node:zlib';

const CHUNK = 1 << 20;

/** `nvidia-cudnn-cu12` → `nvidia_cudnn_cu12`: the spelling of wheel file names and .dist-info folders. */
export function distributionName(name) {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

export function wheelFilename(name, version) {
  return `${distributionName(name)}-${version}-py3-none-any.whl`;
}

/** Incompressible, reproducible bytes in 1 MiB chunks. */
export function* fillerChunks(seed, size) {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(CHUNK);
  for (let left = size; left > 0; left -= CHUNK) {
    yield cipher.update(left >= CHUNK ? zeros : zeros.subarray(0, left));
  }
}

/**
 * Writes `<dir>/<name>-<version>-py3-none-any.whl` unless a file of that name already exists
 * (the bytes are deterministic, so an existing one is the same wheel). Returns its path and size.
 */
export async function ensureWheel(dir, { name, version, sizeBytes }) {
  await mkdir(dir, { recursive: true });
  const path = join(dir, wheelFilename(name, version));
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isFile()) return { path, size: existing.size, name, version };
  await writeWheel(path, { name, version, sizeBytes });
  return { path, size: (await stat(path)).size, name, version };
}

async function writeWheel(path, { name, version, sizeBytes }) {
  const module = distributionName(name);
  const distInfo = `${distributionName(name)}-${version}.dist-info`;
  const record = [];
  const handle = await open(`${path}.partial`, 'w');
  try {
    const zip = new ZipWriter(handle);
    const small = [
      [
        `${module}/__init__.py`,
        `"""${name} ${version} (generated stand-in package)."""\n__version__ = ${JSON.stringify(version)}\n`,
      ],
    ];
    for (const [entry, text] of small) {
      const data = Buffer.from(text);
      await zip.addDeflated(entry, data);
      record.push(`${entry},sha256=${sha256b64(data)},${data.length}`);
    }
    if (sizeBytes > 0) {
      const entry = `${module}/_payload.bin`;
      const hash = createHash('sha256');
      await zip.addStored(entry, fillerChunks(`${name}==${version}`, sizeBytes), (chunk) =>
        hash.update(chunk),
      );
      record.push(`${entry},sha256=${hash.digest('base64url')},${sizeBytes}`);
    }
    const metadata = Buffer.from(
      `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: generated stand-in\n\n`,
    );
    const wheel = Buffer.from(
      'Wheel-Version: 1.0\nGenerator: launch-action-bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    );
    for (const [entry, data] of [
      [`${distInfo}/METADATA`, metadata],
      [`${distInfo}/WHEEL`, wheel],
    ]) {
      await zip.addDeflated(entry, data);
      record.push(`${entry},sha256=${sha256b64(data)},${data.length}`);
    }
    record.push(`${distInfo}/RECORD,,`);
    await zip.addDeflated(`${distInfo}/RECORD`, Buffer.from(`${record.join('\n')}\n`));
    await zip.finish();
  } finally {
    await handle.close();
  }
  await rename(`${path}.partial`, path);
}

function sha256b64(data) {
  return createHash('sha256').update(data).digest('base64url');
}

// A minimal zip writer (no zip64: below 4 GiB), enough for wheels. Fixed timestamps.
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

class ZipWriter {
  constructor(file) {
    this.file = file;
    this.offset = 0;
    this.entries = [];
  }

  async addDeflated(name, data) {
    const compressed = deflateRawSync(data);
    const entry = {
      name: Buffer.from(name),
      method: 8,
      crc: crc32(data),
      compressedSize: compressed.length,
      size: data.length,
      offset: this.offset,
    };
    await this.write(header(entry, false));
    await this.write(compressed);
    this.entries.push(entry);
  }

  /** Streams a large entry stored as is; its local header is rewritten once the CRC is known. */
  async addStored(name, chunks, onChunk) {
    const entry = {
      name: Buffer.from(name),
      method: 0,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.offset,
    };
    await this.write(header(entry, false));
    for (const chunk of chunks) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.length;
      onChunk(chunk);
      await this.write(chunk);
    }
    entry.compressedSize = entry.size;
    const local = header(entry, false);
    await this.file.write(local, 0, local.length, entry.offset);
    this.entries.push(entry);
  }

  async finish() {
    const start = this.offset;
    for (const entry of this.entries) await this.write(header(entry, true));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
  }

  async write(data) {
    if (this.offset + data.length > 0xffffffff) throw new Error('wheel above 4 GiB (no zip64)');
    await this.file.write(data, 0, data.length, this.offset);
    this.offset += data.length;
  }
}

/** A local file header, or (central) a central directory entry. */
function header(entry, central) {
  const fixed = central ? 46 : 30;
  const out = Buffer.alloc(fixed + entry.name.length);
  let at = 0;
  out.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, at);
  at += 4;
  if (central) {
    out.writeUInt16LE((3 << 8) | 20, at); // made by Unix, zip 2.0
    at += 2;
  }
  out.writeUInt16LE(20, at); // version needed
  out.writeUInt16LE(0x0800, at + 2); // UTF-8 names
  out.writeUInt16LE(entry.method, at + 4);
  out.writeUInt16LE(0, at + 6); // time
  out.writeUInt16LE(DOS_DATE, at + 8);
  out.writeUInt32LE(entry.crc >>> 0, at + 10);
  out.writeUInt32LE(entry.compressedSize, at + 14);
  out.writeUInt32LE(entry.size, at + 18);
  out.writeUInt16LE(entry.name.length, at + 22);
  if (central) {
    out.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
    out.writeUInt32LE(entry.offset, 42);
  }
  entry.name.copy(out, fixed);
  return out;
}
