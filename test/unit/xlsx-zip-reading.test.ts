import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { once } from 'node:events';
import { PassThrough, type Duplex } from 'node:stream';
import { finished } from 'node:stream/promises';
import { KINDS } from '../../server/domain/import/columns';
import { readImportFile } from '../../server/domain/import/read-file';
import { exampleRows } from '../../server/domain/import/template';
import { zipEntries } from '../../server/domain/import/zip-guard';
import { xlsxWriter } from '../../server/domain/register-writer';

// exceljs reads an .xlsx as a stream of zip entries from unzipper's Parse. Unpatched, Parse
// announced its end as soon as its input was used up, while entries still waited to be read;
// under load the reader then stopped early and a good import file came back "unreadable"
// (about 4 % of reads with the CPU busy, seen failing in CI). patches/unzipper+0.10.14.patch
// ends the stream only once every entry has been read; these tests hold it to that.

const require = createRequire(import.meta.url);
type Entry = { path: string; autodrain: () => void };
const { Parse } = require('unzipper') as { Parse: (o: { forceStream: boolean }) => Duplex };

async function registerFile(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  const w = xlsxWriter(out, false);
  const rows = exampleRows('440205001001');
  for (const kind of KINDS) {
    await w.sheet(kind);
    for (const r of rows[kind]) await w.row(r);
  }
  await w.end();
  await finished(out);
  return Buffer.concat(chunks);
}

describe('Reading an .xlsx import file whole (the zip reader under exceljs)', () => {
  it('when the zip parser has used up its input before anyone reads its entries, then it ends only after every entry has been read', async () => {
    const buf = await registerFile();
    const names = zipEntries(buf).map((e) => e.name);
    const zip = Parse({ forceStream: true });
    const read: string[] = [];
    let readWhenEnded = -1;
    zip.on('end', () => { readWhenEnded = read.length; });
    const closed = once(zip, 'close');
    zip.end(buf);
    await closed; // the whole file is parsed; no entry has been taken yet (a slow reader, as under load)
    assert.equal(readWhenEnded, -1, 'no end while entries wait to be read');
    zip.on('data', (e: Entry) => { read.push(e.path); e.autodrain(); });
    await once(zip, 'end');
    assert.deepEqual(read, names);
    assert.equal(readWhenEnded, names.length);
  });

  it('when the same register file is read many times in a row, then every read finds all four sheets and their rows', async () => {
    const buf = await registerFile();
    const rows = exampleRows('440205001001');
    const expected = KINDS.reduce((n, k) => n + rows[k].length, 0);
    for (let i = 0; i < 40; i++) {
      const r = await readImportFile(buf, 'xlsx');
      assert.equal(r.sheets.length, 4, `read ${i}: sheets ${r.sheets}`);
      assert.equal(r.rows.length, expected, `read ${i}`);
    }
  });
});
