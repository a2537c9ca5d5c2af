import assert from 'node:assert/strict';
import { i18nextTranslator, LANGS, resources, shortcut, translator } from '../../server/platform/i18n/index';

// translator() answers the common calls with options (a parcel's area, a member's age, a trail
// action's name with its default) without i18next, for speed (BENCHMARKS.md). A user must never
// see a different text for it: every message of both languages, filled every way the views fill
// them, must read exactly as i18next itself gives it.

function flat(o: object, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]));
}
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))];

describe('Language: the shortcut for messages with values reads exactly as i18next', () => {
  for (const lang of LANGS) {
    it(`when every ${lang} message is filled with words, numbers or a default, then each reads as i18next gives it, and the plain ones skip i18next`, () => {
      const mine = translator(lang);
      const theirs = i18nextTranslator(lang);
      let taken = 0;
      const differ: string[] = [];
      for (const [key, text] of flat(resources[lang])) {
        if (typeof text !== 'string') continue;
        const vars = placeholders(text);
        const fills: Record<string, unknown>[] = [
          Object.fromEntries(vars.map((v, i) => [v, i % 2 ? 12.5 : '龙岗 Ab'])),
          Object.fromEntries(vars.map((v) => [v, 0])),
          { ...Object.fromEntries(vars.map((v) => [v, '三组'])), defaultValue: 'unused' },
        ];
        for (const o of fills) {
          if (shortcut(lang, key, o) !== undefined) taken++;
          const a = mine(key, o as never);
          const b = theirs(key, o as never);
          if (a !== b) differ.push(`${key} ${JSON.stringify(o)}: ${a} ≠ ${b}`);
        }
      }
      assert.deepEqual(differ, []);
      // The messages the household page fills on every view do go the short way.
      assert.ok(taken > 1000, `the shortcut answered ${taken} calls`);
      assert.equal(shortcut(lang, 'registry.member.ageYears', { age: 34 }), theirs('registry.member.ageYears', { age: 34 }));
      assert.equal(shortcut(lang, 'maps.sketch.areaMu', { area: '1.25' }), theirs('maps.sketch.areaMu', { area: '1.25' }));
    });

    it(`when a ${lang} key is missing, a value could read as syntax, or an option means more than a value, then i18next answers, as before`, () => {
      const mine = translator(lang);
      const theirs = i18nextTranslator(lang);
      const cases: [string, Record<string, unknown>][] = [
        ['market.action.no_such_action', { defaultValue: 'household.split' }],
        ['market.action.no_such_action', { defaultValue: '第 {{n}} 户', n: 3 }],
        ['market.action.no_such_action', {}],
        ['registry.member.ageYears', {}],
        ['registry.member.ageYears', { age: undefined }],
        ['registry.member.ageYears', { age: null }],
        ['registry.member.ageYears', { age: { years: 3 } }],
        ['registry.member.ageYears', { age: '$&$1' }],
        ['registry.member.ageYears', { age: '{{age}}' }],
        ['registry.member.ageYears', { age: 3, count: 3 }],
        ['registry.member.ageYears', { age: 3, lng: lang === 'en' ? 'zh-CN' : 'en' }],
        ['registry.member', { defaultValue: 'x' }],
        ['translation:registry.member.ageYears', { age: 3 }],
      ];
      for (const [key, o] of cases) assert.equal(mine(key, o as never), theirs(key, o as never), `${key} ${JSON.stringify(o)}`);
      // The first and the second go the short way; the rest are left to i18next.
      assert.equal(shortcut(lang, cases[0][0], cases[0][1]), 'household.split');
      assert.equal(shortcut(lang, cases[1][0], cases[1][1]), '第 3 户');
      for (const [key, o] of cases.slice(2)) assert.equal(shortcut(lang, key, o), undefined, `${key} ${JSON.stringify(o)}`);
    });
  }
});
