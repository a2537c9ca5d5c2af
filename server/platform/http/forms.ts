import type { NextFunction, Request, Response } from 'express';
import { AppError, fromDbError } from '../../kernel/errors';
import { errorHelp, translateErrors } from '../messages';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/** When the form's page cannot be shown to this user at all: the refusal alone, on this page (e.g. market/refused). */
export type Refused = { view: string; title: string };

/**
 * A form's POST handler: the one way a page turns a refusal into a response (anything else goes
 * to the error handler). When a rule or a field refuses the input (422), or a repeated click
 * finds the work done (409), the same form is shown again with the user's values kept and each
 * message beside its field. When the page itself cannot be shown to this user (an outsider
 * refused by rule 1 never sees the listing), `refused` shows the refusal alone with the same
 * status — never a 500, and nothing changed.
 */
export function formPost(view: string, locals: (req: Request) => Promise<object> | object, act: Handler, refused?: Refused) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await act(req, res);
    } catch (err) {
      const e = err instanceof AppError ? err : fromDbError(err);
      if (!e || (e.status !== 422 && e.status !== 409)) return next(err);
      const errors = translateErrors(req.t, e);
      try {
        const extra = await locals(req);
        res.status(e.status).render(view, { ...extra, values: req.body ?? {}, errors, errorHelp: errorHelp(e) });
      } catch (inner) {
        if (!refused || !(inner instanceof AppError) || inner.status >= 500) return next(inner);
        res.status(e.status).render(refused.view, { title: req.t(refused.title), messages: Object.values(errors) });
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
