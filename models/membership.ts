import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from './audit';
import { createdAt, id } from './common';
import { households, members } from './households';
import { collectives } from './regions';

// The 成员名册 (农村集体经济组织法, in force 2025-05-01): a person's membership is a history of
// events, never a tick box. The latest event decides the current status; nothing is deleted.

export const MEMBERSHIP_KINDS = ['confirmed', 'kept', 'ended'] as const;

/** §12: the grounds on which the 成员大会 confirms a member ('original': confirmed in earlier reforms, no new confirmation needed). */
export const CONFIRM_GROUNDS = ['birth', 'marriage', 'adoption', 'policy_migration', 'original', 'other'] as const;
/** §18 (and the settlement policy for 进城落户): circumstances that do NOT end membership. */
export const KEEP_GROUNDS = ['work', 'business', 'study', 'military', 'marriage', 'divorce', 'settled_city'] as const;
/** §17 (death, loss of nationality, another organisation, civil servant) and §16 (written voluntary exit with consent). */
export const END_GROUNDS = ['death', 'nationality', 'other_organisation', 'civil_servant', 'voluntary_exit'] as const;
export const MEMBERSHIP_GROUNDS = [
  'birth',
  'marriage',
  'adoption',
  'policy_migration',
  'original',
  'other',
  'work',
  'business',
  'study',
  'military',
  'divorce',
  'settled_city',
  'death',
  'nationality',
  'other_organisation',
  'civil_servant',
  'voluntary_exit',
] as const;

// 成员大会 / 成员代表大会 (§26–28).
export const MEETING_TYPES = ['general', 'representative'] as const;
/**
 * What a decision is about. 'membership', 'contract_plan', 'homestead_plan', 'quantification',
 * 'compensation' and 'merger' are kept from the 代表大会 by §28; 'non_member_income' needs
 * three quarters (§15); everything is a §27 matter (two thirds present, two thirds of all in favour).
 */
export const DECISION_MATTERS = [
  'membership',
  'charter',
  'redemption',
  'contract_plan',
  'homestead_plan',
  'quantification',
  'compensation',
  'merger',
  'non_member_income',
  'other',
] as const;

export const memberDecisions = pgTable(
  'member_decisions',
  {
    id: id(),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    regionCode: text('region_code').notNull(),
    decidedOn: date('decided_on').notNull(),
    meetingType: text('meeting_type', { enum: MEETING_TYPES }).notNull(),
    matter: text('matter', { enum: DECISION_MATTERS }).notNull(),
    title: text('title').notNull(),
    text: text('text').notNull(),
    /** Members (or, at a 代表大会, delegates) entitled to vote. */
    entitled: integer('entitled').notNull(),
    presentInPerson: integer('present_in_person').notNull(),
    presentOnline: integer('present_online').notNull().default(0),
    presentByProxy: integer('present_by_proxy').notNull().default(0),
    votesFor: integer('votes_for').notNull(),
    votesAgainst: integer('votes_against').notNull(),
    votesAbstain: integer('votes_abstain').notNull(),
    /** Charter settings the decision sets (e.g. { shareCapPercent: 300, noticeDays: 10 }). */
    settings: jsonb('settings').$type<Record<string, number | string | boolean>>(),
    minutesScan: bytea('minutes_scan'),
    minutesMime: text('minutes_mime'),
    recordedBy: uuid('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('member_decisions_collective_idx').on(t.collectiveId, sql`${t.decidedOn} desc`),
    check(
      'member_decisions_counts',
      sql`${t.entitled} > 0 and ${t.presentInPerson} >= 0 and ${t.presentOnline} >= 0 and ${t.presentByProxy} >= 0
      and ${t.presentInPerson} + ${t.presentOnline} + ${t.presentByProxy} <= ${t.entitled}
      and ${t.votesFor} >= 0 and ${t.votesAgainst} >= 0 and ${t.votesAbstain} >= 0
      and ${t.votesFor} + ${t.votesAgainst} + ${t.votesAbstain} <= ${t.presentInPerson} + ${t.presentOnline} + ${t.presentByProxy}`,
    ),
  ],
);

export const membershipEvents = pgTable(
  'membership_events',
  {
    id: id(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id),
    collectiveId: uuid('collective_id')
      .notNull()
      .references(() => collectives.id),
    kind: text('kind', { enum: MEMBERSHIP_KINDS }).notNull(),
    ground: text('ground', { enum: MEMBERSHIP_GROUNDS }).notNull(),
    /** The day it took effect (Beijing date); null for a confirmation that predates the register. */
    effectiveOn: date('effective_on'),
    decisionId: uuid('decision_id').references(() => memberDecisions.id),
    note: text('note'),
    /** The officer (account) who recorded it; null for rows moved in by a migration. */
    recordedBy: uuid('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: createdAt(),
  },
  (t) => [
    index('membership_events_member_idx').on(t.memberId, t.recordedAt),
    index('membership_events_collective_idx').on(t.collectiveId),
    index('membership_events_household_idx').on(t.householdId),
    check(
      'membership_events_ground',
      sql`(${t.kind} = 'confirmed' and ${t.ground} in ('birth','marriage','adoption','policy_migration','original','other'))
       or (${t.kind} = 'kept' and ${t.ground} in ('work','business','study','military','marriage','divorce','settled_city'))
       or (${t.kind} = 'ended' and ${t.ground} in ('death','nationality','other_organisation','civil_servant','voluntary_exit'))`,
    ),
    check('membership_events_dated', sql`${t.effectiveOn} is not null or (${t.kind} = 'confirmed' and ${t.ground} = 'original')`),
  ],
);
