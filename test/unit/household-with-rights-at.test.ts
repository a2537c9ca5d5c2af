import assert from 'node:assert/strict';
import type { Handle } from '../../server/platform/db';
import { householdWithRights } from '../../server/registry/household-page';
import { freshDb } from '../helpers/db';
import { idNumber, makeCollective, makeHousehold, makeUser } from '../helpers/factories';

// Use cases take the moment they act at from the caller (the app's clock), never the machine's
// (issue 19 item 3): the API's household shows each member's age on that day.
describe('The API household read at the caller’s moment', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  it('when a member turns 18 between two moments, then the household read at each shows the age on that day', async () => {
    const c = await makeCollective(h.db);
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c, {
      members: [
        { name: '测试户主', idNumber: idNumber(), relation: 'head' },
        { name: '测试女儿', idNumber: idNumber('2008-06-01', 'F'), relation: 'child' },
      ],
    });
    const age = async (at: Date) =>
      (await householdWithRights(h.db, actor, hh.id, 'api.household', at)).members.find((m) => m.name === '测试女儿')?.age;
    assert.equal(await age(new Date('2026-05-31T04:00:00Z')), 17);
    assert.equal(await age(new Date('2026-06-01T04:00:00Z')), 18);
  });
});
