import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { canWriteRegistry } from '../../server/kernel/actor';
import { myMarket } from '../../server/market/deal-view';
import { marketIndex } from '../../server/market/listing-view';
import { createListing } from '../../server/market/listings';
import { listNotices, markRead } from '../../server/market/notifications';
import { loadHousehold } from '../../server/registry/households';
import { loadRight } from '../../server/registry/rights';
import { rightDetails } from '../../server/registry/rights-view';
import { Forbidden } from '../../server/kernel/errors';
import { formPost, pageNumber, str } from '../../server/platform/http/forms';
import { localPath } from '../../server/platform/http/local-path';
import { dealRouter } from './deals';
import { listingRouter } from './listings';
import { noticeText } from './lib';

/** The transfer market (挂牌, offers, deals) and the notices it sends. */
export function marketRouter(deps: RouterDeps): Router {
  const r = Router();

  r.get('/market', async (req, res) => {
    const data = await marketIndex(deps.db, actorOf(req), { state: str(req.query.state) });
    res.render('market/index', { title: req.t('market.index.title'), ...data });
  });
  r.get('/market/mine', requireRole('farmer'), async (req, res) => {
    res.render('market/mine', { title: req.t('market.mine.title'), ...(await myMarket(deps.db, actorOf(req))) });
  });

  // "List this right": the holder farmer, or the collective's officer preparing a draft.
  const newLocals = async (req: Request) => {
    const actor = actorOf(req);
    const right = await loadRight(deps.db, actor, req.params.rightId as string);
    if (!(actor.role === 'farmer' && actor.householdId === right.householdId) && !canWriteRegistry(actor, right)) throw new Forbidden();
    const [detail] = await rightDetails(deps.db, { rightIds: [right.id] });
    const household = await loadHousehold(deps.db, actor, right.householdId);
    return {
      title: req.t('market.new.title', { kind: req.t(`registry.kindShort.${right.kind}`) }),
      detail,
      household,
      byOfficer: actor.role === 'officer',
    };
  };
  r.get('/rights/:rightId/list', requireRole('farmer', 'officer'), async (req, res) => {
    const locals = await newLocals(req);
    const path = str(req.query.path) === 'exit' ? 'exit' : 'transfer';
    res.render('market/listing-new', {
      ...locals,
      values: { path, parcelIds: (locals.detail.parcels ?? []).filter((p) => p.status === 'active').map((p) => p.id) },
      errors: {},
    });
  });
  r.post(
    '/rights/:rightId/listings',
    requireRole('farmer', 'officer'),
    formPost('market/listing-new', newLocals, async (req, res) => {
      const l = await createListing(deps.db, actorOf(req), req.params.rightId as string, {
        path: req.body.path,
        askingPrice: req.body.askingPrice,
        parcelIds: req.body.parcelIds,
        shares: req.body.shares,
      });
      req.flash('success', req.t('market.flash.created'));
      res.redirect(`/listings/${l.id}`);
    }),
  );

  r.use(listingRouter(deps));
  r.use(dealRouter(deps));

  r.get('/notifications', async (req, res) => {
    const data = await listNotices(deps.db, actorOf(req), pageNumber(req.query.page));
    res.render('market/notifications', {
      title: req.t('market.notices.title'),
      ...data,
      items: data.list.map((n) => ({ ...n, text: noticeText(req.t, n) })),
    });
  });
  r.post('/notifications/read', async (req, res) => {
    await markRead(deps.db, actorOf(req), str(req.body.id) || undefined);
    res.redirect(localPath(req.body.next, '/notifications'));
  });
  return r;
}
