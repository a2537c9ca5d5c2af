import type { NextFunction, Request, Response } from 'express';
import { unreadCount } from '../../server/market/notifications';

/** The number of unread notices, for the menu of every signed-in page (one indexed count). */
export async function unreadNotices(req: Request, res: Response, next: NextFunction): Promise<void> {
  // A session's page views have it already (loaded with the account, server/platform/auth/passport.ts).
  const preloaded = (req as { unreadNotices?: number }).unreadNotices;
  res.locals.unreadNotices = req.actor && req.method === 'GET' ? (preloaded ?? (await unreadCount(req.db, req.actor))) : 0;
  next();
}
