/**
 * A tar writer that gives the same bytes for the same entries, wherever and whenever it runs:
 * POSIX ustar headers, a PAX record only for what ustar cannot hold (long or non-ASCII paths and
 * link targets, sizes of 8 GiB and more), no times but the given one, no user or group names.
 */

export type TarEntry =
  | { type: 'directory'; path: string; mode: number; uid: number; gid: number; mtime: number }
  | {
      type: 'file';
      path: string;
      mode: number;
      uid: number;
      gid: number;
      mtime: number;
      size: number;
    }
  | {
      type: 'symlink';
      path: string;
      target: string;
      mode: number;
      uid: number;
      gid: number;
      mtime: number;
    };

export const BLOCK = 512;
/** ustar's size field holds 11 octal digits: anything from 8 GiB needs a PAX `size` record. */
const MAX_OCTAL_SIZE = 0o77777777777;

/** The header block(s) of one entry; a file's content and padding follow it. */
export function entryHeader(entry: TarEntry): Buffer {
  const name = entry.type === 'directory' ? `${entry.path}/` : entry.path;
  const size = entry.type === 'file' ? entry.size : 0;
  const linkname = entry.type === 'symlink' ? entry.target : '';
  const pax: [string, string][] = [];
  if (!fitsUstar(name, 100)) pax.push(['path', name]);
  if (!fitsUstar(linkname, 100)) pax.push(['linkpath', linkname]);
  if (size > MAX_OCTAL_SIZE) pax.push(['size', String(size)]);
  const header = ustarHeader({
    name: fitsUstar(name, 100) ? name : paxFallbackName(name),
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    size: size > MAX_OCTAL_SIZE ? 0 : size,
    mtime: entry.mtime,
    typeflag: entry.type === 'file' ? '0' : entry.type === 'directory' ? '5' : '2',
    linkname: fitsUstar(linkname, 100) ? linkname : '',
  });
  if (pax.length === 0) return header;
  const records = Buffer.from(pax.map(([key, value]) => paxRecord(key, value)).join(''), 'utf8');
  const paxHeader = ustarHeader({
    name: paxFallbackName(`PaxHeaders/${name}`),
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: entry.mtime,
    typeflag: 'x',
    linkname: '',
  });
  return Buffer.concat([paxHeader, records, padding(records.length), header]);
}

/** Zero bytes that round `size` up to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Two zero blocks end an archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

interface UstarFields {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: string;
}

function ustarHeader(fields: UstarFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(fields.name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, fields.mode & 0o7777);
  writeOctal(block, 108, 8, fields.uid);
  writeOctal(block, 116, 8, fields.gid);
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  block.write(fields.typeflag, 156, 1, 'ascii');
  block.write(fields.linkname, 157, 100, 'utf8');
  block.write('ustar\u000000', 257, 8, 'ascii');
  // uname/gname stay empty: the numeric ids are the whole truth, whatever the machine's users.
  writeOctal(block, 329, 8, 0);
  writeOctal(block, 337, 8, 0);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function writeOctal(block: Buffer, offset: number, width: number, value: number) {
  block.write(`${value.toString(8).padStart(width - 1, '0')}\u0000`, offset, width, 'ascii');
}

/** ASCII and short enough for a ustar field (its last byte may be used: no NUL needed). */
function fitsUstar(text: string, width: number): boolean {
  // eslint-disable-next-line no-control-regex
  return text.length <= width && /^[\x01-\x7f]*$/.test(text);
}

/** What readers without PAX support see: the name cut to ASCII and 99 bytes, deterministically. */
function paxFallbackName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[^\x01-\x7f]/g, '_').slice(0, 99);
}

/** `"<length> <key>=<value>\n"` where length counts the whole record, its own digits included. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body);
  let digits = String(bodyLength).length;
  while (String(bodyLength + digits).length !== digits) digits += 1;
  return `${bodyLength + digits}${body}`;
}
