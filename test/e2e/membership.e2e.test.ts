import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { members } from '../../models/households';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { launch, login, serve } from '../helpers/browser';

// The 成员名册 walked in Chromium (农村集体经济组织法 §12, §17, §27): the officer records a
// members' meeting decision (one short of two thirds first, refused with the article), then a
// member's death; the household page shows her among the past members; the register fits a phone.

describe('Browser: the officer keeps the 成员名册 and records a members’ meeting decision', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let page: Page;
  before(async () => {
    h = await freshDb();
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    // Irreversible steps ask first (public/app.js): the walk answers yes.
    page.on('dialog', (d) => void d.accept());
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when the officer records a decision and a death, then the refusal names 第二十七条, the decision is listed, and the wife is a past member', async () => {
    const c = await makeCollective(h.db, { name: '名册测试合作社' });
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const [wife] = await h.db
      .select()
      .from(members)
      .where(eq(members.householdId, hh.id))
      .then((l) => l.filter((m) => m.relation === 'spouse'));
    await login(page, server.url, user.username);

    await page.goto(`${server.url}/decisions`);
    await page.click('summary');
    await page.fill('#f-decidedOn', '2026-02-15');
    await page.fill('#f-title', '确认本社成员');
    await page.fill('#f-text', '确认原始成员名单。');
    await page.fill('#f-entitled', '30');
    await page.fill('#f-presentInPerson', '25');
    await page.fill('#f-votesFor', '19');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    assert.match((await page.textContent('main, body')) ?? '', /第二十七条/);
    assert.equal(await page.inputValue('#f-title'), '确认本社成员', 'the typed values stay');
    await page.fill('#f-votesFor', '20');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    assert.match((await page.textContent('table')) ?? '', /确认本社成员/);

    await page.goto(`${server.url}/households/${hh.id}/members/${wife.id}/membership`);
    await page.selectOption('#f-kind', 'ended');
    await page.selectOption('#f-ground', 'death');
    await page.fill('#f-effectiveOn', '2026-01-20');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    assert.match((await page.textContent('h1')) ?? '', /成员身份已终止/);

    await page.goto(`${server.url}/households/${hh.id}`);
    const past = (await page.textContent('#membership')) ?? '';
    assert.match(past.slice(past.indexOf('过去的家庭成员')), /测试配偶[\s\S]*死亡/);

    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await login(phone, server.url, user.username);
    await phone.goto(`${server.url}/members`);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the register fits 360 px (overflow ${overflow}px)`);
    await phone.close();
  });
});
