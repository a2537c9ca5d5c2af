import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { csvColumns, headerText, sheetColumns, sheetName, type Column, type ColKey, type Kind } from '../../registry/import/columns';
import { excel } from './excel';

export type SheetRow = Partial<Record<ColKey, string | number | null | undefined>>;
export type RegisterWriter = {
  sheet(kind: Kind): Promise<void>;
  row(values: SheetRow): Promise<void>;
  end(): Promise<void>;
};

/**
 * Spreadsheet programs run a cell that starts with = + - @ (or a tab or CR before one) as a
 * formula: such text gets a leading apostrophe, which shows it as the text it is.
 */
export function neutralise(v: string | number | null | undefined): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return v;
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** CSV kind cell: the Chinese word the template uses (the code and English are accepted too). */
export const KIND_WORD: Record<Kind, string> = { member: '成员', land_parcel: '地块', homestead: '宅基地', shares: '股权' };

/** Waits when the client reads slower than we write, so memory stays flat for any size. */
async function drained(out: Writable): Promise<void> {
  if (out.writableNeedDrain && !out.destroyed) await Promise.race([once(out, 'drain'), once(out, 'close')]);
}

/** XLSX, streamed: one sheet per kind, rows committed as they come. Digit columns are text, so Excel keeps ID numbers whole. */
export async function xlsxWriter(out: Writable, withExportOnly: boolean): Promise<RegisterWriter> {
  const wb = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  let ws: ExcelJS.Worksheet | null = null;
  let cols: Column[] = [];
  let n = 0;
  return {
    async sheet(kind) {
      ws?.commit();
      cols = sheetColumns(kind, withExportOnly);
      ws = wb.addWorksheet(sheetName(kind), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = cols.map((c) => ({ key: c.key, width: Math.max(12, headerText(c).length + 4), style: c.digits ? { numFmt: '@' } : {} }));
      ws.addRow(cols.map(headerText)).commit();
    },
    async row(values) {
      ws!.addRow(cols.map((c) => neutralise(values[c.key]))).commit();
      if (++n % 500 === 0) await drained(out);
    },
    async end() {
      ws?.commit();
      await wb.commit();
    },
  };
}

/** CSV, streamed: a UTF-8 BOM so Excel reads the Chinese right, one 类型 column for the kind. */
export function csvWriter(out: Writable, withExportOnly: boolean): RegisterWriter {
  const cols = csvColumns(withExportOnly);
  const s = stringify({ bom: true, record_delimiter: '\r\n' });
  s.pipe(out);
  let kind: Kind = 'member';
  const write = async (record: (string | number)[]) => {
    if (!s.write(record) && !out.destroyed) await Promise.race([once(s, 'drain'), once(out, 'close')]);
  };
  let started = false;
  return {
    async sheet(k) {
      kind = k;
      if (!started) {
        started = true;
        await write(cols.map(headerText));
      }
    },
    async row(values) {
      await write(cols.map((c) => (c.key === 'kind' ? KIND_WORD[kind] : c.kinds.includes(kind) ? neutralise(values[c.key]) : '')));
      await drained(out);
    },
    async end() {
      if (!started) await write(cols.map(headerText));
      s.end();
      if (!out.writableFinished && !out.destroyed) await Promise.race([once(out, 'finish'), once(out, 'close')]).catch(() => undefined);
    },
  };
}
