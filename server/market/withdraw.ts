import { basisOf } from '../kernel/legal-basis';
import { and, eq, inArray } from 'drizzle-orm';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import { DomainError, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { withDbErrors } from '../kernel/tx';
import { type Input, received, type Withdrawal } from './commands';
import { lockDeal, lockListing, type Deal, type Listing } from './locks';
import { farmersOf, notify, officersOf } from './notifications';
import { isCollectiveOfficer, isSeller, officerMayDiscard, refuseIf, withdrawRefusal } from './rules';
import { loadDeal, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';
import { settleCancelledDeal, settleDeposits } from './escrow';

// Rule 2: the holder withdraws at any time before the contract is signed, without penalty; the
// bidders and the collective are told. The officer takes back a draft they prepared that the
// farmer has not confirmed (rules.ts officerMayDiscard), with a reason the farmer is told.

export async function withdrawListing(db: Db, actor: Actor, id: string, input: Input<Withdrawal>, at: Date): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  const holder = isSeller(actor, seen);
  const officer = !holder && isCollectiveOfficer(actor, seen);
  if (!holder && !officer) throw new DomainError('rule2.holderOnly', basisOf(seen.rightKind));
  if (officer && !officerMayDiscard(actor, seen)) throw new DomainError('rule2.officerDraftOnly');
  const { command, field } = received(input);
  if (officer && !command.reason) throw new ValidationError({ [field('reason')]: { code: 'required' } });
  const { reason } = command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      if (l.status === 'withdrawn') refuseIf(withdrawRefusal(l, null));
      // The farmer may have confirmed the draft since the page was loaded: then it is theirs.
      if (officer && !officerMayDiscard(actor, l)) throw new DomainError('rule2.officerDraftOnly');
      let deal: Deal | null = null;
      if (l.status === 'in_deal') {
        const [peek] = await tx.select({ id: deals.id }).from(deals).where(eq(deals.listingId, l.id));
        deal = peek ? await lockDeal(tx, peek.id) : null;
      }
      refuseIf(withdrawRefusal(l, deal));
      if (deal)
        await tx
          .update(deals)
          .set({ status: 'cancelled', cancelledAt: at, cancelReason: reason ?? 'withdrawn', updatedAt: at })
          .where(eq(deals.id, deal.id));
      const bidders = await tx
        .update(offers)
        .set({ status: 'lost', updatedAt: at })
        .where(and(eq(offers.listingId, l.id), inArray(offers.status, ['active', 'won'])))
        .returning({ buyer: offers.buyerHouseholdId });
      const [after] = await tx
        .update(listings)
        .set({ status: 'withdrawn', withdrawnAt: at, withdrawReason: reason, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, id))
        .returning();
      await setRightStatus(tx, l.rightId, 'active', at);
      await recordAudit(tx, actor, {
        action: 'listing.withdraw',
        ...listingTrail(l),
        before: { status: l.status },
        after: { status: 'withdrawn' },
        reason,
      });
      // Issue 20: the seller walked away, not the buyer: everything held is refunded.
      if (deal) await settleCancelledDeal(tx, actor, l, deal, { buyerWalkedAway: false, forfeitTo: 'none' }, at);
      await settleDeposits(tx, actor, l, at);
      const told = await farmersOf(tx, [...bidders.map((b) => b.buyer), deal?.buyerHouseholdId ?? null]);
      await notify(tx, told, { kind: 'withdrawn', params: { kind: l.rightKind }, link: `/listings/${l.id}` });
      if (l.status !== 'draft')
        await notify(tx, await officersOf(tx, l.collectiveId), {
          kind: 'withdrawn',
          params: { kind: l.rightKind },
          link: `/listings/${l.id}`,
        });
      if (officer)
        await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
          kind: 'draftDiscarded',
          params: { kind: l.rightKind, reason: reason ?? '' },
          link: `/listings/${l.id}`,
        });
      return after;
    }),
  );
}

/** The deal page's "withdraw": the seller withdraws the deal's listing before both have signed (rule 2). */
export async function withdrawFromDeal(db: Db, actor: Actor, dealId: string, input: Input<Withdrawal>, at: Date): Promise<Listing> {
  const deal = await loadDeal(db, actor, dealId);
  return withdrawListing(db, actor, deal.listingId, input, at);
}
