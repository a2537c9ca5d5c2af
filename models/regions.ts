import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './common';

// Administrative divisions: city (6 digits) → county (6) → township (9) → village (12).
// The code is hierarchical, so "everything in a region" is a prefix match on region_code.
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['city', 'county', 'township', 'village'] }).notNull(),
    parentCode: varchar('parent_code', { length: 12 }),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), check('regions_code_digits', sql`${t.code} ~ '^[0-9]{6}([0-9]{3}([0-9]{3})?)?$'`)],
);

/** Who keeps the deposit of a chosen buyer who walks away (the charter says; 'none': refunded). */
export const DEPOSIT_FORFEIT_TO = ['collective', 'seller', 'none'] as const;

// 农村集体经济组织. Charter settings are the "configurable" numbers of DOMAIN.md.
export const collectives = pgTable(
  'collectives',
  {
    id: id(),
    regionCode: varchar('region_code', { length: 12 })
      .notNull()
      .references(() => regions.code),
    groupCode: varchar('group_code', { length: 2 }).notNull().default('00'),
    name: text('name').notNull(),
    level: text('level', { enum: ['village', 'group'] })
      .notNull()
      .default('village'),
    registrationCode: varchar('registration_code', { length: 18 }).notNull().unique(),
    noticeDays: integer('notice_days').notNull().default(10),
    shareCapPercent: integer('share_cap_percent').notNull().default(300),
    totalShares: integer('total_shares').notNull().default(0),
    landReturnNoticeMonths: integer('land_return_notice_months').notNull().default(6),
    homesteadLimitPlainM2: integer('homestead_limit_plain_m2').notNull().default(80),
    homesteadLimitHillM2: integer('homestead_limit_hill_m2').notNull().default(120),
    homesteadLimitMountainM2: integer('homestead_limit_mountain_m2').notNull().default(150),
    // Issue 20: the market's money, set by a charter decision. A deposit (保证金) to make an offer,
    // as a fixed amount or a percentage of the asking price (0: none); what happens to the deposit
    // of a chosen buyer who walks away; whether the price is paid into the supervised account
    // (资金监管) and released to the seller only by registration.
    depositFen: bigint('deposit_fen', { mode: 'number' }).notNull().default(0),
    depositPercent: integer('deposit_percent').notNull().default(0),
    depositForfeitTo: text('deposit_forfeit_to', { enum: DEPOSIT_FORFEIT_TO }).notNull().default('collective'),
    supervisedPayment: boolean('supervised_payment').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('collectives_region_idx').on(t.regionCode),
    check('collectives_notice_days', sql`${t.noticeDays} between 1 and 90`),
    check('collectives_share_cap', sql`${t.shareCapPercent} between 100 and 10000`),
    check('collectives_total_shares', sql`${t.totalShares} >= 0`),
    check('collectives_deposit', sql`${t.depositFen} >= 0 and ${t.depositPercent} between 0 and 100`),
    check(
      'collectives_limits',
      sql`${t.homesteadLimitPlainM2} > 0 and ${t.homesteadLimitHillM2} > 0 and ${t.homesteadLimitMountainM2} > 0`,
    ),
  ],
);

export const dividends = pgTable(
  'dividends',
  {
    id: id(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    year: integer('year').notNull(),
    perShareFen: integer('per_share_fen').notNull(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [index('dividends_collective_year_idx').on(t.collectiveId, t.year), check('dividends_positive', sql`${t.perShareFen} >= 0`)],
);
