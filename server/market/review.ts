import { eq } from 'drizzle-orm';
import { listings } from '../../models/market';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { withDbErrors } from '../kernel/tx';
import { addDays } from '../kernel/clock';
import { assertCertified } from './certified';
import { type Input, type Reason, received } from './commands';
import { lockListing, type Listing } from './locks';
import { farmersOf, membersOfCollective, notify } from './notifications';
import { approveRefusal, refuseIf, reviewRefusal } from './rules';
import { assertOfficerOf, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';
import { depositRequired } from './money-rules';

// Rule 5: the collective (the 发包方) approves a transfer listing; rule 8: approval publishes it
// to the collective's members for the charter's notice period. Rejection needs a reason.

async function reviewable(db: Db, actor: Actor, id: string): Promise<void> {
  const seen = await loadListing(db, actor, id);
  assertOfficerOf(actor, seen);
}

export async function approveListing(db: Db, actor: Actor, id: string, at: Date): Promise<Listing> {
  await reviewable(db, actor, id);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(approveRefusal(l));
      await assertCertified(tx, l);
      const c = await getCollective(tx, l.collectiveId);
      const noticeEndsAt = addDays(at, c.noticeDays);
      // Issue 20: the deposit an offer needs is fixed now, so a later charter change never alters a running bidding.
      const depositFen = depositRequired(c, l);
      const [after] = await tx
        .update(listings)
        .set({
          status: 'approved',
          reviewedAt: at,
          reviewedBy: actor.id,
          noticeEndsAt,
          depositFen,
          version: l.version + 1,
          updatedAt: at,
        })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'listing.approve',
        ...listingTrail(l),
        before: { status: 'submitted' },
        after: { status: 'approved', noticeEndsAt, noticeDays: c.noticeDays, depositFen },
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
export async function rejectListing(db: Db, actor: Actor, id: string, input: Input<Reason>, at: Date): Promise<Listing> {
  await reviewable(db, actor, id);
  const { reason } = received(input).command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(reviewRefusal(l));
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
      await setRightStatus(tx, l.rightId, 'active', at);
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
