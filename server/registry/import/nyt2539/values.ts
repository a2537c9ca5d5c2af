import type { Cell, TableRow } from '../../../platform/files/table';
import type { MessageKey, Params, Problems } from './messages';

// Reading one row's fields into plain values, reporting each bad value at its table, row and
// field as it is met. Whatever the source (Access, Excel, CSV, dBASE), a value arrives as a
// string, number, boolean or Date; codes must keep every digit.

export const M2_PER_MU = 10_000 / 15;

/** Hundredths of a mu from hundredths of a m²: mu = m² × 15 / 10000, rounded half up. */
export function m2CentiToMuCenti(m2Centi: number): number {
  return Math.round((m2Centi * 15) / 10_000);
}

export function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export class Fields {
  constructor(
    private problems: Problems,
    private table: string,
    private r: TableRow,
    public collective?: string,
  ) {}

  get row(): number {
    return this.r.row;
  }

  problem(field: string | undefined, code: MessageKey, params?: Params): void {
    this.problems.add(this.table, this.r.row, field, code, params, this.collective);
  }

  raw(field: string): Cell {
    return this.r.values[field] ?? null;
  }

  text(field: string, required = false): string | null {
    const v = this.raw(field);
    const s = v === null ? '' : v instanceof Date ? iso(v) : String(v).trim();
    if (!s && required) this.problem(field, 'value.required');
    return s || null;
  }

  /** A code of exactly `digits` digits (null and a problem otherwise). */
  code(field: string, digits: number, required = true): string | null {
    const v = this.raw(field);
    if (typeof v === 'number' && !Number.isSafeInteger(v)) {
      this.problem(field, 'value.lostDigits', { value: String(v) });
      return null;
    }
    const s = this.text(field, required);
    if (s === null) return null;
    if (!new RegExp(`^[0-9]{${digits}}$`).test(s)) {
      this.problem(field, 'value.codeForm', { digits, value: s });
      return null;
    }
    return s;
  }

  /** A value of a code table; the key when the table maps codes to something. */
  choice<T>(field: string, table: Record<string, T>, list: string, required = false): T | null {
    const s = this.text(field, required);
    if (s === null) return null;
    const key = /^\d+$/.test(s) ? String(Number(s)) : s;
    const hit = table[s] ?? table[key] ?? table[key.padStart(2, '0')];
    if (hit === undefined) this.problem(field, 'value.badCode', { value: s, list });
    return hit ?? null;
  }

  /** YYYYMMDD (the standard), YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, or a date cell. */
  date(field: string, required = false): string | null {
    const v = this.raw(field);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : iso(v);
    const s = this.text(field, required);
    if (s === null) return null;
    const m = /^(\d{4})(?:[-/.年]?)(\d{1,2})(?:[-/.月]?)(\d{1,2})日?(?:[ T].*)?$/.exec(s);
    const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
      this.problem(field, 'value.badDate', { value: s });
      return null;
    }
    return iso(d);
  }

  /** A decimal number, in hundredths (areas: m² or mu × 100), rounded half up. */
  centi(field: string, required = false): number | null {
    const v = this.raw(field);
    if (typeof v === 'number') return Number.isFinite(v) ? Math.round(v * 100) : null;
    const s = this.text(field, required);
    if (s === null) return null;
    const t = s.replace(/,/g, '');
    if (!/^-?\d+(\.\d+)?$/.test(t)) {
      this.problem(field, 'value.badNumber', { value: s });
      return null;
    }
    return Math.round(Number(t) * 100);
  }

  int(field: string): number | null {
    const c = this.centi(field);
    return c === null ? null : Math.round(c / 100);
  }
}
