import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { addRegion, regionCommand, regionNode } from '../../server/admin/index';
import { submitted } from '../../server/kernel/commands';
import { formPost } from '../../server/platform/http/forms';

export function regionsAdminRouter(deps: RouterDeps): Router {
  const r = Router();
  const nodeLocals = async (req: Request) => {
    const node = await regionNode(deps.db, req.params.code as string | undefined);
    return { title: `${req.t('nav.regions')} · ${node.region.name}`, ...node };
  };
  r.get('/regions', async (req, res) => res.render('admin/regions', { ...(await nodeLocals(req)), values: {}, errors: {} }));
  r.get('/regions/:code', async (req, res) => res.render('admin/regions', { ...(await nodeLocals(req)), values: {}, errors: {} }));
  r.post(
    '/regions/:code/children',
    formPost('admin/regions', nodeLocals, async (req, res) => {
      const region = await addRegion(deps.db, actorOf(req), req.params.code as string, submitted(regionCommand, req.body));
      req.flash('success', req.t('admin.regions.added', { name: region.name, code: region.code }));
      res.redirect(`/admin/regions/${req.params.code}`);
    }),
  );
  return r;
}
