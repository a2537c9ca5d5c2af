import assert from 'node:assert/strict';
import type session from 'express-session';
import { sessions } from '../../models/accounts';
import { systemClock, useClock } from '../../server/kernel/clock';
import { DbSessionStore } from '../../server/platform/auth/session-store';
import type { Handle } from '../../server/platform/db';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';

// Sessions end by the app's clock: get() refuses a row past its expiry, set() writes the expiry,
// and the sweep that removes ended rows now and then must judge by the same clock. It used the
// database's now(): under a test clock set in the spring every sweep removed every session, and
// with the app and the database on two machines a skew between their clocks would move the end.
const sess = (expires: Date) => ({ cookie: { expires, originalMaxAge: 3_600_000 } }) as unknown as session.SessionData;
const put = (store: DbSessionStore, sid: string, s: session.SessionData) =>
  new Promise<void>((ok, fail) => store.set(sid, s, (e) => (e ? fail(e) : ok())));

describe('Session store: the sweep removes the sessions that ended by the app clock, and only those', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    useClock(systemClock);
    await h?.close();
  });

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
