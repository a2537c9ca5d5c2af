import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  acceptCounter,
  approveListing,
  choiceCommand,
  chooseOffer,
  closeNow,
  confirmListing,
  consentScan,
  decideExit,
  exitDecisionCommand,
  giveConsent,
  listingPage,
  makeOffer,
  offerPriceCommand,
  raiseOffer,
  recordPaperConsent,
  rejectionCommand,
  rejectListing,
  scanPieces,
  Sent,
  submitListing,
  withdrawalCommand,
  withdrawListing,
  withdrawOffer,
} from '../../server/market';
import { formPost, str } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';
import { checkedScan, scanUpload } from './upload';

/** The listing page and every action taken on it: consent, review, offers, the choice of buyer. */
export function listingRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  const oid = (req: Request) => req.params.oid as string;
  const locals = async (req: Request) => {
    const page = await listingPage(db, actorOf(req), id(req), clock.now());
    return {
      title: req.t('market.listing.title', { kind: req.t(`registry.kindShort.${page.listing.rightKind}`), seller: page.seller.headName }),
      ...page,
    };
  };
  const back = (req: Request) => `/listings/${id(req)}`;
  /** A step on the listing: the use case at the request's time, then back to the page (or on to the deal it made). */
  const act = (flash: string, work: (req: Request, at: Date) => Promise<unknown>, to: (req: Request, out: unknown) => string = back) =>
    formPost(
      'market/listing',
      locals,
      async (req, res) => {
        const out = await work(req, clock.now());
        req.flash('success', req.t(flash));
        res.redirect(to(req, out));
      },
      MARKET_REFUSED,
    );
  const toDeal = (_req: Request, d: unknown) => `/deals/${(d as { id: string }).id}`;
  const toDealIfMade = (req: Request, out: unknown) => {
    const deal = (out as { deal?: { id: string } }).deal;
    return deal ? `/deals/${deal.id}` : back(req);
  };

  r.get('/listings/:id', async (req, res) => {
    res.render('market/listing', { ...(await locals(req)), values: {}, errors: {} });
  });

  r.post(
    '/listings/:id/consent',
    requireRole('farmer'),
    act('market.flash.consented', (req, at) => giveConsent(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/paper-consents',
    requireRole('officer'),
    scanUpload(deps.csrf),
    act('market.flash.paperConsented', (req, at) => {
      const sent = Sent.from(() => ({ memberId: str(req.body.memberId), scan: checkedScan(req, req.res!) }));
      return recordPaperConsent(db, actorOf(req), id(req), sent, at);
    }),
  );
  r.get('/consents/:cid/scan', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    const scan = await consentScan(db, actorOf(req), req.params.cid as string);
    // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
    res.set({ 'Content-Disposition': 'inline', 'Content-Length': String(scan.bytes), 'Cache-Control': 'no-store' }).type(scan.mime);
    try {
      await pipeline(Readable.from(scanPieces(db, scan)), res);
    } catch (err) {
      req.log.error({ err }, 'consent scan download failed');
      res.destroy(err as Error);
    }
  });

  r.post(
    '/listings/:id/confirm',
    requireRole('farmer'),
    act('market.flash.confirmed', (req, at) => confirmListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/submit',
    requireRole('farmer', 'officer'),
    act('market.flash.submitted', (req, at) => submitListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/withdraw',
    requireRole('farmer', 'officer'),
    act('market.flash.withdrawn', (req, at) => withdrawListing(db, actorOf(req), id(req), Sent.form(withdrawalCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/approve',
    requireRole('officer'),
    act('market.flash.approved', (req, at) => approveListing(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/listings/:id/reject',
    requireRole('officer'),
    act('market.flash.rejected', (req, at) => rejectListing(db, actorOf(req), id(req), Sent.form(rejectionCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/exit-decision',
    requireRole('officer'),
    act(
      'market.flash.exitDecided',
      (req, at) => decideExit(db, actorOf(req), id(req), Sent.form(exitDecisionCommand, req.body), at),
      toDealIfMade,
    ),
  );
  r.post(
    '/listings/:id/accept-counter',
    requireRole('farmer'),
    act('market.flash.dealMade', (req, at) => acceptCounter(db, actorOf(req), id(req), at), toDeal),
  );

  r.post(
    '/listings/:id/offers',
    requireRole('farmer'),
    act('market.flash.offerMade', (req, at) => makeOffer(db, actorOf(req), id(req), Sent.form(offerPriceCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/offers/:oid/raise',
    requireRole('farmer'),
    act('market.flash.offerRaised', (req, at) => raiseOffer(db, actorOf(req), oid(req), Sent.form(offerPriceCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/offers/:oid/withdraw',
    requireRole('farmer'),
    act('market.flash.offerWithdrawn', (req, at) => withdrawOffer(db, actorOf(req), oid(req), at)),
  );
  r.post(
    '/listings/:id/choose',
    requireRole('farmer'),
    act('market.flash.dealMade', (req, at) => chooseOffer(db, actorOf(req), id(req), Sent.form(choiceCommand, req.body), at), toDeal),
  );
  r.post(
    '/listings/:id/close',
    requireRole('farmer', 'officer'),
    act('market.flash.closed', (req, at) => closeNow(db, actorOf(req), id(req), at), toDealIfMade),
  );
  return r;
}
