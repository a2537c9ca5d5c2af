// Money is kept in fen (integer); areas in hundredths of their unit (integer).

/** The largest amount the app takes, in fen: 1 亿元 (a price, a compensation, an offer). */
export const MAX_FEN = 10_000_000_000;

/** Parses "1234.5" yuan into fen; null if not a positive amount with at most two decimals. */
export function yuanToFen(raw: string): number | null {
  return parseCenti(raw, 1e12);
}

/** Parses a decimal with at most two places into hundredths (mu or m²). */
export function parseCenti(raw: string, max = 1e9): number | null {
  const s = String(raw ?? '')
    .trim()
    .replace(/,/g, '');
  if (!/^[0-9]{1,12}(\.[0-9]{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const value = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (!Number.isSafeInteger(value) || value <= 0 || value > max) return null;
  return value;
}

export function formatCenti(v: number | null | undefined): string {
  if (v == null) return '';
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export function formatFen(v: number | null | undefined): string {
  if (v == null) return '';
  const yuan = formatCenti(v);
  const [w, f] = yuan.split('.');
  return `${w.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${f}`;
}
