import { parse as csvParse } from 'csv-parse';
import { Readable } from 'node:stream';
import { checkedWorkbookReader } from './xlsx-reader';
import { MAX_UNPACKED_LABEL, openCheckedZip } from './zip-guard';
import { DomainError, ValidationError } from '../../kernel/errors';
import { detailOf, FileError } from './file-error';
import { CHUNK_ROWS, fieldKey, type Cell, type TableChunk, type TableRow } from './table';
import { decodeText } from './text';

// The same tables exported as .xlsx (one sheet per table, or one file per table) or .csv (one
// file per table), with the field names in the first row. Both are read as streams: exceljs's
// part parsers never hold the workbook, csv-parse hands out records one by one.

/** Which table a sheet holds, from its name and its file's name; null skips the sheet. */
export type SheetTable = (sheet: string, file: string) => string | null;

type XlsxRow = { number: number; values: unknown[] };

export async function* readXlsxTables(buf: Buffer, file: string, tableOf: SheetTable, size = CHUNK_ROWS): AsyncGenerator<TableChunk> {
  try {
    // Only the entries its central directory lists, each stopped at its declared size: exceljs's
    // own parse walks the local entries and would unpack a hidden one (zip-guard.ts, xlsx-reader.ts).
    const wb = await checkedWorkbookReader(await openCheckedZip(buf), {
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    for await (const ws of wb as unknown as AsyncIterable<AsyncIterable<XlsxRow> & { name: string }>) {
      const table = tableOf(ws.name ?? '', file);
      let header: string[] | null = null;
      let rows: TableRow[] = [];
      // Every row is consumed, even of a skipped sheet: the streaming reader needs it to go on.
      for await (const r of ws) {
        if (!table) continue;
        const cells = (r.values as unknown[]).slice(1).map(xlsxValue);
        if (!header) {
          header = cells.map((c) => fieldKey(c === null ? '' : String(c)));
          continue;
        }
        const row = toRow(r.number, header, cells);
        if (row) rows.push(row);
        if (rows.length >= size) {
          yield { table, file, rows };
          rows = [];
        }
      }
      if (table && rows.length) yield { table, file, rows };
    }
  } catch (err) {
    if (err instanceof FileError) throw err;
    const code = err instanceof ValidationError ? err.fields.file?.code : err instanceof DomainError ? err.code : undefined;
    throw new FileError('xlsx.unreadable', { file, detail: code ? fileMessageOf(code) : detailOf(err) });
  }
}

/** The zip guard's refusals, told in the format layer's words (it has no i18n of its own for them). */
function fileMessageOf(code: string): string {
  return code === 'upload.unpacked'
    ? `unpacks to more than ${MAX_UNPACKED_LABEL} or is compressed suspiciously well`
    : code === 'upload.hiddenData'
      ? 'it holds data outside the entries its directory lists'
      : 'not a readable .xlsx file';
}

/** A CSV holds one table; UTF-8 (with or without BOM) or GBK, as Excel saves it on Chinese Windows. */
export async function* readCsvTable(buf: Buffer, file: string, table: string, size = CHUNK_ROWS): AsyncGenerator<TableChunk> {
  const parser = Readable.from([decodeText(buf)]).pipe(csvParse({ relax_column_count: true, info: true }));
  let header: string[] | null = null;
  let rows: TableRow[] = [];
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map(fieldKey);
        continue;
      }
      const row = toRow(info.lines, header, record);
      if (row) rows.push(row);
      if (rows.length >= size) {
        yield { table, file, rows };
        rows = [];
      }
    }
  } catch (err) {
    throw new FileError('csv.unreadable', { file, detail: detailOf(err) });
  }
  if (rows.length) yield { table, file, rows };
}

function toRow(number: number, header: string[], cells: Cell[]): TableRow | null {
  const values: Record<string, Cell> = {};
  let any = false;
  header.forEach((h, i) => {
    if (!h) return;
    const v = cells[i] ?? null;
    values[h] = typeof v === 'string' && v.trim() === '' ? null : v;
    if (values[h] !== null) any = true;
  });
  return any ? { row: number, values } : null;
}

/** exceljs gives formulas, rich text, hyperlinks and errors as objects: their plain value. */
function xlsxValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  const o = v as Record<string, unknown>;
  if ('result' in o) return xlsxValue(o.result);
  if ('error' in o) return null;
  if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((p) => p.text ?? '').join('');
  if ('text' in o) return xlsxValue(o.text);
  return null;
}
