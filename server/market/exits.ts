import { and, eq, sql } from 'drizzle-orm';
import { households } from '../../models/households';
import { listings } from '../../models/market';
import { landContracts, parcels } from '../../models/rights';
import type { Db } from '../platform/db';
import { DomainError, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { withDbErrors } from '../kernel/tx';
import { fmt } from '../platform/format';
import { reissueOrCancel, setStatus } from './certs';
import { type ExitDecision, type Input, received } from './commands';
import { createDeal } from './deals';
import { lockCollective, lockListing, type Deal, type Listing } from './locks';
import { farmersOf, notify } from './notifications';
import { rejectListing } from './review';
import { acceptCounterRefusal, exitDecisionRefusal, refuseIf } from './rules';
import { assertOfficerOf, assertSeller, loadListing } from './scope';
import { listingTrail } from './trail';
import { markHomesteadIneligible, movingParcels, reduceShares, type Move } from './transfer';

// Rule 6, exit to the collective: the collective redeems shares, takes back a homestead, or
// takes back land with compensation. The collective (its officer) accepts at the asking
// price, proposes a counter-price the farmer may accept, or declines with a reason. Land
// needs the written notice (the submission) to have run its months before the return is
// registered, and the household claims no land again in that contract's term.

export async function decideExit(
  db: Db,
  actor: Actor,
  id: string,
  input: Input<ExitDecision>,
  at: Date,
): Promise<{ listing: Listing; deal?: Deal }> {
  const seen = await loadListing(db, actor, id);
  assertOfficerOf(actor, seen);
  const { command: v, field } = received(input);
  // Only an exit is decided so: declining a transfer must not turn into its rejection.
  if (seen.path !== 'exit') refuseIf(exitDecisionRefusal(seen));
  if (v.decision === 'decline') {
    if (!v.reason) throw new ValidationError({ [field('reason')]: { code: 'required' } });
    return { listing: await rejectListing(db, actor, id, { reason: v.reason }, at) };
  }
  // What the collective offers: the asking price (accept), or its own (counter).
  const counter = v.decision === 'counter' ? v.counterPriceFen : null;
  if (v.decision === 'counter' && !counter) throw new ValidationError({ [field('counterPriceFen')]: { code: 'required' } });
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(exitDecisionRefusal(l));
      if (counter === null) {
        const deal = await createDeal(tx, actor, l, null, null, l.askingPriceFen, at);
        await recordAudit(tx, actor, { action: 'exit.accept', ...listingTrail(l), after: { priceFen: l.askingPriceFen } });
        return { listing: { ...l, status: 'in_deal' as const }, deal };
      }
      const [after] = await tx
        .update(listings)
        .set({ counterPriceFen: counter, reviewedAt: at, reviewedBy: actor.id, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, l.id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'exit.counter',
        ...listingTrail(l),
        before: { askingPriceFen: l.askingPriceFen },
        after: { counterPriceFen: counter },
        reason: v.reason ?? null,
      });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'exitCountered',
        params: { kind: l.rightKind, price: counter },
        link: `/listings/${l.id}`,
      });
      return { listing: after };
    }),
  );
}

/** The farmer accepts the collective's counter-price: the exit deal is made at that price. */
export async function acceptCounter(db: Db, actor: Actor, id: string, at: Date): Promise<Deal> {
  const seen = await loadListing(db, actor, id);
  assertSeller(actor, seen);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(acceptCounterRefusal(l));
      const deal = await createDeal(tx, actor, l, null, null, l.counterPriceFen!, at);
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
    const after = await setStatus(m.tx, m.right, left ? 'active' : 'exited', m.at);
    await reissueOrCancel(m.tx, m.actor, after, !!left, m.reason, m.at);
    const [k] = await m.tx.select().from(landContracts).where(eq(landContracts.rightId, m.right.id));
    await m.tx
      .update(households)
      .set({ landBarredUntil: sql`greatest(coalesce(${households.landBarredUntil}, ${k.endDate}), ${k.endDate})`, updatedAt: m.at })
      .where(eq(households.id, l.sellerHouseholdId));
  } else if (l.rightKind === 'homestead') {
    const after = await setStatus(m.tx, m.right, 'exited', m.at);
    await reissueOrCancel(m.tx, m.actor, after, false, m.reason, m.at);
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
