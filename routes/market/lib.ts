import type { NextFunction, Request, Response } from 'express';
import { AppError, fromDbError } from '../../server/kernel/errors';
import { errorHelp, translateErrors } from '../../server/platform/messages';
import { formatFen } from '../../server/kernel/money';
import { fmt } from '../../server/platform/format';
import type { TFunction } from '../../server/platform/i18n/index';

type Handler = (req: Request, res: Response) => Promise<unknown>;

/**
 * A market action (POST). On a refusal (422) or a repeated click (409) the page is shown again
 * with the rule's message and what was typed. When the page itself cannot be shown to this
 * user (an outsider refused by rule 1 never sees the listing), the refusal is shown alone,
 * with the same status — never a 500, and nothing changed.
 */
export function actionPost(view: string, locals: (req: Request) => Promise<object>, act: Handler) {
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
        if (inner instanceof AppError && inner.status < 500) {
          res.status(e.status).render('market/refused', { title: req.t('market.refused'), messages: Object.values(errors) });
          return;
        }
        next(inner);
      }
    }
  };
}

/** A notice's text in the reader's language: kinds of right and prices are translated here. */
export function noticeText(t: TFunction, n: { kind: string; params: unknown }): string {
  const p = { ...(n.params as Record<string, unknown>) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = String(v ?? '');
  if (typeof p.kind === 'string') out.kind = t(`registry.kindShort.${p.kind}`);
  if (typeof p.price === 'number') out.price = formatFen(p.price);
  if (typeof p.ends === 'string') out.ends = fmt.datetime(p.ends);
  return t(`market.notice.${n.kind}`, { ...out, defaultValue: n.kind });
}
