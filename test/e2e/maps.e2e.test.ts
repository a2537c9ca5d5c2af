import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { households } from '../../models/households';
import { rights } from '../../models/rights';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { demoIds } from '../helpers/demo-pages';

describe('Browser: the collective parcel map, with and without JavaScript', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
    h = await freshDb();
    await seedDemo(h.db);
    ids = await demoIds(h.db);
    // The demo lists 陈志强's orchard parcel (挂牌中): his contract's parcels take the listed outline.
    const [chen] = await h.db.select().from(households).where(eq(households.code, '440205100201000002'));
    const [land] = await h.db
      .select()
      .from(rights)
      .where(eq(rights.householdId, chen.id))
      .then((rs) => rs.filter((r) => r.kind === 'land'));
    assert.equal(land.status, 'listed', "the demo seed lists part of 陈志强's contract");
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when an officer clicks a parcel on the Leaflet map, then a popup names it and its household, and its link opens the household page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await login(page, server.url, 'officer_longgang', DEMO_PASSWORD);
    await page.click('header nav >> text=地块分布图');
    await page.waitForSelector('.leaflet-container path.parcel');
    // Six surveyed outlines (山脚地 has none); the overview drawn by the server has made way for Leaflet.
    assert.equal(await page.locator('#parcel-map path.parcel').count(), 6);
    assert.equal(await page.locator('#parcel-map svg.overview').count(), 0);
    assert.equal(await page.locator('.leaflet-tile').count(), 0, 'no tile server configured: a plain background');
    assert.ok(
      requests.every((u) => u.startsWith(server.url) || u.startsWith('data:')),
      'nothing is fetched from outside the app',
    );
    const listed = page.locator('#parcel-map path.parcel.status-listed');
    assert.equal(await listed.count(), 2, "the two mapped parcels of 陈志强's listed contract");
    assert.equal(await listed.first().evaluate((el) => getComputedStyle(el).stroke), 'rgb(179, 89, 0)');
    assert.equal(await page.locator('#parcel-map path.parcel.kind-homestead').count(), 2);

    await page.locator('#parcel-map path.parcel.kind-land.status-active').first().click();
    const popup = page.locator('.leaflet-popup-content');
    await popup.waitFor();
    const text = (await popup.textContent()) ?? '';
    assert.match(text, /承包地 · (塘背田|果园)/);
    assert.match(text, /李建国（440205100201000001）/);
    assert.match(text, /正常/);
    await Promise.all([page.waitForNavigation(), popup.locator('a', { hasText: '查看农户' }).click()]);
    assert.match((await page.textContent('h1')) ?? '', /李建国/);
    assert.match(page.url(), /\/households\/[0-9a-f-]{36}$/);
    await page.close();
  });

  it('when the bureau opens the map without JavaScript, then the server-drawn map and the table both link each parcel to its household', async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, isMobile: true });
    const page = await ctx.newPage();
    await login(page, server.url, 'bureau_qujiang', DEMO_PASSWORD);
    await page.goto(`${server.url}/maps`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/collectives/${ids.longgang.id}/map"]`)]);
    assert.equal(await page.locator('svg.overview path.parcel').count(), 6);
    assert.match((await page.textContent('main')) ?? '', /山脚地\s*（未录入测绘范围）/);
    await Promise.all([page.waitForNavigation(), page.click(`svg.overview a[href="/households/${ids.li.id}"] >> nth=0`)]);
    assert.match((await page.textContent('h1')) ?? '', /李建国/);
    // The certificate sketches print from the same page without any script (three parcels: on the annex page).
    await page.goto(`${server.url}/certificates/${ids.landCert.id}`);
    assert.equal(await page.locator('.cert-annex figure.sketch').count(), 3);
    await ctx.close();
  });

  it('when a land certificate with three parcels is printed on A4, then the QR code prints, the menus do not, and the sketches fill an annex page of their own, two per row, none cut', async () => {
    const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
    await login(page, server.url, 'farmer_li', DEMO_PASSWORD);
    await page.goto(`${server.url}/certificates/${ids.landCert.id}`);
    await page.emulateMedia({ media: 'print' });
    const shown = (sel: string) =>
      page
        .locator(sel)
        .first()
        .evaluate((el) => getComputedStyle(el).display !== 'none');
    assert.equal(await shown('header.top'), false);
    assert.equal(await shown('body > footer'), false);
    assert.equal(await shown('.cert-foot'), true, 'the QR code for the public check is printed');
    assert.equal(await page.locator('.cert-annex').evaluate((el) => getComputedStyle(el).breakBefore), 'page');
    const figs = await page
      .locator('.cert-annex figure.sketch')
      .evaluateAll((els) => els.map((el) => ({ w: el.getBoundingClientRect().width, avoid: getComputedStyle(el).breakInside })));
    const content = await page.locator('.cert-annex .sketches').evaluate((el) => el.getBoundingClientRect().width);
    assert.equal(figs.length, 3);
    for (const f of figs) {
      assert.equal(f.avoid, 'avoid');
      assert.ok(f.w > content * 0.4 && f.w < content * 0.55, `two sketches per row (${f.w} of ${content})`);
    }
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length, 2, 'the certificate, then its sketches');
    await page.close();
  });
});
