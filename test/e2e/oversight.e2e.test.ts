import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { launch, login, serve } from '../helpers/browser';
import { day, household, land, oversightWorld, sale } from '../helpers/oversight-factories';

describe('Browser: the city bureau drills down from the city to a collective, sees charts beside their tables, and exports a table', function () {
  this.timeout(120_000);
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    h = await freshDb();
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
    page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    // A CSP refusal or a script error would show here (the charts need Chart.js from the app itself).
    page.on('console', (m) => {
      if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when the dashboard is walked city → county → township → village → collective and a table exported, then each level shows its figures and the file holds them', async () => {
    const w = await oversightWorld(h.db);
    const seller = await household(h.db, w.oA1, w.cA1, '2026-01-10');
    const buyer = await household(h.db, w.oA1, w.cA1);
    await sale(h.db, w.oA1, await land(h.db, w.oA1, w.cA1, seller.id, '2.00', true), buyer.id, 1_600_000, day('2026-03-15'));
    await household(h.db, w.oB, w.cB);

    await login(page, server.url, w.city.user.username);
    await Promise.all([page.waitForNavigation(), page.click('header nav >> text=统计监管')]);
    assert.match((await page.textContent('h1')) ?? '', /统计监管\s*韶关市/);
    await page.fill('#f-from', '2026-01');
    await page.fill('#f-to', '2026-12');
    await Promise.all([page.waitForNavigation(), page.click('form.filters button[type=submit]')]);
    // Chart.js drew the charts (CSP script-src 'self'), each beside its table.
    await page.waitForSelector('[data-chart="children"] canvas');
    assert.ok(await page.isVisible('table[data-table="children"]'));
    assert.equal(await page.locator('[data-chart] canvas').count(), 4);

    for (const [link, heading] of [
      ['曲江区', '曲江区'],
      ['马坝镇', '马坝镇'],
      ['龙岗村', '龙岗村'],
      [w.cA1.name, w.cA1.name],
    ]) {
      await Promise.all([page.waitForNavigation(), page.click(`table[data-table="children"] tbody a:text-is("${link}")`)]);
      assert.match((await page.textContent('h1 small')) ?? '', new RegExp(heading));
      assert.match(page.url(), /from=2026-01&to=2026-12/, 'the period is kept while drilling down');
    }
    const crumbs = (await page.textContent('nav.crumbs')) ?? '';
    assert.match(crumbs, /韶关市\s*›\s*曲江区\s*›\s*马坝镇\s*›\s*龙岗村\s*›\s*测试合作社/);
    const households = await page.textContent('table[data-table="people"] tbody tr:first-child td');
    assert.equal(households?.trim(), '2');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#t-deals .exports a:text-is("CSV")')]);
    const file = await readFile((await download.path())!, 'utf8');
    assert.match(download.suggestedFilename(), /\.csv$/);
    assert.match(file, /流转,土地承包经营权,亩,1,2,16000/);
    assert.deepEqual(problems, []);
  });
});
