import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { toActor } from '../accounts/session-user';
import { now } from '../kernel/clock';
import type { Db } from '../platform/db';
import { setReferencePrice } from '../oversight/reference-prices';

/** Demo reference prices for 曲江区, set by its bureau (so they are in the trail too). */
export async function seedReferencePrices(db: Db): Promise<void> {
  const [bureau] = await db.select().from(users).where(eq(users.username, 'bureau_qujiang')).limit(1);
  if (!bureau) return;
  const actor = toActor(bureau);
  // Fen per mu, per m², per share: 20,000.00, 800.00 and 150.00 yuan.
  for (const [kind, unitPriceFen] of [
    ['land', 2_000_000],
    ['homestead', 80_000],
    ['shares', 15_000],
  ] as const) {
    await setReferencePrice(db, actor, { region: '440205', kind, unitPriceFen, alertPercent: 70 }, now());
  }
}
