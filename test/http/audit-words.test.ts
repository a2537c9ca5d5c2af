import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, makeCollective, makeUser, VILLAGE_A, VILLAGE_B } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

// Issue 18 item 11: the trail speaks Chinese. The bureau reads who did what to which household
// in words, the changes as "field: before → after", filters by pickers, and the raw entry only
// behind a details toggle (the trail itself is unchanged: 《数据安全法》第二十七条, records kept whole).
describe('The trail in words (issue 18 item 11)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when an officer registers and edits a household, then the bureau reads the actions, the household and the changes in words, with the raw entry behind a toggle', async () => {
    const c = await makeCollective(h.db, { regionCode: VILLAGE_A });
    const elsewhere = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const officer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: c.id })).user.username);
    const code = householdCode(c);
    const created = await postForm(officer, '/households', {
      code,
      phone: '13800000001',
      hukouStatus: 'rural',
      'members[0][name]': '黄伟强',
      'members[0][idNumber]': idNumber('1971-02-03'),
      'members[0][relation]': 'head',
    });
    assert.equal(created.status, 302);
    const [hh] = await h.db.select().from(households).where(eq(households.code, code));
    const edited = await postForm(officer, `/households/${hh.id}`, {
      phone: '13900000002',
      hukouStatus: 'rural',
      reason: '户主更换手机号码',
    });
    assert.equal(edited.status, 302);

    const bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440205' })).user.username);
    const page = await bureau.get(`/oversight/audit?collective=${c.id}`).expect(200);
    assert.match(page.text, /<strong>登记农户<\/strong>/);
    assert.match(page.text, /<strong>修改农户信息<\/strong>/);
    assert.match(page.text, new RegExp(`黄伟强户（${code}）`), 'the household is named, not only linked');
    assert.match(page.text, new RegExp(`>${c.name} ${c.regionCode}`), 'each entry names its collective (looked up per entry, not joined)');
    assert.match(page.text, /电话：<del>13800000001<\/del> → <ins>13900000002<\/ins>/, 'the change as field: before → after');
    assert.match(page.text, /户主更换手机号码/);
    // The raw entry stays, behind a toggle.
    assert.match(page.text, /<details class="raw"><summary>详情（原始记录/);
    assert.match(page.text, /&#34;phone&#34;: &#34;13900000002&#34;/);
    // Pickers: the collectives and regions in the bureau's county, and the actions in words.
    assert.match(page.text, new RegExp(`<option value="${c.id}" selected>${c.name}</option>`));
    assert.doesNotMatch(page.text, new RegExp(elsewhere.name), 'no collective of another county is offered');
    assert.match(page.text, /<option value="household.update">修改农户信息<\/option>/);
    assert.match(page.text, /<option value="listing">全部挂牌操作<\/option>/);

    // The action picker's value filters: only the edit.
    const onlyEdits = await bureau.get(`/oversight/audit?collective=${c.id}&action=household.update`).expect(200);
    assert.match(onlyEdits.text, /<strong>修改农户信息<\/strong>/);
    assert.doesNotMatch(onlyEdits.text, /<strong>登记农户<\/strong>/);

    // English readers get English words.
    await bureau.get('/lang/en').expect(302);
    const en = await bureau.get(`/oversight/audit?collective=${c.id}`).expect(200);
    assert.match(en.text, /<strong>Household changed<\/strong>/);
    assert.match(en.text, /Phone：<del>13800000001<\/del>/);
  });
});
