import { Router } from 'express';
import { actorOf } from '../server/platform/auth/guards';
import { homeSummary } from '../server/registry/home';

export function homeRouter(): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const actor = actorOf(req);
    if (actor.role === 'farmer') return res.redirect('/my');
    res.render('home', { title: req.t('nav.home'), summary: await homeSummary(req.db, actor) });
  });
  return r;
}
