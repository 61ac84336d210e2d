import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** A pure-Python package to generate as a `py3-none-any` wheel. */
export interface WheelSpec {
  /** Project name as users write it, e.g. `torch-like`. */
  name: string;
  version: string;
  /** Size of an incompressible data file inside the package, to stand in for heavy ML wheels. */
  sizeBytes?: number;
  /** `Requires-Dist` lines, e.g. `['numpy-like>=1.0']`. */
  dependencies?: string[];
  requiresPython?: string;
  /** Import name; default: the project name with `-`/`.` turned into `_`. */
  module?: string;
  /** Extra files (path inside the wheel → content); replaces the generated module file on clash. */
  files?: Record<string, string | Buffer>;
  /** Console scripts (`name` → `module:function`), written to entry_points.txt. */
  consoleScripts?: Record<string, string>;
  /**
   * The compatibility tag, e.g. `cp310-cp310-manylinux_2_17_x86_64` for a wheel that pip installs
   * only on CPython 3.10 (the content stays pure Python). Default `py3-none-any`.
   */
  tag?: string;
}

export interface Wheel {
  path: string;
  filename: string;
  /** Hex sha256 of the wheel file. */
  sha256: string;
  size: number;
  module: string;
}

/** The `name_version` spelling of wheel file names and .dist-info folders (PEP 427/491). */
export function wheelDistributionName(name: string): string {
  return name.replace(/[-_.]+/g, '_').toLowerCase();
}

export function wheelFilename(name: string, version: string, tag = 'py3-none-any'): string {
  return `${wheelDistributionName(name)}-${version}-${tag}.whl`;
}

/**
 * Writes a valid wheel into `dir`: the module, `METADATA`, `WHEEL` and a `RECORD` with the sha256
 * of every file. The bytes depend only on the spec (fixed timestamps, filler from a cipher keyed
 * by name and version), so regenerating a wheel gives the same file and the same hash.
 */
export async function makeWheel(dir: string, spec: WheelSpec): Promise<Wheel> {
  const module = spec.module ?? spec.name.replace(/[-.]+/g, '_').toLowerCase();
  const distInfo = `${wheelDistributionName(spec.name)}-${spec.version}.dist-info`;
  const filename = wheelFilename(spec.name, spec.version, spec.tag);
  const files: Record<string, string | Buffer> = {
    [`${module}/__init__.py`]: initModule(spec),
    ...spec.files,
  };

  await mkdir(dir, { recursive: true });
  const path = join(dir, filename);
  const handle = await open(path, 'w');
  const record: string[] = [];
  try {
    const zip = new ZipWriter(handle);
    for (const [name, content] of Object.entries(files)) {
      const data = Buffer.from(content);
      await zip.addBuffer(name, data);
      record.push(recordLine(name, hashOf(data), data.length));
    }
    if (spec.sizeBytes !== undefined && spec.sizeBytes > 0) {
      const name = `${module}/_weights.bin`;
      const hash = createHash('sha256');
      const chunks = fillerChunks(`${spec.name}==${spec.version}`, spec.sizeBytes);
      await zip.addStored(name, chunks, (chunk) => hash.update(chunk));
      record.push(recordLine(name, hash.digest('base64url'), spec.sizeBytes));
    }
    if (spec.consoleScripts) {
      const entryPoints = Buffer.from(
        `[console_scripts]\n${Object.entries(spec.consoleScripts)
          .map(([name, target]) => `${name} = ${target}\n`)
          .join('')}`,
      );
      await zip.addBuffer(`${distInfo}/entry_points.txt`, entryPoints);
      record.push(
        recordLine(`${distInfo}/entry_points.txt`, hashOf(entryPoints), entryPoints.length),
      );
    }
    const metadata = metadataFile(spec);
    const wheel = wheelFile(spec.tag ?? 'py3-none-any');
    await zip.addBuffer(`${distInfo}/METADATA`, metadata);
    record.push(recordLine(`${distInfo}/METADATA`, hashOf(metadata), metadata.length));
    await zip.addBuffer(`${distInfo}/WHEEL`, wheel);
    record.push(recordLine(`${distInfo}/WHEEL`, hashOf(wheel), wheel.length));
    record.push(`${distInfo}/RECORD,,`);
    await zip.addBuffer(`${distInfo}/RECORD`, Buffer.from(`${record.join('\n')}\n`));
    await zip.finish();
  } finally {
    await handle.close();
  }
  const { sha256, size } = await hashFile(path);
  return { path, filename, sha256, size, module };
}

function initModule(spec: WheelSpec): string {
  return [
    `"""${spec.name} ${spec.version}: a generated test package."""`,
    `__version__ = ${JSON.stringify(spec.version)}`,
    `NAME = ${JSON.stringify(spec.name)}`,
    '',
    '',
    'def hello():',
    `    return ${JSON.stringify(`${spec.name} ${spec.version}`)}`,
    '',
  ].join('\n');
}

function metadataFile(spec: WheelSpec): Buffer {
  const lines = [
    'Metadata-Version: 2.1',
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    `Summary: Generated test package ${spec.name}`,
  ];
  if (spec.requiresPython) lines.push(`Requires-Python: ${spec.requiresPython}`);
  for (const dependency of spec.dependencies ?? []) lines.push(`Requires-Dist: ${dependency}`);
  return Buffer.from(`${lines.join('\n')}\n\n`);
}

function wheelFile(tag: string): Buffer {
  const [python, abi, platform] = tag.split('-') as [string, string, string];
  const tags = python
    .split('.')
    .flatMap((p) =>
      abi.split('.').flatMap((a) => platform.split('.').map((t) => `Tag: ${p}-${a}-${t}\n`)),
    );
  const purelib = tag.endsWith('-none-any');
  return Buffer.from(
    `Wheel-Version: 1.0\nGenerator: launch-action-tests\nRoot-Is-Purelib: ${purelib}\n${tags.join('')}`,
  );
}

function recordLine(name: string, base64urlHash: string, size: number): string {
  return `${name},sha256=${base64urlHash},${size}`;
}

function hashOf(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}

async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(path, 'r');
  try {
    for await (const chunk of handle.createReadStream()) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), size };
}

const FILLER_CHUNK = 1 << 20;

/** Incompressible, reproducible bytes: AES-CTR keystream keyed by `seed` (GB/s, unlike a PRNG). */
function* fillerChunks(seed: string, size: number): Generator<Buffer> {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(FILLER_CHUNK);
  for (let left = size; left > 0; left -= FILLER_CHUNK) {
    yield cipher.update(left >= FILLER_CHUNK ? zeros : zeros.subarray(0, left));
  }
}

// ---------------------------------------------------------------------------------------------
// A minimal zip writer (no zip64: entries and archive below 4 GiB), enough for wheels.
// ---------------------------------------------------------------------------------------------

const ZIP_LIMIT = 0xffff_ffff;
// 2020-01-01 00:00:00 in MS-DOS format: fixed, so the archive bytes are reproducible.
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
const UTF8_FLAG = 0x0800;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

interface CentralEntry {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

class ZipWriter {
  private offset = 0;
  private readonly entries: CentralEntry[] = [];

  constructor(private readonly file: FileHandle) {}

  /** Adds a small file, deflated. */
  async addBuffer(name: string, data: Buffer): Promise<void> {
    const compressed = deflateRawSync(data, { level: 9 });
    const entry: CentralEntry = {
      name: Buffer.from(name),
      method: METHOD_DEFLATED,
      crc: crc32(data),
      compressedSize: compressed.length,
      size: data.length,
      offset: this.offset,
    };
    await this.write(localHeader(entry));
    await this.write(compressed);
    this.entries.push(entry);
  }

  /** Adds a large file stored as is, streamed; its header is filled in once the CRC is known. */
  async addStored(
    name: string,
    chunks: Iterable<Buffer>,
    onChunk: (chunk: Buffer) => void,
  ): Promise<void> {
    const entry: CentralEntry = {
      name: Buffer.from(name),
      method: METHOD_STORED,
      crc: 0,
      compressedSize: 0,
      size: 0,
      offset: this.offset,
    };
    await this.write(localHeader(entry));
    for (const chunk of chunks) {
      entry.crc = crc32(chunk, entry.crc);
      entry.size += chunk.length;
      onChunk(chunk);
      await this.write(chunk);
    }
    entry.compressedSize = entry.size;
    const header = localHeader(entry);
    await this.file.write(header, 0, header.length, entry.offset);
    this.entries.push(entry);
  }

  async finish(): Promise<void> {
    const centralOffset = this.offset;
    for (const entry of this.entries) await this.write(centralHeader(entry));
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - centralOffset, 12);
    end.writeUInt32LE(centralOffset, 16);
    await this.write(end);
  }

  private async write(data: Buffer): Promise<void> {
    if (this.offset + data.length > ZIP_LIMIT)
      throw new Error('wheel larger than 4 GiB (no zip64)');
    await this.file.write(data, 0, data.length, this.offset);
    this.offset += data.length;
  }
}

function localHeader(entry: CentralEntry): Buffer {
  const header = Buffer.alloc(30 + entry.name.length);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(UTF8_FLAG, 6);
  header.writeUInt16LE(entry.method, 8);
  header.writeUInt16LE(DOS_TIME, 10);
  header.writeUInt16LE(DOS_DATE, 12);
  header.writeUInt32LE(entry.crc >>> 0, 14);
  header.writeUInt32LE(entry.compressedSize, 18);
  header.writeUInt32LE(entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28);
  entry.name.copy(header, 30);
  return header;
}

function centralHeader(entry: CentralEntry): Buffer {
  const header = Buffer.alloc(46 + entry.name.length);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, zip 2.0
  header.writeUInt16LE(20, 6);
  header.writeUInt16LE(UTF8_FLAG, 8);
  header.writeUInt16LE(entry.method, 10);
  header.writeUInt16LE(DOS_TIME, 12);
  header.writeUInt16LE(DOS_DATE, 14);
  header.writeUInt32LE(entry.crc >>> 0, 16);
  header.writeUInt32LE(entry.compressedSize, 20);
  header.writeUInt32LE(entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  // extra length, comment length, disk number, internal attributes: all 0
  header.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
  header.writeUInt32LE(entry.offset, 42);
  entry.name.copy(header, 46);
  return header;
}
