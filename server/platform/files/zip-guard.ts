import { PassThrough, type Readable } from 'node:stream';
import yauzl, { type Entry } from 'yauzl';
import { DomainError, ValidationError } from '../../kernel/errors';

// An .xlsx is a zip archive, and a zip can unpack to far more than it weighs (a "zip bomb").
// The archive is opened by its central directory (yauzl), and only the entries listed there
// are ever unpacked: a streaming reader that walks the local entries in file order would also
// unpack one hidden between them, which no check saw (issue 13: 1.5 GB written to /tmp from a
// 1.5 MB file). So an archive whose entries do not fill the space before the directory exactly,
// one after the other, is refused as well. Before anything is unpacked: at most MAX_ENTRIES,
// declared sizes adding up to at most MAX_UNPACKED, no entry compressed suspiciously well. While
// unpacking, yauzl stops an entry the moment it passes its declared size, so the total stays
// under MAX_UNPACKED however the sizes lie. A 200,000-row register (MAX_ROWS) is well under it.

export const MAX_UNPACKED = 400 * 1024 * 1024;
export const MAX_UNPACKED_LABEL = '400 MB';
export const MAX_ENTRIES = 1000;
/** Spreadsheet XML compresses about 5–30 times; far beyond that is padding, not data. */
export const MAX_RATIO = 200;
const RATIO_FROM = 1024 * 1024;

const refuse = () => new ValidationError({ file: { code: 'upload.unpacked', params: { max: MAX_UNPACKED_LABEL } } });
const unreadable = () => new ValidationError({ file: { code: 'upload.unreadable' } });
const hidden = () => new ValidationError({ file: { code: 'upload.hiddenData' } });

export type CheckedZip = {
  /** The directory's entries, in its order; names are unique. */
  entries: Entry[];
  get(name: string): Entry | undefined;
  /** The entry unpacked, ending in an error (upload.unpacked) if it unpacks to more than it declares. */
  open(entry: Entry): Promise<Readable>;
};

/** Where the central directory starts (no ZIP64: a file under the upload limit never needs it). */
function directoryStart(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      const at = buf.readUInt32LE(i + 16);
      if (at === 0xffffffff) throw refuse();
      return at;
    }
  }
  throw unreadable();
}

/** Refuses bytes before, between or after the listed entries, and entries that overlap. */
function assertNothingHidden(buf: Buffer, entries: Entry[]): void {
  let at = 0;
  for (const e of [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader)) {
    if (e.relativeOffsetOfLocalHeader !== at) throw hidden();
    if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw unreadable();
    at += 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28) + e.compressedSize;
    // A data descriptor after the data (general purpose flag bit 3), with or without its signature.
    if (e.generalPurposeBitFlag & 0x08) at += at + 4 <= buf.length && buf.readUInt32LE(at) === 0x08074b50 ? 16 : 12;
  }
  if (at !== directoryStart(buf)) throw hidden();
}

/** Opens an archive by its central directory and checks what it declares; nothing is unpacked yet. */
export async function openCheckedZip(buf: Buffer): Promise<CheckedZip> {
  const entries: Entry[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true });
    if (zip.entryCount > MAX_ENTRIES) throw refuse();
    for await (const e of zip.eachEntry()) entries.push(e);
  } catch (err) {
    throw err instanceof ValidationError ? err : unreadable();
  }
  const names = new Map(entries.map((e) => [e.fileName, e]));
  if (names.size !== entries.length || entries.some((e) => e.isEncrypted() || !e.canDecodeFileData())) throw unreadable();
  if (entries.reduce((s, e) => s + e.uncompressedSize, 0) > MAX_UNPACKED) throw refuse();
  if (entries.some((e) => e.uncompressedSize > RATIO_FROM && e.uncompressedSize / Math.max(e.compressedSize, 1) > MAX_RATIO))
    throw refuse();
  assertNothingHidden(buf, entries);
  return {
    entries,
    get: (name) => names.get(name),
    async open(entry) {
      const s = await zip.openReadStreamPromise(entry).catch(() => {
        throw unreadable();
      });
      // yauzl's own error when an entry passes its declared size, told as what it is.
      const tell = (err: Error) =>
        /too many bytes/.test(err.message) ? new DomainError('upload.unpacked', { max: MAX_UNPACKED_LABEL }, 'file') : err;
      const out = s.pipe(new PassThrough());
      s.on('error', (err) => out.destroy(tell(err)));
      return out;
    },
  };
}

/** Unpacks every entry once into nothing, so a bomb is refused at upload, before any job starts. */
export async function assertSafeZip(buf: Buffer): Promise<void> {
  const zip = await openCheckedZip(buf);
  for (const e of zip.entries) {
    try {
      for await (const chunk of await zip.open(e)) void chunk;
    } catch (err) {
      throw err instanceof DomainError && err.code === 'upload.unpacked' ? refuse() : err instanceof ValidationError ? err : unreadable();
    }
  }
}
