import { eq, inArray, sql } from 'drizzle-orm';
import { rights } from '../../models/rights';
import type { Tx } from '../platform/db';
import type { Deal, Listing } from './locks';

// Shared bits of the market's use cases: trail entries and the right's frozen status (rule 11).

export const listingTrail = (l: Listing) => ({
  entityType: 'listing',
  entityId: l.id,
  collectiveId: l.collectiveId,
  regionCode: l.regionCode,
  householdId: l.sellerHouseholdId,
  rightId: l.rightId,
});

export const dealTrail = (d: Deal, householdId: string | null = d.sellerHouseholdId) => ({
  entityType: 'deal',
  entityId: d.id,
  collectiveId: d.collectiveId,
  regionCode: d.regionCode,
  householdId,
  rightId: d.rightId,
});

/** Rule 11: a right in a listing is 'listed', in a deal 'in_transaction'; either way frozen. */
export async function setRightStatus(tx: Tx, rightId: string, status: 'listed' | 'in_transaction' | 'active', at: Date): Promise<void> {
  const from = status === 'active' ? ['listed', 'in_transaction'] : status === 'listed' ? ['active'] : ['listed'];
  await tx
    .update(rights)
    .set({ status, version: sql`${rights.version} + 1`, updatedAt: at })
    .where(sql`${rights.id} = ${rightId} and ${inArray(rights.status, from as never)}`);
}

export async function rightById(tx: Tx, id: string) {
  const [r] = await tx.select().from(rights).where(eq(rights.id, id)).limit(1);
  return r;
}
