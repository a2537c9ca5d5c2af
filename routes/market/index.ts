import type { RouterDeps } from '../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../server/platform/auth/guards';
import { createListing, listNotices, markRead, marketIndex, myMarket, newListingCommand, newListingPage, Sent } from '../../server/market';
import { formPost, pageNumber, str } from '../../server/platform/http/forms';
import { localPath } from '../../server/platform/http/local-path';
import { dealRouter } from './deals';
import { listingRouter } from './listings';
import { objectionRouter } from './objections';
import { moneyRouter } from './money';
import { escrowStatementRouter } from './escrow-statement';
import { noticeText } from './lib';

/** The transfer market (挂牌, offers, deals) and the notices it sends. */
export function marketRouter(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;

  r.get('/market', async (req, res) => {
    const data = await marketIndex(db, actorOf(req), { state: str(req.query.state) }, clock.now());
    res.render('market/index', { title: req.t('market.index.title'), ...data });
  });
  r.get('/market/mine', requireRole('farmer'), async (req, res) => {
    res.render('market/mine', { title: req.t('market.mine.title'), ...(await myMarket(db, actorOf(req), clock.now())) });
  });

  // "List this right": the holder farmer, or the collective's officer preparing a draft.
  const newLocals = async (req: Request) => {
    const page = await newListingPage(db, actorOf(req), req.params.rightId as string, clock.now());
    return { title: req.t('market.new.title', { kind: req.t(`registry.kindShort.${page.detail.right.kind}`) }), ...page };
  };
  r.get('/rights/:rightId/list', requireRole('farmer', 'officer'), async (req, res) => {
    const locals = await newLocals(req);
    const path = str(req.query.path) === 'exit' ? 'exit' : 'transfer';
    res.render('market/listing-new', { ...locals, values: { path, parcelIds: locals.activeParcelIds }, errors: {} });
  });
  r.post(
    '/rights/:rightId/listings',
    requireRole('farmer', 'officer'),
    formPost('market/listing-new', newLocals, async (req, res) => {
      const l = await createListing(db, actorOf(req), req.params.rightId as string, Sent.form(newListingCommand, req.body), clock.now());
      req.flash('success', req.t('market.flash.created'));
      res.redirect(`/listings/${l.id}`);
    }),
  );

  r.use(listingRouter(deps));
  r.use(objectionRouter(deps));
  r.use(dealRouter(deps));
  r.use(moneyRouter(deps));
  r.use(escrowStatementRouter(deps));

  r.get('/notifications', async (req, res) => {
    const data = await listNotices(db, actorOf(req), pageNumber(req.query.page));
    res.render('market/notifications', {
      title: req.t('market.notices.title'),
      ...data,
      items: data.list.map((n) => ({ ...n, text: noticeText(req.t, n) })),
    });
  });
  r.post('/notifications/read', async (req, res) => {
    await markRead(db, actorOf(req), str(req.body.id) || undefined, clock.now());
    res.redirect(localPath(req.body.next, '/notifications'));
  });
  return r;
}
