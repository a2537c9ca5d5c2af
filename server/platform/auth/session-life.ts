import { and, eq, ne, sql } from 'drizzle-orm';
import type { Session, SessionData } from 'express-session';
import { sessions, users } from '../../../models/accounts';
import type { Db, Tx } from '../db';

// How long a signed-in session lasts, and how an account's sessions are ended.
// The cookie's idle timeout (8 h, rolling, server/app.ts) moves with every request; a session
// also ends SESSION_HOURS after its login whatever it does, so a stolen cookie kept busy by a
// script does not last for ever. A password change, a reset or a deactivation ends the
// account's other sessions: their rows go, and users.sessions_ended_at makes sure a row saved
// again by a request still in flight does not bring one back.

export const SESSION_HOURS = 12;

declare module 'express-session' {
  interface SessionData {
    /** Epoch ms of the login (the absolute lifetime counts from it). */
    loginAt?: number;
    /** Epoch ms from which the session counts as current for users.sessions_ended_at (login, or this session's own password change). */
    validFrom?: number;
  }
}

type Stamps = Pick<SessionData, 'loginAt' | 'validFrom'>;

/** Marks a fresh login on the session. */
export function stampLogin(s: Session & Partial<SessionData>, at: number): void {
  s.loginAt = at;
  s.validFrom = at;
}

/**
 * Whether a signed-in session may go on: younger than SESSION_HOURS since its login, and not
 * begun before the account's sessions were ended. A session without a login time (made before
 * this rule) is over.
 */
export function sessionAlive(s: Stamps | undefined, u: { sessionsEndedAt: Date | null }, at: number): boolean {
  if (!s?.loginAt || at - s.loginAt > SESSION_HOURS * 3600_000) return false;
  return !u.sessionsEndedAt || (s.validFrom ?? s.loginAt) >= u.sessionsEndedAt.getTime();
}

/**
 * Ends every session of the account except `keepSid` (the one that changed its own password):
 * deletes their rows and records the moment. Runs in the caller's transaction.
 */
export async function endSessions(tx: Db | Tx, userId: string, at: Date, keepSid?: string): Promise<void> {
  await tx.update(users).set({ sessionsEndedAt: at }).where(eq(users.id, userId));
  const mine = sql`${sessions.sess} -> 'passport' ->> 'user' = ${userId}`;
  await tx.delete(sessions).where(keepSid ? and(mine, ne(sessions.sid, keepSid)) : mine);
}
