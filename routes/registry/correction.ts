import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { correctionForm, correctRight } from '../../server/registry';
import { asList, filled, formPost } from '../../server/platform/http/forms';
import { DRAW_STYLES, drawLocals, flashAreaWarnings } from './area-warnings';

// 更正登记 (issue 18 item 8): the form starts from the right's registered details.
export function correctionRouter(deps: RouterDeps): Router {
  const r = Router();
  const locals = async (req: Request) => {
    const page = await correctionForm(deps.db, actorOf(req), req.params.rightId as string);
    return { ...page, title: req.t('desk.correct.title'), draw: drawLocals(deps, page.right.collectiveId), styles: DRAW_STYLES };
  };
  r.get('/rights/:rightId/correct', requireRole('officer'), async (req, res) => {
    const page = await locals(req);
    res.render('registry/right-correct', { ...page, errors: {} });
  });
  r.post(
    '/rights/:rightId/correct',
    requireRole('officer'),
    formPost('registry/right-correct', locals, async (req, res) => {
      if (req.body.parcels !== undefined) req.body.parcels = filled(asList(req.body.parcels));
      const { householdId, areaWarnings } = await correctRight(
        deps.db,
        actorOf(req),
        req.params.rightId as string,
        req.body,
        deps.clock.now(),
      );
      req.flash('success', req.t('desk.correct.done'));
      flashAreaWarnings(req, areaWarnings);
      res.redirect(`/households/${householdId}#right-${req.params.rightId}`);
    }),
  );
  return r;
}
