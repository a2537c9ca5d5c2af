import { eq } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import type { Db } from '../platform/db';
import { DomainError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { withDbErrors } from '../kernel/tx';
import { assertBuyerQualified } from './eligibility';
import { registerExit } from './exits';
import { lockDeal, lockHousehold, lockListing, lockRight, type Deal } from './locks';
import { farmersOf, notify } from './notifications';
import { refuseIf, registrationRefusal } from './rules';
import { assertOfficerOf, loadDeal } from './scope';
import { dealTrail } from './trail';
import { releaseOnRegistration } from './escrow';
import { transferHomestead, transferLand, transferShares, type Move } from './transfer';

// Rule 11, the registration change (变更登记): one action of the officer, one transaction.
// The holder changes (or the right ends, for an exit), the old certificate is cancelled or
// superseded and a new one issued, shares move, a homestead seller loses eligibility, the
// listing closes and every step is in the trail — all of it commits, or none of it does.
// A second click, a second officer or a retry finds the deal registered and is told so.

export async function registerDeal(db: Db, actor: Actor, dealId: string, at: Date): Promise<Deal> {
  const seen = await loadDeal(db, actor, dealId);
  assertOfficerOf(actor, seen);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const listing = await lockListing(tx, seen.listingId);
      const deal = await lockDeal(tx, dealId);
      refuseIf(registrationRefusal(deal, listing));
      const right = await lockRight(tx, listing.rightId);
      if (right.status !== 'in_transaction') throw new DomainError('rightNotActive', { status: right.status });
      const m: Move = { tx, actor, deal, listing, right, at, reason: `${listing.path === 'exit' ? '退出' : '流转'} ${deal.number}` };
      let newRightId: string | null = null;
      if (listing.path === 'exit') {
        newRightId = await registerExit(m);
      } else {
        // Rules 1, 4, 7 once more, under the buyer's lock: nothing may have changed since the award.
        const buyer = await lockHousehold(tx, deal.buyerHouseholdId!);
        await assertBuyerQualified(tx, listing, buyer, await getCollective(tx, listing.collectiveId), { exceptDealId: deal.id });
        newRightId =
          listing.rightKind === 'land'
            ? await transferLand(m, buyer.id)
            : listing.rightKind === 'homestead'
              ? await transferHomestead(m, buyer.id)
              : await transferShares(m, buyer.id);
      }
      // Issue 20: what the supervised account holds for the deal goes to the seller with the change of holder, or not at all.
      await releaseOnRegistration(tx, actor, listing, deal, at);
      await tx
        .update(listings)
        .set({ status: 'completed', version: listing.version + 1, updatedAt: at })
        .where(eq(listings.id, listing.id));
      const [after] = await tx
        .update(deals)
        .set({ status: 'registered', registeredAt: at, registeredBy: actor.id, newRightId, updatedAt: at })
        .where(eq(deals.id, deal.id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'deal.register',
        ...dealTrail(deal),
        before: { status: 'settled' },
        after: { status: 'registered', newRightId, priceFen: deal.priceFen },
        reason: m.reason,
      });
      if (deal.buyerHouseholdId)
        await recordAudit(tx, actor, {
          action: 'deal.register',
          ...dealTrail(deal, deal.buyerHouseholdId),
          after: { status: 'registered', newRightId },
          reason: m.reason,
        });
      await notify(tx, await farmersOf(tx, [deal.sellerHouseholdId, deal.buyerHouseholdId]), {
        kind: 'registered',
        params: { number: deal.number, kind: listing.rightKind },
        link: `/deals/${deal.id}`,
      });
      return after;
    }),
  );
}
