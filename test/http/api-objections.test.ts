import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { listingConsents, listings, notifications } from '../../models/market';
import { listingObjections } from '../../models/objections';
import { parcels } from '../../models/rights';
import { OBJECTION_TAGS } from '../../routes/api/openapi-objections';
import type { Handle } from '../../server/platform/db';
import { apiClient, apiMarketWorld } from '../helpers/api-market';
import { testClock } from '../helpers/clock';
import { freshDb } from '../helpers/db';
import { testApp } from '../helpers/http';

// Issue 20 item 1 through /api/v1: who may lodge an objection (异议) on a published listing (a
// member of the seller's household, a member household of the collective, the collective's
// officer), who may decide it (that officer only), what each other caller gets (4xx, nothing
// written), and what the database holds: the listing pauses; a rejected objection resumes it
// with the notice period extended by the paused time (rule 8); a member's "I did not consent"
// withdraws the consent and cannot be rejected (rule 2). Every answer is checked against the
// OpenAPI document; the last test demands that every objection operation was called.

const DAY = 24 * 3600 * 1000;

describe('JSON API: objections during the notice period (rules 2, 8, 12; issue 20)', () => {
  let h: Handle;
  let api: Awaited<ReturnType<typeof apiClient>>;
  let w: Awaited<ReturnType<typeof apiMarketWorld>>;
  const clock = testClock();
  const listingRow = async (id: string) => (await h.db.select().from(listings).where(eq(listings.id, id)))[0];
  const objectionRows = (listingId: string) =>
    h.db.select().from(listingObjections).where(eq(listingObjections.listingId, listingId)).orderBy(listingObjections.createdAt);

  before(async () => {
    h = await freshDb();
    api = await apiClient(testApp(h.db, {}, clock));
    w = await apiMarketWorld(h.db);
  });
  after(async () => {
    await h?.close();
  });

  /** A listing published through the API: the holder lists, both adults consent, the officer approves. */
  async function published(rightId: string, extra: object): Promise<string> {
    const made = await api.post(`/api/v1/rights/${rightId}/listings`, w.tok.seller, { path: 'transfer', askingPriceFen: 500000, ...extra });
    assert.equal(made.status, 201, made.text);
    const L = `/api/v1/listings/${made.body.id}`;
    assert.equal((await api.post(`${L}/consent`, w.tok.seller)).status, 200);
    assert.equal((await api.post(`${L}/consent`, w.tok.spouse)).status, 200);
    assert.equal((await api.post(`${L}/submit`, w.tok.seller)).status, 200);
    const approved = await api.post(`${L}/approve`, w.tok.officer);
    assert.equal(approved.body.state, 'open', approved.text);
    return made.body.id;
  }

  it('when a member household objects, then the listing pauses; when the officer rejects it two days later, then it resumes with its notice period extended by two days and the objector is told', async () => {
    const id = await published(w.shares.id, { shares: 5 });
    const url = `/api/v1/listings/${id}/objections`;
    const before = await listingRow(id);
    const neighbour = await w.buyer();

    // Those who may not lodge one: nothing is written.
    assert.equal((await api.post(url, undefined, { ground: 'other', text: '无令牌' })).status, 401);
    assert.equal((await api.post(url, w.tok.bureau, { ground: 'other', text: '局' })).status, 403);
    assert.equal((await api.post(url, w.tok.admin, { ground: 'other', text: '管理员' })).status, 403);
    assert.equal((await api.post(url, w.tok.outsider, { ground: 'other', text: '外村' })).status, 403, 'rule 1: not published to them');
    assert.equal((await api.post(url, w.tok.officerB, { ground: 'other', text: '外村经办人' })).status, 404);
    const bad = await api.post(url, neighbour.token, { ground: 'because', text: ' ' });
    assert.equal(bad.status, 422);
    assert.ok(bad.body.error.fields.ground && bad.body.error.fields.text);
    assert.equal((await objectionRows(id)).length, 0);
    assert.equal((await listingRow(id)).objectionPausedAt, null);

    const lodged = await api.post(url, neighbour.token, { ground: 'boundaries', text: '东边界址与我家地块重叠' });
    assert.equal(lodged.status, 201, lodged.text);
    assert.equal(lodged.body.objection.objectorRole, 'household');
    assert.equal(lodged.body.objection.status, 'open');
    assert.equal(lodged.body.objection.own, true);
    assert.equal(lodged.body.objection.attachment, null);
    assert.equal(lodged.body.listing.pausedSince, clock.now().toISOString());
    assert.equal((await listingRow(id)).objectionPausedAt?.getTime(), clock.now().getTime());
    const offer = await api.post(`/api/v1/listings/${id}/offers`, (await w.buyer()).token, { priceFen: 500000 });
    assert.equal(offer.status, 422);
    assert.equal(offer.body.error.code, 'objection.pausing');

    // Everyone who sees the listing reads its pause; the bureau and the officer see the objection.
    const read = await api.get(url, w.tok.bureau);
    assert.equal(read.status, 200);
    assert.equal(read.body.items.length, 1);
    assert.equal(read.body.items[0].can.decide, false);
    assert.equal((await api.get(url, w.tok.officer)).body.items[0].can.decide, true);
    assert.equal((await api.get(url, w.tok.outsider)).status, 403);
    assert.equal((await api.get(url, w.tok.officerB)).status, 404);

    clock.advance(2 * DAY);
    const oid = lodged.body.objection.id;
    const F = `/api/v1/objections/${oid}/finding`;
    const finding = { outcome: 'rejected', reason: '经现场核实，四至与登记一致' };
    assert.equal((await api.post(F, w.tok.seller, finding)).status, 403);
    assert.equal((await api.post(F, neighbour.token, finding)).status, 403);
    assert.equal((await api.post(F, w.tok.bureau, finding)).status, 403);
    assert.equal((await api.post(F, w.tok.admin, finding)).status, 403);
    assert.equal((await api.post(F, w.tok.officerB, finding)).status, 404);
    assert.equal((await api.post(F, w.tok.officer, { outcome: 'rejected', reason: '' })).status, 422);
    assert.equal((await objectionRows(id))[0].status, 'open', 'nothing decided by the refused calls');

    const decided = await api.post(F, w.tok.officer, finding);
    assert.equal(decided.status, 200, decided.text);
    assert.equal(decided.body.objection.status, 'rejected');
    assert.equal(decided.body.objection.findingReason, finding.reason);
    assert.equal(decided.body.listing.pausedSince, null);
    const resumed = await listingRow(id);
    assert.equal(resumed.objectionPausedAt, null);
    assert.equal(resumed.status, 'approved');
    assert.equal(resumed.noticeEndsAt!.getTime(), before.noticeEndsAt!.getTime() + 2 * DAY, 'rule 8: extended by the paused time');
    assert.equal(decided.body.listing.noticeEndsAt, resumed.noticeEndsAt!.toISOString());
    const [row] = await objectionRows(id);
    assert.equal(row.status, 'rejected');
    assert.equal(row.decidedAt?.getTime(), clock.now().getTime());
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'objectionDecided'), eq(notifications.userId, neighbour.actor.id)));
    assert.equal(told.length, 1, 'the objector is told the outcome');
    assert.equal(told[0].link, `/listings/${id}`);

    const again = await api.post(F, w.tok.officer, { outcome: 'ended', reason: '再次' });
    assert.equal(again.status, 409);
    assert.equal((await listingRow(id)).status, 'approved');
  });

  it("when the seller's spouse objects that she did not consent, then her consent is withdrawn and the officer cannot reject it; upheld, the listing goes back to the seller (rule 2)", async () => {
    const id = await published(w.homestead.id, {});
    const lodged = await api.post(`/api/v1/listings/${id}/objections`, w.tok.spouse, { ground: 'noConsent', text: '我没有同意出让宅基地' });
    assert.equal(lodged.status, 201, lodged.text);
    assert.equal(lodged.body.objection.objectorRole, 'member');
    assert.equal(lodged.body.objection.can.reconsent, true);
    const consent = await h.db
      .select()
      .from(listingConsents)
      .where(and(eq(listingConsents.listingId, id), eq(listingConsents.memberId, w.spouseMember.id)));
    assert.equal(consent.length, 0, "the member's consent is withdrawn");
    assert.ok((await listingRow(id)).objectionPausedAt);

    const F = `/api/v1/objections/${lodged.body.objection.id}/finding`;
    const refused = await api.post(F, w.tok.officer, { outcome: 'rejected', reason: '已核实签字' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'objection.noConsentStands');
    assert.ok((await listingRow(id)).objectionPausedAt, 'still paused');

    // A neighbour's objection, open when hers is upheld, falls with the listing: the neighbour is told too.
    const neighbour = await w.buyer();
    const second = await api.post(`/api/v1/listings/${id}/objections`, neighbour.token, { ground: 'other', text: '宅基地面积与证书不符' });
    assert.equal(second.status, 201, second.text);

    const returned = await api.post(F, w.tok.officer, { outcome: 'returned', reason: '家庭成员未同意，退回农户' });
    assert.equal(returned.status, 200, returned.text);
    assert.equal(returned.body.objection.status, 'returned');
    assert.equal(returned.body.listing.status, 'draft');
    const l = await listingRow(id);
    assert.equal(l.status, 'draft');
    assert.equal(l.objectionPausedAt, null);
    assert.equal(l.noticeEndsAt, null);
    assert.deepEqual(
      (await objectionRows(id)).map((o) => o.status),
      ['returned', 'returned'],
    );
    const told = await h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'objectionDecided'), eq(notifications.userId, neighbour.actor.id)));
    assert.equal(told.length, 1, 'every objector is told the outcome');
  });

  it("when the officer and a neighbour object, then the neighbour's list shows only their own objection, and the seller's household sees both (rule 12)", async () => {
    const plots = await h.db.select({ id: parcels.id }).from(parcels).where(eq(parcels.rightId, w.land.id));
    const id = await published(w.land.id, { parcelIds: plots.map((p) => p.id) });
    const url = `/api/v1/listings/${id}/objections`;
    const neighbour = await w.buyer();
    const other = await w.buyer();
    assert.equal(
      (await api.post(url, w.tok.officer, { ground: 'disputed', text: '兄弟间对承包地有争议' })).body.objection.objectorRole,
      'officer',
    );
    assert.equal((await api.post(url, neighbour.token, { ground: 'other', text: '请核实面积' })).status, 201);
    const mine = await api.get(url, neighbour.token);
    assert.deepEqual(
      mine.body.items.map((o: { ground: string; own: boolean }) => [o.ground, o.own]),
      [['other', true]],
    );
    assert.equal((await api.get(url, other.token)).body.items.length, 0);
    assert.ok((await api.get(url, other.token)).body.listing.pausedSince, 'every member sees that it is paused');
    assert.equal((await api.get(url, w.tok.seller)).body.items.length, 2);
    assert.equal((await api.get(url, w.tok.admin)).body.items.length, 2);
    assert.equal((await objectionRows(id)).length, 2);
  });

  it('when all tests ran, then every objection operation in the document was called', () => {
    assert.deepEqual(api.check.unexercised({ tags: OBJECTION_TAGS }), []);
  });
});
