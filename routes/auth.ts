import type { RouterDeps } from '../server/platform/deps';
import { eq } from 'drizzle-orm';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { users } from '../models/accounts';
import { checkPassword, hashPassword, passwordProblem } from '../server/accounts/passwords';
import { requireLogin } from '../server/platform/auth/guards';
import { rememberDevice } from '../server/platform/auth/login-source';
import { loginName, type LoginRefusal } from '../server/platform/auth/passport';
import { endSessions, stampLogin } from '../server/platform/auth/session-life';
import { recordAudit } from '../server/kernel/audit';
import { ValidationError } from '../server/kernel/errors';
import { now } from '../server/kernel/clock';
import { formPost, str } from '../server/platform/http/forms';
import { localPath } from '../server/platform/http/local-path';
import { toActor } from '../server/accounts/session-user';

/** HH:MM:SS in Asia/Shanghai (UTC+8, no daylight saving): a wait is seconds or minutes long. */
function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 19);
}

/** Only same-site paths (server/platform/http/local-path.ts), so ?next= cannot send anyone elsewhere, nor back to the form. */
function safeNext(v: unknown): string {
  const s = localPath(v);
  return s.toLowerCase().startsWith('/login') ? '/' : s;
}

export function authRouter(deps: RouterDeps): Router {
  const { db, passport } = deps;
  const r = Router();
  // The demo accounts' hint only where the README's demo logins can exist: never in production (first-start.ts).
  r.use((_req, res, next) => {
    res.locals.demoHint = deps.config.env !== 'production';
    next();
  });

  r.get('/login', (req, res) => {
    if (req.user) return res.redirect('/');
    res.render('auth/login', { values: {}, next: safeNext(req.query.next), errors: {} });
  });

  // Wrong passwords make their source wait (server/platform/auth/login-throttle.ts); the page says until
  // when, and the same for an unknown name, a wrong password and an inactive account.
  r.post('/login', (req: Request, res: Response, next: NextFunction) => {
    passport.authenticate('local', (err: unknown, user: Express.User | false, info?: LoginRefusal) => {
      if (err) return next(err);
      if (!user) {
        const until = info?.until ?? null;
        const delayed = info?.message === 'delayed';
        if (until && delayed) res.setHeader('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - now().getTime()) / 1000))));
        const retry = until ? req.t('auth.retryAt', { time: shanghaiTime(until) }) : '';
        const message = delayed
          ? req.t('auth.throttled', { time: shanghaiTime(until!) })
          : [req.t('auth.failed'), retry || req.t('auth.delayHint')].join(req.lang === 'en' ? ' ' : '');
        return res.status(delayed ? 429 : 401).render('auth/login', {
          values: { username: str(req.body.username) },
          next: safeNext(req.body.next),
          errors: { _form: message },
        });
      }
      // A fresh session id at login defeats session fixation.
      req.session.regenerate((e) => {
        if (e) return next(e);
        req.logIn(user, (e2) => {
          if (e2) return next(e2);
          stampLogin(req.session, deps.clock.now().getTime());
          rememberDevice(req, res, loginName(req.body.username).toLowerCase(), deps.config);
          // Saved before the redirect goes out: passport saved the session without the login stamps,
          // and express-session would save them while the response ends, so the browser's next
          // request could read the stampless row and be sent back to the login page.
          req.session.save((e3) => (e3 ? next(e3) : res.redirect(user.mustChangePassword ? '/account/password' : safeNext(req.body.next))));
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

  r.get('/account/password', requireLogin, (_req, res) => res.render('auth/password', { values: {}, errors: {} }));
  r.post(
    '/account/password',
    requireLogin,
    formPost(
      'auth/password',
      () => ({}),
      async (req, res) => {
        const u = req.user!;
        const current = str(req.body.current),
          next = str(req.body.newPassword),
          repeat = str(req.body.repeat);
        if (!(await checkPassword(u.passwordHash, current))) throw new ValidationError({ current: { code: 'passwordWrong' } });
        const weak = passwordProblem(next, u.username);
        if (weak) throw new ValidationError({ newPassword: { code: weak } });
        if (next !== repeat) throw new ValidationError({ repeat: { code: 'passwordMismatch' } });
        if (next === current) throw new ValidationError({ newPassword: { code: 'passwordSame' } });
        const at = new Date();
        await db.transaction(async (tx) => {
          await tx
            .update(users)
            .set({ passwordHash: await hashPassword(next), mustChangePassword: false })
            .where(eq(users.id, u.id));
          // Whoever else holds a session of this account (a stolen cookie, a forgotten PC) is out; this one stays.
          await endSessions(tx, u.id, at, req.sessionID);
          await recordAudit(tx, toActor(u), { action: 'auth.password_change', entityType: 'user', entityId: u.id });
        });
        req.session.validFrom = at.getTime();
        req.flash('success', req.t('flash.passwordChanged'));
        res.redirect('/');
      },
    ),
  );
  return r;
}
