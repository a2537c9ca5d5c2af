import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { listingConsents, listings, notifications } from '../../models/market';
import { listingObjections } from '../../models/objections';
import type { Handle } from '../../server/platform/db';
import { makeOffer } from '../../server/market/offers';
import { lodgeObjection } from '../../server/market/objections';
import { sweepMarket } from '../../server/market/sweep';
import { listMembers } from '../../server/registry/households';
import { registerShares } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { farmerOf, publish } from '../helpers/market';
import { PDF } from '../helpers/market-http';

// Issue 20 item 1 in a real browser. First walk: the seller's wife says "I did not consent" on a
// phone; the listing pauses (no offer, no choice of buyer even after its notice period would have
// ended); the officer rejects a neighbour's other objection, and the listing still waits, because
// only she can give her consent again (rule 2); she does, from her own account, and the listing
// resumes with its notice period extended by the paused time (rule 8). Second walk: an objection
// with a PDF as evidence, which the officer opens and upholds: the listing goes back to the seller
// and the objector is told. Confirmation dialogs (public/app.js) are accepted as a user would.

const DAY = 24 * 3600 * 1000;

describe('Browser: an objection during the notice period (rules 2, 8; issue 20)', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  const clock = testClock();
  before(async function () {
    this.timeout(180_000); // a fresh database and a browser, on a shared machine
    h = await freshDb();
    server = await serve(h.db, {}, clock);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  /** A fresh browser session (the clock moves by days, so sessions do not last): phone-sized for farmers, desktop for the officer. */
  async function session(username: string, phone: boolean): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ viewport: phone ? { width: 360, height: 740 } : { width: 1200, height: 900 }, isMobile: phone });
    const page = await ctx.newPage();
    page.on('dialog', (d) => {
      void d.accept();
    });
    await login(page, server.url, username);
    return { ctx, page };
  }
  const click = async (page: Page, selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };
  const text = async (page: Page, selector = 'main') => (await page.textContent(selector)) ?? '';
  async function fitsPhone(page: Page): Promise<void> {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${page.url()} is ${width}px wide on a 360px phone`);
  }
  const listingRow = async (id: string) => (await h.db.select().from(listings).where(eq(listings.id, id)))[0];
  const objectionRows = (id: string) =>
    h.db.select().from(listingObjections).where(eq(listingObjections.listingId, id)).orderBy(listingObjections.createdAt);

  async function world(name: string) {
    const c = await makeCollective(h.db, { name, totalShares: 1000 });
    const { user: officerUser, actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const sellerHh = await makeHousehold(h.db, officer, c);
    const seller = await farmerOf(h.db, sellerHh);
    const spouseMember = (await listMembers(h.db, sellerHh.id)).find((m) => m.relation === 'spouse')!;
    const shares = await registerShares(h.db, officer, sellerHh.id, { shares: 40 });
    // She signed on paper (the officer scanned it); her own account comes after.
    const l = await publish(
      h.db,
      { officer, seller: seller.actor },
      shares.id,
      { path: 'transfer', askingPriceFen: 300000, shares: 10 },
      clock.now(),
    );
    const spouse = await makeUser(h.db, 'farmer', { householdId: sellerHh.id, memberId: spouseMember.id });
    const bidder = await farmerOf(h.db, await makeHousehold(h.db, officer, c));
    await makeOffer(h.db, bidder.actor, l.id, { priceFen: 320000 }, clock.now());
    const neighbour = await farmerOf(h.db, await makeHousehold(h.db, officer, c));
    return { c, officer, officerUser, seller, spouse, spouseMember, l, bidder, neighbour };
  }

  it("when the seller's wife says she did not consent, then the listing pauses until she consents again herself, and resumes with its notice extended", async function () {
    this.timeout(300_000);
    const w = await world('异议浏览器合作社');
    const url = `${server.url}/listings/${w.l.id}`;
    const before = await listingRow(w.l.id);

    // 1. The wife, on her phone, lodges "I did not consent".
    let s = await session(w.spouse.user.username, true);
    await s.page.goto(url);
    await fitsPhone(s.page);
    await s.page.click('#objections details summary');
    await s.page.selectOption('#f-ground', 'noConsent');
    await s.page.fill('#f-text', '我没有同意卖这份股份，同意书不是我签的');
    await click(s.page, `form[action="/listings/${w.l.id}/objections"] button[type=submit]`);
    assert.match(await text(s.page), /异议已登记：挂牌暂停/);
    assert.match(await text(s.page), /因异议暂停/);
    assert.match(await s.page.content(), /class="badge state-objection">异议处理中</);
    await fitsPhone(s.page);
    await s.ctx.close();
    const [mine] = await objectionRows(w.l.id);
    assert.equal(mine.ground, 'noConsent');
    assert.equal(mine.objectorRole, 'member');
    assert.equal(mine.objectorMemberId, w.spouseMember.id);
    const pausedAt = (await listingRow(w.l.id)).objectionPausedAt!;
    assert.equal(pausedAt.getTime(), clock.now().getTime());
    const consent = () =>
      h.db
        .select()
        .from(listingConsents)
        .where(and(eq(listingConsents.listingId, w.l.id), eq(listingConsents.memberId, w.spouseMember.id)));
    assert.deepEqual(await consent(), [], 'her consent is withdrawn at once');

    // A neighbour objects too (the boundaries), which the officer can decide on its merits.
    await lodgeObjection(h.db, w.neighbour.actor, w.l.id, { ground: 'boundaries', text: '股份数与分红名册不一致' }, null, clock.now());

    // 2. Twelve days on, past the notice period's first end, the job runs: the paused listing stays open,
    //    and the seller has no buyer to choose (the bidder's offer stands, but the choice is gone).
    clock.set(new Date(before.noticeEndsAt!.getTime() + 2 * DAY));
    await sweepMarket(h.db, clock.now());
    assert.equal((await listingRow(w.l.id)).noticeClosedAt, null);
    s = await session(w.seller.user.username, true);
    await s.page.goto(url);
    assert.match(await s.page.content(), /class="badge state-objection">异议处理中</);
    assert.equal(await s.page.locator(`form[action="/listings/${w.l.id}/choose"]`).count(), 0, 'no choice of buyer while paused');
    assert.match(await text(s.page), /我没有同意卖这份股份/, "the seller's household sees the objection");
    await fitsPhone(s.page);
    await s.ctx.close();

    // 3. The officer, on a desktop, cannot reject her objection; rejects the neighbour's with reasons.
    const theirs = (await objectionRows(w.l.id)).find((o) => o.id !== mine.id)!;
    s = await session(w.officerUser.username, false);
    await s.page.goto(url);
    const hers = `#objection-${mine.id}`;
    assert.equal(await s.page.locator(`${hers} input[name=outcome][value=rejected]`).count(), 0);
    assert.match(await text(s.page, hers), /不能驳回/);
    await s.page.check(`#objection-${theirs.id} input[name=outcome][value=rejected]`);
    await s.page.fill(`#finding-${theirs.id}`, '已核对分红名册，股份数一致');
    await click(s.page, `#objection-${theirs.id} form[action$="/finding"] button[type=submit]`);
    assert.match(await text(s.page), /处理意见已记录/);
    assert.match(await text(s.page), /因异议暂停/, 'still paused: her objection stands');
    await s.ctx.close();
    const status = async () => Object.fromEntries((await objectionRows(w.l.id)).map((o) => [o.id, o.status]));
    assert.deepEqual(await status(), { [mine.id]: 'open', [theirs.id]: 'rejected' });
    assert.equal((await listingRow(w.l.id)).objectionPausedAt?.getTime(), pausedAt.getTime(), 'the listing does not resume');
    assert.deepEqual(await consent(), []);

    // 4. Five more days on, she consents again from her own account: the listing resumes.
    clock.advance(5 * DAY);
    const pausedMs = clock.now().getTime() - pausedAt.getTime();
    s = await session(w.spouse.user.username, true);
    await s.page.goto(url);
    await click(s.page, `${hers} form[action$="/reconsent"] button[type=submit]`);
    assert.match(await text(s.page), /同意已重新作出/);
    assert.match(await s.page.content(), /class="badge state-open">公示中</);
    assert.doesNotMatch(await text(s.page), /因异议暂停/);
    await fitsPhone(s.page);
    await s.ctx.close();
    const resumed = await listingRow(w.l.id);
    assert.equal(resumed.objectionPausedAt, null);
    assert.equal(resumed.noticeEndsAt!.getTime(), before.noticeEndsAt!.getTime() + pausedMs, 'rule 8: extended by the whole paused time');
    assert.equal((await consent())[0].method, 'account');
    assert.deepEqual(await status(), { [mine.id]: 'reconsented', [theirs.id]: 'rejected' });

    // 5. Only once the extended period is over does the seller choose the buyer.
    clock.set(new Date(resumed.noticeEndsAt!.getTime() + 60_000));
    await sweepMarket(h.db, clock.now());
    s = await session(w.seller.user.username, true);
    await s.page.goto(url);
    assert.equal(await s.page.locator(`form[action="/listings/${w.l.id}/choose"]`).count(), 1, 'the choice of buyer is back');
    await s.ctx.close();
  });

  it('when a neighbour objects with a PDF as evidence, then the officer opens it and upholds the objection: the listing goes back to the seller and the neighbour is told', async function () {
    this.timeout(300_000);
    const w = await world('异议附件合作社');
    const url = `${server.url}/listings/${w.l.id}`;

    let s = await session(w.neighbour.user.username, true);
    await s.page.goto(url);
    await s.page.click('#objections details summary');
    await s.page.selectOption('#f-ground', 'disputed');
    await s.page.fill('#f-text', '这份股份有继承争议，附调解书');
    await s.page.setInputFiles('#f-attachment', { name: '调解书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await click(s.page, `form[action="/listings/${w.l.id}/objections"] button[type=submit]`);
    assert.match(await text(s.page), /异议已登记/);
    await fitsPhone(s.page);
    await s.ctx.close();
    const [o] = await objectionRows(w.l.id);
    assert.equal(o.attachmentMime, 'application/pdf');
    assert.equal(o.attachmentSize, PDF.length);

    s = await session(w.officerUser.username, false);
    await s.page.goto(url);
    const link = s.page.locator(`#objection-${o.id} a[href="/objections/${o.id}/attachment"]`);
    assert.equal(await link.textContent(), '查看证明材料');
    const file = await s.ctx.request.get(`${server.url}/objections/${o.id}/attachment`);
    assert.equal(file.status(), 200);
    assert.equal(file.headers()['content-type'], 'application/pdf');
    assert.ok((await file.body()).equals(PDF));
    await s.page.check(`#objection-${o.id} input[name=outcome][value=returned]`);
    await s.page.fill(`#finding-${o.id}`, '继承争议属实，请先调解后再挂牌');
    await click(s.page, `#objection-${o.id} form[action$="/finding"] button[type=submit]`);
    assert.match(await text(s.page), /处理意见已记录/);
    await s.ctx.close();
    const l = await listingRow(w.l.id);
    assert.equal(l.status, 'draft');
    assert.equal(l.objectionPausedAt, null);
    assert.equal((await objectionRows(w.l.id))[0].status, 'returned');

    s = await session(w.neighbour.user.username, true);
    await s.page.goto(`${server.url}/notifications`);
    assert.match(await text(s.page), /异议成立，退回农户修改。理由：继承争议属实，请先调解后再挂牌/);
    await fitsPhone(s.page);
    await s.ctx.close();
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.neighbour.user.id), eq(notifications.kind, 'objectionDecided')));
    assert.equal(told.length, 1);
  });
});
