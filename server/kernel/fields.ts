import { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors';
import { MAX_FEN, parseCenti } from './money';

// Field builders for every form and API body. Messages are i18n codes (errors.<code>).
// Free text refuses markup and control characters: nobody's name or address needs them,
// and refusing keeps hostile values out of exports and other systems, not only our pages.

const MARKUP = /[<>]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// Bidi embeddings, overrides and isolates reorder what a reader sees (a name that shows as
// "张三" in one place and its reverse in an export), and zero-width characters make two names
// that look the same differ: neither belongs in a name, an address or a reason.
export const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;

export const text = (max: number) =>
  z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(max, { error: 'tooLong' })
    .refine((s) => !MARKUP.test(s), { error: 'noMarkup' })
    .refine((s) => !INVISIBLE.test(s), { error: 'invisibleChars' });

export const optionalText = (max: number) =>
  z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z
      .string()
      .trim()
      .max(max, { error: 'tooLong' })
      .refine((s) => !MARKUP.test(s), { error: 'noMarkup' })
      .refine((s) => !INVISIBLE.test(s), { error: 'invisibleChars' })
      .optional(),
  );

export const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (iss) => (iss.input === undefined || iss.input === '' ? 'required' : 'invalidChoice') });

export const isoDate = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'invalidDate' })
  .refine(
    (s) => {
      const d = new Date(s + 'T00:00:00Z');
      return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s) && s >= '1900-01-01' && s <= '2200-12-31';
    },
    { error: 'invalidDate' },
  );

export const optionalDate = z.preprocess((v) => (v === '' || v === null ? undefined : v), isoDate.optional());

/** A decimal quantity with up to two places, returned in hundredths (integer). */
export const centi = (maxCenti: number) =>
  z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (s === '') {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    const c = parseCenti(s, Number.MAX_SAFE_INTEGER);
    if (c === null) {
      ctx.addIssue({ code: 'custom', message: 'invalidNumber' });
      return z.NEVER;
    }
    if (c > maxCenti) {
      ctx.addIssue({ code: 'custom', message: 'absurdArea' });
      return z.NEVER;
    }
    return c;
  });

export const optionalCenti = (maxCenti: number) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), centi(maxCenti).optional());

export const positiveInt = (max: number) =>
  z.union([z.string(), z.number()], { error: 'required' }).transform((v, ctx) => {
    const s = String(v).trim();
    if (s === '') {
      ctx.addIssue({ code: 'custom', message: 'required' });
      return z.NEVER;
    }
    if (!/^[0-9]{1,10}$/.test(s) || Number(s) <= 0 || Number(s) > max) {
      ctx.addIssue({ code: 'custom', message: 'invalidInteger' });
      return z.NEVER;
    }
    return Number(s);
  });

export const phone = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .string()
    .trim()
    .regex(/^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/, { error: 'invalidPhone' })
    .optional(),
);

/** Parses input against a schema; throws ValidationError with one code per field. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ValidationError(toFieldErrors(result.error));
}

export function toFieldErrors(error: z.ZodError, prefix = ''): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = prefix + (issue.path.length ? issue.path.map(String).join('.') : '_form');
    if (out[key]) continue;
    const known = /^[a-zA-Z0-9.]+$/.test(issue.message) && !issue.message.includes(' ');
    let code = known ? issue.message : 'invalidValue';
    const params: Record<string, unknown> = {};
    if (issue.code === 'too_big' && code === 'tooLong') params.max = Number((issue as { maximum: number | bigint }).maximum);
    // A custom check names what its message needs (e.g. intRange: min and max).
    if (issue.code === 'custom' && issue.params) Object.assign(params, issue.params);
    if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) code = 'required';
    out[key] = { code, params };
  }
  return out;
}

/**
 * A deposit (保证金, issue 20) typed in yuan with at most two decimals, as a form's text or a JSON
 * number; 0 asks none. Returned in fen; left blank, left out (the setting stays as it is).
 */
export const depositYuan = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .union([z.string(), z.number()])
    .transform((v, ctx) => {
      const s = String(v).trim().replace(/,/g, '');
      if (/^0+(\.0{1,2})?$/.test(s)) return 0;
      const fen = parseCenti(s, MAX_FEN);
      if (fen === null) {
        ctx.addIssue({ code: 'custom', message: 'money.invalidYuan' });
        return z.NEVER;
      }
      return fen;
    })
    .meta({ description: 'Yuan, at most two decimals (a string or a number); 0 asks no deposit.' })
    .optional(),
);
