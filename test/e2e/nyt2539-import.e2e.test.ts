import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { regions } from '../../models/regions';
import { rows, type Handle } from '../../server/platform/db';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';
import { nytFixture } from '../helpers/nyt2539';

// Issue 17 in Chromium: an officer uploads the county's package, reads the dry run (each
// household new, nothing written yet), confirms through the browser's dialog, sees the result,
// and finds the imported parcels on the collective's map. (The README's pictures of the same journey
// are taken by test/e2e/screenshots.e2e.test.ts, `npm run screenshots`.)

describe("Browser: an officer imports the county's NY/T 2539 package with a dry run, then sees it on the map (issue 17)", function () {
  this.timeout(180_000);
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let username: string;
  let collectiveId: string;

  before(async () => {
    h = await freshDb();
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
    await h.db
      .insert(regions)
      .values({ code: '440205100210', name: '村210', level: 'village', parentCode: '440205100' })
      .onConflictDoNothing();
    const c = await makeCollective(h.db, { regionCode: '440205100210', groupCode: '00' });
    collectiveId = c.id;
    username = (await makeUser(h.db, 'officer', { collectiveId: c.id })).user.username;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when the officer uploads the package, then the dry run lists the households, writes nothing, and the confirmed write puts the parcels on the map', async () => {
    const problems: string[] = [];
    const page = await browser.newPage({ viewport: { width: 360, height: 800 }, locale: 'zh-CN' });
    page.on('pageerror', (e) => problems.push(e.message));
    await login(page, server.url, username);
    await page.goto(`${server.url}/imports/new`);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/imports/nyt2539/new"]')]);
    const f = await nytFixture();
    await page.setInputFiles('#f-file', { name: '马坝镇确权.zip', mimeType: 'application/zip', buffer: f.zip });
    await Promise.all([page.waitForNavigation(), page.click('form[action="/imports/nyt2539"] button.primary')]);
    await page.waitForSelector('text=检查完成', { timeout: 60_000 });
    const newRows = await page.locator('tr[data-household]').count();
    assert.ok(newRows > 0, 'the households of the collective are listed');
    const [before] = await rows<{ n: number }>(h.db, sql`select count(*)::int n from households`);
    assert.equal(before.n, 0, 'the dry run wrote nothing');

    page.once('dialog', (d) => {
      assert.match(d.message(), /确认写入登记簿/);
      void d.accept();
    });
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button.primary')]);
    await page.waitForSelector('text=已写入：新建', { timeout: 60_000 });
    const [after] = await rows<{ n: number }>(h.db, sql`select count(*)::int n from households`);
    assert.equal(after.n, newRows);

    await page.goto(`${server.url}/collectives/${collectiveId}/map`);
    await page.waitForSelector('#parcel-map path.parcel');
    assert.ok((await page.locator('#parcel-map path.parcel').count()) > newRows, 'every imported parcel is drawn');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
