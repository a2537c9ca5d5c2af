import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { demoIds } from '../helpers/demo-pages';

// Issue 18 item 13, the rest: on a 360 px phone the admin's tables (users, collectives, regions,
// API tokens) become one card per row like the household list — no column a character wide —
// and every label of a parcel sketch is drawn at 12 px or more.
describe('Browser: admin tables as cards and readable sketch labels at 360 px (issue 18 item 13)', () => {
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

  async function phone(username: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 740 } });
    await login(page, server.url, username, DEMO_PASSWORD);
    await page.setViewportSize({ width: 360, height: 740 });
    return page;
  }

  it("when the admin's lists are opened on a phone, then each row is a card with labelled cells and nothing scrolls sideways", async () => {
    const page = await phone('admin');
    for (const path of ['/admin/users', '/admin/collectives', '/admin/regions', '/admin/tokens']) {
      await page.goto(`${server.url}${path}`);
      const rows = await page.$$eval('main table tbody tr', (trs) => trs.length);
      if (path !== '/admin/tokens') assert.ok(rows > 0, `${path} lists something`);
      const cells = await page.$$eval('main table tbody td', (tds) =>
        tds
          .filter((td) => getComputedStyle(td).display !== 'none')
          .map((td) => ({ w: td.getBoundingClientRect().width, label: td.getAttribute('data-label') })),
      );
      assert.ok(
        cells.every((c) => c.w > 250),
        `${path}: each cell takes the card's width: ${cells.map((c) => Math.round(c.w))}`,
      );
      assert.ok(cells.filter((c) => !c.label).length <= rows, `${path}: every cell but the row's action names its column`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 360, `${path}: no sideways scrolling (${scroll} px)`);
    }
    await page.close();
  });

  it("when a household's parcel sketches are shown on a phone, then every label is at least 12 px high on screen", async () => {
    const page = await phone('officer_longgang');
    await page.goto(`${server.url}/households/${ids.li.id}`);
    const open = await page.$$('details.sketches-box:not([open]) > summary');
    for (const s of open) await s.click();
    const sizes = await page.$$eval('figure.sketch svg text', (texts) =>
      texts.map((t) => {
        const el = t as SVGTextElement;
        const scale = el.getScreenCTM()?.a ?? 1;
        return { text: el.textContent, px: parseFloat(getComputedStyle(el).fontSize) * scale };
      }),
    );
    assert.ok(sizes.length >= 8, `the sketches have labels (${sizes.length})`);
    const small = sizes.filter((s) => s.px < 12);
    assert.deepEqual(small, [], 'no sketch label smaller than 12 px');
    await page.close();
  });
});
