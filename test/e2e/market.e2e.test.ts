import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { deals, listings } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { listMembers } from '../../server/registry/households';
import { sweepMarket } from '../../server/market/sweep';
import { registerLand } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { landInput, makeCollective, makeHousehold, makeUser, PASSWORD, VILLAGE_B } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { afterNotice, farmerOf } from '../helpers/market';
import { PDF } from '../helpers/market-http';

// The whole market path in Chromium with several accounts: farmers on a 360 px phone, the
// officer on a desktop. Confirmation dialogs (public/app.js) are accepted as a user would.

describe('Browser: a land transfer from listing to the new certificate, with an outsider refused', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  const clock = testClock();
  before(async () => {
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

  /** A fresh browser session: phone-sized for farmers, desktop for the officer. */
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

  it('when seller, officer, an insider and an outsider walk the whole path, then every step shows what the rules say', async function () {
    this.timeout(300_000);
    const c = await makeCollective(h.db, { name: '浏览器流转合作社' });
    const { user: officerUser, actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const sellerHh = await makeHousehold(h.db, officer, c);
    const seller = await farmerOf(h.db, sellerHh);
    const spouse = (await listMembers(h.db, sellerHh.id)).find((m) => m.relation === 'spouse')!;
    const land = await registerLand(h.db, officer, sellerHh.id, landInput(c), now());
    await issueCertificate(h.db, officer, land.id, {}, now());
    const buyerHh = await makeHousehold(h.db, officer, c);
    const buyer = await farmerOf(h.db, buyerHh);
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const outsider = await farmerOf(h.db, await makeHousehold(h.db, otherOfficer, other));

    // 1. The seller lists the land from their household page, on a phone, and consents.
    let s = await session(seller.user.username, true);
    await s.page.goto(`${server.url}/my`);
    await fitsPhone(s.page);
    await click(s.page, `a[href="/rights/${land.id}/list"]`);
    assert.match(await text(s.page), /完全由您自愿决定/);
    await s.page.fill('#f-askingPrice', '18000');
    await click(s.page, 'form button[type=submit].primary');
    const listingUrl = s.page.url();
    const listingId = listingUrl.split('/').pop()!;
    assert.match(await text(s.page), /尚未同意/);
    await click(s.page, `form[action="/listings/${listingId}/consent"] button`);
    assert.match(await text(s.page), /已登记您的同意/);
    await fitsPhone(s.page);
    await s.ctx.close();

    // 2. The officer uploads the spouse's signed paper consent.
    let o = await session(officerUser.username, false);
    await o.page.goto(listingUrl);
    await o.page.setInputFiles(`#scan-${spouse.id}`, { name: '同意书.pdf', mimeType: 'application/pdf', buffer: PDF });
    await click(o.page, `form[action="/listings/${listingId}/paper-consents"] button`);
    assert.match(await text(o.page), /书面同意书已登记/);
    assert.match(await text(o.page), /已签书面同意书/);
    await o.ctx.close();

    // 3. The seller submits; the officer approves; the notice period starts.
    s = await session(seller.user.username, true);
    await s.page.goto(listingUrl);
    await click(s.page, `form[action="/listings/${listingId}/submit"] button`);
    assert.match(await text(s.page), /待审核/);
    await s.ctx.close();
    o = await session(officerUser.username, false);
    await o.page.goto(`${server.url}/market`);
    await click(o.page, `a[href="/listings/${listingId}"]`);
    await click(o.page, `form[action="/listings/${listingId}/approve"] button`);
    assert.match(await text(o.page), /剩余 10 天/);
    await o.ctx.close();

    // 4. An insider sees it in the market with its days left and offers.
    const b = await session(buyer.user.username, true);
    await b.page.goto(`${server.url}/market`);
    assert.match(await text(b.page), /剩余 10 天/);
    await click(b.page, `a[href="/listings/${listingId}"]`);
    await fitsPhone(b.page);
    await b.page.fill('#f-price', '18500');
    await click(b.page, '#offer-form button');
    assert.match(await text(b.page), /报价已提交/);
    await b.ctx.close();

    // 5. An outsider is refused: the listing is not shown, and a forged offer is refused by rule 1.
    const x = await session(outsider.user.username, true);
    const resp = await x.page.goto(listingUrl);
    assert.equal(resp?.status(), 403);
    assert.match(await text(x.page), /只向本集体经济组织成员公示/);
    await Promise.all([
      x.page.waitForNavigation(),
      x.page.evaluate((id) => {
        const token = (document.querySelector('input[name=_csrf]') as HTMLInputElement).value;
        const f = document.createElement('form');
        f.method = 'post';
        f.action = `/listings/${id}/offers`;
        for (const [k, v] of [
          ['_csrf', token],
          ['price', '99999'],
        ]) {
          const i = document.createElement('input');
          i.name = k;
          i.value = v;
          f.appendChild(i);
        }
        document.body.appendChild(f);
        f.submit();
      }, listingId),
    ]);
    assert.match(await text(x.page), /买方不属于本集体经济组织.*第三十四条/);
    await x.ctx.close();

    // 6. The notice period ends by the clock; the job closes it and asks the seller to choose.
    const [published] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    clock.set(afterNotice(published.reviewedAt!));
    await sweepMarket(h.db, clock.now());
    s = await session(seller.user.username, true);
    await s.page.goto(`${server.url}/notifications`);
    assert.match(await text(s.page), /请选择买方/);
    await s.page.goto(listingUrl);
    assert.match(await text(s.page), /公示期已结束/);
    await click(s.page, `form[action="/listings/${listingId}/choose"] button`);
    const dealUrl = s.page.url();
    const dealId = dealUrl.split('/').pop()!;
    assert.match(await text(s.page), /交易已成立/);
    await click(s.page, `a[href="/deals/${dealId}/contract"]`);
    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    for (const clause of [
      d.number,
      '农村土地承包经营权转让合同',
      '第三条 期限',
      '壹万捌仟伍佰元整',
      '第七条 违约责任',
      '第八条 争议解决',
    ]) {
      assert.ok((await text(s.page)).includes(clause), `the contract shows ${clause}`);
    }
    await s.page.goto(dealUrl);
    // 电子签名法 §13: the signer types the password again; the seller gives the payee account.
    await s.page.fill('#f-payeeAccount', '韶关农商银行 6230580000123456789');
    await s.page.fill('#f-password', PASSWORD);
    await click(s.page, `form[action="/deals/${dealId}/sign"] button`);
    await s.ctx.close();

    // 7. The buyer signs from "my market"; the seller confirms payment.
    const b2 = await session(buyer.user.username, true);
    await b2.page.goto(`${server.url}/market/mine`);
    await click(b2.page, `a[href="/deals/${dealId}"]`);
    await b2.page.fill('#f-password', PASSWORD);
    await click(b2.page, `form[action="/deals/${dealId}/sign"] button`);
    assert.match(await text(b2.page), /已签约/);
    await b2.ctx.close();
    s = await session(seller.user.username, true);
    await s.page.goto(dealUrl);
    await click(s.page, `form[action="/deals/${dealId}/paid"] button`);
    assert.match(await text(s.page), /已确认收款/);
    await s.ctx.close();

    // 8. The officer records the settlement and makes the registration change.
    o = await session(officerUser.username, false);
    await o.page.goto(dealUrl);
    await click(o.page, `form[action="/deals/${dealId}/settle"] button`);
    await click(o.page, `form[action="/deals/${dealId}/register"] button`);
    assert.match(await text(o.page), /变更登记已完成/);
    await click(o.page, `a[href="/deals/${dealId}/attestation"]`);
    assert.match(await text(o.page), /农村产权交易鉴证书/);
    await o.ctx.close();

    // 9. The buyer sees the land and its new certificate in their own household.
    const b3 = await session(buyer.user.username, true);
    await b3.page.goto(`${server.url}/my`);
    assert.match(await text(b3.page), /土地承包经营权/);
    await fitsPhone(b3.page);
    await click(b3.page, '#h-rights ~ article a[href^="/certificates/"], article.kind-land a[href^="/certificates/"]');
    assert.match(await text(b3.page), /农村土地承包经营权证/);
    assert.ok((await text(b3.page)).includes(buyerHh.code), "the certificate names the buyer's household");
    await b3.ctx.close();
  });
});
