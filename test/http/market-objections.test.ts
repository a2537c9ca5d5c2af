import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../models/audit';
import { listingConsents, listings, notifications, offers } from '../../models/market';
import { listingObjections } from '../../models/objections';
import { rights } from '../../models/rights';
import type { Handle } from '../../server/platform/db';
import { makeOffer } from '../../server/market/offers';
import { decideObjection } from '../../server/market/objections';
import { sweepMarket } from '../../server/market/sweep';
import { findingCommand, Sent } from '../../server/market/commands';
import { ValidationError } from '../../server/kernel/errors';
import { registerShares } from '../../server/registry/rights';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, postForm, testApp } from '../helpers/http';
import { publish } from '../helpers/market';
import { httpWorld } from '../helpers/market-http';

// Issue 20 item 1: objections (异议) during the notice period. An objection pauses the listing
// (no offer, no choice of buyer, no contract) until the officer's finding with reasons; a
// rejected objection resumes it and extends the notice period by the paused time (the caller's
// clock); an upheld one ends it. A household member's "I did not consent" (rule 2, voluntariness)
// stands until that member consents again.

const DAY = 24 * 3600 * 1000;

describe('Objections during the notice period (rule 2, rule 8, issue 20)', () => {
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

  async function onSale() {
    const w = await httpWorld(h.db, app);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 100000, shares: 10 }, clock.now());
    const bidder = await w.buyer();
    await makeOffer(h.db, bidder.actor, l.id, { priceFen: 100000 }, clock.now());
    return { w, r, l, bidder };
  }
  const listing = async (id: string) => (await h.db.select().from(listings).where(eq(listings.id, id)))[0];
  const objection = async (listingId: string) =>
    (await h.db.select().from(listingObjections).where(eq(listingObjections.listingId, listingId)))[0];
  const notices = (userId: string, kind: string) =>
    h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it('when a member household objects, then the listing pauses; when the officer rejects the objection three days later, it resumes with the notice period extended by three days', async () => {
    const { w, l, bidder } = await onSale();
    const neighbour = await w.buyer();
    const lodged = await postForm(neighbour.agent, `/listings/${l.id}/objections`, {
      ground: 'boundaries',
      text: '东边界址与我家承包地重叠',
    });
    assert.equal(lodged.status, 302);
    const paused = await listing(l.id);
    assert.equal(paused.objectionPausedAt?.getTime(), clock.now().getTime());
    const page = await bidder.agent.get(`/listings/${l.id}`).expect(200);
    assert.match(page.text, /class="badge state-objection">异议处理中</);
    assert.doesNotMatch(page.text, /\/raise"/);
    const offer = await postForm((await w.buyer()).agent, `/listings/${l.id}/offers`, { price: '2000' });
    assert.equal(offer.status, 422);
    assert.match(offer.text, /异议正在处理，暂停办理/);
    assert.equal((await notices(bidder.user.id, 'objectionLodged')).length, 1, 'the bidder is told');

    clock.advance(3 * DAY);
    const o = await objection(l.id);
    // Three days on, the sessions of the morning have expired: the officer's finding is recorded by the use case.
    await assert.rejects(
      decideObjection(h.db, w.officer, o.id, Sent.form(findingCommand, { outcome: 'rejected', reason: ' ' }), clock.now()),
      ValidationError,
    );
    await decideObjection(h.db, w.officer, o.id, { outcome: 'rejected', reason: '经现场核实，四至与登记一致' }, clock.now());
    const resumed = await listing(l.id);
    assert.equal(resumed.objectionPausedAt, null);
    assert.equal(resumed.noticeEndsAt!.getTime(), paused.noticeEndsAt!.getTime() + 3 * DAY);
    assert.equal((await objection(l.id)).status, 'rejected');
    assert.equal((await notices(neighbour.user.id, 'objectionDecided')).length, 1, 'the objector is told the outcome');
    assert.equal((await notices(bidder.user.id, 'listingResumed')).length, 1);
    const inbox = await (await loginAs(app, neighbour.user.username)).get('/notifications').expect(200);
    assert.match(inbox.text, /异议不成立，恢复挂牌。理由：经现场核实，四至与登记一致/);
    const trail = await h.db.select().from(auditLog).where(eq(auditLog.entityId, o.id));
    assert.deepEqual(
      trail.map((t) => t.action),
      ['objection.lodge', 'objection.finding'],
    );
    const [resume] = await h.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, l.id), eq(auditLog.action, 'listing.resume')));
    assert.equal((resume.after as { pausedMs: number }).pausedMs, 3 * DAY);
    const open = await (await loginAs(app, bidder.user.username)).get(`/listings/${l.id}`).expect(200);
    assert.match(open.text, /class="badge state-open">公示中</);
    assert.match(open.text, /\/raise"/, 'offers may be raised again');
  });

  it('when a household member objects that they did not consent, then their consent is withdrawn and the officer cannot reject it; it ends only when the member consents again by their own account (rule 2)', async () => {
    const { w, l } = await onSale();
    const spouse = await makeUser(h.db, 'farmer', { householdId: w.sellerHh.id, memberId: w.spouse.id });
    const spouseAgent = await loginAs(app, spouse.user.username);
    const lodged = await postForm(spouseAgent, `/listings/${l.id}/objections`, { ground: 'noConsent', text: '我没有签过同意书' });
    assert.equal(lodged.status, 302);
    const consent = () =>
      h.db
        .select()
        .from(listingConsents)
        .where(and(eq(listingConsents.listingId, l.id), eq(listingConsents.memberId, w.spouse.id)));
    assert.equal((await consent()).length, 0, "the member's consent is withdrawn");
    const o = await objection(l.id);
    const page = await w.officerAgent.get(`/listings/${l.id}`).expect(200);
    assert.doesNotMatch(page.text, /name="outcome" value="rejected"/);
    assert.match(page.text, /不能驳回/);
    const refused = await postForm(w.officerAgent, `/listings/${l.id}/objections/${o.id}/finding`, {
      outcome: 'rejected',
      reason: '已核实',
    });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /须本人重新表示同意/);
    assert.ok((await listing(l.id)).objectionPausedAt, 'still paused');

    clock.advance(DAY);
    const again = await postForm(await loginAs(app, spouse.user.username), `/listings/${l.id}/objections/${o.id}/reconsent`, {});
    assert.equal(again.status, 302);
    const [c] = await consent();
    assert.equal(c.method, 'account');
    assert.equal((await objection(l.id)).status, 'reconsented');
    assert.equal((await listing(l.id)).objectionPausedAt, null);
  });

  it('when the officer upholds an objection and ends the listing, then the right is free, live offers lapse, and nobody may object once the listing is over', async () => {
    const { w, r, l, bidder } = await onSale();
    const lodged = await postForm(w.officerAgent, `/listings/${l.id}/objections`, { ground: 'disputed', text: '兄弟间对该股权有争议' });
    assert.equal(lodged.status, 302);
    const o = await objection(l.id);
    const ended = await postForm(w.officerAgent, `/listings/${l.id}/objections/${o.id}/finding`, {
      outcome: 'ended',
      reason: '权属争议须先调解',
    });
    assert.equal(ended.status, 302);
    assert.equal((await listing(l.id)).status, 'withdrawn');
    assert.equal((await h.db.select().from(rights).where(eq(rights.id, r.id)))[0].status, 'active');
    assert.deepEqual(
      (await h.db.select().from(offers).where(eq(offers.listingId, l.id))).map((x) => x.status),
      ['lost'],
    );
    assert.equal((await notices(bidder.user.id, 'objectionDecided')).length, 1);
    const late = await postForm(bidder.agent, `/listings/${l.id}/objections`, { ground: 'other', text: '迟到的异议' });
    assert.equal(late.status, 422);
    assert.match(late.text, /只能在挂牌公示期内提出异议/);
  });

  it('when an objection stays open, then the county bureau sees it with its age, and another county does not', async () => {
    const { w, l } = await onSale();
    const neighbour = await w.buyer();
    assert.equal(
      (await postForm(neighbour.agent, `/listings/${l.id}/objections`, { ground: 'disputed', text: '该股权有继承争议' })).status,
      302,
    );
    clock.advance(5 * DAY);
    const county = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    const page = await (await loginAs(app, county.user.username)).get('/oversight/objections').expect(200);
    assert.ok(page.text.includes(`/oversight/listings/${l.id}`));
    assert.match(page.text, /最久的已 \d+ 天/);
    assert.match(page.text, /权属有争议/);
    assert.match(page.text, /5 天/);
    const other = await makeUser(h.db, 'bureau', { regionCode: '440203' });
    const elsewhere = await (await loginAs(app, other.user.username)).get('/oversight/objections').expect(200);
    assert.ok(!elsewhere.text.includes(`/oversight/listings/${l.id}`));
  });

  it('when the notice period would have ended while an objection is open, then the sweep does not close the listing (rule 8: the period is paused)', async () => {
    const { w, l } = await onSale();
    assert.equal(
      (await postForm(w.officerAgent, `/listings/${l.id}/objections`, { ground: 'boundaries', text: '面积待复核' })).status,
      302,
    );
    const later = new Date(clock.now().getTime() + 30 * DAY);
    await sweepMarket(h.db, later);
    const after = await listing(l.id);
    assert.equal(after.status, 'approved');
    assert.equal(after.noticeClosedAt, null);
    assert.ok(after.objectionPausedAt);
  });
});
