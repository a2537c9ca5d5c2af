import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { households } from '../../models/households';
import { listings, offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { DomainError, Forbidden } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { withDbErrors } from '../kernel/tx';
import { type Choice, type Input, received } from './commands';
import { createDeal } from './deals';
import { buyerRefusal } from './eligibility';
import { lockListing, type Deal, type Listing, type Offer } from './locks';
import { farmersOf, notify } from './notifications';
import { BIDDING_MIN, closeRefusal, isCollectiveOfficer, isSeller, refuseIf } from './rules';
import { assertSeller, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';
import { escrowOfListing, settleDeposits } from './escrow';
import { depositSatisfied, heldForOffer } from './money-rules';

// Rule 9, choosing the buyer once the notice period is over (rule 8): with three or more
// qualified offers the highest wins (bidding; equal prices: the one that reached it first);
// with one or two the seller chooses (negotiation); with none the listing expires and the
// right is free again. "Qualified" is asked again now: a bidder who meanwhile bought a
// homestead or too many shares is out.

/**
 * The active offers, split by whether the bidder still qualifies. The bidders' household rows
 * are locked first (in id order, so two awards never wait on each other in a circle): a
 * household bidding on two homesteads, or on shares in two listings, cannot be awarded both
 * by two transactions that each checked before the other committed.
 */
export async function qualifiedOffers(tx: Tx, l: Listing): Promise<{ qualified: Offer[]; refused: Offer[]; unfunded: Offer[] }> {
  const list = await tx
    .select()
    .from(offers)
    .where(and(eq(offers.listingId, l.id), eq(offers.status, 'active')))
    .orderBy(desc(offers.priceFen), asc(offers.updatedAt), asc(offers.createdAt));
  if (!list.length) return { qualified: [], refused: [], unfunded: [] };
  // Issue 20: where the listing asks a deposit, an offer counts only once it is in the supervised account.
  const money = l.depositFen ? await escrowOfListing(tx, l.id) : [];
  const unfunded = list.filter((o) => !depositSatisfied(l, heldForOffer(money, o.id)));
  const c = await getCollective(tx, l.collectiveId);
  const buyers = await tx
    .select()
    .from(households)
    .where(
      inArray(
        households.id,
        list.map((o) => o.buyerHouseholdId),
      ),
    )
    .orderBy(asc(households.id))
    .for('update');
  const qualified: Offer[] = [];
  const refused: Offer[] = [];
  for (const o of list) {
    if (unfunded.includes(o)) continue;
    const b = buyers.find((x) => x.id === o.buyerHouseholdId)!;
    ((await buyerRefusal(tx, l, b, c)) ? refused : qualified).push(o);
  }
  return { qualified, refused, unfunded };
}

export type CloseOutcome = { outcome: 'awarded'; deal: Deal } | { outcome: 'expired' } | { outcome: 'awaitingChoice'; count: number };

/** The end of the notice period, on a locked approved listing whose period is over. Idempotent per listing. */
export async function closeNotice(tx: Tx, actor: Actor | null, l: Listing, at: Date): Promise<CloseOutcome> {
  const { qualified, refused: notQualified, unfunded } = await qualifiedOffers(tx, l);
  // Offers whose deposit never came in lapse with those that no longer qualify.
  const refused = [...notQualified, ...unfunded];
  if (refused.length) {
    await tx
      .update(offers)
      .set({ status: 'lost', updatedAt: at })
      .where(
        inArray(
          offers.id,
          refused.map((o) => o.id),
        ),
      );
    await settleDeposits(tx, actor, l, at);
  }
  if (qualified.length >= BIDDING_MIN) {
    const win = qualified[0];
    const deal = await createDeal(tx, actor, l, win.buyerHouseholdId, win.id, win.priceFen, at);
    await recordAudit(tx, actor, {
      action: 'listing.award',
      ...listingTrail(l),
      after: { rule: 9, mode: 'bidding', offers: qualified.length, winner: win.id, priceFen: win.priceFen },
    });
    return { outcome: 'awarded', deal };
  }
  if (qualified.length === 0) {
    await tx
      .update(listings)
      .set({ status: 'expired', noticeClosedAt: at, version: l.version + 1, updatedAt: at })
      .where(eq(listings.id, l.id));
    await setRightStatus(tx, l.rightId, 'active', at);
    await recordAudit(tx, actor, {
      action: 'listing.expire',
      ...listingTrail(l),
      before: { status: 'approved' },
      after: { status: 'expired' },
    });
    await notify(tx, await farmersOf(tx, [l.sellerHouseholdId, ...refused.map((o) => o.buyerHouseholdId)]), {
      kind: 'expired',
      params: { kind: l.rightKind },
      link: `/listings/${l.id}`,
    });
    return { outcome: 'expired' };
  }
  if (!l.noticeClosedAt) {
    await tx.update(listings).set({ noticeClosedAt: at, updatedAt: at }).where(eq(listings.id, l.id));
    await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
      kind: 'chooseBuyer',
      params: { kind: l.rightKind, count: qualified.length },
      link: `/listings/${l.id}`,
    });
  }
  return { outcome: 'awaitingChoice', count: qualified.length };
}

/** The seller or the officer closes an ended notice period now, rather than waiting for the job. */
export async function closeNow(db: Db, actor: Actor, listingId: string, at: Date): Promise<CloseOutcome> {
  const seen = await loadListing(db, actor, listingId);
  if (!isCollectiveOfficer(actor, seen) && !isSeller(actor, seen)) throw new Forbidden();
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      refuseIf(closeRefusal(l, at));
      return closeNotice(tx, actor, l, at);
    }),
  );
}

/** Rule 9, negotiation: with one or two qualified offers the seller chooses one. */
export async function chooseOffer(db: Db, actor: Actor, listingId: string, input: Input<Choice>, at: Date): Promise<Deal> {
  const seen = await loadListing(db, actor, listingId);
  assertSeller(actor, seen);
  const { command, field } = received(input);
  const { offerId } = command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      refuseIf(closeRefusal(l, at));
      const { qualified, refused, unfunded } = await qualifiedOffers(tx, l);
      if (unfunded.some((o) => o.id === offerId)) throw new DomainError('money.depositNotReceived', {}, field('offerId'));
      if (qualified.length >= BIDDING_MIN) throw new DomainError('rule9.bidding', { count: qualified.length });
      const chosen = qualified.find((o) => o.id === offerId);
      if (!chosen) {
        const out = refused.find((o) => o.id === offerId);
        if (out) {
          const [b] = await tx.select().from(households).where(eq(households.id, out.buyerHouseholdId));
          throw (await buyerRefusal(tx, l, b, await getCollective(tx, l.collectiveId), { field: field('offerId') }))!;
        }
        throw new DomainError('market.offerNotActive');
      }
      const deal = await createDeal(tx, actor, l, chosen.buyerHouseholdId, chosen.id, chosen.priceFen, at);
      await recordAudit(tx, actor, {
        action: 'listing.award',
        ...listingTrail(l),
        after: { rule: 9, mode: 'negotiation', offers: qualified.length, winner: chosen.id, priceFen: chosen.priceFen },
      });
      return deal;
    }),
  );
}
