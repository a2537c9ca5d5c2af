import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { escrowEntries } from '../../models/escrow';
import { deals, listings, offers } from '../../models/market';
import { collectives } from '../../models/regions';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { sweepMarket } from '../../server/market/sweep';
import { balance, heldForDeal, heldForOffer } from '../../server/market/money-rules';
import { registerHomestead } from '../../server/registry/rights';
import { addDays, shanghaiDate } from '../../server/kernel/clock';
import { freshDb } from '../helpers/db';
import { homesteadInput } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 20 items 2 and 3: the bidding deposit (保证金) and the supervised payment of the price
// (资金监管), through the pages as the officer, the bidders and the seller use them, and in the
// supervised account's rows: every figure reconciles to the fen.

const DEPOSIT = 50_000; // 500 元
const ASKING = 5_000_000;

describe('The market’s money: deposits and supervised payment (issue 20 items 2, 3)', () => {
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

  const money = async (listingId: string) => h.db.select().from(escrowEntries).where(eq(escrowEntries.listingId, listingId));
  const slip = (ref: string) => ({ valueDate: shanghaiDate(clock.now()), bankReference: ref });

  /** A supervised collective asking a 500 元 deposit; a homestead published now with `n` bidders' offers. */
  async function bidding(n: number, forfeitTo: 'collective' | 'seller' | 'none' = 'collective') {
    clock.set('2026-03-10T02:00:00Z');
    const w = await httpWorld(h.db, app);
    await h.db
      .update(collectives)
      .set({ depositFen: DEPOSIT, depositPercent: 0, depositForfeitTo: forfeitTo, supervisedPayment: true })
      .where(eq(collectives.id, w.c.id));
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const l = await publish(h.db, w, home.id, { path: 'transfer', askingPriceFen: ASKING }, clock.now());
    const bidders = [];
    for (let i = 0; i < n; i++) {
      const b = await w.buyer();
      const o = await makeOffer(h.db, b.actor, l.id, { priceFen: ASKING + (n - i) * 10_000 }, clock.now());
      bidders.push({ ...b, offer: o });
    }
    return { w, l, home, bidders };
  }

  /** The period ends: the clock moves 11 days on, and the sessions (idle by then) sign in again. */
  async function periodEnds(
    w: { sellerAgent: { signIn(): Promise<void> }; officerAgent: { signIn(): Promise<void> } },
    bidders: { agent: { signIn(): Promise<void> } }[],
  ) {
    clock.set(addDays(clock.now(), 11));
    for (const a of [w.sellerAgent, w.officerAgent, ...bidders.map((b) => b.agent)]) await a.signIn();
  }

  const deposit = (w: Awaited<ReturnType<typeof bidding>>['w'], listingId: string, offerId: string, amount: string, ref = 'DEP-1') =>
    postForm(w.officerAgent, `/listings/${listingId}/offers/${offerId}/deposit`, { offerId, amount, ...slip(ref) });

  it('when the charter asks a deposit, then publication fixes it on the listing and the page shows it to bidders and seller, and a later charter change does not alter it', async () => {
    const { w, l, bidders } = await bidding(1);
    const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.equal(row.depositFen, DEPOSIT);
    await h.db.update(collectives).set({ depositFen: 99_900 }).where(eq(collectives.id, w.c.id));
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, l.id)))[0].depositFen, DEPOSIT);
    const bidderPage = await bidders[0].agent.get(`/listings/${l.id}`).expect(200);
    assert.match(bidderPage.text, /出价须交竞买保证金 ¥500\.00/);
    assert.match(bidderPage.text, /保证金未到账，报价暂不计入/);
    const sellerPage = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(sellerPage.text, /出价须交竞买保证金 ¥500\.00/);
    assert.match(sellerPage.text, /0 个有效报价/);
  });

  it('when a bidding has three offers, one withdrawal and one forfeit, then every deposit and price reconciles to the fen, per offer and per deal', async () => {
    const { w, l, bidders } = await bidding(3, 'seller');
    const [b1, b2, b3] = bidders;
    for (const [i, b] of bidders.entries()) assert.equal((await deposit(w, l.id, b.offer.id, '500.00', `DEP-${i}`)).status, 302);
    let page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /3 个有效报价/);
    assert.equal((page.text.match(/保证金 ¥500\.00 已到账/g) ?? []).length, 3);
    // One bidder withdraws: refunded at once.
    assert.equal((await postForm(b3.agent, `/listings/${l.id}/offers/${b3.offer.id}/withdraw`, {})).status, 302);
    page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /2 个有效报价/);
    // The period ends; the seller chooses among the two (negotiation): the loser is refunded, the winner credited.
    await periodEnds(w, bidders);
    const chose = await postForm(w.sellerAgent, `/listings/${l.id}/choose`, { offerId: b1.offer.id });
    assert.equal(chose.status, 302);
    const [deal] = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
    assert.equal(deal.supervised, true);
    let rows = await money(l.id);
    assert.equal(heldForOffer(rows, b1.offer.id), 0);
    assert.equal(heldForOffer(rows, b2.offer.id), 0);
    assert.equal(heldForOffer(rows, b3.offer.id), 0);
    assert.equal(heldForDeal(rows, deal.id), DEPOSIT);
    assert.deepEqual(
      rows
        .filter((r) => r.kind === 'deposit_refund')
        .map((r) => r.householdId)
        .sort(),
      [b2.household.id, b3.household.id].sort(),
    );
    // Both sign; the buyer pays the rest in; then walks away: the deposit is forfeited to the seller, the rest refunded.
    await signDeal(h.db, w.seller, deal.id, clock.now());
    await signDeal(h.db, b1.actor, deal.id, clock.now());
    const due = deal.priceFen - DEPOSIT;
    assert.equal(
      (await postForm(w.officerAgent, `/deals/${deal.id}/escrow`, { amount: (due / 100).toFixed(2), ...slip('PRICE-1') })).status,
      302,
    );
    const walked = await postForm(b1.agent, `/deals/${deal.id}/walk-away`, { reason: '家里另有安排' });
    assert.equal(walked.status, 302);
    rows = await money(l.id);
    const forfeit = rows.filter((r) => r.kind === 'deposit_forfeit');
    assert.deepEqual(
      forfeit.map((r) => [r.amountFen, r.householdId, r.note]),
      [[DEPOSIT, w.sellerHh.id, 'seller']],
    );
    assert.deepEqual(
      rows.filter((r) => r.kind === 'price_refund').map((r) => [r.amountFen, r.householdId]),
      [[due, b1.household.id]],
    );
    // Reconciliation: money in less money out is what is still held, per offer and per deal; here nothing.
    const ins = rows.filter((r) => r.kind.endsWith('_in')).reduce((s, r) => s + r.amountFen, 0);
    const outs = rows
      .filter((r) => ['deposit_refund', 'deposit_forfeit', 'price_release', 'price_refund'].includes(r.kind))
      .reduce((s, r) => s + r.amountFen, 0);
    assert.equal(ins, 3 * DEPOSIT + due);
    assert.equal(ins - outs, balance(rows));
    const held = bidders.reduce((s, b) => s + heldForOffer(rows, b.offer.id), 0) + heldForDeal(rows, deal.id);
    assert.equal(balance(rows), held);
    assert.equal(held, 0);
    const [after] = await h.db.select().from(deals).where(eq(deals.id, deal.id));
    assert.equal(after.status, 'cancelled');
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, deal.rightId!)))[0].status, 'active');
    const dealPage = await w.sellerAgent.get(`/deals/${deal.id}`).expect(200);
    assert.match(dealPage.text, /保证金没收（归卖方）/);
    assert.match(dealPage.text, /id="escrow-held">¥0\.00/);
  });

  it('when an offer’s deposit has not come in, then the offer does not count, the page and the award agree, and choosing it is refused', async () => {
    const { w, l, bidders } = await bidding(2);
    await deposit(w, l.id, bidders[0].offer.id, '500');
    await periodEnds(w, bidders);
    const page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /1 个有效报价/);
    assert.equal((page.text.match(/action="\/listings\/[^"]+\/choose"/g) ?? []).length, 1);
    const res = await postForm(w.sellerAgent, `/listings/${l.id}/choose`, { offerId: bidders[1].offer.id });
    assert.equal(res.status, 422);
    assert.match(res.text, /保证金尚未到账，报价不计入，不能选为买方/);
    assert.equal((await h.db.select().from(deals).where(eq(deals.listingId, l.id))).length, 0);
  });

  it('when the period ends with three deposits in and a higher offer without one, then the sweep awards the highest counted offer, refunds the other two and lets the unpaid offer lapse', async () => {
    const { w, l, bidders } = await bidding(4);
    // bidders[0] offered the most but never paid the deposit.
    for (const b of bidders.slice(1)) assert.equal((await deposit(w, l.id, b.offer.id, '500')).status, 302);
    const page = await w.sellerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /3 个有效报价/);
    const out = await sweepMarket(h.db, addDays(clock.now(), 11));
    assert.equal(out.awarded, 1);
    const [deal] = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
    assert.equal(deal.offerId, bidders[1].offer.id);
    const status = async (id: string) => (await h.db.select().from(offers).where(eq(offers.id, id)))[0].status;
    assert.deepEqual(await Promise.all(bidders.map((b) => status(b.offer.id))), ['lost', 'won', 'lost', 'lost']);
    const rows = await money(l.id);
    assert.deepEqual(
      rows
        .filter((r) => r.kind !== 'deposit_in')
        .map((r) => [r.kind, r.offerId])
        .sort(),
      [
        ['deposit_refund', bidders[2].offer.id],
        ['deposit_refund', bidders[3].offer.id],
        ['deposit_to_price', bidders[1].offer.id],
      ].sort(),
    );
    assert.equal(heldForDeal(rows, deal.id), DEPOSIT);
    assert.equal(balance(rows), DEPOSIT);
  });

  it('when the officer clicks "record deposit" twice, then the deposit is recorded once', async () => {
    const { w, l, bidders } = await bidding(1);
    const o = bidders[0].offer;
    // A double click: the same form, with the same token, sent twice at once.
    const body = { _csrf: await w.officerAgent.csrf(), offerId: o.id, amount: '500', ...slip('A1') };
    const send = () => w.officerAgent.post(`/listings/${l.id}/offers/${o.id}/deposit`).type('form').send(body);
    const [first, second] = await Promise.all([send(), send()]);
    assert.deepEqual([first.status, second.status].sort(), [302, 409]);
    const again = await deposit(w, l.id, o.id, '500', 'A1');
    assert.equal(again.status, 409);
    assert.match(again.text, /已经登记到账，不能重复登记/);
    const rows = (await money(l.id)).filter((r) => r.kind === 'deposit_in');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].amountFen, DEPOSIT);
    assert.equal(rows[0].bankReference, 'A1');
  });

  it('when the deposit recorded is wrong, negative or not a number, then a clear message says so and nothing is recorded', async () => {
    const { w, l, bidders } = await bidding(1);
    const o = bidders[0].offer;
    const wrong = await deposit(w, l.id, o.id, '499.99');
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /保证金金额须与本挂牌公布的保证金一致：500 元/);
    for (const bad of ['-500', 'abc', '']) {
      const res = await deposit(w, l.id, o.id, bad);
      assert.equal(res.status, 422, bad);
      assert.match(res.text, bad ? /请输入大于 0 的金额/ : /必填|请填写/, bad);
    }
    const noRef = await postForm(w.officerAgent, `/listings/${l.id}/offers/${o.id}/deposit`, {
      offerId: o.id,
      amount: '500',
      valueDate: '2026-03-10',
    });
    assert.equal(noRef.status, 422);
    const future = await postForm(w.officerAgent, `/listings/${l.id}/offers/${o.id}/deposit`, {
      offerId: o.id,
      amount: '500',
      valueDate: '2026-04-01',
      bankReference: 'X',
    });
    assert.equal(future.status, 422);
    assert.equal((await money(l.id)).length, 0);
    // A bidder cannot record a deposit for themself.
    const own = await postForm(bidders[0].agent, `/listings/${l.id}/offers/${o.id}/deposit`, {
      offerId: o.id,
      amount: '500',
      ...slip('SELF'),
    });
    assert.equal(own.status, 403);
    assert.equal((await money(l.id)).length, 0);
  });

  it('when a supervised deal is paid in and registered, then the seller’s "payment received" is refused, the price must match to the fen, and registration releases the whole amount to the seller', async () => {
    const { w, l, bidders } = await bidding(1);
    const [b1] = bidders;
    await deposit(w, l.id, b1.offer.id, '500');
    await periodEnds(w, bidders);
    await postForm(w.sellerAgent, `/listings/${l.id}/choose`, { offerId: b1.offer.id });
    const [deal] = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
    await signDeal(h.db, w.seller, deal.id, clock.now());
    await signDeal(h.db, b1.actor, deal.id, clock.now());
    let page = await w.sellerAgent.get(`/deals/${deal.id}`).expect(200);
    assert.doesNotMatch(page.text, new RegExp(`/deals/${deal.id}/paid"`));
    const paid = await postForm(w.sellerAgent, `/deals/${deal.id}/paid`, {});
    assert.equal(paid.status, 422);
    assert.match(paid.text, /本交易实行资金监管/);
    const due = deal.priceFen - DEPOSIT;
    for (const bad of [((due + 1) / 100).toFixed(2), '-1', 'abc']) {
      const res = await postForm(w.officerAgent, `/deals/${deal.id}/escrow`, { amount: bad, ...slip('P') });
      assert.equal(res.status, 422, bad);
    }
    const off = await postForm(w.officerAgent, `/deals/${deal.id}/escrow`, { amount: ((due + 1) / 100).toFixed(2), ...slip('P') });
    assert.match(off.text, /精确到分/);
    assert.equal((await money(l.id)).filter((r) => r.kind === 'price_in').length, 0);
    assert.equal(
      (await postForm(w.officerAgent, `/deals/${deal.id}/escrow`, { amount: (due / 100).toFixed(2), ...slip('P-OK') })).status,
      302,
    );
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, deal.id)))[0].status, 'paid');
    page = await w.sellerAgent.get(`/deals/${deal.id}`).expect(200);
    assert.match(page.text, new RegExp(`id="escrow-held">¥${(deal.priceFen / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`));
    assert.equal((await postForm(w.officerAgent, `/deals/${deal.id}/settle`, {})).status, 302);
    assert.equal((await postForm(w.officerAgent, `/deals/${deal.id}/register`, {})).status, 302);
    const rows = await money(l.id);
    const release = rows.filter((r) => r.kind === 'price_release');
    assert.deepEqual(
      release.map((r) => [r.amountFen, r.householdId]),
      [[deal.priceFen, w.sellerHh.id]],
    );
    assert.equal(balance(rows), 0);
    page = await w.sellerAgent.get(`/deals/${deal.id}`).expect(200);
    assert.match(page.text, /id="escrow-held">¥0\.00/);
    assert.match(page.text, /已于变更登记时付给卖方/);
  });

  it('when the seller withdraws before signing, then everything held for the deal goes back to the buyer', async () => {
    const { w, l, bidders } = await bidding(1);
    await deposit(w, l.id, bidders[0].offer.id, '500');
    await periodEnds(w, bidders);
    await postForm(w.sellerAgent, `/listings/${l.id}/choose`, { offerId: bidders[0].offer.id });
    const [deal] = await h.db.select().from(deals).where(eq(deals.listingId, l.id));
    assert.equal((await postForm(w.sellerAgent, `/deals/${deal.id}/withdraw`, { reason: '' })).status, 302);
    const rows = await money(l.id);
    assert.deepEqual(
      rows.filter((r) => r.kind === 'price_refund').map((r) => [r.amountFen, r.householdId]),
      [[DEPOSIT, bidders[0].household.id]],
    );
    assert.equal(rows.filter((r) => r.kind === 'deposit_forfeit').length, 0);
    assert.equal(balance(rows), 0);
  });

  it('when the seller withdraws the listing during the notice period, then the deposits in are refunded and the offers lapse', async () => {
    const { w, l, bidders } = await bidding(1);
    await deposit(w, l.id, bidders[0].offer.id, '500');
    // The seller withdraws while the notice period runs: the offer lapses, its deposit goes back.
    assert.equal((await postForm(w.sellerAgent, `/listings/${l.id}/withdraw`, { reason: '' })).status, 302);
    const rows = await money(l.id);
    assert.equal(rows.filter((r) => r.kind === 'deposit_refund').length, 1);
    assert.equal(balance(rows), 0);
    const [o] = await h.db
      .select()
      .from(offers)
      .where(and(eq(offers.id, bidders[0].offer.id)));
    assert.equal(o.status, 'lost');
  });

  it('when a charter decision sets the deposit and supervision, then the collective takes them and the decisions page shows them', async () => {
    clock.set('2026-03-10T02:00:00Z');
    const w = await httpWorld(h.db, app);
    const res = await postForm(w.officerAgent, `/collectives/${w.c.id}/decisions`, {
      decidedOn: '2026-03-01',
      meetingType: 'general',
      matter: 'charter',
      title: '竞买保证金和资金监管',
      text: '成员大会通过',
      entitled: '30',
      presentInPerson: '25',
      votesFor: '24',
      deposit: '800.50',
      depositPercent: '3',
      depositForfeitTo: 'none',
      supervisedPayment: 'yes',
    });
    assert.equal(res.status, 302, res.text.slice(0, 500));
    const [c] = await h.db.select().from(collectives).where(eq(collectives.id, w.c.id));
    assert.deepEqual([c.depositFen, c.depositPercent, c.depositForfeitTo, c.supervisedPayment], [80_050, 3, 'none', true]);
    const page = await w.officerAgent.get(`/collectives/${w.c.id}/decisions`).expect(200);
    assert.match(page.text, /竞买保证金（元，固定金额）: 800\.50/);
    assert.match(page.text, /成交价款资金监管: 是/);
  });
});
