import assert from 'node:assert/strict';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { idNumber, makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, testApp } from '../helpers/http';

// Searching a register of Chinese names (issue 19 item 2; rule 12: an officer searches the own
// collective only). Most names are two or three characters: a given name of two characters is
// found anywhere in a name (index of two-character pieces), a single character is a surname
// (from the start), three or more anywhere (trigrams).
describe('Name search for Chinese names', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when an officer searches a two-character given name, then households whose head or member bears it anywhere in the name are listed, of the own collective only (rule 12)', async () => {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const agent = await loginAs(app, user.username);
    await makeHousehold(h.db, actor, c, { members: [{ name: '王小明', idNumber: idNumber(), relation: 'head' }] });
    await makeHousehold(h.db, actor, c, {
      members: [
        { name: '李大山', idNumber: idNumber(), relation: 'head' },
        { name: '李小明', idNumber: idNumber(), relation: 'child' },
      ],
    });
    await makeHousehold(h.db, actor, c, { members: [{ name: '小明华', idNumber: idNumber(), relation: 'head' }] });
    await makeHousehold(h.db, actor, c, { members: [{ name: '张明小', idNumber: idNumber(), relation: 'head' }] });
    await makeHousehold(h.db, actor, c, { members: [{ name: 'Amy Xiao', idNumber: idNumber(), relation: 'head' }] });
    const other = await makeCollective(h.db, { regionCode: c.regionCode, groupCode: '98' });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    await makeHousehold(h.db, otherOfficer, other, { members: [{ name: '赵小明', idNumber: idNumber(), relation: 'head' }] });

    const page = (await agent.get(`/households?q=${encodeURIComponent('小明')}`).expect(200)).text;
    assert.match(page, /王小明/);
    assert.match(page, /李大山/, "a member's given name finds the household (its head is listed)");
    assert.match(page, /小明华/);
    assert.doesNotMatch(page, /张明小/, 'the two characters in this order only');
    assert.doesNotMatch(page, /赵小明/, 'another collective stays out of reach');
    assert.match(page, /（3 条）/);

    const surname = (await agent.get(`/households?q=${encodeURIComponent('王')}`).expect(200)).text;
    assert.match(surname, /王小明/);
    assert.doesNotMatch(surname, /李大山|小明华|张明小/, 'one character is a surname: from the start only');
    assert.match((await agent.get(`/households?q=${encodeURIComponent('XI')}`).expect(200)).text, /Amy Xiao/, 'in any letter case');
    assert.match((await agent.get(`/households?q=${encodeURIComponent('明华')}`).expect(200)).text, /小明华/);
  });
});
