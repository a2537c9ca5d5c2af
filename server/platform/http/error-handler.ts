import type { NextFunction, Request, Response } from 'express';
import { AppError, DomainError, fromDbError } from '../../kernel/errors';
import { isDbUnavailable } from '../db-health';
import { errorHelp, translateErrors } from '../messages';

// The pages' one way from an error to a response (the API has its own, routes/api/errors.ts,
// and every /api request ends in the API router). Refused forms are shown again by formPost;
// everything else comes here. Unexpected errors are logged with the request id.

export function notFoundHandler(req: Request, res: Response): void {
  res.status(404);
  safeRender(req, res, 'errors/404', {});
}

export function errorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) {
    // The session is saved as the response ends: with the database gone that fails after the
    // 503 page has been sent, and there is nothing left to tell the user.
    if (res.writableEnded && isDbUnavailable(err))
      return void req.log?.warn({ err, reqId: req.id }, 'database unavailable after the response');
    return next(err);
  }
  if (isDbUnavailable(err)) return unavailable(err, req, res);
  const known = asAppError(err);
  if (!known) {
    req.log?.error({ err, reqId: req.id }, 'unexpected error');
    res.status(500);
    safeRender(req, res, 'errors/500', { requestId: req.id });
    return;
  }
  const messages = translateErrors(req.t, known);
  const view = known.status === 404 ? 'errors/404' : known.status === 403 ? 'errors/403' : 'errors/4xx';
  res.status(known.status);
  // helpLinks[i] explains messages[i] when a rule refused it (/help#rule-N).
  const help = errorHelp(known);
  safeRender(req, res, view, {
    messages: Object.values(messages),
    helpLinks: Object.keys(messages).map((k) => help[k] ?? null),
    code: known.code,
  });
}

/** The database cannot serve now (down, unreachable, timed out): a 503 that says to try again, not a 500. */
function unavailable(err: unknown, req: Request, res: Response): void {
  req.log?.warn({ err, reqId: req.id }, 'database unavailable');
  res.status(503).set('Retry-After', '30');
  // The session may be what could not be loaded: the page then has no viewer (name and menu) and no messages.
  safeRender(req, res, 'errors/503', { requestId: req.id, viewer: res.locals.viewer ?? null, flash: res.locals.flash ?? null });
}

/** An error page that fails to render must not fall through to Express's own page with a stack. */
function safeRender(req: Request, res: Response, view: string, locals: object): void {
  res.render(view, locals, (err: Error | null, html?: string) => {
    if (err) {
      req.log?.error({ err, reqId: req.id }, 'error page failed to render');
      res
        .status(500)
        .type('text/plain')
        .send(`${req.t('status.serverError')} (${req.id})`);
      return;
    }
    res.send(html);
  });
}

function asAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; status?: number; statusCode?: number; type?: string };
  if (e?.code === 'EBADCSRFTOKEN') return new AppError(403, 'csrf');
  const status = e?.status ?? e?.statusCode;
  if (status === 413) return new AppError(413, 'upload.size', { max: '1 MB' });
  if (typeof status === 'number' && status >= 400 && status < 500) return new AppError(status, status === 429 ? 'tooMany' : 'invalidValue');
  return fromDbError(err);
}

export { DomainError };
