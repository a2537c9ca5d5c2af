import { z } from 'zod';
import { optionalText } from '../kernel/fields';
import { isUuid } from '../kernel/ids';
import { MAX_FEN, yuanToFen } from '../kernel/money';

// Fields of the market's commands (commands.ts). Money is typed in yuan on the web pages and
// sent in integer fen through the API; either way the command holds fen.

/**
 * A field whose value is checked by `check` (its error codes are the house's) and documented for
 * API clients as `doc`. A missing key is 'required' unless the field may be left out (`mayMiss`).
 */
function field<T>(check: (v: unknown, ctx: z.RefinementCtx) => T, doc: Record<string, unknown>, mayMiss = false) {
  return (mayMiss ? z.unknown().optional() : z.unknown()).transform((v, ctx) => check(v, ctx)).meta(doc);
}

const issue = (ctx: z.RefinementCtx, message: string, params?: Record<string, unknown>) => {
  ctx.addIssue({ code: 'custom', message, ...(params ? { params } : {}) });
  return z.NEVER;
};

const absent = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** A price typed in yuan with at most two decimals, returned in fen; at most MAX_FEN (1 亿元). */
export const yuanPrice = field(
  (v, ctx) => {
    if (absent(v) || (typeof v !== 'string' && typeof v !== 'number')) return issue(ctx, 'required');
    const fen = yuanToFen(String(v));
    return fen === null || fen > MAX_FEN ? issue(ctx, 'market.invalidPrice') : fen;
  },
  { type: 'string', description: 'Yuan, at most two decimals.' },
);

/** A price sent in fen: a whole number from 1 to MAX_FEN. */
export const fenAmount = field(
  (v, ctx) => {
    if (v === undefined || v === null) return issue(ctx, 'required');
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1 || v > MAX_FEN) return issue(ctx, 'intRange', { min: 1, max: MAX_FEN });
    return v;
  },
  { type: 'integer', minimum: 1, maximum: MAX_FEN, description: 'Money in fen (1 yuan = 100 fen), an integer.' },
);

/** A number of shares: a whole number of at most nine digits, as typed or as a JSON integer; absent is null. */
export const shareCount = field(
  (v, ctx) => {
    if (absent(v)) return null;
    const s = typeof v === 'number' || typeof v === 'string' ? String(v).trim() : '';
    return /^[0-9]{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : issue(ctx, 'invalidInteger');
  },
  { type: ['integer', 'string'], description: 'Shares: how many, at most those held.' },
  true,
);

/** The field, or undefined when left empty (a blank input, a JSON null). */
export const optional = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (absent(v) ? undefined : v), schema.optional());

/** A record id the sender picked (an offer, a member): malformed is a field error, the URL being right. */
export const recordId = field(
  (v, ctx) => {
    if (v === undefined || v === null || v === '') return issue(ctx, 'required');
    return isUuid(v) ? v : issue(ctx, 'invalidValue');
  },
  { type: 'string', format: 'uuid' },
);

/** Web checkboxes: absent, one value or several, as a list of ids (each checked by the use case). */
export const idList = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()),
);

/** The shared free-text rule; a reason of spaces only counts as none (null, not ''). */
export const optionalReason = z
  .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), optionalText(200))
  .transform((v) => v ?? null);
