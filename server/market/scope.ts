import { basisOf } from '../kernel/legal-basis';
import { and, eq } from 'drizzle-orm';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { AppError, Forbidden, NotFound } from '../kernel/errors';
import { canRead, type Actor } from '../kernel/actor';
import { assertUuid, type Deal, type Listing } from './locks';
import { isCollectiveOfficer, isSeller } from './rules';

// Rule 12 for the market. Officers: their collective; bureau: its region; admin: all.
// Farmers: their own household's listings and deals, and the listings their collective has
// published (approved) — listings are never public. A farmer of another collective who opens
// a published listing's link is told why (rule 1), without any of its details.

export type Household = typeof households.$inferSelect;

/** The farmer's own household (the buyer or seller the farmer acts for). */
export async function ownHousehold(db: Db | Tx, actor: Actor): Promise<Household> {
  if (actor.role !== 'farmer' || !actor.householdId) throw new Forbidden();
  const [h] = await db.select().from(households).where(eq(households.id, actor.householdId)).limit(1);
  if (!h) throw new Forbidden();
  return h;
}

const place = (x: { collectiveId: string; regionCode: string }, householdId?: string | null) => ({
  collectiveId: x.collectiveId,
  regionCode: x.regionCode,
  householdId: householdId ?? null,
});

export const PUBLISHED = ['approved'] as const;

/** May this actor see the listing? Throws NotFound, or the rule-1 refusal for outsiders. */
export async function assertSeesListing(db: Db | Tx, actor: Actor, l: Listing): Promise<void> {
  if (actor.role !== 'farmer') {
    if (!canRead(actor, place(l))) throw new NotFound();
    return;
  }
  if (isSeller(actor, l)) return;
  const mine = await ownHousehold(db, actor);
  if (mine.collectiveId !== l.collectiveId) {
    if ((PUBLISHED as readonly string[]).includes(l.status)) throw new AppError(403, 'rule1.notPublishedToYou', basisOf(l.rightKind));
    throw new NotFound();
  }
  if ((PUBLISHED as readonly string[]).includes(l.status)) return;
  // After the notice period a bidder still follows the listing it bid on.
  const [mineOffer] = await db
    .select({ id: offers.id })
    .from(offers)
    .where(and(eq(offers.listingId, l.id), eq(offers.buyerHouseholdId, mine.id)))
    .limit(1);
  if (!mineOffer) throw new NotFound();
}

export async function loadListing(db: Db | Tx, actor: Actor, id: string): Promise<Listing> {
  assertUuid(id);
  const [l] = await db.select().from(listings).where(eq(listings.id, id)).limit(1);
  if (!l) throw new NotFound();
  await assertSeesListing(db, actor, l);
  return l;
}

/** Parties of a deal: the seller's and buyer's households, the collective's officers, oversight. */
export function seesDeal(actor: Actor, d: Deal): boolean {
  if (actor.role === 'farmer') return isSeller(actor, d) || (!!actor.householdId && actor.householdId === d.buyerHouseholdId);
  return canRead(actor, place(d));
}

export async function loadDeal(db: Db | Tx, actor: Actor, id: string): Promise<Deal> {
  assertUuid(id);
  const [d] = await db.select().from(deals).where(eq(deals.id, id)).limit(1);
  if (!d || !seesDeal(actor, d)) throw new NotFound();
  return d;
}

/** The collective's officer (the 发包方's agent) for this listing, or Forbidden/NotFound. */
export function assertOfficerOf(actor: Actor, x: { collectiveId: string; regionCode: string }): void {
  if (!canRead(actor, place(x))) throw new NotFound();
  if (!isCollectiveOfficer(actor, x)) throw new Forbidden();
}

/**
 * Rule 2: only the holder household acts as seller. Others are refused (403), or told the rule
 * (`refusal`) where the step is offered to more than the holder (the officer who prepared a draft).
 */
export function assertSeller(actor: Actor, x: { sellerHouseholdId: string }, refusal: AppError = new Forbidden()): void {
  if (!isSeller(actor, x)) throw refusal;
}
