import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sessions, users } from '../../models/accounts';
import { households } from '../../models/households';
import { listings, notifications } from '../../models/market';
import { alerts } from '../../models/oversight';
import { addDays } from '../../server/kernel/clock';
import { chooseOffer } from '../../server/market/award';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { createListing } from '../../server/market/listings';
import { makeOffer } from '../../server/market/offers';
import { setReferencePrice } from '../../server/oversight/reference-prices';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerShares } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { homesteadInput, householdCode, idNumber, makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { consentAll, farmerOf, listed, publish } from '../helpers/market';

// Issue 18, proof in a real browser of items 1 (a suspended listing looks suspended), 2 (the
// price warning before the harm), 10 (finding households; the officer's to-do list) and 13 (a
// form typed while the session ended comes back after the login). The farmers use a 360 px
// phone, the officer and the bureau a desktop. One collective for the whole file: the steps
// follow each other as the days of a real listing do (the clock only moves forward).

const T = new Date('2026-04-01T02:00:00Z');

describe('Browser: the market tells the truth in time, the officer finds things, a typed form survives the session, a farmer gets in (issue 18 items 1, 2, 10, 13, 14)', function () {
  this.timeout(240_000);
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  const clock = testClock(T);
  let w: Awaited<ReturnType<typeof world>>;
  let listingId = '';

  async function world() {
    const c = await makeCollective(h.db, { name: '浏览器核验合作社', totalShares: 1000 });
    const { user: officerUser, actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const sellerHh = await makeHousehold(h.db, officer, c, {
      members: [
        { name: '张伟民', idNumber: idNumber('1970-03-03'), relation: 'head' },
        { name: '刘桂芳', idNumber: idNumber('1972-05-05', 'F'), relation: 'spouse' },
      ],
    });
    const seller = await farmerOf(h.db, sellerHh);
    const home = await registerHomestead(h.db, officer, sellerHh.id, homesteadInput(c));
    await issueCertificate(h.db, officer, home.id, {}, clock.now());
    const bidderHh = await makeHousehold(h.db, officer, c, {
      members: [{ name: '何志坚', idNumber: idNumber('1985-07-07'), relation: 'head' }],
    });
    const bidder = await farmerOf(h.db, bidderHh);
    const { user: bureauUser, actor: bureau } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    // 1,000 yuan per m² for homesteads in 曲江区, the alert below 70 % (set the day before).
    await setReferencePrice(h.db, bureau, { region: '440205', kind: 'homestead', unitPriceFen: 100000, alertPercent: 70 }, addDays(T, -1));
    return { c, officer, officerUser, sellerHh, seller, home, bidder, bureauUser };
  }

  before(async () => {
    h = await freshDb();
    server = await serve(h.db, {}, clock);
    chrome = await launch();
    browser = chrome.browser;
    w = await world();
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  /** A fresh browser session: a 360 px phone for farmers, a desktop otherwise. Confirmation dialogs are accepted. */
  async function session(username: string, phone: boolean): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({
      viewport: phone ? { width: 360, height: 740 } : { width: 1280, height: 900 },
      isMobile: phone,
      locale: 'zh-CN',
    });
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await login(page, server.url, username);
    return { ctx, page };
  }
  const click = async (page: Page, selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };
  const text = async (page: Page, selector = 'main') => (await page.textContent(selector)) ?? '';
  const lowAsking = (id: string) =>
    h.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'lowAsking'), eq(alerts.listingId, id)));

  it('when the seller lists a homestead at 40 % of the reference price, then the form shows the reference, the draft warns, the bureau is alerted at submission, and the officer reviews it with the price, the consents and the certificate (item 2)', async () => {
    const s = await session(w.seller.user.username, true);
    await s.page.goto(`${server.url}/rights/${w.home.id}/list`);
    assert.match(await text(s.page, '#reference-price'), /农业农村局参考价：1,000.00 元\/平方米。挂牌单价低于参考价的 70% 时/);
    await s.page.fill('#f-askingPrice', '30000'); // 75 m² → 400 yuan per m²
    await click(s.page, 'main form button[type=submit].primary');
    listingId = s.page.url().split('/').pop()!;
    assert.match(await text(s.page, '#price-check'), /本挂牌单价 400.00 元\/平方米，为参考价的 40%/);
    assert.match(await text(s.page, '#price-check'), /挂牌价低于参考价的 70%：提交后农业农村局会收到预警/);
    assert.equal((await lowAsking(listingId)).length, 0, 'a draft alerts nobody yet');

    await consentAll(h.db, { officer: w.officer, seller: w.seller.actor }, listingId, clock.now());
    await s.page.reload();
    await click(s.page, `form[action="/listings/${listingId}/submit"] button`);
    assert.match(await text(s.page), /待审核/);
    const [alert] = await lowAsking(listingId);
    assert.ok(alert, 'the alert exists as soon as the submission is made, while the listing can still be stopped');
    assert.deepEqual(alert.params, { kind: 'homestead', unitPriceFen: 40000, referenceFen: 100000, percent: 70 });
    await s.ctx.close();

    const o = await session(w.officerUser.username, false);
    await o.page.goto(`${server.url}/listings/${listingId}`);
    assert.match(await text(o.page, '#price-check'), /为参考价的 40%/);
    assert.match(await text(o.page, '#price-check'), /经办人审核时核实有无压价/);
    assert.ok(await o.page.isVisible('#consents'), 'the consents given are on the review page');
    assert.match(await text(o.page, '#consents'), /刘桂芳/);
    assert.match(await text(o.page), /（有效）/, "the certificate's status is on the review page");
    await o.ctx.close();

    const b = await session(w.bureauUser.username, false);
    await b.page.goto(`${server.url}/oversight/alerts`);
    assert.match(await text(b.page), /宅基地使用权挂牌单价 400.00 元\/平方米，低于参考价 1,000.00 元\/平方米 的 70%/);
    await b.ctx.close();
  });

  it("when listings wait for review and consents, a deal waits for registration and an alert is open, then the officer's home page lists each with its link (item 10)", async () => {
    // A shares deal settled and waiting for registration, made through the use cases.
    const sharesHh = await makeHousehold(h.db, w.officer, w.c, {
      members: [{ name: '罗永光', idNumber: idNumber('1966-08-08'), relation: 'head' }],
    });
    const sharesSeller = await farmerOf(h.db, sharesHh);
    const shares = await registerShares(h.db, w.officer, sharesHh.id, { shares: 20 });
    const start = addDays(clock.now(), -12);
    const sold = await publish(
      h.db,
      { officer: w.officer, seller: sharesSeller.actor },
      shares.id,
      { path: 'transfer', askingPriceFen: 50000, shares: 5 },
      start,
    );
    const offer = await makeOffer(h.db, w.bidder.actor, sold.id, { priceFen: 50000 }, addDays(start, 1));
    const deal = await chooseOffer(h.db, sharesSeller.actor, sold.id, { offerId: offer.id }, clock.now());
    await signDeal(h.db, sharesSeller.actor, deal.id, clock.now());
    await signDeal(h.db, w.bidder.actor, deal.id, clock.now());
    await confirmPayment(h.db, sharesSeller.actor, deal.id, clock.now());
    await recordSettlement(h.db, w.officer, deal.id, clock.now());
    // A draft still missing the spouse's consent.
    const more = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 8 });
    await issueCertificate(h.db, w.officer, more.id, {}, clock.now());
    const draft = await createListing(
      h.db,
      w.seller.actor,
      more.id,
      listed({ path: 'transfer', askingPriceFen: 80000, shares: 8 }),
      clock.now(),
    );

    const o = await session(w.officerUser.username, false);
    await o.page.goto(`${server.url}/`);
    const todo = await text(o.page, 'section.todo');
    assert.match(todo, /待审核的挂牌\s*张伟民户的宅基地使用权/);
    assert.match(todo, /已结算、待办理变更登记的交易[\s\S]*罗永光/);
    assert.match(todo, /尚未提交（家庭成员同意书未齐）的挂牌\s*张伟民户的集体收益分配权/);
    assert.match(todo, /未处理的预警\s*挂牌价低于参考价/);
    for (const href of [`/listings/${listingId}`, `/deals/${deal.id}`, `/listings/${draft.id}`])
      assert.ok(await o.page.isVisible(`section.todo a[href="${href}"]`), `the to-do list links ${href}`);
    await click(o.page, `section.todo a[href="/deals/${deal.id}"]`);
    assert.ok(await o.page.isVisible(`form[action="/deals/${deal.id}/register"] button`), 'one click to the registration');
    await o.ctx.close();
  });

  it('when the officer searches part of a name, the last digits of an ID number, and ticks 未发证, 进城落户 and 挂牌, and the bureau picks the village group, then each list holds the matching households (item 10)', async () => {
    const spouseId = idNumber('1983-04-05', 'F');
    const weiqiang = await makeHousehold(h.db, w.officer, w.c, {
      code: householdCode(w.c),
      members: [
        { name: '欧阳伟强', idNumber: idNumber('1979-01-01'), relation: 'head' },
        { name: '赵秀兰', idNumber: spouseId, relation: 'spouse' },
      ],
    });
    await registerShares(h.db, w.officer, weiqiang.id, { shares: 3 }); // no certificate
    const settled = await makeHousehold(h.db, w.officer, w.c);
    await h.db
      .update(households)
      .set({ hukouStatus: 'settled_city', settledOn: '2021-09-01', settledCity: '广州' })
      .where(eq(households.id, settled.id));
    const other = await makeCollective(h.db, { name: '另一个村民小组', groupCode: '07' });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const elsewhere = await makeHousehold(h.db, otherOfficer, other);

    const o = await session(w.officerUser.username, false);
    const listed = async () => o.page.$$eval('table.stack tbody tr td:first-child a', (as) => as.map((a) => a.textContent?.trim() ?? ''));
    const search = async (q: string, ticks: string[]) => {
      await o.page.goto(`${server.url}/households`);
      await o.page.fill('#q', q);
      for (const f of ticks) await o.page.check(`input[name=f][value=${f}]`);
      await click(o.page, 'form.search button[type=submit]');
      return listed();
    };
    assert.deepEqual(await search('伟强', []), [weiqiang.code], 'part of a name, in the middle of it');
    assert.deepEqual(await search(spouseId.slice(-4), []), [weiqiang.code], "the last four digits of the spouse's ID number");
    assert.match(await text(o.page), /按身份证号后几位/);
    assert.deepEqual(await search('', ['uncertified']), [weiqiang.code]);
    assert.deepEqual(await search('', ['settled']), [settled.code]);
    assert.match(await text(o.page, 'table.stack'), /进城落户（广州）|广州/);
    const inMarket = await search('', ['listed']);
    assert.ok(inMarket.includes(w.sellerHh.code), "the seller's homestead is in the market");
    assert.ok(!inMarket.includes(weiqiang.code) && !inMarket.includes(settled.code), 'households with nothing in the market are not');
    assert.ok(await o.page.isChecked('input[name=f][value=listed]'), 'the ticked filter stays ticked');
    await o.ctx.close();

    const b = await session(w.bureauUser.username, false);
    await b.page.goto(`${server.url}/households`);
    await b.page.selectOption('#f-group', { label: '另一个村民小组' });
    await click(b.page, 'form.search button[type=submit]');
    assert.deepEqual(await b.page.$$eval('table.stack tbody tr td:first-child a', (as) => as.map((a) => a.textContent?.trim())), [
      elsewhere.code,
    ]);
    await b.page.selectOption('#f-group', { label: '浏览器核验合作社' });
    await click(b.page, 'form.search button[type=submit]');
    const ours = await b.page.$$eval('table.stack tbody tr td:first-child a', (as) => as.map((a) => a.textContent?.trim()));
    assert.ok(ours.includes(weiqiang.code) && !ours.includes(elsewhere.code));
    await b.ctx.close();
  });

  it('when the bureau suspends the published listing, then seller and bidder see 已暂停 with the reason and the bureau, no countdown and no offer forms, and are told; lifting brings it back and tells them (item 1)', async () => {
    const o = await session(w.officerUser.username, false);
    await o.page.goto(`${server.url}/listings/${listingId}`);
    await click(o.page, `form[action="/listings/${listingId}/approve"] button`);
    assert.match(await text(o.page), /剩余 10 天/);
    await o.ctx.close();
    await makeOffer(h.db, w.bidder.actor, listingId, { priceFen: 31000 }, clock.now());

    const seller = await session(w.seller.user.username, true);
    const bidder = await session(w.bidder.user.username, true);
    await bidder.page.goto(`${server.url}/listings/${listingId}`);
    assert.match(await text(bidder.page), /公示中/);
    assert.ok(await bidder.page.isVisible('form[action$="/raise"]'), 'before: the bidder may raise');

    const b = await session(w.bureauUser.username, false);
    await b.page.goto(`${server.url}/oversight/listings/${listingId}`);
    await b.page.fill('#f-reason', '挂牌价明显低于参考价，核查是否压价');
    await click(b.page, `form[action="/oversight/listings/${listingId}/suspend"] button`);
    assert.match(await text(b.page), /已暂停|暂停/);

    for (const who of [seller, bidder]) {
      await who.page.goto(`${server.url}/listings/${listingId}`);
      const page = await text(who.page);
      assert.match(await text(who.page, '.badge.state-suspended'), /已暂停/);
      assert.match(page, /曲江区农业农村局于 .* 暂停了办理，原因：挂牌价明显低于参考价，核查是否压价/);
      assert.doesNotMatch(page, /公示中/);
      assert.doesNotMatch(page, /剩余 \d+ 天/);
      assert.equal(
        await who.page.locator('form[action$="/raise"], #offer-form, form[action*="/offers/"][action$="/withdraw"]').count(),
        0,
        'no offer forms',
      );
      await who.page.goto(`${server.url}/notifications`);
      assert.match(await text(who.page), /农业农村局暂停了挂牌的办理：挂牌价明显低于参考价，核查是否压价/);
    }
    const told = await h.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(eq(notifications.kind, 'listingSuspended'), eq(notifications.link, `/listings/${listingId}`)));
    const toldIds = told.map((n) => n.userId);
    assert.ok(toldIds.includes(w.seller.user.id) && toldIds.includes(w.bidder.user.id), 'seller and bidder are notified in the database');
    const [row] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    assert.ok(row.suspendedAt);

    await b.page.goto(`${server.url}/oversight/listings/${listingId}`);
    await b.page.fill('#f-reason', '核查无误，恢复办理');
    await click(b.page, `form[action="/oversight/listings/${listingId}/lift"] button`);
    await b.ctx.close();

    await bidder.page.goto(`${server.url}/listings/${listingId}`);
    assert.match(await text(bidder.page), /公示中/);
    assert.doesNotMatch(await text(bidder.page), /已暂停/);
    assert.ok(await bidder.page.isVisible('form[action$="/raise"]'), 'the bidder may raise again');
    for (const who of [seller, bidder]) {
      await who.page.goto(`${server.url}/notifications`);
      assert.match(await text(who.page), /农业农村局解除了挂牌的暂停：核查无误，恢复办理/);
      await who.ctx.close();
    }
    const [lifted] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    assert.equal(lifted.suspendedAt, null);
  });

  it('when the session ends while the officer types a new household, then saving leads to the login and back to the form, filled in, and saving again registers it once (item 13)', async () => {
    const o = await session(w.officerUser.username, false);
    await o.page.goto(`${server.url}/households/new`);
    const code = householdCode(w.c);
    const id = idNumber('1990-10-10');
    await o.page.fill('#f-code', code);
    await o.page.fill('#f-members-0-name', '司徒美华');
    await o.page.fill('#f-members-0-idNumber', id);
    // The session ends meanwhile (its row is removed, as a sign-out elsewhere or the expiry sweep does).
    await h.db.delete(sessions).where(sql`${sessions.sess} -> 'passport' ->> 'user' = ${w.officerUser.id}`);
    await click(o.page, 'main form button[type=submit].primary');
    assert.match(o.page.url(), /\/login\?next=%2Fhouseholds%2Fnew$/);
    assert.match(await text(o.page), /您的登录已过期，刚才填写的内容没有提交/);
    assert.equal((await h.db.select().from(households).where(eq(households.code, code))).length, 0);

    await o.page.fill('#f-username', w.officerUser.username);
    await o.page.fill('#f-password', 'TestPassw0rd');
    await click(o.page, 'button[type=submit].primary');
    assert.match(o.page.url(), /\/households\/new$/);
    assert.match(await text(o.page), /已恢复您登录过期前填写的内容。请核对后再次提交/);
    assert.equal(await o.page.inputValue('#f-code'), code);
    assert.equal(await o.page.inputValue('#f-members-0-name'), '司徒美华');
    assert.equal(await o.page.inputValue('#f-members-0-idNumber'), id);
    await click(o.page, 'main form button[type=submit].primary');
    // The whole page in the message: once, under a full suite on the server database, this save answered 403 (无权访问).
    assert.match(await text(o.page, 'h1'), /司徒美华/, `${o.page.url()}: ${await text(o.page, 'body')}`);
    assert.equal((await h.db.select().from(households).where(eq(households.code, code))).length, 1, 'registered once');
    await o.ctx.close();
  });

  it("when a farmer's session runs out over the listing form, then after the login the asking price is back and nothing was listed (item 13)", async () => {
    const more = await registerShares(h.db, w.officer, w.bidder.actor.householdId!, { shares: 6 });
    await issueCertificate(h.db, w.officer, more.id, {}, clock.now());
    const f = await session(w.bidder.user.username, true);
    await f.page.goto(`${server.url}/rights/${more.id}/list`);
    await f.page.fill('#f-shares', '6');
    await f.page.fill('#f-askingPrice', '4321');
    clock.advance(13 * 3600_000); // past the 12 hours a session may last from its login
    await click(f.page, 'main form button[type=submit].primary');
    assert.match(f.page.url(), /\/login\?next=/);
    assert.equal((await h.db.select().from(listings).where(eq(listings.rightId, more.id))).length, 0, 'nothing was listed');
    await f.page.fill('#f-username', w.bidder.user.username);
    await f.page.fill('#f-password', 'TestPassw0rd');
    await click(f.page, 'button[type=submit].primary');
    assert.match(f.page.url(), new RegExp(`/rights/${more.id}/list$`));
    assert.equal(await f.page.inputValue('#f-askingPrice'), '4321');
    assert.equal(await f.page.inputValue('#f-shares'), '6');
    await f.ctx.close();
  });

  it('when a farmer who forgot the password looks on the login page of a phone, then it says whom to ask; and the farmer logs in with the mobile number instead of the username (item 14)', async () => {
    await h.db.update(users).set({ phone: '13912345678' }).where(eq(users.id, w.seller.user.id));
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/login`);
    await click(page, 'main a[href="/activate"]');
    assert.match(await text(page), /忘记了密码|没有收到激活码/);
    assert.match(await text(page), /请联系本村（社区）集体经济组织的经办人重新发送/);
    await page.goto(`${server.url}/login`);
    await page.fill('#f-username', '139 1234 5678');
    await page.fill('#f-password', 'TestPassw0rd');
    await click(page, 'button[type=submit].primary');
    assert.match(page.url(), /\/my$/);
    assert.match(await text(page), /张伟民/);
    await ctx.close();
  });
});
