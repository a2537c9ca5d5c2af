import { Router } from 'express';
import type { RouterDeps } from '../../server/platform/deps';
import { actorOf } from '../../server/platform/auth/guards';
import { moneyView } from '../../server/oversight/index';

/** Issue 20 item 4: the money held under supervision per county and its age, overdue registrations, forfeitures (read only). */
export function moneyRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/money', async (req, res) => {
    const view = await moneyView(await deps.reads.for(req), actorOf(req), deps.clock.now());
    res.render('oversight/money', { title: req.t('moneyView.title'), view });
  });
  return r;
}
