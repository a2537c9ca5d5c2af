import type { ColKey, Kind } from './columns';

/** Where each column is in a sheet, as the letter the user sees (shared by all rows of the sheet). */
export type Letters = Partial<Record<ColKey, string>>;

/**
 * One data row as read from the file; `row` is the sheet's own row number (header = 1).
 * Only filled cells are kept: a 200,000-row file must not become millions of empty objects.
 */
export type RawRow = { kind: Kind; sheet: string | null; row: number; cells: Partial<Record<ColKey, string>>; letters: Letters };

/** One problem, stored as codes so the report is shown in the reader's language. */
export type RowError = {
  sheet: string | null;
  row: number;
  col?: string;
  column?: ColKey;
  code: string;
  params?: Record<string, unknown>;
};

export type Progress = (done: number, total: number, phase: Phase) => Promise<void>;
export type Phase = 'reading' | 'validating' | 'writing';

/** Collects every problem of the file, in the order found; sorted for the report. */
export class Problems {
  list: RowError[] = [];
  private seen = new Set<string>();
  add(r: Pick<RawRow, 'sheet' | 'row' | 'letters'>, column: ColKey | undefined, code: string, params?: Record<string, unknown>): void {
    const key = `${r.sheet}|${r.row}|${column ?? ''}`;
    // One message per cell: the first problem found in a cell is the one to fix first.
    if (column && this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({
      sheet: r.sheet,
      row: r.row,
      column,
      col: column ? r.letters[column] : undefined,
      code,
      ...(params ? { params } : {}),
    });
  }
  has(r: Pick<RawRow, 'sheet' | 'row'>, column: ColKey): boolean {
    return this.seen.has(`${r.sheet}|${r.row}|${column}`);
  }
  get count(): number {
    return this.list.length;
  }
  sorted(sheetOrder: (string | null)[]): RowError[] {
    const rank = (s: string | null) => {
      const i = sheetOrder.indexOf(s);
      return i < 0 ? sheetOrder.length : i;
    };
    return [...this.list].sort(
      (a, b) =>
        rank(a.sheet) - rank(b.sheet) ||
        a.row - b.row ||
        (a.col ?? '').length - (b.col ?? '').length ||
        (a.col ?? '').localeCompare(b.col ?? ''),
    );
  }
}
