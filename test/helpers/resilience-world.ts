import { now } from '../../server/kernel/clock';
import { eq } from 'drizzle-orm';
import { parcels } from '../../models/rights';
import type { Db } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { chooseOffer } from '../../server/market/award';
import { addDays } from '../../server/kernel/clock';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerLand } from '../../server/registry/rights';
import { landInput, makeHousehold } from './factories';
import { afterNotice, farmerOf, marketWorld, publish } from './market';

// Data for the tests that run the real server in other processes (two instances, crashes),
// made through the use cases before the servers start: deals of whole land rights brought up
// to the officer's last step, the registration change (rule 11).

export async function settledDeals(db: Db, n: number) {
  const w = await marketWorld(db, { totalShares: 100_000 });
  // The servers run on the machine's clock: the deals were made before it, their notice periods over.
  const past = addDays(new Date(), -20);
  const dealIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await registerLand(db, w.officer, w.sellerHh.id, landInput(w.c), now());
    await issueCertificate(db, w.officer, r.id, {}, now());
    const parcelIds = (await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, r.id))).map((p) => p.id);
    const l = await publish(db, w, r.id, { path: 'transfer', askingPriceFen: 100000, parcelIds }, past);
    const buyerHh = await makeHousehold(db, w.officer, w.c);
    const buyer = await farmerOf(db, buyerHh);
    const o = await makeOffer(db, buyer.actor, l.id, { priceFen: (1000 + i) * 100 }, addDays(past, 1));
    const ended = afterNotice(past);
    const d = await chooseOffer(db, w.seller, l.id, { offerId: o.id }, ended);
    await signDeal(db, w.seller, d.id, ended);
    await signDeal(db, buyer.actor, d.id, ended);
    await confirmPayment(db, w.seller, d.id, ended);
    await recordSettlement(db, w.officer, d.id, ended);
    dealIds.push(d.id);
  }
  return { w, dealIds, officerUsername: w.officerUser.username };
}
