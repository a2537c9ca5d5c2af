import { eq } from 'drizzle-orm';
import { type EscrowKind, escrowEntries } from '../../models/escrow';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../../server/platform/db';

// Movements of a collective's supervised account (issue 20), written straight into
// escrow_entries on top of offers and deals made by the market's own use cases: the statement
// and the bureau's view only read these rows, so the tests build them as the officer's
// recording (the write side, another part of issue 20) would leave them.

type Money = { amountFen: number; valueDate?: string | null; bankReference?: string | null; note?: string | null; at?: Date };

async function insert(
  db: Db,
  kind: EscrowKind,
  listingId: string,
  ids: { offerId?: string | null; dealId?: string | null; householdId?: string | null },
  m: Money,
) {
  const [l] = await db.select().from(listings).where(eq(listings.id, listingId));
  const [row] = await db
    .insert(escrowEntries)
    .values({
      collectiveId: l.collectiveId,
      regionCode: l.regionCode,
      listingId,
      offerId: ids.offerId ?? null,
      dealId: ids.dealId ?? null,
      householdId: ids.householdId ?? null,
      kind,
      amountFen: m.amountFen,
      valueDate: m.valueDate === undefined ? null : m.valueDate,
      bankReference: m.bankReference ?? null,
      note: m.note ?? null,
      ...(m.at ? { createdAt: m.at } : {}),
    })
    .returning();
  return row;
}

async function offerOf(db: Db, offerId: string) {
  const [o] = await db.select().from(offers).where(eq(offers.id, offerId));
  return o;
}

async function dealOf(db: Db, dealId: string) {
  const [d] = await db.select().from(deals).where(eq(deals.id, dealId));
  return d;
}

/** A bidder's deposit received for an offer. */
export async function depositIn(db: Db, offerId: string, m: Money) {
  const o = await offerOf(db, offerId);
  return insert(db, 'deposit_in', o.listingId, { offerId, householdId: o.buyerHouseholdId }, m);
}

/** The deposit of an offer ends: refunded or forfeited (to the bidder's household), or credited to the deal's price. */
export async function depositOut(db: Db, kind: 'deposit_refund' | 'deposit_forfeit', offerId: string, m: Money) {
  const o = await offerOf(db, offerId);
  return insert(db, kind, o.listingId, { offerId, householdId: o.buyerHouseholdId }, m);
}

export async function depositToPrice(db: Db, offerId: string, dealId: string, m: Money) {
  const o = await offerOf(db, offerId);
  return insert(db, 'deposit_to_price', o.listingId, { offerId, dealId, householdId: o.buyerHouseholdId }, m);
}

/** The buyer's price paid into supervision. */
export async function priceIn(db: Db, dealId: string, m: Money) {
  const d = await dealOf(db, dealId);
  return insert(db, 'price_in', d.listingId, { dealId, householdId: d.buyerHouseholdId }, m);
}

/** The price released to the seller (registration) or refunded to the buyer (cancellation). */
export async function priceOut(db: Db, kind: 'price_release' | 'price_refund', dealId: string, m: Money) {
  const d = await dealOf(db, dealId);
  return insert(db, kind, d.listingId, { dealId, householdId: kind === 'price_release' ? d.sellerHouseholdId : d.buyerHouseholdId }, m);
}
