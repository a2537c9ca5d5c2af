import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../kernel/errors';

/**
 * PostgreSQL refuses a NUL character in text, and nobody types one: it only comes from a
 * tool or an attacker. A request that holds one, in its query string or anywhere in its parsed
 * body (values and keys, at any depth), is refused here with a plain 400 that changes nothing,
 * instead of failing deep inside a write as a 500. Field rules (server/kernel/fields.ts) refuse
 * the other control characters beside the field; this guard is for every field, even one whose
 * rule forgets.
 */
export function refuseNul(req: Request, _res: Response, next: NextFunction): void {
  const q = req.originalUrl.indexOf('?');
  const inQuery = q >= 0 && /%00/i.test(req.originalUrl.slice(q));
  next(inQuery || holdsNul(req.body) ? new AppError(400, 'invalidValue') : undefined);
}

/** Walks the body without recursion: a 1 MB JSON body can nest deeper than the call stack. */
export function holdsNul(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length) {
    const v = pending.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    for (const [key, inner] of Object.entries(v)) {
      if (key.includes('\u0000')) return true;
      pending.push(inner);
    }
  }
  return false;
}

/** The same check for a multipart route, whose body exists only after its parser ran. */
export function thenRefuseNul(req: Request, res: Response, next: NextFunction): NextFunction {
  return (err?: unknown) => (err ? next(err) : refuseNul(req, res, next));
}
