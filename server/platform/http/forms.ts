import type { NextFunction, Request, Response } from 'express';
import { AppError, fromDbError } from '../../kernel/errors';
import { errorHelp, translateErrors } from '../messages';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * A form's POST handler. When a rule or a field refuses the input, the same form is shown
 * again with status 422, the user's values kept and each message beside its field.
 */
export function formPost(view: string, locals: (req: Request) => Promise<object> | object, act: Handler) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await act(req, res);
    } catch (err) {
      const e = err instanceof AppError ? err : fromDbError(err);
      if (!e || (e.status !== 422 && e.status !== 409)) return next(err);
      try {
        const extra = await locals(req);
        res.status(e.status).render(view, { ...extra, values: req.body ?? {}, errors: translateErrors(req.t, e), errorHelp: errorHelp(e) });
      } catch (inner) {
        next(inner);
      }
    }
  };
}

/** Form arrays may arrive as arrays or, past qs's array limit, as objects keyed by index. */
export function asList(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter((x) => x && typeof x === 'object');
  if (v && typeof v === 'object')
    return Object.keys(v)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (v as Record<string, unknown>)[k])
      .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object');
  return [];
}

/** Drops rows the user left entirely empty (spare rows on a form). */
export function filled(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.filter((r) =>
    Object.entries(r).some(
      ([k, v]) => k !== 'relation' && k !== 'landClass' && k !== 'hukouStatus' && typeof v === 'string' && v.trim() !== '',
    ),
  );
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function pageNumber(v: unknown): number {
  const n = Number(typeof v === 'string' ? v : 1);
  return Number.isInteger(n) && n > 0 && n < 1_000_000 ? n : 1;
}
