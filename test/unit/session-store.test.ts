import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type session from 'express-session';
import { sessions } from '../../models/accounts';
import { systemClock, useClock } from '../../server/kernel/clock';
import { DbSessionStore } from '../../server/platform/auth/session-store';
import type { Db, Handle } from '../../server/platform/db';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';

// The session store (server/platform/auth/session-store.ts), against a real database.
//
// Sessions end by the app's clock: get() refuses a row past its expiry, set() writes the expiry,
// and the sweep that removes ended rows now and then must judge by the same clock. It used the
// database's now(): under a test clock set in the spring every sweep removed every session, and
// with the app and the database on two machines a skew between their clocks would move the end.
//
// A page view must not be a database write (issue 19): a rolling session's expiry is written at
// most once a minute, and the store skips the UPDATE when the row it read is recent enough. A
// page's requests arrive together under one cookie (and a benchmark sends sixteen at once): each
// of them must find what the others read, or each sends its own UPDATE.
const HOUR = 3_600_000;
const sess = (expires: Date) => ({ cookie: { expires, originalMaxAge: 8 * HOUR } }) as unknown as session.SessionData;

/** The store over a database that counts the UPDATEs it is asked to build. */
function countingStore(db: Db): { store: DbSessionStore; updates: () => number } {
  let n = 0;
  const counted = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'update') n++;
      return Reflect.get(target, prop, receiver);
    },
  });
  return { store: new DbSessionStore(counted), updates: () => n };
}
const read = (store: DbSessionStore, sid: string) => new Promise<void>((ok, fail) => store.get(sid, (e) => (e ? fail(e) : ok())));
const touch = (store: DbSessionStore, sid: string, s: session.SessionData) => new Promise<void>((ok) => store.touch(sid, s, () => ok()));
const put = (store: DbSessionStore, sid: string, s: session.SessionData) =>
  new Promise<void>((ok, fail) => store.set(sid, s, (e) => (e ? fail(e) : ok())));

describe('Session store', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    useClock(systemClock);
    await h?.close();
  });

  describe('the sweep removes the sessions that ended by the app clock, and only those', () => {
    it('when the app clock says spring and a session is written, then the sweep keeps the live one and removes the one that ended an hour ago', async () => {
      const clock = testClock('2026-04-01T02:00:00Z');
      useClock(clock);
      const store = new DbSessionStore(h.db);
      const hour = 3_600_000;
      await h.db.insert(sessions).values({ sid: 'ended', sess: {}, expiresAt: new Date(clock.now().getTime() - hour) });
      // The first write of a store sweeps.
      await put(store, 'live', sess(new Date(clock.now().getTime() + 8 * hour)));
      const left = (await h.db.select({ sid: sessions.sid }).from(sessions)).map((r) => r.sid).sort();
      assert.deepEqual(left, ['live']);

      // Nine hours on (and ten minutes since the last sweep): the live one has ended too, and goes.
      clock.advance(9 * hour);
      await put(store, 'later', sess(new Date(clock.now().getTime() + 8 * hour)));
      const after = (await h.db.select({ sid: sessions.sid }).from(sessions)).map((r) => r.sid).sort();
      assert.deepEqual(after, ['later']);
    });
  });

  describe('a page whose requests arrive together moves its session once', () => {
    it('when three requests of one session read it and then end, an hour after its last move, then one UPDATE moves it; within the minute after, none', async () => {
      const clock = testClock('2026-04-01T02:00:00Z');
      useClock(clock);
      const { store, updates } = countingStore(h.db);
      const t0 = clock.now().getTime();
      await h.db.insert(sessions).values({ sid: 'page', sess: {}, expiresAt: new Date(t0 + 7 * HOUR) });

      await Promise.all([read(store, 'page'), read(store, 'page'), read(store, 'page')]);
      for (let i = 0; i < 3; i++) await touch(store, 'page', sess(new Date(t0 + 8 * HOUR)));
      assert.equal(updates(), 1, 'the first request moved the row; the other two knew');
      const [row] = await h.db.select().from(sessions).where(eq(sessions.sid, 'page'));
      assert.equal(row.expiresAt.getTime(), t0 + 8 * HOUR, 'the row holds the new expiry');

      clock.advance(30_000);
      await Promise.all([read(store, 'page'), read(store, 'page')]);
      for (let i = 0; i < 2; i++) await touch(store, 'page', sess(new Date(t0 + 30_000 + 8 * HOUR)));
      assert.equal(updates(), 1, 'half a minute later nothing is written');
    });

    it('when the row was moved back behind the store (another instance, an operator), then the next page view moves it again', async () => {
      const clock = testClock('2026-04-01T02:00:00Z');
      useClock(clock);
      const { store, updates } = countingStore(h.db);
      const t0 = clock.now().getTime();
      await h.db.insert(sessions).values({ sid: 'moved', sess: {}, expiresAt: new Date(t0 + 8 * HOUR) });
      await read(store, 'moved');
      await touch(store, 'moved', sess(new Date(t0 + 8 * HOUR)));
      assert.equal(updates(), 0);
      await h.db
        .update(sessions)
        .set({ expiresAt: new Date(t0 + HOUR) })
        .where(eq(sessions.sid, 'moved'));
      await read(store, 'moved');
      await touch(store, 'moved', sess(new Date(t0 + 8 * HOUR)));
      assert.equal(updates(), 1, 'what get() read decides, not what was remembered before');
      const [row] = await h.db.select().from(sessions).where(eq(sessions.sid, 'moved'));
      assert.equal(row.expiresAt.getTime(), t0 + 8 * HOUR);
    });
  });
});
