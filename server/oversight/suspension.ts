import { and, eq } from 'drizzle-orm';
import { deals, listings, offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { Conflict, DomainError, Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { accept, type Submitted } from '../kernel/commands';
import { withDbErrors } from '../kernel/tx';
import { lockDeal, lockListing } from '../market/locks';
import { farmersOf, notify, officersOf } from '../market/notifications';
import { reasonCommand, type ReasonCommand } from './commands';
import { dealSuspendRefusal, isSupervisor, listingSuspendRefusal } from './rules';
import { isUuid } from '../kernel/ids';
import { assertInScope } from './scope';

// Supervision (rule 12): the only change the bureau makes. It suspends a listing or a deal
// with a stated reason and lifts the suspension; the seller's farmer accounts and the
// collective's officers are told. While suspended, the market's use cases refuse to move the
// case on (each checks suspended_at under its row lock, with the error market.suspended;
// assertNotSuspended below is that same check for any new use case). The holder may still
// withdraw a listing (rule 2: at any time before signing): supervision never traps a farmer.

/** Refuses to move a suspended listing or deal on. */
export function assertNotSuspended(row: { suspendedAt: Date | null }): void {
  if (row.suspendedAt) throw new DomainError('market.suspended');
}

type What = 'listing' | 'deal';
type Case = {
  id: string;
  collectiveId: string;
  regionCode: string;
  sellerHouseholdId: string;
  rightId: string | null;
  status: string;
  suspendedAt: Date | null;
  suspendReason: string | null;
  buyerHouseholdId?: string | null;
};

/** Outside the region, or unknown: 404 (nothing learnt); inside it, anyone but its bureau: 403. */
async function assertSupervisor(db: Db, actor: Actor, what: What, id: string): Promise<void> {
  if (!isUuid(id)) throw new NotFound();
  const table = what === 'listing' ? listings : deals;
  const [row] = await db.select({ regionCode: table.regionCode }).from(table).where(eq(table.id, id)).limit(1);
  if (!row) throw new NotFound();
  assertInScope(actor, row.regionCode);
  if (!isSupervisor(actor)) throw new Forbidden();
}

/** Notice kinds listingSuspended, listingLifted, dealSuspended, dealLifted (texts in market.notice). */
async function tell(tx: Tx, c: Case, what: What, change: 'Suspended' | 'Lifted', reason: string): Promise<void> {
  // Bidders are parties too (issue 18 item 1): those with a live offer on the listing are told.
  const bidders =
    what === 'listing'
      ? (
          await tx
            .select({ h: offers.buyerHouseholdId })
            .from(offers)
            .where(and(eq(offers.listingId, c.id), eq(offers.status, 'active')))
        ).map((o) => o.h)
      : [];
  const households = [c.sellerHouseholdId, c.buyerHouseholdId ?? null, ...bidders];
  const to = [...(await farmersOf(tx, households)), ...(await officersOf(tx, c.collectiveId))];
  await notify(tx, to, { kind: `${what}${change}`, params: { reason }, link: `/${what}s/${c.id}` });
}

/** The row, locked, and its write: a listing's version moves with every change (the market's optimistic lock). */
async function lockCase(tx: Tx, what: What, id: string) {
  if (what === 'deal') {
    const d = await lockDeal(tx, id);
    return {
      c: d as Case,
      write: (set: Partial<typeof deals.$inferInsert>) => tx.update(deals).set(set).where(eq(deals.id, id)).returning(),
    };
  }
  const l = await lockListing(tx, id);
  return {
    c: l as Case,
    write: (set: Partial<typeof listings.$inferInsert>) =>
      tx
        .update(listings)
        .set({ ...set, version: l.version + 1 })
        .where(eq(listings.id, id))
        .returning(),
  };
}

async function change(db: Db, actor: Actor, what: What, id: string, cmd: Submitted<ReasonCommand>, at: Date, suspend: boolean) {
  await assertSupervisor(db, actor, what, id);
  const { reason } = accept(reasonCommand, cmd);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const { c, write } = await lockCase(tx, what, id);
      if (suspend) {
        const refusal = what === 'listing' ? listingSuspendRefusal(c) : dealSuspendRefusal(c);
        if (refusal === 'oversight.alreadySuspended') throw new Conflict(refusal);
        if (refusal) throw new DomainError(refusal);
      } else if (!c.suspendedAt) throw new Conflict('oversight.notSuspended');
      const [after] = await write(
        suspend ? { suspendedAt: at, suspendReason: reason, updatedAt: at } : { suspendedAt: null, suspendReason: null, updatedAt: at },
      );
      await recordAudit(tx, actor, {
        action: `${what}.${suspend ? 'suspend' : 'lift'}`,
        entityType: what,
        entityId: c.id,
        collectiveId: c.collectiveId,
        regionCode: c.regionCode,
        householdId: c.sellerHouseholdId,
        rightId: c.rightId,
        before: suspend ? { suspendedAt: null } : { suspendedAt: c.suspendedAt, suspendReason: c.suspendReason },
        after: suspend ? { suspendedAt: at, status: c.status } : { suspendedAt: null },
        reason,
      });
      await tell(tx, c, what, suspend ? 'Suspended' : 'Lifted', reason);
      return after;
    }),
  );
}

export function suspendListing(db: Db, actor: Actor, id: string, cmd: Submitted<ReasonCommand>, at: Date) {
  return change(db, actor, 'listing', id, cmd, at, true);
}

export function liftListing(db: Db, actor: Actor, id: string, cmd: Submitted<ReasonCommand>, at: Date) {
  return change(db, actor, 'listing', id, cmd, at, false);
}

export function suspendDeal(db: Db, actor: Actor, id: string, cmd: Submitted<ReasonCommand>, at: Date) {
  return change(db, actor, 'deal', id, cmd, at, true);
}

export function liftDeal(db: Db, actor: Actor, id: string, cmd: Submitted<ReasonCommand>, at: Date) {
  return change(db, actor, 'deal', id, cmd, at, false);
}
