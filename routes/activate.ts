import type { RouterDeps } from '../server/platform/deps';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { DbRateLimitStore } from '../server/platform/auth/rate-limit-store';
import { stampLogin } from '../server/platform/auth/session-life';
import { activateAccount, activationCommand, CODE_DIGITS, MAX_CODE_ATTEMPTS } from '../server/accounts/index';
import { submitted } from '../server/kernel/commands';
import { formPost } from '../server/platform/http/forms';

// /activate (no login): the farmer names the account, types the code from the SMS or the sealed
// slip and sets a password; then is logged in. Codes are limited per code (MAX_CODE_ATTEMPTS,
// activation.ts) and wrong forms per address here, counted in the database like the login's.

export const ACTIVATE_LIMIT = 20;

export function activateRouter(deps: RouterDeps): Router {
  const { db } = deps;
  const r = Router();
  const locals = () => ({ digits: CODE_DIGITS, maxAttempts: MAX_CODE_ATTEMPTS });
  const perIp = rateLimit({
    windowMs: 15 * 60 * 1000,
    limit: ACTIVATE_LIMIT,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    store: new DbRateLimitStore(db, 'activate-ip:'),
    handler: (req: Request, res: Response) => {
      res.set('Cache-Control', 'no-store');
      res.status(429).render('auth/activate', { ...locals(), values: keep(req.body), errors: { _form: req.t('errors.tooMany') } });
    },
  });
  r.get('/activate', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // Nothing is taken from the query string: a name or number there would end up in request logs.
    res.render('auth/activate', { ...locals(), values: {}, errors: {} });
  });
  // A refused form is shown again with the name and the code kept; the view never fills in a password.
  r.post(
    '/activate',
    perIp,
    noStore,
    formPost('auth/activate', locals, async (req, res) => {
      const user = await activateAccount(deps.db, submitted(activationCommand, req.body), deps.clock.now());
      // A fresh session for the farmer, as at login (no session fixation).
      await new Promise<void>((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())));
      await new Promise<void>((ok, fail) => req.logIn(user, (e) => (e ? fail(e) : ok())));
      stampLogin(req.session, deps.clock.now().getTime());
      req.flash('success', req.t('activation.done', { username: user.username }));
      res.redirect(303, '/my');
    }),
  );
  return r;
}

function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  next();
}

/** What the form shows again after a refusal: the name and the code, never the passwords. */
function keep(body: unknown): { login: string; code: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  return { login: typeof b.login === 'string' ? b.login.slice(0, 64) : '', code: typeof b.code === 'string' ? b.code.slice(0, 20) : '' };
}
