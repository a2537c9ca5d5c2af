import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { collectives } from './regions';

// Stock figures of the bureau's dashboard, kept per collective so that a city of 500,000
// households is summed from a few thousand rows instead of millions (target: dashboard p95
// under 150 ms). Triggers on the registry tables mark a collective dirty in the writing
// transaction; a deferred trigger recomputes that collective's rows from the registry at
// commit (migration 0004). So the figures change in the same transaction as the registry
// and always equal a direct count; nothing here is written by application code.

export const collectiveStats = pgTable('collective_stats', {
  collectiveId: uuid('collective_id')
    .primaryKey()
    .references(() => collectives.id),
  households: integer('households').notNull(),
  settledHouseholds: integer('settled_households').notNull(),
  persons: integer('persons').notNull(),
  settledPersons: integer('settled_persons').notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

// Live rights (active, listed, in transaction) per kind; units as on the dashboard:
// centi-mu of active parcels, centi-m² of homesteads, shares.
export const collectiveRightStats = pgTable(
  'collective_right_stats',
  {
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    kind: text('kind', { enum: ['land', 'homestead', 'shares'] }).notNull(),
    count: integer('count').notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    certified: integer('certified').notNull(),
    settledCount: integer('settled_count').notNull(),
    settledUnits: bigint('settled_units', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectiveId, t.kind] })],
);

// Households registered (created_at, Asia/Shanghai month) and settled in a city (settled_on month).
export const collectiveMonthStats = pgTable(
  'collective_month_stats',
  {
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    month: varchar('month', { length: 7 }).notNull(),
    newHouseholds: integer('new_households').notNull(),
    settlements: integer('settlements').notNull(),
  },
  (t) => [primaryKey({ columns: [t.collectiveId, t.month] }), index('collective_month_stats_month_idx').on(t.month)],
);

// Collectives whose figures the current transaction changed; emptied at its commit.
export const statsDirty = pgTable('stats_dirty', {
  collectiveId: uuid('collective_id').primaryKey(),
});

// One row per registered deal with what changed hands (centi-mu, centi-m² or shares), written
// by a trigger on deals when a deal is registered (migration 0005): the dashboard's deal and
// price figures read these narrow rows instead of unpacking each listing's parcels.
export const dealFacts = pgTable(
  'deal_facts',
  {
    dealId: uuid('deal_id').primaryKey(),
    collectiveId: uuid('collective_id').notNull(),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    path: text('path', { enum: ['transfer', 'exit'] }).notNull(),
    kind: text('kind', { enum: ['land', 'homestead', 'shares'] }).notNull(),
    priceFen: bigint('price_fen', { mode: 'number' }).notNull(),
    units: bigint('units', { mode: 'number' }).notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    // registered_at's month in Asia/Shanghai, computed once when the fact is written (migration
    // 0006): formatting it per row and per request was most of the dashboard's deal queries.
    month: varchar('month', { length: 7 }).notNull(),
  },
  (t) => [
    index('deal_facts_region_idx').on(sql`${t.regionCode} text_pattern_ops`, t.registeredAt),
    index('deal_facts_collective_idx').on(t.collectiveId, t.registeredAt),
  ],
);

// The listing flow figures of the city and county dashboards: listings started (created_at's
// month) and submitted (submitted_at's month) per township, month, kind, current status and
// suspension. A statement trigger on listings adds the net change of each statement in the
// writing transaction (migration 0007), so a city is summed from a few thousand rows instead
// of scanning every listing per request. Per collective it was tried and dropped: at L a
// collective has about 20 listings, so that summary was as large as the table; per township
// it is about ten times smaller. Township, village and collective pages read listings live
// (a township has a few hundred). Rows whose counts fell to zero are kept (harmless).
export const listingMonthStats = pgTable(
  'listing_month_stats',
  {
    townshipCode: varchar('township_code', { length: 9 }).notNull(),
    month: varchar('month', { length: 7 }).notNull(),
    kind: text('kind', { enum: ['land', 'homestead', 'shares'] }).notNull(),
    status: text('status').notNull(),
    suspended: boolean('suspended').notNull(),
    started: integer('started').notNull(),
    submitted: integer('submitted').notNull(),
  },
  (t) => [primaryKey({ columns: [t.townshipCode, t.month, t.kind, t.status, t.suspended] })],
);
