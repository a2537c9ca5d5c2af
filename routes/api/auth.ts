import type { RouterDeps } from '../../server/platform/deps';
import type { NextFunction, Request, Response } from 'express';
import type { TokenScope } from '../../models/accounts';
import { scopeNeeded, tokenAllows } from '../../server/platform/auth/api-token-scopes';
import { tokenAccess } from '../../server/accounts/index';
import { actorOf } from '../../server/platform/auth/guards';
import type { Actor } from '../../server/kernel/actor';
import { translator } from '../../server/platform/i18n/index';
import { ApiProblem } from './errors';

/**
 * API clients say which language they want with Accept-Language, not with the pages'
 * cookie: Chinese unless English is preferred.
 */
export function apiLanguage(req: Request, res: Response, next: NextFunction): void {
  const best = req.acceptsLanguages('zh-CN', 'zh', 'en');
  req.lang = best === 'en' ? 'en' : 'zh-CN';
  req.t = translator(req.lang);
  res.set('Content-Language', req.lang);
  res.vary('Accept-Language');
  next();
}

// RFC 6750 token68 characters.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      tokenScopes?: TokenScope[];
    }
  }
}

/** `Authorization: Bearer <token>` → req.actor; anything else is a 401 with WWW-Authenticate. */
export function requireBearer(deps: RouterDeps) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header) return next(new ApiProblem(401, 'unauthorized'));
    const m = BEARER.exec(header);
    const access = m ? await tokenAccess(deps.db, m[1], deps.clock.now()) : null;
    if (!access) return next(new ApiProblem(401, 'unauthorized', { invalid: true }));
    req.actor = access.actor;
    req.tokenScopes = access.scopes;
    next();
  };
}

/** After requireBearer, for every route: a read-only token reads and writes nothing (RFC 6750 insufficient_scope). */
export function requireTokenScope(req: Request, res: Response, next: NextFunction): void {
  if (tokenAllows(req.tokenScopes ?? [], req.method)) return next();
  const needed = scopeNeeded(req.method);
  res.set('WWW-Authenticate', `Bearer realm="api", error="insufficient_scope", scope="${needed}"`);
  next(new ApiProblem(403, 'insufficientScope', { scope: needed }));
}

export function apiActor(req: Request): Actor {
  return actorOf(req);
}
