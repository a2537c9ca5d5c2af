import { basisOf } from '../kernel/legal-basis';
import { and, eq } from 'drizzle-orm';
import { landContracts, parcels, shareHoldings } from '../../models/rights';
import { listings } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import { DomainError, Forbidden, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { assertEditable, loadRight } from '../registry/rights';
import { withDbErrors } from '../kernel/tx';
import { addMonths, shanghaiDate } from '../kernel/clock';
import { type Input, type NewListing, received } from './commands';
import { assertCertified } from './certified';
import { missingConsents } from './consents';
import { lowAskingAlerts } from './price-check';
import { lockListing, lockRight, type Listing } from './locks';
import { farmersOf, notify, officersOf } from './notifications';
import { confirmRefusal, listsAs, refuseIf, submitRefusal } from './rules';
import { assertSeller, loadListing } from './scope';
import { listingTrail, setRightStatus } from './trail';

// Rule 2 (voluntary): only the holder household lists; an officer's draft waits for the
// farmer's confirmation; every adult member consents before submission; the holder may
// withdraw at any time before the contract is signed (withdraw.ts). Rule 11: a listed right is frozen.

/** What part of the right is offered: all or some parcels, the homestead, some shares. */
async function scopeOfRight(tx: Tx, right: { id: string; kind: string }, v: NewListing, at: Date) {
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
    if (v.shares === null) throw new ValidationError({ shares: { code: 'required' } });
    if (v.shares > (h?.shares ?? 0))
      throw new ValidationError({ shares: { code: 'market.moreThanHeld', params: { held: h?.shares ?? 0 } } });
    return { parcelIds: null, shares: v.shares };
  }
  return { parcelIds: null, shares: null };
}

/** Starts a listing: by the holder farmer, or prepared as a draft by the collective's officer. */
export async function createListing(db: Db, actor: Actor, rightId: string, input: Input<NewListing>, at: Date): Promise<Listing> {
  const right = await loadRight(db, actor, rightId);
  const as = listsAs(actor, right);
  if (!as) throw new Forbidden();
  const byOfficer = as === 'officer';
  const { command: v } = received(input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const locked = await lockRight(tx, right.id);
      assertEditable(locked);
      await assertCertified(tx, { path: v.path, rightKind: locked.kind, rightId: locked.id });
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
          askingPriceFen: v.askingPriceFen,
          preparedBy: actor.id,
          preparedByOfficer: byOfficer ? 1 : 0,
          confirmedAt: byOfficer ? null : at,
        })
        .returning();
      await setRightStatus(tx, locked.id, 'listed', at);
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
export async function confirmListing(db: Db, actor: Actor, id: string, at: Date): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  assertSeller(actor, seen, new DomainError('rule2.holderOnly', basisOf(seen.rightKind)));
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(confirmRefusal(l));
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
export async function submitListing(db: Db, actor: Actor, id: string, at: Date): Promise<Listing> {
  const seen = await loadListing(db, actor, id);
  assertSeller(actor, seen, new DomainError('rule2.holderOnly', basisOf(seen.rightKind)));
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, id);
      refuseIf(submitRefusal(l));
      await assertCertified(tx, l);
      const missing = await missingConsents(tx, l, at);
      if (missing.length)
        throw new DomainError('rule2.consentMissing', {
          count: missing.length,
          names: missing.map((m) => m.name).join('、'),
          ...basisOf(l.rightKind),
        });
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
      // Rule 10 before the harm (issue 18 item 2): a low asking price alerts the bureau now.
      await lowAskingAlerts(tx, { listingId: l.id });
      await notify(tx, await officersOf(tx, l.collectiveId), {
        kind: 'submitted',
        params: { kind: l.rightKind, path: l.path },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}
