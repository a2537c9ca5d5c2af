// Which law a refusal cites depends on the right it concerns (issue 15 item 4): land cites the
// 农村土地承包法, shares cite the share rules (关于稳步推进农村集体产权制度改革的意见, 农村集体经济组织法).
// A refusal passes basisOf(kind) with its params; the message catalogue then picks the variant
// `<code>_<kind>` where one exists (i18next context) and the plain message otherwise.

/** The i18next context naming the right's kind, for an error's params. */
export function basisOf(kind: 'land' | 'homestead' | 'shares'): { context: 'land' | 'homestead' | 'shares' } {
  return { context: kind };
}
