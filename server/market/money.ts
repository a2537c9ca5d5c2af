import { and, eq } from 'drizzle-orm';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import { DomainError, Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { shanghaiDate } from '../kernel/clock';
import { withDbErrors } from '../kernel/tx';
import { getCollective } from '../registry/collectives';
import { type Input, type MoneyIn, type Reason, received } from './commands';
import { escrowOfListing, settleCancelledDeal, writeMovements } from './escrow';
import { assertUuid, lockDeal, lockListing, lockOffer, type Deal, type Offer } from './locks';
import {
  depositAmountRefusal,
  depositRecordRefusal,
  heldForOffer,
  priceAmountRefusal,
  priceDue,
  supervisedPriceRefusal,
  walkAwayRefusal,
} from './money-rules';
import { farmersOf, notify, officersOf } from './notifications';
import { dealStepRefusal, isCollectiveOfficer, paymentRefusal, refuseIf } from './rules';
import { assertOfficerOf, loadDeal, loadListing } from './scope';
import { dealTrail, listingTrail, setRightStatus } from './trail';

// Issue 20: the officer records money received into the collective's supervised account
// (资金监管) — a bidder's deposit (保证金), a buyer's price — and a chosen buyer who walks away.
// Each a transaction: lock, rules (money-rules.ts), the account's rows and the trail, notices.

function checkedSlip(input: Input<MoneyIn>, at: Date) {
  const { command, field } = received(input);
  if (command.valueDate > shanghaiDate(at)) throw new ValidationError({ valueDate: { code: 'dateInFuture' } });
  return { command, field, slip: { valueDate: command.valueDate, bankReference: command.bankReference } };
}

/** The officer records a bidder's deposit as received: exactly the listing's deposit; once per offer. */
export async function recordDeposit(db: Db, actor: Actor, offerId: string, input: Input<MoneyIn>, at: Date): Promise<Offer> {
  assertUuid(offerId);
  const [seen] = await db.select().from(offers).where(eq(offers.id, offerId)).limit(1);
  if (!seen) throw new NotFound();
  assertOfficerOf(actor, await loadListing(db, actor, seen.listingId));
  const { command, field, slip } = checkedSlip(input, at);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const o = await lockOffer(tx, offerId);
      const held = heldForOffer(await escrowOfListing(tx, l.id), o.id);
      refuseIf(depositRecordRefusal(l, o, held), field('amountFen'));
      refuseIf(depositAmountRefusal(l, command.amountFen), field('amountFen'));
      await writeMovements(
        tx,
        actor,
        l,
        [{ kind: 'deposit_in', amountFen: command.amountFen, offerId: o.id, dealId: null, householdId: o.buyerHouseholdId }],
        at,
        slip,
      );
      await notify(tx, await farmersOf(tx, [o.buyerHouseholdId]), {
        kind: 'depositReceived',
        params: { kind: l.rightKind, price: command.amountFen },
        link: `/listings/${l.id}`,
      });
      return o;
    }),
  );
}

/** Under supervision, the officer records the buyer's price paid into the account (the price less the deposit credited); the deal is paid. */
export async function recordPrice(db: Db, actor: Actor, dealId: string, input: Input<MoneyIn>, at: Date): Promise<Deal> {
  const seen = await loadDeal(db, actor, dealId);
  assertOfficerOf(actor, seen);
  const { command, field, slip } = checkedSlip(input, at);
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const d = await lockDeal(tx, seen.id);
      refuseIf(dealStepRefusal(d), field('amountFen'));
      refuseIf(supervisedPriceRefusal(d), field('amountFen'));
      refuseIf(paymentRefusal(d), field('amountFen'));
      const due = priceDue(d, await escrowOfListing(tx, l.id));
      refuseIf(priceAmountRefusal(due, command.amountFen), field('amountFen'));
      await writeMovements(
        tx,
        actor,
        l,
        [{ kind: 'price_in', amountFen: command.amountFen, offerId: null, dealId: d.id, householdId: d.buyerHouseholdId }],
        at,
        slip,
      );
      const [after] = await tx.update(deals).set({ status: 'paid', paidAt: at, updatedAt: at }).where(eq(deals.id, d.id)).returning();
      await recordAudit(tx, actor, {
        action: 'deal.paid',
        ...dealTrail(d),
        after: { status: 'paid', priceFen: d.priceFen, supervised: true, paidInFen: command.amountFen },
      });
      await notify(tx, await farmersOf(tx, [d.sellerHouseholdId, d.buyerHouseholdId]), {
        kind: 'pricePaidIn',
        params: { number: d.number, price: command.amountFen },
        link: `/deals/${d.id}`,
      });
      return after;
    }),
  );
}

/**
 * The chosen buyer walks away before registration (recorded by the buyer, or by the officer who
 * learnt it): the deal is cancelled, the right is free again, and the deposit credited to the
 * price is forfeited as the charter says (the rest of what is held goes back to the buyer).
 */
export async function walkAway(db: Db, actor: Actor, dealId: string, input: Input<Reason>, at: Date): Promise<Deal> {
  const seen = await loadDeal(db, actor, dealId);
  const buyer = actor.role === 'farmer' && !!actor.householdId && actor.householdId === seen.buyerHouseholdId;
  if (!buyer && !isCollectiveOfficer(actor, seen)) throw new Forbidden();
  const { reason } = received(input).command;
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const l = await lockListing(tx, seen.listingId);
      const d = await lockDeal(tx, seen.id);
      refuseIf(walkAwayRefusal(d));
      if (!d.buyerHouseholdId) throw new DomainError('money.exitNoBuyer');
      const [after] = await tx
        .update(deals)
        .set({ status: 'cancelled', cancelledAt: at, cancelReason: `buyerWalkedAway: ${reason}`, updatedAt: at })
        .where(eq(deals.id, d.id))
        .returning();
      await tx
        .update(offers)
        .set({ status: 'lost', updatedAt: at })
        .where(and(eq(offers.listingId, l.id), eq(offers.status, 'won')));
      await tx
        .update(listings)
        .set({ status: 'expired', version: l.version + 1, updatedAt: at })
        .where(eq(listings.id, l.id));
      await setRightStatus(tx, l.rightId, 'active', at);
      const c = await getCollective(tx, l.collectiveId);
      await recordAudit(tx, actor, {
        action: 'deal.walkAway',
        ...dealTrail(d),
        before: { status: d.status },
        after: { status: 'cancelled', forfeitTo: c.depositForfeitTo, by: buyer ? 'buyer' : 'officer' },
        reason,
      });
      await recordAudit(tx, actor, {
        action: 'listing.expire',
        ...listingTrail(l),
        before: { status: l.status },
        after: { status: 'expired' },
      });
      await settleCancelledDeal(tx, actor, l, d, { buyerWalkedAway: true, forfeitTo: c.depositForfeitTo }, at);
      await notify(tx, [...(await farmersOf(tx, [d.sellerHouseholdId, d.buyerHouseholdId])), ...(await officersOf(tx, d.collectiveId))], {
        kind: 'buyerWalkedAway',
        params: { number: d.number, reason },
        link: `/deals/${d.id}`,
      });
      return after;
    }),
  );
}
