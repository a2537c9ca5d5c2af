import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import { withDbErrors } from '../kernel/tx';
import { addDays, type Clock } from '../kernel/clock';
import { closeNotice, type CloseOutcome } from './award';
import { farmersOf, notify } from './notifications';

// The market's clock job. Safe with several app instances: "closing soon" notices are
// claimed with one UPDATE ... WHERE closing_soon_notified_at IS NULL (a row is claimed by
// one instance only), and each ended listing is taken with FOR UPDATE SKIP LOCKED and its
// status re-checked, so two instances never award the same listing. The derived state
// (listing-state.ts) already refuses late offers before this job runs; the job only records it.

const BATCH = 100;

export type SweepResult = { closingSoon: number; awarded: number; expired: number; awaitingChoice: number };

/** One pass: notices for periods ending within a day, then the end of every period that is over. */
export async function sweepMarket(db: Db, at: Date): Promise<SweepResult> {
  const result: SweepResult = { closingSoon: 0, awarded: 0, expired: 0, awaitingChoice: 0 };
  result.closingSoon = await db.transaction(async (tx) => {
    const claimed = await tx
      .update(listings)
      .set({ closingSoonNotifiedAt: at })
      .where(
        and(
          eq(listings.status, 'approved'),
          isNull(listings.closingSoonNotifiedAt),
          // Paused by an objection: its end moves when it resumes; no "closing soon" meanwhile.
          isNull(listings.objectionPausedAt),
          sql`${listings.noticeEndsAt} > ${at.toISOString()}`,
          lte(listings.noticeEndsAt, addDays(at, 1)),
        ),
      )
      .returning();
    for (const l of claimed) {
      const bidders = await tx
        .select({ buyer: offers.buyerHouseholdId })
        .from(offers)
        .where(and(eq(offers.listingId, l.id), eq(offers.status, 'active')));
      await notify(tx, await farmersOf(tx, [l.sellerHouseholdId, ...bidders.map((b) => b.buyer)]), {
        kind: 'closingSoon',
        params: { kind: l.rightKind, ends: l.noticeEndsAt!.toISOString() },
        link: `/listings/${l.id}`,
      });
    }
    return claimed.length;
  });
  const due = await db
    .select({ id: listings.id })
    .from(listings)
    .where(
      and(
        eq(listings.status, 'approved'),
        isNull(listings.noticeClosedAt),
        isNull(listings.suspendedAt),
        isNull(listings.objectionPausedAt),
        lte(listings.noticeEndsAt, at),
      ),
    )
    .orderBy(asc(listings.noticeEndsAt))
    .limit(BATCH);
  for (const { id } of due) {
    const out = await closeOne(db, id, at);
    if (out) result[out.outcome]++;
  }
  return result;
}

async function closeOne(db: Db, id: string, at: Date): Promise<CloseOutcome | null> {
  return withDbErrors(() =>
    db.transaction(async (tx) => {
      const [l] = await tx
        .select()
        .from(listings)
        .where(and(eq(listings.id, id), eq(listings.status, 'approved'), isNull(listings.noticeClosedAt), lte(listings.noticeEndsAt, at)))
        .for('update', { skipLocked: true });
      if (!l || l.suspendedAt || l.objectionPausedAt) return null; // taken by another instance, already closed, suspended or paused by an objection
      return closeNotice(tx, null, l, at);
    }),
  );
}

/**
 * Runs the sweep every `everyMs`, and once now, at the clock's time. Errors are logged, never
 * thrown. Returns the way to stop it, and the first pass (done when the start's sweep is).
 */
export function startMarketSweep(
  db: Db,
  clock: Clock,
  log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void },
  everyMs = 60_000,
): { stop: () => void; first: Promise<void> } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await sweepMarket(db, clock.now());
      if (r.awarded || r.expired || r.awaitingChoice || r.closingSoon) log.info(r, 'market sweep');
    } catch (err) {
      log.error({ err }, 'market sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), first: tick() };
}
