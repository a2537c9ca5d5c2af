import { eq } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { PassportStatic } from 'passport';
import { users } from '../models/accounts';
import { checkPassword, hashPassword, passwordProblem } from '../server/auth/passwords';
import { requireLogin } from '../server/auth/guards';
import { LOCK_AFTER, LOCK_MINUTES } from '../server/auth/lockout';
import { loginName } from '../server/auth/passport';
import { endSessions, stampLogin } from '../server/auth/session-life';
import { DbRateLimitStore } from '../server/auth/rate-limit-store';
import { recordAudit } from '../server/domain/audit';
import { ValidationError } from '../server/errors';
import { formPost, str } from './lib/forms';
import { localPath } from './lib/local-path';
import { toActor } from '../server/auth/actor';
import type { Db } from '../server/db';

/** Only same-site paths (routes/lib/local-path.ts), so ?next= cannot send anyone elsewhere, nor back to the form. */
function safeNext(v: unknown): string {
  const s = localPath(v);
  return s.toLowerCase().startsWith('/login') ? '/' : s;
}

export function authRouter(db: Db, passport: PassportStatic): Router {
  const r = Router();
  const limiterOpts = { windowMs: 15 * 60 * 1000, standardHeaders: 'draft-8' as const, legacyHeaders: false,
    handler: (req: Request, res: Response) => res.status(429).render('auth/login', { values: { username: str(req.body?.username) }, next: safeNext(req.body?.next), errors: { _form: req.t('auth.throttled', { minutes: 15 }) } }) };
  // Per address and per account, counted in the database so every instance sees the same numbers.
  const perIp = rateLimit({ ...limiterOpts, limit: 30, store: new DbRateLimitStore(db, 'login-ip:'), skipSuccessfulRequests: true });
  const perAccount = rateLimit({ ...limiterOpts, limit: 10, store: new DbRateLimitStore(db, 'login-user:'), skipSuccessfulRequests: true,
    keyGenerator: (req) => loginName(req.body?.username).toLowerCase() || '-' });

  // The demo accounts' hint only where the README's demo logins can exist: never in production (first-start.ts).
  r.use((req, res, next) => { res.locals.demoHint = req.deps.config.env !== 'production'; next(); });

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('auth/login', { values: {}, next: safeNext(req.query.next), errors: {} });
  });

  r.post('/login', perIp, perAccount, (req: Request, res: Response, next: NextFunction) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) {
        return res.status(401).render('auth/login', { values: { username: str(req.body.username) }, next: safeNext(req.body.next), errors: { _form: `${req.t('auth.failed')}${req.lang === 'en' ? ' ' : ''}${req.t('security.lockHint', { n: LOCK_AFTER, minutes: LOCK_MINUTES })}` } });
      }
      // A fresh session id at login defeats session fixation.
      req.session.regenerate((e) => {
        if (e) return next(e);
        req.logIn(user, (e2) => {
          if (e2) return next(e2);
          stampLogin(req.session);
          res.redirect(user.mustChangePassword ? '/account/password' : safeNext(req.body.next));
        });
      });
    })(req, res, next);
  });

  r.post('/logout', (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy(() => res.redirect('/login'));
    });
  });

  r.get('/lang/:lang', (req, res) => {
    res.cookie('lang', req.params.lang === 'en' ? 'en' : 'zh-CN', { httpOnly: true, sameSite: 'lax', maxAge: 365 * 24 * 3600 * 1000 });
    res.redirect(localPath(req.query.back));
  });

  r.get('/account/password', requireLogin, (req, res) => res.render('auth/password', { values: {}, errors: {} }));
  r.post('/account/password', requireLogin, formPost('auth/password', () => ({}), async (req, res) => {
    const u = req.user!;
    const current = str(req.body.current), next = str(req.body.newPassword), repeat = str(req.body.repeat);
    if (!(await checkPassword(u.passwordHash, current))) throw new ValidationError({ current: { code: 'passwordWrong' } });
    const weak = passwordProblem(next, u.username);
    if (weak) throw new ValidationError({ newPassword: { code: weak } });
    if (next !== repeat) throw new ValidationError({ repeat: { code: 'passwordMismatch' } });
    if (next === current) throw new ValidationError({ newPassword: { code: 'passwordSame' } });
    const at = new Date();
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash: await hashPassword(next), mustChangePassword: false }).where(eq(users.id, u.id));
      // Whoever else holds a session of this account (a stolen cookie, a forgotten PC) is out; this one stays.
      await endSessions(tx, u.id, at, req.sessionID);
      await recordAudit(tx, toActor(u), { action: 'auth.password_change', entityType: 'user', entityId: u.id });
    });
    req.session.validFrom = at.getTime();
    req.flash('success', req.t('flash.passwordChanged'));
    res.redirect('/');
  }));
  return r;
}
