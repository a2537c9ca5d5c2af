import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { bytea } from './audit';
import { createdAt, id, updatedAt } from './common';
import { DEAL_STATUSES, LISTING_STATUSES, LIVE_LISTING_STATUSES, OPEN_DEAL_STATUSES, sqlSet } from './statuses';
import { households, members } from './households';
import { collectives } from './regions';
import { rights } from './rights';

export const LISTING_PATHS = ['transfer', 'exit'] as const;
export { LISTING_STATUSES } from './statuses';

// 挂牌. A listing is the holder's voluntary offer of a right (or part of it) to members
// of the same collective (path 'transfer'), or back to the collective (path 'exit').
export const listings = pgTable(
  'listings',
  {
    id: id(),
    rightId: uuid('right_id')
      .notNull()
      .references(() => rights.id),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    sellerHouseholdId: uuid('seller_household_id')
      .notNull()
      .references(() => households.id),
    path: text('path', { enum: LISTING_PATHS }).notNull(),
    rightKind: text('right_kind', { enum: ['land', 'homestead', 'shares'] }).notNull(),
    parcelIds: jsonb('parcel_ids').$type<string[]>(),
    shares: integer('shares'),
    askingPriceFen: bigint('asking_price_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: LISTING_STATUSES }).notNull().default('draft'),
    preparedBy: uuid('prepared_by').notNull(),
    preparedByOfficer: integer('prepared_by_officer').notNull().default(0),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedBy: uuid('reviewed_by'),
    rejectReason: text('reject_reason'),
    noticeEndsAt: timestamp('notice_ends_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspendReason: text('suspend_reason'),
    // Paused since this moment by an open objection (异议, models/objections.ts); the notice period
    // is extended by the paused time when the last objection is decided.
    objectionPausedAt: timestamp('objection_paused_at', { withTimezone: true }),
    // Exit path: the collective's counter-price, awaiting the seller's answer (rule 6).
    counterPriceFen: bigint('counter_price_fen', { mode: 'number' }),
    // Exit of land: the written notice runs from submission; the return takes effect no earlier (rule 6).
    exitEffectiveAt: timestamp('exit_effective_at', { withTimezone: true }),
    // Set once by the sweep job (UPDATE ... WHERE ... IS NULL), so several instances notify once.
    closingSoonNotifiedAt: timestamp('closing_soon_notified_at', { withTimezone: true }),
    noticeClosedAt: timestamp('notice_closed_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
    // Issue 20: the deposit an offer needs, fixed from the charter when the listing is published
    // (null: none), so a later charter change never alters a running bidding.
    depositFen: bigint('deposit_fen', { mode: 'number' }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('listings_notice_idx').on(t.noticeEndsAt).where(sql`status = 'approved'`),
    check('listings_counter_price', sql`${t.counterPriceFen} is null or ${t.counterPriceFen} > 0`),
    index('listings_collective_status_idx').on(t.collectiveId, t.status),
    index('listings_seller_idx').on(t.sellerHouseholdId),
    index('listings_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    // Rule 11: a right in a live listing cannot be listed again.
    uniqueIndex('listings_one_live_per_right')
      .on(t.rightId)
      .where(sql`status in ${sqlSet(LIVE_LISTING_STATUSES)}`),
    check('listings_price', sql`${t.askingPriceFen} > 0`),
    check('listings_shares', sql`${t.shares} is null or ${t.shares} > 0`),
  ],
);

// Rule 2: every adult member consents, from their own account or on signed paper.
export const listingConsents = pgTable(
  'listing_consents',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    method: text('method', { enum: ['account', 'paper'] }).notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    // Where a scan was kept on disk before scans moved into the database; set only while a file
    // that could not be found waits to be moved (server/market/scan-move.ts).
    scanPath: text('scan_path'),
    scanMime: varchar('scan_mime', { length: 60 }),
    /** Size of the stored scan (consent_scans); null: none stored. */
    scanBytes: integer('scan_bytes'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('listing_consents_once').on(t.listingId, t.memberId)],
);

// A paper consent's scan, in pieces like export files (job_files): every instance serves it,
// every database backup holds it, and it is streamed a piece at a time.
export const consentScans = pgTable(
  'consent_scans',
  {
    consentId: uuid('consent_id')
      .notNull()
      .references(() => listingConsents.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.consentId, t.seq] })],
);

export const offers = pgTable(
  'offers',
  {
    id: id(),
    listingId: uuid('listing_id')
      .notNull()
      .references(() => listings.id),
    buyerHouseholdId: uuid('buyer_household_id')
      .notNull()
      .references(() => households.id),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: ['active', 'withdrawn', 'won', 'lost'] })
      .notNull()
      .default('active'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('offers_listing_idx').on(t.listingId, t.status),
    index('offers_buyer_idx').on(t.buyerHouseholdId),
    uniqueIndex('offers_one_active_per_buyer').on(t.listingId, t.buyerHouseholdId).where(sql`status = 'active'`),
    check('offers_price', sql`${t.priceFen} > 0`),
  ],
);

export { DEAL_STATUSES } from './statuses';

// One deal per listing (unique listing_id): a right can never be sold twice.
export const deals = pgTable(
  'deals',
  {
    id: id(),
    number: varchar('number', { length: 40 }).notNull().unique(),
    listingId: uuid('listing_id')
      .notNull()
      .unique()
      .references(() => listings.id),
    // The seller's right; with the partial unique index below no right is in two open deals.
    rightId: uuid('right_id').references(() => rights.id),
    collectiveId: uuid('collective_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    sellerHouseholdId: uuid('seller_household_id').notNull(),
    // null when the buyer is the collective itself (exit).
    buyerHouseholdId: uuid('buyer_household_id'),
    offerId: uuid('offer_id'),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    status: text('status', { enum: DEAL_STATUSES }).notNull().default('signing'),
    sellerSignedAt: timestamp('seller_signed_at', { withTimezone: true }),
    buyerSignedAt: timestamp('buyer_signed_at', { withTimezone: true }),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    registeredAt: timestamp('registered_at', { withTimezone: true }),
    registeredBy: uuid('registered_by'),
    newRightId: uuid('new_right_id'),
    // What was agreed, frozen at the deal: parties, the right and its parcels or shares, term.
    snapshot: jsonb('snapshot'),
    settledBy: uuid('settled_by'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    suspendReason: text('suspend_reason'),
    // Issue 18 item 6 / 电子签名法 §13: how each side's on-screen signature was confirmed
    // ('password': re-entered at signing; null: signed through the API or before this was recorded).
    sellerSignMethod: text('seller_sign_method', { enum: ['password'] }),
    buyerSignMethod: text('buyer_sign_method', { enum: ['password'] }),
    // Where the price (or the exit's compensation) is paid: the seller's account, given when signing.
    payeeAccount: text('payee_account'),
    // Issue 20: the price goes through the collective's supervised account (资金监管), fixed from the
    // charter when the deal is made; registration releases it to the seller in one transaction.
    supervised: boolean('supervised').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('deals_collective_idx').on(t.collectiveId, t.status),
    index('deals_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    index('deals_seller_idx').on(t.sellerHouseholdId),
    index('deals_buyer_idx').on(t.buyerHouseholdId),
    // Rule 11: a right is never in two open deals at once.
    uniqueIndex('deals_one_open_per_right')
      .on(t.rightId)
      .where(sql`status in ${sqlSet(OPEN_DEAL_STATUSES)}`),
    check('deals_price', sql`${t.priceFen} > 0`),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid('user_id').notNull(),
    kind: varchar('kind', { length: 40 }).notNull(),
    params: jsonb('params').notNull().default({}),
    link: text('link'),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);
