import type { listings } from '../../models/market';

// Notice periods end by the clock, not by someone opening a page: every state that depends on
// time is derived here from stored times, and the sweep job (sweep.ts) only records what the
// clock already decided. Use cases take `now` so tests can move the clock instead of sleeping.

type Listing = typeof listings.$inferSelect;
const DAY = 24 * 3600 * 1000;

let fixed: Date | null = null;

export function now(): Date {
  return fixed ? new Date(fixed) : new Date();
}

/** Tests only: the time now() gives until setClock(null), so that waiting is a step, not a sleep. */
export function setClock(at: Date | null): void {
  fixed = at ? new Date(at) : null;
}

/** The date in Asia/Shanghai (UTC+8, no daylight saving) as YYYY-MM-DD: contract terms are dates there. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY);
}

/** Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(at: Date, months: number): Date {
  const d = new Date(at.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export type EffectiveState =
  | Listing['status']
  | 'open' // approved, notice period running: members may offer (rule 8)
  | 'closed'; // approved, notice period over: awaiting the award (rule 9)

/** What a listing is now, whether or not the sweep job has run yet. */
export function effectiveState(l: Pick<Listing, 'status' | 'noticeEndsAt'>, at: Date): EffectiveState {
  if (l.status !== 'approved') return l.status;
  return l.noticeEndsAt && at < l.noticeEndsAt ? 'open' : 'closed';
}

export function isOpenForOffers(l: Pick<Listing, 'status' | 'noticeEndsAt'>, at: Date): boolean {
  return effectiveState(l, at) === 'open';
}

/** Whole days left in the notice period, counting a started day as one; 0 when over. */
export function daysLeft(l: Pick<Listing, 'noticeEndsAt'>, at: Date): number {
  if (!l.noticeEndsAt) return 0;
  const ms = l.noticeEndsAt.getTime() - at.getTime();
  return ms <= 0 ? 0 : Math.ceil(ms / DAY);
}
