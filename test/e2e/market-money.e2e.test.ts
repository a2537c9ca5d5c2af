import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { escrowEntries } from '../../models/escrow';
import { deals } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { addDays, shanghaiDate } from '../../server/kernel/clock';
import { signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerHomestead } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { homesteadInput, makeHousehold } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { farmerOf, marketWorld, publish } from '../helpers/market';

// Issue 20 in Chromium: a supervised payment (资金监管) from the deposit to the release. The
// officer records the bidder's deposit (保证金) on the listing page, the seller chooses the
// buyer on a phone, the officer records the price paid into the supervised account, settles and
// registers; the deal page shows the money held, then released to the seller.

describe('Browser: a supervised payment, from the deposit to its release at registration (issue 20)', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  const clock = testClock();
  before(async function () {
    this.timeout(300_000);
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

  it('when the officer records the deposit and the price and registers, then the deal page shows the money held, then released to the seller', async function () {
    this.timeout(300_000);
    const w = await marketWorld(h.db, { name: '资金监管合作社', depositFen: 50_000, supervisedPayment: true });
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const l = await publish(h.db, w, home.id, { path: 'transfer', askingPriceFen: 5_000_000 }, clock.now());
    const buyer = await farmerOf(h.db, await makeHousehold(h.db, w.officer, w.c));
    const offer = await makeOffer(h.db, buyer.actor, l.id, { priceFen: 5_200_000 }, clock.now());
    const listingUrl = `${server.url}/listings/${l.id}`;

    // 1. The officer records the bidder's deposit from the bank slip.
    let o = await session(w.officerUser.username, false);
    await o.page.goto(listingUrl);
    assert.match(await text(o.page), /出价须交竞买保证金 ¥500\.00/);
    assert.match(await text(o.page), /保证金未到账，报价暂不计入/);
    await o.page.click('details.record-deposit summary');
    await o.page.fill(`#deposit-${offer.id}-amount`, '500');
    await o.page.fill(`#deposit-${offer.id}-valueDate`, shanghaiDate(clock.now()));
    await o.page.fill(`#deposit-${offer.id}-bankReference`, 'NX20260310001');
    await click(o.page, `form[action="/listings/${l.id}/offers/${offer.id}/deposit"] button[type=submit]`);
    assert.match(await text(o.page), /保证金到账已登记/);
    assert.match(await text(o.page), /保证金 ¥500\.00 已到账/);
    await o.ctx.close();

    // 2. The period over, the seller chooses the buyer on a phone; both sign.
    clock.set(addDays(clock.now(), 11));
    const s = await session(w.sellerUser.username, true);
    await s.page.goto(listingUrl);
    assert.match(await text(s.page), /1 个有效报价/);
    await click(s.page, `form[action="/listings/${l.id}/choose"] button`);
    const dealUrl = s.page.url();
    const dealId = dealUrl.split('/').pop()!;
    assert.match(await text(s.page), /本交易实行资金监管/);
    assert.match(await text(s.page), /监管账户为本交易存放\s*¥500\.00/);
    await s.ctx.close();
    await signDeal(h.db, w.seller, dealId, clock.now());
    await signDeal(h.db, buyer.actor, dealId, clock.now());

    // 3. The officer records the price paid in (the price less the deposit), settles and registers.
    o = await session(w.officerUser.username, false);
    await o.page.goto(dealUrl);
    assert.match(await text(o.page), /买方尚须交入\s*¥51,500\.00/);
    await o.page.fill('#price-amount', '51500.00');
    await o.page.fill('#price-valueDate', shanghaiDate(clock.now()));
    await o.page.fill('#price-bankReference', 'NX20260321007');
    await click(o.page, `form[action="/deals/${dealId}/escrow"] button[type=submit]`);
    assert.match(await text(o.page), /价款到账已登记/);
    assert.match(await text(o.page, '#escrow-held'), /¥52,000\.00/);
    await click(o.page, `form[action="/deals/${dealId}/settle"] button`);
    await click(o.page, `form[action="/deals/${dealId}/register"] button`);
    assert.match(await text(o.page, '#escrow-held'), /¥0\.00/);
    assert.match(await text(o.page, '#escrow-released'), /¥52,000\.00/);
    await o.ctx.close();

    // 4. The seller sees the money released with the registration; there was never a "payment received" to click.
    const s2 = await session(w.sellerUser.username, true);
    await s2.page.goto(dealUrl);
    assert.match(await text(s2.page), /已于变更登记时付给卖方\s*¥52,000\.00/);
    assert.match(await text(s2.page), /价款付给卖方（变更登记）/);
    assert.equal(await s2.page.locator(`form[action="/deals/${dealId}/paid"]`).count(), 0);
    await s2.ctx.close();

    const [d] = await h.db.select().from(deals).where(eq(deals.id, dealId));
    assert.equal(d.status, 'registered');
    const rows = await h.db.select().from(escrowEntries).where(eq(escrowEntries.listingId, l.id));
    assert.deepEqual(rows.map((r) => [r.kind, r.amountFen]).sort(), [
      ['deposit_in', 50_000],
      ['deposit_to_price', 50_000],
      ['price_in', 5_150_000],
      ['price_release', 5_200_000],
    ]);
  });
});
