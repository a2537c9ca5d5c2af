import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import { parcels, rights, shareHoldings } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { addMonths } from '../../server/kernel/clock';
import { registerLand, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { landInput, PASSWORD } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { consentAll } from '../helpers/market';
import { httpWorld, idFromLocation } from '../helpers/market-http';

/** Signing on screen: the password again (电子签名法 §13), and from the seller the payee account. */
const SIGNATURE = { password: PASSWORD, payeeAccount: '6230580000123456789' };

describe('Market pages: exit to the collective (rule 6)', () => {
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

  it('when a farmer offers shares back and the collective counters, then the farmer accepts, both sign and the shares are redeemed', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 30 });
    const made = await postForm(w.sellerAgent, `/rights/${r.id}/listings`, { path: 'exit', shares: '30', askingPrice: '3000' });
    const id = idFromLocation(made.headers.location);
    await consentAll(h.db, w, id, clock.now());
    assert.equal((await postForm(w.sellerAgent, `/listings/${id}/submit`, {})).status, 302);
    const noPrice = await postForm(w.officerAgent, `/listings/${id}/exit-decision`, { decision: 'counter', counterPrice: '' });
    assert.equal(noPrice.status, 422);
    assert.equal(
      (await postForm(w.officerAgent, `/listings/${id}/exit-decision`, { decision: 'counter', counterPrice: '2700', reason: '评估价' }))
        .status,
      302,
    );
    const page = await w.sellerAgent.get(`/listings/${id}`).expect(200);
    assert.match(page.text, /集体提出以 ¥2,700.00 收回/);
    const accepted = await postForm(w.sellerAgent, `/listings/${id}/accept-counter`, {});
    assert.equal(accepted.status, 302);
    const dealId = idFromLocation(accepted.headers.location);
    for (const [agent, step] of [
      [w.officerAgent, 'sign'],
      [w.sellerAgent, 'sign'],
      [w.sellerAgent, 'paid'],
      [w.officerAgent, 'settle'],
      [w.officerAgent, 'register'],
    ] as const) {
      assert.equal((await postForm(agent, `/deals/${dealId}/${step}`, step === 'sign' ? SIGNATURE : {})).status, 302, step);
    }
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    assert.equal(d.priceFen, 270000);
    assert.equal(d.buyerHouseholdId, null);
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, r.id)))[0].status, 'exited');
    const contract = await w.sellerAgent.get(`/deals/${dealId}/contract`).expect(200);
    assert.match(contract.text, /集体资产股权赎回协议/);
    assert.match(contract.text, /贰仟柒佰元整/);
  });

  it('when land is returned, then the registration waits for six months of written notice and is refused before (rule 6)', async () => {
    const w = await httpWorld(h.db, app);
    const land = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now());
    const ps = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    const made = await postForm(w.sellerAgent, `/rights/${land.id}/listings`, {
      path: 'exit',
      parcelIds: ps.map((p) => p.id),
      askingPrice: '9000',
    });
    const id = idFromLocation(made.headers.location);
    await consentAll(h.db, w, id, clock.now());
    await postForm(w.sellerAgent, `/listings/${id}/submit`, {});
    const [l] = await h.db.select().from(listings).where(eq(listings.id, id));
    assert.ok(l.exitEffectiveAt && l.exitEffectiveAt.getTime() === addMonths(l.submittedAt!, 6).getTime());
    const decided = await postForm(w.officerAgent, `/listings/${id}/exit-decision`, { decision: 'accept' });
    const dealId = idFromLocation(decided.headers.location);
    for (const [agent, step] of [
      [w.officerAgent, 'sign'],
      [w.sellerAgent, 'sign'],
      [w.sellerAgent, 'paid'],
      [w.officerAgent, 'settle'],
    ] as const) {
      assert.equal((await postForm(agent, `/deals/${dealId}/${step}`, step === 'sign' ? SIGNATURE : {})).status, 302, step);
    }
    const res = await postForm(w.officerAgent, `/deals/${dealId}/register`, {});
    assert.equal(res.status, 422);
    assert.match(res.text, /须提前六个月书面通知发包方/);
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, land.id)))[0].status, 'in_transaction');
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, dealId)))[0].status, 'settled');
  });

  it('when the collective declines an exit, then a reason is required and the right is free again', async () => {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 10 });
    const made = await postForm(w.sellerAgent, `/rights/${r.id}/listings`, { path: 'exit', shares: '10', askingPrice: '1000' });
    const id = idFromLocation(made.headers.location);
    await consentAll(h.db, w, id, clock.now());
    await postForm(w.sellerAgent, `/listings/${id}/submit`, {});
    const noReason = await postForm(w.officerAgent, `/listings/${id}/exit-decision`, { decision: 'decline', reason: '' });
    assert.equal(noReason.status, 422);
    assert.equal(
      (await postForm(w.officerAgent, `/listings/${id}/exit-decision`, { decision: 'decline', reason: '集体暂无赎回资金' })).status,
      302,
    );
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, id)))[0].status, 'rejected');
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, r.id)))[0].status, 'active');
    const [hold] = await h.db.select().from(shareHoldings).where(eq(shareHoldings.rightId, r.id));
    assert.equal(hold.shares, 10);
  });
});
