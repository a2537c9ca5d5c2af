import type { RouterDeps } from '../../server/platform/deps';
import { Router } from 'express';
import { collectivesAdminRouter } from './collectives';
import { regionsAdminRouter } from './regions';
import { tokensAdminRouter } from './tokens';
import { usersAdminRouter } from './users';

/** The admin area. Mounted at /admin behind requireRole('admin'); each use case checks the role again. */
export function adminRouter(deps: RouterDeps): Router {
  const r = Router();
  r.get('/', (_req, res) => res.redirect('/admin/collectives'));
  r.use(regionsAdminRouter(deps));
  r.use(collectivesAdminRouter(deps));
  r.use(usersAdminRouter(deps));
  r.use(tokensAdminRouter(deps));
  return r;
}
