import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../../kernel/errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing page request that the browser says comes from another site is refused before
 * anything reads it: Sec-Fetch-Site: cross-site, or an Origin that is neither the configured
 * public address nor the address the request was made to ("null" included: sandboxed frames and
 * cross-site redirects send it). Browsers send Origin on every POST; a client that sends none
 * (an old browser, a script) still needs the CSRF token. The API is not behind this: it reads no
 * cookie, only bearer tokens, which a hostile page does not have.
 */
export function sameSiteOnly(publicBaseUrl: string) {
  const configured = new URL(publicBaseUrl).origin;
  return (req: Request, _res: Response, next: NextFunction): void => {
    if (SAFE.has(req.method)) return next();
    const origin = req.headers.origin;
    const foreign =
      req.headers['sec-fetch-site'] === 'cross-site' ||
      (origin !== undefined && origin !== configured && origin !== `${req.protocol}://${req.host}`);
    next(foreign ? new AppError(403, 'crossSite') : undefined);
  };
}
