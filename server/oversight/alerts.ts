import { and, count, desc, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { users } from '../../models/accounts';
import { ALERT_KINDS, alerts } from '../../models/oversight';
import { collectives } from '../../models/regions';
import type { Db } from '../platform/db';
import { Conflict, Forbidden, NotFound, ValidationError } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { parse, text } from '../kernel/fields';
import {
  afterSettlement,
  collectiveCount,
  lowPrice,
  manyPurchases,
  officerPrepared,
  quickFirstAction,
  sameAddress,
  type Scan,
} from './alert-rules';
import { inScope, isUuid, scopePrefix } from './scope';

// Alerts are raised by a scan, not by hooks in the market's code: evaluateAlerts looks at
// the events (deals registered, listings started, rejected, withdrawn) and inserts what is
// missing. It runs when a bureau opens its alerts page (for its region) and every few
// minutes from server/main.ts (for the recent events of every region), on any instance;
// the unique (kind, subject_key) index makes every run idempotent.

export type ScanResult = Record<(typeof ALERT_KINDS)[number], number>;

export async function evaluateAlerts(db: Db, scan: Scan = {}): Promise<ScanResult> {
  const [lp, mp, op, as, mr, mw, qf, sa] = [
    await lowPrice(db, scan),
    await manyPurchases(db, scan),
    await officerPrepared(db, scan),
    await afterSettlement(db, scan),
    await collectiveCount(db, scan, 'manyRejections'),
    await collectiveCount(db, scan, 'manyWithdrawals'),
    await quickFirstAction(db, scan),
    await sameAddress(db, scan),
  ];
  return {
    lowPrice: lp,
    manyPurchases: mp,
    officerPrepared: op,
    afterSettlement: as,
    manyRejections: mr,
    manyWithdrawals: mw,
    quickFirstAction: qf,
    sameAddress: sa,
  };
}

/** The periodic scan: recent events of every region; unref'd so it never keeps the process alive. */
export function startAlertScan(db: Db, log: { error: (o: object, m: string) => void }, everyMs = 5 * 60_000): () => void {
  let running = false;
  const tick = async (since?: Date) => {
    if (running) return;
    running = true;
    try {
      await evaluateAlerts(db, since ? { since } : {});
    } catch (err) {
      log.error({ err }, 'alert scan failed');
    } finally {
      running = false;
    }
  };
  // Once in full at start-up (events missed while no instance ran), then the last two days.
  void tick();
  const timer = setInterval(() => void tick(new Date(Date.now() - 2 * 86_400_000)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

export const ALERT_PAGE = 30;

export type AlertQuery = { kind?: string; state?: string; page?: number };

export function parseAlertQuery(q: Record<string, unknown>): {
  kind: (typeof ALERT_KINDS)[number] | null;
  state: 'open' | 'acknowledged' | 'all';
} {
  const errors: Record<string, { code: string }> = {};
  const kind = typeof q.kind === 'string' && q.kind !== '' ? q.kind : null;
  if (kind && !(ALERT_KINDS as readonly string[]).includes(kind)) errors.kind = { code: 'oversight.badAlertKind' };
  const state = typeof q.state === 'string' && q.state !== '' ? q.state : 'open';
  if (!['open', 'acknowledged', 'all'].includes(state)) errors.state = { code: 'oversight.badState' };
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { kind: kind as (typeof ALERT_KINDS)[number] | null, state: state as 'open' | 'acknowledged' | 'all' };
}

/** Alerts in the actor's region, newest first, after a scan of that region. */
export async function alertsPage(db: Db, actor: Actor, q: Record<string, unknown>, page = 1) {
  const prefix = scopePrefix(actor);
  const f = parseAlertQuery(q);
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
    list: list.map((r) => ({ ...r.a, collective: r.collective, ackBy: r.ackBy })),
    total,
    page: p,
    pages: Math.max(1, Math.ceil(total / ALERT_PAGE)),
  };
}

/** The bureau notes what it did about an alert; acknowledged once, recorded in the trail. */
export async function acknowledgeAlert(db: Db, actor: Actor, id: string, input: unknown) {
  if (actor.role !== 'bureau') throw new Forbidden();
  if (!isUuid(id)) throw new NotFound();
  const { note } = parse(z.object({ note: text(500) }), input);
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
    if (!a || !inScope(actor, a.regionCode)) throw new NotFound();
    if (a.acknowledgedAt) throw new Conflict('oversight.alreadyAcknowledged');
    const at = new Date();
    const [after] = await tx
      .update(alerts)
      .set({ acknowledgedAt: at, acknowledgedBy: actor.id, ackNote: note })
      .where(eq(alerts.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'oversight.alert_ack',
      entityType: 'alert',
      entityId: id,
      collectiveId: a.collectiveId,
      regionCode: a.regionCode,
      householdId: a.householdId,
      before: { acknowledgedAt: null },
      after: { kind: a.kind, acknowledgedAt: at },
      reason: note,
    });
    return after;
  });
}
