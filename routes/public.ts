import type { RouterDeps } from '../server/platform/deps';
import { Router } from 'express';
import { verifyPublic } from '../server/registry';
import { databaseAnswers } from '../server/platform/db-health';

/** Pages that need no login: the certificate check behind the QR code, and the health checks. */
export function publicRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/verify/:token', async (req, res) => {
    const result = await verifyPublic(deps.db, req.params.token);
    res.status(result ? 200 : 404).render('public/verify', { result, title: req.t('registry.verify.title') });
  });
  // Liveness: the process answers (restart it when this fails). Touches no database.
  r.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  // Readiness: the database answers a query within the connect timeout (send traffic here only
  // while this is 200). A proxy or load balancer checks this one.
  r.get('/readyz', async (_req, res) => {
    const ok = await databaseAnswers(deps.db, deps.config.db.connectMs);
    res
      .status(ok ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ok, database: ok ? 'ok' : 'unavailable' });
  });
  return r;
}
