import type { NextFunction, Request, Response } from 'express';
import { AppError, DomainError, fromDbError, ValidationError } from '../../server/kernel/errors';
import { isDbUnavailable } from '../../server/platform/db-health';
import { translateErrors } from '../../server/platform/messages';

/** A refusal of the API layer itself (authentication, body format); its message is api.errors.<code>. */
export class ApiProblem extends AppError {}

export const BODY_LIMIT = '1mb';
export const WRITE_METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'];

/**
 * Every /api error as `{ error: { code, message, fields?, requestId? } }` in the caller's
 * language. Kept apart from the pages' handler so that the body always has the shape that
 * the OpenAPI document's Error schema promises, whatever failed.
 */
export function apiErrorHandler(err: unknown, req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (isDbUnavailable(err)) {
    // The database cannot serve now: the caller should retry, not report a bug.
    req.log?.warn({ err, reqId: req.id }, 'database unavailable');
    res
      .status(503)
      .set('Retry-After', '30')
      .json({ error: { code: 'unavailable', message: req.t('errors.unavailable'), requestId: String(req.id) } });
    return;
  }
  const known = asKnown(err);
  if (!known) {
    req.log?.error({ err, reqId: req.id }, 'unexpected API error');
    res.status(500).json({ error: { code: 'internal', message: req.t('api.errors.internal'), requestId: String(req.id) } });
    return;
  }
  if (known.status === 401)
    res.set('WWW-Authenticate', known.params.invalid ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"');
  if (known instanceof ApiProblem) {
    res
      .status(known.status)
      .json({ error: { code: known.code, message: req.t(`api.errors.${known.code}`, known.params as Record<string, string>) } });
    return;
  }
  const messages = translateErrors(req.t, known);
  const withFields = known instanceof ValidationError || (known instanceof DomainError && !!known.field);
  const message =
    known instanceof ValidationError
      ? (messages._form ?? req.t('errors.validation'))
      : (messages[(known as DomainError).field ?? '_form'] ?? messages._form ?? req.t(`errors.${known.code}`));
  res.status(known.status).json({ error: { code: known.code, message, ...(withFields ? { fields: messages } : {}) } });
}

/** body-parser's errors carry a `type`; anything else 4xx becomes a plain bad request. */
function asKnown(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  const e = err as { type?: string; status?: number; statusCode?: number };
  switch (e?.type) {
    case 'entity.parse.failed':
      return new ApiProblem(400, 'malformedJson');
    case 'entity.too.large':
      return new ApiProblem(413, 'tooLarge', { max: '1 MB' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiProblem(415, 'unsupportedMediaType');
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiProblem(400, 'badRequest');
  return fromDbError(err);
}

/** Bodies are JSON objects; a form post or a bare array is refused before any use case runs. */
export function requireJsonObject(req: Request, _res: Response, next: NextFunction): void {
  if (!WRITE_METHODS.includes(req.method)) return next();
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) return next(new ApiProblem(415, 'unsupportedMediaType'));
  if (req.body === undefined) req.body = {};
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) return next(new ApiProblem(400, 'bodyNotObject'));
  next();
}

export function apiNotFound(_req: Request, _res: Response, next: NextFunction): void {
  next(new ApiProblem(404, 'notFound'));
}
