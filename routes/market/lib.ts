import { formatFen } from '../../server/kernel/money';
import { fmt } from '../../server/platform/format';
import type { TFunction } from '../../server/platform/i18n/index';

/** Market actions whose page an outsider may not see answer with the refusal alone (formPost). */
export const MARKET_REFUSED = { view: 'market/refused', title: 'market.refused' };

/** A notice's text in the reader's language: kinds of right and prices are translated here. */
export function noticeText(t: TFunction, n: { kind: string; params: unknown }): string {
  const p = { ...(n.params as Record<string, unknown>) };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) out[k] = String(v ?? '');
  if (typeof p.kind === 'string') out.kind = t(`registry.kindShort.${p.kind}`);
  if (typeof p.price === 'number') out.price = formatFen(p.price);
  if (typeof p.ends === 'string') out.ends = fmt.datetime(p.ends);
  return t(`market.notice.${n.kind}`, { ...out, defaultValue: n.kind });
}
