import { Router } from 'express';
import type { PassportStatic } from 'passport';
import type { Deps } from '../server/app';
import { requireLogin } from '../server/platform/auth/guards';
import { authRouter } from './auth';
import { activateRouter } from './activate';
import { devSmsRouter } from './dev-sms';
import { homeRouter } from './home';
import { publicRouter } from './public';
import { helpRouter } from './help';
import { registryRouter } from './registry/index';
import { adminRouter } from './admin/index';
import { oversightRouter } from './oversight/index';
import { marketRouter } from './market/index';
import { unreadNotices } from './market/unread';
import { requireRole } from '../server/platform/auth/guards';

export function webRouter(deps: Deps, passport: PassportStatic): Router {
  const r = Router();
  r.use(publicRouter());
  r.use(helpRouter());
  r.use(authRouter(deps.db, passport));
  r.use(activateRouter(deps.db));
  r.use(requireLogin);
  r.use(devSmsRouter());
  r.use(unreadNotices);
  r.use(homeRouter());
  r.use(registryRouter());
  r.use(marketRouter());
  r.use('/admin', requireRole('admin'), adminRouter());
  r.use('/oversight', requireRole('bureau', 'admin'), oversightRouter());
  return r;
}
