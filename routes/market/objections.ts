import { Router, type Request } from 'express';
import type { RouterDeps } from '../../server/platform/deps';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { decideObjection, findingCommand, listingPage, lodgeObjection, objectionCommand, reconsent, Sent } from '../../server/market';
import { formPost } from '../../server/platform/http/forms';
import { MARKET_REFUSED } from './lib';

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
    act('market.flash.objected', (req, at) => lodgeObjection(db, actorOf(req), id(req), Sent.form(objectionCommand, req.body), at)),
  );
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
