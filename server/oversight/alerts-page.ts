import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { ALERT_KINDS, alerts } from '../../models/oversight';
import { collectives } from '../../models/regions';
import type { Db } from '../platform/db';
import { ValidationError, type FieldErrors } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { evaluateAlerts } from './alerts';
import { canAcknowledge } from './rules';
import { scopePrefix } from './scope';

// The bureau's alerts page: the alerts of its region, newest first, each with whether this
// actor may acknowledge it (the same predicate the use case asserts).

export const ALERT_PAGE = 30;

export type AlertFilter = { kind: (typeof ALERT_KINDS)[number] | null; state: 'open' | 'acknowledged' | 'all' };

/** ?kind=…&state=… into the page's filter; a bad value is refused with a message, never replaced. */
export function parseAlertQuery(q: Record<string, unknown>): AlertFilter {
  const errors: FieldErrors = {};
  const kind = typeof q.kind === 'string' && q.kind !== '' ? q.kind : null;
  if (kind && !(ALERT_KINDS as readonly string[]).includes(kind)) errors.kind = { code: 'oversight.badAlertKind' };
  const state = typeof q.state === 'string' && q.state !== '' ? q.state : 'open';
  if (!['open', 'acknowledged', 'all'].includes(state)) errors.state = { code: 'oversight.badState' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { kind: kind as AlertFilter['kind'], state: state as AlertFilter['state'] };
}

/** Alerts in the actor's region, newest first, after a scan of that region. */
export async function alertsPage(db: Db, actor: Actor, f: AlertFilter, page = 1) {
  const prefix = scopePrefix(actor);
  await evaluateAlerts(db, prefix ? { prefix } : {});
  const conds: SQL[] = [sql`${alerts.regionCode} like ${prefix + '%'}`];
  if (f.kind) conds.push(eq(alerts.kind, f.kind));
  if (f.state === 'open') conds.push(isNull(alerts.acknowledgedAt));
  if (f.state === 'acknowledged') conds.push(isNotNull(alerts.acknowledgedAt));
  const where = and(...conds);
  const [{ total }] = await db.select({ total: count() }).from(alerts).where(where);
  const p = Math.max(1, Math.min(page, Math.ceil(total / ALERT_PAGE) || 1));
  const list = await db
    .select({ a: alerts, collective: collectives.name, ackBy: users.displayName })
    .from(alerts)
    .leftJoin(collectives, eq(collectives.id, alerts.collectiveId))
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .where(where)
    .orderBy(desc(alerts.occurredAt), desc(alerts.id))
    .limit(ALERT_PAGE)
    .offset((p - 1) * ALERT_PAGE);
  return {
    filter: f,
    list: list.map((r) => ({ ...r.a, collective: r.collective, ackBy: r.ackBy, can: { acknowledge: canAcknowledge(actor, r.a) } })),
    total,
    page: p,
    pages: Math.max(1, Math.ceil(total / ALERT_PAGE)),
  };
}
