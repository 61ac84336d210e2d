/**
 * Reads a gzip'd tar (ustar, GNU long names, pax paths) that came from a pod, and writes its
 * regular files and directories under one directory. The archive is untrusted: a name that is
 * absolute or climbs out with `..` refuses the whole archive; links and devices are left out.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  type: 'file' | 'directory' | 'other';
  /** The tar type flag, for the message about a left-out entry. */
  flag: string;
  data: Buffer;
}

export class UnsafeArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeArchiveError';
  }
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const raw = header.subarray(start, start + length);
  // GNU base-256 for sizes over 8 GiB: the archives here are far smaller.
  if ((raw[0]! & 0x80) !== 0) throw new UnsafeArchiveError('an entry is larger than 8 GiB');
  const text = field(header, start, length).trim();
  const value = text === '' ? 0 : parseInt(text, 8);
  if (!Number.isFinite(value)) throw new UnsafeArchiveError('a tar header is corrupt');
  return value;
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === octal(header, 148, 8);
}

/** `path=` of a pax extended header (records are `<length> <key>=<value>\n`). */
function paxPath(data: Buffer): string | undefined {
  let offset = 0;
  let found: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = parseInt(data.subarray(offset, space).toString('ascii'), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    offset += length;
  }
  return found;
}

/** The entries of an uncompressed tar, in order. */
export function readTar(tar: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumOk(header)) throw new UnsafeArchiveError('a tar header checksum does not match');
    const size = octal(header, 124, 12);
    const flag = String.fromCharCode(header[156]!) || '0';
    const dataStart = offset + BLOCK;
    if (dataStart + size > tar.length) throw new UnsafeArchiveError('the archive is cut short');
    const data = tar.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L') {
      longName = field(data, 0, data.length);
      continue;
    }
    if (flag === 'x') {
      longName = paxPath(data) ?? longName;
      continue;
    }
    if (flag === 'g') continue;
    const prefix = header.subarray(257, 263).toString('ascii').startsWith('ustar')
      ? field(header, 345, 155)
      : '';
    const name =
      longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = undefined;
    const type =
      flag === '0' || flag === '\0' || flag === '7' ? 'file' : flag === '5' ? 'directory' : 'other';
    entries.push({ name, type, flag, data: type === 'file' ? data : Buffer.alloc(0) });
  }
  return entries;
}

/** The entry's path relative to the target, or an error for names that leave it. */
export function safeRelativePath(name: string): string {
  if (name.includes('\0'))
    throw new UnsafeArchiveError(`the entry ${JSON.stringify(name)} has a NUL byte`);
  if (path.posix.isAbsolute(name) || /^[A-Za-z]:/.test(name)) {
    throw new UnsafeArchiveError(`the entry ${JSON.stringify(name)} is an absolute path`);
  }
  if (name.split(/[\\/]/).includes('..')) {
    throw new UnsafeArchiveError(
      `the entry ${JSON.stringify(name)} climbs out of the outputs with ..`,
    );
  }
  return path.posix
    .normalize(name)
    .replace(/^(\.\/)+/, '')
    .replace(/\/$/, '');
}

export interface ExtractResult {
  files: number;
  bytes: number;
  /** Entries left out (links, devices), for a warning. */
  skipped: string[];
}

/**
 * Gunzips (at most `maxBytes` of tar) and writes the archive under `target`. Every name is checked
 * before anything is written, so a refused archive leaves nothing behind.
 */
export async function extractTarGz(
  gzipped: Buffer,
  target: string,
  maxBytes: number,
): Promise<ExtractResult> {
  let tar: Buffer;
  try {
    tar = gunzipSync(gzipped, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new UnsafeArchiveError(`the outputs unpack to more than ${maxBytes} bytes`);
    }
    throw new UnsafeArchiveError(
      `the outputs archive is not gzip (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const entries = readTar(tar);
  const planned = entries.map((entry) => ({ entry, relative: safeRelativePath(entry.name) }));
  const result: ExtractResult = { files: 0, bytes: 0, skipped: [] };
  await mkdir(target, { recursive: true });
  for (const { entry, relative } of planned) {
    if (relative === '' || relative === '.') continue;
    const destination = path.join(target, relative);
    if (entry.type === 'directory') {
      await mkdir(destination, { recursive: true });
    } else if (entry.type === 'file') {
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, entry.data);
      result.files++;
      result.bytes += entry.data.length;
    } else {
      result.skipped.push(`${relative} (tar type ${entry.flag})`);
    }
  }
  return result;
}
