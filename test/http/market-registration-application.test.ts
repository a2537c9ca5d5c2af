import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { deals } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { chooseOffer } from '../../server/market/award';
import { makeOffer } from '../../server/market/offers';
import { addDays } from '../../server/kernel/clock';
import { registerHomestead, registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { testApp } from '../helpers/http';
import { completeDeal, publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 15 item 5: who issues what. A homestead's 不动产权证 is issued by the county's real-estate
// registration authority (不动产登记暂行条例; 民法典 §365), a land certificate by the county
// government (农村土地承包法 §24); the app records them and, for a completed transfer, issues
// the 交易鉴证书 itself and prints the 变更登记 application the parties take to that authority.
// Shares are registered by the collective itself: no application to an authority.

describe('Who issued what: the 交易鉴证书 and the 变更登记 application of a completed transfer (issue 15 item 5)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
  });
  after(async () => {
    await h.close();
  });

  async function completed(kind: 'homestead' | 'shares') {
    const w = await httpWorld(h.db, app);
    const right =
      kind === 'homestead'
        ? await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c))
        : await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 100 });
    const published = addDays(clock.now(), -11);
    const l = await publish(
      h.db,
      w,
      right.id,
      kind === 'homestead' ? { path: 'transfer', askingPriceFen: 5000000 } : { path: 'transfer', askingPriceFen: 100000, shares: 10 },
      published,
    );
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: kind === 'homestead' ? 5200000 : 100000 }, published);
    const d = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, clock.now());
    await completeDeal(h.db, w, b.actor, d.id, clock.now());
    return { w, d };
  }

  it('when a homestead transfer is registered, then the deal offers the application, which names the real-estate authority, the old certificate and the papers', async () => {
    const { w, d } = await completed('homestead');
    const [stored] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    assert.equal(stored.status, 'registered');
    const page = await w.sellerAgent.get(`/deals/${d.id}`).expect(200);
    assert.ok(page.text.includes(`/deals/${d.id}/registration-application`));

    const app1 = await w.sellerAgent.get(`/deals/${d.id}/registration-application`).expect(200);
    assert.match(app1.text, /宅基地使用权及房屋所有权（不动产）变更登记申请表/);
    assert.match(app1.text, /受理机关：<strong>曲江区不动产登记机构<\/strong>/);
    const oldCert = (stored.snapshot as { certificateNo: string }).certificateNo;
    assert.ok(oldCert && app1.text.includes(oldCert), 'the old certificate number is on the application');
    assert.match(app1.text, /平台出具的农村产权交易鉴证书/);
    assert.match(app1.text, /《民法典》第三百六十五条/);
    assert.match(app1.text, /本平台只记载发证机关的登记，并出具交易鉴证书，不颁发权属证书/);

    const attestation = await w.sellerAgent.get(`/deals/${d.id}/attestation`).expect(200);
    assert.match(attestation.text, /出具单位：韶关市农村三权平台/);
    assert.match(attestation.text, /不动产权证由不动产登记机构颁发/);

    // The new certificate recorded in the book names its issuer, not the village collective.
    const [after] = await h.db.select().from(deals).where(eq(deals.id, d.id));
    assert.ok(after.newRightId);
    const cert = await w.officerAgent.get(`/deals/${d.id}`).expect(200);
    const certLink = cert.text.match(/href="(\/certificates\/[^"]+)"/)?.[1];
    assert.ok(certLink, 'the deal links the new certificate');
    const printed = await w.officerAgent.get(certLink).expect(200);
    assert.match(printed.text, /发证机关：曲江区不动产登记机构/);
    assert.match(printed.text, /本证书由发证机关颁发/);
  });

  it('when a shares transfer is registered, then there is no application to an authority (the collective keeps the share register)', async () => {
    const { w, d } = await completed('shares');
    const page = await w.sellerAgent.get(`/deals/${d.id}`).expect(200);
    assert.ok(!page.text.includes('/registration-application'));
    await w.sellerAgent.get(`/deals/${d.id}/registration-application`).expect(404);
  });
});
