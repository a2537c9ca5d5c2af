import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { members } from '../../models/households';
import { deals } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { makeOffer } from '../../server/market/offers';
import { registerShares } from '../../server/registry/rights';
import { maskIdNumber } from '../../server/kernel/personal-data';
import { addDays } from '../../server/kernel/clock';
import { freshDb } from '../helpers/db';
import { makeUser, PASSWORD } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, postForm, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 18 item 6: the contract names the parties with their ID numbers — full on the parties'
// own copies only (个人信息保护法 §51, rule 14) — their addresses and the payee account; and an
// on-screen signature is confirmed by the signer's password typed again (电子签名法 §13).

describe('Contract: the parties’ own copies and the signature confirmed by password (电子签名法 §13)', () => {
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

  /** A share deal concluded after the notice period: seller and buyer, not yet signed. */
  async function aDeal() {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const published = addDays(clock.now(), -11);
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, published);
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 120000 }, published);
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, clock.now());
    const head = async (householdId: string) =>
      (
        await h.db
          .select()
          .from(members)
          .where(and(eq(members.householdId, householdId), eq(members.relation, 'head')))
      )[0].idNumber;
    return { w, b, d, sellerId: await head(w.sellerHh.id), buyerId: await head(b.household.id) };
  }
  const dealRow = async (id: string) => (await h.db.select().from(deals).where(eq(deals.id, id)))[0];
  const signTrail = async (id: string) =>
    h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'deal.sign'), eq(auditLog.entityId, id)));

  it('when the seller signs with a wrong password, then the signature is refused, the typed account is kept, and nothing changes (电子签名法 §13)', async () => {
    const { w, d } = await aDeal();
    const res = await postForm(w.sellerAgent, `/deals/${d.id}/sign`, {
      password: 'not-my-password-1',
      payeeAccount: '韶关农商银行 6230580000123456789',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /密码不正确，合同未签署/);
    assert.ok(res.text.includes('value="韶关农商银行 6230580000123456789"'), 'the typed payee account is kept');
    assert.ok(!res.text.includes('not-my-password-1'), 'the password is never echoed');
    const row = await dealRow(d.id);
    assert.equal(row.sellerSignedAt, null);
    assert.equal(row.sellerSignMethod, null);
    assert.equal(row.payeeAccount, null);
    assert.equal(row.status, 'signing');
    assert.equal((await signTrail(d.id)).length, 0);
  });

  it('when the seller signs without a payee account, then it is asked for and nothing changes', async () => {
    const { w, d } = await aDeal();
    const res = await postForm(w.sellerAgent, `/deals/${d.id}/sign`, { password: PASSWORD, payeeAccount: '' });
    assert.equal(res.status, 422);
    assert.match(res.text, /收款账户/);
    assert.equal((await dealRow(d.id)).sellerSignedAt, null);
  });

  it('when seller and buyer sign with their passwords, then the deal records the confirmation and the payee account, in the trail too (电子签名法 §13)', async () => {
    const { w, b, d } = await aDeal();
    const page = await w.sellerAgent.get(`/deals/${d.id}`).expect(200);
    assert.match(page.text, /name="password" type="password"/);
    assert.match(page.text, /name="payeeAccount"/);
    const buyerPage = await b.agent.get(`/deals/${d.id}`).expect(200);
    assert.ok(!buyerPage.text.includes('name="payeeAccount"'), 'only the seller gives the payee account');
    assert.equal(
      (await postForm(w.sellerAgent, `/deals/${d.id}/sign`, { password: PASSWORD, payeeAccount: '6230580000123456789' })).status,
      302,
    );
    assert.equal((await postForm(b.agent, `/deals/${d.id}/sign`, { password: PASSWORD })).status, 302);
    const row = await dealRow(d.id);
    assert.equal(row.status, 'signed');
    assert.equal(row.sellerSignMethod, 'password');
    assert.equal(row.buyerSignMethod, 'password');
    assert.equal(row.payeeAccount, '6230580000123456789');
    const trail = await signTrail(d.id);
    assert.equal(trail.length, 2);
    for (const e of trail) assert.equal((e.after as { confirmedBy?: string }).confirmedBy, 'password');
    const seller = trail.find((e) => (e.after as { side: string }).side === 'seller')!;
    assert.equal((seller.after as { payeeAccount: string }).payeeAccount, '***************6789', 'the trail holds the account masked');
    const contract = await w.sellerAgent.get(`/deals/${d.id}/contract`).expect(200);
    assert.match(contract.text, /签署人已重新输入登录密码确认身份/);
  });

  it("when the contract is read, then full ID numbers and the payee account appear on the parties' own copies only, masked for the officer, the bureau and the admin (rule 14)", async () => {
    const { w, b, d, sellerId, buyerId } = await aDeal();
    await postForm(w.sellerAgent, `/deals/${d.id}/sign`, { password: PASSWORD, payeeAccount: '6230580000123456789' });
    for (const own of [w.sellerAgent, b.agent]) {
      const copy = await own.get(`/deals/${d.id}/contract`).expect(200);
      assert.ok(copy.text.includes(sellerId), "the seller's full ID number on a party's copy");
      assert.ok(copy.text.includes(buyerId), "the buyer's full ID number on a party's copy");
      assert.ok(copy.text.includes('6230580000123456789'));
      assert.match(copy.text, /住址/);
    }
    const bureau = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    const admin = await makeUser(h.db, 'admin');
    for (const other of [w.officerAgent, await loginAs(app, bureau.user.username), await loginAs(app, admin.user.username)]) {
      const copy = await other.get(`/deals/${d.id}/contract`).expect(200);
      assert.ok(!copy.text.includes(sellerId) && !copy.text.includes(buyerId), 'no full ID number for a non-party');
      assert.ok(copy.text.includes(maskIdNumber(sellerId)) && copy.text.includes(maskIdNumber(buyerId)), 'the masked forms instead');
      assert.ok(!copy.text.includes('6230580000123456789'));
      assert.ok(copy.text.includes('***************6789'));
    }
    await w.outsiderAgent.get(`/deals/${d.id}/contract`).expect(404);
  });
});
