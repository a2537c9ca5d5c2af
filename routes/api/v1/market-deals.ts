import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import type { Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import {
  confirmPayment,
  dealPage,
  listNotices,
  markRead,
  noticeChoice,
  recordSettlement,
  registerDeal,
  Sent,
  signDeal,
  unreadCount,
  withdrawalCommand,
  withdrawFromDeal,
} from '../../../server/market';
import { parse, positiveInt } from '../../../server/kernel/fields';
import { noticeText } from '../../market/lib';
import { dealJson, noticeJson } from '../market-json';

// Deals (signing, payment, settlement, the registration change) and the notices the market
// sends, for other systems: the use cases and role guards of routes/market/deals.ts.

export async function dealDetail(db: Db, actor: Actor, id: string) {
  return dealJson(await dealPage(db, actor, id));
}

const pageQuery = z.object({ page: positiveInt(10_000).optional() });

export function marketDealsApi(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;
  /** A step on the deal at the request's time, answered with the deal as it is afterwards. */
  const step = (work: (req: Request, at: Date) => Promise<unknown>) => async (req: Request, res: Response) => {
    await work(req, clock.now());
    res.json(await dealDetail(db, actorOf(req), id(req)));
  };

  r.get('/deals/:id', async (req, res) => {
    res.json(await dealDetail(db, actorOf(req), id(req)));
  });
  r.post(
    '/deals/:id/sign',
    requireRole('farmer', 'officer'),
    step((req, at) => signDeal(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/confirm-payment',
    requireRole('farmer'),
    step((req, at) => confirmPayment(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/settle',
    requireRole('officer'),
    step((req, at) => recordSettlement(db, actorOf(req), id(req), at)),
  );
  r.post(
    '/deals/:id/register',
    requireRole('officer'),
    step((req, at) => registerDeal(db, actorOf(req), id(req), at)),
  );
  // Rule 2: the seller withdraws before both have signed; the deal is cancelled with the listing.
  r.post(
    '/deals/:id/withdraw',
    requireRole('farmer'),
    step((req, at) => withdrawFromDeal(db, actorOf(req), id(req), Sent.json(withdrawalCommand, req.body), at)),
  );

  r.get('/notifications', async (req, res) => {
    const actor = actorOf(req);
    const { page } = parse(pageQuery, req.query);
    const data = await listNotices(db, actor, page ?? 1);
    res.json({
      page: data.page,
      pages: data.pages,
      total: data.total,
      unread: await unreadCount(db, actor),
      items: data.list.map((n) => noticeJson(n, noticeText(req.t, n))),
    });
  });
  // One notice (id) or, without an id, all of the caller's own notices.
  r.post('/notifications/read', async (req, res) => {
    const actor = actorOf(req);
    await markRead(db, actor, parse(noticeChoice, req.body).id ?? undefined, clock.now());
    res.json({ unread: await unreadCount(db, actor) });
  });
  return r;
}
