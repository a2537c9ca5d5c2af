import assert from 'node:assert/strict';
import { and, eq, isNull } from 'drizzle-orm';
import { notifications } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { addDays } from '../../server/kernel/clock';
import { markRead } from '../../server/market/notifications';
import { makeOffer, raiseOffer } from '../../server/market/offers';
import { startMarketSweep, sweepMarket } from '../../server/market/sweep';
import { listings } from '../../models/market';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { afterNotice, publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

describe('Market notifications: new listings, offers, decisions, deadlines', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  const noticesOf = (userId: string, kind?: string) =>
    h.db
      .select()
      .from(notifications)
      .where(kind ? and(eq(notifications.userId, userId), eq(notifications.kind, kind)) : eq(notifications.userId, userId));

  it("when a listing is published, then the collective's other members are told, the seller hears it was approved, and other collectives hear nothing (rules 8, 12)", async () => {
    const w = await httpWorld(h.db, app);
    const member = await w.buyer();
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 80000, shares: 5 }, clock.now());
    const [told] = await noticesOf(member.user.id, 'published');
    assert.equal(told.link, `/listings/${l.id}`);
    assert.equal((await noticesOf(w.seller.id, 'approved')).length, 1);
    assert.equal((await noticesOf(w.seller.id, 'published')).length, 0);
    assert.equal((await noticesOf(w.outsider.user.id)).length, 0);
    const page = await member.agent.get('/notifications').expect(200);
    assert.match(page.text, /本集体有新的股权挂牌：挂牌价 ¥800.00/);
    const home = await member.agent.get('/market').expect(200);
    assert.match(home.text, /class="badge count">1</, 'the menu shows one unread notice');
  });

  it('when offers are made and raised, then the seller is told the prices; the officer is told of submissions', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 80000, shares: 5 }, clock.now());
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 81000 }, clock.now());
    await raiseOffer(h.db, b.actor, o.id, { priceFen: 90000 }, clock.now());
    const kinds = (await noticesOf(w.seller.id)).map((n) => n.kind).sort();
    assert.deepEqual(kinds, ['approved', 'offerMade', 'offerRaised'], 'the seller is not told of their own actions');
    const officerUser = (await h.db.select().from(notifications).where(eq(notifications.kind, 'submitted'))).find(
      (n) => n.link === `/listings/${l.id}`,
    );
    assert.ok(officerUser, 'the officer was told of the submission');
    const page = await w.sellerAgent.get('/notifications').expect(200);
    assert.match(page.text, /有报价加价到 ¥900.00/);
  });

  it('when a notice period ends within a day, then seller and bidders are told once, however many instances sweep (deadlines)', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 80000, shares: 5 }, clock.now());
    const b = await w.buyer();
    await makeOffer(h.db, b.actor, l.id, { priceFen: 80000 }, clock.now());
    const soon = addDays(l.noticeEndsAt!, -0.5);
    await Promise.all([sweepMarket(h.db, soon), sweepMarket(h.db, soon), sweepMarket(h.db, addDays(soon, 0.1))]);
    assert.equal((await noticesOf(b.user.id, 'closingSoon')).filter((n) => n.link === `/listings/${l.id}`).length, 1);
    assert.equal((await noticesOf(w.seller.id, 'closingSoon')).length, 1);
    await sweepMarket(h.db, addDays(l.noticeEndsAt!, 0.01));
    assert.equal((await noticesOf(w.seller.id, 'chooseBuyer')).length, 1, 'at the end the seller is asked to choose');
  });

  it("when notices are marked read, then only the reader's own change, and the page is in the reader's language", async () => {
    const w = await httpWorld(h.db, app);
    const member = await w.buyer();
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 80000, shares: 5 }, clock.now());
    const [theirs] = await noticesOf(member.user.id);
    await markRead(h.db, w.seller, theirs.id, clock.now());
    assert.equal((await noticesOf(member.user.id))[0].readAt, null, "nobody marks another's notices");
    assert.equal((await postForm(member.agent, '/notifications/read', {})).status, 302);
    assert.equal(
      (
        await h.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, member.user.id), isNull(notifications.readAt)))
      ).length,
      0,
    );
    await member.agent.get('/lang/en');
    const en = await member.agent.get('/notifications').expect(200);
    assert.match(en.text, /New listing in your collective \(Shares\): asking ¥800.00/);
  });

  it('when the app runs, then the sweep job ends notice periods by the clock, with nobody opening a page (rule 8)', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 80000, shares: 5 }, clock.now());
    clock.set(afterNotice(l.reviewedAt!));
    const logged: object[] = [];
    const job = startMarketSweep(h.db, clock, { info: (o) => logged.push(o), error: (o) => logged.push(o) });
    await job.first;
    job.stop();
    const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.equal(row.status, 'expired', 'no offers: the listing ended and the right is free');
    assert.ok(logged.length >= 1);
  });
});
