import type { Request } from 'express';
import { percentOf } from '../../server/platform/jobs';
import { progressLocals } from '../../server/platform/http/progress';
import { describeNytProblem as describe, type NytJobView, type NytProblem as Problem } from '../../server/registry/index';
import { problemText } from './import-view';

// The dry-run report and the write's result, as the officer reads them: per collective, its
// counts, each problem with table, row and field, and each household and parcel with what the
// write does to it (create / exists).

/** Rows shown on the page per list; the API gives the whole report. */
export const SHOWN = 300;

export function nytJobPage(req: Request, job: NytJobView) {
  const lang = req.lang === 'en' ? 'en' : 'zh';
  const problem = (p: Problem) => ({
    severity: p.severity,
    table: p.table,
    row: p.row || '',
    field: p.field ?? '',
    text: describe({ ...p, table: '', row: 0, field: undefined }, lang),
  });
  return {
    job,
    ...progressLocals(job.status),
    percent: percentOf(job.done, job.total),
    fatal: job.fatal ? job.fatal[lang] : null,
    failure: job.failure ? problemText(req.t, { code: job.failure }) : null,
    general: job.problems.slice(0, SHOWN).map(problem),
    collectives: job.collectives.map((c) => ({
      ...c,
      problemRows: c.problems.slice(0, SHOWN).map(problem),
      householdRows: c.households.slice(0, SHOWN),
      writeError: c.writeError ? problemText(req.t, c.writeError) : null,
    })),
    shown: SHOWN,
  };
}
