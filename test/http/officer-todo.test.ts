import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import type { Handle } from '../../server/platform/db';
import { createListing, submitListing } from '../../server/market/listings';
import { issueCertificate } from '../../server/registry/certificates';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { loginAs, testApp } from '../helpers/http';
import { consentAll, listed, marketWorld, T0 } from '../helpers/market';

// Issue 18 item 10: the officer's home page is a to-do list of their own collective: listings
// to review (rule 10, review before publication), listings still missing consents (rule 2),
// and rights without a certificate.
describe('The officer’s to-do list (issue 18 item 10)', () => {
  let h: Handle;
  let app: ReturnType<typeof testApp>;
  before(async () => {
    h = await freshDb();
    app = testApp(h.db);
  });
  after(async () => {
    await h.close();
  });

  it('when listings wait for consents or review and rights have no certificate, then the officer’s home lists them with links; another collective’s officer sees none of them', async () => {
    const w = await marketWorld(h.db);
    const a = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 10 });
    await issueCertificate(h.db, w.officer, a.id, {}, now());
    const draft = await createListing(h.db, w.seller, a.id, listed({ path: 'transfer', askingPriceFen: 500_00, shares: 5 }), T0);
    const officer = await loginAs(app, w.officerUser.username);

    let home = await officer.get('/').expect(200);
    assert.match(home.text, /待办事项/);
    assert.match(home.text, /家庭成员同意书未齐/);
    assert.match(home.text, new RegExp(`href="/listings/${draft.id}"`));
    assert.doesNotMatch(home.text, /待审核的挂牌/);

    await consentAll(h.db, w, draft.id);
    await submitListing(h.db, w.seller, draft.id, T0);
    home = await officer.get('/').expect(200);
    assert.match(home.text, /待审核的挂牌[\s\S]*集体收益分配权/);
    assert.doesNotMatch(home.text, /家庭成员同意书未齐/);

    // A right without a certificate is counted, with the filtered list and the batch one click away.
    assert.doesNotMatch(home.text, /尚未发证/);
    const other = await marketWorld(h.db);
    await registerShares(h.db, w.officer, (await w.buyer()).household.id, { shares: 3 });
    home = await officer.get('/').expect(200);
    assert.match(home.text, /1 项有效权利尚未发证/);
    assert.match(home.text, /href="\/households\?f=uncertified"/);

    const stranger = await loginAs(app, other.officerUser.username);
    const theirs = await stranger.get('/').expect(200);
    assert.doesNotMatch(theirs.text, new RegExp(draft.id));
    assert.match(theirs.text, /目前没有待办事项/);
  });
});
