import type { RouterDeps } from '../server/platform/deps';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { changePassword, passwordChangeCommand } from '../server/accounts/index';
import { actorOf, requireLogin } from '../server/platform/auth/guards';
import { rememberDevice } from '../server/platform/auth/login-source';
import { loginName, type LoginRefusal } from '../server/platform/auth/passport';
import { stampLogin } from '../server/platform/auth/session-life';
import { shanghaiTime } from '../server/kernel/clock';
import { submitted } from '../server/kernel/commands';
import { formPost, str } from '../server/platform/http/forms';
import { localPath } from '../server/platform/http/local-path';
import { carryDraft } from '../server/platform/http/form-draft';

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
        if (until && delayed)
          res.setHeader('Retry-After', String(Math.max(1, Math.ceil((until.getTime() - deps.clock.now().getTime()) / 1000))));
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
      // A fresh session id at login defeats session fixation. A form kept when the old session
      // ended goes on to the new one, for its own user (server/platform/http/form-draft.ts).
      const draft = carryDraft(req.session.formDraft, user.id, deps.clock.now().getTime());
      req.session.regenerate((e) => {
        if (e) return next(e);
        req.logIn(user, (e2) => {
          if (e2) return next(e2);
          stampLogin(req.session, deps.clock.now().getTime());
          if (draft) req.session.formDraft = draft;
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
        const at = deps.clock.now();
        await changePassword(db, actorOf(req), submitted(passwordChangeCommand, req.body), at, req.sessionID);
        req.session.validFrom = at.getTime();
        req.flash('success', req.t('flash.passwordChanged'));
        res.redirect('/');
      },
    ),
  );
  return r;
}
