import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, uuid, varchar } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './common';
import { collectives } from './regions';

export const HUKOU = ['rural', 'settled_city'] as const;

// 农户 / 承包方. code is the 18-digit 承包方编码: 12-digit village code + 2-digit group + 4-digit sequence.
export const households = pgTable(
  'households',
  {
    id: id(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    code: varchar('code', { length: 18 }).notNull().unique(),
    headName: text('head_name').notNull(),
    phone: varchar('phone', { length: 20 }),
    address: text('address'),
    hukouStatus: text('hukou_status', { enum: HUKOU }).notNull().default('rural'),
    settledOn: date('settled_on'),
    settledCity: text('settled_city'),
    // Rule 4 / 土地管理法 Art. 62: a household that sold its homestead may not apply for a new one.
    homesteadEligible: boolean('homestead_eligible').notNull().default(true),
    // Rule 6 / 农村土地承包法 Art. 30: after a voluntary return of land, no new claim until the term ends.
    landBarredUntil: date('land_barred_until'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('households_collective_idx').on(t.collectiveId),
    index('households_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    index('households_head_trgm_idx').using('gin', sql`${t.headName} gin_trgm_ops`),
    // Search: code prefixes (LIKE 'prefix%' needs the pattern opclass) and the newest-first
    // order of the register page, within a collective or across a region (benchmarks).
    index('households_code_pattern_idx').on(sql`${t.code} varchar_pattern_ops`),
    // Names of one or two characters are searched as prefixes (a trigram needs three).
    index('households_head_pattern_idx').on(sql`${t.headName} text_pattern_ops`),
    index('households_collective_newest_idx').on(t.collectiveId, sql`${t.createdAt} desc`, t.code),
    index('households_newest_idx').on(sql`${t.createdAt} desc`, t.code),
    // Search candidates are fetched by key (id = any(array(...))); this index also carries what
    // the scope filter, the count and the newest-first order read, so they need no table row
    // (index-only). migration 0007 adds INCLUDE (collective_id, region_code, created_at, code),
    // which drizzle cannot express; the pattern indexes get INCLUDE (id / household_id) likewise.
    index('households_id_cover_idx').on(t.id),
    check('households_code_form', sql`${t.code} ~ '^[0-9]{18}$'`),
    check('households_settled', sql`(${t.hukouStatus} = 'rural') or (${t.settledOn} is not null and ${t.settledCity} is not null)`),
  ],
);

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'grandparent', 'sibling', 'child_in_law', 'other'] as const;

// 家庭成员. id_number is unique across the whole registry, so a person belongs to one collective only.
export const members = pgTable(
  'members',
  {
    id: id(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    name: text('name').notNull(),
    idNumber: varchar('id_number', { length: 18 }).notNull().unique(),
    sex: text('sex', { enum: ['M', 'F'] }).notNull(),
    birthDate: date('birth_date').notNull(),
    relation: text('relation', { enum: RELATIONS }).notNull(),
    isCollectiveMember: boolean('is_collective_member').notNull().default(true),
    hukouStatus: text('hukou_status', { enum: HUKOU }).notNull().default('rural'),
    settledOn: date('settled_on'),
    settledCity: text('settled_city'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('members_household_idx').on(t.householdId),
    index('members_collective_idx').on(t.collectiveId),
    index('members_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('members_name_pattern_idx').on(sql`${t.name} text_pattern_ops`),
    // The last digits of an ID number (search by 4–6 digits): a prefix of the reversed number.
    index('members_id_suffix_idx').on(sql`reverse(${t.idNumber}) text_pattern_ops`),
    check('members_id_form', sql`${t.idNumber} ~ '^[0-9]{17}[0-9X]$'`),
  ],
);
