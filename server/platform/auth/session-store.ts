import { now } from '../../kernel/clock';
import { and, eq, lt, sql } from 'drizzle-orm';
import session from 'express-session';
import { sessions } from '../../../models/accounts';
import type { Db } from '../db';
import { prepared } from '../prepared';

const DAY = 24 * 3600 * 1000;

// Every page view reads its session: a prepared statement (issue 19, server/platform/prepared.ts).
const sessionGet = (db: Db) =>
  db
    .select()
    .from(sessions)
    .where(eq(sessions.sid, sql.placeholder('sid')))
    .limit(1)
    .prepare('session_get');

/** express-session store in PostgreSQL, so sessions survive restarts and are shared by instances. */
export class DbSessionStore extends session.Store {
  private lastSweep = 0;
  // The expiry a session's row last had (read by get(), or written by touch()): a touch then
  // knows without a round trip whether the row needs moving (most page views: no). Kept per
  // session, not per request: a page's requests arrive together under one cookie, and each
  // touch must find it, whichever request read it.
  private readExpiry = new Map<string, number>();
  constructor(private db: Db) {
    super();
  }

  get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    prepared(this.db, 'session_get', sessionGet)
      .execute({ sid })
      .then(([row]) => {
        const live = row && row.expiresAt > now();
        if (live) this.remember(sid, row.expiresAt.getTime());
        cb(null, live ? (row.sess as session.SessionData) : null);
      }, cb);
  }

  private remember(sid: string, expiresAt: number): void {
    this.readExpiry.delete(sid);
    this.readExpiry.set(sid, expiresAt);
    // Bounded: past 10,000 sessions, the one seen longest ago is forgotten (its next touch writes).
    if (this.readExpiry.size > 10_000) this.readExpiry.delete(this.readExpiry.keys().next().value!);
  }

  set(sid: string, sess: session.SessionData, cb?: (err?: unknown) => void): void {
    const expiresAt = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(now().getTime() + DAY);
    this.db
      .insert(sessions)
      .values({ sid, sess, expiresAt })
      .onConflictDoUpdate({ target: sessions.sid, set: { sess, expiresAt } })
      .then(() => this.sweep())
      .then(
        () => cb?.(),
        (e) => cb?.(e),
      );
  }

  destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.readExpiry.delete(sid);
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(
        () => cb?.(),
        (e) => cb?.(e),
      );
  }

  touch(sid: string, sess: session.SessionData, cb?: () => void): void {
    const expiresAt = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(now().getTime() + DAY);
    // Rolling sessions move their expiry on every request; writing it at most once a minute
    // keeps page views from being database writes (an UPDATE that matches no row writes nothing).
    // When this request's get() saw an expiry that the UPDATE below would not move, skip the round trip.
    const seen = this.readExpiry.get(sid);
    if (seen !== undefined && seen >= expiresAt.getTime() - 60_000) {
      cb?.();
      return;
    }
    this.db
      .update(sessions)
      .set({ expiresAt })
      .where(and(eq(sessions.sid, sid), lt(sessions.expiresAt, new Date(expiresAt.getTime() - 60_000))))
      .then(
        () => {
          // Moved, or already moved by another request: either way the row is this recent now.
          if (this.readExpiry.has(sid)) this.remember(sid, expiresAt.getTime());
          cb?.();
        },
        () => cb?.(),
      );
  }

  /**
   * Removes expired rows now and then, from whichever instance happens to write. Expired by the
   * app's clock, as get() and the expiry written by set() are: the database's own now() would
   * judge by another clock (another machine's, or the real time under a test's clock, where
   * every sweep removed every session).
   */
  private async sweep(): Promise<void> {
    const at = now();
    if (at.getTime() - this.lastSweep < 10 * 60 * 1000) return;
    this.lastSweep = at.getTime();
    await this.db.delete(sessions).where(lt(sessions.expiresAt, at));
  }
}
