import { translator } from '../i18n/index';

// Message texts live in the i18n files (sms.<template>): plain Chinese first, English second,
// in one message, since a farmer's phone may be read by a relative who reads either.

export type SmsText = { template: string; params: Record<string, unknown>; secret?: Record<string, string> | null };

export function renderSms(m: SmsText, baseUrl: string): string {
  const values = { ...m.params, ...(m.secret ?? {}), url: `${baseUrl}/activate` };
  const zh = translator('zh-CN')(`sms.${m.template}`, values);
  const en = translator('en')(`sms.${m.template}`, values);
  return `${zh}\n${en}`;
}
