import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { listings, notifications, offers } from '../../../models/market';
import { rights } from '../../../models/rights';
import type { Handle } from '../../../server/platform/db';
import { chooseOffer, closeNow } from '../../../server/market/award';
import { addDays, addMonths } from '../../../server/kernel/clock';
import { daysLeft, effectiveState } from '../../../server/market/listing-state';
import { makeOffer, raiseOffer, withdrawOffer } from '../../../server/market/offers';
import { sweepMarket } from '../../../server/market/sweep';
import { registerHomestead, registerShares } from '../../../server/registry/rights';
import { freshDb } from '../../helpers/db';
import { homesteadInput } from '../../helpers/factories';
import { afterNotice, marketWorld, publish, rejectsWith, T0 } from '../../helpers/market';

describe('Market rules 8 and 9: notice period by the clock, choosing the buyer', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  async function listed(over: Record<string, unknown> = {}) {
    const w = await marketWorld(h.db, over);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 30 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 });
    return { w, r, l };
  }

  it("when a listing is approved, then its notice period is the collective's number of days, shown as days left (rule 8)", async () => {
    const { l } = await listed({ noticeDays: 5 });
    assert.equal(l.noticeEndsAt!.getTime() - l.reviewedAt!.getTime(), 5 * 24 * 3600 * 1000);
    assert.equal(effectiveState(l, l.reviewedAt!), 'open');
    assert.equal(daysLeft(l, addDays(l.reviewedAt!, 0.5)), 5);
    assert.equal(effectiveState(l, l.noticeEndsAt!), 'closed', 'ends by the clock, whether or not anyone opens a page');
    assert.equal(daysLeft(l, l.noticeEndsAt!), 0);
  });

  it('when the notice period is over, then offers, raises and withdrawals are refused (rule 8)', async () => {
    const { w, l } = await listed();
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, T0);
    const late = afterNotice();
    const c = await w.buyer();
    await rejectsWith(makeOffer(h.db, c.actor, l.id, { priceFen: 200000 }, late), 'rule8.periodOver');
    await rejectsWith(raiseOffer(h.db, b.actor, o.id, { priceFen: 200000 }, late), 'rule8.periodOver');
    await rejectsWith(withdrawOffer(h.db, b.actor, o.id, late), 'rule8.periodOver');
    const [row] = await h.db.select().from(offers).where(eq(offers.id, o.id));
    assert.equal(row.priceFen, 100000);
    assert.equal(row.status, 'active');
  });

  it('when the seller tries to choose a buyer during the notice period, then it is refused (rule 8)', async () => {
    const { w, l } = await listed();
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, T0);
    await rejectsWith(chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, T0), 'rule8.periodRunning');
  });

  it('when three or more qualified offers exist at the end, then the sweep awards the highest, earliest on a tie (rule 9)', async () => {
    const { w, l } = await listed();
    const [a, b, c] = [await w.buyer(), await w.buyer(), await w.buyer()];
    const minute = (n: number) => new Date(T0.getTime() + n * 60_000);
    await makeOffer(h.db, a.actor, l.id, { priceFen: 110000 }, minute(1));
    const ob = await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, minute(2));
    await raiseOffer(h.db, b.actor, ob.id, { priceFen: 130000 }, minute(3));
    await makeOffer(h.db, c.actor, l.id, { priceFen: 130000 }, minute(4));
    const at = afterNotice();
    await rejectsWith(chooseOffer(h.db, w.seller, l.id, { offerId: ob.id }, at), 'rule9.bidding');
    const result = await sweepMarket(h.db, at);
    assert.equal(result.awarded, 1);
    const rows = await h.db.select().from(offers).where(eq(offers.listingId, l.id));
    assert.deepEqual(rows.map((o) => [o.buyerHouseholdId === b.household.id, o.status]).sort(), [
      [false, 'lost'],
      [false, 'lost'],
      [true, 'won'],
    ]);
    assert.equal((await sweepMarket(h.db, at)).awarded, 0, 'a second pass (another instance) does nothing');
  });

  it('when one or two offers exist at the end, then the seller chooses, even the lower one, and is told once (rule 9)', async () => {
    const { w, l } = await listed();
    const [a, b] = [await w.buyer(), await w.buyer()];
    const low = await makeOffer(h.db, a.actor, l.id, { priceFen: 90000 }, T0);
    await makeOffer(h.db, b.actor, l.id, { priceFen: 150000 }, T0);
    const at = afterNotice();
    assert.equal((await sweepMarket(h.db, at)).awaitingChoice, 1);
    assert.equal((await sweepMarket(h.db, addDays(at, 1))).awaitingChoice, 0);
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'chooseBuyer'), eq(notifications.link, `/listings/${l.id}`)));
    assert.equal(told.length, 1);
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: low.id }, at);
    assert.equal(d.priceFen, 90000);
  });

  it('when nobody offered, then the listing expires at the end and the right is free again (rule 8)', async () => {
    const { r, l } = await listed();
    const out = await closeNow(h.db, (await marketWorld(h.db)).officer, l.id, afterNotice()).catch((e) => e);
    assert.equal(out.code, 'notFound', "another collective's officer cannot close it");
    await sweepMarket(h.db, afterNotice());
    const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.equal(row.status, 'expired');
    const [right] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(right.status, 'active');
  });

  it('when a bidder meanwhile got a homestead, then their offer no longer counts and bidding becomes negotiation (rules 4, 9)', async () => {
    const w = await marketWorld(h.db);
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const l = await publish(h.db, w, home.id, { path: 'transfer', askingPriceFen: 10000000 });
    const bs = [await w.buyer(), await w.buyer(), await w.buyer()];
    for (const [i, b] of bs.entries()) await makeOffer(h.db, b.actor, l.id, { priceFen: (100000 + i * 1000) * 100 }, T0);
    await registerHomestead(h.db, w.officer, bs[2].household.id, homesteadInput(w.c));
    const out = await closeNow(h.db, w.officer, l.id, afterNotice());
    assert.deepEqual(out, { outcome: 'awaitingChoice', count: 2 });
  });

  it('when months are added to a date, then the day is kept or clamped to the month end (rule 6 notice)', () => {
    assert.equal(addMonths(new Date('2026-08-31T02:00:00Z'), 6).toISOString(), '2027-02-28T02:00:00.000Z');
    assert.equal(addMonths(new Date('2026-01-15T00:00:00Z'), 6).toISOString(), '2026-07-15T00:00:00.000Z');
  });
});
