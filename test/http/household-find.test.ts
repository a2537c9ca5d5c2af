import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { households } from '../../models/households';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { createHousehold } from '../../server/registry/households';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, makeHousehold, makeUser, VILLAGE_A } from '../helpers/factories';
import { loginAs, officerSession, testApp } from '../helpers/http';

// Issue 18 item 10: the officer finds households by part of a name, by the last digits of an
// ID number, and filters the list (未发证, 进城落户, in the market); within the collective only (rule 12).
describe('Finding households (issue 18 item 10)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when an officer searches part of a name or the last digits of an ID number, or ticks filters, then the matching households of the collective are listed', async () => {
    const s = await officerSession(app, h.db, { regionCode: VILLAGE_A, totalShares: 100 });
    const spouseId = idNumber('1983-04-05', 'F');
    const li = await createHousehold(
      h.db,
      s.actor,
      s.c.id,
      {
        code: householdCode(s.c),
        members: [
          { name: '李伟强', idNumber: idNumber('1980-01-01'), relation: 'head' },
          { name: '王秀英', idNumber: spouseId, relation: 'spouse' },
        ],
      } as never,
      now(),
    );
    const other = await makeHousehold(h.db, s.actor, s.c);
    await h.db
      .update(households)
      .set({ hukouStatus: 'settled_city', settledOn: '2020-01-01', settledCity: '广州' })
      .where(eq(households.id, other.id));
    const uncertified = await registerShares(h.db, s.actor, li.id, { shares: 5 });
    const certified = await registerShares(h.db, s.actor, other.id, { shares: 5 });
    await issueCertificate(h.db, s.actor, certified.id, {}, now());

    const byPart = await s.agent.get(`/households?q=${encodeURIComponent('伟强')}`).expect(200);
    assert.match(byPart.text, /李伟强/);
    assert.doesNotMatch(byPart.text, new RegExp(other.code));

    const last = spouseId.slice(-4);
    const byDigits = await s.agent.get(`/households?q=${last}`).expect(200);
    assert.match(byDigits.text, new RegExp(li.code), 'the last four digits of a member’s ID number find the household');
    assert.match(byDigits.text, /按身份证号后几位/);

    const unc = await s.agent.get('/households?f=uncertified').expect(200);
    assert.match(unc.text, new RegExp(li.code));
    assert.doesNotMatch(unc.text, new RegExp(other.code));
    assert.match(unc.text, /name="f" value="uncertified" checked/);

    const settled = await s.agent.get('/households?f=settled').expect(200);
    assert.match(settled.text, new RegExp(other.code));
    assert.doesNotMatch(settled.text, new RegExp(li.code));

    const none = await s.agent.get('/households?f=listed').expect(200);
    assert.doesNotMatch(none.text, new RegExp(`${li.code}|${other.code}`));
    await h.db.update(rights).set({ status: 'listed' }).where(eq(rights.id, uncertified.id));
    const listed = await s.agent.get('/households?f=listed&f=uncertified').expect(200);
    assert.doesNotMatch(listed.text, new RegExp(li.code), 'both filters hold: a listed right is not an active uncertified one');
    assert.match((await s.agent.get('/households?f=listed').expect(200)).text, new RegExp(li.code));

    // Another collective's officer finds nothing by those digits or that name (rule 12).
    const stranger = await officerSession(app, h.db, { regionCode: VILLAGE_A });
    assert.doesNotMatch((await stranger.agent.get(`/households?q=${last}`).expect(200)).text, new RegExp(li.code));
    assert.doesNotMatch((await stranger.agent.get(`/households?q=${encodeURIComponent('伟强')}`).expect(200)).text, /李伟强/);
  });

  it('when a bureau picks a village group (its collective) on the household list, then only that collective’s households are listed; an officer, with one collective, is not offered the picker', async () => {
    const a = await officerSession(app, h.db, { regionCode: VILLAGE_A, groupCode: '03', name: '龙岗村第三村民小组' });
    const b = await officerSession(app, h.db, { regionCode: VILLAGE_A, groupCode: '04', name: '龙岗村第四村民小组' });
    const inA = await makeHousehold(h.db, a.actor, a.c);
    const inB = await makeHousehold(h.db, b.actor, b.c);
    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const bureau = await loginAs(app, user.username);
    const all = await bureau.get('/households').expect(200);
    assert.match(all.text, /<select id="f-group" name="c">[\s\S]*龙岗村第三村民小组[\s\S]*龙岗村第四村民小组/);
    const onlyA = await bureau.get(`/households?c=${a.c.id}`).expect(200);
    assert.match(onlyA.text, new RegExp(inA.code));
    assert.doesNotMatch(onlyA.text, new RegExp(inB.code));
    assert.match(onlyA.text, new RegExp(`value="${a.c.id}" selected`));
    assert.doesNotMatch((await a.agent.get('/households').expect(200)).text, /id="f-group"/);
    // Another region's collective picked by hand finds nothing (rule 12: the scope still holds).
    const { user: wujiang } = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const stranger = await loginAs(app, wujiang.username);
    assert.doesNotMatch((await stranger.get(`/households?c=${a.c.id}`).expect(200)).text, new RegExp(inA.code));
  });
});
