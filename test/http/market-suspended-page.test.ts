import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { notifications } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { makeOffer } from '../../server/market/offers';
import { registerShares } from '../../server/registry/rights';
import { liftListing, suspendListing } from '../../server/oversight/suspension';
import type { Actor } from '../../server/kernel/actor';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 18 item 1 (rule 12, supervision): a listing the bureau suspended looks suspended to
// everyone — 已暂停, the reason and the bureau, no countdown and no step it would refuse — and
// the seller and every bidder are told, when it is suspended and when it is lifted.

describe('A suspended listing looks suspended (rule 12, issue 18 item 1)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  let bureau: Actor;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    bureau = (await makeUser(h.db, 'bureau', { regionCode: '440200' })).actor;
  });
  after(async () => {
    await h.close();
  });

  const noticesFor = (userId: string, kind: string) =>
    h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it('when the bureau suspends a published listing, then its page shows 已暂停 with the reason and the bureau, no countdown or offer forms, and seller and bidders are told; lifting restores it and tells them', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, clock.now());
    const b = await w.buyer();
    await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, clock.now());
    const before = await b.agent.get(`/listings/${l.id}`).expect(200);
    assert.match(before.text, /公示中/);
    assert.match(before.text, /\/offers\/[0-9a-f-]+\/raise/);

    await suspendListing(h.db, bureau, l.id, { reason: '群众反映价格明显偏低' }, clock.now());
    for (const agent of [b.agent, w.sellerAgent]) {
      const page = await agent.get(`/listings/${l.id}`).expect(200);
      assert.match(page.text, /class="badge state-suspended">已暂停</);
      assert.match(page.text, /群众反映价格明显偏低/);
      assert.match(page.text, /韶关市农业农村局于/);
      assert.doesNotMatch(page.text, /公示中/);
      assert.doesNotMatch(page.text, /剩余 \d+ 天/);
      assert.doesNotMatch(page.text, /\/raise"|id="offer-form"|\/offers\/[0-9a-f-]+\/withdraw"/);
    }
    const mine = await b.agent.get('/market/mine').expect(200);
    assert.match(mine.text, /已暂停/);
    assert.equal((await noticesFor(b.user.id, 'listingSuspended')).length, 1, 'the bidder is told');
    const inbox = await b.agent.get('/notifications').expect(200);
    assert.match(inbox.text, /暂停了挂牌的办理：群众反映价格明显偏低/);

    await liftListing(h.db, bureau, l.id, { reason: '核查无误' }, clock.now());
    const after = await b.agent.get(`/listings/${l.id}`).expect(200);
    assert.match(after.text, /公示中/);
    assert.doesNotMatch(after.text, /已暂停/);
    assert.match(after.text, /\/offers\/[0-9a-f-]+\/raise/);
    assert.equal((await noticesFor(b.user.id, 'listingLifted')).length, 1, 'the bidder is told of the lifting');
  });
});
