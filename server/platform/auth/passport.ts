import type { Deps } from '../deps';
import type { IncomingMessage } from 'node:http';
import type { SessionData } from 'express-session';
import { and, eq } from 'drizzle-orm';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { users } from '../../../models/accounts';
import type { Db } from '../db';
import { recordAudit } from '../../kernel/audit';
import { loadActiveUser, loadActiveUserWithUnread, toActor, type UserRow } from '../../accounts/session-user';
import { accountPlace } from '../../accounts/lockout';
import { addressOf, attemptOf } from './login-source';
import {
  ADDRESS_FREE,
  ATTACK_AT,
  claimAttempt,
  countNameFailure,
  forgive,
  isMilestone,
  nextTry,
  type Attempt,
  type Claim,
} from './login-throttle';
import { checkPassword, DUMMY_HASH } from '../../accounts/passwords';
import { normalizeMobile } from '../../kernel/phone';
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
  return String(v ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 64);
}

/** Why a login was refused: a wrong name or password, or a source still waiting; and until when it waits. */
export type LoginRefusal = { message: 'failed' | 'delayed'; until: Date | null };

/**
 * Every failed login is in the trail, with the address it came from. An account reaching ATTACK_AT
 * failures (then 40, 80 …) with no quiet hour between them, or an address failing on ADDRESS_FREE
 * names, gets one more entry; an account's is placed in its region, so that its bureau sees it too.
 */
async function failedLogin(db: Db, u: UserRow | undefined, name: string, a: Attempt, claim: Claim, at: Date, from: string): Promise<void> {
  const failures = await countNameFailure(db, a.name, at);
  const cause = !u ? 'unknown' : u.active ? 'password' : 'inactive';
  await recordAudit(db, u ? toActor(u) : null, {
    action: 'auth.login_failed',
    entityType: 'user',
    entityId: u?.id ?? name,
    after: { cause, from },
  });
  if (isMilestone(failures, ATTACK_AT)) {
    await recordAudit(db, null, {
      action: 'auth.attack',
      entityType: 'user',
      entityId: u?.id ?? name,
      ...(u ? await accountPlace(db, u) : {}),
      after: { failures, from },
    });
  }
  const names = claim.ok ? claim.newAtAddress : null;
  if (a.address && names !== null && isMilestone(names, ADDRESS_FREE)) {
    await recordAudit(db, null, { action: 'auth.stuffing', entityType: 'address', entityId: a.address, after: { names } });
  }
}

export function configurePassport(deps: Pick<Deps, 'db' | 'clock' | 'config'>): passport.PassportStatic {
  const { db, clock, config } = deps;
  const p = new passport.Passport() as unknown as passport.PassportStatic;
  p.use(
    new LocalStrategy({ passReqToCallback: true }, async (req, username, password, done) => {
      try {
        const name = loginName(username);
        const at = clock.now();
        const attempt = attemptOf(req, name.toLowerCase(), config.sessionSecret);
        // Counted before the password is checked, so parallel requests cannot slip past a delay.
        const claim = await claimAttempt(db, attempt, at);
        if (!claim.ok) return done(null, false, { message: 'delayed', until: claim.until } as LoginRefusal);
        const [named] = await db.select().from(users).where(eq(users.username, name)).limit(1);
        // A farmer may log in with the mobile number on their account instead of the username
        // (issue 18 item 14); family members may share a number, so the password says whose.
        const byPhone = named ? [] : await farmersByPhone(db, name);
        let u = named ?? byPhone[0];
        // Same work, same message and the same delays whether or not the account exists: no user enumeration.
        let ok = await checkPassword(u?.passwordHash ?? DUMMY_HASH, String(password).slice(0, 200));
        for (const other of byPhone.slice(1)) {
          if (ok) break;
          if (await checkPassword(other.passwordHash, String(password).slice(0, 200))) [u, ok] = [other, true];
        }
        if (!u || !ok || !u.active) {
          await failedLogin(db, u, name, attempt, claim, at, addressOf(req.ip));
          return done(null, false, { message: 'failed', until: await nextTry(db, attempt, at) } as LoginRefusal);
        }
        await forgive(db, attempt, claim);
        await db.update(users).set({ lastLoginAt: at }).where(eq(users.id, u.id));
        await recordAudit(db, toActor(u), { action: 'auth.login', entityType: 'user', entityId: u.id });
        return done(null, u);
      } catch (err) {
        return done(err);
      }
    }),
  );
  p.serializeUser((u, done) => done(null, (u as UserRow).id));
  // A page (GET) also shows the unread notices in its menu: loaded with the account in one
  // query and left on the request for routes/market/unread.ts.
  // A session past its absolute lifetime, or begun before the account's sessions were ended
  // (session-life.ts), is signed out: passport then treats the request as anonymous.
  p.deserializeUser((req: IncomingMessage, id: string, done: (err: unknown, u?: UserRow | false) => void) => {
    const stamps = (req as { session?: SessionData }).session;
    const alive = (u: UserRow | null | undefined) => (u && sessionAlive(stamps, u, clock.now().getTime()) ? u : false);
    if (req.method !== 'GET') return void loadActiveUser(db, id).then((u) => done(null, alive(u)), done);
    loadActiveUserWithUnread(db, id).then((r) => {
      if (r) (req as { unreadNotices?: number }).unreadNotices = r.unread;
      done(null, alive(r?.user));
    }, done);
  });
  return p;
}

/** The active farmer accounts on a mobile number (at most a household's few), for a login by phone. */
async function farmersByPhone(db: Db, name: string) {
  const mobile = normalizeMobile(name);
  if (!mobile) return [];
  return db
    .select()
    .from(users)
    .where(and(eq(users.phone, mobile), eq(users.role, 'farmer'), eq(users.active, true)))
    .limit(5);
}
