import { z } from 'zod';
import { RIGHT_KINDS } from '../../models/rights';
import { choice, text } from '../kernel/fields';
import { yuanToFen } from '../kernel/money';

// The oversight use cases' commands, and the schemas that turn the bureau's forms into them.
// A route parses a form with these (server/kernel/commands.ts) and hands the result to the use
// case, which checks who may act before it takes the command. Messages are i18n codes, keyed to
// the field the user typed in.

/** Suspending or lifting: the reason, stated to the seller and the officers. */
export const reasonCommand = z.object({ reason: text(300) });
export type ReasonCommand = z.output<typeof reasonCommand>;

/** What the bureau did about an alert. */
export const ackCommand = z.object({ note: text(500) });
export type AckCommand = z.output<typeof ackCommand>;

const regionCode = z.string({ error: 'required' }).trim().min(1, { error: 'required' });

/** A whole number from a form (text) or from code (a number), within [min, max]; else `code`. */
const whole = (min: number, max: number, code: string) =>
  z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (!/^[0-9]{1,13}$/.test(s) || Number(s) < min || Number(s) > max) {
      ctx.addIssue({ code: 'custom', message: code });
      return z.NEVER;
    }
    return Number(s);
  });

/** Below this share of the reference price a registered deal raises an alert; 70% unless set. */
const alertPercent = z.preprocess((v) => (v === undefined || v === '' ? 70 : v), whole(1, 100, 'oversight.badPercent'));

/** Rule 10: a reference price for a region and right kind, in fen per mu, per m² or per share. */
export const priceCommand = z.object({
  region: regionCode,
  kind: choice(RIGHT_KINDS),
  unitPriceFen: whole(1, 1e12, 'invalidNumber'),
  alertPercent,
});
export type PriceCommand = z.output<typeof priceCommand>;

/** The price form: the unit price in yuan, as people type it. */
export const priceForm = z
  .object({
    region: regionCode,
    kind: choice(RIGHT_KINDS),
    unitPrice: z
      .string({ error: 'required' })
      .trim()
      .min(1, { error: 'required' })
      .transform((s, ctx) => {
        const fen = yuanToFen(s);
        if (fen !== null) return fen;
        ctx.addIssue({ code: 'custom', message: 'invalidNumber' });
        return z.NEVER;
      }),
    alertPercent: z.preprocess(
      (v) => (v === undefined || v === '' ? '70' : v),
      z
        .string({ error: 'invalidInteger' })
        .trim()
        .regex(/^[0-9]{1,3}$/, { error: 'oversight.badPercent' })
        .transform(Number)
        .refine((n) => n >= 1 && n <= 100, { error: 'oversight.badPercent' }),
    ),
  })
  .transform(({ unitPrice, ...v }): PriceCommand => ({ ...v, unitPriceFen: unitPrice }));

const count = (max: number) => whole(1, max, 'oversight.badCount');

/** The alert thresholds of a region (the same from the form and from code). */
export const settingsCommand = z.object({
  region: regionCode,
  maxPurchases: count(1000),
  settlementDays: count(3650),
  maxRejections: count(1000),
  maxWithdrawals: count(1000),
});
export type SettingsCommand = z.output<typeof settingsCommand>;

/** The annual report: a calendar year and a place (the actor's own region when none is named). */
export const reportCommand = z.object({
  year: z.union([z.string(), z.number()], { error: 'oversight.badYear' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (/^\d{4}$/.test(s) && Number(s) >= 2000 && Number(s) <= 2100) return s;
    ctx.addIssue({ code: 'custom', message: 'oversight.badYear' });
    return z.NEVER;
  }),
  region: z.string().optional(),
  collective: z.string().optional(),
});
export type ReportCommand = z.output<typeof reportCommand>;
