import type { RouterDeps } from '../server/platform/deps';
import { Router } from 'express';
import { requireLogin } from '../server/platform/auth/guards';
import { restoreFormDraft } from '../server/platform/http/form-draft';
import { authRouter } from './auth';
import { accountTokensRouter } from './account-tokens';
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

export function webRouter(deps: RouterDeps): Router {
  const r = Router();
  r.use(publicRouter(deps));
  r.use(helpRouter(deps));
  r.use(authRouter(deps));
  r.use(activateRouter(deps));
  r.use(requireLogin);
  r.use(restoreFormDraft((req) => req.t('desk.draft.restored')));
  r.use(devSmsRouter(deps));
  r.use(unreadNotices(deps));
  r.use(homeRouter(deps));
  r.use(accountTokensRouter(deps));
  r.use(registryRouter(deps));
  r.use(marketRouter(deps));
  r.use('/admin', requireRole('admin'), adminRouter(deps));
  r.use('/oversight', requireRole('bureau', 'admin'), oversightRouter(deps));
  return r;
}
