import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, seedDemo } from '../../server/demo/seed';
import type { Handle } from '../../server/platform/db';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead, registerLand } from '../../server/registry/rights';
import { launch, login, serve } from '../helpers/browser';
import { freshDb } from '../helpers/db';
import { demoMarket } from '../helpers/demo-market';
import { homesteadInput, landInput, makeCollective, makeHousehold, makeUser, parcelCode } from '../helpers/factories';

// Issue 18 items 5 and 7: the printed documents, printed by Chromium to PDF as an officer would
// (print media, A4): a certificate fits one page, sketches that do not fit go on an annex page
// that repeats the certificate number, and the 鉴证书 and the contract print on the pages the
// paper file expects. Page counts are read from the PDF itself.

/** Pages of a PDF as Chromium writes it: one "/Type /Page" object per page. */
function pagesOf(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}

async function printed(page: Page, url: string): Promise<{ pages: number; text: string }> {
  await page.goto(url);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text (hidden elements left out) is what prints
  const text = await page.evaluate(() => document.body.innerText);
  await page.emulateMedia({ media: 'screen' });
  return { pages: pagesOf(pdf), text };
}

describe('Browser: printing certificates, the 鉴证书 and the contract to PDF (issue 18 items 5, 7)', () => {
  let h: Handle;
  let server: Awaited<ReturnType<typeof serve>>;
  let chrome: Awaited<ReturnType<typeof launch>>;
  let browser: Browser;
  before(async () => {
    h = await freshDb();
    await seedDemo(h.db);
    server = await serve(h.db);
    chrome = await launch();
    browser = chrome.browser;
  });
  after(async () => {
    await chrome?.close();
    await server?.close();
    await h?.close();
  });

  it('when a certificate is printed, then it is one A4 page with its authority, seal area, members and QR; more sketches go on a numbered annex page that repeats the number', async () => {
    const c = await makeCollective(h.db, { groupCode: '07' }); // codes apart from the demo's
    const { user, actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    const hh = await makeHousehold(h.db, actor, c);
    const parcel = (name: string) => ({
      code: parcelCode(c),
      name,
      areaMu: '1.20',
      landClass: 'paddy',
      east: '路',
      south: '河',
      west: '沟',
      north: '山',
    });
    const small = await registerLand(h.db, actor, hh.id, landInput(c, { parcels: [parcel('东田'), parcel('西田')] }), now());
    const smallCert = await issueCertificate(h.db, actor, small.id, {}, now());
    const hh2 = await makeHousehold(h.db, actor, c);
    const large = await registerLand(
      h.db,
      actor,
      hh2.id,
      landInput(c, { parcels: ['一', '二', '三', '四', '五'].map((n) => parcel(`${n}号田`)) }),
      now(),
    );
    const largeCert = await issueCertificate(h.db, actor, large.id, {}, now());
    const home = await registerHomestead(h.db, actor, hh.id, homesteadInput(c, { floorAreaM2: '96.5' }));
    const homeCert = await issueCertificate(h.db, actor, home.id, {}, now());

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await login(page, server.url, user.username);

    const one = await printed(page, `${server.url}/certificates/${smallCert.id}`);
    assert.equal(one.pages, 1, 'a certificate with two parcels prints on one A4 page');
    assert.ok(one.text.includes(smallCert.number));
    assert.match(one.text, /发证机关：曲江区人民政府/);
    assert.match(one.text, /发证机关（盖章）/);
    assert.match(one.text, /登记日期/);
    assert.match(one.text, /测试户主[\s\S]*测试配偶/, 'every family member is named (承包法 §24)');
    assert.doesNotMatch(one.text, /打印证书|返回/, 'the buttons are not printed');
    assert.ok(await page.locator('.cert-sheet .qr img').isVisible());
    // A code never breaks across lines: each code's box is one line high.
    const heights = await page.$$eval('.cert-sheet .code', (els) => els.map((e) => e.getClientRects().length));
    assert.ok(heights.length >= 3 && heights.every((n) => n === 1), `codes on one line: ${heights}`);

    const two = await printed(page, `${server.url}/certificates/${largeCert.id}`);
    assert.equal(two.pages, 2, 'five sketches go on an annex page');
    assert.match(two.text, /附页 1\/1：地块示意图/);
    assert.equal(two.text.split(largeCert.number).length - 1, 2, 'the annex repeats the certificate number');

    const house = await printed(page, `${server.url}/certificates/${homeCert.id}`);
    assert.equal(house.pages, 1);
    assert.match(house.text, /房屋建筑面积[^\n]*\n?[^\n]*96\.50/);
    await page.close();
  });

  it('when the 鉴证书 and the contract of a registered deal are printed, then the 鉴证书 is one page and the contract shows its parties and signature lines', async () => {
    const market = await demoMarket(h.db);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await login(page, server.url, 'officer_longgang', DEMO_PASSWORD);
    const attestation = await printed(page, `${server.url}/deals/${market.deal.id}/attestation`);
    assert.equal(attestation.pages, 1, 'the 鉴证书 prints on one A4 page');
    assert.match(attestation.text, /农村产权交易鉴证书/);
    const contract = await printed(page, `${server.url}/deals/${market.deal.id}/contract`);
    assert.ok(contract.pages >= 1 && contract.pages <= 3, `the contract prints on 1-3 pages, not ${contract.pages}`);
    assert.match(contract.text, /甲方|出让方|转让方/);
    assert.doesNotMatch(contract.text, /{{\s*\w+\s*}}/);
    // Item 6: a signature, thumbprint and date line per party, and the basis of this kind of right.
    assert.equal(contract.text.split('签名：').length - 1 >= 2, true, 'both parties have a signature line');
    assert.match(contract.text, /指印：[\s\S]*日期：/);
    assert.match(contract.text, /依据：/);
    if (/股权/.test(contract.text.split('\n').find((l) => /合同|协议/.test(l)) ?? ''))
      assert.doesNotMatch(contract.text, /依据：《农村土地承包法》/);
    await page.close();
  });
});
