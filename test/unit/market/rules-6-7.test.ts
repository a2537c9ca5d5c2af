import { now } from '../../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { auditLog } from '../../../models/audit';
import { households } from '../../../models/households';
import { deals, listings } from '../../../models/market';
import { parcels, rights, shareHoldings } from '../../../models/rights';
import type { Handle } from '../../../server/platform/db';
import { issueCertificate } from '../../../server/registry/certificates';
import { chooseOffer } from '../../../server/market/award';
import { addMonths } from '../../../server/kernel/clock';
import { acceptCounter, decideExit } from '../../../server/market/exits';
import { makeOffer } from '../../../server/market/offers';
import { registerDeal } from '../../../server/market/registration';
import { allocatedShares, registerLand, registerShares } from '../../../server/registry/rights';
import { freshDb } from '../../helpers/db';
import { landInput } from '../../helpers/factories';
import { afterNotice, completeDeal, marketWorld, publish, rejectsWith, T0 } from '../../helpers/market';

describe('Market rules 6 and 7: exit to the collective, share cap', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when the collective redeems some shares at the asking price, then they return to its pool and the compensation is recorded (rule 6)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    await issueCertificate(h.db, w.officer, r.id, {}, now());
    const before = await allocatedShares(h.db, w.c.id);
    const l = await publish(h.db, w, r.id, { path: 'exit', askingPriceFen: 250000, shares: 10 });
    assert.equal(l.status, 'draft');
    const { deal } = await decideExit(h.db, w.officer, l.id, { decision: 'accept', counterPriceFen: null, reason: null }, T0);
    assert.equal(deal!.buyerHouseholdId, null);
    assert.equal(deal!.priceFen, 250000);
    await completeDeal(h.db, w, w.officer, deal!.id, T0);
    const [hold] = await h.db.select().from(shareHoldings).where(eq(shareHoldings.rightId, r.id));
    assert.equal(hold.shares, 30);
    assert.equal(await allocatedShares(h.db, w.c.id), before - 10);
    const [exit] = await h.db.select().from(auditLog).where(eq(auditLog.action, 'right.exit')).orderBy(auditLog.seq);
    assert.equal((exit.after as { compensationFen: number }).compensationFen, 250000);
  });

  it('when the collective proposes a counter-price and the farmer accepts it, then the exit deal is made at that price (rule 6)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'exit', askingPriceFen: 300000, shares: 20 });
    await decideExit(h.db, w.officer, l.id, { decision: 'counter', counterPriceFen: 260000, reason: '按集体资产评估价' }, T0);
    const d = await acceptCounter(h.db, w.seller, l.id, T0);
    assert.equal(d.priceFen, 260000);
    await completeDeal(h.db, w, w.officer, d.id, T0);
    const [right] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(right.status, 'exited');
  });

  it('when land is returned before the six months of written notice have run, then the registration waits; afterwards no new land may be claimed (rule 6)', async () => {
    const w = await marketWorld(h.db);
    const input = landInput(w.c);
    const land = await registerLand(h.db, w.officer, w.sellerHh.id, input, now());
    const ps = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    const submittedAt = T0;
    const l = await publish(h.db, w, land.id, { path: 'exit', askingPriceFen: 800000, parcelIds: ps.map((p) => p.id) }, submittedAt);
    const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.deepEqual(row.exitEffectiveAt, addMonths(submittedAt, 6));
    const { deal } = await decideExit(h.db, w.officer, l.id, { decision: 'accept', counterPriceFen: null, reason: null }, submittedAt);
    const early = addMonths(submittedAt, 5);
    await rejectsWith(completeDeal(h.db, w, w.officer, deal!.id, early), 'rule6.noticeNotElapsed');
    const [d] = await h.db.select().from(deals).where(eq(deals.id, deal!.id));
    assert.equal(d.status, 'settled', 'signed, paid and settled, but not registered');
    assert.equal((await h.db.select().from(parcels).where(eq(parcels.rightId, land.id)))[0].status, 'active');
    await registerDeal(h.db, w.officer, deal!.id, addMonths(submittedAt, 6));
    const [right] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(right.status, 'exited');
    const [hh] = await h.db.select().from(households).where(eq(households.id, w.sellerHh.id));
    assert.equal(hh.landBarredUntil, input.endDate);
    await rejectsWith(registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now()), 'rule6.landBarred');
  });

  it("when a purchase would take a household above the collective's share cap, then rule 7 refuses the offer", async () => {
    // total 300, cap 100 % of the average: two holders → average 150 → cap 150.
    const w = await marketWorld(h.db, { totalShares: 300, shareCapPercent: 100 });
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 100 });
    const rich = await w.buyer();
    await registerShares(h.db, w.officer, rich.household.id, { shares: 100 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 500000, shares: 60 });
    await assert.rejects(
      makeOffer(h.db, rich.actor, l.id, { priceFen: 500000 }, T0),
      (e: { code: string; params: Record<string, number> }) =>
        e.code === 'rule7.shareCap' && e.params.after === 160 && e.params.cap === 150 && e.params.percent === 100,
    );
    const poor = await w.buyer();
    assert.equal((await makeOffer(h.db, poor.actor, l.id, { priceFen: 500000 }, T0)).status, 'active');
  });

  it('when a buyer already has shares coming in an open deal, then those count towards the cap too (rule 7)', async () => {
    const w = await marketWorld(h.db, { totalShares: 300, shareCapPercent: 100 });
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 80 });
    const b = await w.buyer();
    await registerShares(h.db, w.officer, b.household.id, { shares: 10 });
    const l1 = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 10000, shares: 40 });
    const o = await makeOffer(h.db, b.actor, l1.id, { priceFen: 10000 }, T0);
    await chooseOffer(h.db, w.seller, l1.id, { offerId: o.id }, afterNotice());
    // Three holders now: cap = 300 / 3 = 100. Held 10 + pending 40 + 100 offered = 150 > 100.
    const second = await w.buyer();
    const r2 = await registerShares(h.db, w.officer, second.household.id, { shares: 100 });
    const l2 = await publish(h.db, { officer: w.officer, seller: second.actor }, r2.id, {
      path: 'transfer',
      askingPriceFen: 10000,
      shares: 100,
    });
    await assert.rejects(
      makeOffer(h.db, b.actor, l2.id, { priceFen: 10000 }, T0),
      (e: { code: string; params: Record<string, number> }) =>
        e.code === 'rule7.shareCap' && e.params.after === 150 && e.params.cap === 100,
    );
  });
});
