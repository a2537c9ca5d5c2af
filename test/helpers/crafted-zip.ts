import { createRequire } from 'node:module';
import zlib, { deflateRawSync } from 'node:zlib';

// Real zip files, written byte by byte, for the attacks a zip library would never write: an entry
// its central directory does not list, or a size that lies. Deflated (method 8), CRC left 0
// (no reader here checks it, and the attacks do not depend on it).

export type Part = { name: string; data: Buffer; declared?: number; hidden?: boolean };

/** A zip of `parts` in order; a hidden part has a local entry but no central directory record. */
export function craftZip(parts: Part[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const data = deflateRawSync(p.data, { level: 9 });
    const name = Buffer.from(p.name);
    const size = p.declared ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, data);
    if (!p.hidden) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(8, 10);
      c.writeUInt32LE(data.length, 20);
      c.writeUInt32LE(size, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(offset, 42);
      centrals.push(c, name);
    }
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The parts of a one-sheet workbook (成员 sheet, inline strings) with `rows` member rows. */
export function workbookParts(rows: string[][]): Part[] {
  const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cells = (r: string[], n: number) =>
    r.map((v, i) => `<c r="${String.fromCharCode(65 + i)}${n}" t="inlineStr"><is><t>${x(v)}</t></is></c>`).join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${cells(r, i + 1)}</row>`).join('')}</sheetData></worksheet>`;
  return [
    {
      name: '[Content_Types].xml',
      data: Buffer.from('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="成员" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
  ];
}

/** A sheet that unpacks to `mb` megabytes of one cell: a bomb in earnest. */
export const bombSheet = (mb: number) =>
  Buffer.concat([Buffer.from('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'), Buffer.alloc(mb * 1024 * 1024, 0x41)]);

/**
 * Counts what is unpacked while `run` runs: every raw inflater (zip readers' way to unpack) and
 * every temporary file exceljs's own reader would create. Restored afterwards.
 */
export async function watchUnpacking<T>(run: () => Promise<T>): Promise<{ result: T | Error; inflated: number; tempFiles: number }> {
  const tmp = createRequire(import.meta.url)('tmp') as { file: (...a: unknown[]) => unknown };
  const [createInflateRaw, tmpFile] = [zlib.createInflateRaw, tmp.file];
  let inflated = 0,
    tempFiles = 0;
  // Counted where the inflater hands its output on, without changing how it flows.
  const counting = (o?: zlib.ZlibOptions) => {
    const z = createInflateRaw(o);
    const push = z.push.bind(z);
    z.push = (chunk: Buffer | null) => {
      inflated += chunk?.length ?? 0;
      return push(chunk);
    };
    return z;
  };
  const setInflate = (f: typeof createInflateRaw) => Object.defineProperty(zlib, 'createInflateRaw', { value: f, configurable: true });
  setInflate(counting as typeof createInflateRaw);
  tmp.file = (...a: unknown[]) => {
    tempFiles++;
    return tmpFile(...a);
  };
  try {
    return { result: await run().catch((e: Error) => e), inflated, tempFiles };
  } finally {
    setInflate(createInflateRaw);
    tmp.file = tmpFile;
  }
}
