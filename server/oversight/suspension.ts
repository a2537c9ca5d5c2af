import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { deals, listings } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { Conflict, DomainError, Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { parse, text } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';
import { lockDeal, lockListing } from '../market/locks';
import { farmersOf, notify, officersOf } from '../market/notifications';
import { inScope, isUuid } from './scope';

// Supervision (rule 12): the only change the bureau makes. It suspends a listing or a deal
// with a stated reason and lifts the suspension; the seller's farmer accounts and the
// collective's officers are told. While suspended, the market's use cases refuse to move the
// case on (each checks suspended_at under its row lock, with the error market.suspended;
// assertNotSuspended below is that same check for any new use case). The holder may still
// withdraw a listing (rule 2: at any time before signing): supervision never traps a farmer.

// A listing in a deal is supervised through its deal (the deal's steps check the deal).
const LIVE_LISTING = ['draft', 'submitted', 'approved'];
const OPEN_DEAL = ['signing', 'signed', 'paid', 'settled'];

/** Refuses to move a suspended listing or deal on. */
export function assertNotSuspended(row: { suspendedAt: Date | null }): void {
  if (row.suspendedAt) throw new DomainError('market.suspended');
}

const reasonSchema = z.object({ reason: text(300) });

function assertSupervisor(actor: Actor, regionCode: string): void {
  if (!inScope(actor, regionCode)) throw new NotFound();
  if (actor.role !== 'bureau') throw new Forbidden();
}

type Case = { id: string; collectiveId: string; regionCode: string; sellerHouseholdId: string; rightId: string | null };

/** Notice kinds listingSuspended, listingLifted, dealSuspended, dealLifted (texts in market.notice). */
async function tell(tx: Tx, c: Case, kind: string, reason: string, link: string, buyerHouseholdId: string | null = null): Promise<void> {
  const to = [...(await farmersOf(tx, [c.sellerHouseholdId, buyerHouseholdId])), ...(await officersOf(tx, c.collectiveId))];
  await notify(tx, to, { kind, params: { reason }, link });
}

const trail = (c: Case, entityType: 'listing' | 'deal') => ({
  entityType,
  entityId: c.id,
  collectiveId: c.collectiveId,
  regionCode: c.regionCode,
  householdId: c.sellerHouseholdId,
  rightId: c.rightId,
});

async function peek(db: Db, actor: Actor, what: 'listing' | 'deal', id: string) {
  if (!isUuid(id)) throw new NotFound();
  const table = what === 'listing' ? listings : deals;
  const [row] = await db.select({ regionCode: table.regionCode }).from(table).where(eq(table.id, id)).limit(1);
  if (!row) throw new NotFound();
  assertSupervisor(actor, row.regionCode);
}

export async function suspendListing(db: Db, actor: Actor, id: string, input: unknown) {
  await peek(db, actor, 'listing', id);
  const { reason } = parse(reasonSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      if (l.suspendedAt) throw new Conflict('oversight.alreadySuspended');
      if (l.status === 'in_deal') throw new DomainError('oversight.suspendTheDeal');
      if (!LIVE_LISTING.includes(l.status)) throw new DomainError('oversight.notLive');
      const at = new Date();
      const [after] = await tx
        .update(listings)
        .set({ suspendedAt: at, suspendReason: reason, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'listing.suspend',
        ...trail(l, 'listing'),
        before: { suspendedAt: null },
        after: { suspendedAt: at, status: l.status },
        reason,
      });
      await tell(tx, l, 'listingSuspended', reason, `/listings/${l.id}`);
      return after;
    }),
  );
}

export async function liftListing(db: Db, actor: Actor, id: string, input: unknown) {
  await peek(db, actor, 'listing', id);
  const { reason } = parse(reasonSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      if (!l.suspendedAt) throw new Conflict('oversight.notSuspended');
      const at = new Date();
      const [after] = await tx
        .update(listings)
        .set({ suspendedAt: null, suspendReason: null, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'listing.lift',
        ...trail(l, 'listing'),
        before: { suspendedAt: l.suspendedAt, suspendReason: l.suspendReason },
        after: { suspendedAt: null },
        reason,
      });
      await tell(tx, l, 'listingLifted', reason, `/listings/${l.id}`);
      return after;
    }),
  );
}

export async function suspendDeal(db: Db, actor: Actor, id: string, input: unknown) {
  await peek(db, actor, 'deal', id);
  const { reason } = parse(reasonSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const d = await lockDeal(tx, id);
      if (d.suspendedAt) throw new Conflict('oversight.alreadySuspended');
      if (!OPEN_DEAL.includes(d.status)) throw new DomainError('oversight.notLive');
      const at = new Date();
      const [after] = await tx
        .update(deals)
        .set({ suspendedAt: at, suspendReason: reason, updatedAt: at })
        .where(eq(deals.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'deal.suspend',
        ...trail(d, 'deal'),
        before: { suspendedAt: null },
        after: { suspendedAt: at, status: d.status },
        reason,
      });
      await tell(tx, d, 'dealSuspended', reason, `/deals/${d.id}`, d.buyerHouseholdId);
      return after;
    }),
  );
}

export async function liftDeal(db: Db, actor: Actor, id: string, input: unknown) {
  await peek(db, actor, 'deal', id);
  const { reason } = parse(reasonSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const d = await lockDeal(tx, id);
      if (!d.suspendedAt) throw new Conflict('oversight.notSuspended');
      const at = new Date();
      const [after] = await tx
        .update(deals)
        .set({ suspendedAt: null, suspendReason: null, updatedAt: at })
        .where(eq(deals.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'deal.lift',
        ...trail(d, 'deal'),
        before: { suspendedAt: d.suspendedAt, suspendReason: d.suspendReason },
        after: { suspendedAt: null },
        reason,
      });
      await tell(tx, d, 'dealLifted', reason, `/deals/${d.id}`, d.buyerHouseholdId);
      return after;
    }),
  );
}
