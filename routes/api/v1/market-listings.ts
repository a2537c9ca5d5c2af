import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { LISTING_STATUSES } from '../../../models/market';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import type { Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import { chooseOffer, closeNow } from '../../../server/market/award';
import { giveConsent } from '../../../server/market/consents';
import { acceptCounter, decideExit } from '../../../server/market/exits';
import { listingPage, listingSizes, marketIndex } from '../../../server/market/listing-view';
import { confirmListing, createListing, submitListing, withdrawListing } from '../../../server/market/listings';
import { makeOffer, raiseOffer, withdrawOffer } from '../../../server/market/offers';
import { approveListing, rejectListing } from '../../../server/market/review';
import { loadListing } from '../../../server/market/scope';
import { NotFound, ValidationError } from '../../../server/kernel/errors';
import { listingDetailJson, listingSummaryJson, offerJson } from '../market-json';
import { dealDetail } from './market-deals';
import { fenAsYuan, renamed, uuidField } from './market-body';

// The market's listings and offers for other systems: the same use cases as routes/market,
// behind the same role guards, so every rule, scope and suspension check is the web's.

/** The listing as this actor now sees it (the web page's read model). */
export async function listingDetail(db: Db, actor: Actor, id: string) {
  const page = await listingPage(db, actor, id);
  return listingDetailJson(page, await listingSizes(db, [page.listing]));
}

/** An offer as its buyer sees it on the listing (with the buyer's name and code). */
async function offerDetail(db: Db, actor: Actor, listingId: string, offerId: string) {
  const page = await listingPage(db, actor, listingId);
  const x = page.offers.find((o) => o.o.id === offerId);
  if (!x) throw new NotFound();
  return offerJson(x.o, { name: x.buyerName, code: x.buyerCode });
}

const PRICE = { price: 'priceFen' };

export function marketListingsApi(deps: RouterDeps): Router {
  const r = Router();
  const id = (req: Request) => req.params.id as string;
  const detail = (req: Request) => listingDetail(deps.db, actorOf(req), id(req));
  /** A step on a listing, answered with the listing as it is afterwards. */
  const step =
    (work: (req: Request) => Promise<unknown>, names: Record<string, string> = {}) =>
    async (req: Request, res: Response) => {
      await renamed(names, () => work(req));
      res.json(await detail(req));
    };

  r.get('/listings', async (req, res) => {
    const state = req.query.state;
    if (state !== undefined && (typeof state !== 'string' || !(LISTING_STATUSES as readonly string[]).includes(state))) {
      throw new ValidationError({ state: { code: 'invalidChoice' } });
    }
    const data = await marketIndex(deps.db, actorOf(req), { state });
    res.json({ items: data.all.map(listingSummaryJson) });
  });
  r.get('/listings/:id', async (req, res) => {
    res.json(await detail(req));
  });

  r.post('/rights/:rightId/listings', requireRole('farmer', 'officer'), async (req, res) => {
    const b = req.body as Record<string, unknown>;
    const price = fenAsYuan(b, 'askingPriceFen');
    const l = await renamed(
      { askingPrice: 'askingPriceFen' },
      () =>
        createListing(deps.db, actorOf(req), req.params.rightId as string, {
          path: b.path,
          askingPrice: price.value,
          parcelIds: b.parcelIds,
          shares: b.shares,
        }),
      price.invalid ? ['askingPriceFen'] : [],
    );
    res
      .status(201)
      .location(`/api/v1/listings/${l.id}`)
      .json(await listingDetail(deps.db, actorOf(req), l.id));
  });

  r.post(
    '/listings/:id/confirm',
    requireRole('farmer'),
    step((req) => confirmListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/consent',
    requireRole('farmer'),
    step((req) => giveConsent(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/submit',
    requireRole('farmer', 'officer'),
    step((req) => submitListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/withdraw',
    requireRole('farmer', 'officer'),
    step((req) => withdrawListing(deps.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post(
    '/listings/:id/approve',
    requireRole('officer'),
    step((req) => approveListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/reject',
    requireRole('officer'),
    step((req) => rejectListing(deps.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post('/listings/:id/exit-decision', requireRole('officer'), async (req, res) => {
    const price = fenAsYuan(req.body, 'counterPriceFen');
    await renamed(
      { counterPrice: 'counterPriceFen' },
      () =>
        decideExit(deps.db, actorOf(req), id(req), {
          decision: req.body.decision,
          counterPrice: price.value,
          reason: req.body.reason,
        }),
      price.invalid ? ['counterPriceFen'] : [],
    );
    res.json(await detail(req));
  });

  // Steps that conclude a deal answer with the deal.
  r.post('/listings/:id/accept-counter', requireRole('farmer'), async (req, res) => {
    const d = await acceptCounter(deps.db, actorOf(req), id(req));
    res
      .status(201)
      .location(`/api/v1/deals/${d.id}`)
      .json(await dealDetail(deps.db, actorOf(req), d.id));
  });
  r.post('/listings/:id/choose', requireRole('farmer'), async (req, res) => {
    await loadListing(deps.db, actorOf(req), id(req)); // scope first (rule 12), then the body
    const offerId = uuidField(req.body, 'offerId')!;
    const d = await renamed({ price: 'offerId' }, () => chooseOffer(deps.db, actorOf(req), id(req), offerId));
    res
      .status(201)
      .location(`/api/v1/deals/${d.id}`)
      .json(await dealDetail(deps.db, actorOf(req), d.id));
  });
  r.post('/listings/:id/close', requireRole('farmer', 'officer'), async (req, res) => {
    const out = await closeNow(deps.db, actorOf(req), id(req));
    res.json({
      outcome: out.outcome,
      dealId: out.outcome === 'awarded' ? out.deal.id : null,
      qualifiedOffers: out.outcome === 'awaitingChoice' ? out.count : null,
      listing: await detail(req),
    });
  });

  r.post('/listings/:id/offers', requireRole('farmer'), async (req, res) => {
    const price = fenAsYuan(req.body, 'priceFen');
    const o = await renamed(
      PRICE,
      () => makeOffer(deps.db, actorOf(req), id(req), { price: price.value }),
      price.invalid ? ['priceFen'] : [],
    );
    res.status(201).json(await offerDetail(deps.db, actorOf(req), o.listingId, o.id));
  });
  r.post('/offers/:id/raise', requireRole('farmer'), async (req, res) => {
    const price = fenAsYuan(req.body, 'priceFen');
    const o = await renamed(
      PRICE,
      () => raiseOffer(deps.db, actorOf(req), id(req), { price: price.value }),
      price.invalid ? ['priceFen'] : [],
    );
    res.json(await offerDetail(deps.db, actorOf(req), o.listingId, o.id));
  });
  r.post('/offers/:id/withdraw', requireRole('farmer'), async (req, res) => {
    const o = await renamed(PRICE, () => withdrawOffer(deps.db, actorOf(req), id(req)));
    res.json(await offerDetail(deps.db, actorOf(req), o.listingId, o.id));
  });
  return r;
}
