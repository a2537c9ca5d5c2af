/**
 * The most collectives a picker lists (the household list's village groups, the audit search's
 * collectives). A city holds over a thousand (1,250 at the benchmark's L): a list that long cannot
 * be used, and rendering it on every search was most of the search pages' growth from S to L
 * (BENCHMARKS.md). Beyond it a picker asks for a narrower scope instead of cutting the list off
 * where nobody can see.
 */
export const PICKER_MAX = 200;

/**
 * A picker's rows, read with `limit(max + 1)`: all of them when they fit, else none and `tooMany`
 * (the page then asks to narrow the scope). The one place that decides it for every picker.
 */
export function pickerList<T>(rows: T[], max = PICKER_MAX): { list: T[]; tooMany: boolean } {
  return rows.length > max ? { list: [], tooMany: true } : { list: rows, tooMany: false };
}
