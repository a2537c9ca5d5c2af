import { parse as csvParse } from 'csv-parse';
import { Readable } from 'node:stream';
import { DomainError, ValidationError } from '../../kernel/errors';
import { csvCell, xlsxCell, type CellValue } from '../../platform/files/cells';
import {
  choiceValue,
  column,
  columnLetter,
  headerText,
  KINDS,
  matchHeader,
  matchSheet,
  sheetColumns,
  type ColKey,
  type Kind,
} from './columns';
import { MAX_ROWS, type Format } from '../../platform/files/file-type';
import { checkedWorkbookReader } from '../../platform/files/xlsx-reader';
import { openCheckedZip } from '../../platform/files/zip-guard';
import { Problems, type Letters, type RawRow } from './types';

export type ReadResult = { rows: RawRow[]; problems: Problems; sheets: (string | null)[]; ignored: string[] };

/** A sheet's layout: what each column holds, and whether rows carry their kind (类型 column). */
type Layout = { sheet: string | null; keys: (ColKey | null)[]; letters: Letters; digits: boolean[]; kind: Kind | 'mixed'; seen: Set<Kind> };

class Reader {
  rows: RawRow[] = [];
  problems = new Problems();
  sheets: (string | null)[] = [];
  ignored: string[] = [];
  private layouts: Layout[] = [];
  constructor(private onRows?: (n: number) => Promise<void>) {}

  /** Reads the header row; null when the sheet is not one of ours (e.g. an instructions sheet). */
  header(sheet: string | null, texts: string[], sheetKind: Kind | null): Layout | null {
    const keys = texts.map((t) => (t.trim() ? matchHeader(t) : null));
    const unknown = texts.filter((t, i) => t.trim() && !keys[i]);
    let kind: Kind | 'mixed' | null = keys.includes('kind') ? 'mixed' : sheetKind;
    // A sheet with another name (e.g. "Sheet1") is recognised by its columns.
    kind ??= guessKind(keys);
    if (!kind) {
      if (sheet !== null) this.ignored.push(sheet);
      return null;
    }
    if (unknown.length) this.ignored.push(...unknown.map((u) => (sheet ? `${sheet}: ${u}` : u)));
    const dup = keys.find((k, i) => k && keys.indexOf(k) !== i);
    if (dup) this.problems.add({ sheet, row: 1, letters: {} }, undefined, 'import.duplicateColumn', { column: headerText(column(dup)) });
    const used = keys.map((k) => (k && !column(k).exportOnly ? k : null));
    const letters: Letters = {};
    used.forEach((k, i) => {
      if (k) letters[k] = columnLetter(i);
    });
    const layout: Layout = { sheet, keys: used, letters, digits: used.map((k) => !!k && !!column(k).digits), kind, seen: new Set() };
    this.layouts.push(layout);
    this.sheets.push(sheet);
    return layout;
  }

  async row(layout: Layout, rowNumber: number, values: CellValue[]): Promise<void> {
    if (values.every((v) => v.text.trim() === '' && !v.issue)) return;
    const r: RawRow = { kind: 'member', sheet: layout.sheet, row: rowNumber, cells: {}, letters: layout.letters };
    values.forEach((v, i) => {
      const k = layout.keys[i];
      if (k && v.text.trim() !== '') r.cells[k] = v.text;
    });
    if (layout.kind === 'mixed') {
      const k = choiceValue('kind', r.cells.kind);
      if (!k || !(KINDS as readonly string[]).includes(k)) {
        this.problems.add(r, 'kind', k ? 'invalidChoice' : 'required');
        return;
      }
      r.kind = k as Kind;
    } else r.kind = layout.kind;
    layout.seen.add(r.kind);
    values.forEach((v, i) => {
      const k = layout.keys[i];
      if (v.issue && k && column(k).kinds.includes(r.kind)) this.problems.add(r, k, v.issue.code, v.issue.params);
    });
    this.rows.push(r);
    if (this.rows.length > MAX_ROWS) throw new DomainError('upload.tooManyRows', { max: MAX_ROWS.toLocaleString('en') }, 'file');
    if (this.rows.length % 5000 === 0) await this.onRows?.(this.rows.length);
  }

  /** Columns a kind cannot do without: reported once on the header row; its rows are not checked further. */
  finish(): ReadResult {
    const dropped = new Set<string>();
    for (const l of this.layouts)
      for (const kind of l.seen) {
        const missing = sheetColumns(kind)
          .filter((c) => c.required?.includes(kind) && !l.keys.includes(c.key))
          .map(headerText);
        if (!missing.length) continue;
        this.problems.add({ sheet: l.sheet, row: 1, letters: {} }, undefined, 'upload.headers', { missing: missing.join(', ') });
        dropped.add(`${l.sheet}|${kind}`);
      }
    const rows = dropped.size ? this.rows.filter((r) => !dropped.has(`${r.sheet}|${r.kind}`)) : this.rows;
    if (rows.length === 0 && this.problems.count === 0) throw new DomainError('upload.empty', {}, 'file');
    // The list is shown on the report page: a sheet with thousands of stray columns does not need all of them.
    return { rows, problems: this.problems, sheets: this.sheets, ignored: this.ignored.slice(0, 50) };
  }
}

function guessKind(keys: (ColKey | null)[]): Kind | null {
  const hits = (['idNumber', 'parcelCode', 'homesteadCode', 'shares'] as const).filter((k) => keys.includes(k));
  if (hits.length !== 1 || !keys.includes('householdCode')) return null;
  return ({ idNumber: 'member', parcelCode: 'land_parcel', homesteadCode: 'homestead', shares: 'shares' } as const)[hits[0]];
}

async function readCsv(buf: Buffer, reader: Reader): Promise<void> {
  // Empty lines come through as records too, so the count is the row number a spreadsheet shows.
  // The bytes go in as they are (already checked to be UTF-8); csv-parse drops the BOM.
  const parser = Readable.from([buf]).pipe(csvParse({ relax_column_count: true, bom: true }));
  let layout: Layout | null = null;
  let rowNumber = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (++rowNumber === 1) {
      layout = reader.header(null, record, null);
      if (!layout) throw new DomainError('upload.headers', { missing: headerText(column('kind')) }, 'file');
      continue;
    }
    await reader.row(layout!, rowNumber, record.map(csvCell));
  }
}

type XlsxRow = { number: number; values: unknown[] };

async function readXlsx(buf: Buffer, reader: Reader): Promise<void> {
  // Only the entries the zip guard checked, each stopped at its declared size (xlsx-reader.ts).
  const wb = await checkedWorkbookReader(await openCheckedZip(buf), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const ws of wb as unknown as AsyncIterable<AsyncIterable<XlsxRow> & { name: string }>) {
    let layout: Layout | null | undefined;
    // Every row is consumed, even of an ignored sheet: the streaming reader needs it to go on.
    for await (const row of ws) {
      const cells = (row.values as unknown[]).slice(1);
      if (layout === undefined) {
        layout = reader.header(
          ws.name,
          cells.map((v) => xlsxCell(v, false).text),
          matchSheet(ws.name ?? ''),
        );
        continue;
      }
      if (!layout) continue;
      const digits = layout.digits;
      await reader.row(
        layout,
        row.number,
        Array.from({ length: Math.max(cells.length, layout.keys.length) }, (_, i) => xlsxCell(cells[i], digits[i])),
      );
    }
  }
}

/** Reads every data row of the file; file-level problems throw, row problems are collected. */
export async function readImportFile(buf: Buffer, format: Format, onRows?: (n: number) => Promise<void>): Promise<ReadResult> {
  const reader = new Reader(onRows);
  try {
    if (format === 'csv') await readCsv(buf, reader);
    else await readXlsx(buf, reader);
  } catch (err) {
    if (err instanceof DomainError) throw err;
    // The zip guard's refusals name the file's problem (too much unpacked, data outside the directory).
    if (err instanceof ValidationError && err.fields.file) throw new DomainError(err.fields.file.code, err.fields.file.params, 'file');
    throw new DomainError('upload.unreadable', {}, 'file');
  }
  return reader.finish();
}
