import assert from 'node:assert/strict';
import { RIGHT_STATUSES } from '../../models/statuses';
import { resources, translator } from '../../server/platform/i18n/index';

// Issue 18, item 17: a status never shows as its code inside a sentence (当前状态为“listed”):
// every message that names a status says it in words, in both languages.

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('Status words (issue 18 item 17)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`when a right's status refuses a step, then the message says the status in words (${lang})`, () => {
      const t = translator(lang);
      for (const status of RIGHT_STATUSES) {
        const text = String(t('errors.rightNotActive', { status }));
        const word = String(t(`registry.status.${status}`));
        assert.ok(text.includes(word), `${text} names ${word}`);
        assert.doesNotMatch(text, new RegExp(`["“]${status}["”]`));
        assert.doesNotMatch(text, /\$t\(|{{/);
      }
    });
  }

  it('when a refusal or a notice has a status placeholder, then it is spelt out through a word list, never shown raw', () => {
    const at = (o: unknown, key: string): unknown => key.split('.').reduce((a, p) => (a as Record<string, unknown>)[p], o);
    for (const lang of ['zh-CN', 'en'] as const) {
      const raw = keys(resources[lang]).filter(
        (k) => /^(errors|market\.notice)\./.test(k) && /(?<!\$t\([\w.]*){{\s*(status|state)\s*}}/.test(String(at(resources[lang], k))),
      );
      assert.deepEqual(raw, [], `${lang}: messages showing a raw status`);
    }
  });
});
