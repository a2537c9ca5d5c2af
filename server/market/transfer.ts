import { basisOf } from '../kernel/legal-basis';
import { and, eq, inArray } from 'drizzle-orm';
import { households } from '../../models/households';
import { homesteads, landContracts, parcels, rights, shareHoldings } from '../../models/rights';
import type { Tx } from '../platform/db';
import { DomainError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { shanghaiDate } from '../kernel/clock';
import { issueFor, reissueOrCancel, setStatus } from './certs';
import { lockCollective, lockRight, type Deal, type Listing } from './locks';

// The registry side of a transfer (变更登记), for each kind of right. Called only from
// registration.ts, inside its transaction and under its locks.

type Right = typeof rights.$inferSelect;
export type Move = { tx: Tx; actor: Actor; deal: Deal; listing: Listing; right: Right; at: Date; reason: string };

async function newRight(m: Move, kind: Right['kind'], householdId: string): Promise<Right> {
  const [r] = await m.tx
    .insert(rights)
    .values({ kind, collectiveId: m.right.collectiveId, regionCode: m.right.regionCode, householdId, sourceRightId: m.right.id })
    .returning();
  await recordAudit(m.tx, m.actor, {
    action: 'right.transfer_in',
    entityType: 'right',
    entityId: r.id,
    collectiveId: r.collectiveId,
    regionCode: r.regionCode,
    householdId,
    rightId: r.id,
    after: { kind, from: m.right.id, deal: m.deal.number },
    reason: m.reason,
  });
  return r;
}

/** The land parcels of the listing, checked to be still live on the seller's contract. */
export async function movingParcels(m: Move) {
  const ids = m.listing.parcelIds ?? [];
  const rows = await m.tx
    .select()
    .from(parcels)
    .where(and(inArray(parcels.id, ids), eq(parcels.rightId, m.right.id), eq(parcels.status, 'active')));
  if (rows.length !== ids.length || !rows.length) throw new DomainError('rule11.parcelsChanged');
  return rows;
}

/** Rule 5: the buyer holds the parcels for the remaining term only, as a new contract with the collective. */
export async function transferLand(m: Move, buyerId: string): Promise<string> {
  const [k] = await m.tx.select().from(landContracts).where(eq(landContracts.rightId, m.right.id));
  const today = shanghaiDate(m.at);
  if (k.endDate <= today) throw new DomainError('rule5.termEnded', { end: k.endDate });
  const moving = await movingParcels(m);
  await m.tx
    .update(parcels)
    .set({ status: 'transferred' })
    .where(
      inArray(
        parcels.id,
        moving.map((p) => p.id),
      ),
    );
  const r = await newRight(m, 'land', buyerId);
  await m.tx.insert(landContracts).values({ rightId: r.id, contractNo: m.deal.number, startDate: today, endDate: k.endDate });
  await m.tx.insert(parcels).values(
    moving.map((p) => ({
      rightId: r.id,
      collectiveId: p.collectiveId,
      code: p.code,
      name: p.name,
      areaMuCenti: p.areaMuCenti,
      landClass: p.landClass,
      east: p.east,
      south: p.south,
      west: p.west,
      north: p.north,
      geojson: p.geojson,
    })),
  );
  const [left] = await m.tx
    .select({ id: parcels.id })
    .from(parcels)
    .where(and(eq(parcels.rightId, m.right.id), eq(parcels.status, 'active')))
    .limit(1);
  const seller = await setStatus(m.tx, m.right, left ? 'active' : 'transferred', m.at);
  await reissueOrCancel(m.tx, m.actor, seller, !!left, m.reason, m.at);
  await issueFor(m.tx, m.actor, r, null, m.reason, m.at);
  return r.id;
}

/** Rule 4: the seller of a homestead may not apply for a new one. */
export async function transferHomestead(m: Move, buyerId: string): Promise<string> {
  const [h] = await m.tx.select().from(homesteads).where(eq(homesteads.rightId, m.right.id));
  const seller = await setStatus(m.tx, m.right, 'transferred', m.at);
  const r = await newRight(m, 'homestead', buyerId);
  await m.tx.insert(homesteads).values({ ...h, rightId: r.id });
  await markHomesteadIneligible(m, m.right.householdId);
  await reissueOrCancel(m.tx, m.actor, seller, false, m.reason, m.at);
  await issueFor(m.tx, m.actor, r, null, m.reason, m.at);
  return r.id;
}

export async function markHomesteadIneligible(m: Move, householdId: string): Promise<void> {
  await m.tx.update(households).set({ homesteadEligible: false, updatedAt: m.at }).where(eq(households.id, householdId));
  await recordAudit(m.tx, m.actor, {
    action: 'household.homestead_ineligible',
    entityType: 'household',
    entityId: householdId,
    collectiveId: m.right.collectiveId,
    regionCode: m.right.regionCode,
    householdId,
    before: { homesteadEligible: true },
    after: { homesteadEligible: false },
    reason: m.reason,
  });
}

/** Takes shares off the seller's holding; the right ends when none remain. Returns whether it lives on. */
export async function reduceShares(m: Move, count: number, endStatus: 'transferred' | 'exited'): Promise<void> {
  const [hold] = await m.tx.select().from(shareHoldings).where(eq(shareHoldings.rightId, m.right.id));
  if (!hold || hold.shares < count) throw new DomainError('rule11.parcelsChanged', basisOf('shares'));
  const left = hold.shares - count;
  if (left > 0) await m.tx.update(shareHoldings).set({ shares: left }).where(eq(shareHoldings.rightId, m.right.id));
  const seller = await setStatus(m.tx, m.right, left > 0 ? 'active' : endStatus, m.at);
  await reissueOrCancel(m.tx, m.actor, seller, left > 0, m.reason, m.at);
}

/** Shares move from seller to buyer: the sum the collective's households hold is unchanged. */
export async function transferShares(m: Move, buyerId: string): Promise<string> {
  await lockCollective(m.tx, m.right.collectiveId);
  const count = m.listing.shares ?? 0;
  await reduceShares(m, count, 'transferred');
  // The buyer's own active share right grows (one share certificate per household), or a new one starts.
  const [own] = await m.tx
    .select({ id: rights.id })
    .from(rights)
    .where(and(eq(rights.householdId, buyerId), eq(rights.kind, 'shares'), eq(rights.status, 'active')))
    .limit(1);
  const r0 = own ? await lockRight(m.tx, own.id) : null;
  // Re-read under the lock: a right listed meanwhile is frozen (rule 11) and is not added to.
  if (r0 && r0.status === 'active') {
    const r = r0;
    const [hold] = await m.tx.select().from(shareHoldings).where(eq(shareHoldings.rightId, r.id));
    await m.tx
      .update(shareHoldings)
      .set({ shares: hold.shares + count })
      .where(eq(shareHoldings.rightId, r.id));
    const grown = await setStatus(m.tx, r, 'active', m.at);
    await recordAudit(m.tx, m.actor, {
      action: 'right.transfer_in',
      entityType: 'right',
      entityId: r.id,
      collectiveId: r.collectiveId,
      regionCode: r.regionCode,
      householdId: buyerId,
      rightId: r.id,
      before: { shares: hold.shares },
      after: { shares: hold.shares + count, deal: m.deal.number },
      reason: m.reason,
    });
    await reissueOrCancel(m.tx, m.actor, grown, true, m.reason, m.at);
    return r.id;
  }
  const r = await newRight(m, 'shares', buyerId);
  await m.tx.insert(shareHoldings).values({ rightId: r.id, shares: count });
  await issueFor(m.tx, m.actor, r, null, m.reason, m.at);
  return r.id;
}
