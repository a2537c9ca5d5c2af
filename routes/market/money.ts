import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { dealPage, listingPage, moneyInCommand, recordDeposit, recordPrice, rejectionCommand, Sent, walkAway } from '../../server/market';
import { formPost } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';

/**
 * Issue 20: the market's money on the pages: the officer records a bidder's deposit (保证金) and a
 * supervised deal's price (资金监管) as received; the chosen buyer (or the officer) records that the
 * buyer walked away. A refused form comes back with its message beside the field.
 */
export function moneyRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  const listingLocals = async (req: Request) => {
    const page = await listingPage(db, actorOf(req), id(req), clock.now());
    return {
      title: req.t('market.listing.title', { kind: req.t(`registry.kindShort.${page.listing.rightKind}`), seller: page.seller.headName }),
      ...page,
    };
  };
  const dealLocals = async (req: Request) => {
    const page = await dealPage(db, actorOf(req), id(req));
    return { title: req.t('market.deal.title', { number: page.deal.number }), ...page };
  };
  const done = (
    view: string,
    locals: (req: Request) => Promise<object>,
    flash: string,
    to: string,
    work: (req: Request, at: Date) => Promise<unknown>,
  ) =>
    formPost(
      view,
      locals,
      async (req, res) => {
        await work(req, clock.now());
        req.flash('success', req.t(flash));
        res.redirect(`/${to}/${id(req)}`);
      },
      MARKET_REFUSED,
    );

  r.post(
    '/listings/:id/offers/:oid/deposit',
    requireRole('officer'),
    done('market/listing', listingLocals, 'money.flash.depositRecorded', 'listings', (req, at) =>
      recordDeposit(db, actorOf(req), req.params.oid as string, Sent.form(moneyInCommand, req.body), at),
    ),
  );
  r.post(
    '/deals/:id/escrow',
    requireRole('officer'),
    done('market/deal', dealLocals, 'money.flash.priceRecorded', 'deals', (req, at) =>
      recordPrice(db, actorOf(req), id(req), Sent.form(moneyInCommand, req.body), at),
    ),
  );
  r.post(
    '/deals/:id/walk-away',
    requireRole('farmer', 'officer'),
    done('market/deal', dealLocals, 'money.flash.walkedAway', 'deals', (req, at) =>
      walkAway(db, actorOf(req), id(req), Sent.form(rejectionCommand, req.body), at),
    ),
  );
  return r;
}
