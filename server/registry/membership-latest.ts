import { sql } from 'drizzle-orm';
import type { MEMBERSHIP_GROUNDS } from '../../models/membership';
import type { MembershipKind } from './membership-rules';

// A member's latest membership event in force on a day: the one join that decides a person's
// status (membership.ts), kept in one place so that the household page's folded statement
// (household-page-reads.ts) and the plain reads cannot come to disagree.

export type MembershipGround = (typeof MEMBERSHIP_GROUNDS)[number];
/** A person's latest membership event (all null: none recorded). */
export type MembershipRow = {
  kind: MembershipKind | null;
  ground: MembershipGround | null;
  effectiveOn: string | null;
  decisionId: string | null;
};

/**
 * `left join lateral (…) e on true` for the members aliased `m`: their latest event on or before
 * `day` (a 'YYYY-MM-DD' value or placeholder; null: the latest recorded, whatever its date).
 */
export const latestEventJoin = (day: unknown) => sql`left join lateral (
      select kind, ground, effective_on, decision_id from membership_events ev
      where ev.member_id = m.id and (${day}::date is null or ev.effective_on is null or ev.effective_on <= ${day}::date)
      order by coalesce(ev.effective_on, '0001-01-01'::date) desc, ev.recorded_at desc, ev.created_at desc
      limit 1
    ) e on true`;

/** A row of that join, as SQL (or the folded statement's JSON) names its columns. */
export type LatestEventRow = {
  kind: MembershipKind | null;
  ground: MembershipGround | null;
  effective_on: string | Date | null;
  decision_id: string | null;
};

/** That row in the model's words; the date as 'YYYY-MM-DD'. */
export function latestFromRow(r: LatestEventRow): MembershipRow {
  return {
    kind: r.kind ?? null,
    ground: r.ground ?? null,
    effectiveOn: r.effective_on ? String(r.effective_on).slice(0, 10) : null,
    decisionId: r.decision_id ?? null,
  };
}
