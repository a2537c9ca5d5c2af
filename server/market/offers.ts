import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { offers } from '../../models/market';
import type { Db } from '../platform/db';
import { Conflict, DomainError, Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { parse } from '../kernel/fields';
import { withDbErrors } from '../kernel/tx';
import { fmt } from '../platform/format';
import { now as clockNow } from '../kernel/clock';
import { assertBuyerQualified } from './eligibility';
import { priceFen } from './fields';
import { assertUuid, lockListing, lockOffer, type Listing, type Offer } from './locks';
import { farmersOf, notify } from './notifications';
import { ownHousehold } from './scope';
import { listingTrail } from './trail';

// Offers (rules 1, 4, 7, 8): a household of the same collective, not the seller, that may
// hold what it buys, during the notice period. A refused offer changes nothing.

const offerSchema = z.object({ price: priceFen });

/** Rule 8: offers, raises and withdrawals only while the notice period runs. */
function assertOpen(l: Listing, at: Date): void {
  if (l.suspendedAt) throw new DomainError('market.suspended', {}, 'price');
  // Exits go back to the collective (rule 6); members do not bid on them.
  if (l.path === 'exit') throw new DomainError('rule6.exitNoOffers', {}, 'price');
  if (l.status === 'in_deal' || l.status === 'completed') throw new DomainError('rule11.alreadySold', {}, 'price');
  if (l.status !== 'approved' || !l.noticeEndsAt) throw new DomainError('rule8.notPublished', {}, 'price');
  if (at >= l.noticeEndsAt) throw new DomainError('rule8.periodOver', { end: fmt.datetime(l.noticeEndsAt) }, 'price');
}

/**
 * A member household offers a price. "However the request arrives", an outsider is refused
 * here by rule 1, so the listing is looked up without the farmer's read scope.
 */
export async function makeOffer(db: Db, actor: Actor, listingId: string, input: { price?: unknown }, at = clockNow()): Promise<Offer> {
  assertUuid(listingId);
  const buyer = await ownHousehold(db, actor);
  const { price } = parse(offerSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      // Rule 1 before anything else: an outsider learns nothing but the rule.
      if (buyer.collectiveId !== l.collectiveId) throw new DomainError('rule1.outsider', {}, 'price');
      if (buyer.id === l.sellerHouseholdId) throw new DomainError('rule1.ownListing', {}, 'price');
      // Listings not yet published stay invisible to other members (rule 12).
      if (['draft', 'submitted', 'rejected'].includes(l.status)) throw new NotFound();
      assertOpen(l, at);
      await assertBuyerQualified(tx, l, buyer, await getCollective(tx, l.collectiveId));
      const [o] = await tx
        .insert(offers)
        .values({ listingId: l.id, buyerHouseholdId: buyer.id, priceFen: price, createdBy: actor.id })
        .returning();
      await recordAudit(tx, actor, { action: 'offer.create', ...listingTrail(l), after: { buyer: buyer.code, priceFen: price } });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'offerMade',
        params: { kind: l.rightKind, price },
        link: `/listings/${l.id}`,
      });
      return o;
    }),
  );
}

async function ownActiveOffer(db: Db, actor: Actor, offerId: string): Promise<Offer> {
  assertUuid(offerId);
  const buyer = await ownHousehold(db, actor);
  const [o] = await db.select().from(offers).where(eq(offers.id, offerId)).limit(1);
  if (!o || o.buyerHouseholdId !== buyer.id) throw new NotFound();
  return o;
}

/** A buyer raises their own offer before the end; a lower or equal price is refused. */
export async function raiseOffer(db: Db, actor: Actor, offerId: string, input: { price?: unknown }, at = clockNow()): Promise<Offer> {
  const seen = await ownActiveOffer(db, actor, offerId);
  const { price } = parse(offerSchema, input);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const o = await lockOffer(tx, offerId);
      if (o.status !== 'active') throw new DomainError('market.offerNotActive', {}, 'price');
      assertOpen(l, at);
      if (price <= o.priceFen) throw new ValidationError({ price: { code: 'market.raiseOnly', params: { current: o.priceFen / 100 } } });
      const [after] = await tx.update(offers).set({ priceFen: price, updatedAt: at }).where(eq(offers.id, o.id)).returning();
      await recordAudit(tx, actor, {
        action: 'offer.raise',
        ...listingTrail(l),
        before: { priceFen: o.priceFen },
        after: { priceFen: price },
      });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'offerRaised',
        params: { kind: l.rightKind, price },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}

export async function withdrawOffer(db: Db, actor: Actor, offerId: string, at = clockNow()): Promise<Offer> {
  const seen = await ownActiveOffer(db, actor, offerId);
  if (actor.role !== 'farmer') throw new Forbidden();
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const o = await lockOffer(tx, offerId);
      if (o.status === 'withdrawn') throw new Conflict('market.alreadyDone');
      if (o.status !== 'active') throw new DomainError('market.offerNotActive');
      assertOpen(l, at);
      const [after] = await tx.update(offers).set({ status: 'withdrawn', updatedAt: at }).where(eq(offers.id, o.id)).returning();
      await recordAudit(tx, actor, {
        action: 'offer.withdraw',
        ...listingTrail(l),
        before: { priceFen: o.priceFen, status: 'active' },
        after: { status: 'withdrawn' },
      });
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'offerWithdrawn',
        params: { kind: l.rightKind },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}
