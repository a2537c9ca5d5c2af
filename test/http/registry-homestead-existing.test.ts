import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { alerts } from '../../models/oversight';
import { homesteads, rights } from '../../models/rights';
import { evaluateAlerts } from '../../server/oversight/alerts';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { homesteadInput, makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { loginAs, postForm, testApp } from '../helpers/http';

// Rule 4 on its current basis (issue 15 item 4): 广东省土地管理条例 §42 sets the homestead area
// limits for NEW approvals. An existing homestead larger than the limit is recorded as it is
// and flagged for review (shown on the household page, raised to the bureau), never refused;
// a new approval over the limit is still refused, with the article.

describe('Rule 4: an existing homestead over the area limit is recorded and flagged (广东省土地管理条例 §42)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  async function officerOf() {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    return { c, actor, agent: await loginAs(app, user.username) };
  }
  const homesteadsOf = (householdId: string) =>
    h.db
      .select({ origin: homesteads.origin, flag: homesteads.reviewFlag, area: homesteads.areaM2Centi, rightId: rights.id })
      .from(homesteads)
      .innerJoin(rights, eq(rights.id, homesteads.rightId))
      .where(eq(rights.householdId, householdId));

  it('when a new approval is over the plain limit, then it is refused citing §42 and nothing is stored', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const form = await agent.get(`/households/${hh.id}/rights/new/homestead`).expect(200);
    assert.match(form.text, /<select[^>]*name="origin"/);
    assert.match(form.text, /既有宅基地（补录登记）/);
    const res = await postForm(agent, `/households/${hh.id}/rights/homestead`, {
      ...homesteadInput(c, { terrain: 'plain', areaM2: '95' }),
      origin: 'new',
    });
    assert.equal(res.status, 422);
    assert.match(res.text, /超过平原地区上限 80 平方米/);
    assert.match(res.text, /广东省土地管理条例》第四十二条/);
    assert.match(res.text, /value="95"/);
    assert.deepEqual(await homesteadsOf(hh.id), []);
  });

  it('when an oversize existing homestead is recorded, then it is registered and flagged on the household page and for the bureau', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const res = await postForm(agent, `/households/${hh.id}/rights/homestead`, {
      ...homesteadInput(c, { terrain: 'plain', areaM2: '95' }),
      origin: 'existing',
    });
    assert.equal(res.status, 302);
    const [stored] = await homesteadsOf(hh.id);
    assert.deepEqual({ origin: stored.origin, flag: stored.flag, area: stored.area }, { origin: 'existing', flag: 'oversize', area: 9500 });

    const page = await agent.get(`/households/${hh.id}`).expect(200);
    assert.match(page.text, /oversize-flag/);
    assert.match(page.text, /面积超过新批上限，已照实登记并报农业农村局核查/);
    assert.match(page.text, /既有宅基地（补录登记）/);

    // The bureau of the collective's region sees it once among its alerts, linked to the household.
    await evaluateAlerts(h.db);
    await evaluateAlerts(h.db);
    const raised = await h.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'oversizeHomestead'), eq(alerts.householdId, hh.id)));
    assert.equal(raised.length, 1);
    assert.equal(raised[0].link, `/households/${hh.id}#right-${stored.rightId}`);
    const { user: bureau } = await makeUser(h.db, 'bureau', { regionCode: c.regionCode.slice(0, 6) });
    const list = await (await loginAs(app, bureau.username)).get('/oversight/alerts?kind=oversizeHomestead').expect(200);
    assert.match(list.text, /既有宅基地超过面积标准/);
    assert.match(list.text, /面积 95\.00 平方米，超过新批上限 80 平方米/);
  });

  it('when an existing homestead is within the limit, then it is registered without a flag and raises no alert', async () => {
    const { c, actor, agent } = await officerOf();
    const hh = await makeHousehold(h.db, actor, c);
    const res = await postForm(agent, `/households/${hh.id}/rights/homestead`, {
      ...homesteadInput(c, { terrain: 'plain', areaM2: '80' }),
      origin: 'existing',
    });
    assert.equal(res.status, 302);
    const [stored] = await homesteadsOf(hh.id);
    assert.deepEqual({ origin: stored.origin, flag: stored.flag }, { origin: 'existing', flag: null });
    await evaluateAlerts(h.db);
    const [{ n }] = await h.db.select({ n: count() }).from(alerts).where(eq(alerts.householdId, hh.id));
    assert.equal(n, 0);
    assert.doesNotMatch((await agent.get(`/households/${hh.id}`).expect(200)).text, /oversize-flag/);
  });
});
