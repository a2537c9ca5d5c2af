import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { landContracts, parcels, shareHoldings } from '../../models/rights';
import { deals, LISTING_PATHS, listings, offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { Conflict, DomainError, Forbidden, ValidationError } from '../kernel/errors';
import { canWriteRegistry, type Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { choice, parse, text } from '../kernel/fields';
import { assertEditable, loadRight } from '../registry/rights';
import { withDbErrors } from '../kernel/tx';
import { addMonths, now as clockNow, shanghaiDate } from '../kernel/clock';
import { missingConsents } from './consents';
import { optionalReason, priceFen } from './fields';
import { lockDeal, lockListing, lockRight, type Listing } from './locks';
import { farmersOf, notify, officersOf } from './notifications';
import { loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';
import { assertNotSuspended } from '../oversight/suspension';

// Rule 2 (voluntary): only the holder household lists; an officer's draft waits for the
// farmer's confirmation; every adult member consents before submission; the holder may
// withdraw at any time before the contract is signed. Rule 11: a listed right is frozen.

const listingSchema = z.object({
  path: choice(LISTING_PATHS),
  askingPrice: priceFen,
  parcelIds: z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(z.string())),
  shares: z.preprocess((v) => (v === '' ? undefined : v), z.union([z.string(), z.number()]).optional()),
});

export type ListingInput = { path?: unknown; askingPrice?: unknown; parcelIds?: unknown; shares?: unknown };

/** What part of the right is offered: all or some parcels, the homestead, some shares. */
async function scopeOfRight(tx: Tx, right: { id: string; kind: string }, v: z.output<typeof listingSchema>, at: Date) {
  if (right.kind === 'land') {
    const [contract] = await tx.select().from(landContracts).where(eq(landContracts.rightId, right.id));
    // Rule 5: a transfer is for the remaining term; nothing remains after the term's end.
    if (!contract || contract.endDate <= shanghaiDate(at)) throw new DomainError('rule5.termEnded', { end: contract?.endDate ?? '' });
    const live = await tx
      .select({ id: parcels.id })
      .from(parcels)
      .where(and(eq(parcels.rightId, right.id), eq(parcels.status, 'active')));
    const chosen = [...new Set(v.parcelIds)];
    if (!chosen.length) throw new ValidationError({ parcelIds: { code: 'market.chooseParcels' } });
    if (chosen.some((id) => !live.some((p) => p.id === id))) throw new ValidationError({ parcelIds: { code: 'market.parcelNotInRight' } });
    return { parcelIds: chosen, shares: null };
  }
  if (right.kind === 'shares') {
    const [h] = await tx.select().from(shareHoldings).where(eq(shareHoldings.rightId, right.id));
    const s = String(v.shares ?? '').trim();
    if (!s) throw new ValidationError({ shares: { code: 'required' } });
    if (!/^[0-9]{1,9}$/.test(s) || Number(s) <= 0) throw new ValidationError({ shares: { code: 'invalidInteger' } });
    if (Number(s) > (h?.shares ?? 0))
      throw new ValidationError({ shares: { code: 'market.moreThanHeld', params: { held: h?.shares ?? 0 } } });
    return { parcelIds: null, shares: Number(s) };
  }
  return { parcelIds: null, shares: null };
}

/** Starts a listing: by the holder farmer, or prepared as a draft by the collective's officer. */
export async function createListing(db: Db, actor: Actor, rightId: string, input: ListingInput, at = clockNow()): Promise<Listing> {
  const right = await loadRight(db, actor, rightId);
  const byOfficer = actor.role === 'officer';
  if (byOfficer ? !canWriteRegistry(actor, right) : actor.role !== 'farmer' || actor.householdId !== right.householdId)
    throw new Forbidden();
  const v = parse(listingSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const locked = await lockRight(tx, right.id);
      assertEditable(locked);
      const part = await scopeOfRight(tx, locked, v, at);
      const [l] = await tx
        .insert(listings)
        .values({
          rightId: locked.id,
          collectiveId: locked.collectiveId,
          regionCode: locked.regionCode,
          sellerHouseholdId: locked.householdId,
          path: v.path,
          rightKind: locked.kind,
          parcelIds: part.parcelIds,
          shares: part.shares,
          askingPriceFen: v.askingPrice,
          preparedBy: actor.id,
          preparedByOfficer: byOfficer ? 1 : 0,
          confirmedAt: byOfficer ? null : at,
        })
        .returning();
      await setRightStatus(tx, locked.id, 'listed');
      await recordAudit(tx, actor, {
        action: 'listing.create',
        ...listingTrail(l),
        after: { path: l.path, kind: l.rightKind, parcelIds: l.parcelIds, shares: l.shares, askingPriceFen: l.askingPriceFen, byOfficer },
      });
      const household = await farmersOf(tx, [l.sellerHouseholdId]);
      await notify(
        tx,
        household.filter((id) => id !== actor.id),
        { kind: byOfficer ? 'draftPrepared' : 'consentNeeded', params: { kind: l.rightKind }, link: `/listings/${l.id}` },
      );
      return l;
    }),
  );
}

/** Rule 2: a draft the officer prepared becomes the farmer's own only when the farmer confirms it. */
export async function confirmListing(db: Db, actor: Actor, id: string, at = clockNow()): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  if (actor.role !== 'farmer' || actor.householdId !== seen.sellerHouseholdId) throw new DomainError('rule2.holderOnly');
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      assertNotSuspended(l);
      if (l.status !== 'draft' || l.confirmedAt) throw new Conflict('market.alreadyDone');
      const [after] = await tx
        .update(listings)
        .set({ confirmedAt: at, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, { action: 'listing.confirm', ...listingTrail(l), after: { confirmedAt: at } });
      return after;
    }),
  );
}

/** Submits a draft for review: confirmed by the farmer and consented by every adult member (rule 2). */
export async function submitListing(db: Db, actor: Actor, id: string, at = clockNow()): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  if (actor.role !== 'farmer' || actor.householdId !== seen.sellerHouseholdId) throw new DomainError('rule2.holderOnly');
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      assertNotSuspended(l);
      if (l.status !== 'draft') throw new Conflict('market.alreadyDone');
      if (!l.confirmedAt) throw new DomainError('rule2.notConfirmed');
      const missing = await missingConsents(tx, l, at);
      if (missing.length)
        throw new DomainError('rule2.consentMissing', { count: missing.length, names: missing.map((m) => m.name).join('、') });
      const c = await getCollective(tx, l.collectiveId);
      // Rule 6: for land, the submission is the written notice; the return takes effect months later.
      const exitEffectiveAt = l.path === 'exit' && l.rightKind === 'land' ? addMonths(at, c.landReturnNoticeMonths) : null;
      const [after] = await tx
        .update(listings)
        .set({ status: 'submitted', submittedAt: at, exitEffectiveAt, version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, id))
        .returning();
      await recordAudit(tx, actor, {
        action: 'listing.submit',
        ...listingTrail(l),
        before: { status: 'draft' },
        after: { status: 'submitted', exitEffectiveAt },
      });
      await notify(tx, await officersOf(tx, l.collectiveId), {
        kind: 'submitted',
        params: { kind: l.rightKind, path: l.path },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}

const LIVE = ['draft', 'submitted', 'approved', 'in_deal'];

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
  return actor.role === 'officer' && canWriteRegistry(actor, l) && l.status === 'draft' && l.preparedByOfficer === 1 && !l.confirmedAt;
}

/** Rule 2: the holder withdraws at any time before the contract is signed, without penalty. */
export async function withdrawListing(
  db: Db,
  actor: Actor,
  id: string,
  input: { reason?: unknown } = {},
  at = clockNow(),
): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  const holder = actor.role === 'farmer' && actor.householdId === seen.sellerHouseholdId;
  const officer = actor.role === 'officer' && canWriteRegistry(actor, seen);
  if (!holder && !officer) throw new DomainError('rule2.holderOnly');
  if (officer && !officerMayDiscard(actor, seen)) throw new DomainError('rule2.officerDraftOnly');
  const reason = officer
    ? parse(z.object({ reason: text(200) }), input).reason
    : (parse(z.object({ reason: optionalReason }), input).reason ?? null);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      if (l.status === 'withdrawn') throw new Conflict('market.alreadyDone');
      // The farmer may have confirmed the draft since the page was loaded: then it is theirs.
      if (officer && !officerMayDiscard(actor, l)) throw new DomainError('rule2.officerDraftOnly');
      if (l.status === 'completed') throw new DomainError('rule2.contractSigned');
      if (!LIVE.includes(l.status)) throw new DomainError('market.notLive');
      let buyerHouseholdId: string | null = null;
      if (l.status === 'in_deal') {
        const [peek] = await tx.select({ id: deals.id }).from(deals).where(eq(deals.listingId, l.id));
        const d = await lockDeal(tx, peek.id);
        if (d.status !== 'signing' || (d.sellerSignedAt && d.buyerSignedAt)) throw new DomainError('rule2.contractSigned');
        await tx
          .update(deals)
          .set({ status: 'cancelled', cancelledAt: at, cancelReason: reason ?? 'withdrawn', updatedAt: at })
          .where(eq(deals.id, d.id));
        buyerHouseholdId = d.buyerHouseholdId;
      }
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
      await setRightStatus(tx, l.rightId, 'active');
      await recordAudit(tx, actor, {
        action: 'listing.withdraw',
        ...listingTrail(l),
        before: { status: l.status },
        after: { status: 'withdrawn' },
        reason,
      });
      const told = await farmersOf(tx, [...bidders.map((b) => b.buyer), buyerHouseholdId]);
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
