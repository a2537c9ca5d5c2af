import { and, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { members } from '../../models/households';
import { parcels } from '../../models/rights';
import { toActor } from '../accounts/session-user';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { now } from '../kernel/clock';
import { approveListing, createListing, giveConsent, makeOffer, submitListing } from '../market';

// Demo market: 陈志强 lists his orchard parcel (陈家果园) for transfer inside 龙岗村; he and his
// wife 林美玲 consent from their own accounts; the officer approves, so the notice period runs
// for the collective's days from the first start; 李建国 (settled in 广州, keeps his rights) offers.
// (test/helpers/demo-market.ts adds more to the demo for the browser tests and avoids this parcel.)

export async function seedMarketDemo(
  db: Db,
  o: { officer: Actor; householdId: string; landRightId: string; credential: { passwordHash: string; mustChangePassword: boolean } },
) {
  const [lin] = await db
    .select()
    .from(members)
    .where(and(eq(members.householdId, o.householdId), eq(members.name, '林美玲')));
  const [linUser] = await db
    .insert(users)
    .values({
      username: 'farmer_lin',
      role: 'farmer',
      displayName: '林美玲',
      ...o.credential,
      householdId: o.householdId,
      memberId: lin.id,
    })
    .returning();
  const [chen] = await db.select().from(users).where(eq(users.username, 'farmer_chen'));
  const [li] = await db.select().from(users).where(eq(users.username, 'farmer_li'));
  const [orchard] = await db
    .select()
    .from(parcels)
    .where(and(eq(parcels.code, '4402051002010000005'), eq(parcels.status, 'active')));
  const seller = toActor(chen);
  // Seeded at first start, outside any request: the app's clock.
  const at = now();
  const l = await createListing(
    db,
    seller,
    o.landRightId,
    { path: 'transfer', parcelIds: [orchard.id], askingPriceFen: 2_100_000, shares: null },
    at,
  );
  for (const u of [chen, linUser]) await giveConsent(db, toActor(u), l.id, at);
  await submitListing(db, seller, l.id, at);
  await approveListing(db, o.officer, l.id, at);
  await makeOffer(db, toActor(li), l.id, { priceFen: 2_150_000 }, at);
  return [{ username: 'farmer_lin', role: 'farmer', who: '林美玲（陈志强之妻；陈家果园挂牌公示中）' }];
}
