import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import type { offers } from '../../models/market';
import type { Collective } from '../registry/collectives';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { NotFound } from '../kernel/errors';
import { readListingPage } from './listing-page-reads';
import { consentTableOf, missingOf } from './consents';
import { daysLeft, effectiveState, shownState } from './listing-state';
import {
  acceptCounterRefusal,
  approveRefusal,
  certificateRefusal,
  awardMode,
  BIDDING_MIN,
  closeRefusal,
  confirmRefusal,
  consentRefusal,
  exitDecisionRefusal,
  isBidder,
  isCollectiveOfficer,
  isSeller,
  offerRefusal,
  objectionRefusal,
  objectsAs,
  officerMayDiscard,
  ownsOffer,
  sellerChooses,
  seesWholeListing,
  submitRefusal,
  withdrawRefusal,
} from './rules';
import { loadListing, seesDeal } from './scope';
import { buyerRefusal } from './eligibility';
import type { Listing } from './locks';
import type { AppError } from '../kernel/errors';
import { suspensionOf } from './suspension-view';
import { priceCheck } from './price-check';
import { objectionsShown } from './objections';
import { depositRecordRefusal, depositSatisfied, heldForOffer } from './money-rules';

/** Active offers whose bidder no longer qualifies, with the rule's refusal; read in a transaction, nothing locked or written. */
async function unqualifiedOffers(
  db: Db,
  l: Listing,
  c: Collective,
  list: { o: typeof offers.$inferSelect }[],
): Promise<Map<string, AppError>> {
  const out = new Map<string, AppError>();
  const active = list.filter((x) => x.o.status === 'active');
  if (!active.length) return out;
  await db.transaction(async (tx) => {
    for (const x of active) {
      const [b] = await tx.select().from(households).where(eq(households.id, x.o.buyerHouseholdId));
      const r = await buyerRefusal(tx, l, b, c);
      if (r) out.set(x.o.id, r);
    }
  });
  return out;
}

// The listing page's read model: what the actor may see of the listing, and what the actor may
// do there now — each flag the rule its use case enforces (rules.ts), so no button is shown for
// a step that would be refused, and none is missing for one that would be accepted.

export async function listingPage(db: Db, actor: Actor, id: string, at: Date) {
  const l = await loadListing(db, actor, id);
  const whole = seesWholeListing(actor, l);
  // The rest in one prepared statement (listing-page-reads.ts); the reference price and the
  // suspending bureau (read only when suspended) alongside.
  const [page, price, suspension] = await Promise.all([
    readListingPage(db, l.id, at),
    whole && l.path === 'transfer' ? priceCheck(db, l, l.submittedAt ?? at) : null,
    suspensionOf(db, 'listing', l),
  ]);
  const { seller, detail, collective, offers: allOffers, deal, certificate } = page;
  if (!collective) throw new NotFound();
  // Rule 2: the consents of the seller household's current members (membership.ts), as consents.ts counts them.
  const current = page.sellerMembers.filter((m) => m.status !== 'ended');
  const consents = whole ? consentTableOf(current, page.consentsGiven, page.accountMembers, at) : [];
  const missing = l.status === 'draft' ? missingOf(current, page.consentsGiven, at) : [];
  const myOffer = allOffers.find((x) => ownsOffer(actor, x.o) && x.o.status === 'active')?.o ?? null;
  const state = effectiveState(l, at);
  // Issue 18 item 4: once the period is over, the count, the mode and the choice rest on the
  // offers that still qualify (rule 9), the same the award counts; the others say why not.
  const unqualified = whole && state === 'closed' ? await unqualifiedOffers(db, l, collective, allOffers) : new Map<string, AppError>();
  // Issue 20: an offer counts once its deposit is in the supervised account (the award counts the same, award.ts).
  const money = l.depositFen ? page.escrow : [];
  const depositOf = (offerId: string) => {
    const held = heldForOffer(money, offerId);
    return { received: money.some((m) => m.offerId === offerId && m.kind === 'deposit_in'), held, counts: depositSatisfied(l, held) };
  };
  const activeCount = allOffers.filter((x) => x.o.status === 'active' && !unqualified.has(x.o.id) && depositOf(x.o.id).counts).length;
  const me = consents.find((c) => c.member.id === actor.memberId);
  const holder = isSeller(actor, l);
  const officer = isCollectiveOfficer(actor, l);
  const canOffer = isBidder(actor, l) && !offerRefusal(l, at);
  const closable = !closeRefusal(l, at);
  const negotiating = sellerChooses(activeCount);
  const uncertified = certificateRefusal(l, certificate);
  return {
    listing: l,
    seller,
    detail,
    collective,
    state,
    /** What the page shows: 已暂停 while the bureau's suspension holds (issue 18 item 1). */
    shown: shownState(l, at),
    suspension,
    daysLeft: daysLeft(l, at),
    offers: (whole ? allOffers : allOffers.filter((x) => ownsOffer(actor, x.o))).map((x) => ({
      ...x,
      /** Why an active offer no longer qualifies (rules 1, 4, 7), once the period is over. */
      unqualified: unqualified.get(x.o.id) ?? null,
      /** Issue 20: the offer's deposit: recorded as received, what the account still holds for it, whether the offer counts. */
      deposit: depositOf(x.o.id),
      /** The officer may record this offer's deposit as received now. */
      canRecordDeposit: officer && !depositRecordRefusal(l, x.o, depositOf(x.o.id).held),
    })),
    /** Issue 20: the deposit (保证金) an offer on this listing needs, fixed at publication; null: none. */
    depositFen: l.depositFen,
    myOffer,
    activeCount,
    parcels: (detail.parcels ?? []).filter((p) => (l.parcelIds ?? []).includes(p.id)),
    deal: deal && seesDeal(actor, deal) ? deal : null,
    consents,
    missing,
    /** The right's valid certificate, or null: shown to seller and officer before the harm (issue 18 item 3). */
    certificate,
    uncertified,
    /** Issue 20: the objections (异议) the actor may see, each with what the actor may do about it. */
    objections: objectionsShown(actor, l, page.objections),
    /** Rule 10 before the harm (issue 18 item 2): the asking price against the reference, for seller, officer and bureau. */
    price,
    biddingMin: BIDDING_MIN,
    /** Once the notice period is over, how rule 9 finds the buyer (for those who see the offers). */
    awardMode: state === 'closed' && whole ? awardMode(activeCount) : null,
    can: {
      consent: holder && !consentRefusal(l) && !!me?.adult && !me.consent,
      paperConsent: officer && !consentRefusal(l),
      confirm: holder && !confirmRefusal(l),
      submit: holder && !submitRefusal(l) && !uncertified,
      withdraw: holder && !withdrawRefusal(l, deal ?? null),
      discard: officerMayDiscard(actor, l),
      review: officer && !approveRefusal(l),
      approve: officer && !approveRefusal(l) && !uncertified,
      decideExit: officer && !exitDecisionRefusal(l),
      acceptCounter: holder && !acceptCounterRefusal(l),
      offer: canOffer && !myOffer,
      raise: canOffer && !!myOffer,
      choose: holder && closable && negotiating,
      // One clear action: while the seller chooses (rule 9, negotiation) nobody is offered "apply the rules".
      close: (holder || officer) && closable && !negotiating,
      object: !!objectsAs(actor, l) && !objectionRefusal(l, at),
      seeOffers: whole,
      seeScans: whole,
    },
  };
}
