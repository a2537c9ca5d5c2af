import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import type { Handle } from '../../server/platform/db';
import { AXE_PATH } from '../helpers/axe';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { describeViolations, overflowsSideways, seriousViolations } from '../helpers/demo-pages';
import { demoMarket } from '../helpers/demo-market';
import { contrastToReview, svgTextContrast } from '../helpers/contrast';

// Every main page, for each role, at desktop (1280 px) and phone (360 px) width: axe-core finds no
// serious or critical violation, and nothing scrolls sideways on the phone. The market pages run
// on a market added to the demo through the use cases (test/helpers/demo-market.ts).

type Step = (page: Page) => Promise<void>;
/** `shows`: text the page must show, so that a refusal page is not taken for the page meant. */
type Check = { name: string; path: string; act?: Step; shows?: RegExp };
const WIDTHS = [
  { label: 'desktop', width: 1280, height: 900, isMobile: false },
  { label: 'phone', width: 360, height: 740, isMobile: true },
];
const submit: Step = async (page) => {
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit].primary')]);
};

describe('Accessibility: every main page passes axe-core (no serious or critical violation) at 1280 px and 360 px, and works by keyboard', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  let ids: Awaited<ReturnType<typeof demoMarket>>;
  /** Per role (null: a visitor), its browser context per width. */
  const contexts = new Map<string | null, Map<string, BrowserContext>>();

  before(async () => {
    h = await freshDb();
    await seedDemo(h.db);
    ids = await demoMarket(h.db);
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  /** One logged-in browser context per role and width, reused across that role's pages. */
  async function pageAs(username: string | null, w: (typeof WIDTHS)[number]): Promise<Page> {
    const byWidth = contexts.get(username) ?? new Map<string, BrowserContext>();
    contexts.set(username, byWidth);
    let ctx = byWidth.get(w.label);
    if (!ctx) {
      // A role's other width lends its session cookie: one login per role. A visitor starts bare at each width.
      const loggedIn = username ? byWidth.values().next().value : undefined;
      ctx = await browser.newContext({
        viewport: { width: w.width, height: w.height },
        isMobile: w.isMobile,
        hasTouch: w.isMobile,
        locale: 'zh-CN',
        storageState: loggedIn && (await loggedIn.storageState()),
      });
      byWidth.set(w.label, ctx);
      if (username && !loggedIn) await login(await ctx.newPage(), server.url, username, DEMO_PASSWORD);
    }
    return ctx.pages()[0] ?? ctx.newPage();
  }

  const roles: { who: string | null; pages: () => Check[] }[] = [
    {
      who: null,
      pages: () => [
        { name: 'login', path: '/login' },
        {
          name: 'login refused',
          path: '/login',
          act: async (p) => {
            await p.fill('#f-username', 'nobody');
            await p.fill('#f-password', 'wrong-password-1');
            await submit(p);
          },
        },
        { name: 'help (farmers first)', path: '/help' },
        { name: 'help for officers', path: '/help/officer' },
        { name: 'public certificate check', path: `/verify/${ids.landCert.token}` },
        { name: 'account activation (rule 2)', path: '/activate', shows: /激活账户，设置密码/ },
        { name: 'account activation refused', path: '/activate', act: submit, shows: /此项必填/ },
      ],
    },
    {
      who: 'officer_longgang',
      pages: () => [
        { name: 'home', path: '/' },
        { name: 'household search', path: '/households?q=李' },
        { name: 'household page', path: `/households/${ids.li.id}` },
        {
          name: 'new household form with errors',
          path: '/households/new',
          act: async (p) => {
            await p.fill('#f-code', '123');
            await p.fill('#f-members-0-idNumber', '440205197001010011');
            await submit(p);
          },
        },
        { name: 'edit household', path: `/households/${ids.li.id}/edit` },
        { name: 'edit member', path: `/households/${ids.li.id}/members/${ids.spouse.id}/edit` },
        { name: 'land form with errors', path: `/households/${ids.huang.id}/rights/new/land`, act: submit },
        {
          name: 'homestead form refused by rule 4',
          path: `/households/${ids.li.id}/rights/new/homestead`,
          act: async (p) => {
            await p.fill('#f-parcelCode', '4402051002010009999');
            await p.fill('#f-location', '龙岗村一组 30 号');
            await p.fill('#f-areaM2', '60');
            await p.fill('#f-approvalNo', '测试');
            await submit(p);
          },
        },
        { name: 'shares form', path: `/households/${ids.huang.id}/rights/new/shares` },
        { name: 'land certificate', path: `/certificates/${ids.landCert.id}` },
        { name: 'homestead certificate', path: `/certificates/${ids.homeCert.id}` },
        {
          name: 'collective map',
          path: `/collectives/${ids.longgang.id}/map`,
          act: async (p) => {
            await p.waitForSelector('.leaflet-container path.parcel');
          },
        },
        { name: 'farmer account form', path: `/households/${ids.li.id}/accounts/new` },
        { name: 'farmer account slip', path: `/households/${ids.li.id}/accounts/${ids.farmerLi.id}`, shows: /农户账户单/ },
        { name: 'development SMS sink', path: '/dev/sms', shows: /开发环境短信箱/ },
        { name: 'change password', path: '/account/password' },
        { name: 'help (officers first)', path: '/help' },
        { name: "market: the collective's listings", path: '/market', shows: /流转市场/ },
        { name: 'supervised account statement (issue 20)', path: '/escrow-statement', shows: /资金监管对账单/ },
        { name: 'listing with offers (officer)', path: `/listings/${ids.withOffers.id}`, shows: /黄丽华/ },
        { name: 'draft awaiting consent, paper upload', path: `/listings/${ids.draft.id}`, shows: /家庭成员同意/ },
        { name: 'registered deal (officer)', path: `/deals/${ids.deal.id}`, shows: /交易鉴证书/ },
        // Long work (issue 7): the export page starts one; its page refreshes until the file is ready.
        {
          name: 'register export, finished',
          path: '/exports',
          act: async (p) => {
            await submit(p);
            await p.waitForSelector('text=导出完成', { timeout: 30_000 });
          },
          shows: /下载/,
        },
        { name: 'exports with the recent list', path: '/exports', shows: /最近的导出[\s\S]*可下载/ },
      ],
    },
    {
      who: 'bureau_qujiang',
      pages: () => [
        { name: 'home', path: '/' },
        { name: 'household page (read-only)', path: `/households/${ids.li.id}` },
        { name: 'maps in the region', path: '/maps' },
        {
          name: 'collective map',
          path: `/collectives/${ids.longgang.id}/map`,
          act: async (p) => {
            await p.waitForSelector('.leaflet-container path.parcel');
          },
        },
      ],
    },
    {
      who: 'bureau_city',
      pages: () => [
        { name: 'oversight dashboard', path: '/oversight', shows: /统计监管/ },
        { name: 'market in the region', path: '/market', shows: /流转市场/ },
        { name: 'market money under supervision (issue 20)', path: '/oversight/money', shows: /交易资金监管/ },
        {
          name: 'annual report, prepared',
          path: '/oversight/report',
          act: async (p) => {
            await submit(p);
            await p.waitForSelector('article.annual-report', { timeout: 30_000 });
          },
          shows: /统计年报/,
        },
        { name: 'annual report form with my reports', path: '/oversight/report', shows: /我的年报[\s\S]*已生成/ },
        { name: 'audit log (trail)', path: '/oversight/audit', shows: /操作日志/ },
      ],
    },
    {
      who: 'farmer_li',
      pages: () => [
        { name: "farmer's household page", path: '/my' },
        { name: 'own certificate', path: `/certificates/${ids.landCert.id}` },
        { name: 'market home', path: '/market', shows: /流转市场/ },
        { name: 'my listings, offers and deals', path: '/market/mine', shows: /本户的挂牌/ },
        { name: 'own listing with offers', path: `/listings/${ids.withOffers.id}`, shows: /黄丽华/ },
        { name: 'consent page (draft)', path: `/listings/${ids.draft.id}`, shows: /家庭成员同意/ },
        { name: 'new listing form', path: `/rights/${ids.liHome.id}/list`, shows: /自愿/ },
        { name: 'new listing form with errors', path: `/rights/${ids.liHome.id}/list`, act: submit, shows: /此项必填/ },
        { name: 'notifications', path: '/notifications', shows: /报价/ },
      ],
    },
    {
      who: 'farmer_chen',
      pages: () => [
        { name: 'listing as a bidder', path: `/listings/${ids.withOffers.id}`, shows: /陈志强/ },
        {
          name: 'raise refused (lower price)',
          path: `/listings/${ids.withOffers.id}`,
          act: async (p) => {
            await p.fill('form[action$="/raise"] input[name=price]', '100');
            await Promise.all([p.waitForNavigation(), p.click('form[action$="/raise"] button[type=submit]')]);
          },
          shows: /须高于当前报价/,
        },
        { name: 'deal page', path: `/deals/${ids.deal.id}`, shows: /交易鉴证书/ },
        { name: 'contract', path: `/deals/${ids.deal.id}/contract`, shows: /第四条 价款/ },
        { name: 'transaction certificate', path: `/deals/${ids.deal.id}/attestation`, shows: /特此鉴证/ },
      ],
    },
    {
      who: 'admin',
      pages: () => [
        { name: 'regions', path: '/admin/regions' },
        { name: 'collectives', path: '/admin/collectives' },
        { name: 'new collective', path: '/admin/collectives/new' },
        { name: 'accounts', path: '/admin/users' },
        { name: 'new account', path: '/admin/users/new' },
        { name: 'API tokens', path: '/admin/tokens' },
      ],
    },
  ];

  for (const role of roles) {
    // The page list needs the seeded ids, known only once `before` has run: a placeholder test per role runs them all.
    it(`when ${role.who ?? 'a visitor'} opens each main page at 1280 px and at 360 px, then axe finds no serious or critical violation and nothing scrolls sideways on the phone`, async function () {
      // Some roles have over twenty pages, each at two widths, on a shared machine.
      this.timeout(240_000);
      const failures: string[] = [];
      for (const w of WIDTHS) {
        const page = await pageAs(role.who, w);
        for (const check of role.pages()) {
          const res = await page.goto(server.url + check.path);
          assert.ok(res && res.status() < 500, `${check.name}: ${res?.status()}`);
          if (check.act) await check.act(page);
          if (check.shows)
            assert.match((await page.textContent('main')) ?? '', check.shows, `${check.name} (${w.label}) shows what it should`);
          const bad = await seriousViolations(page);
          if (bad.length) failures.push(`${check.name} (${w.label}, ${page.url()}):\n${describeViolations(bad)}`);
          if (w.isMobile) {
            const wide = await overflowsSideways(page);
            if (wide) failures.push(`${check.name} (phone): sideways scrolling caused by ${wide}`);
          }
        }
      }
      assert.deepEqual(failures, [], failures.join('\n\n'));
    });
  }

  it('when the certificate, a household with sketches, the collective map and the audit log are opened at 1280 px and 360 px, then axe leaves no colour contrast to review, and every sketch label measures at least 4.5:1 (issue 18, done when)', async function () {
    this.timeout(240_000);
    const pages: { who: string; path: string; map?: boolean; sketches?: boolean }[] = [
      { who: 'officer_longgang', path: `/certificates/${ids.landCert.id}`, sketches: true },
      { who: 'officer_longgang', path: `/households/${ids.li.id}`, sketches: true },
      { who: 'officer_longgang', path: `/collectives/${ids.longgang.id}/map`, map: true },
      { who: 'bureau_qujiang', path: `/collectives/${ids.longgang.id}/map`, map: true },
      { who: 'bureau_city', path: '/oversight/audit' },
    ];
    const left: string[] = [];
    for (const w of WIDTHS) {
      for (const p of pages) {
        const page = await pageAs(p.who, w);
        await page.goto(server.url + p.path);
        if (p.map) await page.waitForSelector('.leaflet-container path.parcel');
        for (const n of await contrastToReview(page)) left.push(`${p.path} (${w.label}): ${n}`);
        if (p.sketches) {
          const sk = await svgTextContrast(page);
          assert.ok(sk.measured >= 6, `${p.path}: the sketch labels were measured (${sk.measured})`);
          for (const l of sk.low) left.push(`${p.path} (${w.label}) sketch label ${l}`);
        }
      }
    }
    assert.deepEqual(left, [], left.join('\n'));
  });

  it('when a page holds a serious violation (a button without a name), then the check above reports it, with axe loaded from the test server', async () => {
    // Guards the walk itself: axe imported from AXE_PATH and run without the rules that can only be minor or moderate.
    const page = await pageAs('officer_longgang', WIDTHS[0]);
    await page.goto(`${server.url}/`);
    assert.deepEqual(await seriousViolations(page), [], 'the home page passes as it is');
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('button')));
    assert.deepEqual(
      (await seriousViolations(page)).map((v) => v.id),
      ['button-name'],
    );
    const loaded = await page.evaluate(() =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
        (e) => `${new URL(e.name).pathname} ${e.responseStatus}`,
      ),
    );
    assert.ok(loaded.includes(`${AXE_PATH} 200`), `axe came from the test server: ${loaded.join(', ')}`);
  });

  it('when a keyboard user presses Tab on a page, then the skip link comes first, is visible, and moves focus to the main content', async () => {
    const page = await pageAs('officer_longgang', WIDTHS[0]);
    await page.goto(`${server.url}/households/${ids.li.id}`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip');
    const box = await page.locator('a.skip').boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 10, 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.match(page.url(), /#main$/);
  });

  it('when a keyboard user tabs through the new-household form, then every field is reached, in order, up to the save button, each with a visible focus outline', async () => {
    const page = await pageAs('officer_longgang', WIDTHS[1]);
    await page.goto(`${server.url}/households/new`);
    const controls = await page.$$eval('main form input:not([type=hidden]), main form select, main form button[type=submit]', (els) =>
      els.map((e) => e.id || 'submit'),
    );
    await page.focus('#main');
    const reached: string[] = [];
    for (let i = 0; i < controls.length * 4; i++) {
      await page.keyboard.press('Tab');
      const f = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        // A date field's own calendar button takes a Tab of its own, with Chromium's focus ring (not :focus on the input).
        return {
          id: el.id || (el.matches('button[type=submit]') ? 'submit' : el.tagName),
          focus: el.matches(':focus'),
          outline: getComputedStyle(el).outlineStyle,
        };
      });
      if (f.focus) assert.notEqual(f.outline, 'none', `${f.id} shows where the focus is`);
      // Date fields take several Tabs (year, month, day, calendar): count each field once.
      if (reached.at(-1) !== f.id) reached.push(f.id);
      if (f.id === 'submit') break;
    }
    assert.deepEqual(reached, controls);
  });
});
