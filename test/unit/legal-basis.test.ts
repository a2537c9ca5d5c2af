import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resources } from '../../server/platform/i18n/index';

// Issue 15, "Done when": every rule names its current article in messages, help and README, and
// none rests on the expired seed (韶府办〔2017〕37号, 试行, 有效期三年; with 粤府办〔2017〕24号) alone:
// wherever a text names the seed, it also names national law (a 法 / 条例 or the 2016 central
// opinions), and the homestead area limit cites 广东省土地管理条例 §42, which binds new approvals.

function texts(o: unknown, prefix = ''): [string, string][] {
  if (typeof o === 'string') return [[prefix, o]];
  if (!o || typeof o !== 'object') return [];
  return Object.entries(o).flatMap(([k, v]) => texts(v, prefix ? `${prefix}.${k}` : k));
}

const SEED = /韶府办|粤府办|Shaoguan 2017|Guangdong 2017/;
const NATIONAL = /《[^》]*(法|条例|意见)》|Law|Regulations|Opinions|Civil Code/;

describe('Legal basis: national law first, the seed only as local origin (issue 15)', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`when a ${lang} message, help text or print names the seed measure, then it also names national law`, () => {
      const alone = texts(resources[lang])
        // The help's list of laws has one item for the seed itself, labelled as the local origin.
        .filter(([k, s]) => k !== 'help.law.items.local' && SEED.test(s) && !NATIONAL.test(s))
        .map(([k]) => k);
      assert.deepEqual(alone, []);
    });

    it(`when the ${lang} help lists a rule, then its basis is given and rests on more than the seed`, () => {
      const rules = (resources[lang] as unknown as { help: { rules: Record<string, { basis?: string }> } }).help.rules;
      const bases = Object.entries(rules)
        .filter(([k]) => /^r\d+$/.test(k))
        .map(([k, r]) => [k, r.basis ?? ''] as const);
      assert.ok(bases.length >= 14, 'the help lists rules 1-14');
      assert.deepEqual(
        bases.filter(([, b]) => !b || (SEED.test(b) && !NATIONAL.test(b))).map(([k]) => k),
        [],
      );
    });
  }

  it('when the homestead area limit refuses, then it cites 广东省土地管理条例 §42 (new approvals), in both languages', () => {
    const zh = (resources['zh-CN'] as unknown as { errors: { rule4: { oversize: string } } }).errors.rule4.oversize;
    const en = (resources.en as unknown as { errors: { rule4: { oversize: string } } }).errors.rule4.oversize;
    assert.match(zh, /《广东省土地管理条例》第四十二条/);
    assert.match(en, /Guangdong Land Administration Regulations Art\. 42/);
    assert.doesNotMatch(zh, /粤府办/);
  });

  it('when the README lists the rules, then each of 1-11 names a current article and the seed only as local origin', () => {
    const readme = readFileSync('README.md', 'utf8');
    for (const n of [
      '1 inside',
      '2 voluntary',
      '3 no forced',
      '4 one household',
      '5 the collective',
      '6 exit',
      '7 share cap',
      '10 fair',
      '11 atomic',
    ]) {
      const row = readme.split('\n').find((l) => l.startsWith(`| ${n}`));
      assert.ok(row, `README row for rule ${n}`);
      assert.ok(NATIONAL.test(row) || /农村集体经济组织法|土地管理法|承包法|意见/.test(row), `rule ${n} cites national law`);
      if (SEED.test(row)) assert.match(row, /local origin/);
    }
  });
});
