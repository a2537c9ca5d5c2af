import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id } from './common';

// Oversight by the agriculture bureau (DOMAIN rule 10, seed section 四).
// region_prefix is the region's prefix (regionPrefix in server/kernel/codes.ts), stored so
// that "the most specific setting for a region" is a plain `region_code like prefix || '%'`
// ordered by length(region_prefix) desc, in SQL, with no per-row function calls.

export const ALERT_KINDS = [
  'lowPrice',
  'manyPurchases',
  'officerPrepared',
  'afterSettlement',
  'manyRejections',
  'manyWithdrawals',
  'quickFirstAction',
  'sameAddress',
  'lowAsking',
  'oversizeHomestead',
  'paidUnregistered',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

// 参考价格 per region and right kind: fen per mu (land), per m² (homestead), per share.
// Never updated in place: a new price replaces the current one (replaced_at set), so the
// history stays and a deal is judged against the price in force when it was registered.
export const referencePrices = pgTable(
  'reference_prices',
  {
    id: id(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    regionPrefix: varchar('region_prefix', { length: 12 }).notNull(),
    rightKind: text('right_kind', { enum: ['land', 'homestead', 'shares'] }).notNull(),
    unitPriceFen: bigint('unit_price_fen', { mode: 'number' }).notNull(),
    alertPercent: integer('alert_percent').notNull().default(70),
    setBy: uuid('set_by').notNull(),
    setAt: timestamp('set_at', { withTimezone: true }).notNull().defaultNow(),
    replacedAt: timestamp('replaced_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('reference_prices_current').on(t.regionCode, t.rightKind).where(sql`replaced_at is null`),
    index('reference_prices_prefix_idx').on(t.rightKind, t.regionPrefix, t.setAt),
    check('reference_prices_positive', sql`${t.unitPriceFen} > 0`),
    check('reference_prices_percent', sql`${t.alertPercent} between 1 and 100`),
  ],
);

// Alert thresholds a bureau sets for its region; a county's row overrides the city's, and
// with no row the defaults below apply. Changes are kept in the audit trail.
export const alertSettings = pgTable(
  'alert_settings',
  {
    regionCode: varchar('region_code', { length: 12 }).primaryKey(),
    regionPrefix: varchar('region_prefix', { length: 12 }).notNull(),
    maxPurchases: integer('max_purchases').notNull().default(3),
    settlementDays: integer('settlement_days').notNull().default(90),
    maxRejections: integer('max_rejections').notNull().default(3),
    maxWithdrawals: integer('max_withdrawals').notNull().default(5),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'alert_settings_ranges',
      sql`${t.maxPurchases} between 1 and 1000 and ${t.settlementDays} between 1 and 3650
    and ${t.maxRejections} between 1 and 1000 and ${t.maxWithdrawals} between 1 and 1000`,
    ),
  ],
);

// One alert per kind and subject (subject_key), so a scan run by several instances, or many
// times, inserts each alert once (INSERT ... ON CONFLICT DO NOTHING).
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    kind: text('kind', { enum: ALERT_KINDS }).notNull(),
    subjectKey: varchar('subject_key', { length: 120 }).notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    collectiveId: uuid('collective_id').notNull(),
    householdId: uuid('household_id'),
    listingId: uuid('listing_id'),
    dealId: uuid('deal_id'),
    link: text('link').notNull(),
    params: jsonb('params').notNull().default({}),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedBy: uuid('acknowledged_by'),
    ackNote: text('ack_note'),
  },
  (t) => [
    uniqueIndex('alerts_kind_subject').on(t.kind, t.subjectKey),
    index('alerts_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.createdAt),
  ],
);
