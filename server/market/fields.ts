import { z } from 'zod';
import { optionalText } from '../kernel/fields';
import { yuanToFen } from '../kernel/money';

// Form fields of the market. Prices are typed in yuan and kept in fen (integers).

/** A price in yuan with at most two decimals, returned in fen; at most 100 million yuan. */
export const priceFen = z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
  const s = String(v).trim();
  if (s === '') {
    ctx.addIssue({ code: 'custom', message: 'required' });
    return z.NEVER;
  }
  const fen = yuanToFen(s);
  if (fen === null || fen > 10_000_000_000) {
    ctx.addIssue({ code: 'custom', message: 'market.invalidPrice' });
    return z.NEVER;
  }
  return fen;
});

/** The shared free-text rule; a reason of spaces only counts as none (null, not ''). */
export const optionalReason = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), optionalText(200));
