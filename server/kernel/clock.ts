// The one clock. Everything that asks "what time is it" asks a Clock handed in with the other
// dependencies (server/platform/deps.ts): the app's routes read it once per request and pass the
// time to the use cases (`at`), the periodic jobs read it at each run. Tests build the app with a
// clock they set and move (test/helpers/clock.ts) instead of back-dating rows or sleeping.
//
// Dates people see and rules that speak of "today" or "this year" are in Asia/Shanghai (UTC+8,
// no daylight saving): a settlement dated today is today in Beijing, also at 01:00.

export interface Clock {
  now(): Date;
}

/** The machine's clock: the only `new Date()` of the app. */
export const systemClock: Clock = { now: () => new Date() };

const DAY = 24 * 3600 * 1000;
const SHANGHAI_OFFSET = 8 * 3600 * 1000;

/**
 * The app's clock, for the infrastructure that works outside any one request and cannot be
 * handed a time: trail timestamps, session expiry, job heartbeats, the SMS queue. Set once by
 * createApp from deps.clock (and by scripts), so it is the same clock. Rules and use cases do
 * not call this: they take `at` from their caller, so that a test can set it per call.
 */
let current: Clock = systemClock;
export function useClock(c: Clock): void {
  current = c;
}
export function now(): Date {
  return current.now();
}

/** The date in Asia/Shanghai as YYYY-MM-DD: contract terms, settlement dates and "today" are dates there. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** The year in Asia/Shanghai: certificate and deal numbers carry the year they were made there. */
export function shanghaiYear(at: Date): number {
  return new Date(at.getTime() + SHANGHAI_OFFSET).getUTCFullYear();
}

/** HH:MM:SS in Asia/Shanghai. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET).toISOString().slice(11, 19);
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
