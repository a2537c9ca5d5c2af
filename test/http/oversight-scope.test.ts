import assert from 'node:assert/strict';
import type { Express } from 'express';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { day, household, land, listing, oversightWorld, sale } from '../helpers/oversight-factories';

// Rule 12 for oversight: a county bureau sees only its county, a city bureau the whole city,
// an admin everything (and changes nothing). Out-of-scope ids in URLs or filters answer 404
// (or 403 for roles without oversight) and leak nothing, not even counts; bad filter values
// get a message saying what is wrong.

describe('oversight scopes and bad input (rule 12)', function () {
  this.timeout(120_000);
  let h: Handle;
  let app: Express;
  let w: Awaited<ReturnType<typeof oversightWorld>>;
  let countyB: Agent;
  let cases: { listing: string; deal: string };

  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    w = await oversightWorld(h.db);
    const a = await household(h.db, w.oA1, w.cA1);
    const b = await household(h.db, w.oA1, w.cA1);
    const r = await land(h.db, w.oA1, w.cA1, a.id, '3.30');
    const s = await sale(h.db, w.oA1, r, b.id, 2_000_000, day('2026-03-03'));
    const l = await listing(h.db, w.oA1, r, { status: 'submitted', createdAt: day('2026-04-04') });
    cases = { listing: l.id, deal: s.deal.id };
    countyB = await loginAs(app, w.countyB.user.username);
  });
  after(async () => h.close());

  it('when a county bureau opens another county, its collective or the city, then it gets 404 and no figure of that place', async () => {
    for (const url of [
      '/oversight?region=440205',
      `/oversight?collective=${w.cA1.id}`,
      '/oversight?region=440200',
      '/oversight?region=440205100201',
      '/oversight/export?region=440205&format=xlsx',
      '/oversight/export?region=440205&table=people&format=csv',
      '/oversight/report?region=440205&year=2026',
      `/oversight/listings/${cases.listing}`,
      `/oversight/deals/${cases.deal}`,
      `/oversight/listings?collective=${w.cA1.id}`,
      `/oversight/audit?collective=${w.cA1.id}`,
      '/oversight/audit?region=440205',
    ]) {
      const res = await countyB.get(url);
      assert.equal(res.status, 404, url);
      assert.doesNotMatch(res.text, new RegExp(`${w.cA1.name}|曲江区|3\\.30`), `${url} leaks nothing`);
    }
    const own = await countyB.get('/oversight').expect(200);
    assert.match(own.text, /武江区/);
    assert.doesNotMatch(own.text, /曲江区/);
    const list = await countyB.get('/oversight/deals').expect(200);
    assert.doesNotMatch(list.text, new RegExp(cases.deal));
  });

  it('when an id does not exist, then the answer is the same 404 as for one out of scope', async () => {
    const res = await countyB.get('/oversight?collective=00000000-0000-4000-8000-000000000000');
    assert.equal(res.status, 404);
    assert.equal((await countyB.get('/oversight?region=440299')).status, 404);
    assert.equal((await countyB.get('/oversight/deals/00000000-0000-4000-8000-000000000000')).status, 404);
  });

  it('when the city bureau opens any county, or an admin any place, then it is shown; the admin sees no suspend or settings form', async () => {
    const city = await loginAs(app, w.city.user.username);
    const page = await city.get('/oversight?region=440205').expect(200);
    assert.match(page.text, /曲江区/);
    const admin = await loginAs(app, w.admin.user.username);
    await admin.get(`/oversight?collective=${w.cA1.id}`).expect(200);
    const deal = await admin.get(`/oversight/deals/${cases.deal}`).expect(200);
    assert.doesNotMatch(deal.text, /action="\/oversight\/deals\/[^"]+\/suspend"/);
    const prices = await admin.get('/oversight/prices').expect(200);
    assert.doesNotMatch(prices.text, /name="unitPrice"/);
  });

  it('when an officer or a farmer asks for an oversight page, then it is refused with 403', async () => {
    const officer = await loginAs(app, (await makeUser(h.db, 'officer', { collectiveId: w.cA1.id })).user.username);
    for (const url of [
      '/oversight',
      '/oversight/alerts',
      '/oversight/audit',
      `/oversight/deals/${cases.deal}`,
      '/oversight/export?format=xlsx',
    ]) {
      assert.equal((await officer.get(url)).status, 403, url);
    }
    const hh = await household(h.db, w.oA1, w.cA1);
    const farmer = await loginAs(app, (await makeUser(h.db, 'farmer', { householdId: hh.id })).user.username);
    assert.equal((await farmer.get('/oversight')).status, 403);
  });

  it("when filter values are bad, then the page says which and why, in the user's language", async () => {
    const bad = await countyB.get('/oversight?from=2026-13&to=2025-01&kind=forest').expect(422);
    assert.match(bad.text, /请输入有效月份（年-月，例如 2026-01）/);
    assert.match(bad.text, /权利类型只能是土地承包经营权、宅基地使用权或集体收益分配权/);
    assert.match(bad.text, /value="forest"|forest/, 'what was typed stays visible');
    assert.match((await countyB.get('/oversight?from=2026-05&to=2026-01').expect(422)).text, /截止月份不能早于起始月份/);
    assert.match((await countyB.get('/oversight?from=2000-01&to=2026-01').expect(422)).text, /统计期间最长 120 个月/);
    assert.match((await countyB.get('/oversight?region=44-02').expect(422)).text, /区划代码须为 6、9 或 12 位数字/);
    assert.match((await countyB.get('/oversight?collective=abc').expect(422)).text, /编号格式不正确/);
    assert.match((await countyB.get('/oversight/export?format=pdf').expect(422)).text, /导出格式只能是 XLSX 或 CSV/);
    assert.match((await countyB.get('/oversight/export?table=secrets&format=csv').expect(422)).text, /没有这张统计表/);
    assert.match((await countyB.get('/oversight/report?year=20x6').expect(422)).text, /请输入有效年份/);
    assert.match((await countyB.get('/oversight/listings?status=gone').expect(422)).text, /请从列表中选择状态/);
    const en = await countyB.get('/oversight?from=nope').set('Cookie', 'lang=en').expect(422);
    assert.match(en.text, /Enter a valid month/);
  });

  it('when a table is exported, then text that a spreadsheet would run as a formula is neutralised', async () => {
    const { safeCell } = await import('../../server/platform/files/table-export');
    assert.equal(safeCell('=HYPERLINK("http://x")'), '\'=HYPERLINK("http://x")');
    assert.equal(safeCell('+1'), "'+1");
    assert.equal(safeCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(safeCell('-5'), "'-5");
    assert.equal(safeCell('龙岗村'), '龙岗村');
    assert.equal(safeCell(-5), -5);
  });
});
