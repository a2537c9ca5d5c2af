import { Router } from 'express';
import type { RouterDeps } from '../../server/platform/deps';
import { actorOf } from '../../server/platform/auth/guards';
import { openObjectionsPage } from '../../server/oversight/index';

/** Issue 20: open objections per county and their age (read only). */
export function objectionsRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/objections', async (req, res) => {
    const counties = await openObjectionsPage(await deps.reads.for(req), actorOf(req), deps.clock.now());
    res.render('oversight/objections', { title: req.t('oversight.objections.title'), counties });
  });
  return r;
}
