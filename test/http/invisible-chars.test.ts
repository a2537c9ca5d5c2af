import assert from 'node:assert/strict';
import { count } from 'drizzle-orm';
import { households, members } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { text } from '../../server/kernel/fields';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { householdCode, idNumber } from '../helpers/factories';
import { officerSession, postForm, testApp } from '../helpers/http';
import { csvFile, finished, householdCsvRows, upload } from '../helpers/import-files';

// Characters nobody can see: bidi embeddings, overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) make a name read differently from what is stored ("\u202e" turns
// "txt.exe" around), and zero-width characters (U+200B–U+200D, U+2060, U+FEFF) make two names
// that look the same differ, so a duplicate slips past a search. The shared text rules
// (server/kernel/fields.ts) refuse them in every free-text field, on forms and in imports.

const BIDI = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];

describe('Invisible characters (bidi controls, zero-width) are refused in names, addresses and other free text', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when any bidi control or zero-width character is inside a text, then the text rule refuses it; ordinary Chinese and English text passes', () => {
    for (const ch of [...BIDI, ...ZERO_WIDTH]) {
      const r = text(40).safeParse(`王${ch}大山`);
      assert.equal(r.success, false, `U+${ch.codePointAt(0)!.toString(16).toUpperCase()}`);
      assert.equal(r.error!.issues[0].message, 'invisibleChars');
    }
    for (const ok of ['王大山', '欧阳·娜娜', 'Li Jianguo', '石桥头 8 号（东）', '𠀀𪚥'])
      assert.equal(text(40).safeParse(ok).success, true, ok);
  });

  it('when an officer types a name with a right-to-left override or an address with a zero-width space, then the form comes back with 422, says why, and nothing is stored', async () => {
    const { c, agent } = await officerSession(app, h.db);
    for (const [field, value] of [
      ['members[0][name]', '王\u202e山大'],
      ['address', '石桥\u200b头 8 号'],
      ['members[0][name]', '王\u2066大山\u2069'],
    ]) {
      const before = await fingerprint(h.db);
      const res = await postForm(agent, '/households', {
        code: householdCode(c),
        address: '石桥头 8 号',
        'members[0][name]': '王大山',
        'members[0][idNumber]': idNumber(),
        'members[0][relation]': 'head',
        [field]: value,
      });
      assert.equal(res.status, 422, field);
      assert.match(res.text, /不能包含不可见字符（零宽字符或改变文字方向的控制字符）/);
      assert.deepEqual(changedTables(before, await fingerprint(h.db)), [], `${field}: nothing stored`);
    }
    await agent.get('/lang/en?back=/').expect(302);
    const res = await postForm(agent, '/households', {
      code: householdCode(c),
      'members[0][name]': '王\ufeff大山',
      'members[0][idNumber]': idNumber(),
      'members[0][relation]': 'head',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /Must not contain invisible characters/);
  });

  it('when an import file has a name with a bidi override, then the row is refused with the same message and nothing is written', async () => {
    const { prefix, agent } = await officerSession(app, h.db);
    const { rows } = householdCsvRows(prefix);
    rows[0] = { ...rows[0], 姓名: '户\u202e主' };
    const n = async () => [
      (await h.db.select({ n: count() }).from(households))[0].n,
      (await h.db.select({ n: count() }).from(members))[0].n,
    ];
    const before = await n();
    const res = await upload(agent, 'bidi.csv', csvFile(rows));
    assert.equal(res.status, 303);
    const page = await finished(agent, res.headers.location);
    assert.ok(page.includes('不能包含不可见字符'), 'the report names the refusal');
    assert.deepEqual(await n(), before);
  });
});
