import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { listings, notifications } from '../../models/market';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { confirmListing, submitListing } from '../../server/market/listings';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { testClock } from '../helpers/clock';
import { postForm, testApp } from '../helpers/http';
import { certified, consentAll } from '../helpers/market';
import { httpWorld, idFromLocation } from '../helpers/market-http';

// Rule 2: only the holder withdraws. "An officer may prepare one on the farmer's behalf, but it
// stays a draft until the farmer confirms it": until then the draft is the officer's proposal,
// which the officer may discard, with a reason the farmer is told. A draft the farmer started or
// confirmed is the farmer's own; the collective's say is a rejection with a reason after submission.

describe('Only the holder withdraws; an officer discards only an unconfirmed draft of their own (rule 2)', function () {
  this.timeout(60_000);
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

  const listing = async (id: string) => (await h.db.select().from(listings).where(eq(listings.id, id)))[0];
  const rightStatus = async (id: string) => (await h.db.select().from(rights).where(eq(rights.id, id)))[0].status;

  async function draftBy(who: 'farmer' | 'officer') {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    await certified(h.db, w.officer, r.id);
    const made = await postForm(who === 'farmer' ? w.sellerAgent : w.officerAgent, `/rights/${r.id}/listings`, {
      path: 'transfer',
      shares: '5',
      askingPrice: '500',
    });
    assert.equal(made.status, 302);
    return { w, r, id: idFromLocation(made.headers.location) };
  }

  it("when an officer tries to withdraw the farmer's own draft, then rule 2 refuses it, nothing changes, and the officer's page offers no such form", async () => {
    const { w, r, id } = await draftBy('farmer');
    const page = await w.officerAgent.get(`/listings/${id}`).expect(200);
    assert.ok(!page.text.includes(`action="/listings/${id}/withdraw"`), 'no withdraw or discard form for the officer');
    const res = await postForm(w.officerAgent, `/listings/${id}/withdraw`, { reason: '集体不同意' });
    assert.equal(res.status, 422);
    assert.match(res.text, /经办人只能放弃自己代拟、农户尚未确认的草稿；农户自己的挂牌只有农户本人可以撤回/);
    assert.deepEqual([(await listing(id)).status, await rightStatus(r.id)], ['draft', 'listed']);
    assert.equal(
      (
        await h.db
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.action, 'listing.withdraw'), eq(auditLog.entityId, id)))
      ).length,
      0,
    );
    // The holder still may.
    const own = await w.sellerAgent.get(`/listings/${id}`).expect(200);
    assert.ok(own.text.includes(`action="/listings/${id}/withdraw"`));
    assert.equal((await postForm(w.sellerAgent, `/listings/${id}/withdraw`, {})).status, 302);
    assert.equal((await listing(id)).status, 'withdrawn');
  });

  it('when the farmer has confirmed the draft the officer prepared, or it is submitted, then the officer cannot withdraw it either', async () => {
    const { w, id } = await draftBy('officer');
    await confirmListing(h.db, w.seller, id, clock.now());
    assert.equal((await postForm(w.officerAgent, `/listings/${id}/withdraw`, { reason: '写错了' })).status, 422);
    await consentAll(h.db, w, id, clock.now());
    await submitListing(h.db, w.seller, id, clock.now());
    const res = await postForm(w.officerAgent, `/listings/${id}/withdraw`, { reason: '不同意' });
    assert.equal(res.status, 422);
    assert.equal((await listing(id)).status, 'submitted');
  });

  it('when the officer discards a draft they prepared that the farmer has not confirmed, then it needs a reason, and the farmer is told it', async () => {
    const { w, r, id } = await draftBy('officer');
    const page = await w.officerAgent.get(`/listings/${id}`).expect(200);
    assert.match(page.text, /经办人只能放弃自己代拟、农户尚未确认的草稿。请写明原因/);
    const blank = await postForm(w.officerAgent, `/listings/${id}/withdraw`, { reason: ' ' });
    assert.equal(blank.status, 422);
    assert.equal((await listing(id)).status, 'draft');
    assert.equal((await postForm(w.officerAgent, `/listings/${id}/withdraw`, { reason: '股数填错，重新代拟' })).status, 302);
    const l = await listing(id);
    assert.deepEqual([l.status, l.withdrawReason, await rightStatus(r.id)], ['withdrawn', '股数填错，重新代拟', 'active']);
    const [told] = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, w.seller.id), eq(notifications.kind, 'draftDiscarded')));
    assert.deepEqual(told.params, { kind: 'shares', reason: '股数填错，重新代拟' });
    const notices = await w.sellerAgent.get('/notifications').expect(200);
    assert.match(notices.text, /经办人放弃了为本户代拟的.*挂牌草稿：股数填错，重新代拟/);
  });
});
