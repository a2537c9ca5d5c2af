import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Handle } from '../../server/platform/db';
import { listMembers } from '../../server/registry/households';
import { fileProvider } from '../../server/platform/outbox/providers';
import { sendDueMessages } from '../../server/platform/outbox/sender';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';
import { launch, login, serve } from '../helpers/browser';

// Rule 2 in a real browser: the officer opens an account and prints the slip (no code on it);
// the SMS goes out (to the development sink); the farmer activates on a 360 px phone and is in.

describe('Browser: an officer opens a farmer account, the code arrives by SMS, the farmer activates it on a phone', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sq-e2e-sms-'));
  before(async () => {
    h = await freshDb();
    server = await serve(h.db, { DATA_DIR: dataDir });
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when the whole activation path is walked, then the officer never sees the code and the farmer sets the password and is logged in', async () => {
    const c = await makeCollective(h.db, { name: '激活测试合作社' });
    const { user: officerUser, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const [head] = await listMembers(h.db, hh.id);
    const desk = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(desk, server.url, officerUser.username);
    await desk.goto(`${server.url}/households/${hh.id}`);
    await Promise.all([desk.waitForNavigation(), desk.click('#accounts a.button')]);
    await desk.selectOption('#f-memberId', head.id);
    await desk.fill('#f-username', `liu_${hh.code.slice(-4)}`);
    await desk.fill('#f-phone', '138 0013 8000');
    await Promise.all([desk.waitForNavigation(), desk.click('form button[type=submit].primary')]);
    const slip = (await desk.textContent('main')) ?? '';
    assert.match(slip, /激活码已用短信发到 138\*\*\*\*8000/);
    assert.match(slip, /农户账户单/);
    assert.ok(slip.includes('http://localhost:3000/activate'), 'where to activate (PUBLIC_BASE_URL)');
    assert.equal(await desk.isVisible('button.js-print'), true, 'the slip can be printed');

    // The sender runs (in the app, every few seconds; here once, now) and the message reaches the sink.
    const sent = await sendDueMessages(h.db, fileProvider(path.join(dataDir, 'sms-outbox.jsonl')), { baseUrl: 'http://localhost:3000' });
    assert.equal(sent.sent, 1);
    await Promise.all([desk.waitForNavigation(), desk.click('text=开发环境：查看短信箱')]);
    const sms = (await desk.textContent('.sms-text')) ?? '';
    assert.match(sms, /【韶关三权平台】您的农户账户 liu_\d+ 已开设。激活码 \d{8}/);
    const code = /激活码 (\d{8})/.exec(sms)![1];
    assert.ok(!slip.includes(code), 'the slip did not carry the code');

    const phone = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    await phone.goto(`${server.url}/login`);
    await Promise.all([phone.waitForNavigation(), phone.click('a[href="/activate"]')]);
    assert.match((await phone.textContent('main')) ?? '', /例如“我家住在龙岗村 3 组”可以写成 wjzzLgc3zu2019/);
    await phone.fill('#f-login', '13800138000');
    await phone.fill('#f-code', `${code.slice(0, 4)} ${code.slice(4)}`);
    await phone.fill('#f-newPassword', 'Liujia2027tian');
    await phone.fill('#f-repeat', 'Liujia2027tiam');
    await Promise.all([phone.waitForNavigation(), phone.click('form button[type=submit].primary')]);
    assert.match((await phone.textContent('#error-summary')) ?? '', /两次输入的新密码不一致/);
    assert.equal(await phone.inputValue('#f-login'), '13800138000', 'what was typed is kept');
    assert.equal(await phone.inputValue('#f-code'), `${code.slice(0, 4)} ${code.slice(4)}`);
    assert.equal(
      await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1),
      false,
      'no sideways scrolling at 360 px',
    );
    await phone.fill('#f-newPassword', 'Liujia2027tian');
    await phone.fill('#f-repeat', 'Liujia2027tian');
    await Promise.all([phone.waitForNavigation(), phone.click('form button[type=submit].primary')]);
    assert.match(phone.url(), /\/my$/);
    assert.match((await phone.textContent('main')) ?? '', /已激活，您已登录/);
    assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false);

    // From now on the farmer logs in with the password they chose; the officer's page says activated.
    const later = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    await login(later, server.url, `liu_${hh.code.slice(-4)}`, 'Liujia2027tian');
    assert.match(later.url(), /\/my$/);
    await desk.goto(`${server.url}/households/${hh.id}`);
    await Promise.all([desk.waitForNavigation(), desk.click(`#accounts a:has-text("liu_${hh.code.slice(-4)}")`)]);
    assert.match((await desk.textContent('main')) ?? '', /已激活/);
  });
});
