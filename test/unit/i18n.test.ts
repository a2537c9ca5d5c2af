import assert from 'node:assert/strict';
import { resources } from '../../server/platform/i18n/index';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('Language', () => {
  it('when a message exists in Chinese, then it exists in English too, and the other way round', () => {
    const zh = new Set(keys(resources['zh-CN']));
    const en = new Set(keys(resources.en));
    assert.deepEqual(
      [...zh].filter((k) => !en.has(k)),
      [],
      'missing in English',
    );
    assert.deepEqual(
      [...en].filter((k) => !zh.has(k)),
      [],
      'missing in Chinese',
    );
  });

  it('when a message has placeholders, then both languages use the same ones', () => {
    const at = (o: unknown, key: string): unknown => key.split('.').reduce((a, p) => (a as Record<string, unknown>)[p], o);
    const flat = (o: object) => Object.fromEntries(keys(o).map((k) => [k, String(at(o, k))]));
    const zh = flat(resources['zh-CN']);
    const en = flat(resources.en);
    const ph = (s: string) => (String(s).match(/{{\s*\w+\s*}}/g) ?? []).sort().join(',');
    const differ = Object.keys(zh).filter((k) => k in en && ph(zh[k]) !== ph(en[k]));
    assert.deepEqual(differ, []);
  });
});
