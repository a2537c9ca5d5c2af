import { formatFen } from '../../kernel/money';
import { fmt } from '../format';
import { translator } from '../i18n/index';

// Message texts live in the i18n files (sms.<template>): plain Chinese first, English second,
// in one message, since a farmer's phone may be read by a relative who reads either.

export type SmsText = { template: string; params: Record<string, unknown>; secret?: Record<string, string> | null };

export function renderSms(m: SmsText, baseUrl: string): string {
  const values = { ...m.params, ...(m.secret ?? {}), url: `${baseUrl}/activate`, home: baseUrl };
  const zh = translator('zh-CN')(`sms.${m.template}`, { ...values, text: noticeWords('zh-CN', m) });
  const en = translator('en')(`sms.${m.template}`, { ...values, text: noticeWords('en', m) });
  return `${zh}\n${en}`;
}

/** A market notice's words (template "notice"), as the notices page shows them (routes/market/lib.ts). */
function noticeWords(lang: 'zh-CN' | 'en', m: SmsText): string {
  if (m.template !== 'notice' || typeof m.params.notice !== 'string') return '';
  const t = translator(lang);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.params)) out[k] = String(v ?? '');
  if (typeof m.params.kind === 'string') out.kind = t(`registry.kindShort.${m.params.kind}`);
  if (typeof m.params.price === 'number') out.price = formatFen(m.params.price);
  if (typeof m.params.ends === 'string') out.ends = fmt.datetime(m.params.ends);
  return t(`market.notice.${m.params.notice}`, { ...out, defaultValue: '' });
}
