import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { household, land, oversightWorld } from '../helpers/oversight-factories';

// Issue 7 in Chromium: long work shows its progress and can be left and come back to. An
// officer starts a register export, leaves, comes back through the exports list and downloads
// the file; a county bureau prepares the annual report and opens it again from its list.

describe('Browser: an officer exports the register and a bureau prepares the annual report, each leaving and coming back (issue 7)', function () {
  this.timeout(120_000);
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let w: Awaited<ReturnType<typeof oversightWorld>>;
  let code: string;
  const problems: string[] = [];

  before(async () => {
    h = await freshDb();
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
    w = await oversightWorld(h.db);
    const hh = await household(h.db, w.oA1, w.cA1);
    await land(h.db, w.oA1, w.cA1, hh.id, '2.40', true);
    code = hh.code;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  async function newPage(): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
    });
    return page;
  }

  it('when the officer starts an XLSX export, goes elsewhere and comes back through the exports list, then the file downloads and holds the register', async () => {
    const page = await newPage();
    await login(page, server.url, await userOf(w.oA1.id));
    await page.goto(`${server.url}/exports`);
    await Promise.all([page.waitForNavigation(), page.click('form[action="/exports"] button.primary')]);
    assert.match(page.url(), /\/exports\/[0-9a-f-]{36}$/);
    const jobUrl = page.url();
    // The page refreshes itself until the file is ready.
    await page.waitForSelector('text=导出完成', { timeout: 30_000 });
    assert.match((await page.textContent('h1')) ?? '', /可下载/);

    await page.goto(`${server.url}/households`);
    await page.goto(`${server.url}/exports`);
    const row = page.locator('table tbody tr').first();
    assert.match((await row.textContent()) ?? '', /XLSX[\s\S]*可下载/);
    await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
    assert.equal(page.url(), jobUrl);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a.button.primary[download]')]);
    assert.match(download.suggestedFilename(), /-登记簿-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as never);
    assert.deepEqual(
      wb.worksheets.map((s) => s.name),
      ['成员 Members', '承包地块 Land parcels', '宅基地 Homesteads', '股权 Shares'],
    );
    assert.ok(
      JSON.stringify(wb.getWorksheet('承包地块 Land parcels')!.getSheetValues()).includes(code),
      'the land sheet holds the household',
    );
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("when the county bureau prepares the annual report and later opens it from its list, then it shows the year's figures and when they were made", async () => {
    const page = await newPage();
    await login(page, server.url, w.countyA.user.username);
    await page.goto(`${server.url}/oversight`);
    await Promise.all([page.waitForNavigation(), page.click('text=统计年报')]);
    await page.fill('#f-year', '2026');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/oversight/reports"] button.primary')]);
    await page.waitForSelector('article.annual-report', { timeout: 30_000 });
    const reportUrl = page.url();
    assert.match((await page.textContent('article h1')) ?? '', /2026 年农村“三权”统计年报/);
    assert.match((await page.textContent('article header .muted')) ?? '', /生成时间/);

    await page.goto(`${server.url}/oversight`);
    await page.goto(`${server.url}/oversight/report`);
    const row = page.locator('table tbody tr').first();
    assert.match((await row.textContent()) ?? '', /2026[\s\S]*已生成/);
    await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
    assert.equal(page.url(), reportUrl);
    assert.match((await page.textContent('article')) ?? '', /农户与人口/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  async function userOf(id: string): Promise<string> {
    const { users } = await import('../../models/accounts');
    const { eq } = await import('drizzle-orm');
    const [u] = await h.db.select({ username: users.username }).from(users).where(eq(users.id, id));
    return u.username;
  }
});
