import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { listings } from '../../models/market';
import type { Db } from '../platform/db';
import { Conflict, DomainError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { parse, text } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';
import { addDays, now as clockNow } from '../kernel/clock';
import { lockListing, type Listing } from './locks';
import { farmersOf, membersOfCollective, notify } from './notifications';
import { assertOfficerOf, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';

// Rule 5: the collective (the 发包方) approves a transfer listing; rule 8: approval publishes it
// to the collective's members for the charter's notice period. Rejection needs a reason.

async function reviewable(db: Db, actor: Actor, id: string): Promise<void> {
  const seen = await loadListing(db, actor, id);
  assertOfficerOf(actor, seen);
}

function assertSubmitted(l: Listing): void {
  if (l.suspendedAt) throw new DomainError('market.suspended');
  if (l.status === 'draft') throw new DomainError('market.notSubmitted');
  if (l.status !== 'submitted') throw new Conflict('market.alreadyDone');
}

export async function approveListing(db: Db, actor: Actor, id: string, at = clockNow()): Promise<Listing> {
  await reviewable(db, actor, id);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      assertSubmitted(l);
      // Exits are decided by the collective as the buyer (exits.ts), not published to members.
      if (l.path !== 'transfer') throw new DomainError('market.exitUsesDecision');
      const c = await getCollective(tx, l.collectiveId);
      const noticeEndsAt = addDays(at, c.noticeDays);
      const [after] = await tx
        .update(listings)
        .set({
          status: 'approved',
          reviewedAt: at,
          reviewedBy: actor.id,
          noticeEndsAt,
          version: l.version + 1,
          updatedAt: at,
        })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'listing.approve',
        ...listingTrail(l),
        before: { status: 'submitted' },
        after: { status: 'approved', noticeEndsAt, noticeDays: c.noticeDays },
      });
      const params = { kind: l.rightKind, price: l.askingPriceFen, ends: noticeEndsAt.toISOString() };
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), { kind: 'approved', params, link: `/listings/${l.id}` });
      await notify(tx, await membersOfCollective(tx, l.collectiveId, l.sellerHouseholdId), {
        kind: 'published',
        params,
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}

/** Refuses a submitted listing (for an exit: the collective declines) with a stated reason. */
export async function rejectListing(db: Db, actor: Actor, id: string, input: { reason?: unknown }, at = clockNow()): Promise<Listing> {
  await reviewable(db, actor, id);
  const { reason } = parse(z.object({ reason: text(200) }), input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      assertSubmitted(l);
      const [after] = await tx
        .update(listings)
        .set({
          status: 'rejected',
          reviewedAt: at,
          reviewedBy: actor.id,
          rejectReason: reason,
          version: l.version + 1,
          updatedAt: at,
        })
        .where(eq(listings.id, id))
        .returning();
      await setRightStatus(tx, l.rightId, 'active');
      await recordAudit(tx, actor, {
        action: 'listing.reject',
        ...listingTrail(l),
        before: { status: 'submitted' },
        after: { status: 'rejected' },
        reason,
      });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'rejected',
        params: { kind: l.rightKind, reason },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}
