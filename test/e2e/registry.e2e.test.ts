import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { Handle } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { householdCode, idNumber, makeCollective, makeUser, parcelCode } from '../helpers/factories';
import { launch, login, logout, serve } from '../helpers/browser';

describe('Browser: an officer registers a household and its land, issues a certificate; the public verifies it; the farmer sees it', () => {
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
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when the whole registration path is walked in Chromium, then every step shows what the user expects', async () => {
    const c = await makeCollective(h.db, { name: '浏览器测试合作社' });
    const { user: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const code = householdCode(c);
    const headId = idNumber('1972-08-15', 'M');

    await login(page, server.url, officer.username);
    await page.goto(`${server.url}/households/new`);
    await page.fill('#f-code', code);
    await page.fill('#f-members-0-name', '孙长青');
    await page.fill('#f-members-0-idNumber', headId);
    await page.fill('#f-members-1-name', '孙小妹');
    await page.fill('#f-members-1-idNumber', '440205201001010000'); // wrong check digit
    await page.selectOption('#f-members-1-relation', 'child');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    // The form comes back with the error beside the field and everything typed kept.
    assert.match((await page.textContent('#error-summary')) ?? '', /身份证号码无效/);
    assert.equal(await page.inputValue('#f-members-0-name'), '孙长青');
    await page.fill('#f-members-1-idNumber', idNumber('2010-01-01', 'F'));
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    assert.match((await page.textContent('h1')) ?? '', /孙长青/);
    const householdUrl = page.url();

    await page.click('text=登记承包地');
    await page.fill('#f-contractNo', 'E2E-2018-001');
    await page.fill('#f-startDate', '2018-01-01');
    await page.fill('#f-endDate', '2047-12-31');
    await page.fill('#f-parcels-0-code', parcelCode(c));
    await page.fill('#f-parcels-0-name', '大路田');
    await page.fill('#f-parcels-0-areaMu', '2.35');
    for (const side of ['east', 'south', 'west', 'north']) await page.fill(`#f-parcels-0-${side}`, '邻地');
    await Promise.all([page.waitForNavigation(), page.click('form button[type=submit].primary')]);
    assert.match((await page.textContent('#rights')) ?? '', /大路田/);

    await Promise.all([page.waitForNavigation(), page.click('#rights form.inline-form button.primary')]);
    assert.match((await page.textContent('.certificate')) ?? '', /农村土地承包经营权证/);
    const qr = await page.getAttribute('.qr img', 'src');
    assert.ok(qr?.startsWith('data:image/png;base64,'));
    const verifyUrl = (await page.textContent('.cert-foot .mono'))!.trim();
    const verifyPath = new URL(verifyUrl).pathname;

    // The public check needs no login.
    await logout(page);
    await page.goto(`${server.url}${verifyPath}`);
    assert.match((await page.textContent('.verdict')) ?? '', /证书有效/);
    assert.match((await page.textContent('main')) ?? '', /孙\*/);
    assert.doesNotMatch((await page.textContent('main')) ?? '', /孙长青/);

    // The farmer sees it on a phone-sized screen.
    const householdId = householdUrl.split('/').pop()!;
    const { user: farmer } = await makeUser(h.db, 'farmer', { householdId });
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    await login(phone, server.url, farmer.username);
    assert.match(phone.url(), /\/my$/);
    const text = (await phone.textContent('main')) ?? '';
    assert.match(text, /大路田/);
    assert.match(text, /E2E-2018-001/);
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no sideways scrolling at 360 px');
    await phone.close();
  });
});
