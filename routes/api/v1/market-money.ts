import type { RouterDeps } from '../../../server/platform/deps';
import { Router, type Request } from 'express';
import { actorOf, requireRole } from '../../../server/platform/auth/guards';
import { dealPage, listingPage, moneyInCommand, recordDeposit, recordPrice, Sent } from '../../../server/market';
import { NotFound } from '../../../server/kernel/errors';
import { dealJson, offerJson } from '../market-json';

// Issue 20: the market's money for other systems, the same use cases as the pages
// (routes/market/money.ts): the officer records a bidder's deposit (保证金) and a supervised
// deal's price (资金监管) as received into the collective's account; money in integer fen.

export function marketMoneyApi(deps: RouterDeps): Router {
  const r = Router();
  const { db, clock } = deps;
  const id = (req: Request) => req.params.id as string;

  r.post('/offers/:id/deposit', requireRole('officer'), async (req, res) => {
    const at = clock.now();
    const o = await recordDeposit(db, actorOf(req), id(req), Sent.json(moneyInCommand, req.body), at);
    const page = await listingPage(db, actorOf(req), o.listingId, at);
    const x = page.offers.find((y) => y.o.id === o.id);
    if (!x) throw new NotFound();
    res.status(201).json(offerJson(x.o, { name: x.buyerName, code: x.buyerCode }));
  });
  r.post('/deals/:id/escrow', requireRole('officer'), async (req, res) => {
    await recordPrice(db, actorOf(req), id(req), Sent.json(moneyInCommand, req.body), clock.now());
    res.status(201).json(dealJson(await dealPage(db, actorOf(req), id(req))));
  });
  return r;
}
