import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { escrowEntries } from '../../models/escrow';
import { deals } from '../../models/market';
import { collectives } from '../../models/regions';
import { users } from '../../models/accounts';
import { toActor } from '../../server/accounts/session-user';
import type { Actor } from '../../server/kernel/actor';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { MONEY_TAGS } from '../../routes/api/openapi-market-money';
import { apiClient, apiMarketWorld } from '../helpers/api-market';
import { freshDb } from '../helpers/db';
import { testClock } from '../helpers/clock';
import { testApp } from '../helpers/http';
import { adultMembers, giveConsent, recordPaperConsent } from '../../server/market/consents';
import { createListing, submitListing } from '../../server/market/listings';
import { approveListing } from '../../server/market/review';
import { afterNotice, listed, PAPER } from '../helpers/market';

// Issue 20 through /api/v1: the officer records a bidder's deposit and a supervised deal's price
// as received into the collective's supervised account, in integer fen. Every answer is checked
// against the OpenAPI document; the last test demands that every money operation was called.

const DEPOSIT = 30_000;

describe('JSON API: the market’s money (issue 20)', () => {
  let h: Handle;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let w: Awaited<ReturnType<typeof apiMarketWorld>>;
  let seller: Actor;
  let spouse: Actor;
  const clock = testClock();
  before(async function () {
    this.timeout(300_000);
    h = await freshDb();
    api = await apiClient(testApp(h.db, {}, clock));
    w = await apiMarketWorld(h.db);
    const head = (await h.db.select().from(users).where(eq(users.householdId, w.sellerHh.id))).find(
      (u) => u.memberId !== w.spouseMember.id,
    )!;
    seller = toActor(head);
    spouse = toActor((await h.db.select().from(users).where(eq(users.memberId, w.spouseMember.id)))[0]);
    await h.db.update(collectives).set({ depositFen: DEPOSIT, supervisedPayment: true }).where(eq(collectives.id, w.c.id));
  });
  after(async () => {
    await h?.close();
  });
  const rows = async (listingId: string) => h.db.select().from(escrowEntries).where(eq(escrowEntries.listingId, listingId));
  const slip = { valueDate: '2026-03-10', bankReference: 'API-1' };

  it('when the officer sends a deposit, then a wrong, negative or non-numeric amount is refused naming amountFen, the right one is recorded once, and a repeat answers 409', async () => {
    // Published as the household does it: the head and the spouse consent by their own accounts, the others on paper.
    const at0 = clock.now();
    const draft = await createListing(h.db, seller, w.homestead.id, listed({ path: 'transfer', askingPriceFen: 5_000_000 }), at0);
    for (const m of await adultMembers(h.db, w.sellerHh.id, at0)) {
      if (m.id === seller.memberId) await giveConsent(h.db, seller, draft.id, at0);
      else if (m.id === spouse.memberId) await giveConsent(h.db, spouse, draft.id, at0);
      else await recordPaperConsent(h.db, w.officer, draft.id, { memberId: m.id, scan: PAPER }, at0);
    }
    await submitListing(h.db, seller, draft.id, at0);
    const l = await approveListing(h.db, w.officer, draft.id, at0);
    assert.equal(l.depositFen, DEPOSIT);
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 5_100_000 }, clock.now());
    const seen = await api.get(`/api/v1/listings/${l.id}`, b.token);
    assert.equal(seen.body.depositFen, DEPOSIT, 'a bidder reads the deposit the listing asks');
    const url = `/api/v1/offers/${o.id}/deposit`;
    for (const amountFen of [DEPOSIT - 1, -DEPOSIT, '300', 'abc', 300.5]) {
      const res = await api.post(url, w.tok.officer, { amountFen, ...slip });
      assert.equal(res.status, 422, String(amountFen));
      assert.ok(res.body.error.fields.amountFen, String(amountFen));
    }
    assert.equal((await api.post(url, w.tok.bureau, { amountFen: DEPOSIT, ...slip })).status, 403);
    assert.equal((await api.post(url, w.tok.officerB, { amountFen: DEPOSIT, ...slip })).status, 404);
    assert.equal((await rows(l.id)).length, 0);
    const ok = await api.post(url, w.tok.officer, { amountFen: DEPOSIT, ...slip });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(ok.body.id, o.id);
    const again = await api.post(url, w.tok.officer, { amountFen: DEPOSIT, ...slip });
    assert.equal(again.status, 409);
    const money = await rows(l.id);
    assert.deepEqual(
      money.map((r) => [r.kind, r.amountFen, r.bankReference, r.valueDate]),
      [['deposit_in', DEPOSIT, 'API-1', '2026-03-10']],
    );

    // The buyer is chosen: the deposit is credited to the price; the officer records the rest, to the fen.
    const at = afterNotice(clock.now());
    const d = await chooseOffer(h.db, seller, l.id, { offerId: o.id }, at);
    clock.set(at);
    const escrow = `/api/v1/deals/${d.id}/escrow`;
    const early = await api.post(escrow, w.tok.officer, { amountFen: 5_100_000 - DEPOSIT, ...slip });
    assert.equal(early.status, 422, 'not before both signed');
    await signDeal(h.db, seller, d.id, at);
    await signDeal(h.db, b.actor, d.id, at);
    const off = await api.post(escrow, w.tok.officer, { amountFen: 5_100_000, ...slip });
    assert.equal(off.status, 422);
    assert.ok(off.body.error.fields.amountFen);
    const paid = await api.post(escrow, w.tok.officer, { amountFen: 5_100_000 - DEPOSIT, valueDate: '2026-03-21', bankReference: 'API-2' });
    assert.equal(paid.status, 201, paid.text);
    assert.equal(paid.body.status, 'paid');
    assert.equal(paid.body.supervised, true);
    assert.equal(paid.body.escrowHeldFen, 5_100_000);
    assert.equal(paid.body.can.pay, false);
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, d.id)))[0].status, 'paid');
    const sellerSays = await api.post(`/api/v1/deals/${d.id}/confirm-payment`, w.tok.seller, {});
    assert.equal(sellerSays.status, 409);
  });

  it('when all tests ran, then every money operation in the document was called', () => {
    assert.deepEqual(api.check.unexercised({ tags: MONEY_TAGS }), []);
  });
});
