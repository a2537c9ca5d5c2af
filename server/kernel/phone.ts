import { z } from 'zod';

// Mainland China mobile numbers: 11 digits starting 13–19. Typed with spaces, dashes or a
// +86 / 0086 prefix (as people copy them from their phones); stored as the bare 11 digits.

const MOBILE = /^1[3-9][0-9]{9}$/;

/** The bare 11 digits of a mainland mobile number, or null when it is not one. */
export function normalizeMobile(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const s = input.replace(/[\s\-()（）]/g, '').replace(/^(\+86|0086)/, '');
  return MOBILE.test(s) ? s : null;
}

/** 138****1234: what pages, slips, the trail and logs may show of a number. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** An optional mobile number field: empty is none, anything else must be a mainland mobile number. */
export const optionalMobile = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .unknown()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === null) return null;
      const n = normalizeMobile(v);
      if (!n) {
        ctx.addIssue({ code: 'custom', message: 'invalidMobile' });
        return z.NEVER;
      }
      return n;
    }),
);
