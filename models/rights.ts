import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './common';
import { HELD_RIGHT_STATUSES, RIGHT_STATUSES, sqlSet } from './statuses';
import { households } from './households';
import { collectives } from './regions';

export const RIGHT_KINDS = ['land', 'homestead', 'shares'] as const;
export type RightKind = (typeof RIGHT_KINDS)[number];
export { RIGHT_STATUSES, type RightStatus } from './statuses';

// One row per right of any kind; the kind's details live in the tables below (same id).
export const rights = pgTable(
  'rights',
  {
    id: id(),
    kind: text('kind', { enum: RIGHT_KINDS }).notNull(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    status: text('status', { enum: RIGHT_STATUSES }).notNull().default('active'),
    // The right this one came from (a transfer creates a new right for the buyer).
    sourceRightId: uuid('source_right_id'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('rights_household_idx').on(t.householdId),
    index('rights_collective_kind_idx').on(t.collectiveId, t.kind, t.status),
    index('rights_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    // Rule 4, one household one homestead, enforced by the database as well as the code.
    uniqueIndex('rights_one_homestead_per_household')
      .on(t.householdId)
      .where(sql`kind = 'homestead' and status in ${sqlSet(HELD_RIGHT_STATUSES)}`),
  ],
);

// 土地承包经营权: the contract; its parcels are below.
export const landContracts = pgTable(
  'land_contracts',
  {
    rightId: uuid('right_id')
      .primaryKey()
      .references(() => rights.id),
    contractNo: varchar('contract_no', { length: 40 }).notNull().unique(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date').notNull(),
  },
  (t) => [check('land_contracts_term', sql`${t.endDate} > ${t.startDate}`)],
);

// removed: taken off the contract by a correction (更正登记), kept for the history.
export const PARCEL_STATUSES = ['active', 'transferred', 'returned', 'removed'] as const;

// 地块. Area kept in hundredths of a mu (integer). code: 19-digit 地块编码 (14-digit 发包方编码 + 5-digit sequence).
export const parcels = pgTable(
  'parcels',
  {
    id: id(),
    rightId: uuid('right_id')
      .notNull()
      .references(() => rights.id),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    code: varchar('code', { length: 19 }).notNull(),
    name: text('name').notNull(),
    areaMuCenti: integer('area_mu_centi').notNull(),
    landClass: text('land_class', { enum: ['paddy', 'dry', 'irrigated', 'orchard', 'forest', 'other'] }).notNull(),
    east: text('east').notNull(),
    south: text('south').notNull(),
    west: text('west').notNull(),
    north: text('north').notNull(),
    geojson: jsonb('geojson'),
    /** The shape as the county surveyed it (CGCS2000 3° Gauss-Krüger metres, a GeoJSON geometry with its `crs`), when imported from a NY/T 2539 package; geojson holds it in WGS84 for the map. */
    surveyGeometry: jsonb('survey_geometry'),
    status: text('status', { enum: PARCEL_STATUSES }).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [
    index('parcels_right_idx').on(t.rightId),
    // A parcel code is held by one live contract at a time; ended contracts keep theirs in history.
    uniqueIndex('parcels_code_active').on(t.code).where(sql`status = 'active'`),
    check('parcels_area', sql`${t.areaMuCenti} > 0 and ${t.areaMuCenti} <= 1000000`),
    check('parcels_code_form', sql`${t.code} ~ '^[0-9]{19}$'`),
  ],
);

export const TERRAINS = ['plain', 'hill', 'mountain'] as const;

// 宅基地使用权. Areas in hundredths of a square metre (integer).
/** A homestead registered as a new approval, or an existing one being recorded. */
export const HOMESTEAD_ORIGINS = ['new', 'existing'] as const;

export const homesteads = pgTable(
  'homesteads',
  {
    rightId: uuid('right_id')
      .primaryKey()
      .references(() => rights.id),
    parcelCode: varchar('parcel_code', { length: 19 }).notNull(),
    location: text('location').notNull(),
    areaM2Centi: integer('area_m2_centi').notNull(),
    terrain: text('terrain', { enum: TERRAINS }).notNull(),
    approvalNo: varchar('approval_no', { length: 40 }).notNull(),
    floorAreaM2Centi: integer('floor_area_m2_centi'),
    geojson: jsonb('geojson'),
    // 广东省土地管理条例 §42: the area limits bind new approvals. An existing homestead being
    // recorded ('existing') over the limit is registered and flagged for review ('oversize').
    origin: text('origin', { enum: HOMESTEAD_ORIGINS }).notNull().default('new'),
    reviewFlag: text('review_flag', { enum: ['oversize'] }),
  },
  (t) => [
    index('homesteads_parcel_idx').on(t.parcelCode),
    check('homesteads_area', sql`${t.areaM2Centi} > 0`),
    check('homesteads_floor', sql`${t.floorAreaM2Centi} is null or ${t.floorAreaM2Centi} > 0`),
  ],
);

// 集体收益分配权: a household's shares in its collective.
export const shareHoldings = pgTable(
  'share_holdings',
  {
    rightId: uuid('right_id')
      .primaryKey()
      .references(() => rights.id),
    shares: integer('shares').notNull(),
  },
  (t) => [check('share_holdings_positive', sql`${t.shares} > 0`)],
);
