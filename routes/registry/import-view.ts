import type { TFunction } from 'i18next';
import { column, headerText, KINDS, sheetColumns, sheetName, type JobView, type RowError } from '../../server/registry';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { percentOf } from '../../server/platform/jobs';
import { progressLocals } from '../../server/platform/http/progress';

/** The column reference of the import page, built from the same definitions the import reads. */
export function importDocs(t: TFunction, params: Record<string, unknown>) {
  return {
    sheets: KINDS.map(sheetName).join('、'),
    kinds: KINDS.map((kind) => ({
      kind,
      title: t(`imports.kinds.${kind}`),
      sheet: sheetName(kind),
      columns: sheetColumns(kind, true).map((c) => ({
        header: headerText(c),
        required: !!c.required?.includes(kind),
        exportOnly: !!c.exportOnly,
        note: t(`imports.col.${c.key}`, params as Record<string, string>),
      })),
    })),
  };
}

/** A stored problem in the reader's language (codes are stored, not text). */
export function problemText(t: TFunction, e: { code: string; params?: Record<string, unknown> }): string {
  return translateErrors(t, new ValidationError({ x: { code: e.code, params: e.params } })).x;
}

export const ERRORS_PER_PAGE = 200;

export function jobPage(t: TFunction, job: JobView, page: number) {
  const pages = Math.max(1, Math.ceil(job.errors.length / ERRORS_PER_PAGE));
  const p = Math.min(page, pages);
  const rows = job.errors.slice((p - 1) * ERRORS_PER_PAGE, p * ERRORS_PER_PAGE).map((e: RowError) => ({
    sheet: e.sheet ?? '',
    row: e.row,
    cell: e.col ? `${e.col}${e.row}` : '',
    column: e.column ? headerText(column(e.column)) : '',
    message: problemText(t, e),
  }));
  return {
    job,
    ...progressLocals(job.status),
    percent: percentOf(job.done, job.total),
    fileError: job.fileError ? problemText(t, job.fileError) : null,
    counts: job.counts ? Object.entries(job.counts).map(([k, n]) => ({ label: t(`imports.job.counts.${k}`), n })) : [],
    errors: rows,
    page: p,
    pages,
    showSheet: job.errors.some((e) => e.sheet),
  };
}
