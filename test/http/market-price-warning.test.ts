import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { alerts } from '../../models/oversight';
import type { Handle } from '../../server/platform/db';
import { submitListing } from '../../server/market/listings';
import { setReferencePrice } from '../../server/oversight/reference-prices';
import { issueCertificate } from '../../server/registry/certificates';
import { registerHomestead } from '../../server/registry/rights';
import { addDays } from '../../server/kernel/clock';
import { freshDb } from '../helpers/db';
import { homesteadInput, makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, postForm, testApp } from '../helpers/http';
import { consentAll } from '../helpers/market';
import { httpWorld, idFromLocation } from '../helpers/market-http';

// Rule 10 (fair price) before the harm, issue 18 item 2: the reference price is shown to the
// seller when listing and to the officer when reviewing (with the consents and the
// certificate), both are warned below the threshold, and the bureau's alert is raised at
// submission — while the listing can still be suspended — not first at registration.

describe('The price warning comes before the harm (rule 10, issue 18 item 2)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    const bureau = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    // 1,000 yuan per m² for homesteads in the county, alert below 70 %.
    await setReferencePrice(
      h.db,
      bureau.actor,
      { region: '440205', kind: 'homestead', unitPriceFen: 100000, alertPercent: 70 },
      addDays(clock.now(), -1),
    );
  });
  after(async () => {
    await h.close();
  });

  const lowAsking = (listingId: string) =>
    h.db
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, 'lowAsking'), eq(alerts.listingId, listingId)));

  async function homesteadListedAt(w: Awaited<ReturnType<typeof httpWorld>>, askingPrice: string) {
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    await issueCertificate(h.db, w.officer, home.id, {}, clock.now());
    const form = await w.sellerAgent.get(`/rights/${home.id}/list`).expect(200);
    assert.match(form.text, /农业农村局参考价：1,000.00 元\/平方米。挂牌单价低于参考价的 70% 时/);
    const made = await postForm(w.sellerAgent, `/rights/${home.id}/listings`, { path: 'transfer', askingPrice });
    assert.equal(made.status, 302);
    return idFromLocation(made.headers.location);
  }

  it('when a homestead is listed at 40 % of the reference, then seller and officer see the comparison and the warning, and the bureau is alerted at submission', async () => {
    const w = await httpWorld(h.db, app);
    const id = await homesteadListedAt(w, '30000'); // 75 m² → 400 yuan per m²
    const seller = await w.sellerAgent.get(`/listings/${id}`).expect(200);
    assert.match(seller.text, /本挂牌单价 400.00 元\/平方米，为参考价的 40%/);
    assert.match(seller.text, /挂牌价低于参考价的 70%：提交后农业农村局会收到预警/);
    assert.equal((await lowAsking(id)).length, 0, 'a draft alerts nobody');

    await consentAll(h.db, w, id, clock.now());
    await submitListing(h.db, w.seller, id, clock.now());
    const [alert] = await lowAsking(id);
    assert.ok(alert, 'the alert exists as soon as the submission committed');
    assert.equal(alert.link, `/oversight/listings/${id}`);
    assert.deepEqual(alert.params, { kind: 'homestead', unitPriceFen: 40000, referenceFen: 100000, percent: 70 });

    const review = await w.officerAgent.get(`/listings/${id}`).expect(200);
    assert.match(review.text, /为参考价的 40%/);
    assert.match(review.text, /经办人审核时核实有无压价/);
    assert.match(review.text, /id="consents"/, 'the consents given are on the review page');
    assert.match(review.text, /（有效）/, "the certificate's status is on the review page");

    const { user } = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const bureau = await loginAs(app, user.username);
    const page = await bureau.get('/oversight/alerts').expect(200);
    assert.match(page.text, /挂牌价低于参考价/);
    assert.match(page.text, /宅基地使用权挂牌单价 400.00 元\/平方米，低于参考价 1,000.00 元\/平方米 的 70%/);
  });

  it('when a homestead is listed at the reference, then no warning is shown and no alert is raised', async () => {
    const w = await httpWorld(h.db, app);
    const id = await homesteadListedAt(w, '75000');
    const seller = await w.sellerAgent.get(`/listings/${id}`).expect(200);
    assert.match(seller.text, /为参考价的 100%/);
    assert.doesNotMatch(seller.text, /挂牌价低于参考价/);
    await consentAll(h.db, w, id, clock.now());
    await submitListing(h.db, w.seller, id, clock.now());
    assert.equal((await lowAsking(id)).length, 0);
  });
});
