import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { parseFilters, TABLE_IDS, type Table } from '../../server/oversight/index';
import { tableCsv, tablesXlsx } from '../../server/platform/files/table-export';
import { RIGHT_KINDS } from '../../models/rights';
import { chartsOf, dashboardData, filterQuery, placeQuery, queryOf, str } from './view-data';
import { reportRoutes } from './reports';

// The dashboard (drill-down) and its exports; the annual report (统计年报) is in reports.ts.

function refused(req: Request, res: Response, view: string, err: ValidationError, extra: object = {}) {
  res.status(422).render(view, {
    title: req.t('oversight.title'),
    errors: translateErrors(req.t, err),
    values: req.query,
    node: null,
    tables: [],
    charts: [],
    ...extra,
  });
}

export function dashboardRouter(deps: RouterDeps): Router {
  const r = Router();
  const kinds = RIGHT_KINDS;

  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    let f: ReturnType<typeof parseFilters> | undefined;
    try {
      f = parseFilters(req.query, deps.clock.now());
      const data = await dashboardData(await deps.reads.for(req), actor, req.t, req.query, f);
      const qs = queryOf({ ...placeQuery(data.node), ...filterQuery(f) });
      res.render('oversight/dashboard', {
        title: `${req.t('oversight.title')} · ${data.node.name}`,
        ...data,
        charts: chartsOf(data.tables),
        f,
        qs,
        kinds,
        values: req.query,
        errors: {},
      });
    } catch (err) {
      if (err instanceof ValidationError) return refused(req, res, 'oversight/dashboard', err, { kinds });
      throw err;
    }
  });

  r.get('/export', async (req, res) => {
    const actor = actorOf(req);
    const f = parseFilters(req.query, deps.clock.now());
    const format = str(req.query.format) ?? 'xlsx';
    const table = str(req.query.table);
    if (!['xlsx', 'csv'].includes(format)) throw new ValidationError({ format: { code: 'oversight.badFormat' } });
    if (table && !(TABLE_IDS as readonly string[]).includes(table)) throw new ValidationError({ table: { code: 'oversight.badTable' } });
    if (format === 'csv' && !table) throw new ValidationError({ table: { code: 'oversight.badTable' } });
    const data = await dashboardData(deps.db, actor, req.t, req.query, f);
    const chosen: Table[] = table ? data.tables.filter((t) => t.id === table) : data.tables;
    if (!chosen.length) throw new ValidationError({ table: { code: 'oversight.badTable' } });
    const base = `oversight-${data.node.collectiveId ? 'collective' : data.node.code}-${f.from}-${f.to}${table ? '-' + table : ''}`;
    const heading = `${data.node.path.map((p) => p.name).join(' / ')} · ${f.from} – ${f.to}`;
    res.setHeader('Content-Disposition', `attachment; filename="${base}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    if (format === 'csv') return res.type('text/csv; charset=utf-8').send(tableCsv(chosen[0]));
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await tablesXlsx(chosen, heading));
  });

  reportRoutes(deps, r);
  return r;
}
