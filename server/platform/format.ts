import { formatCenti, formatFen } from '../kernel/money';

// Times are stored in UTC and shown in Asia/Shanghai.
const dt = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const d = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, v: Date) {
  const o = Object.fromEntries(f.formatToParts(v).map((p) => [p.type, p.value]));
  return o as Record<string, string>;
}

// China has kept UTC+8 without daylight saving since 1991: later instants are formatted by
// arithmetic (a page shows dozens of times; Intl's formatToParts was a visible share of its
// render time), earlier ones through Intl, which knows the 1986–1991 summer time.
const FIXED_FROM = Date.UTC(1992, 0, 1);
const shifted = (v: Date) => new Date(v.getTime() + 8 * 3600 * 1000).toISOString();

export const fmt = {
  datetime(v: Date | string | null | undefined): string {
    if (!v) return '';
    const at = new Date(v);
    if (at.getTime() >= FIXED_FROM) {
      const s = shifted(at);
      return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
    }
    const p = parts(dt, at);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  },
  date(v: Date | string | null | undefined): string {
    if (!v) return '';
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    const at = new Date(v);
    if (at.getTime() >= FIXED_FROM) return shifted(at).slice(0, 10);
    const p = parts(d, at);
    return `${p.year}-${p.month}-${p.day}`;
  },
  centi: formatCenti,
  fen: formatFen,
};
