import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import { formatFen } from '../../server/kernel/money';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { demoMarket } from '../helpers/demo-market';
import { demoIds } from '../helpers/demo-pages';
import { makeCollective, makeUser } from '../helpers/factories';
import { nytFixture } from '../helpers/nyt2539';
import { regions } from '../../models/regions';
import { and, eq } from 'drizzle-orm';
import { rights } from '../../models/rights';

// The README's pictures, taken from the demo data (server/demo/seed.ts) on every run, so the test
// proves they can be taken from the product as it is. A test run writes them to a temporary folder
// and never touches the tracked files; `npm run screenshots` writes them to docs/screenshots on
// purpose (SCREENSHOTS_DIR). Chinese glyphs need a CJK font on the machine (Debian
// fonts-wqy-microhei, installed by .ci/run). The demo has no market, so the last test adds one
// through the use cases (test/helpers/demo-market.ts) before its pictures.

const OUT = process.env.SCREENSHOTS_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'sq-screenshots-'));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${file} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('Screenshots for the README (docs/screenshots), from the demo data', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    h = await freshDb();
    await seedDemo(h.db);
    ids = await demoIds(h.db);
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
    if (!process.env.SCREENSHOTS_DIR) rmSync(OUT, { recursive: true, force: true });
  });

  async function as(username: string, viewport: { width: number; height: number }, phone = false): Promise<Page> {
    const ctx = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, deviceScaleFactor: phone ? 2 : 1, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await login(page, server.url, username, DEMO_PASSWORD);
    return page;
  }

  async function shoot(page: Page, name: string, fullPage: boolean): Promise<string> {
    // Fonts first, so that no picture is taken with fallback boxes.
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(OUT, name);
    await page.screenshot({ path: file, fullPage });
    return file;
  }

  it("when the officer's household page and the collective map are shot at 1280 px, then the pictures show them", async () => {
    const page = await as('officer_longgang', { width: 1280, height: 1500 });
    await page.goto(`${server.url}/households/${ids.li.id}`);
    assert.match((await page.textContent('h1')) ?? '', /李建国/);
    assert.equal(await page.locator('#rights figure.sketch').count(), 4);
    const household = await shoot(page, 'officer-household.png', false);
    assert.deepEqual(pngSize(household), { width: 1280, height: 1500 });

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/collectives/${ids.longgang.id}/map`);
    await page.waitForSelector('.leaflet-container path.parcel');
    await page.waitForTimeout(300); // Leaflet's zoom animation
    const map = await shoot(page, 'collective-map.png', false);
    assert.deepEqual(pngSize(map), { width: 1280, height: 900 });
    await page.context().close();
  });

  it("when the farmer's page is shot on a 360 px phone, the farmer's certificate and the help page on a desktop, then the pictures show them (ID numbers masked)", async () => {
    const phone = await as('farmer_li', { width: 360, height: 900 }, true);
    assert.match(phone.url(), /\/my$/);
    assert.match((await phone.textContent('main')) ?? '', /塘背田/);
    const farmer = await shoot(phone, 'farmer-phone.png', false);
    assert.deepEqual(pngSize(farmer), { width: 720, height: 1800 }, '360 × 900 CSS pixels at twice the density');
    await phone.context().close();

    // The certificate as its holder sees it: ID numbers masked (rule 14), so the picture shows no full one.
    const desk = await as('farmer_li', { width: 1280, height: 900 });
    await desk.goto(`${server.url}/certificates/${ids.landCert.id}`);
    assert.match((await desk.textContent('.certificate h1')) ?? '', /农村土地承包经营权证/);
    assert.equal(await desk.locator('.cert-annex figure.sketch').count(), 3, 'three parcels: their sketches on the annex page');
    assert.match((await desk.textContent('.certificate')) ?? '', /440205\*{11}[\dX]/);
    const cert = await shoot(desk, 'certificate.png', true);
    assert.equal(pngSize(cert).width, 1280);
    await desk.context().close();

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 1100 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await page.goto(`${server.url}/help`);
    assert.match((await page.textContent('h1')) ?? '', /使用帮助/);
    const help = await shoot(page, 'help.png', false);
    assert.deepEqual(pngSize(help), { width: 1280, height: 1100 });
    await ctx.close();
  });

  it("when the seller's listing with two offers and the city bureau's dashboard are shot at 1280 px, then the pictures show them", async () => {
    const market = await demoMarket(h.db);
    const seller = await as('farmer_li', { width: 1280, height: 900 });
    await seller.goto(`${server.url}/listings/${market.withOffers.id}`);
    const text = (await seller.textContent('main')) ?? '';
    for (const s of [formatFen(market.withOffers.askingPriceFen), '陈志强', '黄丽华'])
      assert.ok(text.includes(s), `the listing shows ${s}: ${seller.url()} ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
    const listing = await shoot(seller, 'listing-offers.png', false);
    assert.deepEqual(pngSize(listing), { width: 1280, height: 900 });
    await seller.context().close();

    const bureau = await as('bureau_city', { width: 1280, height: 1300 });
    await bureau.goto(`${server.url}/oversight`);
    assert.match((await bureau.textContent('h1')) ?? '', /统计监管/);
    await bureau.waitForSelector('[data-chart] canvas');
    await bureau.waitForTimeout(500); // Chart.js animates its first drawing
    const dash = await shoot(bureau, 'bureau-dashboard.png', false);
    assert.deepEqual(pngSize(dash), { width: 1280, height: 1300 });
    await bureau.context().close();
  });
  it("when the certificate is printed (A4), the officer's to-do list and a farmer's notifications on a phone are shot, then the pictures show them (issue 18, done when)", async () => {
    // The market of the previous test is there: 李建国's listing has offers, his shares wait for consents.
    const print = await as('farmer_li', { width: 794, height: 1123 });
    await print.goto(`${server.url}/certificates/${ids.landCert.id}`);
    await print.emulateMedia({ media: 'print' });
    assert.match((await print.textContent('.certificate h1')) ?? '', /农村土地承包经营权证/);
    assert.equal(await print.locator('.no-print').first().isVisible(), false, 'the print shows no buttons or menu');
    assert.match((await print.textContent('.certificate')) ?? '', /440205\*{11}[\dX]/, 'ID numbers masked on the print too');
    const printed = await shoot(print, 'certificate-print.png', true);
    assert.equal(pngSize(printed).width, 794);
    await print.context().close();

    const officer = await as('officer_longgang', { width: 1280, height: 900 });
    await officer.goto(`${server.url}/`);
    const todo = (await officer.textContent('main')) ?? '';
    assert.match(todo, /待办事项/);
    assert.doesNotMatch(todo, /目前没有待办事项/, 'the to-do list has work in it');
    const todoShot = await shoot(officer, 'officer-todo.png', false);
    assert.deepEqual(pngSize(todoShot), { width: 1280, height: 900 });
    await officer.context().close();

    const phone = await as('farmer_li', { width: 360, height: 800 }, true);
    await phone.goto(`${server.url}/notifications`);
    assert.match((await phone.textContent('main')) ?? '', /收到新报价/);
    const notice = await shoot(phone, 'farmer-notification.png', false);
    assert.deepEqual(pngSize(notice), { width: 720, height: 1600 });
    await phone.context().close();
  });

  it("when a county's NY/T 2539 package is imported (dry run, then confirmed), then the collective map shows its parcels; and an officer drawing a parcel on the correction form sees the area warning (issue 17, done when)", async () => {
    // The test fixture's first 发包方 (scripts/lib/nyt2539), a village of 马坝镇 beside the demo's.
    await h.db
      .insert(regions)
      .values({ code: '440205100210', name: '村210', level: 'village', parentCode: '440205100' })
      .onConflictDoNothing();
    const c = await makeCollective(h.db, { regionCode: '440205100210', groupCode: '00', name: '马坝镇村210第一村民小组' });
    const { user } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const ctx = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await login(page, server.url, user.username);
    await page.goto(`${server.url}/imports/nyt2539/new`);
    await page.setInputFiles('#f-file', { name: '马坝镇确权.zip', mimeType: 'application/zip', buffer: (await nytFixture()).zip });
    await Promise.all([page.waitForNavigation(), page.click('form[action="/imports/nyt2539"] button.primary')]);
    await page.waitForSelector('text=检查完成', { timeout: 120_000 });
    const households = await page.locator('tr[data-household]').count();
    assert.ok(households > 0, 'the dry run lists the households to create');
    const dry = await shoot(page, 'nyt2539-dry-run.png', false);
    assert.deepEqual(pngSize(dry), { width: 360, height: 800 });
    page.once('dialog', (d) => void d.accept());
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button.primary')]);
    await page.waitForSelector('text=已写入：新建', { timeout: 120_000 });

    await page.setViewportSize({ width: 1200, height: 800 });
    await page.goto(`${server.url}/collectives/${c.id}/map`);
    await page.waitForSelector('#parcel-map path.parcel');
    assert.ok((await page.locator('#parcel-map path.parcel').count()) > households, 'every imported parcel is on the map');
    const map = await shoot(page, 'nyt2539-map.png', false);
    assert.deepEqual(pngSize(map), { width: 1200, height: 800 });
    await ctx.close();

    // Item 3: 李建国's 山脚地 has no outline; the officer draws one on the correction form's map.
    const officer = await as('officer_longgang', { width: 1280, height: 900 });
    const [land] = await h.db
      .select()
      .from(rights)
      .where(and(eq(rights.householdId, ids.li.id), eq(rights.kind, 'land')));
    await officer.goto(`${server.url}/rights/${land.id}/correct`);
    const field = officer
      .locator('.parcel-row', { has: officer.locator('input[value="4402051002010000002"]') })
      .locator('fieldset.shape-field');
    await field.locator('path.parcel.snap-source').first().waitFor();
    await field.locator('button.draw-start').click();
    const box = (await field.locator('.draw-map').boundingBox())!;
    const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
    const corners: [number, number][] = [
      [cx - 30, cy + 40],
      [cx + 45, cy + 30],
      [cx + 35, cy + 95],
      [cx - 40, cy + 100],
    ];
    for (const [i, [x, y]] of corners.entries()) {
      await officer.mouse.click(x, y);
      await field.locator('.draw-map .marker-icon:not(.cursor-marker)').nth(i).waitFor({ state: 'attached' });
    }
    await officer.mouse.click(...corners[0]);
    await field.locator('.draw-warning.warn').waitFor();
    await field.scrollIntoViewIfNeeded();
    await officer.evaluate(() => document.fonts.ready);
    const file = path.join(OUT, 'parcel-draw.png');
    await field.screenshot({ path: file });
    assert.ok(pngSize(file).width > 600, 'the parcel map with its tools, areas and warning');
    await officer.context().close();
  });
});
