import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { demoIds } from '../helpers/demo-pages';

// Issue 18 item 13: on a 360 px phone a parcel's popup on the collective map fits the screen
// and the map: narrower than the screen, its text wrapping, the map panned so it shows whole.
describe('Browser: map popups fit a 360 px phone (issue 18 item 13)', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let ids: Awaited<ReturnType<typeof demoIds>>;
  before(async () => {
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
  });

  it('when an officer taps each parcel on the map at 360 px, then its popup lies inside the screen and the map, its text wrapped, nothing scrolling sideways', async function () {
    this.timeout(120_000);
    const ctx = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await ctx.newPage();
    await login(page, server.url, 'officer_longgang', DEMO_PASSWORD);
    await page.goto(`${server.url}/collectives/${ids.longgang.id}/map`);
    await page.waitForSelector('.leaflet-container path.parcel');
    const parcels = page.locator('#parcel-map path.parcel');
    const count = await parcels.count();
    assert.equal(count, 6);
    for (let i = 0; i < count; i++) {
      await page.locator('#parcel-map').scrollIntoViewIfNeeded();
      await parcels.nth(i).dispatchEvent('click');
      const popup = page.locator('.leaflet-popup');
      await popup.waitFor();
      // Leaflet pans the map to show the popup (autoPan); the check waits until the pan has ended.
      const inside = () =>
        page.evaluate(() => {
          const p = document.querySelector('.leaflet-popup-content-wrapper')!.getBoundingClientRect();
          const m = document.getElementById('parcel-map')!.getBoundingClientRect();
          return (
            p.left >= m.left && p.right <= m.right && p.top >= m.top && p.bottom <= m.bottom && p.left >= 0 && p.right <= window.innerWidth
          );
        });
      await page.waitForFunction(() => !document.querySelector('.leaflet-map-pane.leaflet-pan-anim, .leaflet-zoom-anim'), null, {
        timeout: 5000,
      });
      await page
        .waitForFunction(
          () => {
            const p = document.querySelector('.leaflet-popup-content-wrapper')?.getBoundingClientRect();
            const m = document.getElementById('parcel-map')!.getBoundingClientRect();
            return !!p && p.left >= m.left && p.right <= m.right && p.top >= m.top && p.bottom <= m.bottom;
          },
          null,
          { timeout: 5000 },
        )
        .catch(() => undefined);
      const box = await page.locator('.leaflet-popup-content-wrapper').boundingBox();
      const map = await page.locator('#parcel-map').boundingBox();
      assert.ok(box && map, 'popup and map are drawn');
      assert.ok(await inside(), `popup ${i} ${JSON.stringify(box)} lies inside the map ${JSON.stringify(map)} and the 360 px screen`);
      assert.ok(box.width <= 300, `popup ${i} is narrower than the screen (${Math.round(box.width)} px)`);
      const text = (await page.textContent('.leaflet-popup-content')) ?? '';
      assert.match(text, /（4402051002010000\d{2}）/, 'the household code is in the popup, whole');
      assert.ok(
        await page.evaluate(() => {
          const c = document.querySelector('.leaflet-popup-content')!;
          return c.scrollWidth <= c.clientWidth + 1;
        }),
        'nothing in the popup is wider than it',
      );
      await page.locator('.leaflet-popup-close-button').dispatchEvent('click');
      await popup.waitFor({ state: 'detached' });
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scrolling');
    await ctx.close();
  });
});
