import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { deals, listingConsents, listings, offers } from '../../models/market';
import { parcels, rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { registerLand } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput, PASSWORD } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { afterNotice } from '../helpers/market';
import { httpWorld, idFromLocation, PDF, uploadScan } from '../helpers/market-http';

describe('Market pages: the whole path of a land transfer (rules 1, 2, 5, 8, 9, 11)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  let w: Awaited<ReturnType<typeof httpWorld>>;
  let land: { id: string };
  let listingId = '';
  let dealId = '';
  let buyer: Awaited<ReturnType<Awaited<ReturnType<typeof httpWorld>>['buyer']>>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await httpWorld(h.db, app);
    land = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now());
    await issueCertificate(h.db, w.officer, land.id, {}, now());
    buyer = await w.buyer();
  });
  after(async () => {
    await h.close();
  });

  it('when the farmer opens their household, then each active right offers "list for transfer"', async () => {
    const page = await w.sellerAgent.get('/my').expect(200);
    assert.ok(page.text.includes(`/rights/${land.id}/list`));
    assert.match(page.text, /挂牌流转/);
  });

  it('when the farmer lists the land, then a draft exists, the right is frozen, and the page asks for consent (rules 2, 11)', async () => {
    const form = await w.sellerAgent.get(`/rights/${land.id}/list`).expect(200);
    assert.match(form.text, /完全由您自愿决定/);
    const [p] = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    const res = await postForm(w.sellerAgent, `/rights/${land.id}/listings`, { path: 'transfer', parcelIds: p.id, askingPrice: '16800' });
    assert.equal(res.status, 302);
    listingId = idFromLocation(res.headers.location);
    const [l] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    assert.equal(l.status, 'draft');
    assert.equal(l.askingPriceFen, 1680000);
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, land.id)))[0].status, 'listed');
    const page = await w.sellerAgent.get(res.headers.location).expect(200);
    assert.match(page.text, /尚未同意/);
    assert.match(page.text, /我本人同意挂牌/);
  });

  it('when the price is not a number, then the form comes back with 422, the message and the typed values', async () => {
    const res = await postForm(w.sellerAgent, `/rights/${land.id}/listings`, { path: 'transfer', askingPrice: '一万' });
    assert.equal(res.status, 422);
    assert.match(res.text, /请输入大于 0 的金额/);
    assert.match(res.text, /value="一万"/);
  });

  it('when submitted before every adult consented, then it is refused naming who is missing (rule 2)', async () => {
    const res = await postForm(w.sellerAgent, `/listings/${listingId}/submit`, {});
    assert.equal(res.status, 422);
    assert.match(res.text, /未表示同意/);
    assert.ok(res.text.includes(w.spouse.name));
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, listingId)))[0].status, 'draft');
  });

  it("when the head consents from their login and the officer uploads the spouse's signed paper, then both are recorded (rule 2)", async () => {
    assert.equal((await postForm(w.sellerAgent, `/listings/${listingId}/consent`, {})).status, 302);
    const bad = await uploadScan(w.officerAgent, listingId, w.spouse.id, Buffer.from('just text, not a scan'), 'consent.pdf');
    assert.equal(bad.status, 422);
    assert.match(bad.text, /只接受 PDF, JPEG, PNG 文件/);
    const big = await uploadScan(w.officerAgent, listingId, w.spouse.id, Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]));
    assert.equal(big.status, 422);
    assert.match(big.text, /文件不能超过 5 MB/);
    const ok = await uploadScan(w.officerAgent, listingId, w.spouse.id, PDF);
    assert.equal(ok.status, 302);
    const given = await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, listingId));
    assert.deepEqual(given.map((g) => g.method).sort(), ['account', 'paper']);
    const paper = given.find((g) => g.method === 'paper')!;
    assert.equal(paper.scanMime, 'application/pdf');
    assert.deepEqual([paper.scanBytes, paper.scanPath], [PDF.length, null], 'kept in the database, not on a disk');
    const scan = await w.officerAgent.get(`/consents/${paper.id}/scan`).expect(200);
    assert.equal(scan.headers['content-type'], 'application/pdf');
    assert.deepEqual(scan.body, PDF);
  });

  it('when the farmer submits and the officer approves, then it is published with its days left (rules 5, 8)', async () => {
    assert.equal((await postForm(w.sellerAgent, `/listings/${listingId}/submit`, {})).status, 302);
    const review = await w.officerAgent.get('/market').expect(200);
    assert.ok(review.text.includes(`/listings/${listingId}`));
    assert.equal((await postForm(w.officerAgent, `/listings/${listingId}/approve`, {})).status, 302);
    const [l] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    assert.equal(l.status, 'approved');
    const market = await buyer.agent.get('/market').expect(200);
    assert.ok(market.text.includes(`/listings/${listingId}`));
    assert.match(market.text, /剩余 10 天/);
  });

  it('when an insider offers, then it is stored; when an outsider offers, then rule 1 refuses it with its legal basis (rule 1)', async () => {
    const res = await postForm(buyer.agent, `/listings/${listingId}/offers`, { price: '17000' });
    assert.equal(res.status, 302);
    const out = await postForm(w.outsiderAgent, `/listings/${listingId}/offers`, { price: '99999' });
    assert.equal(out.status, 422);
    assert.match(out.text, /买方不属于本集体经济组织.*《农村土地承包法》第三十四条/);
    assert.ok(!out.text.includes('16,800'), 'the outsider learns nothing about the listing');
    const view = await w.outsiderAgent.get(`/listings/${listingId}`);
    assert.equal(view.status, 403);
    assert.match(view.text, /只向本集体经济组织成员公示/);
    const rows = await h.db.select().from(offers).where(eq(offers.listingId, listingId));
    assert.deepEqual(
      rows.map((o) => o.priceFen),
      [1700000],
    );
  });

  it('when the notice period has ended, then late offers are refused and the seller chooses among fewer than three (rules 8, 9)', async () => {
    const [published] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    clock.set(afterNotice(published.reviewedAt!));
    // Days later: everyone signs in again.
    for (const a of [w.sellerAgent, w.officerAgent, buyer.agent]) await a.signIn();
    const late = await w.buyer();
    const res = await postForm(late.agent, `/listings/${listingId}/offers`, { price: '20000' });
    assert.equal(res.status, 422);
    assert.match(res.text, /公示期已于 .* 结束/);
    const page = await w.sellerAgent.get(`/listings/${listingId}`).expect(200);
    assert.match(page.text, /选择此报价/);
    const [o] = await h.db.select().from(offers).where(eq(offers.listingId, listingId));
    const chosen = await postForm(w.sellerAgent, `/listings/${listingId}/choose`, { offerId: o.id });
    assert.equal(chosen.status, 302);
    dealId = idFromLocation(chosen.headers.location);
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, dealId)))[0].buyerHouseholdId, buyer.household.id);
  });

  it('when the contract is opened, then it carries the number and the clauses the law requires', async () => {
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    const page = await buyer.agent.get(`/deals/${dealId}/contract`).expect(200);
    for (const s of [
      d.number,
      '农村土地承包经营权转让合同',
      '第一条 当事人',
      '第二条 标的',
      '第三条 期限',
      '第四条 价款',
      '壹万柒仟元整',
      '第五条 支付与结算',
      '第六条',
      '第七条 违约责任',
      '第八条 争议解决',
      '农村土地承包仲裁委员会',
    ]) {
      assert.ok(page.text.includes(s), `contract mentions ${s}`);
    }
  });

  it('when both sign, the seller confirms payment, the officer settles and registers, then the buyer holds the land with a new certificate (rule 11)', async () => {
    for (const [agent, step] of [
      [w.sellerAgent, 'sign'],
      [buyer.agent, 'sign'],
      [w.sellerAgent, 'paid'],
      [w.officerAgent, 'settle'],
      [w.officerAgent, 'register'],
    ] as const) {
      // Signing on screen takes the password again, and from the seller the payee account (电子签名法 §13).
      const body = step === 'sign' ? { password: PASSWORD, payeeAccount: '6230580000123456789' } : {};
      const res = await postForm(agent, `/deals/${dealId}/${step}`, body);
      assert.equal(res.status, 302, `${step}: ${res.status}`);
    }
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    assert.equal(d.status, 'registered');
    const [newRight] = await h.db.select().from(rights).where(eq(rights.id, d.newRightId!));
    assert.equal(newRight.householdId, buyer.household.id);
    const [cert] = await h.db
      .select()
      .from(certificates)
      .where(and(eq(certificates.rightId, newRight.id), eq(certificates.status, 'valid')));
    const mine = await buyer.agent.get('/my').expect(200);
    assert.ok(mine.text.includes(cert.number), "the new certificate is in the buyer's view");
    await buyer.agent.get(`/certificates/${cert.id}`).expect(200);
    const att = await w.officerAgent.get(`/deals/${dealId}/attestation`).expect(200);
    assert.match(att.text, /农村产权交易鉴证书/);
    const again = await postForm(w.officerAgent, `/deals/${dealId}/register`, {});
    assert.equal(again.status, 409);
    assert.match(again.text, /已办理变更登记/);
  });
});
