import { sql } from 'drizzle-orm';
import { bigint, check, date, index, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id } from './common';
import { deals, listings, offers } from './market';
import { collectives } from './regions';

/**
 * The movements of the collective's supervised account (资金监管, issue 20), one row each, in fen.
 * Money in: a bidder's deposit (deposit_in), the buyer's price (price_in). Money out or moved:
 * a deposit refunded (deposit_refund), credited to the winner's price (deposit_to_price: it stays
 * in the account, now held for the deal), kept when a chosen buyer walks away (deposit_forfeit),
 * the price released to the seller by registration (price_release) or refunded to the buyer when
 * the deal is cancelled before registration (price_refund). Rows are never updated or deleted:
 * what the account holds for an offer or a deal is the sum of its rows, so a statement reconciles
 * to the fen by construction.
 */
export const ESCROW_KINDS = [
  'deposit_in',
  'deposit_refund',
  'deposit_to_price',
  'deposit_forfeit',
  'price_in',
  'price_release',
  'price_refund',
] as const;
export type EscrowKind = (typeof ESCROW_KINDS)[number];

export const escrowEntries = pgTable(
  'escrow_entries',
  {
    id: id(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id),
    /** The bid a deposit belongs to (deposit_* rows). */
    offerId: uuid('offer_id').references(() => offers.id),
    /** The deal a price belongs to (price_* and deposit_to_price rows). */
    dealId: uuid('deal_id').references(() => deals.id),
    /** Who paid in, or to whom the money goes out. */
    householdId: uuid('household_id'),
    kind: text('kind', { enum: ESCROW_KINDS }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    /** The day the bank moved the money, as on the bank's slip; and its reference. */
    valueDate: date('value_date'),
    bankReference: text('bank_reference'),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    createdAt: createdAt(),
  },
  (t) => [
    index('escrow_collective_idx').on(t.collectiveId, t.createdAt),
    index('escrow_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    index('escrow_deal_idx').on(t.dealId),
    // A double click or a retry never records one payment twice.
    uniqueIndex('escrow_one_deposit_per_offer').on(t.offerId).where(sql`kind = 'deposit_in'`),
    // A deposit ends once: refunded, credited to the price or forfeited.
    uniqueIndex('escrow_one_deposit_outcome_per_offer')
      .on(t.offerId)
      .where(sql`kind in ('deposit_refund', 'deposit_to_price', 'deposit_forfeit')`),
    uniqueIndex('escrow_one_price_per_deal').on(t.dealId).where(sql`kind = 'price_in'`),
    uniqueIndex('escrow_one_release_per_deal').on(t.dealId).where(sql`kind in ('price_release', 'price_refund')`),
    check('escrow_amount', sql`${t.amountFen} > 0`),
  ],
);

export type EscrowEntry = typeof escrowEntries.$inferSelect;
