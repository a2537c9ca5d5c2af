import type ExcelJSModule from 'exceljs';

// exceljs is loaded when a workbook is first read or written, not when the app starts: it is one
// of the heaviest of the app's imports (about 0.4 s of CPU at every start of every process and
// cluster worker, BENCHMARKS.md), for the imports, exports and downloads that need it.

export type ExcelJS = typeof ExcelJSModule;
let loading: Promise<ExcelJS> | null = null;

export function excel(): Promise<ExcelJS> {
  loading ??= import('exceljs').then((m) => ((m as { default?: ExcelJS }).default ?? m) as ExcelJS);
  return loading;
}
