import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import { collectives } from '../../models/regions';
import { rights } from '../../models/rights';
import type { Tx } from '../platform/db';
import { NotFound } from '../kernel/errors';
import { isUuid } from '../kernel/ids';

// Row locks (SELECT ... FOR UPDATE) taken at the start of every market transaction. Every use
// case locks in the same order — listing, deal, offer, right(s), household(s), collective — so
// two transactions on one listing queue behind each other instead of deadlocking, and each
// reads (after the wait) the status the other left behind.

export type Listing = typeof listings.$inferSelect;
export type Deal = typeof deals.$inferSelect;
export type Offer = typeof offers.$inferSelect;

export function assertUuid(id: string): void {
  if (!isUuid(id)) throw new NotFound();
}

export async function lockListing(tx: Tx, id: string): Promise<Listing> {
  assertUuid(id);
  const [row] = await tx.select().from(listings).where(eq(listings.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}

export async function lockDeal(tx: Tx, id: string): Promise<Deal> {
  assertUuid(id);
  const [row] = await tx.select().from(deals).where(eq(deals.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}

export async function lockOffer(tx: Tx, id: string): Promise<Offer> {
  assertUuid(id);
  const [row] = await tx.select().from(offers).where(eq(offers.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}

export async function lockRight(tx: Tx, id: string) {
  const [row] = await tx.select().from(rights).where(eq(rights.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}

export async function lockHousehold(tx: Tx, id: string) {
  const [row] = await tx.select().from(households).where(eq(households.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}

export async function lockCollective(tx: Tx, id: string) {
  const [row] = await tx.select().from(collectives).where(eq(collectives.id, id)).for('update');
  if (!row) throw new NotFound();
  return row;
}
