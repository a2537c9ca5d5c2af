import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { LISTING_STATUSES } from '../../../models/market';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import type { Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import {
  acceptCounter,
  approveListing,
  choiceCommand,
  chooseOffer,
  closeNow,
  confirmListing,
  createListing,
  decideExit,
  exitDecisionCommand,
  giveConsent,
  listingPage,
  listingSizes,
  makeOffer,
  marketIndex,
  newListingCommand,
  offerPriceCommand,
  raiseOffer,
  rejectionCommand,
  rejectListing,
  Sent,
  submitListing,
  withdrawalCommand,
  withdrawListing,
  withdrawOffer,
} from '../../../server/market';
import { NotFound, ValidationError } from '../../../server/kernel/errors';
import { listingDetailJson, listingSummaryJson, offerJson } from '../market-json';
import { dealDetail } from './market-deals';

// The market's listings and offers for other systems: the same use cases as routes/market,
// behind the same role guards, so every rule, scope and suspension check is the web's. Bodies
// are parsed into the same commands as the web forms (server/market/commands.ts), money in fen.

/** The listing as this actor now sees it (the web page's read model). */
export async function listingDetail(db: Db, actor: Actor, id: string, at: Date) {
  const page = await listingPage(db, actor, id, at);
  return listingDetailJson(page, await listingSizes(db, [page.listing]));
}

/** An offer as its buyer sees it on the listing (with the buyer's name and code). */
async function offerDetail(db: Db, actor: Actor, listingId: string, offerId: string, at: Date) {
  const page = await listingPage(db, actor, listingId, at);
  const x = page.offers.find((o) => o.o.id === offerId);
  if (!x) throw new NotFound();
  return offerJson(x.o, { name: x.buyerName, code: x.buyerCode });
}

export function marketListingsApi(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  /** A step on a listing at the request's time, answered with the listing as it is afterwards. */
  const step = (work: (req: Request, at: Date) => Promise<unknown>) => async (req: Request, res: Response) => {
    await work(req, clock.now());
    res.json(await listingDetail(db, actorOf(req), id(req), clock.now()));
  };
  /** A step that concludes a deal, answered with the deal. */
  const dealMade = (res: Response, req: Request, deal: { id: string }) =>
    dealDetail(db, actorOf(req), deal.id).then((body) => res.status(201).location(`/api/v1/deals/${deal.id}`).json(body));

  r.get('/listings', async (req, res) => {
    const state = req.query.state;
    if (state !== undefined && (typeof state !== 'string' || !(LISTING_STATUSES as readonly string[]).includes(state))) {
      throw new ValidationError({ state: { code: 'invalidChoice' } });
    }
    const data = await marketIndex(db, actorOf(req), { state }, clock.now());
    res.json({ items: data.all.map(listingSummaryJson) });
  });
  r.get('/listings/:id', async (req, res) => {
    res.json(await listingDetail(db, actorOf(req), id(req), clock.now()));
  });

  r.post('/rights/:rightId/listings', requireRole('farmer', 'officer'), async (req, res) => {
    const l = await createListing(db, actorOf(req), req.params.rightId as string, Sent.json(newListingCommand, req.body), clock.now());
    res
      .status(201)
      .location(`/api/v1/listings/${l.id}`)
      .json(await listingDetail(db, actorOf(req), l.id, clock.now()));
  });

  r.post(
    '/listings/:id/confirm',
    requireRole('farmer'),
    step((req, at) => confirmListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/consent',
    requireRole('farmer'),
    step((req, at) => giveConsent(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/submit',
    requireRole('farmer', 'officer'),
    step((req, at) => submitListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/withdraw',
    requireRole('farmer', 'officer'),
    step((req, at) => withdrawListing(db, actorOf(req), id(req), Sent.json(withdrawalCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/approve',
    requireRole('officer'),
    step((req, at) => approveListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/reject',
    requireRole('officer'),
    step((req, at) => rejectListing(db, actorOf(req), id(req), Sent.json(rejectionCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/exit-decision',
    requireRole('officer'),
    step((req, at) => decideExit(db, actorOf(req), id(req), Sent.json(exitDecisionCommand, req.body), at)),
  );

  r.post('/listings/:id/accept-counter', requireRole('farmer'), async (req, res) => {
    await dealMade(res, req, await acceptCounter(db, actorOf(req), id(req), clock.now()));
  });
  r.post('/listings/:id/choose', requireRole('farmer'), async (req, res) => {
    await dealMade(res, req, await chooseOffer(db, actorOf(req), id(req), Sent.json(choiceCommand, req.body), clock.now()));
  });
  r.post('/listings/:id/close', requireRole('farmer', 'officer'), async (req, res) => {
    const out = await closeNow(db, actorOf(req), id(req), clock.now());
    res.json({
      outcome: out.outcome,
      dealId: out.outcome === 'awarded' ? out.deal.id : null,
      qualifiedOffers: out.outcome === 'awaitingChoice' ? out.count : null,
      listing: await listingDetail(db, actorOf(req), id(req), clock.now()),
    });
  });

  r.post('/listings/:id/offers', requireRole('farmer'), async (req, res) => {
    const o = await makeOffer(db, actorOf(req), id(req), Sent.json(offerPriceCommand, req.body), clock.now());
    res.status(201).json(await offerDetail(db, actorOf(req), o.listingId, o.id, clock.now()));
  });
  r.post('/offers/:id/raise', requireRole('farmer'), async (req, res) => {
    const o = await raiseOffer(db, actorOf(req), id(req), Sent.json(offerPriceCommand, req.body), clock.now());
    res.json(await offerDetail(db, actorOf(req), o.listingId, o.id, clock.now()));
  });
  r.post('/offers/:id/withdraw', requireRole('farmer'), async (req, res) => {
    const o = await withdrawOffer(db, actorOf(req), id(req), clock.now());
    res.json(await offerDetail(db, actorOf(req), o.listingId, o.id, clock.now()));
  });
  return r;
}
