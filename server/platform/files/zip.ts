import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { detailOf, FileError } from './file-error';
import { decodeText } from './text';

// The one place that unpacks a zip, so that it can be swapped for the hardened reader another
// change is building. yauzl reads the central directory only (never scans for local headers,
// so no hidden entries), checks each entry's real unpacked size against what the directory
// declares, and we stop every stream as soon as the totals pass the limits: a zip bomb costs
// at most `maxTotalBytes` of work and memory, whatever it declares.

export type ZipLimits = {
  maxEntries: number;
  /** Sum of the unpacked bytes of the entries read. */
  maxTotalBytes: number;
  /** Unpacked / packed for one entry of more than 1 MB. Shapefile .dbf padding packs ~100:1, deflate cannot exceed ~1032:1. */
  maxRatio: number;
};

/** A township's package (≈ 2,000 households, 10,000 parcels) is 50–100 MB unpacked; leave room for a county's. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5_000, maxTotalBytes: 1024 * 1024 * 1024, maxRatio: 500 };

export type ZipEntryInfo = { name: string; size: number; packed: number };
export type ZipContents = { entries: ZipEntryInfo[]; files: Map<string, Buffer> };

const MB = 1024 * 1024;

/** Lists every entry and unpacks those `wanted` picks (by full path inside the archive). */
export async function readZip(
  buf: Buffer,
  label: string,
  wanted: (name: string) => boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): Promise<ZipContents> {
  const zip = await open(buf, label);
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new FileError('zip.tooManyEntries', { file: label, count: zip.entryCount, max: limits.maxEntries });
    const all = await listEntries(zip, label);
    const picked = all.filter((e) => !nameOf(e).endsWith('/') && wanted(nameOf(e)));
    const declared = picked.reduce((s, e) => s + e.uncompressedSize, 0);
    if (declared > limits.maxTotalBytes) throw tooLarge(label, limits);
    for (const e of picked) {
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (e.uncompressedSize > MB && ratio > limits.maxRatio)
        throw new FileError('zip.ratio', { file: label, entry: nameOf(e), ratio: Math.round(ratio) });
    }
    const files = new Map<string, Buffer>();
    let budget = limits.maxTotalBytes;
    for (const e of picked) {
      const data = await readEntry(zip, e, label, budget, limits);
      budget -= data.length;
      files.set(nameOf(e), data);
    }
    return { entries: all.map((e) => ({ name: nameOf(e), size: e.uncompressedSize, packed: e.compressedSize })), files };
  } finally {
    zip.close();
  }
}

/**
 * Entry names made on Chinese Windows are GBK without the UTF-8 flag (bit 11). yauzl's own
 * decoding (CP437) would garble them, and 116 common GBK characters end in the byte of "\"
 * (乗, 俓 …), which it turns into "/": names are decoded here from the raw bytes instead.
 * Entries are never written to disk, only matched by name, so no path check is needed.
 */
function nameOf(e: Entry): string {
  const raw = e.fileNameRaw;
  return (e.generalPurposeBitFlag & 0x800) !== 0 ? Buffer.from(raw).toString('utf8') : decodeText(raw);
}

function tooLarge(label: string, limits: ZipLimits): FileError {
  return new FileError('zip.tooLarge', { file: label, max: `${Math.round(limits.maxTotalBytes / MB)} MB` });
}

function open(buf: Buffer, label: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, decodeStrings: false }, (err, zip) => {
      if (err || !zip) reject(new FileError('zip.unreadable', { file: label, detail: detailOf(err) }));
      else resolve(zip);
    });
  });
}

function listEntries(zip: ZipFile, label: string): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const out: Entry[] = [];
    zip.on('entry', (e: Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', (err) => reject(new FileError('zip.unreadable', { file: label, detail: detailOf(err) })));
    zip.readEntry();
  });
}

function readEntry(zip: ZipFile, e: Entry, label: string, budget: number, limits: ZipLimits): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(e, (err, stream) => {
      if (err || !stream) {
        reject(new FileError('zip.unreadable', { file: label, detail: detailOf(err) }));
        return;
      }
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on('data', (c: Buffer) => {
        n += c.length;
        if (n > budget) {
          stream.destroy();
          reject(tooLarge(label, limits));
          return;
        }
        chunks.push(c);
      });
      stream.on('error', (e2) => reject(new FileError('zip.unreadable', { file: label, detail: detailOf(e2) })));
      stream.on('end', () => resolve(Buffer.concat(chunks, n)));
    });
  });
}
