import type { IncomingMessage } from 'node:http';
import type { SessionData } from 'express-session';
import { eq } from 'drizzle-orm';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { users } from '../../models/accounts';
import type { Db } from '../db';
import { recordAudit } from '../domain/audit';
import { loadActiveUser, loadActiveUserWithUnread, toActor, type UserRow } from './actor';
import { countFailure, isLocked, LOCK_MINUTES } from './lockout';
import { checkPassword, DUMMY_HASH } from './passwords';
import { sessionAlive } from './session-life';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface User extends UserRow {}
  }
}

/**
 * The name a login form was sent with, as it is looked up, counted and written to the trail.
 * Control characters are dropped: no account name holds one, and PostgreSQL refuses a NUL in
 * text, so a typed NUL must not turn a failed login into a server error.
 */
export function loginName(v: unknown): string {
  // eslint-disable-next-line no-control-regex
  return String(v ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 64);
}

export function configurePassport(db: Db): passport.PassportStatic {
  const p = new passport.Passport() as unknown as passport.PassportStatic;
  p.use(new LocalStrategy(async (username, password, done) => {
    try {
      const name = loginName(username);
      const [u] = await db.select().from(users).where(eq(users.username, name)).limit(1);
      // Same work and same message whether or not the account exists: no user enumeration.
      const ok = await checkPassword(u?.passwordHash ?? DUMMY_HASH, String(password).slice(0, 200));
      const locked = !!u && isLocked(u);
      if (!u || !ok || !u.active || locked) {
        // Only a wrong password counts towards the lock-out (lockout.ts); the page says the same in every case.
        const justLocked = u && !ok ? await countFailure(db, u.id) : false;
        const cause = !u ? 'unknown' : !ok ? 'password' : locked ? 'locked' : 'inactive';
        await recordAudit(db, u ? toActor(u) : null, { action: 'auth.login_failed', entityType: 'user', entityId: u?.id ?? name, after: { cause } });
        if (justLocked) await recordAudit(db, toActor(u!), { action: 'auth.lock', entityType: 'user', entityId: u!.id, collectiveId: u!.collectiveId, regionCode: u!.regionCode, householdId: u!.householdId, after: { minutes: LOCK_MINUTES } });
        return done(null, false);
      }
      await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, u.id));
      await recordAudit(db, toActor(u), { action: 'auth.login', entityType: 'user', entityId: u.id });
      return done(null, u);
    } catch (err) {
      return done(err);
    }
  }));
  p.serializeUser((u, done) => done(null, (u as UserRow).id));
  // A page (GET) also shows the unread notices in its menu: loaded with the account in one
  // query and left on the request for routes/market/unread.ts.
  // A session past its absolute lifetime, or begun before the account's sessions were ended
  // (session-life.ts), is signed out: passport then treats the request as anonymous.
  p.deserializeUser((req: IncomingMessage, id: string, done: (err: unknown, u?: UserRow | false) => void) => {
    const stamps = (req as { session?: SessionData }).session;
    const alive = (u: UserRow | null | undefined) => (u && sessionAlive(stamps, u) ? u : false);
    if (req.method !== 'GET') return void loadActiveUser(db, id).then((u) => done(null, alive(u)), done);
    loadActiveUserWithUnread(db, id).then((r) => {
      if (r) (req as { unreadNotices?: number }).unreadNotices = r.unread;
      done(null, alive(r?.user));
    }, done);
  });
  return p;
}
