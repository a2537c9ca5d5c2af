import { basisOf } from '../kernel/legal-basis';
import { LIVE_LISTING_STATUSES } from '../../models/statuses';
import { type Actor, canWriteRegistry } from '../kernel/actor';
import { type AppError, Conflict, DomainError } from '../kernel/errors';
import { fmt } from '../platform/format';
import { effectiveState } from './listing-state';
import type { Deal, Listing } from './locks';

// The market's rules as plain functions of the actor, the record and the time: who acts for a
// listing or a deal, and when each step may be taken. The use cases throw what these say (under
// their row locks); the page queries (listing-view.ts, deal-view.ts) build their `can` flags
// from the same functions, so a button is shown exactly when the step would be accepted.

/** Rule 9: with this many qualified offers the highest wins; with fewer the seller chooses. */
export const BIDDING_MIN = 3;

/** Why a step cannot be taken now: its message's code, and whether it was taken already (409). */
export type Refusal = { code: string; params?: Record<string, unknown>; repeat?: true };

/** The refusal as the error a use case throws; `field` names the sender's field it concerns. */
export function refusal(r: Refusal, field?: string): AppError {
  return r.repeat ? new Conflict(r.code) : new DomainError(r.code, r.params ?? {}, field);
}

/** Throws the refusal, if any. */
export function refuseIf(r: Refusal | null, field?: string): void {
  if (r) throw refusal(r, field);
}

const done: Refusal = { code: 'market.alreadyDone', repeat: true };
const suspended: Refusal = { code: 'market.suspended' };
/** Issue 20: an open objection (异议) pauses the listing: no offer, no choice of buyer, no contract. */
const objectionOpen: Refusal = { code: 'objection.pausing' };

// Who.

/** Rule 2: only the holder household acts as seller (lists, confirms, consents, chooses, is paid). */
export function isSeller(actor: Actor, x: { sellerHouseholdId: string }): boolean {
  return actor.role === 'farmer' && !!actor.householdId && actor.householdId === x.sellerHouseholdId;
}

/** The collective's officer, the 发包方's agent: reviews, records paper consents, settles, registers. */
export function isCollectiveOfficer(actor: Actor, x: { collectiveId: string }): boolean {
  return canWriteRegistry(actor, x);
}

/** Officers and oversight see every offer and consent of a listing they may read; a member household its own offer only. */
export function seesWholeListing(actor: Actor, l: { sellerHouseholdId: string }): boolean {
  return actor.role !== 'farmer' || isSeller(actor, l);
}

/** Rule 1: a member household other than the seller's bids on a listing it sees (one its collective published). */
export function isBidder(actor: Actor, l: { sellerHouseholdId: string }): boolean {
  return actor.role === 'farmer' && !isSeller(actor, l);
}

/** A bidder's own offer (the household's, whoever of it signed in). */
export function ownsOffer(actor: Actor, o: { buyerHouseholdId: string }): boolean {
  return actor.role === 'farmer' && !!actor.householdId && actor.householdId === o.buyerHouseholdId;
}

/** Who may put a right on the market: its holder household, or the collective's officer preparing a draft (rule 2). */
export function listsAs(actor: Actor, right: { householdId: string; collectiveId: string }): 'holder' | 'officer' | null {
  if (actor.role === 'farmer' && actor.householdId && actor.householdId === right.householdId) return 'holder';
  return isCollectiveOfficer(actor, right) ? 'officer' : null;
}

/**
 * Rule 2: "an officer may prepare one on the farmer's behalf, but it stays a draft until the
 * farmer confirms it". Until then the draft is the officer's proposal, not the farmer's listing,
 * so the officer may take it back (with a reason the farmer is told). A draft the farmer started
 * or confirmed is the farmer's own: only the holder withdraws it; the collective's say is a
 * rejection with a reason after submission (review.ts).
 */
export function officerMayDiscard(
  actor: Actor,
  l: Pick<Listing, 'collectiveId' | 'status' | 'preparedByOfficer' | 'confirmedAt'>,
): boolean {
  return isCollectiveOfficer(actor, l) && l.status === 'draft' && l.preparedByOfficer === 1 && !l.confirmedAt;
}

/** Which side of a deal the actor signs for: the households, or the officer for the collective in an exit. */
export function dealSide(actor: Actor, d: Deal): 'seller' | 'buyer' | null {
  if (isSeller(actor, d)) return 'seller';
  if (actor.role === 'farmer' && d.buyerHouseholdId && actor.householdId === d.buyerHouseholdId) return 'buyer';
  if (!d.buyerHouseholdId && isCollectiveOfficer(actor, d)) return 'buyer';
  return null;
}

// When: the steps of a listing.

export const isLive = (l: Pick<Listing, 'status'>) => (LIVE_LISTING_STATUSES as readonly string[]).includes(l.status);

/**
 * Issue 18 item 3 (rules 11, 13): a transfer needs the right's valid certificate, which
 * registration reissues to the buyer. An exit goes back to the collective, which holds the
 * register itself, so it is not refused here.
 */
export function certificateRefusal(
  l: { path: 'transfer' | 'exit'; rightKind: string },
  cert: { status: string } | null | undefined,
): Refusal | null {
  if (l.path !== 'transfer' || cert?.status === 'valid') return null;
  return { code: 'market.notCertified', params: { kind: l.rightKind } };
}

/** Rule 2: consents are collected while the listing is a draft. */
export function consentRefusal(l: Listing): Refusal | null {
  return l.status === 'draft' ? null : { code: 'market.consentClosed' };
}

export function confirmRefusal(l: Listing): Refusal | null {
  if (l.suspendedAt) return suspended;
  return l.status === 'draft' && !l.confirmedAt ? null : done;
}

/** Submission needs the farmer's confirmation; the consents are counted by the use case (rule 2). */
export function submitRefusal(l: Listing): Refusal | null {
  if (l.suspendedAt) return suspended;
  if (l.status !== 'draft') return done;
  return l.confirmedAt ? null : { code: 'rule2.notConfirmed', params: basisOf(l.rightKind) };
}

/** Rule 2: the holder withdraws at any time before signing the contract; `deal`: the listing's deal. */
export function withdrawRefusal(l: Listing, deal: Deal | null): Refusal | null {
  if (l.status === 'withdrawn') return done;
  if (l.status === 'completed') return { code: 'rule2.contractSigned' };
  if (!isLive(l)) return { code: 'market.notLive' };
  if (l.status === 'in_deal' && (deal?.status !== 'signing' || (deal.sellerSignedAt && deal.buyerSignedAt)))
    return { code: 'rule2.contractSigned' };
  // Issue 18 item 4: the seller's own signature is their final word; the buyer may now sign in
  // reliance on it, so the listing is no longer withdrawn from under them.
  if (l.status === 'in_deal' && deal?.sellerSignedAt) return { code: 'rule2.sellerSigned' };
  return null;
}

/** Rules 5, 6: the collective decides a submitted listing, not a draft, once. */
export function reviewRefusal(l: Listing): Refusal | null {
  if (l.suspendedAt) return suspended;
  if (l.status === 'draft') return { code: 'market.notSubmitted' };
  return l.status === 'submitted' ? null : done;
}

/** Rule 8: approval publishes a transfer; exits are decided by the collective as the buyer (exits.ts). */
export function approveRefusal(l: Listing): Refusal | null {
  return reviewRefusal(l) ?? (l.path === 'transfer' ? null : { code: 'market.exitUsesDecision' });
}

/** Rule 6: the collective accepts, counters or declines an exit. */
export function exitDecisionRefusal(l: Listing): Refusal | null {
  return l.path === 'exit' ? reviewRefusal(l) : { code: 'market.notExit' };
}

export function acceptCounterRefusal(l: Listing): Refusal | null {
  if (l.suspendedAt) return suspended;
  if (l.status !== 'submitted') return done;
  return l.counterPriceFen ? null : { code: 'market.noCounter' };
}

/** Rule 8: offers, raises and withdrawals only while the notice period runs. */
export function offerRefusal(l: Listing, at: Date): Refusal | null {
  if (l.suspendedAt) return suspended;
  if (l.objectionPausedAt) return objectionOpen;
  // Exits go back to the collective (rule 6); members do not bid on them.
  if (l.path === 'exit') return { code: 'rule6.exitNoOffers' };
  if (l.status === 'in_deal' || l.status === 'completed') return { code: 'rule11.alreadySold' };
  if (l.status !== 'approved' || !l.noticeEndsAt) return { code: 'rule8.notPublished' };
  if (effectiveState(l, at) !== 'open') return { code: 'rule8.periodOver', params: { end: fmt.datetime(l.noticeEndsAt) } };
  return null;
}

/** Rule 9 applies once the notice period is over (rule 8). */
export function closeRefusal(l: Listing, at: Date): Refusal | null {
  if (l.suspendedAt) return suspended;
  if (l.objectionPausedAt) return objectionOpen;
  if (l.status === 'in_deal' || l.status === 'completed' || l.status === 'expired') return done;
  if (l.status !== 'approved' || !l.noticeEndsAt) return { code: 'rule8.notPublished' };
  if (effectiveState(l, at) !== 'closed') return { code: 'rule8.periodRunning', params: { end: fmt.datetime(l.noticeEndsAt) } };
  return null;
}

/** Rule 9, negotiation: the seller chooses among one or two qualified offers. */
export const sellerChooses = (qualified: number) => qualified > 0 && qualified < BIDDING_MIN;

/** Rule 9: how the buyer is found once the notice period is over. */
export const awardMode = (qualified: number): 'bidding' | 'negotiation' => (qualified >= BIDDING_MIN ? 'bidding' : 'negotiation');

// When: the steps of a deal.

/** A suspended or cancelled deal moves no further. */
export function dealStepRefusal(d: Deal): Refusal | null {
  if (d.suspendedAt) return suspended;
  return d.status === 'cancelled' ? { code: 'market.dealCancelled' } : null;
}

export function signRefusal(d: Deal, side: 'seller' | 'buyer'): Refusal | null {
  const signed = side === 'seller' ? d.sellerSignedAt : d.buyerSignedAt;
  return d.status === 'signing' && !signed ? null : { code: 'market.alreadySigned', repeat: true };
}

/** The seller confirms the price received once both signed. */
export function paymentRefusal(d: Deal): Refusal | null {
  if (d.status === 'signing') return { code: 'market.notSigned' };
  return d.status === 'signed' ? null : done;
}

/** The officer records the settlement (结算) once the seller confirmed payment. */
export function settlementRefusal(d: Deal): Refusal | null {
  if (d.status === 'signing' || d.status === 'signed') return { code: 'market.notPaid' };
  return d.status === 'paid' ? null : done;
}

/** Rule 11: the registration change follows the settlement, once. */
export function registrationRefusal(d: Deal, l: Pick<Listing, 'suspendedAt'>): Refusal | null {
  if (d.status === 'registered') return { code: 'market.alreadyRegistered', repeat: true };
  if (d.status === 'cancelled') return { code: 'market.dealCancelled' };
  if (d.status !== 'settled') return { code: 'market.notSettled' };
  return d.suspendedAt || l.suspendedAt ? suspended : null;
}

// Objections (异议) during the notice period (issue 20).

/** Who objects: a member of the seller's household, a member household of the collective, or the collective's officer. */
export function objectsAs(actor: Actor, l: Pick<Listing, 'sellerHouseholdId' | 'collectiveId'>): 'member' | 'household' | 'officer' | null {
  if (isCollectiveOfficer(actor, l)) return 'officer';
  if (actor.role !== 'farmer' || !actor.householdId) return null;
  return actor.householdId === l.sellerHouseholdId ? (actor.memberId ? 'member' : null) : 'household';
}

/** An objection is lodged while the listing is published and its notice period runs (or is paused by another). */
export function objectionRefusal(l: Listing, at: Date): Refusal | null {
  if (l.status !== 'approved' || l.noticeClosedAt) return { code: 'objection.notPublished' };
  return l.objectionPausedAt || effectiveState(l, at) === 'open' ? null : { code: 'objection.notPublished' };
}

/**
 * The officer's finding: once, on an open objection. A household member's "I did not consent"
 * cannot be rejected: it stands until that member consents again (in person or by their account).
 */
export function findingRefusal(
  o: { status: string; ground: string; objectorRole: string },
  outcome: 'rejected' | 'returned' | 'ended',
): Refusal | null {
  if (o.status !== 'open') return done;
  if (outcome === 'rejected' && o.ground === 'noConsent' && o.objectorRole === 'member') return { code: 'objection.noConsentStands' };
  return null;
}
