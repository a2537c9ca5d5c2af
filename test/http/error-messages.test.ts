import assert from 'node:assert/strict';
import { count } from 'drizzle-orm';
import { households } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, makeCollective, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

// Issue 18 item 12: a refusal says what is wrong, whole, and only that.
describe('Whole error messages on the household form (issue 18 item 12)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function officer() {
    const c = await makeCollective(h.db);
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    return { c, agent: await loginAs(app, user.username) };
  }
  const households_ = async () => (await h.db.select({ n: count() }).from(households))[0].n;

  it('when the head’s ID number has a wrong check digit, then the form says so and does not also claim there is no head (GB 11643)', async () => {
    const { c, agent } = await officer();
    const before = await households_();
    const good = idNumber('1972-03-04');
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await postForm(agent, '/households', {
      code: householdCode(c),
      'members[0][name]': '李伟强',
      'members[0][idNumber]': wrong,
      'members[0][relation]': 'head',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /身份证号码无效/);
    assert.doesNotMatch(res.text, /每户须有且只有一名户主/);
    assert.doesNotMatch(res.text, /{{\s*\w+\s*}}/);
    assert.equal(await households_(), before);
  });

  it('when two members share an ID number, then the second names the first member’s row, and nothing is stored (rule 13)', async () => {
    const { c, agent } = await officer();
    const before = await households_();
    const id = idNumber('1975-01-02');
    const res = await postForm(agent, '/households', {
      code: householdCode(c),
      'members[0][name]': '李伟强',
      'members[0][idNumber]': idNumber('1970-01-01'),
      'members[0][relation]': 'head',
      'members[1][name]': '李二',
      'members[1][idNumber]': id,
      'members[1][relation]': 'child',
      'members[2][name]': '李三',
      'members[2][idNumber]': id,
      'members[2][relation]': 'child',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /与第 2 名成员的身份证号码相同/);
    assert.equal(await households_(), before);
  });

  it('when the household code is too short, then the message is whole (no {{prefix}}) in both languages', async () => {
    const { agent } = await officer();
    for (const lang of ['zh-CN', 'en']) {
      await agent.get(`/lang/${lang}`).expect(302);
      const res = await postForm(agent, '/households', {
        code: '4402',
        'members[0][name]': '李伟强',
        'members[0][idNumber]': idNumber('1970-01-01'),
        'members[0][relation]': 'head',
      });
      assert.equal(res.status, 422);
      assert.doesNotMatch(res.text, /{{\s*\w+\s*}}/);
      assert.match(res.text, lang === 'en' ? /The household code has 18 digits/ : /承包方编码须为 18 位数字/);
    }
  });
});
