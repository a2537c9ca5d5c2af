import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { getCollective, dividendsOf, recordDividend, allocatedShares, dividendCommandIn } from '../../server/registry';
import { formPost } from '../../server/platform/http/forms';
import { shanghaiYear } from '../../server/kernel/clock';
import { submitted } from '../../server/kernel/commands';

/** The officer records the collective's yearly dividend per share (分红). */
export function dividendsRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => {
    const c = await getCollective(deps.db, actorOf(req).collectiveId!);
    return {
      title: req.t('registry.dividend.title'),
      collective: c,
      list: await dividendsOf(deps.db, c.id),
      allocated: await allocatedShares(deps.db, c.id),
    };
  };
  r.get('/dividends', requireRole('officer'), async (req, res) => {
    res.render('registry/dividends', { ...(await locals(req)), values: { year: String(shanghaiYear(deps.clock.now()) - 1) }, errors: {} });
  });
  r.post(
    '/dividends',
    requireRole('officer'),
    formPost('registry/dividends', locals, async (req, res) => {
      const at = deps.clock.now();
      await recordDividend(deps.db, actorOf(req), submitted(dividendCommandIn(shanghaiYear(at)), req.body), at);
      req.flash('success', req.t('registry.dividend.recorded'));
      res.redirect('/dividends');
    }),
  );
  return r;
}
