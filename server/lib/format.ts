import { formatCenti, formatFen } from '../domain/money';

// Times are stored in UTC and shown in Asia/Shanghai.
const dt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const d = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

function parts(f: Intl.DateTimeFormat, v: Date) {
  const o = Object.fromEntries(f.formatToParts(v).map((p) => [p.type, p.value]));
  return o as Record<string, string>;
}

export const fmt = {
  datetime(v: Date | string | null | undefined): string {
    if (!v) return '';
    const p = parts(dt, new Date(v));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  },
  date(v: Date | string | null | undefined): string {
    if (!v) return '';
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
    const p = parts(d, new Date(v));
    return `${p.year}-${p.month}-${p.day}`;
  },
  centi: formatCenti,
  fen: formatFen,
};
