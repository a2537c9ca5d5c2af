import { Router, type Request } from 'express';
import type { RouterDeps } from '../../server/platform/deps';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import {
  decideObjection,
  findingCommand,
  listingPage,
  lodgeObjection,
  objectionAttachment,
  objectionCommand,
  reconsent,
  Sent,
} from '../../server/market';
import { formPost } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';
import { checkedEvidence, evidenceUpload } from './upload';

/** Objections (异议) on a published listing (issue 20): lodged, decided with reasons, or ended by a member's renewed consent. */
export function objectionRouter(deps: RouterDeps): Router {
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
  const act = (flash: string, work: (req: Request, at: Date) => Promise<unknown>) =>
    formPost(
      'market/listing',
      locals,
      async (req, res) => {
        await work(req, clock.now());
        req.flash('success', req.t(flash));
        res.redirect(`/listings/${id(req)}#objections`);
      },
      MARKET_REFUSED,
    );

  r.post(
    '/listings/:id/objections',
    requireRole('farmer', 'officer'),
    evidenceUpload(deps.csrf),
    act('market.flash.objected', (req, at) =>
      lodgeObjection(db, actorOf(req), id(req), Sent.form(objectionCommand, req.body), checkedEvidence(req, req.res!), at),
    ),
  );
  // The evidence, to those who see the objection: the officer deciding it, the seller's household, oversight, its objector.
  r.get('/objections/:oid/attachment', requireRole('officer', 'bureau', 'admin', 'farmer'), async (req, res) => {
    const file = await objectionAttachment(db, actorOf(req), oid(req));
    // May hold personal data (rule 14): not kept by shared caches or the browser's cache.
    res.set({ 'Content-Disposition': 'inline', 'Cache-Control': 'no-store' }).type(file.mime).send(file.bytes);
  });
  r.post(
    '/listings/:id/objections/:oid/finding',
    requireRole('officer'),
    act('market.flash.objectionDecided', (req, at) => decideObjection(db, actorOf(req), oid(req), Sent.form(findingCommand, req.body), at)),
  );
  r.post(
    '/listings/:id/objections/:oid/reconsent',
    requireRole('farmer', 'officer'),
    act('market.flash.reconsented', (req, at) => reconsent(db, actorOf(req), oid(req), at)),
  );
  return r;
}
