import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { bytea } from './audit';
import { createdAt, id } from './common';
import { households } from './households';
import { rights } from './rights';
import { collectives } from './regions';

// A household's life (issue 16): the head changes, the household splits or merges, its last
// member dies and the rights are inherited, a daughter marries out, the contracts are extended.
// Each is one row here (what happened, when, who decided), besides the trail; nothing is deleted.

export const LIFE_EVENT_KINDS = ['head_change', 'split', 'merge', 'inheritance', 'marriage_out', 'extension'] as const;
export type LifeEventKind = (typeof LIFE_EVENT_KINDS)[number];

export const householdEvents = pgTable(
  'household_events',
  {
    id: id(),
    kind: text('kind', { enum: LIFE_EVENT_KINDS }).notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    /** The household made by a split, or the one absorbed by a merge. */
    otherHouseholdId: uuid('other_household_id').references(() => households.id),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    occurredOn: date('occurred_on').notNull(),
    /** Who decided (the members' meeting, the village committee, a court) and their reference. */
    decidedBy: text('decided_by'),
    reason: text('reason'),
    details: jsonb('details').notNull(),
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('household_events_household_idx').on(t.householdId), index('household_events_other_idx').on(t.otherHouseholdId)],
);

/** The scans that go with an event (a death certificate, a will, the heirs' agreement, a court's judgment). */
export const householdEventDocuments = pgTable(
  'household_event_documents',
  {
    id: id(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => householdEvents.id),
    name: text('name').notNull(),
    mime: varchar('mime', { length: 60 }).notNull(),
    size: integer('size').notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    bytes: bytea('bytes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('household_event_documents_event_idx').on(t.eventId), check('household_event_documents_size', sql`${t.size} > 0`)],
);

/** A household that no longer exists as such: merged into another, or died out (the last member died). */
export const householdEndings = pgTable('household_endings', {
  householdId: uuid('household_id')
    .primaryKey()
    .references(() => households.id),
  kind: text('kind', { enum: ['merged', 'died_out'] }).notNull(),
  intoHouseholdId: uuid('into_household_id').references(() => households.id),
  endedOn: date('ended_on').notNull(),
  eventId: uuid('event_id')
    .notNull()
    .references(() => householdEvents.id),
});

/** One land contract extended by the 2026 second-round extension (二轮延包), with its old term. */
export const contractExtensions = pgTable(
  'contract_extensions',
  {
    id: id(),
    rightId: uuid('right_id')
      .notNull()
      .references(() => rights.id),
    jobId: uuid('job_id').notNull(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: varchar('region_code', { length: 12 }).notNull(),
    oldEndDate: date('old_end_date').notNull(),
    newEndDate: date('new_end_date').notNull(),
    adjusted: text('adjusted'),
    extendedAt: timestamp('extended_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('contract_extensions_right_idx').on(t.rightId),
    index('contract_extensions_region_idx').on(sql`${t.regionCode} text_pattern_ops`),
    check('contract_extensions_term', sql`${t.newEndDate} > ${t.oldEndDate}`),
  ],
);
