import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError } from '../../kernel/errors';
import { thenRefuseNul } from './refuse-nul';

// The only routes that read multipart bodies: the register import, the paper-consent scan, an
// objection's evidence and the scanned minutes of a members' meeting decision.
// The app's CSRF check lets their multipart requests through to the route's parser, which
// checks the token right after parsing (parseThenCheck); any other multipart request is 415.
// A pattern missing here makes its route answer 415 (its own tests fail); one too many would
// let a body past the check, which the cross-site test's every-route sweep would show.
const UPLOAD_ROUTES = [
  /^\/imports\/?$/i,
  /^\/imports\/nyt2539\/?$/i,
  /^\/listings\/[^/]+\/paper-consents\/?$/i,
  /^\/listings\/[^/]+\/objections\/?$/i, // an objection's evidence (issue 20), optional
  /^\/collectives\/[^/]+\/decisions\/?$/i,
  /^\/collectives\/[^/]+\/members\/import\/?$/i,
  /^\/households\/[^/]+\/inheritance\/?$/i,
];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export const takesMultipart = (req: Request) => req.method === 'POST' && UPLOAD_ROUTES.some((r) => r.test(req.path));

type Check = (req: Request, res: Response, next: NextFunction) => void;

/** The app's token check, except for multipart: left to an upload route, 415 anywhere else. */
export function multipartOnlyWhereRead(check: Check): RequestHandler {
  return (req, res, next) => {
    if (!SAFE.has(req.method) && req.is('multipart/*')) {
      return takesMultipart(req) ? next() : next(new AppError(415, 'multipartNotRead'));
    }
    check(req, res, next);
  };
}

/**
 * Runs a multer parser, then the CSRF token check on the parsed body (then the NUL guard). The
 * token comes first even when the parser refused the file, so a forged upload learns nothing.
 * A file the parser refused (too large, a second file) goes to `refused`; a body it could not
 * read at all (no boundary, cut short, not multipart/form-data) is a 400 that changes nothing.
 */
export function parseThenCheck(
  check: Check,
  parser: RequestHandler,
  refused: (err: multer.MulterError, req: Request, res: Response, next: NextFunction) => void,
): RequestHandler {
  return (req, res, next) => {
    parser(req, res, (err?: unknown) => {
      req.body ??= {};
      check(req, res, (csrfErr?: unknown) => {
        if (csrfErr) return next(csrfErr);
        if (err instanceof multer.MulterError) return refused(err, req, res, thenRefuseNul(req, res, next));
        if (err) return next(new AppError(400, 'upload.broken'));
        thenRefuseNul(req, res, next)();
      });
    });
  };
}
