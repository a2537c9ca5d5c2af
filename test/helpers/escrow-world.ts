import { eq } from 'drizzle-orm';
import { parcels } from '../../models/rights';
import type { Db } from '../../server/platform/db';
import { addDays } from '../../server/kernel/clock';
import { chooseOffer } from '../../server/market/award';
import { walkAway } from '../../server/market/money';
import { makeOffer, withdrawOffer } from '../../server/market/offers';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { depositIn, priceIn } from './escrow-factories';
import { homesteadInput, idNumber, landInput, makeHousehold } from './factories';
import { afterNotice, farmerOf, marketWorld, publish, T0 } from './market';

// A collective whose supervised account has seen a whole bidding (issue 20): three offers on a
// homestead with a deposit each, one withdrawn and refunded, the winner's deposit credited to
// the price and the price paid in, the loser refunded when the buyer is chosen; a shares listing whose chosen buyer
// walked away and forfeited the deposit; and a land listing with one deposit still held. Every
// figure in fen, with odd fen, so that a rounding anywhere shows.

export const FIG = {
  deposit: 100_000,
  price: 6_000_037,
  sharesDeposit: 50_001,
  landDeposit: 20_000,
};

export async function escrowWorld(db: Db, over: Record<string, unknown> = {}) {
  const w = await marketWorld(db, over);
  const buyer = async (name: string) => {
    const household = await makeHousehold(db, w.officer, w.c, { members: [{ name, idNumber: idNumber(), relation: 'head' }] });
    return { household, ...(await farmerOf(db, household)) };
  };
  const [b1, b2, b3] = [await buyer('王大明'), await buyer('李小红'), await buyer('赵三')];
  const ws = { officer: w.officer, seller: w.seller };

  const home = await registerHomestead(db, w.officer, w.sellerHh.id, homesteadInput(w.c));
  const l1 = await publish(db, ws, home.id, { path: 'transfer', askingPriceFen: 5_000_000 }, T0);
  const at1 = addDays(T0, 1);
  const o1 = await makeOffer(db, b1.actor, l1.id, { priceFen: FIG.price }, at1);
  const o2 = await makeOffer(db, b2.actor, l1.id, { priceFen: 5_500_000 }, at1);
  const o3 = await makeOffer(db, b3.actor, l1.id, { priceFen: 5_200_000 }, at1);
  await depositIn(db, o1.id, { amountFen: FIG.deposit, valueDate: '2026-03-11', bankReference: 'BK-0311-A' });
  await depositIn(db, o2.id, { amountFen: FIG.deposit, valueDate: '2026-03-11', bankReference: 'BK-0311-B' });
  await depositIn(db, o3.id, { amountFen: FIG.deposit, valueDate: '2026-03-12', bankReference: 'BK-0312-C' });
  // The market's own use cases write what follows from each step (server/market/money-rules.ts):
  // the withdrawal refunds o3 (12 March), the choice refunds the loser o2 and credits the
  // winner's deposit to the price (21 March).
  await withdrawOffer(db, b3.actor, o3.id, addDays(T0, 2));
  const deal1 = await chooseOffer(db, w.seller, l1.id, { offerId: o1.id }, afterNotice(T0));
  await priceIn(db, deal1.id, { amountFen: FIG.price - FIG.deposit, valueDate: '2026-03-25', bankReference: 'PR-0325-A' });

  const shares = await registerShares(db, w.officer, w.sellerHh.id, { shares: '30' });
  const l2 = await publish(db, ws, shares.id, { path: 'transfer', askingPriceFen: 100_000, shares: 10 }, T0);
  const o4 = await makeOffer(db, b2.actor, l2.id, { priceFen: 120_000 }, at1);
  await depositIn(db, o4.id, { amountFen: FIG.sharesDeposit, valueDate: '2026-03-11', bankReference: 'BK-0311-D' });
  const deal2 = await chooseOffer(db, w.seller, l2.id, { offerId: o4.id }, afterNotice(T0));
  // The chosen buyer walks away on 5 April: the credited deposit is forfeited to the collective (the charter's default).
  await walkAway(db, b2.actor, deal2.id, { reason: '买受人放弃' }, new Date('2026-04-05T02:00:00Z'));

  const land = await registerLand(db, w.officer, w.sellerHh.id, landInput(w.c), T0);
  const parcelIds = (await db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, land.id))).map((p) => p.id);
  const l3 = await publish(db, ws, land.id, { path: 'transfer', askingPriceFen: 800_000, parcelIds }, addDays(T0, 70));
  const o5 = await makeOffer(db, b3.actor, l3.id, { priceFen: 900_000 }, addDays(T0, 75));
  await depositIn(db, o5.id, { amountFen: FIG.landDeposit, valueDate: '2026-05-25', bankReference: 'BK-0525-E' });

  return { ...w, b1, b2, b3, l1, l2, l3, o1, o2, o3, o4, o5, deal1, deal2 };
}
