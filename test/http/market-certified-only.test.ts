import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { listings } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { createListing, submitListing } from '../../server/market/listings';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { homesteadInput } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { consentAll } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 18 item 3 (rules 11, 13; 农村土地承包法 §24, §35): only a right with a valid certificate is
// listed for transfer — registration reissues that certificate to the buyer. A 未发证 right is
// refused when the listing is started, and again at submission and approval; the review page
// shows the certificate's status.

describe('Only a certified right is listed (rules 11, 13, issue 18 item 3)', () => {
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

  it('when the holder lists a homestead marked 未发证, then it is refused saying which certificate is missing and why, and nothing is listed', async () => {
    const w = await httpWorld(h.db, app);
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const res = await postForm(w.sellerAgent, `/rights/${home.id}/listings`, { path: 'transfer', askingPrice: '150000' });
    assert.equal(res.status, 422);
    assert.match(res.text, /这项宅基地尚未发证（没有有效的宅基地使用权证（不动产权证））/);
    assert.match(res.text, /第二十四条/);
    assert.match(res.text, /value="150000"/, 'the typed price is kept');
    assert.equal((await h.db.select().from(listings).where(eq(listings.rightId, home.id))).length, 0);

    await issueCertificate(h.db, w.officer, home.id, {}, clock.now());
    const ok = await postForm(w.sellerAgent, `/rights/${home.id}/listings`, { path: 'transfer', askingPrice: '150000' });
    assert.equal(ok.status, 302);
  });

  it('when a listed right has lost its certificate, then the review page shows 未发证 with the reason, offers no approval, and approval is refused', async () => {
    const w = await httpWorld(h.db, app);
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const cert = await issueCertificate(h.db, w.officer, home.id, {}, clock.now());
    const l = await createListing(
      h.db,
      w.seller,
      home.id,
      { path: 'transfer', askingPriceFen: 15000000, parcelIds: [], shares: null },
      clock.now(),
    );
    await consentAll(h.db, w, l.id, clock.now());
    await submitListing(h.db, w.seller, l.id, clock.now());
    const certified = await w.officerAgent.get(`/listings/${l.id}`).expect(200);
    assert.ok(certified.text.includes(cert.number), 'the review page shows the certificate number');
    assert.match(certified.text, /\/approve"/);

    // A paper certificate found void during review (set directly: the registry refuses to edit a listed right).
    await h.db.update(certificates).set({ status: 'cancelled' }).where(eq(certificates.id, cert.id));
    const page = await w.officerAgent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /未发证/);
    assert.match(page.text, /尚未发证/);
    assert.doesNotMatch(page.text, /\/approve"/);
    assert.match(page.text, /\/reject"/, 'the officer can still reject with a reason');
    const res = await postForm(w.officerAgent, `/listings/${l.id}/approve`, {});
    assert.equal(res.status, 422);
    assert.match(res.text, /尚未发证/);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, l.id)))[0].status, 'submitted');
  });
});
