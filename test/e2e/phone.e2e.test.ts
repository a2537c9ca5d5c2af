import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';

// Issue 18 item 13: at 360 px the menu folds behind a button, and the household list becomes
// cards: no column a character wide.
describe('Browser: a phone at 360 px (issue 18 item 13)', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  before(async () => {
    h = await freshDb();
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when an officer uses a phone, then the menu opens from its button and the household list shows one card per household', async () => {
    const c = await makeCollective(h.db);
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    for (let i = 0; i < 3; i++) await makeHousehold(h.db, actor, c);
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    // Logging in on the wide page, then narrowing it.
    await page.setViewportSize({ width: 1000, height: 740 });
    await login(page, server.url, user.username);
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${server.url}/households`);

    assert.equal(await page.isVisible('#main-menu'), false, 'the menu is folded');
    await page.click('label.menu-button');
    assert.equal(await page.isVisible('#main-menu'), true, 'the button opens it');
    assert.ok(await page.isVisible('#main-menu a[href="/households"]'));

    const cells = await page.$$eval('table.stack td', (tds) => tds.map((td) => td.getBoundingClientRect().width));
    assert.ok(cells.length >= 12);
    assert.ok(
      cells.every((w) => w > 250),
      `each cell takes the card's width: ${cells.map(Math.round)}`,
    );
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scroll <= 360, `no sideways scrolling (${scroll} px)`);

    // At desktop width the menu is simply there, with no button.
    await page.setViewportSize({ width: 1200, height: 800 });
    assert.equal(await page.isVisible('label.menu-button'), false);
    assert.equal(await page.isVisible('#main-menu'), true);
    await page.close();
  });
});
