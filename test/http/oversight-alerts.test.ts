import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Express } from 'express';
import { alerts, referencePrices } from '../../models/oversight';
import type { Handle } from '../../server/platform/db';
import { evaluateAlerts } from '../../server/oversight/alerts';
import { freshDb } from '../helpers/db';
import { csrfFrom, loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { household, land, listing, oversightWorld, sale, shares } from '../helpers/oversight-factories';

// Rule 10 (fair price) and the bureau's other warning signs: each alert fires on a case that
// meets its rule and not on one that does not; alerts are raised once however often the scan
// runs; the bureau acknowledges them with a note, within its region only.

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const isoDay = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

describe('oversight alerts (rule 10 and the signs of pressure)', function () {
  this.timeout(120_000);
  let h: Handle;
  let app: Express;
  let w: Awaited<ReturnType<typeof oversightWorld>>;
  let bureauA: Agent;
  let bureauB: Agent;

  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
    w = await oversightWorld(h.db);
    bureauA = await loginAs(app, w.countyA.user.username);
    bureauB = await loginAs(app, w.countyB.user.username);
  });
  after(async () => h.close());

  const alertsOf = (kind: string, subject?: string) =>
    h.db
      .select()
      .from(alerts)
      .where(subject ? and(eq(alerts.kind, kind as never), eq(alerts.subjectKey, subject)) : eq(alerts.kind, kind as never));

  it('when a deal is registered below the set fraction of the reference price, then a low-price alert links to it; at or above, or without a price, none', async () => {
    const res = await postForm(bureauA, '/oversight/prices', { region: '440205', kind: 'land', unitPrice: '10000', alertPercent: '70' });
    assert.equal(res.status, 303);
    const [ref] = await h.db.select().from(referencePrices);
    assert.equal(ref.unitPriceFen, 1_000_000);
    const seller = await household(h.db, w.oA1, w.cA1);
    const buyer = await household(h.db, w.oA1, w.cA1);
    const soon = new Date(Date.now() + 5_000);
    const cheap = await sale(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, seller.id, '2.00'), buyer.id, 1_000_000, soon); // 5,000/mu: 50%
    const fair = await sale(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, seller.id, '2.00'), buyer.id, 1_400_000, soon); // 7,000/mu: 70%
    const sB = await household(h.db, w.oB, w.cB);
    const elsewhere = await sale(h.db, w.oB, await land(h.db, w.oB, w.cB, sB.id, '2.00'), null, 100_000, soon, 'exit'); // no price set in 武江区
    const page = await bureauA.get('/oversight/alerts').expect(200);
    assert.match(page.text, /成交价低于参考价/);
    assert.match(page.text, /5,000\.00 元\/亩，低于参考价 10,000\.00 元\/亩 的 70%/);
    assert.match(page.text, new RegExp(`href="/oversight/deals/${cheap.deal.id}"`));
    assert.equal((await alertsOf('lowPrice', cheap.deal.id)).length, 1);
    assert.equal((await alertsOf('lowPrice', fair.deal.id)).length, 0);
    await bureauB.get('/oversight/alerts').expect(200);
    assert.equal((await alertsOf('lowPrice', elsewhere.deal.id)).length, 0);
    const casePage = await bureauA.get(`/oversight/deals/${cheap.deal.id}`).expect(200);
    assert.match(casePage.text, /成交价低于参考价/);
  });

  it("when a household buys more than the set number of rights in twelve months, then the purchase that crosses it raises one alert; the set number is the bureau's", async () => {
    const seller = await household(h.db, w.oA2, w.cA2);
    const s = await shares(h.db, w.oA2, seller.id, 100);
    const many = await household(h.db, w.oA2, w.cA2);
    const three = await household(h.db, w.oA2, w.cA2);
    const bought: string[] = [];
    for (const ago of [300, 200, 100, 10]) bought.push((await sale(h.db, w.oA2, s, many.id, 50_000, daysAgo(ago))).deal.id);
    for (const ago of [500, 90, 30]) await sale(h.db, w.oA2, s, three.id, 50_000, daysAgo(ago)); // the first is older than twelve months
    await bureauA.get('/oversight/alerts?kind=manyPurchases').expect(200);
    const got = await alertsOf('manyPurchases');
    assert.deepEqual(
      got.map((a) => [a.householdId, a.subjectKey]),
      [[many.id, bought[3]]],
      'the fourth purchase, of the household that made four',
    );
    assert.deepEqual({ ...(got[0].params as object), number: undefined }, { count: 4, max: 3, number: undefined });
    // The bureau lowers the number for its county: two purchases in twelve months are now too many.
    const set = await postForm(bureauA, '/oversight/settings', {
      region: '440205',
      maxPurchases: '1',
      settlementDays: '90',
      maxRejections: '3',
      maxWithdrawals: '5',
    });
    assert.equal(set.status, 303);
    await bureauA.get('/oversight/alerts').expect(200);
    assert.equal((await alertsOf('manyPurchases')).filter((a) => a.householdId === three.id).length, 1);
    await postForm(bureauA, '/oversight/settings', {
      region: '440205',
      maxPurchases: '3',
      settlementDays: '90',
      maxRejections: '3',
      maxWithdrawals: '5',
    });
  });

  it('when an officer prepared a listing, then it raises an alert; a listing the farmer started does not', async () => {
    const hh = await household(h.db, w.oA1, w.cA1);
    const r = await land(h.db, w.oA1, w.cA1, hh.id, '1.00');
    const byOfficer = await listing(h.db, w.oA1, r, { preparedByOfficer: 1, status: 'withdrawn' });
    const byFarmer = await listing(h.db, w.oA1, r, { preparedByOfficer: 0, status: 'draft' });
    const page = await bureauA.get('/oversight/alerts?kind=officerPrepared').expect(200);
    assert.match(page.text, /经办人代为挂牌/);
    assert.equal((await alertsOf('officerPrepared', byOfficer.id)).length, 1);
    assert.equal((await alertsOf('officerPrepared', byFarmer.id)).length, 0);
  });

  it('when a listing starts within the set days after the household settled in a city, then it raises an alert; later, or before settling, none', async () => {
    const soon = await household(h.db, w.oA1, w.cA1, isoDay(daysAgo(40)));
    const late = await household(h.db, w.oA1, w.cA1, isoDay(daysAgo(300)));
    const early = await household(h.db, w.oA1, w.cA1, isoDay(daysAgo(5)));
    const lSoon = await listing(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, soon.id, '1.00'), { createdAt: daysAgo(30) });
    const lLate = await listing(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, late.id, '1.00'), { createdAt: daysAgo(30) });
    const lEarly = await listing(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, early.id, '1.00'), { createdAt: daysAgo(30) });
    const page = await bureauA.get('/oversight/alerts?kind=afterSettlement').expect(200);
    assert.match(page.text, /进城落户，10 天后即挂牌/);
    assert.equal((await alertsOf('afterSettlement', lSoon.id)).length, 1);
    assert.equal((await alertsOf('afterSettlement', lLate.id)).length, 0);
    assert.equal((await alertsOf('afterSettlement', lEarly.id)).length, 0);
  });

  it('when a collective rejects (or sees withdrawn) the set number of listings in twelve months, then one alert names it; fewer, none', async () => {
    const hA = await household(h.db, w.oA2, w.cA2);
    const rA = await land(h.db, w.oA2, w.cA2, hA.id, '1.00');
    for (const ago of [200, 100, 20])
      await listing(h.db, w.oA2, rA, { status: 'rejected', reviewedAt: daysAgo(ago), createdAt: daysAgo(ago + 1) });
    for (const ago of [50, 40, 30, 20, 10])
      await listing(h.db, w.oA2, rA, { status: 'withdrawn', withdrawnAt: daysAgo(ago), createdAt: daysAgo(ago + 1) });
    const hB = await household(h.db, w.oB, w.cB);
    const rB = await land(h.db, w.oB, w.cB, hB.id, '1.00');
    for (const ago of [700, 100, 20])
      await listing(h.db, w.oB, rB, { status: 'rejected', reviewedAt: daysAgo(ago), createdAt: daysAgo(ago + 1) });
    for (const ago of [40, 30, 20, 10])
      await listing(h.db, w.oB, rB, { status: 'withdrawn', withdrawnAt: daysAgo(ago), createdAt: daysAgo(ago + 1) });
    await bureauA.get('/oversight/alerts').expect(200);
    await bureauB.get('/oversight/alerts').expect(200);
    const rej = await alertsOf('manyRejections');
    const wd = await alertsOf('manyWithdrawals');
    assert.deepEqual(
      rej.map((a) => a.collectiveId),
      [w.cA2.id],
    );
    assert.deepEqual(
      wd.map((a) => a.collectiveId),
      [w.cA2.id],
    );
    const page = await bureauA.get('/oversight/alerts?kind=manyRejections').expect(200);
    assert.match(page.text, new RegExp(`${w.cA2.name} 12 个月内已有 3 个挂牌未获通过`));
    const cases = await bureauA.get(rej[0].link).expect(200);
    assert.equal((cases.text.match(/\/oversight\/listings\/[0-9a-f-]{36}"/g) ?? []).length, 3);
  });

  it('when the scan runs again (from any instance), then no alert is raised twice', async () => {
    const before = (await h.db.select().from(alerts)).length;
    const again = await Promise.all([evaluateAlerts(h.db), evaluateAlerts(h.db), evaluateAlerts(h.db, { since: daysAgo(400) })]);
    assert.ok(again.every((r) => Object.values(r).every((n) => n === 0)));
    assert.equal((await h.db.select().from(alerts)).length, before);
  });

  it('when the bureau acknowledges an alert with a note, then it is closed with the note; without a note it is refused; another county cannot see or close it', async () => {
    const [a] = await alertsOf('officerPrepared');
    const other = await bureauB.get('/oversight/alerts?state=all').expect(200);
    assert.doesNotMatch(other.text, new RegExp(a.id));
    assert.equal((await postForm(bureauB, `/oversight/alerts/${a.id}/ack`, { note: '看看' })).status, 404);
    const blank = await postForm(bureauA, `/oversight/alerts/${a.id}/ack`, { note: '  ' });
    assert.equal(blank.status, 422);
    assert.match(blank.text, /此项必填/);
    assert.equal((await alertsOf('officerPrepared', a.subjectKey))[0].acknowledgedAt, null);
    const ok = await postForm(bureauA, `/oversight/alerts/${a.id}/ack`, { note: '已电话核实，农户本人自愿。' });
    assert.equal(ok.status, 303);
    const [done] = await alertsOf('officerPrepared', a.subjectKey);
    assert.ok(done.acknowledgedAt);
    assert.equal(done.ackNote, '已电话核实，农户本人自愿。');
    const closed = await bureauA.get('/oversight/alerts?state=acknowledged').expect(200);
    assert.match(closed.text, /已电话核实，农户本人自愿。/);
    assert.equal((await postForm(bureauA, `/oversight/alerts/${a.id}/ack`, { note: '再次' })).status, 409);
    const admin = await loginAs(app, w.admin.user.username);
    const page = await admin.get('/oversight/alerts?state=all').expect(200);
    assert.doesNotMatch(page.text, /name="note"/, 'an admin looks; only the bureau acknowledges');
    assert.equal((await postForm(admin, `/oversight/alerts/${a.id}/ack`, { note: 'x' })).status, 403);
    assert.ok(csrfFrom(page.text));
  });

  it('when a bad filter value is given, then the page says what is wrong', async () => {
    const res = await bureauA.get('/oversight/alerts?kind=nonsense&state=closed').expect(422);
    assert.match(res.text, /请从列表中选择预警类型/);
    assert.match(res.text, /请从列表中选择状态/);
    const price = await postForm(bureauA, '/oversight/prices', { region: '440205', kind: 'land', unitPrice: '-5', alertPercent: '170' });
    assert.equal(price.status, 422);
    assert.match(price.text, /预警比例须为 1 到 100 的整数/);
    assert.match(price.text, /value="-5"/, 'what was typed is kept');
    const out = await postForm(bureauA, '/oversight/prices', { region: '440203', kind: 'land', unitPrice: '5', alertPercent: '70' });
    assert.equal(out.status, 404, 'another county is out of scope');
  });
});
