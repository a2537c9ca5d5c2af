import assert from 'node:assert/strict';
import type { Express } from 'express';
import { collectives } from '../../models/regions';
import type { Handle } from '../../server/platform/db';
import { makeCollectiveCode } from '../../server/demo/id-gen';
import { PICKER_MAX } from '../../server/kernel/pickers';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser, VILLAGE_A, VILLAGE_B } from '../helpers/factories';
import { loginAs, testApp, type Agent } from '../helpers/http';

// A city bureau with more collectives than a picker lists (issue 19): the household list and the
// audit search say how to narrow instead of listing a cut-off part; once a township is chosen,
// the audit search lists that township's collectives.
describe("Collective pickers on a city bureau's pages", function () {
  this.timeout(120_000);
  let h: Handle;
  let app: Express;
  let city: Agent;
  let named: string;

  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    const one = await makeCollective(h.db, { regionCode: VILLAGE_A, groupCode: '01', name: '龙岗村一组' });
    named = one.name;
    // The rest in one statement: more than a picker lists, in another county of the city.
    await h.db.insert(collectives).values(
      Array.from({ length: PICKER_MAX }, (_, i) => ({
        regionCode: VILLAGE_B,
        groupCode: String(i % 100).padStart(2, '0'),
        name: `沐溪村合作社${i}`,
        registrationCode: makeCollectiveCode('440203', 700000 + i),
        totalShares: 100,
      })),
    );
    const u = await makeUser(h.db, 'bureau', { regionCode: '440200' });
    city = await loginAs(app, u.user.username);
  });
  after(async () => h.close());

  it('when a city bureau opens the household list, then no village-group list is shown but a way to narrow by the 14-digit code', async () => {
    const res = await city.get('/households');
    assert.equal(res.status, 200);
    assert.doesNotMatch(res.text, /<select id="f-group"/);
    assert.match(res.text, /前 14 位（发包方编码）/);
  });

  it("when a city bureau opens the audit search, then the collective picker asks for a region first; with a township chosen it lists that township's collectives", async () => {
    const res = await city.get('/oversight/audit');
    assert.equal(res.status, 200);
    assert.match(res.text, /先选区划（县或乡镇）/);
    assert.doesNotMatch(res.text, /沐溪村合作社/);
    const narrowed = await city.get(`/oversight/audit?region=${VILLAGE_A.slice(0, 9)}`);
    assert.equal(narrowed.status, 200);
    assert.match(narrowed.text, new RegExp(`<option value="[0-9a-f-]{36}"[^>]*>${named}</option>`));
    assert.doesNotMatch(narrowed.text, /先选区划（县或乡镇）/);
  });
});
