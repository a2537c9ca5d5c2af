import { now } from '../../../server/kernel/clock';
import assert from 'node:assert/strict';
import { count, eq } from 'drizzle-orm';
import { auditLog } from '../../../models/audit';
import { certificates } from '../../../models/certificates';
import { deals, listings } from '../../../models/market';
import { landContracts, parcels, rights } from '../../../models/rights';
import type { Handle } from '../../../server/platform/db';
import { issueCertificate, reissueCertificate } from '../../../server/registry/certificates';
import { chooseOffer } from '../../../server/market/award';
import { fenInWords, type DealSnapshot } from '../../../server/market/contract';
import { confirmPayment, recordSettlement, signDeal } from '../../../server/market/deals';
import { createListing } from '../../../server/market/listings';
import { makeOffer } from '../../../server/market/offers';
import { registerDeal } from '../../../server/market/registration';
import { allocatedShares, cancelRight, registerLand, registerShares } from '../../../server/registry/rights';
import { Conflict, ValidationError } from '../../../server/kernel/errors';
import { freshDb } from '../../helpers/db';
import { landInput } from '../../helpers/factories';
import { afterNotice, completeDeal, listed, marketWorld, publish, rejectsWith, T0 } from '../../helpers/market';

describe('Market rules 10 and 11: price data, atomic registration', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  async function settledLandDeal() {
    const w = await marketWorld(h.db);
    const land = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now());
    await issueCertificate(h.db, w.officer, land.id, {}, now());
    const ps = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    const l = await publish(h.db, w, land.id, { path: 'transfer', askingPriceFen: 1800050, parcelIds: ps.map((p) => p.id) });
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 1880000 }, T0);
    const at = afterNotice();
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at);
    await signDeal(h.db, w.seller, d.id, at);
    await signDeal(h.db, b.actor, d.id, at);
    await confirmPayment(h.db, w.seller, d.id, at);
    await recordSettlement(h.db, w.officer, d.id, at);
    return { w, land, l, b, d, at };
  }

  it('when a deal is made, then the agreed and asking prices are kept in fen with the amount in words (rule 10 data)', async () => {
    const { d } = await settledLandDeal();
    const [row] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    assert.equal(row.priceFen, 1880000);
    assert.equal((row.snapshot as DealSnapshot).askingPriceFen, 1800050);
    assert.equal(fenInWords(1880000), '壹万捌仟捌佰元整');
    assert.equal(fenInWords(1800050), '壹万捌仟元伍角');
    assert.equal(fenInWords(100200305), '壹佰万贰仟零叁元零伍分');
    assert.equal(fenInWords(100020300), '壹佰万零贰佰零叁元整');
  });

  it("when a deal is made at 01:00 on New Year's Day in Beijing, then its number carries the new year (合同编号, Beijing time)", async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 30 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 50000, shares: 5 }, new Date('2026-12-20T02:00:00Z'));
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 50000 }, new Date('2026-12-21T02:00:00Z'));
    // 2026-12-31 17:00 UTC is 2027-01-01 01:00 in Beijing: still 2026 by the UTC year.
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, new Date('2026-12-31T17:00:00Z'));
    assert.match(d.number, /^\d{6}JY2027\d{6}$/);
  });

  it('when a right is listed, then it can be neither edited, cancelled nor listed again (rule 11)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 30 });
    const cert = await issueCertificate(h.db, w.officer, r.id, {}, now());
    await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    await rejectsWith(cancelRight(h.db, w.officer, r.id, { reason: '登记错误' }, now()), 'rule11.locked');
    await rejectsWith(reissueCertificate(h.db, w.officer, cert.id, { reason: '遗失' }, now()), 'rightNotActive');
    await rejectsWith(
      createListing(h.db, w.officer, r.id, listed({ path: 'exit', askingPriceFen: 10000, shares: 5 }), T0),
      'rule11.locked',
    );
  });

  it('when the registration is done twice, then the second is told so and nothing changes (rule 11)', async () => {
    const { w, d, at } = await settledLandDeal();
    const done = await registerDeal(h.db, w.officer, d.id, at);
    assert.equal(done.status, 'registered');
    const [{ n: certsBefore }] = await h.db.select({ n: count() }).from(certificates);
    const [{ n: trailBefore }] = await h.db.select({ n: count() }).from(auditLog);
    await rejectsWith(registerDeal(h.db, w.officer, d.id, at), 'market.alreadyRegistered', Conflict);
    const [{ n: certsAfter }] = await h.db.select({ n: count() }).from(certificates);
    const [{ n: trailAfter }] = await h.db.select({ n: count() }).from(auditLog);
    assert.equal(certsAfter, certsBefore);
    assert.equal(trailAfter, trailBefore);
  });

  it('when one step of the registration fails, then none of it is kept: holder, parcels, certificates, listing, trail (rule 11)', async () => {
    const { w, land, l, d, at } = await settledLandDeal();
    // Occupy the contract number the buyer's new contract will take, so its insert fails midway.
    const other = await registerLand(h.db, w.officer, (await w.buyer()).household.id, landInput(w.c), now());
    await h.db.update(landContracts).set({ contractNo: d.number }).where(eq(landContracts.rightId, other.id));
    const [{ n: trailBefore }] = await h.db.select({ n: count() }).from(auditLog);
    await assert.rejects(registerDeal(h.db, w.officer, d.id, at), ValidationError);
    const ps = await h.db.select().from(parcels).where(eq(parcels.rightId, land.id));
    assert.ok(
      ps.every((p) => p.status === 'active'),
      'the parcels stay with the seller',
    );
    const [right] = await h.db.select().from(rights).where(eq(rights.id, land.id));
    assert.equal(right.status, 'in_transaction');
    const certs = await h.db.select().from(certificates).where(eq(certificates.rightId, land.id));
    assert.deepEqual(
      certs.map((c) => c.status),
      ['valid'],
    );
    const [lrow] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.equal(lrow.status, 'in_deal');
    const [drow] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    assert.equal(drow.status, 'settled');
    const [{ n: trailAfter }] = await h.db.select({ n: count() }).from(auditLog);
    assert.equal(trailAfter, trailBefore);
  });

  it('when shares change hands, then the collective total held is unchanged and the buyer holds one certificate (rule 11)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 50 });
    const b = await w.buyer();
    const own = await registerShares(h.db, w.officer, b.household.id, { shares: 20 });
    await issueCertificate(h.db, w.officer, own.id, {}, now());
    const before = await allocatedShares(h.db, w.c.id);
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 90000, shares: 15 });
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 90000 }, T0);
    const at = afterNotice();
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at);
    const done = await completeDeal(h.db, w, b.actor, d.id, at);
    assert.equal(done.newRightId, own.id, "the buyer's own share right grows");
    assert.equal(await allocatedShares(h.db, w.c.id), before);
    const valid = await h.db.select().from(certificates).where(eq(certificates.rightId, own.id));
    assert.deepEqual(valid.map((c) => c.status).sort(), ['superseded', 'valid']);
  });

  it('when the code check is bypassed, then the database still refuses a second open deal on one right (rule 11)', async () => {
    const { d } = await settledLandDeal();
    const [row] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    const [l2] = await h.db
      .insert(listings)
      .values({ ...(await h.db.select().from(listings).where(eq(listings.id, row.listingId)))[0], id: undefined, status: 'withdrawn' })
      .returning();
    await assert.rejects(
      h.db.insert(deals).values({ ...row, id: undefined, number: `${row.number}X`, listingId: l2.id, status: 'signing' }),
      (e: { cause?: { constraint?: string }; constraint?: string }) => (e.cause?.constraint ?? e.constraint) === 'deals_one_open_per_right',
    );
  });
});
