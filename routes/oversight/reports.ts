import type { RouterDeps } from '../../server/platform/deps';
import type { Request, Response, Router } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import {
  buildTables,
  currentMonth,
  loadReport,
  recentReports,
  reportCommand,
  resolveNode,
  show,
  startReport,
  yearFilters,
  type Node,
  type ReportView,
} from '../../server/oversight/index';
import { submitted } from '../../server/kernel/commands';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { progressLocals } from '../../server/platform/http/progress';
import { childLink, str } from './view-data';

// The annual report (统计年报): a form (year, place) starts it in the background; its page shows
// the progress and then the report, print-ready, from the snapshot taken when it was made.

type Place = { year?: string; region?: string; collective?: string };

/** `node`: the place already resolved; otherwise it is resolved here (null when it was what the refusal was about). */
async function formPage(deps: RouterDeps, req: Request, res: Response, place: Place, err?: ValidationError, node?: Node) {
  const actor = actorOf(req);
  const at = deps.clock.now();
  // The place of a refused form may itself be what was wrong: the form then offers the actor's own region.
  node ??= await resolveNode(deps.db, actor, { region: place.region, collective: place.collective }).catch(() => undefined);
  res.status(err ? 422 : 200).render('oversight/report', {
    title: req.t('oversight.report.formTitle'),
    node: node ?? null,
    reports: await recentReports(deps.db, actor, at),
    // This year in Shanghai, unless the form said otherwise.
    values: { year: place.year ?? currentMonth(at).slice(0, 4) },
    errors: err ? translateErrors(req.t, err) : {},
  });
}

function reportTitle(req: Request, job: ReportView) {
  return `${job.node.name} ${req.t('oversight.report.title', { year: job.year })}`;
}

export function reportRoutes(deps: RouterDeps, r: Router): void {
  r.get('/report', async (req, res) => {
    const place: Place = { year: str(req.query.year), region: str(req.query.region), collective: str(req.query.collective) };
    let node: Node;
    try {
      if (place.year !== undefined) yearFilters(place.year);
      // Out of scope or unknown: 404 alike (scope.ts); a malformed place: 422.
      node = await resolveNode(deps.db, actorOf(req), { region: place.region, collective: place.collective });
    } catch (err) {
      if (err instanceof ValidationError) return formPage(deps, req, res, place, err);
      throw err;
    }
    await formPage(deps, req, res, place, undefined, node);
  });

  r.post('/reports', async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const place: Place = { year: str(b.year), region: str(b.region), collective: str(b.collective) };
    try {
      const job = await startReport(
        deps.db,
        actorOf(req),
        submitted(reportCommand, place),
        (err) => req.log.error({ err }, 'annual report failed'),
        deps.config.anchorDir,
      );
      res.redirect(303, `/oversight/reports/${job.id}`);
    } catch (err) {
      if (err instanceof ValidationError) return formPage(deps, req, res, place, err);
      throw err;
    }
  });

  r.get('/reports/:id', async (req, res) => {
    const job = await loadReport(deps.db, actorOf(req), req.params.id as string, deps.clock.now());
    let tables: ReturnType<typeof buildTables> = [];
    let f = null;
    if (job.stats) {
      f = yearFilters(job.year);
      tables = buildTables(req.t, job.stats, job.children, childLink(f));
    }
    res.render('oversight/report-job', {
      title: reportTitle(req, job),
      job,
      ...progressLocals(job.status),
      tables,
      show,
      f,
      node: job.node,
    });
  });
}
