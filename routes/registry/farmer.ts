import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { householdPage } from '../../server/registry';

/** The farmer's own household: read-only, phone-first. */
export function farmerRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/my', requireRole('farmer'), async (req, res) => {
    const actor = actorOf(req);
    const page = await householdPage(deps.db, actor, actor.householdId!, deps.clock.now());
    res.render('farmer/household', { title: req.t('registry.farmer.title'), ...page });
  });
  return r;
}
