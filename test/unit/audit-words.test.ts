import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { actionKey, changesOf, TRAIL_ACTIONS } from '../../server/oversight/audit-words';
import { translator } from '../../server/platform/i18n/index';

// Issue 18 item 11: every action the code writes to the trail has its words in both languages.
const ROOT = join(__dirname, '..', '..');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('The trail in words (issue 18 item 11)', () => {
  it('when the code writes an action to the trail, then the action has words in Chinese and English', () => {
    const written = new Set<string>();
    for (const f of files(join(ROOT, 'server'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/action: '([a-z_]+\.[A-Za-z0-9_]+)'/g)) written.add(m[1]);
      // Suspensions write `${what}.suspend` / `${what}.lift` for listings and deals.
      if (/action: `\$\{what\}\.\$\{suspend \? 'suspend' : 'lift'\}`/.test(src))
        for (const w of ['listing', 'deal']) for (const s of ['suspend', 'lift']) written.add(`${w}.${s}`);
    }
    assert.ok(written.size > 40, `only ${written.size} actions found`);
    const unnamed = [...written].filter((a) => !actionKey(a));
    assert.deepEqual(unnamed, [], 'add these to TRAIL_ACTIONS and to trail.action in both languages');
    for (const lang of ['zh-CN', 'en'] as const) {
      const t = translator(lang);
      for (const list of Object.values(TRAIL_ACTIONS))
        for (const a of list) {
          const words = t(`trail.action.${a}`);
          assert.ok(typeof words === 'string' && !words.startsWith('trail.'), `${a} has no words in ${lang}`);
        }
      for (const area of Object.keys(TRAIL_ACTIONS)) assert.ok(!t(`trail.area.${area}`).startsWith('trail.'), `${area} in ${lang}`);
    }
  });

  it('when an entry changes some fields, then only those are listed as before → after; bookkeeping columns are left out', () => {
    assert.deepEqual(changesOf({ id: 'x', version: 1, phone: '1', address: 'a' }, { id: 'x', version: 2, phone: '2', address: 'a' }), [
      { field: 'phone', before: '1', after: '2' },
    ]);
    assert.deepEqual(changesOf(null, { name: '张三', note: null }), [{ field: 'name', before: null, after: '张三' }]);
    assert.deepEqual(changesOf({ status: 'active' }, null), [{ field: 'status', before: 'active', after: null }]);
    assert.equal(changesOf({}, { long: 'x'.repeat(200) })[0].after?.length, 80);
  });
});
