import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { households, members } from '../../models/households';
import { landContracts } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { addMember } from '../../server/registry/households';
import { registerLand, registerShares } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { describeViolations, overflowsSideways, seriousViolations } from '../helpers/demo-pages';
import { householdCode, idNumber, landInput, makeCollective, makeHousehold, makeUser } from '../helpers/factories';

// Issue 16 in Chromium on a 360 px phone: an officer splits a household (confirming the
// irreversible step) and runs the thirty-year extension; each page passes axe and nothing
// scrolls sideways.

const AT = new Date('2026-05-01T02:00:00Z');

describe('Browser: a household splits and the collective’s contracts are extended (360 px)', () => {
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
    page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true });
    page.on('dialog', (d) => d.accept());
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  async function fits(name: string) {
    const bad = await seriousViolations(page);
    assert.deepEqual(bad, [], `${name}: ${describeViolations(bad)}`);
    assert.equal(await overflowsSideways(page), null, `${name} scrolls sideways`);
  }

  it('when the officer splits off the married son with the shares, then the new household’s page shows him as head and the split', async function () {
    this.timeout(120_000);
    const c = await makeCollective(h.db, { name: '分户测试合作社', totalShares: 1000 });
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const son = await addMember(h.db, actor, hh.id, { name: '王小军', idNumber: idNumber('1996-03-03'), relation: 'child' }, AT);
    const shares = await registerShares(h.db, actor, hh.id, { shares: 6 });
    const land = await registerLand(h.db, actor, hh.id, landInput(c, { startDate: '1998-01-01', endDate: '2027-12-31' }), AT);
    await issueCertificate(h.db, actor, land.id, {}, AT);

    await login(page, server.url, user.username);
    await page.goto(`${server.url}/households/${hh.id}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/households/${hh.id}/life"]`)]);
    await fits('life page');
    await page.click('#split summary');
    const code = householdCode(c);
    await page.fill('#f-newHouseholdCode', code);
    await page.check(`input[name=memberIds][value="${son.id}"]`);
    await page.selectOption('#f-newHeadMemberId', son.id);
    await page.check(`input[name=rightIds][value="${shares.id}"]`);
    await page.fill('#split #f-occurredOn', '2026-05-01');
    await page.fill('#split #f-reason', '结婚另立户');
    await Promise.all([page.waitForNavigation(), page.click('#split button[type=submit]')]);
    assert.match((await page.textContent('h1')) ?? '', /王小军/);
    assert.match((await page.textContent('main')) ?? '', /分户/);
    const [created] = await h.db.select().from(households).where(eq(households.code, code));
    const [moved] = await h.db.select().from(members).where(eq(members.id, son.id));
    assert.equal(moved.householdId, created.id);
    await fits('new household’s life page');

    await Promise.all([page.waitForNavigation(), page.goto(`${server.url}/extension`)]);
    await fits('extension form');
    await page.fill('#f-decisionRef', '2026 年第 3 次成员大会决议');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match((await page.textContent('main')) ?? '', /2057-12-31/);
    await fits('extension list');
    await Promise.all([page.waitForNavigation(), page.click('form.confirm button[type=submit]')]);
    // The job page refreshes itself every 2 s until the job is done.
    await page.waitForSelector('text=延包完成', { timeout: 60_000 });
    await fits('extension job');
    const [lc] = await h.db.select().from(landContracts).where(eq(landContracts.rightId, land.id));
    assert.equal(lc.endDate, '2057-12-31');
  });
});
