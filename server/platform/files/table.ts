// What every table reader (Access .mdb, .xlsx, .csv) gives: plain rows keyed by the field
// name in upper case (NY/T 2539 names are upper case; Access and Excel users are not always),
// in chunks, so that a caller can report progress and a large table is never one big array
// on top of the file it came from.

export type Cell = string | number | boolean | Date | null;

/** `row` is the number a person finds the row by: the sheet row (header = 1), the CSV line, the Access record (1 = first). */
export type TableRow = { row: number; values: Record<string, Cell> };

export type TableChunk = { table: string; file: string; rows: TableRow[] };

export const CHUNK_ROWS = 2_000;

export function fieldKey(name: string): string {
  return name.trim().toUpperCase();
}
