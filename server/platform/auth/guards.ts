import type { NextFunction, Request, Response } from 'express';
import type { Role } from '../../../models/accounts';
import type { Actor } from '../../kernel/actor';
import { Forbidden } from '../../kernel/errors';
import { toActor } from '../../accounts/session-user';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
    }
  }
}

/** Signed-in pages: anonymous visitors go to the login form and come back afterwards. */
export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (!req.user) {
    const back = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
    return res.redirect(`/login${back}`);
  }
  req.actor = toActor(req.user);
  // A new account sets its own password before doing anything else.
  if (req.user.mustChangePassword && !req.path.startsWith('/account/password') && req.path !== '/logout') {
    return res.redirect('/account/password');
  }
  next();
}

/** Menus hide what a role cannot do; this refuses it. The use case checks the scope again. */
export function requireRole(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (!req.actor || !roles.includes(req.actor.role)) return next(new Forbidden());
    next();
  };
}

export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Forbidden();
  return req.actor;
}
