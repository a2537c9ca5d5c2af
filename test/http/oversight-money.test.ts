import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { alerts } from '../../models/oversight';
import { deals } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { evaluateAlerts } from '../../server/oversight/alerts';
import { PAID_UNREGISTERED_DAYS } from '../../server/oversight/money-view';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { priceOut } from '../helpers/escrow-factories';
import { escrowWorld, FIG } from '../helpers/escrow-world';
import { makeUser } from '../helpers/factories';
import { loginAs, testApp, type Agent } from '../helpers/http';
import { COUNTY_A, COUNTY_B } from '../helpers/oversight-factories';

// Issue 20 item 4: the bureau sees the market's money — what the supervised accounts of its
// region hold per county, deposits and prices, and for how long; the contracts whose price was
// paid in but are not registered PAID_UNREGISTERED_DAYS later (shown, and raised as an alert);
// and the forfeited deposits. The other county's bureau sees none of it.

const cellFen = (html: string, county: string, n: number) => {
  const row = new RegExp(`<tr data-county="${county}">([\\s\\S]*?)</tr>`).exec(html);
  assert.ok(row, `no row for ${county}`);
  return [...row[1].matchAll(/data-fen="(-?\d+)"/g)].map((m) => Number(m[1]))[n];
};

describe("The bureau's view of the market's money (issue 20 item 4: 资金监管 per county, overdue registrations, forfeitures)", () => {
  let h: Handle;
  let w: Awaited<ReturnType<typeof escrowWorld>>;
  let app: ReturnType<typeof testApp>;
  let bureau: Agent;
  let farBureau: Agent;
  // The price came in on 25 March (the winner's deposit was credited on 22 March).
  const clock = testClock('2026-04-20T04:00:00Z');

  before(async function () {
    this.timeout(300_000); // a whole bidding through the market's use cases, on a shared machine
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await escrowWorld(h.db);
    bureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: COUNTY_A })).user.username);
    farBureau = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: COUNTY_B })).user.username);
  });
  after(async () => {
    await h?.close();
  });

  it('when the bureau opens the oversight menu, then it links the money view', async () => {
    const page = await bureau.get('/oversight/alerts').expect(200);
    assert.match(page.text, /href="\/oversight\/money"[^>]*>交易资金</);
  });

  it(`when the price has waited fewer than ${PAID_UNREGISTERED_DAYS} days, then the contract is not listed and no alert is raised`, async () => {
    const page = await bureau.get('/oversight/money').expect(200);
    assert.match(page.text, /没有逾期未登记的合同/);
    await bureau.get('/oversight/alerts').expect(200);
    assert.equal((await h.db.select().from(alerts).where(eq(alerts.kind, 'paidUnregistered'))).length, 0);
  });

  it(`when ${PAID_UNREGISTERED_DAYS} days have passed since the price came in and the deal is not registered, then it is listed and raised once as an alert`, async () => {
    clock.set('2026-04-24T04:00:00Z'); // 30 days after 25 March
    await bureau.signIn();
    const page = await bureau.get('/oversight/money').expect(200);
    assert.match(page.text, new RegExp(`${w.deal1.number}[\\s\\S]*?2026-03-25[\\s\\S]*?>30<[\\s\\S]*?data-fen="${FIG.price}"`));
    const alertsPage = await bureau.get('/oversight/alerts?kind=paidUnregistered').expect(200);
    assert.match(alertsPage.text, new RegExp(`合同 ${w.deal1.number} 的价款已于 2026-03-25 付入资金监管账户（监管中 60,000.37 元）`));
    const raised = await h.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'paidUnregistered'), eq(alerts.dealId, w.deal1.id)));
    assert.equal(raised.length, 1);
    assert.equal(raised[0].collectiveId, w.c.id);
    assert.equal(raised[0].occurredAt.toISOString(), '2026-04-23T16:00:00.000Z'); // 24 April, 00:00 in Shanghai
    // The periodic scan, run again from any instance, raises nothing twice.
    const again = await evaluateAlerts(h.db, { at: clock.now() });
    assert.equal(again.paidUnregistered, 0);
    // The other county's bureau sees neither the contract nor the alert.
    await farBureau.signIn();
    const far = await farBureau.get('/oversight/money').expect(200);
    assert.ok(!far.text.includes(w.deal1.number));
    assert.match(far.text, /辖区内没有尚在监管的款项/);
    const farAlerts = await farBureau.get('/oversight/alerts?kind=paidUnregistered&state=all').expect(200);
    assert.ok(!farAlerts.text.includes(w.deal1.number));
  });

  it('when the bureau looks on 1 June, then per county the deposits and prices held, their age buckets and the forfeiture add up to the fen', async () => {
    clock.set('2026-06-01T04:00:00Z');
    await bureau.signIn();
    const page = await bureau.get('/oversight/money').expect(200);
    // Held: the land bid's deposit (7 days) and the contract's price with the deposit credited (since 21 March, when the buyer was chosen: 72 days).
    const county = COUNTY_A;
    assert.equal(cellFen(page.text, county, 0), FIG.landDeposit);
    assert.equal(cellFen(page.text, county, 1), FIG.price);
    assert.equal(cellFen(page.text, county, 2), FIG.landDeposit); // under 30 days
    assert.equal(cellFen(page.text, county, 3), FIG.price); // 30–90 days
    assert.equal(cellFen(page.text, county, 4), 0); // over 90 days
    assert.match(page.text, new RegExp(`<tr data-county="${county}">[\\s\\S]*?>72</td>`));
    assert.equal(cellFen(page.text, 'total', 0) + cellFen(page.text, 'total', 1), FIG.landDeposit + FIG.price);
    // The forfeited deposit, once, with its day.
    assert.match(page.text, new RegExp(`<table id="money-forfeits">[\\s\\S]*?2026-04-05[\\s\\S]*?data-fen="${FIG.sharesDeposit}"`));
    assert.match(page.text, /曲江区/);
    // Each collective holding money links its statement, which the bureau of the county may open.
    const link = `/collectives/${w.c.id}/escrow-statement`;
    assert.match(page.text, new RegExp(`href="${link}">${w.c.name}<`));
    const statement = await bureau.get(link).expect(200);
    assert.match(statement.text, new RegExp(`id="escrow-closing" data-fen="${FIG.price + FIG.landDeposit}"`));
  });

  it('when the price is released by registration, then the contract leaves the overdue list and the money held', async () => {
    await h.db.update(deals).set({ status: 'registered', registeredAt: clock.now() }).where(eq(deals.id, w.deal1.id));
    await priceOut(h.db, 'price_release', w.deal1.id, { amountFen: FIG.price, valueDate: '2026-06-01', bankReference: 'RL-0601-A' });
    const page = await bureau.get('/oversight/money').expect(200);
    assert.match(page.text, /没有逾期未登记的合同/);
    assert.equal(cellFen(page.text, COUNTY_A, 1), 0);
    assert.equal(cellFen(page.text, COUNTY_A, 0), FIG.landDeposit);
  });

  it('when an officer or a farmer asks for the money view, then it is refused (403)', async () => {
    const officer = await loginAs(app, w.officerUser.username);
    assert.equal((await officer.get('/oversight/money')).status, 403);
    const farmer = await loginAs(app, w.sellerUser.username);
    assert.equal((await farmer.get('/oversight/money')).status, 403);
  });
});
