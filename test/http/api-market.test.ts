import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { deals, listingConsents, listings, offers } from '../../models/market';
import { parcels, rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { liftListing, suspendListing } from '../../server/oversight/suspension';
import { MARKET_TAGS } from '../../routes/api/openapi-market';
import { apiClient, apiMarketWorld } from '../helpers/api-market';
import { freshDb } from '../helpers/db';
import { testClock } from '../helpers/clock';
import { testApp } from '../helpers/http';
import { afterNotice } from '../helpers/market';

// The market through /api/v1: the whole path of a land transfer and the refusals on the way,
// then the other paths (officer's draft, rejection, exit with a counter-price, withdrawals,
// an expired notice). Every response, success or refusal, is checked against the OpenAPI
// document; the last test demands that every market operation was called.

describe('JSON API: the market (rules 1, 2, 5, 6, 8, 9, 11, 12)', () => {
  let h: Handle;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let w: Awaited<ReturnType<typeof apiMarketWorld>>;
  let b1: Awaited<ReturnType<typeof w.buyer>>, b2: typeof b1, b3: typeof b1;
  let listingId = '',
    dealId = '',
    offer1 = '',
    offer2 = '';
  let movingParcel: typeof parcels.$inferSelect;
  const L = (id = listingId) => `/api/v1/listings/${id}`;
  const D = (id = dealId) => `/api/v1/deals/${id}`;
  const listingRow = async (id = listingId) => (await h.db.select().from(listings).where(eq(listings.id, id)))[0];
  const rightRow = async (id: string) => (await h.db.select().from(rights).where(eq(rights.id, id)))[0];

  const clock = testClock();
  before(async () => {
    h = await freshDb();
    const app = testApp(h.db, {}, clock);
    api = await apiClient(app);
    w = await apiMarketWorld(h.db);
    [b1, b2, b3] = [await w.buyer(), await w.buyer(), await w.buyer()];
    [movingParcel] = await h.db.select().from(parcels).where(eq(parcels.rightId, w.land.id)).orderBy(parcels.code).limit(1);
  });
  after(async () => {
    await h?.close();
  });

  it('when the holder lists one of two parcels, then a draft with the price in fen exists and the right is frozen (rules 2, 5, 11)', async () => {
    const res = await api.post(`/api/v1/rights/${w.land.id}/listings`, w.tok.seller, {
      path: 'transfer',
      askingPriceFen: 1680000,
      parcelIds: [movingParcel.id],
    });
    assert.equal(res.status, 201, res.text);
    listingId = res.body.id;
    assert.equal(res.headers.location, L());
    assert.equal(res.body.status, 'draft');
    assert.equal(res.body.askingPriceFen, 1680000);
    assert.deepEqual(
      res.body.offered.land.parcels.map((p: { code: string }) => p.code),
      [movingParcel.code],
    );
    assert.equal(res.body.missingConsents.length, 2);
    assert.equal(res.body.can.consent, true);
    assert.equal((await listingRow()).askingPriceFen, 1680000);
    assert.equal((await rightRow(w.land.id)).status, 'listed');
  });

  it('when a listing body is bad or the caller may not list, then 422/403/404/400 and nothing is written', async () => {
    const url = `/api/v1/rights/${w.homestead.id}/listings`;
    for (const askingPriceFen of ['16800', 12.5, 0, -1, 1e11, null]) {
      const res = await api.post(url, w.tok.seller, { path: 'transfer', askingPriceFen });
      assert.equal(res.status, 422, String(askingPriceFen));
      assert.ok(res.body.error.fields.askingPriceFen);
    }
    assert.ok((await api.post(url, w.tok.seller, { path: 'gift', askingPriceFen: 100 })).body.error.fields.path);
    const parcelsBad = await api.post(`/api/v1/rights/${w.land.id}/listings`, w.tok.seller, {
      path: 'transfer',
      askingPriceFen: 100,
      parcelIds: [1, 2],
    });
    assert.equal(parcelsBad.status, 422);
    const again = await api.post(`/api/v1/rights/${w.land.id}/listings`, w.tok.seller, {
      path: 'transfer',
      askingPriceFen: 100,
      parcelIds: [movingParcel.id],
    });
    assert.equal(again.status, 422, 'a listed right is not listed again (rule 11)');
    assert.equal((await api.post(url, w.tok.bureau, { path: 'transfer', askingPriceFen: 100 })).status, 403);
    assert.equal((await api.post(url, b1.token, { path: 'transfer', askingPriceFen: 100 })).status, 404);
    assert.equal((await api.post(url, w.tok.officerB, { path: 'transfer', askingPriceFen: 100 })).status, 404);
    assert.equal((await api.post(url, w.tok.officerB, { askingPriceFen: 'bad' })).status, 404, 'the scope is checked before the body');
    assert.equal((await api.raw(url, w.tok.seller, '{"path": ')).status, 400);
    assert.equal((await h.db.select().from(listings)).length, 1);
  });

  it('when submitted before every adult consented, then rule 2 refuses naming who is missing; each consents from their own token', async () => {
    const early = await api.post(`${L()}/submit`, w.tok.seller);
    assert.equal(early.status, 422);
    assert.equal(early.body.error.code, 'rule2.consentMissing');
    assert.ok(early.body.error.message.includes(w.spouseMember.name));
    assert.equal((await api.post(`${L()}/consent`, w.tok.officer)).status, 403);
    assert.equal((await api.post(`${L()}/consent`, b1.token)).status, 404, 'a draft is invisible to other members');
    const head = await api.post(`${L()}/consent`, w.tok.seller);
    assert.equal(head.status, 200);
    assert.equal((await api.post(`${L()}/consent`, w.tok.seller)).status, 409);
    const spouse = await api.post(`${L()}/consent`, w.tok.spouse);
    assert.deepEqual(spouse.body.missingConsents, []);
    assert.ok(spouse.body.consents.every((c: { consent: { method: string } }) => c.consent.method === 'account'));
    assert.equal((await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, listingId))).length, 2);
  });

  it("when submitted and approved by the collective's officer, then it is published for the notice period; other roles are refused (rules 5, 8, 12)", async () => {
    assert.equal((await api.post(`${L()}/submit`, w.tok.seller)).body.status, 'submitted');
    assert.equal((await api.post(`${L()}/submit`, w.tok.seller)).status, 409);
    assert.equal((await api.post(`${L()}/approve`, w.tok.seller)).status, 403);
    assert.equal((await api.post(`${L()}/approve`, w.tok.bureau)).status, 403);
    assert.equal((await api.post(`${L()}/approve`, w.tok.officerB)).status, 404);
    const ok = await api.post(`${L()}/approve`, w.tok.officer);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.state, 'open');
    assert.equal(ok.body.daysLeft, 10);
    const again = await api.post(`${L()}/approve`, w.tok.officer);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'market.alreadyDone');
    assert.equal((await listingRow()).status, 'approved');
  });

  it('when listings are listed, then each role sees its scope only (rule 12), and a bad filter is a 422', async () => {
    const ids = async (token: string, q = '') => (await api.get(`/api/v1/listings${q}`, token)).body.items.map((i: { id: string }) => i.id);
    assert.ok((await ids(b1.token)).includes(listingId));
    assert.ok((await ids(w.tok.bureau)).includes(listingId));
    assert.ok((await ids(w.tok.admin, '?state=approved')).includes(listingId));
    assert.ok(!(await ids(w.tok.outsider)).includes(listingId));
    assert.ok(!(await ids(w.tok.officerB)).includes(listingId));
    assert.ok(!(await ids(w.tok.officer, '?state=draft')).includes(listingId));
    assert.equal((await api.get('/api/v1/listings?state=nope', w.tok.officer)).status, 422);
    const outsider = await api.get(L(), w.tok.outsider);
    assert.equal(outsider.status, 403);
    assert.equal(outsider.body.error.code, 'rule1.notPublishedToYou');
    assert.ok(!outsider.text.includes('1680000'));
    assert.equal((await api.get(L(), w.tok.officerB)).status, 404);
  });

  it('when members offer, raise and withdraw, then each step is stored; an outsider is refused by rule 1 with its legal basis', async () => {
    const first = await api.post(`${L()}/offers`, b1.token, { priceFen: 1700000 });
    assert.equal(first.status, 201, first.text);
    offer1 = first.body.id;
    assert.equal(first.body.priceFen, 1700000);
    const dup = await api.post(`${L()}/offers`, b1.token, { priceFen: 1710000 });
    assert.equal(dup.status, 422);
    assert.ok(dup.body.error.fields.priceFen);
    const out = await api.post(`${L()}/offers`, w.tok.outsider, { priceFen: 9999900 });
    assert.equal(out.status, 422);
    assert.equal(out.body.error.code, 'rule1.outsider');
    assert.match(out.body.error.message, /买方不属于本集体经济组织.*《农村土地承包法》第三十四条/);
    assert.match(out.body.error.fields.priceFen, /买方不属于本集体经济组织/);
    const outEn = await api.post(`${L()}/offers`, w.tok.outsider, { priceFen: 9999900 }, 'en');
    assert.match(outEn.body.error.message, /not a household of this collective.*Art\. 34/);
    assert.equal((await api.post(`${L()}/offers`, w.tok.seller, { priceFen: 1800000 })).body.error.code, 'rule1.ownListing');
    assert.equal((await api.post(`${L()}/offers`, w.tok.officer, { priceFen: 1800000 })).status, 403);
    for (const priceFen of ['abc', 1.5, 0]) assert.ok((await api.post(`${L()}/offers`, b2.token, { priceFen })).body.error.fields.priceFen);
    offer2 = (await api.post(`${L()}/offers`, b2.token, { priceFen: 1650000 })).body.id;
    const lower = await api.post(`/api/v1/offers/${offer2}/raise`, b2.token, { priceFen: 1600000 });
    assert.equal(lower.status, 422);
    assert.ok(lower.body.error.fields.priceFen);
    assert.equal((await api.post(`/api/v1/offers/${offer2}/raise`, b2.token, { priceFen: 1720000 })).body.priceFen, 1720000);
    assert.equal((await api.post(`/api/v1/offers/${offer2}/raise`, b1.token, { priceFen: 1900000 })).status, 404);
    assert.equal(
      (await api.post(`/api/v1/offers/${offer2}/raise`, b1.token, { priceFen: 'bad' })).status,
      404,
      'the scope is checked before the body',
    );
    assert.equal((await api.post(`/api/v1/offers/${offer2}/withdraw`, b2.token)).body.status, 'withdrawn');
    assert.equal((await api.post(`/api/v1/offers/${offer2}/withdraw`, b2.token)).status, 409);
    const rows = await h.db.select().from(offers).where(eq(offers.listingId, listingId));
    assert.deepEqual(rows.map((o) => [o.priceFen, o.status]).sort(), [
      [1700000, 'active'],
      [1720000, 'withdrawn'],
    ]);
    const seller = await api.get(L(), w.tok.seller);
    assert.equal(seller.body.offers.length, 2);
    const mine = await api.get(L(), b1.token);
    assert.deepEqual(
      mine.body.offers.map((o: { id: string }) => o.id),
      [offer1],
    );
    assert.equal(mine.body.myOfferId, offer1);
  });

  it('when the bureau suspends the listing, then an offer through the API is refused like on the web, until lifted', async () => {
    await suspendListing(h.db, w.bureau, listingId, { reason: '核查价格' }, new Date());
    const res = await api.post(`${L()}/offers`, b3.token, { priceFen: 1750000 });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, 'market.suspended');
    assert.ok((await api.get(L(), w.tok.seller)).body.suspendedAt);
    await liftListing(h.db, w.bureau, listingId, { reason: '核查完毕' }, new Date());
  });

  it('when the notice period runs, then no buyer is chosen; once it ended, late offers are refused and the seller chooses (rules 8, 9)', async () => {
    assert.equal((await api.post(`${L()}/choose`, w.tok.seller, { offerId: offer1 })).body.error.code, 'rule8.periodRunning');
    clock.set(afterNotice((await listingRow()).reviewedAt!));
    const late = await api.post(`${L()}/offers`, b3.token, { priceFen: 2000000 });
    assert.equal(late.body.error.code, 'rule8.periodOver');
    const page = await api.get(L(), w.tok.seller);
    assert.equal(page.body.state, 'closed');
    assert.equal(page.body.can.choose, true);
    assert.equal((await api.post(`${L()}/choose`, b1.token, { offerId: offer1 })).status, 403);
    assert.equal((await api.post(`${L()}/choose`, w.tok.outsider, {})).body.error.code, 'rule1.notPublishedToYou');
    assert.ok((await api.post(`${L()}/choose`, w.tok.seller, { offerId: 'nope' })).body.error.fields.offerId);
    assert.equal((await api.post(`${L()}/choose`, w.tok.seller, { offerId: offer2 })).body.error.code, 'market.offerNotActive');
    const deal = await api.post(`${L()}/choose`, w.tok.seller, { offerId: offer1 });
    assert.equal(deal.status, 201, deal.text);
    dealId = deal.body.id;
    assert.equal(deal.headers.location, D());
    assert.equal(deal.body.buyerHouseholdId, b1.household.id);
    assert.equal(deal.body.priceFen, 1700000);
    assert.equal(deal.body.priceInWords, '壹万柒仟元整');
    assert.equal(deal.body.contract.parcels.length, 1);
    assert.equal((await api.post(`${L()}/choose`, w.tok.seller, { offerId: offer1 })).status, 409);
  });

  it('when the deal is read, then its parties, the officer and oversight see it; anyone else gets 404 (rule 12)', async () => {
    for (const t of [w.tok.seller, b1.token, w.tok.officer, w.tok.bureau, w.tok.admin]) assert.equal((await api.get(D(), t)).status, 200);
    for (const t of [w.tok.outsider, b2.token, w.tok.officerB]) assert.equal((await api.get(D(), t)).status, 404);
    assert.equal((await api.get('/api/v1/deals/not-a-uuid', w.tok.officer)).status, 404);
  });

  it('when both sign, the seller confirms payment, the officer settles and registers, then each step refuses out of turn and repeats (rule 11)', async () => {
    assert.equal((await api.post(`${D()}/confirm-payment`, w.tok.seller)).body.error.code, 'market.notSigned');
    assert.equal((await api.post(`${D()}/sign`, w.tok.officer)).status, 403);
    assert.ok((await api.post(`${D()}/sign`, w.tok.seller)).body.sellerSignedAt);
    assert.equal((await api.post(`${D()}/sign`, w.tok.seller)).body.error.code, 'market.alreadySigned');
    assert.equal((await api.post(`${D()}/sign`, b1.token)).body.status, 'signed');
    assert.equal((await api.post(`${D()}/withdraw`, w.tok.seller)).body.error.code, 'rule2.contractSigned');
    assert.equal((await api.post(`${D()}/confirm-payment`, b1.token)).status, 403);
    assert.equal((await api.post(`${D()}/confirm-payment`, w.tok.seller)).body.status, 'paid');
    assert.equal((await api.post(`${D()}/settle`, w.tok.seller)).status, 403);
    assert.equal((await api.post(`${D()}/register`, w.tok.officer)).body.error.code, 'market.notSettled');
    assert.equal((await api.post(`${D()}/settle`, w.tok.officer)).body.status, 'settled');
    assert.equal((await api.post(`${D()}/settle`, w.tok.officer)).status, 409);
    assert.equal((await api.post(`${D()}/register`, w.tok.officerB)).status, 404);
    const done = await api.post(`${D()}/register`, w.tok.officer);
    assert.equal(done.status, 200, done.text);
    assert.equal(done.body.status, 'registered');
    assert.ok(done.body.newCertificate);
    assert.equal(done.body.can.attestation, true);
    const twice = await api.post(`${D()}/register`, w.tok.officer);
    assert.equal(twice.status, 409);
    assert.equal(twice.body.error.code, 'market.alreadyRegistered');
  });

  it('when registered, then the buyer holds the parcel with a new certificate and the seller keeps the other (rules 5, 11)', async () => {
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    const own = await api.get(`/api/v1/households/${b1.household.id}`, b1.token);
    const bought = own.body.rights.find((r: { id: string }) => r.id === d.newRightId);
    assert.equal(bought.status, 'active');
    assert.deepEqual(
      bought.land.parcels.map((p: { code: string }) => p.code),
      [movingParcel.code],
    );
    const [cert] = await h.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.rightId, d.newRightId!), eq(certificates.status, 'valid')));
    assert.equal(bought.validCertificateId, cert.id);
    assert.equal((await rightRow(d.newRightId!)).householdId, b1.household.id);
    const sellerLand = await rightRow(w.land.id);
    assert.equal(sellerLand.status, 'active');
    const left = await h.db
      .select()
      .from(parcels)
      .where(and(eq(parcels.rightId, w.land.id), eq(parcels.status, 'active')));
    assert.equal(left.length, 1);
    assert.notEqual(left[0].code, movingParcel.code);
    assert.equal((await api.get(L(), w.tok.seller)).body.status, 'completed');
  });

  it("when the buyer reads the notices, then they come in the caller's language and are marked read one or all at a time", async () => {
    const list = await api.get('/api/v1/notifications', b1.token);
    const won = list.body.items.find((n: { kind: string }) => n.kind === 'dealBuyer');
    assert.ok(won.text.includes(won.params.number));
    assert.deepEqual(won.resource, { type: 'deal', id: dealId });
    const en = await api.get('/api/v1/notifications?page=1', b1.token, 'en');
    assert.match(en.body.items.find((n: { kind: string }) => n.kind === 'dealBuyer').text, /Your offer won/);
    const one = await api.post('/api/v1/notifications/read', b1.token, { id: won.id });
    assert.equal(one.body.unread, list.body.unread - 1);
    assert.ok((await api.post('/api/v1/notifications/read', b1.token, { id: 'x' })).body.error.fields.id);
    assert.equal((await api.get('/api/v1/notifications?page=0', b1.token)).status, 422);
    assert.equal((await api.post('/api/v1/notifications/read', b1.token, {})).body.unread, 0);
    assert.ok((await api.get('/api/v1/notifications', w.tok.seller)).body.unread > 0, "only the caller's own notices");
  });

  it("when the officer prepares a draft, then it waits for the farmer's confirmation; a rejection needs a reason and frees the right (rules 2, 5)", async () => {
    const draft = await api.post(`/api/v1/rights/${w.shares.id}/listings`, w.tok.officer, {
      path: 'transfer',
      askingPriceFen: 50000,
      shares: 5,
    });
    assert.equal(draft.status, 201, draft.text);
    assert.equal(draft.body.preparedByOfficer, true);
    const id = draft.body.id;
    assert.equal((await api.post(`${L(id)}/submit`, w.tok.seller)).body.error.code, 'rule2.notConfirmed');
    assert.equal((await api.post(`${L(id)}/confirm`, w.tok.officer)).status, 403);
    assert.ok((await api.post(`${L(id)}/confirm`, w.tok.seller)).body.confirmedAt);
    assert.equal((await api.post(`${L(id)}/confirm`, w.tok.seller)).status, 409);
    await api.post(`${L(id)}/consent`, w.tok.seller);
    await api.post(`${L(id)}/consent`, w.tok.spouse);
    assert.equal((await api.post(`${L(id)}/submit`, w.tok.seller)).body.status, 'submitted');
    assert.ok((await api.post(`${L(id)}/reject`, w.tok.officer, {})).body.error.fields.reason);
    const no = await api.post(`${L(id)}/reject`, w.tok.officer, { reason: '价格明显偏离' });
    assert.equal(no.body.status, 'rejected');
    assert.equal(no.body.rejectReason, '价格明显偏离');
    assert.equal((await rightRow(w.shares.id)).status, 'active');
  });

  it('when the seller asks to exit, then the collective counters, the seller accepts, and may still withdraw before signing (rules 2, 6)', async () => {
    const id = (await api.post(`/api/v1/rights/${w.shares.id}/listings`, w.tok.seller, { path: 'exit', askingPriceFen: 60000, shares: 5 }))
      .body.id;
    await api.post(`${L(id)}/consent`, w.tok.seller);
    await api.post(`${L(id)}/consent`, w.tok.spouse);
    await api.post(`${L(id)}/submit`, w.tok.seller);
    assert.equal((await api.post(`${L(id)}/approve`, w.tok.officer)).body.error.code, 'market.exitUsesDecision');
    assert.ok((await api.post(`${L(id)}/exit-decision`, w.tok.officer, { decision: 'counter' })).body.error.fields.counterPriceFen);
    assert.ok(
      (await api.post(`${L(id)}/exit-decision`, w.tok.officer, { decision: 'counter', counterPriceFen: '45000' })).body.error.fields
        .counterPriceFen,
    );
    assert.ok((await api.post(`${L(id)}/exit-decision`, w.tok.officer, { decision: 'maybe' })).body.error.fields.decision);
    const counter = await api.post(`${L(id)}/exit-decision`, w.tok.officer, { decision: 'counter', counterPriceFen: 45000 });
    assert.equal(counter.body.counterPriceFen, 45000);
    assert.equal(counter.body.can.decideExit, true);
    assert.equal((await api.post(`${L(id)}/accept-counter`, b1.token)).status, 404);
    const deal = await api.post(`${L(id)}/accept-counter`, w.tok.seller);
    assert.equal(deal.status, 201, deal.text);
    assert.equal(deal.body.buyerHouseholdId, null);
    assert.equal(deal.body.priceFen, 45000);
    assert.equal((await api.post(`${L(id)}/accept-counter`, w.tok.seller)).status, 409);
    const off = await api.post(`${D(deal.body.id)}/withdraw`, w.tok.seller, { reason: '改变主意' });
    assert.equal(off.body.status, 'cancelled');
    assert.equal((await api.post(`${D(deal.body.id)}/withdraw`, w.tok.seller)).status, 409);
    assert.equal((await listingRow(id)).status, 'withdrawn');
    assert.equal((await rightRow(w.shares.id)).status, 'active');
  });

  it('when a homestead listing is withdrawn, and a second one ends its notice without offers, then the right is free again (rules 2, 8, 9)', async () => {
    const url = `/api/v1/rights/${w.homestead.id}/listings`;
    const first = (await api.post(url, w.tok.seller, { path: 'transfer', askingPriceFen: 30000000 })).body.id;
    assert.equal((await api.post(`${L(first)}/withdraw`, w.tok.seller, { reason: { a: 1 } })).status, 422);
    assert.equal((await api.post(`${L(first)}/withdraw`, w.tok.seller, { reason: '暂不出让' })).body.withdrawReason, '暂不出让');
    assert.equal((await api.post(`${L(first)}/withdraw`, w.tok.seller)).status, 409);
    const id = (await api.post(url, w.tok.seller, { path: 'transfer', askingPriceFen: 30000000 })).body.id;
    // Rule 2: the farmer's own draft is withdrawn by the farmer alone (an officer discards only an unconfirmed draft the officer prepared).
    const byOfficer = await api.post(`${L(id)}/withdraw`, w.tok.officer, { reason: '集体不同意' });
    assert.equal(byOfficer.status, 422);
    assert.equal(byOfficer.body.error.code, 'rule2.officerDraftOnly');
    assert.equal((await api.post(`${L(id)}/withdraw`, w.tok.seller)).status, 200);
    const again = (await api.post(url, w.tok.seller, { path: 'transfer', askingPriceFen: 30000000 })).body.id;
    await api.post(`${L(again)}/consent`, w.tok.seller);
    await api.post(`${L(again)}/consent`, w.tok.spouse);
    await api.post(`${L(again)}/submit`, w.tok.seller);
    await api.post(`${L(again)}/approve`, w.tok.officer);
    assert.equal((await api.post(`${L(again)}/close`, w.tok.seller)).body.error.code, 'rule8.periodRunning');
    clock.set(afterNotice((await listingRow(again)).reviewedAt!));
    assert.equal((await api.post(`${L(again)}/close`, b1.token)).status, 403);
    const closed = await api.post(`${L(again)}/close`, w.tok.officer);
    assert.equal(closed.body.outcome, 'expired');
    assert.equal(closed.body.listing.status, 'expired');
    assert.equal((await api.post(`${L(again)}/close`, w.tok.seller)).status, 409);
    assert.equal((await rightRow(w.homestead.id)).status, 'active');
  });

  it('when any market write gets hostile bodies, then it answers a documented 4xx and never 500', async () => {
    const hostile = [
      { priceFen: { a: 1 }, askingPriceFen: [1], offerId: 7, reason: 'x'.repeat(5000), decision: null, id: ['x'] },
      { path: 5, parcelIds: 'x', shares: { n: 1 }, id: 5 },
    ];
    const urls = [
      `/api/v1/rights/${w.land.id}/listings`,
      `${L()}/offers`,
      `${L()}/choose`,
      `${L()}/reject`,
      `${L()}/exit-decision`,
      `/api/v1/offers/${offer1}/raise`,
      `${D()}/withdraw`,
      '/api/v1/notifications/read',
    ];
    for (const url of urls) {
      for (const body of hostile) {
        const res = await api.post(url, w.tok.seller, body);
        assert.ok(res.status >= 400 && res.status < 500, `${url} → ${res.status}`);
      }
    }
  });

  it('when all tests ran, then every market operation in the document was called', () => {
    assert.deepEqual(api.check.unexercised({ tags: MARKET_TAGS }), []);
  });
});
