import { eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { toActor } from '../accounts/session-user';
import type { Db } from '../platform/db';
import { setReferencePrice } from '../oversight/reference-prices';

/** Demo reference prices for 曲江区, set by its bureau (so they are in the trail too). */
export async function seedReferencePrices(db: Db): Promise<void> {
  const [bureau] = await db.select().from(users).where(eq(users.username, 'bureau_qujiang')).limit(1);
  if (!bureau) return;
  const actor = toActor(bureau);
  for (const [kind, unitPrice] of [
    ['land', '20000'],
    ['homestead', '800'],
    ['shares', '150'],
  ] as const) {
    await setReferencePrice(db, actor, { region: '440205', kind, unitPrice, alertPercent: '70' });
  }
}
