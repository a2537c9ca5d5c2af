import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import { deals, listings } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerHomestead } from '../../server/registry/rights';
import { addDays } from '../../server/kernel/clock';
import { freshDb } from '../helpers/db';
import { homesteadInput } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 18 item 4 (rules 2, 9): the choose-buyer page offers one clear action and counts the
// offers that still qualify, the same the award counts; after the seller has signed the
// contract, withdrawal is neither offered nor accepted.

describe('Choosing the buyer and signing: one clear action (rules 2, 9, issue 18 item 4)', () => {
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

  async function homesteadWithTwoOffers() {
    const w = await httpWorld(h.db, app);
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const published = addDays(clock.now(), -11);
    const l = await publish(h.db, w, home.id, { path: 'transfer', askingPriceFen: 5000000 }, published);
    const [b1, b2] = [await w.buyer(), await w.buyer()];
    const o1 = await makeOffer(h.db, b1.actor, l.id, { priceFen: 5200000 }, published);
    const o2 = await makeOffer(h.db, b2.actor, l.id, { priceFen: 5100000 }, published);
    return { w, l, b1, b2, o1, o2 };
  }

  const chooseButtons = (html: string) => (html.match(/action="\/listings\/[^"]+\/choose"/g) ?? []).length;

  it('when the notice period is over with two offers, then the seller sees only the choice among them, and the count matches the buttons', async () => {
    const { w, l } = await homesteadWithTwoOffers();
    const page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /2 个有效报价/);
    assert.equal(chooseButtons(page.text), 2);
    assert.ok(!page.text.includes(`/listings/${l.id}/close`), 'no second, competing action');
    const officer = await w.officerAgent.get(`/listings/${l.id}`).expect(200);
    assert.ok(!officer.text.includes(`/listings/${l.id}/close`));
  });

  it('when a bidder no longer qualifies, then the page counts only the qualified offer, says why the other is out, and offers no choice of it (rule 4)', async () => {
    const { w, l, b2 } = await homesteadWithTwoOffers();
    await h.db.update(households).set({ homesteadEligible: false }).where(eq(households.id, b2.household.id));
    const page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /1 个有效报价/);
    assert.equal(chooseButtons(page.text), 1);
    assert.match(page.text, /不再符合条件/);
    assert.match(page.text, /不能再取得宅基地（规则 4/);
  });

  it('when the seller has signed, then neither the listing nor the deal page offers withdrawal, and a withdrawal is refused naming the signature (rule 2)', async () => {
    const { w, l, o1 } = await homesteadWithTwoOffers();
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o1.id }, clock.now());
    const before = await w.sellerAgent.get(`/deals/${d.id}`).expect(200);
    assert.ok(before.text.includes(`/deals/${d.id}/withdraw`), 'before signing the seller may still withdraw');
    await signDeal(h.db, w.seller, d.id, clock.now());
    for (const path of [`/listings/${l.id}`, `/deals/${d.id}`]) {
      const page = await w.sellerAgent.get(path).expect(200);
      assert.doesNotMatch(page.text, /\/withdraw"/, path);
    }
    const res = await postForm(w.sellerAgent, `/listings/${l.id}/withdraw`, { reason: '反悔' });
    assert.equal(res.status, 422);
    assert.match(res.text, /您已在合同上签字，不能再撤回挂牌/);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, l.id)))[0].status, 'in_deal');
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, d.id)))[0].status, 'signing');
  });
});
