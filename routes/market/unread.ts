import type { RouterDeps } from '../../server/platform/deps';
import type { NextFunction, Request, Response } from 'express';
import { unreadCount } from '../../server/market';

/** The number of unread notices, for the menu of every signed-in page (one indexed count). */
export function unreadNotices(deps: RouterDeps) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    // A session's page views have it already (loaded with the account, server/platform/auth/passport.ts).
    const preloaded = (req as { unreadNotices?: number }).unreadNotices;
    res.locals.unreadNotices = req.actor && req.method === 'GET' ? (preloaded ?? (await unreadCount(deps.db, req.actor))) : 0;
    next();
  };
}
