import { createInflateRaw } from 'node:zlib';
import { ValidationError } from '../../errors';

// An .xlsx is a zip archive, and a zip can unpack to far more than it weighs: a few hundred
// kilobytes of repeated text can become gigabytes (a "zip bomb"), which the spreadsheet reader
// would try to hold. Before any parsing, the archive's directory is read and every entry is
// unpacked once into nothing, counting bytes: too many entries, a total over MAX_UNPACKED, an
// entry that unpacks to more than it declares, or a suspicious compression ratio refuses the
// file. A 200,000-row register (MAX_ROWS) unpacks to well under MAX_UNPACKED.

export const MAX_UNPACKED = 400 * 1024 * 1024;
export const MAX_UNPACKED_LABEL = '400 MB';
export const MAX_ENTRIES = 1000;
/** Spreadsheet XML compresses about 5–30 times; far beyond that is padding, not data. */
export const MAX_RATIO = 200;
const RATIO_FROM = 1024 * 1024;

type Entry = { name: string; method: number; compressed: number; size: number; offset: number };

const refuse = () => new ValidationError({ file: { code: 'upload.unpacked', params: { max: MAX_UNPACKED_LABEL } } });
const unreadable = () => new ValidationError({ file: { code: 'upload.unreadable' } });

/** The archive's central directory (no ZIP64: a file under the upload limit never needs it). */
export function zipEntries(buf: Buffer): Entry[] {
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw unreadable();
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  if (count > MAX_ENTRIES) throw refuse();
  const out: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw unreadable();
    const e = {
      method: buf.readUInt16LE(at + 10), compressed: buf.readUInt32LE(at + 20), size: buf.readUInt32LE(at + 24),
      name: buf.toString('utf8', at + 46, at + 46 + buf.readUInt16LE(at + 28)), offset: buf.readUInt32LE(at + 42),
    };
    if (e.compressed === 0xffffffff || e.size === 0xffffffff || e.offset === 0xffffffff) throw refuse();
    out.push(e);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** Unpacks one entry into nothing; rejects as soon as it passes `limit` bytes. */
function unpackedSize(data: Buffer, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const z = createInflateRaw();
    let n = 0;
    z.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > limit) { z.destroy(); reject(refuse()); }
    });
    z.on('error', () => reject(unreadable()));
    z.on('end', () => resolve(n));
    z.end(data);
  });
}

/** Refuses an archive that would unpack to too much; checks what it declares and what it does. */
export async function assertSafeZip(buf: Buffer): Promise<void> {
  const entries = zipEntries(buf);
  let budget = MAX_UNPACKED;
  const declared = entries.reduce((s, e) => s + e.size, 0);
  if (declared > MAX_UNPACKED) throw refuse();
  for (const e of entries) {
    if (e.size > RATIO_FROM && e.size / Math.max(e.compressed, 1) > MAX_RATIO) throw refuse();
    if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50) throw unreadable();
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    const data = buf.subarray(start, start + e.compressed);
    if (data.length !== e.compressed) throw unreadable();
    if (e.method === 0) {
      if (e.size !== e.compressed) throw unreadable();
      budget -= e.size;
    } else if (e.method === 8) {
      // The declared size may lie: the entry may unpack to no more than it says, nor past the total.
      budget -= await unpackedSize(data, Math.min(e.size, budget));
    } else {
      throw unreadable();
    }
    if (budget < 0) throw refuse();
  }
}
