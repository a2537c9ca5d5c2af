import { createHmac } from 'node:crypto';
import { doubleCsrf } from 'csrf-csrf';
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';

// Every state-changing page request carries a token that only a page of this site could have
// given the browser. Two kinds, one per state of the visitor:
// - signed in: a synchroniser token kept in the session (csrf-sync), which ends with the session;
// - anonymous (the login form): a signed double-submit cookie (csrf-csrf). Showing the login form
//   then stores nothing, so a visitor who never logs in leaves no session row behind.
// Which kind applies is decided by req.user, on the page and on the post alike: a token is only
// accepted in the state that issued it (a login form left open across a login is refused, as an
// expired form is).

export type Csrf = {
  /** The token for a form on this page (sets the anonymous cookie when needed). */
  token: (req: Request, res: Response) => string;
  /** Checks the token of a state-changing request; the upload routes call it after parsing. */
  protect: (req: Request, res: Response, next: NextFunction) => void;
};

const tokenOf = (req: Request) => (req.body?._csrf as string | undefined) ?? (req.headers['x-csrf-token'] as string | undefined);

export function csrfProtection(config: Config): Csrf {
  const sync = csrfSync({ getTokenFromRequest: tokenOf });
  const production = config.env === 'production';
  // Its own key, derived from the session secret, so that these signatures mean nothing elsewhere.
  const key = createHmac('sha256', config.sessionSecret).update('sq anonymous form token').digest('hex');
  const anon = doubleCsrf({
    getSecret: () => key,
    // Nothing to bind to before login: the signed cookie is the binding. __Host- (production,
    // HTTPS) keeps a sibling subdomain from planting its own cookie.
    getSessionIdentifier: () => '',
    cookieName: production ? '__Host-sq.csrf' : 'sq.csrf',
    cookieOptions: { sameSite: 'strict', secure: production, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: tokenOf,
  });
  return {
    token: (req, res) => (req.user ? sync.generateToken(req) : anon.generateCsrfToken(req, res)),
    protect: (req, res, next) => (req.user ? sync.csrfSynchronisedProtection(req, res, next) : anon.doubleCsrfProtection(req, res, next)),
  };
}
