import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { households } from '../../models/households';
import { listings } from '../../models/market';
import { landContracts, parcels } from '../../models/rights';
import type { Db } from '../platform/db';
import { Conflict, DomainError, Forbidden, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { choice, parse } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';
import { fmt } from '../platform/format';
import { now as clockNow } from '../kernel/clock';
import { reissueOrCancel, setStatus } from './certs';
import { createDeal } from './deals';
import { optionalReason, priceFen } from './fields';
import { lockCollective, lockListing, type Deal, type Listing } from './locks';
import { farmersOf, notify } from './notifications';
import { rejectListing } from './review';
import { assertOfficerOf, loadListing } from './scope';
import { listingTrail } from './trail';
import { assertNotSuspended } from '../oversight/suspension';
import { markHomesteadIneligible, movingParcels, reduceShares, type Move } from './transfer';

// Rule 6, exit to the collective: the collective redeems shares, takes back a homestead, or
// takes back land with compensation. The collective (its officer) accepts at the asking
// price, proposes a counter-price the farmer may accept, or declines with a reason. Land
// needs the written notice (the submission) to have run its months before the return is
// registered, and the household claims no land again in that contract's term.

const decisionSchema = z.object({
  decision: choice(['accept', 'counter', 'decline'] as const),
  counterPrice: z.preprocess((v) => (v === '' ? undefined : v), priceFen.optional()),
  reason: optionalReason,
});

export async function decideExit(
  db: Db,
  actor: Actor,
  id: string,
  input: Record<string, unknown>,
  at = clockNow(),
): Promise<{ listing: Listing; deal?: Deal }> {
  const seen = await loadListing(db, actor, id);
  assertOfficerOf(actor, seen);
  const v = parse(decisionSchema, input);
  if (seen.path !== 'exit') throw new DomainError('market.notExit');
  if (v.decision === 'decline') return { listing: await rejectListing(db, actor, id, { reason: v.reason }, at) };
  if (v.decision === 'counter' && !v.counterPrice) throw new ValidationError({ counterPrice: { code: 'required' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      if (l.suspendedAt) throw new DomainError('market.suspended');
      if (l.status === 'draft') throw new DomainError('market.notSubmitted');
      if (l.status !== 'submitted') throw new Conflict('market.alreadyDone');
      if (v.decision === 'accept') {
        const deal = await createDeal(tx, actor, l, null, null, l.askingPriceFen, at);
        await recordAudit(tx, actor, { action: 'exit.accept', ...listingTrail(l), after: { priceFen: l.askingPriceFen } });
        return { listing: { ...l, status: 'in_deal' as const }, deal };
      }
      const [after] = await tx
        .update(listings)
        .set({ counterPriceFen: v.counterPrice!, reviewedAt: at, reviewedBy: actor.id, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, l.id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'exit.counter',
        ...listingTrail(l),
        before: { askingPriceFen: l.askingPriceFen },
        after: { counterPriceFen: v.counterPrice },
        reason: v.reason ?? null,
      });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'exitCountered',
        params: { kind: l.rightKind, price: v.counterPrice! },
        link: `/listings/${l.id}`,
      });
      return { listing: after };
    }),
  );
}

/** The farmer accepts the collective's counter-price: the exit deal is made at that price. */
export async function acceptCounter(db: Db, actor: Actor, id: string, at = clockNow()): Promise<Deal> {
  const seen = await loadListing(db, actor, id);
  if (actor.role !== 'farmer' || actor.householdId !== seen.sellerHouseholdId) throw new Forbidden();
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      assertNotSuspended(l);
      if (l.status !== 'submitted') throw new Conflict('market.alreadyDone');
      if (!l.counterPriceFen) throw new DomainError('market.noCounter');
      const deal = await createDeal(tx, actor, l, null, null, l.counterPriceFen, at);
      await recordAudit(tx, actor, { action: 'exit.accept_counter', ...listingTrail(l), after: { priceFen: l.counterPriceFen } });
      return deal;
    }),
  );
}

/** The registry side of an exit: the right (or part of it) ends, with the compensation recorded. */
export async function registerExit(m: Move): Promise<null> {
  const { listing: l } = m;
  if (l.rightKind === 'land') {
    // Rule 6 / 农村土地承包法 Art. 30: six months' (configurable) written notice before the return.
    if (l.exitEffectiveAt && m.at < l.exitEffectiveAt)
      throw new DomainError('rule6.noticeNotElapsed', { date: fmt.datetime(l.exitEffectiveAt) });
    const moving = await movingParcels(m);
    await m.tx
      .update(parcels)
      .set({ status: 'returned' })
      .where(sql`${parcels.id} in ${moving.map((p) => p.id)}`);
    const [left] = await m.tx
      .select({ id: parcels.id })
      .from(parcels)
      .where(and(eq(parcels.rightId, m.right.id), eq(parcels.status, 'active')))
      .limit(1);
    const after = await setStatus(m.tx, m.right, left ? 'active' : 'exited');
    await reissueOrCancel(m.tx, m.actor, after, !!left, m.reason);
    const [k] = await m.tx.select().from(landContracts).where(eq(landContracts.rightId, m.right.id));
    await m.tx
      .update(households)
      .set({ landBarredUntil: sql`greatest(coalesce(${households.landBarredUntil}, ${k.endDate}), ${k.endDate})`, updatedAt: m.at })
      .where(eq(households.id, l.sellerHouseholdId));
  } else if (l.rightKind === 'homestead') {
    const after = await setStatus(m.tx, m.right, 'exited');
    await reissueOrCancel(m.tx, m.actor, after, false, m.reason);
    await markHomesteadIneligible(m, l.sellerHouseholdId);
  } else {
    // Redeemed shares go back to the collective's unallocated pool; its total is unchanged.
    await lockCollective(m.tx, m.right.collectiveId);
    await reduceShares(m, l.shares ?? 0, 'exited');
  }
  await recordAudit(m.tx, m.actor, {
    action: 'right.exit',
    entityType: 'right',
    entityId: m.right.id,
    collectiveId: m.right.collectiveId,
    regionCode: m.right.regionCode,
    householdId: m.right.householdId,
    rightId: m.right.id,
    after: { kind: l.rightKind, parcelIds: l.parcelIds, shares: l.shares, compensationFen: m.deal.priceFen, deal: m.deal.number },
    reason: m.reason,
  });
  return null;
}
