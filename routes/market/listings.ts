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
import { actionPost } from './lib';
import { checkedScan, scanUpload } from './upload';

/** The listing page and every action taken on it: consent, review, offers, the choice of buyer. */
export function listingRouter(): Router {
  const r = Router();
  const id = (req: Request) => req.params.id as string;
  const locals = async (req: Request) => {
    const page = await listingPage(req.db, actorOf(req), id(req));
    return {
      title: req.t('market.listing.title', { kind: req.t(`registry.kindShort.${page.listing.rightKind}`), seller: page.seller.headName }),
      ...page,
    };
  };
  const back = (req: Request) => `/listings/${id(req)}`;
  const act = (flash: string, work: (req: Request) => Promise<unknown>, to: (req: Request, out: unknown) => string = back) =>
    actionPost('market/listing', locals, async (req, res) => {
      const out = await work(req);
      req.flash('success', req.t(flash));
      res.redirect(to(req, out));
    });

  r.get('/listings/:id', async (req, res) => {
    res.render('market/listing', { ...(await locals(req)), values: {}, errors: {} });
  });

  r.post(
    '/listings/:id/consent',
    requireRole('farmer'),
    act('market.flash.consented', (req) => giveConsent(req.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/paper-consents',
    requireRole('officer'),
    scanUpload,
    act('market.flash.paperConsented', async (req) => {
      // Scope first (rule 12): a listing the officer may not see answers 404 before the file is looked at.
      await loadListing(req.db, actorOf(req), id(req));
      return recordPaperConsent(req.db, actorOf(req), id(req), str(req.body.memberId), checkedScan(req, req.res!));
    }),
  );
  r.get('/consents/:cid/scan', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    const scan = await consentScan(req.db, actorOf(req), req.params.cid as string);
    // Personal data (rule 14): not to be kept by shared caches or the browser's cache.
    res.set({ 'Content-Disposition': 'inline', 'Content-Length': String(scan.bytes), 'Cache-Control': 'no-store' }).type(scan.mime);
    try {
      await pipeline(Readable.from(scanPieces(req.db, scan)), res);
    } catch (err) {
      req.log.error({ err }, 'consent scan download failed');
      res.destroy(err as Error);
    }
  });

  r.post(
    '/listings/:id/confirm',
    requireRole('farmer'),
    act('market.flash.confirmed', (req) => confirmListing(req.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/submit',
    requireRole('farmer', 'officer'),
    act('market.flash.submitted', (req) => submitListing(req.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/withdraw',
    requireRole('farmer', 'officer'),
    act('market.flash.withdrawn', (req) => withdrawListing(req.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post(
    '/listings/:id/approve',
    requireRole('officer'),
    act('market.flash.approved', (req) => approveListing(req.db, actorOf(req), id(req))),
  );
  r.post(
    '/listings/:id/reject',
    requireRole('officer'),
    act('market.flash.rejected', (req) => rejectListing(req.db, actorOf(req), id(req), { reason: req.body.reason })),
  );
  r.post(
    '/listings/:id/exit-decision',
    requireRole('officer'),
    act(
      'market.flash.exitDecided',
      (req) =>
        decideExit(req.db, actorOf(req), id(req), {
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
      (req) => acceptCounter(req.db, actorOf(req), id(req)),
      (_req, d) => `/deals/${(d as { id: string }).id}`,
    ),
  );

  r.post(
    '/listings/:id/offers',
    requireRole('farmer'),
    act('market.flash.offerMade', (req) => makeOffer(req.db, actorOf(req), id(req), { price: req.body.price })),
  );
  r.post(
    '/listings/:id/offers/:oid/raise',
    requireRole('farmer'),
    act('market.flash.offerRaised', (req) => raiseOffer(req.db, actorOf(req), req.params.oid as string, { price: req.body.price })),
  );
  r.post(
    '/listings/:id/offers/:oid/withdraw',
    requireRole('farmer'),
    act('market.flash.offerWithdrawn', (req) => withdrawOffer(req.db, actorOf(req), req.params.oid as string)),
  );
  r.post(
    '/listings/:id/choose',
    requireRole('farmer'),
    act(
      'market.flash.dealMade',
      (req) => chooseOffer(req.db, actorOf(req), id(req), str(req.body.offerId)),
      (_req, d) => `/deals/${(d as { id: string }).id}`,
    ),
  );
  r.post(
    '/listings/:id/close',
    requireRole('farmer', 'officer'),
    act(
      'market.flash.closed',
      (req) => closeNow(req.db, actorOf(req), id(req)),
      (req, out) =>
        (out as { outcome: string; deal?: { id: string } }).deal ? `/deals/${(out as { deal: { id: string } }).deal.id}` : back(req),
    ),
  );
  return r;
}
