import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import {
  COLLECTIVE_DEFAULTS,
  collectiveCommand,
  createCollective,
  findCollective,
  listCollectives,
  updateCollective,
  villageOptions,
} from '../../server/admin/index';
import { submitted } from '../../server/kernel/commands';
import { formPost, pageNumber, str } from '../../server/platform/http/forms';

export function collectivesAdminRouter(deps: RouterDeps): Router {
  const r = Router();

  r.get('/collectives', async (req, res) => {
    const q = str(req.query.q).slice(0, 40);
    const result = await listCollectives(deps.db, { q, page: pageNumber(req.query.page) });
    res.render('admin/collectives', { title: req.t('admin.collectives.title'), result, q });
  });

  const newLocals = async (req: Request) => ({
    title: req.t('admin.collectives.new'),
    action: '/admin/collectives',
    villages: await villageOptions(deps.db),
  });
  r.get('/collectives/new', async (req, res) => {
    res.render('admin/collective-form', { ...(await newLocals(req)), values: COLLECTIVE_DEFAULTS, errors: {} });
  });
  r.post(
    '/collectives',
    formPost('admin/collective-form', newLocals, async (req, res) => {
      const c = await createCollective(deps.db, actorOf(req), submitted(collectiveCommand, req.body), deps.clock.now());
      req.flash('success', req.t('admin.collectives.created', { name: c.name }));
      res.redirect('/admin/collectives');
    }),
  );

  const editLocals = async (req: Request) => {
    const c = await findCollective(deps.db, req.params.id as string);
    return {
      title: `${req.t('admin.collectives.edit')} · ${c.name}`,
      action: `/admin/collectives/${c.id}`,
      villages: await villageOptions(deps.db),
      version: String(c.updatedAt.getTime()),
      collective: c,
    };
  };
  r.get('/collectives/:id/edit', async (req, res) => {
    const locals = await editLocals(req);
    res.render('admin/collective-form', { ...locals, values: { ...locals.collective, version: locals.version }, errors: {} });
  });
  r.post(
    '/collectives/:id',
    formPost('admin/collective-form', editLocals, async (req, res) => {
      const cmd = submitted(collectiveCommand, req.body);
      const c = await updateCollective(deps.db, actorOf(req), req.params.id as string, cmd, deps.clock.now());
      req.flash('success', req.t('admin.collectives.updated', { name: c.name }));
      res.redirect('/admin/collectives');
    }),
  );
  return r;
}
