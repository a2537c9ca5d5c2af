import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { households } from '../../models/households';
import { deals, listings } from '../../models/market';
import { alerts } from '../../models/oversight';
import type { Actor } from '../kernel/actor';
import type { Db } from '../platform/db';

// The officer's home page as a to-do list (issue 18 item 10): listings waiting for review,
// listings still collecting consents, deals settled and waiting for registration, open alerts
// of the collective, and rights without a certificate. Only the officer's own collective.

const LIMIT = 20;

export async function officerTodo(db: Db, actor: Actor) {
  if (actor.role !== 'officer' || !actor.collectiveId) return null;
  const c = actor.collectiveId;
  const [open, settled, alertRows, [uncertified]] = await Promise.all([
    db
      .select({
        id: listings.id,
        status: listings.status,
        kind: listings.rightKind,
        path: listings.path,
        head: households.headName,
        at: listings.updatedAt,
      })
      .from(listings)
      .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
      .where(and(eq(listings.collectiveId, c), inArray(listings.status, ['submitted', 'draft'])))
      .orderBy(asc(listings.updatedAt))
      .limit(LIMIT * 2),
    db
      .select({ id: deals.id, number: deals.number, head: households.headName, at: deals.settledAt })
      .from(deals)
      .innerJoin(households, eq(households.id, deals.sellerHouseholdId))
      .where(and(eq(deals.collectiveId, c), eq(deals.status, 'settled')))
      .orderBy(asc(deals.settledAt))
      .limit(LIMIT),
    db
      .select({ id: alerts.id, kind: alerts.kind, link: alerts.link, at: alerts.occurredAt })
      .from(alerts)
      .where(and(eq(alerts.collectiveId, c), isNull(alerts.acknowledgedAt)))
      .orderBy(asc(alerts.occurredAt))
      .limit(LIMIT),
    db
      .execute(sql`select count(*)::int as n from rights r where r.collective_id = ${c} and r.status = 'active'
      and not exists (select 1 from certificates x where x.right_id = r.id and x.status = 'valid')`)
      .then((r) => (r as unknown as { rows: { n: number }[] }).rows),
  ]);
  const review = open.filter((l) => l.status === 'submitted').slice(0, LIMIT);
  const consents = open.filter((l) => l.status === 'draft').slice(0, LIMIT);
  const count = review.length + consents.length + settled.length + alertRows.length + (uncertified?.n ? 1 : 0);
  return { review, consents, register: settled, alerts: alertRows, uncertified: uncertified?.n ?? 0, count };
}
