import { eq } from 'drizzle-orm';
import { type ALERT_KINDS, alerts } from '../../models/oversight';
import type { Db } from '../platform/db';
import { Conflict, Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { addDays, type Clock } from '../kernel/clock';
import { accept, type Submitted } from '../kernel/commands';
import { ackCommand, type AckCommand } from './commands';
import { canAcknowledge, inScope, isSupervisor } from './rules';
import { lowAskingAlerts } from '../market/price-check';
import {
  afterSettlement,
  collectiveCount,
  lowPrice,
  manyPurchases,
  officerPrepared,
  oversizeHomestead,
  paidUnregistered,
  quickFirstAction,
  sameAddress,
  type Scan,
} from './alert-rules';
import { isUuid } from '../kernel/ids';

// Alerts are raised by a scan, not by hooks in the market's code: evaluateAlerts looks at
// the events (deals registered, listings started, rejected, withdrawn) and inserts what is
// missing. It runs when a bureau opens its alerts page (for its region) and every few
// minutes from server/main.ts (for the recent events of every region), on any instance;
// the unique (kind, subject_key) index makes every run idempotent.

export type ScanResult = Record<(typeof ALERT_KINDS)[number], number>;

export async function evaluateAlerts(db: Db, scan: Scan = {}): Promise<ScanResult> {
  const [lp, mp, op, as, mr, mw, qf, sa, la, oh] = [
    await lowPrice(db, scan),
    await manyPurchases(db, scan),
    await officerPrepared(db, scan),
    await afterSettlement(db, scan),
    await collectiveCount(db, scan, 'manyRejections'),
    await collectiveCount(db, scan, 'manyWithdrawals'),
    await quickFirstAction(db, scan),
    await sameAddress(db, scan),
    await lowAskingAlerts(db, scan),
    await oversizeHomestead(db, scan),
  ];
  const pu = await paidUnregistered(db, scan);
  return {
    lowPrice: lp,
    manyPurchases: mp,
    officerPrepared: op,
    afterSettlement: as,
    manyRejections: mr,
    manyWithdrawals: mw,
    quickFirstAction: qf,
    sameAddress: sa,
    lowAsking: la,
    oversizeHomestead: oh,
    paidUnregistered: pu,
  };
}

/** The periodic scan: recent events of every region; unref'd so it never keeps the process alive. */
export function startAlertScan(db: Db, log: { error: (o: object, m: string) => void }, clock: Clock, everyMs = 5 * 60_000): () => void {
  let running = false;
  const tick = async (since?: Date) => {
    if (running) return;
    running = true;
    try {
      await evaluateAlerts(db, since ? { since, at: clock.now() } : { at: clock.now() });
    } catch (err) {
      log.error({ err }, 'alert scan failed');
    } finally {
      running = false;
    }
  };
  // Once in full at start-up (events missed while no instance ran), then the last two days.
  void tick();
  const timer = setInterval(() => void tick(addDays(clock.now(), -2)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The bureau notes what it did about an alert; acknowledged once, recorded in the trail. */
export async function acknowledgeAlert(db: Db, actor: Actor, id: string, cmd: Submitted<AckCommand>, at: Date) {
  if (!isSupervisor(actor)) throw new Forbidden();
  if (!isUuid(id)) throw new NotFound();
  const { note } = accept(ackCommand, cmd);
  return db.transaction(async (tx) => {
    const [a] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
    if (!a || !inScope(actor, a.regionCode)) throw new NotFound();
    if (!canAcknowledge(actor, a)) throw new Conflict('oversight.alreadyAcknowledged');
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
