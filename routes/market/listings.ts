import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { closeNow, chooseOffer } from '../../server/market/award';
import { consentScan, giveConsent, recordPaperConsent } from '../../server/market/consents';
import { scanPieces } from '../../server/market/scans';
import { acceptCounter, decideExit } from '../../server/market/exits';
import { listingPage } from '../../server/market/listing-view';
import { confirmListing, submitListing, withdrawListing } from '../../server/market/listings';
import { makeOffer, raiseOffer, withdrawOffer } from '../../server/market/offers';
import { approveListing, rejectListing } from '../../server/market/review';
import { loadListing } from '../../server/market/scope';
import { str } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';
import { formPost } from '../../server/platform/http/forms';
import { checkedScan, scanUpload } from './upload';

/** The listing page and every action taken on it: consent, review, offers, the choice of buyer. */
export function listingRouter(deps: RouterDeps): Router {
  const r = Router();
  const id = (req: Request) => req.params.id as string;
  const locals = async (req: Request) => {
    const page = await listingPage(deps.db, actorOf(req), id(req));
    return {
      title: req.t('market.listing.title', { kind: req.t(`registry.kindShort.${page.listing.rightKind}`), seller: page.seller.headName }),
      ...page,
    };
  };
  const back = (req: Request) => `/listings/${id(req)}`;
  const act = (flash: string, work: (req: Request) => Promise<unknown>, to: (req: Request, out: unknown) => string = back) =>
    formPost(
      'market/listing',
      locals,
      async (req, res) => {
        const out = await work(req);
        req.flash('success', req.t(flash));
        res.redirect(to(req, out));
      },
      MARKET_REFUSED,
    );

  r.get('/listings/:id', async (req, res) => {
    res.render('market/listing', { ...(await locals(req)), values: {}, errors: {} });
  });

  r.post(
    '/listings/:id/consent',
    requireRole('farmer'),
    act('market.flash.consented', (req) => giveConsent(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/paper-consents',
    requireRole('officer'),
    scanUpload(deps.csrf),
    act('market.flash.paperConsented', async (req) => {
      // Scope first (rule 12): a listing the officer may not see answers 404 before the file is looked at.
      await loadListing(deps.db, actorOf(req), id(req));
      return recordPaperConsent(deps.db, actorOf(req), id(req), str(req.body.memberId), checkedScan(req, req.res!));
    }),
  );
  r.get('/consents/:cid/scan', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    const scan = await consentScan(deps.db, actorOf(req), req.params.cid as string);
    // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
    res.set({ 'Content-Disposition': 'inline', 'Content-Length': String(scan.bytes), 'Cache-Control': 'no-store' }).type(scan.mime);
    try {
      await pipeline(Readable.from(scanPieces(deps.db, scan)), res);
    } catch (err) {
      req.log.error({ err }, 'consent scan download failed');
      res.destroy(err as Error);
    }
  });

  r.post(
    '/listings/:id/confirm',
    requireRole('farmer'),
    act('market.flash.confirmed', (req) => confirmListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/submit',
    requireRole('farmer', 'officer'),
    act('market.flash.submitted', (req) => submitListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/withdraw',
    requireRole('farmer', 'officer'),
    act('market.flash.withdrawn', (req) => withdrawListing(deps.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post(
    '/listings/:id/approve',
    requireRole('officer'),
    act('market.flash.approved', (req) => approveListing(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/reject',
    requireRole('officer'),
    act('market.flash.rejected', (req) => rejectListing(deps.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post(
    '/listings/:id/exit-decision',
    requireRole('officer'),
    act(
      'market.flash.exitDecided',
      (req) =>
        decideExit(deps.db, actorOf(req), id(req), {
          decision: req.body.decision,
          counterPrice: req.body.counterPrice,
          reason: req.body.reason,
        }),
      (req, out) => ((out as { deal?: { id: string } }).deal ? `/deals/${(out as { deal: { id: string } }).deal.id}` : back(req)),
    ),
  );
  r.post(
    '/listings/:id/accept-counter',
    requireRole('farmer'),
    act(
      'market.flash.dealMade',
      (req) => acceptCounter(deps.db, actorOf(req), id(req)),
      (_req, d) => `/deals/${(d as { id: string }).id}`,
    ),
  );

  r.post(
    '/listings/:id/offers',
    requireRole('farmer'),
    act('market.flash.offerMade', (req) => makeOffer(deps.db, actorOf(req), id(req), { price: req.body.price })),
  );
  r.post(
    '/listings/:id/offers/:oid/raise',
    requireRole('farmer'),
    act('market.flash.offerRaised', (req) => raiseOffer(deps.db, actorOf(req), req.params.oid as string, { price: req.body.price })),
  );
  r.post(
    '/listings/:id/offers/:oid/withdraw',
    requireRole('farmer'),
    act('market.flash.offerWithdrawn', (req) => withdrawOffer(deps.db, actorOf(req), req.params.oid as string)),
  );
  r.post(
    '/listings/:id/choose',
    requireRole('farmer'),
    act(
      'market.flash.dealMade',
      (req) => chooseOffer(deps.db, actorOf(req), id(req), str(req.body.offerId)),
      (_req, d) => `/deals/${(d as { id: string }).id}`,
    ),
  );
  r.post(
    '/listings/:id/close',
    requireRole('farmer', 'officer'),
    act(
      'market.flash.closed',
      (req) => closeNow(deps.db, actorOf(req), id(req)),
      (req, out) =>
        (out as { outcome: string; deal?: { id: string } }).deal ? `/deals/${(out as { deal: { id: string } }).deal.id}` : back(req),
    ),
  );
  return r;
}
