import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { createRequire } from 'node:module';
import path from 'node:path';
import { alertsRouter } from './alerts';
import { auditRouter } from './audit';
import { casesRouter } from './cases';
import { dashboardRouter } from './dashboard';
import { pricesRouter } from './prices';
import { objectionsRouter } from './objections';
import { moneyRouter } from './money';

// The agriculture bureau's oversight (mounted at /oversight for bureau and admin). Every use
// case checks the scope again; the menu only hides.

const chartJs = path.join(path.dirname(createRequire(import.meta.url).resolve('chart.js')), 'chart.umd.min.js');

export function oversightRouter(deps: RouterDeps): Router {
  const r = Router();
  // Chart.js served from the app itself (CSP script-src 'self'; no outside hosts).
  r.get('/assets/chart.umd.min.js', (_req, res) => res.type('text/javascript').sendFile(chartJs, { maxAge: '1d' }));
  r.use(dashboardRouter(deps));
  r.use(alertsRouter(deps));
  r.use(pricesRouter(deps));
  r.use(casesRouter(deps));
  r.use(auditRouter(deps));
  r.use(objectionsRouter(deps));
  r.use(moneyRouter(deps));
  return r;
}
