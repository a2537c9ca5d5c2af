import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  issuerCode,
  rightFormPage,
  cancelRight,
  loadRight,
  registerHomestead,
  registerLand,
  registerShares,
  cancellationCommand,
} from '../../server/registry';
import { NotFound } from '../../server/kernel/errors';
import { asList, filled, formPost } from '../../server/platform/http/forms';
import { submitted } from '../../server/kernel/commands';
import { householdLocals } from './household-locals';
import { DRAW_STYLES, drawLocals, flashAreaWarnings } from './area-warnings';

const KINDS = ['land', 'homestead', 'shares'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(req: Request): Kind {
  const k = req.params.kind as Kind;
  if (!KINDS.includes(k)) throw new NotFound();
  return k;
}

export function rightsRouter(deps: RouterDeps): Router {
  const r = Router();
  const formLocals = async (req: Request) => {
    const kind = kindOf(req);
    const page = await rightFormPage(deps.db, actorOf(req), req.params.id as string);
    return {
      title: req.t(`registry.${kind}.new`),
      kind,
      household: page.household,
      prefix: issuerCode(page.collective),
      limits: page.limits,
      shareTotals: page.shareTotals,
      draw: drawLocals(deps, page.collective.id),
      styles: DRAW_STYLES,
    };
  };

  r.get('/households/:id/rights/new/:kind', requireRole('officer'), async (req, res) => {
    const locals = await formLocals(req);
    res.render(`registry/right-${locals.kind}`, { ...locals, values: { parcels: [{}] }, errors: {} });
  });

  r.post('/households/:id/rights/:kind', requireRole('officer'), (req, res, next) => {
    const kind = kindOf(req);
    return formPost(`registry/right-${kind}`, formLocals, async () => {
      const actor = actorOf(req);
      const id = req.params.id as string;
      if (kind === 'land') {
        req.body.parcels = filled(asList(req.body.parcels));
        flashAreaWarnings(req, (await registerLand(deps.db, actor, id, req.body, deps.clock.now())).areaWarnings);
      } else if (kind === 'homestead') flashAreaWarnings(req, (await registerHomestead(deps.db, actor, id, req.body)).areaWarnings);
      else await registerShares(deps.db, actor, id, req.body);
      req.flash('success', req.t('registry.right.added'));
      res.redirect(`/households/${id}#rights`);
    })(req, res, next);
  });

  // A refused cancellation shows the right's household again.
  const pageLocals = async (req: Request) =>
    householdLocals(deps, req, (await loadRight(deps.db, actorOf(req), req.params.rightId as string)).householdId);
  r.post(
    '/rights/:rightId/cancel',
    requireRole('officer'),
    formPost('registry/household', pageLocals, async (req, res) => {
      // Back to the right's household as the registry knows it, never to an address the form sent.
      const cmd = submitted(cancellationCommand, req.body);
      const { householdId } = await cancelRight(deps.db, actorOf(req), req.params.rightId as string, cmd, deps.clock.now());
      req.flash('success', req.t('registry.right.cancelled'));
      res.redirect(`/households/${householdId}#rights`);
    }),
  );
  return r;
}
