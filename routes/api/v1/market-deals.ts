import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import type { Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import { dealPage } from '../../../server/market/deal-view';
import { confirmPayment, recordSettlement, signDeal } from '../../../server/market/deals';
import { withdrawListing } from '../../../server/market/listings';
import { listNotices, markRead, unreadCount } from '../../../server/market/notifications';
import { registerDeal } from '../../../server/market/registration';
import { parse, positiveInt } from '../../../server/kernel/fields';
import { noticeText } from '../../market/lib';
import { dealJson, noticeJson } from '../market-json';
import { uuidField } from './market-body';

// Deals (signing, payment, settlement, the registration change) and the notices the market
// sends, for other systems: the use cases and role guards of routes/market/deals.ts.

export async function dealDetail(db: Db, actor: Actor, id: string) {
  return dealJson(await dealPage(db, actor, id));
}

const pageQuery = z.object({ page: positiveInt(10_000).optional() });

export function marketDealsApi(deps: RouterDeps): Router {
  const r = Router();
  const id = (req: Request) => req.params.id as string;
  const step = (work: (req: Request) => Promise<unknown>) => async (req: Request, res: Response) => {
    await work(req);
    res.json(await dealDetail(deps.db, actorOf(req), id(req)));
  };

  r.get('/deals/:id', async (req, res) => {
    res.json(await dealDetail(deps.db, actorOf(req), id(req)));
  });
  r.post(
    '/deals/:id/sign',
    requireRole('farmer', 'officer'),
    step((req) => signDeal(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/confirm-payment',
    requireRole('farmer'),
    step((req) => confirmPayment(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/settle',
    requireRole('officer'),
    step((req) => recordSettlement(deps.db, actorOf(req), id(req))),
  );
  r.post(
    '/deals/:id/register',
    requireRole('officer'),
    step((req) => registerDeal(deps.db, actorOf(req), id(req))),
  );
  // Rule 2: the seller withdraws before both have signed; the deal is cancelled with the listing.
  r.post(
    '/deals/:id/withdraw',
    requireRole('farmer'),
    step(async (req) => {
      const page = await dealPage(deps.db, actorOf(req), id(req));
      return withdrawListing(deps.db, actorOf(req), page.deal.listingId, { reason: req.body.reason });
    }),
  );

  r.get('/notifications', async (req, res) => {
    const actor = actorOf(req);
    const { page } = parse(pageQuery, req.query);
    const data = await listNotices(deps.db, actor, page ?? 1);
    res.json({
      page: data.page,
      pages: data.pages,
      total: data.total,
      unread: await unreadCount(deps.db, actor),
      items: data.list.map((n) => noticeJson(n, noticeText(req.t, n))),
    });
  });
  // One notice (id) or, without an id, all of the caller's own notices.
  r.post('/notifications/read', async (req, res) => {
    const actor = actorOf(req);
    await markRead(deps.db, actor, uuidField(req.body, 'id', false));
    res.json({ unread: await unreadCount(deps.db, actor) });
  });
  return r;
}
