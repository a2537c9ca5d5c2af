import { ValidationError, type FieldErrors } from '../kernel/errors';
import { RIGHT_KINDS, type RightKind } from '../../models/rights';
import { shanghaiDate } from '../kernel/clock';

// The dashboard's filters: a period of whole months (Asia/Shanghai) and a right kind.
// Stock figures (households, rights, certificates) are the current state; flows (listings
// started, deals registered, prices) fall in the period. Bad values are refused with a
// message per field, never silently replaced.

export type Filters = {
  from: string; // YYYY-MM
  to: string; // YYYY-MM, inclusive
  kind: RightKind | null;
  fromAt: Date; // start of `from`, Shanghai time
  toAt: Date; // start of the month after `to` (exclusive)
  months: string[];
};

export const MAX_MONTHS = 120;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** This month in Shanghai, as YYYY-MM. */
export function currentMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

export function addMonth(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number);
  const i = y * 12 + (mo - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export function monthStart(m: string): Date {
  return new Date(`${m}-01T00:00:00+08:00`);
}

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length <= MAX_MONTHS; m = addMonth(m, 1)) out.push(m);
  return out;
}

function month(v: unknown, field: string, errors: FieldErrors): string | null {
  if (v === undefined || v === '') return null;
  const s = typeof v === 'string' ? v.trim() : '';
  const m = MONTH.exec(s);
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2100) {
    errors[field] = { code: 'oversight.badMonth' };
    return null;
  }
  return s;
}

/** Parses ?from=YYYY-MM&to=YYYY-MM&kind=…; defaults to the twelve months up to the one `at` falls in, all kinds. */
export function parseFilters(q: Record<string, unknown>, at: Date): Filters {
  const errors: FieldErrors = {};
  const to0 = month(q.to, 'to', errors);
  const from0 = month(q.from, 'from', errors);
  let kind: RightKind | null = null;
  if (q.kind !== undefined && q.kind !== '') {
    if (typeof q.kind === 'string' && (RIGHT_KINDS as readonly string[]).includes(q.kind)) kind = q.kind as RightKind;
    else errors.kind = { code: 'oversight.badKind' };
  }
  const to = to0 ?? (from0 ? addMonth(from0, 11) : currentMonth(at));
  const from = from0 ?? addMonth(to, -11);
  if (!errors.from && !errors.to) {
    if (from > to) errors.to = { code: 'oversight.toBeforeFrom' };
    else if (monthsBetween(from, to).length > MAX_MONTHS) errors.to = { code: 'oversight.periodTooLong', params: { max: MAX_MONTHS } };
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { from, to, kind, fromAt: monthStart(from), toAt: monthStart(addMonth(to, 1)), months: monthsBetween(from, to) };
}

/** A calendar year as a period (the annual report). */
export function yearFilters(year: string, kind: RightKind | null = null): Filters {
  const s = year.trim();
  if (!/^\d{4}$/.test(s) || Number(s) < 2000 || Number(s) > 2100) throw new ValidationError({ year: { code: 'oversight.badYear' } });
  // Both months are named, so no default (and no clock) comes into it.
  return parseFilters({ from: `${s}-01`, to: `${s}-12`, kind: kind ?? '' }, monthStart(`${s}-01`));
}
