import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';

// The address a request came from, available to the trail (server/kernel/audit.ts) without
// threading it through every use case: the use cases stay (db, actor, input), and a write made
// outside a request (a periodic job, a script, a test) simply has no origin.

const store = new AsyncLocalStorage<{ ip: string }>();

/** IPv4 clients of an IPv6 socket read as ::ffff:1.2.3.4; the same client is the same address. */
export function normalizeIp(ip: string | undefined): string | null {
  if (!ip) return null;
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '').slice(0, 45);
}

export function requestOrigin(req: Request, _res: Response, next: NextFunction): void {
  const ip = normalizeIp(req.ip);
  if (!ip) return next();
  store.run({ ip }, next);
}

export function currentOrigin(): { ip: string } | null {
  return store.getStore() ?? null;
}
