import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf } from '../../server/platform/auth/guards';
import { DEAL_STATUSES, LISTING_STATUSES } from '../../models/market';
import { RIGHT_KINDS } from '../../models/rights';
import {
  dealCase,
  dealCases,
  liftDeal,
  liftListing,
  listingCase,
  listingCases,
  parseCaseQuery,
  reasonCommand,
  suspendDeal,
  suspendListing,
  type ReasonCommand,
} from '../../server/oversight/index';
import type { Actor } from '../../server/kernel/actor';
import { submitted, type Submitted } from '../../server/kernel/commands';
import { ValidationError } from '../../server/kernel/errors';
import { translateErrors } from '../../server/platform/messages';
import { formPost, pageNumber } from '../../server/platform/http/forms';
import { queryOf } from './view-data';

// The cases under supervision: lists with filters, one case's page, suspend and lift.

export function casesRouter(deps: RouterDeps): Router {
  const r = Router();
  for (const what of ['listings', 'deals'] as const) {
    const statuses = what === 'listings' ? LISTING_STATUSES : DEAL_STATUSES;
    r.get(`/${what}`, async (req, res) => {
      const base = { title: req.t(`oversight.cases.${what}`), what, statuses, kinds: RIGHT_KINDS, values: req.query };
      try {
        const f = parseCaseQuery(req.query, statuses);
        const page = pageNumber(req.query.page);
        const result =
          what === 'listings' ? await listingCases(deps.db, actorOf(req), f, page) : await dealCases(deps.db, actorOf(req), f, page);
        const pager = `/oversight/${what}?${queryOf({ status: f.status, kind: f.kind, collective: f.collective, suspended: f.suspended ? 'yes' : null })}&`;
        res.render('oversight/cases', { ...base, result, pager, errors: {} });
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        res.status(422).render('oversight/cases', { ...base, result: null, pager: '', errors: translateErrors(req.t, err) });
      }
    });
  }

  const listingLocals = async (req: Request) => ({
    title: req.t('oversight.cases.listing'),
    c: await listingCase(deps.db, actorOf(req), req.params.id as string),
  });
  const dealLocals = async (req: Request) => ({
    title: req.t('oversight.cases.deal'),
    c: await dealCase(deps.db, actorOf(req), req.params.id as string),
  });
  r.get('/listings/:id', async (req, res) => res.render('oversight/listing', { ...(await listingLocals(req)), values: {}, errors: {} }));
  r.get('/deals/:id', async (req, res) => res.render('oversight/deal', { ...(await dealLocals(req)), values: {}, errors: {} }));

  type Act = (db: RouterDeps['db'], actor: Actor, id: string, cmd: Submitted<ReasonCommand>, at: Date) => Promise<unknown>;
  const act = (view: string, locals: (req: Request) => Promise<object>, fn: Act, done: string, back: string) =>
    formPost(view, locals, async (req, res) => {
      await fn(deps.db, actorOf(req), req.params.id as string, submitted(reasonCommand, req.body), deps.clock.now());
      req.flash('success', req.t(done));
      res.redirect(303, `/oversight/${back}/${req.params.id}`);
    });
  r.post('/listings/:id/suspend', act('oversight/listing', listingLocals, suspendListing, 'oversight.supervision.suspended', 'listings'));
  r.post('/listings/:id/lift', act('oversight/listing', listingLocals, liftListing, 'oversight.supervision.lifted', 'listings'));
  r.post('/deals/:id/suspend', act('oversight/deal', dealLocals, suspendDeal, 'oversight.supervision.suspended', 'deals'));
  r.post('/deals/:id/lift', act('oversight/deal', dealLocals, liftDeal, 'oversight.supervision.lifted', 'deals'));
  return r;
}
