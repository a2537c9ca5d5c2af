import { basisOf } from '../kernel/legal-basis';
import { and, eq } from 'drizzle-orm';
import { offers } from '../../models/market';
import type { Db } from '../platform/db';
import { Conflict, DomainError, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { getCollective } from '../registry/collectives';
import { withDbErrors } from '../kernel/tx';
import { type Input, type OfferPrice, received } from './commands';
import { assertBuyerQualified } from './eligibility';
import { assertUuid, lockListing, lockOffer, type Offer } from './locks';
import { farmersOf, notify } from './notifications';
import { offerRefusal, refuseIf } from './rules';
import { ownHousehold } from './scope';
import { listingTrail } from './trail';
import { settleDeposits } from './escrow';

// Offers (rules 1, 4, 7, 8): a household of the same collective, not the seller, that may
// hold what it buys, during the notice period. A refused offer changes nothing. Refusals name
// the price the buyer typed (the form's price, the API's priceFen).

/**
 * A member household offers a price. "However the request arrives", an outsider is refused
 * here by rule 1, so the listing is looked up without the farmer's read scope.
 */
export async function makeOffer(db: Db, actor: Actor, listingId: string, input: Input<OfferPrice>, at: Date): Promise<Offer> {
  assertUuid(listingId);
  const buyer = await ownHousehold(db, actor);
  const { command, field } = received(input);
  const price = command.priceFen;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, listingId);
      // Rule 1 before anything else: an outsider learns nothing but the rule.
      if (buyer.collectiveId !== l.collectiveId) throw new DomainError('rule1.outsider', basisOf(l.rightKind), field('priceFen'));
      if (buyer.id === l.sellerHouseholdId) throw new DomainError('rule1.ownListing', basisOf(l.rightKind), field('priceFen'));
      // Listings not yet published stay invisible to other members (rule 12).
      if (['draft', 'submitted', 'rejected'].includes(l.status)) throw new NotFound();
      refuseIf(offerRefusal(l, at), field('priceFen'));
      await assertBuyerQualified(tx, l, buyer, await getCollective(tx, l.collectiveId), { field: field('priceFen') });
      // One active offer per household (the listing's lock queues a second click behind the first).
      const [own] = await tx
        .select({ id: offers.id })
        .from(offers)
        .where(and(eq(offers.listingId, l.id), eq(offers.buyerHouseholdId, buyer.id), eq(offers.status, 'active')));
      if (own) throw new ValidationError({ [field('priceFen')]: { code: 'market.offerExists' } });
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
export async function raiseOffer(db: Db, actor: Actor, offerId: string, input: Input<OfferPrice>, at: Date): Promise<Offer> {
  const seen = await ownActiveOffer(db, actor, offerId);
  const { command, field } = received(input);
  const price = command.priceFen;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const o = await lockOffer(tx, offerId);
      if (o.status !== 'active') throw new DomainError('market.offerNotActive', {}, field('priceFen'));
      refuseIf(offerRefusal(l, at), field('priceFen'));
      if (price <= o.priceFen)
        throw new ValidationError({ [field('priceFen')]: { code: 'market.raiseOnly', params: { current: o.priceFen / 100 } } });
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

/** The buyer takes back their own offer while the notice period runs. */
export async function withdrawOffer(db: Db, actor: Actor, offerId: string, at: Date): Promise<Offer> {
  const seen = await ownActiveOffer(db, actor, offerId);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const o = await lockOffer(tx, offerId);
      if (o.status === 'withdrawn') throw new Conflict('market.alreadyDone');
      if (o.status !== 'active') throw new DomainError('market.offerNotActive');
      refuseIf(offerRefusal(l, at));
      const [after] = await tx.update(offers).set({ status: 'withdrawn', updatedAt: at }).where(eq(offers.id, o.id)).returning();
      await recordAudit(tx, actor, {
        action: 'offer.withdraw',
        ...listingTrail(l),
        before: { priceFen: o.priceFen, status: 'active' },
        after: { status: 'withdrawn' },
      });
      // Issue 20: a withdrawn offer's deposit goes back to its bidder.
      await settleDeposits(tx, actor, l, at);
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId]), {
        kind: 'offerWithdrawn',
        params: { kind: l.rightKind },
        link: `/listings/${l.id}`,
      });
      return after;
    }),
  );
}
