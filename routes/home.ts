import type { RouterDeps } from '../server/platform/deps';
import { Router } from 'express';
import { actorOf } from '../server/platform/auth/guards';
import { homeSummary } from '../server/registry';
import { homeFor } from '../server/accounts';

export function homeRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    if (actor.role === 'farmer') return res.redirect('/my');
    res.render('home', { title: req.t('nav.home'), home: homeFor(actor), summary: await homeSummary(deps.db, actor) });
  });
  return r;
}
