import { and, asc, eq, inArray } from 'drizzle-orm';
import { type EscrowEntry, type EscrowKind, escrowEntries } from '../../models/escrow';
import { offers } from '../../models/market';
import type { Db, Tx } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import type { Deal, Listing } from './locks';
import { buyerChosen, dealCancelled, type ForfeitTo, type Movement, refundDeposits, registered } from './money-rules';
import { listingTrail } from './trail';

// The supervised account's rows (issue 20), written inside the market's use cases' transactions:
// each event asks money-rules.ts what to move, and every movement is one immutable row and one
// trail entry. The unique indexes of escrow_entries make a repeat write fail rather than count twice.

/** One trail action per kind of movement (their words: trail.action.escrow.*). */
const TRAIL: Record<EscrowKind, { action: string }> = {
  deposit_in: { action: 'escrow.deposit_in' },
  deposit_refund: { action: 'escrow.deposit_refund' },
  deposit_to_price: { action: 'escrow.deposit_to_price' },
  deposit_forfeit: { action: 'escrow.deposit_forfeit' },
  price_in: { action: 'escrow.price_in' },
  price_release: { action: 'escrow.price_release' },
  price_refund: { action: 'escrow.price_refund' },
};

/** Every movement of a listing's money (its offers' deposits and its deal's price), oldest first. */
export async function escrowOfListing(db: Db | Tx, listingId: string): Promise<EscrowEntry[]> {
  return db.select().from(escrowEntries).where(eq(escrowEntries.listingId, listingId)).orderBy(asc(escrowEntries.createdAt));
}

/** A bank movement's particulars, for money in: the value date on the bank's slip and its reference. */
export type BankSlip = { valueDate: string; bankReference: string };

/** Writes the movements and their trail entries in the caller's transaction. */
export async function writeMovements(
  tx: Tx,
  actor: Actor | null,
  l: Listing,
  moves: Movement[],
  at: Date,
  slip: BankSlip | null = null,
): Promise<EscrowEntry[]> {
  const out: EscrowEntry[] = [];
  for (const m of moves) {
    const [row] = await tx
      .insert(escrowEntries)
      .values({
        collectiveId: l.collectiveId,
        regionCode: l.regionCode,
        listingId: l.id,
        offerId: m.offerId,
        dealId: m.dealId,
        householdId: m.householdId,
        kind: m.kind,
        amountFen: m.amountFen,
        valueDate: slip?.valueDate ?? null,
        bankReference: slip?.bankReference ?? null,
        note: m.note ?? null,
        recordedBy: actor?.id ?? null,
        createdAt: at,
      })
      .returning();
    await recordAudit(tx, actor, {
      ...TRAIL[m.kind],
      ...listingTrail(l),
      ...(m.dealId ? { entityType: 'deal', entityId: m.dealId } : {}),
      after: {
        kind: m.kind,
        amountFen: m.amountFen,
        offerId: m.offerId,
        dealId: m.dealId,
        to: m.householdId,
        ...(m.note ? { forfeitTo: m.note } : {}),
        ...(slip ? { valueDate: slip.valueDate, bankReference: slip.bankReference } : {}),
      },
    });
    out.push(row);
  }
  return out;
}

/**
 * After an event of the listing: the deposits of offers that are out (withdrawn or lost) go back
 * to their bidders, and — when a buyer was just chosen — the winner's is credited to the deal's
 * price. Idempotent: an offer that holds nothing moves nothing.
 */
export async function settleDeposits(tx: Tx, actor: Actor | null, l: Listing, at: Date, winner?: { offerId: string; dealId: string }) {
  if (!l.depositFen) {
    // A listing that asked no deposit holds none; nothing to read.
    const [any] = await tx.select({ id: escrowEntries.id }).from(escrowEntries).where(eq(escrowEntries.listingId, l.id)).limit(1);
    if (!any) return;
  }
  const out = await tx
    .select({ id: offers.id, buyerHouseholdId: offers.buyerHouseholdId })
    .from(offers)
    .where(and(eq(offers.listingId, l.id), inArray(offers.status, ['withdrawn', 'lost'])));
  const rows = await escrowOfListing(tx, l.id);
  let moves: Movement[];
  if (winner) {
    const [w] = await tx
      .select({ id: offers.id, buyerHouseholdId: offers.buyerHouseholdId })
      .from(offers)
      .where(eq(offers.id, winner.offerId));
    moves = buyerChosen(rows, [w, ...out], w.id, winner.dealId);
  } else moves = refundDeposits(rows, out);
  await writeMovements(tx, actor, l, moves, at);
}

/** A deal cancelled before registration: what is held for it goes back, or is forfeited when the chosen buyer walked away. */
export async function settleCancelledDeal(
  tx: Tx,
  actor: Actor | null,
  l: Listing,
  d: Deal,
  how: { buyerWalkedAway: boolean; forfeitTo: ForfeitTo },
  at: Date,
) {
  await writeMovements(tx, actor, l, dealCancelled(await escrowOfListing(tx, l.id), d, how), at);
}

/** Registration releases what is held for the deal to the seller, in the transaction that changes the holder. */
export async function releaseOnRegistration(tx: Tx, actor: Actor | null, l: Listing, d: Deal, at: Date) {
  await writeMovements(tx, actor, l, registered(await escrowOfListing(tx, l.id), d), at);
}
