import type { Clock } from '../../server/kernel/clock';

/** A clock a test sets and moves: time passes only when the test says so (no sleeps, no time of day). */
export type TestClock = Clock & { set(at: Date | string): void; advance(ms: number): void };

export function testClock(start: Date | string = '2026-03-10T02:00:00Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (at) => {
      t = new Date(at).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
