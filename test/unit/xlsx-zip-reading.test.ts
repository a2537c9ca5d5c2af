import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { column, headerText, KINDS } from '../../server/registry/import/columns';
import { readImportFile } from '../../server/registry/import/read-file';
import { exampleRows } from '../../server/registry/import/template';
import { assertSafeZip, openCheckedZip } from '../../server/platform/files/zip-guard';
import { xlsxWriter } from '../../server/platform/files/register-writer';
import { DomainError, ValidationError } from '../../server/kernel/errors';
import { bombSheet, craftZip, watchUnpacking, workbookParts } from '../helpers/crafted-zip';

// An .xlsx is read by its central directory, and only the entries listed there are unpacked
// (server/platform/files/zip-guard.ts, xlsx-reader.ts). exceljs's own streaming reader walked the
// local entries in file order: an entry missing from the directory was unpacked anyway (and a
// sheet before the shared strings went to a temporary file: 1.5 GB in /tmp from a 1.5 MB file),
// and a size that lied was unpacked whole. The files here are real zips, crafted byte by byte.

async function registerFile(): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (d: Buffer) => chunks.push(d));
  const w = await xlsxWriter(out, false);
  const rows = exampleRows('440205001001');
  for (const kind of KINDS) {
    await w.sheet(kind);
    for (const r of rows[kind]) await w.row(r);
  }
  await w.end();
  await finished(out);
  return Buffer.concat(chunks);
}

const member = ['44020510020100001', '张三', '户主', '440205198001010011'];
const header = (['householdCode', 'name', 'relation', 'idNumber'] as const).map((k) => headerText(column(k)));
const codeOf = (e: unknown) => (e instanceof DomainError ? e.code : e instanceof ValidationError ? e.fields.file?.code : String(e));

describe('Reading an .xlsx import file: only what the central directory lists, never more than it declares', () => {
  it('when an entry is hidden between the local entries but missing from the central directory, then the file is refused with a clear reason and nothing of it is unpacked', async () => {
    const parts = workbookParts([header, member]);
    const hidden = { name: 'xl/worksheets/sheet9.xml', data: bombSheet(64), hidden: true };
    const file = craftZip([parts[0], hidden, ...parts.slice(1)]);
    assert.ok(file.length < 1024 * 1024, `a small file (${file.length} bytes) hiding 64 MB`);
    const read = await watchUnpacking(() => readImportFile(file, 'xlsx'));
    assert.equal(codeOf(read.result), 'upload.hiddenData');
    assert.ok(read.inflated < 64 * 1024, `nothing of the hidden entry unpacked (${read.inflated} bytes in all)`);
    assert.equal(read.tempFiles, 0, 'and no temporary file');
    await assert.rejects(assertSafeZip(file), (e) => codeOf(e) === 'upload.hiddenData', 'the guard at upload refuses it too');
  });

  it('when an entry unpacks to far more than it declares, then the reader itself stops at the declared size', async () => {
    const parts = workbookParts([header, member]);
    const file = craftZip([...parts.slice(0, 3), { name: 'xl/worksheets/sheet1.xml', data: bombSheet(40), declared: 4096 }]);
    const read = await watchUnpacking(() => readImportFile(file, 'xlsx'));
    assert.equal(codeOf(read.result), 'upload.unpacked');
    assert.ok(read.inflated < 2 * 1024 * 1024, `stopped while unpacking, not after (${read.inflated} bytes unpacked of 40 MB)`);
  });

  it('when entries overlap, or bytes follow the last entry before the directory, then the file is refused', async () => {
    const parts = workbookParts([header, member]);
    const tail = craftZip([...parts, { name: 'junk.bin', data: Buffer.alloc(1000, 1), hidden: true }]);
    await assert.rejects(openCheckedZip(tail), (e) => codeOf(e) === 'upload.hiddenData');
    const twice = craftZip(parts);
    // The second directory record points at the first entry: two names, one set of bytes.
    const cd = twice.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const second = twice.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), cd + 4);
    twice.writeUInt32LE(0, second + 42);
    await assert.rejects(openCheckedZip(twice), (e) => ['upload.hiddenData', 'upload.unreadable'].includes(codeOf(e)!));
  });

  it('when a normal workbook is read, including one whose sheets come before its shared strings (as Excel and exceljs write them), then every row is there and nothing goes to a temporary file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('成员');
    ws.addRow(header);
    for (let i = 0; i < 300; i++) ws.addRow([`4402051002010${String(i).padStart(4, '0')}`, `姓名${i}`, '户主', '']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const names = (await openCheckedZip(file)).entries.map((e) => e.fileName);
    assert.ok(names.indexOf('xl/worksheets/sheet1.xml') < names.indexOf('xl/sharedStrings.xml'), 'the sheet comes first in this file');
    const read = await watchUnpacking(() => readImportFile(file, 'xlsx'));
    assert.ok(!(read.result instanceof Error), String(read.result));
    assert.equal((read.result as Awaited<ReturnType<typeof readImportFile>>).rows.length, 300);
    assert.equal(read.tempFiles, 0);
    const crafted = await readImportFile(craftZip(workbookParts([header, member])), 'xlsx');
    assert.deepEqual(
      crafted.rows.map((r) => r.cells.name),
      ['张三'],
    );
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
