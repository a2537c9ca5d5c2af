import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { actionKey, assertOverseer, auditPickers, fieldKey, parseAuditQuery, searchAudit, verifyTrail } from '../../server/oversight/index';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { queryOf } from './view-data';

// The trail: search within scope, and the verification of the hash chain.

export function auditRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/audit', async (req, res) => {
    const base = { title: req.t('oversight.audit.title'), values: req.query, actionKey, fieldKey };
    try {
      const result = await searchAudit(deps.db, actorOf(req), parseAuditQuery(req.query));
      const { before: _b, ...f } = result.filter;
      const older = result.older ? `/oversight/audit?${queryOf({ ...f, before: String(result.older) })}` : null;
      const pickers = await auditPickers(deps.db, actorOf(req), result.filter.region);
      res.render('oversight/audit', { ...base, pickers, result, older, errors: {} });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      const pickers = await auditPickers(deps.db, actorOf(req));
      res.status(422).render('oversight/audit', { ...base, pickers, result: null, older: null, errors: translateErrors(req.t, err) });
    }
  });
  r.get('/audit/verify', (req, res) => {
    assertOverseer(actorOf(req));
    res.render('oversight/verify', { title: req.t('oversight.verify.title'), result: null });
  });
  // A POST, so that a full recomputation runs only when someone asks for it.
  r.post('/audit/verify', async (req, res) => {
    const result = await verifyTrail(deps.db, actorOf(req), deps.config.anchorDir);
    res.render('oversight/verify', { title: req.t('oversight.verify.title'), result });
  });
  return r;
}
