import type { NextFunction, Request, Response } from 'express';
import { actorFromBearer } from '../../server/auth/api-tokens';
import { actorOf } from '../../server/auth/guards';
import type { Actor } from '../../server/domain/actor';
import { translator } from '../../server/i18n/index';
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

/** `Authorization: Bearer <token>` → req.actor; anything else is a 401 with WWW-Authenticate. */
export async function requireBearer(req: Request, _res: Response, next: NextFunction): Promise<void> {
  const header = req.headers.authorization;
  if (!header) return next(new ApiProblem(401, 'unauthorized'));
  const m = BEARER.exec(header);
  const actor = m ? await actorFromBearer(req.db, m[1]) : null;
  if (!actor) return next(new ApiProblem(401, 'unauthorized', { invalid: true }));
  req.actor = actor;
  next();
}

export function apiActor(req: Request): Actor {
  return actorOf(req);
}
