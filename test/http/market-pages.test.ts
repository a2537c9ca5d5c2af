import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { listings, offers } from '../../models/market';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerShares } from '../../server/registry/rights';
import { suspendListing } from '../../server/oversight/suspension';
import { addDays } from '../../server/kernel/clock';
import type { Actor } from '../../server/kernel/actor';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

describe('Market pages: withdrawal, household pages, "my market"', () => {
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

  /** Shares on sale since `at` (now: open for offers). */
  async function onSale(at = clock.now()) {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, at);
    return { w, r, l };
  }

  it("when a right is listed, then the officer's household page shows the listing's state and days left", async () => {
    const { w, l } = await onSale();
    const page = await w.officerAgent.get(`/households/${w.sellerHh.id}`).expect(200);
    assert.ok(page.text.includes(`/listings/${l.id}`));
    assert.match(page.text, /公示中：查看挂牌/);
    assert.match(page.text, /剩余 10 天/);
  });

  it('when the holder withdraws before signing, then the listing ends, bidders are told, and the right is free (rule 2)', async () => {
    const { w, r, l } = await onSale();
    const b = await w.buyer();
    await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, clock.now());
    const res = await postForm(w.sellerAgent, `/listings/${l.id}/withdraw`, { reason: '暂不转让' });
    assert.equal(res.status, 302);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, l.id)))[0].status, 'withdrawn');
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, r.id)))[0].status, 'active');
    const notices = await b.agent.get('/notifications').expect(200);
    assert.match(notices.text, /股权挂牌已被撤回/);
  });

  it('when the contract is signed by both, then withdrawal is refused with rule 2', async () => {
    const published = addDays(clock.now(), -11);
    const { w, l } = await onSale(published);
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 100000 }, published);
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, clock.now());
    await signDeal(h.db, w.seller, d.id, clock.now());
    await signDeal(h.db, b.actor, d.id, clock.now());
    const res = await postForm(w.sellerAgent, `/listings/${l.id}/withdraw`, {});
    assert.equal(res.status, 422);
    assert.match(res.text, /合同已签订，不能再撤回挂牌/);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, l.id)))[0].status, 'in_deal');
  });

  it('when the bureau suspends a published listing, then no page offers a step its use case would refuse, and the offer is refused (flags from the rules)', async () => {
    const ended = await onSale(addDays(clock.now(), -11));
    const open = await onSale();
    const b = await open.w.buyer();
    const before = await b.agent.get(`/listings/${open.l.id}`).expect(200);
    assert.match(before.text, /id="offer-form"/);
    const seller = await ended.w.sellerAgent.get(`/listings/${ended.l.id}`).expect(200);
    assert.ok(seller.text.includes(`/listings/${ended.l.id}/close`), 'the seller may apply the end of the period');
    for (const x of [open, ended]) await suspendListing(h.db, bureau, x.l.id, { reason: '核查价格' }, clock.now());
    const page = await b.agent.get(`/listings/${open.l.id}`).expect(200);
    assert.doesNotMatch(page.text, /id="offer-form"/);
    const closed = await ended.w.sellerAgent.get(`/listings/${ended.l.id}`).expect(200);
    assert.ok(!closed.text.includes(`/listings/${ended.l.id}/close`));
    const refused = await postForm(b.agent, `/listings/${open.l.id}/offers`, { price: '1000' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /暂停/);
    assert.equal((await h.db.select().from(offers).where(eq(offers.listingId, open.l.id))).length, 0);
  });

  it("when a farmer opens 'my market', then their listings, offers and deals are listed with their state", async () => {
    const { w, l } = await onSale();
    const b = await w.buyer();
    await postForm(b.agent, `/listings/${l.id}/offers`, { price: '1234.5' });
    const mine = await b.agent.get('/market/mine').expect(200);
    assert.match(mine.text, /1,234.50/);
    assert.match(mine.text, /公示中/);
    const seller = await w.sellerAgent.get('/market/mine').expect(200);
    assert.ok(seller.text.includes(`/listings/${l.id}`));
  });

  it('when the phone-sized page is served, then it has the viewport meta, no script is required and every form carries its token', async () => {
    const { w, l } = await onSale();
    const b = await w.buyer();
    const page = await b.agent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /name="viewport" content="width=device-width/);
    const forms = page.text.match(/<form method="post"[^>]*>/g) ?? [];
    assert.ok(forms.length >= 1);
    const tokens = page.text.match(/name="_csrf"/g) ?? [];
    assert.ok(tokens.length >= forms.length);
    assert.match(page.text, /class="card confirm" id="offer-form" data-confirm=/);
  });
});
