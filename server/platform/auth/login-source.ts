import type { Config } from '../config';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import ipaddr from 'ipaddr.js';
import type { Attempt } from './login-throttle';

// Where a login attempt comes from, for its delays (login-throttle.ts). A browser that has
// logged in to a name before carries a cookie signed for that name (OWASP's "device cookie"):
// its attempts on that name are counted on their own, so an attacker who shares the owner's
// address (a carrier's NAT, a village office) cannot make the owner wait, and the brake on an
// address that tries many names does not hold it up. Every other attempt counts by address.

export const DEVICE_COOKIE = 'sq.dev';
const YEAR_MS = 365 * 24 * 3600_000;

/** IPv4 as it is; IPv6 by its /64, the block one subscriber gets and may vary at will. */
export function addressOf(ip: string | undefined): string {
  if (!ip || !ipaddr.isValid(ip)) return 'ip:unknown';
  const a = ipaddr.process(ip);
  if (a.kind() === 'ipv4') return `ip:${a.toString()}`;
  return `ip:${(a as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

function mac(secret: string, nonce: string, name: string): string {
  return createHmac('sha256', secret).update(`login-device\n${nonce}\n${name}`).digest('base64url');
}

/** The browser's key if its cookie was signed for this name, else null. */
function knownDevice(req: Request, name: string, secret: string): string | null {
  const v: unknown = req.cookies?.[DEVICE_COOKIE];
  const m = typeof v === 'string' ? /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(v) : null;
  if (!m) return null;
  return timingSafeEqual(Buffer.from(m[2]), Buffer.from(mac(secret, m[1], name))) ? m[1] : null;
}

/** `name` is the login name in lower case, as counted. */
export function attemptOf(req: Request, name: string, secret: string): Attempt {
  const address = addressOf(req.ip);
  const device = knownDevice(req, name, secret);
  return device ? { name, source: `dev:${device}`, address: null } : { name, source: address, address };
}

/** After a successful login: this browser is known to the name (it keeps its key if it had one). */
export function rememberDevice(req: Request, res: Response, name: string, config: Pick<Config, 'sessionSecret' | 'env'>): void {
  const v: unknown = req.cookies?.[DEVICE_COOKIE];
  const old = typeof v === 'string' ? /^[A-Za-z0-9_-]{22}(?=\.)/.exec(v)?.[0] : undefined;
  const nonce = old ?? randomBytes(16).toString('base64url');
  res.cookie(DEVICE_COOKIE, `${nonce}.${mac(config.sessionSecret, nonce, name)}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env === 'production',
    maxAge: YEAR_MS,
    path: '/login',
  });
}
