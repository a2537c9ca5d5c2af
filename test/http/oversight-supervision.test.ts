import { now } from '../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Express } from 'express';
import { auditLog } from '../../models/audit';
import { deals, listings, notifications } from '../../models/market';
import type { Handle } from '../../server/platform/db';
import { chooseOffer, closeNow } from '../../server/market/award';
import { acceptCounter, decideExit } from '../../server/market/exits';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { makeOffer } from '../../server/market/offers';
import { registerDeal } from '../../server/market/registration';
import { registerHomestead, registerLand, registerShares } from '../../server/registry/rights';
import { confirmListing, createListing, submitListing } from '../../server/market/listings';
import { shanghaiDate } from '../../server/kernel/clock';
import { asOwner, freshDb } from '../helpers/db';
import { homesteadInput, landInput, makeUser } from '../helpers/factories';
import { testClock } from '../helpers/clock';
import { loginAs, postForm, testApp, type Agent } from '../helpers/http';
import { afterNotice, consentAll, listed, marketWorld, publish, rejectsWith, type World } from '../helpers/market';

// Rule 12: supervision is the only change the bureau makes. It suspends a listing or a deal
// with a reason and lifts it; seller and officer are told; a suspended case cannot move on.
// The trail records it, is searchable within scope, and its hash chain shows tampering.

describe('oversight supervision and the audit trail (rule 12, seed 四)', function () {
  this.timeout(120_000);
  let h: Handle;
  let app: Express;
  let w: World;
  let bureau: Agent;
  let bureauUser: string;
  let listingId: string;

  const clock = testClock();
  before(async () => {
    h = await freshDb();
    app = testApp(h.db, {}, clock);
    w = await marketWorld(h.db);
    const right = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: '10' });
    listingId = (await publish(h.db, w, right.id, { path: 'transfer', askingPriceFen: 500000, shares: 10 }, clock.now())).id;
    const b = await makeUser(h.db, 'bureau', { regionCode: '440205' });
    bureauUser = b.user.username;
    bureau = await loginAs(app, bureauUser);
  });
  after(async () => h.close());

  const noticesFor = (userId: string, kind: string) =>
    h.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), eq(notifications.kind, kind)));

  it('when the bureau suspends a published listing with a reason, then no offer is accepted until it lifts it, and seller and officer are told', async () => {
    const buyer = await w.buyer();
    const page = await bureau.get(`/oversight/listings/${listingId}`).expect(200);
    assert.match(page.text, /暂停原因/);
    const blank = await postForm(bureau, `/oversight/listings/${listingId}/suspend`, { reason: ' ' });
    assert.equal(blank.status, 422);
    assert.match(blank.text, /此项必填/);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, listingId)))[0].suspendedAt, null);
    const res = await postForm(bureau, `/oversight/listings/${listingId}/suspend`, { reason: '群众反映挂牌非本人意愿，核查中' });
    assert.equal(res.status, 303);
    const [l] = await h.db.select().from(listings).where(eq(listings.id, listingId));
    assert.ok(l.suspendedAt);
    assert.equal(l.suspendReason, '群众反映挂牌非本人意愿，核查中');
    assert.equal((await noticesFor(w.sellerUser.id, 'listingSuspended')).length, 1);
    assert.equal((await noticesFor(w.officerUser.id, 'listingSuspended')).length, 1);
    await rejectsWith(makeOffer(h.db, buyer.actor, listingId, { priceFen: 600000 }, clock.now()), 'market.suspended');
    await rejectsWith(closeNow(h.db, w.officer, listingId, afterNotice()), 'market.suspended');
    assert.equal((await postForm(bureau, `/oversight/listings/${listingId}/suspend`, { reason: '再次' })).status, 409);
    const lifted = await postForm(bureau, `/oversight/listings/${listingId}/lift`, { reason: '核查完毕，农户本人自愿' });
    assert.equal(lifted.status, 303);
    assert.equal((await h.db.select().from(listings).where(eq(listings.id, listingId)))[0].suspendedAt, null);
    assert.equal((await noticesFor(w.sellerUser.id, 'listingLifted')).length, 1);
    const offer = await makeOffer(h.db, buyer.actor, listingId, { priceFen: 600000 }, clock.now());
    assert.equal(offer.status, 'active');
  });

  it('when the bureau suspends a settled deal, then it cannot be registered until lifted', async () => {
    const [o] = await h.db
      .execute(sql`select id, buyer_household_id from offers where listing_id = ${listingId}`)
      .then((r) => (r as unknown as { rows: { id: string; buyer_household_id: string }[] }).rows);
    const deal = await chooseOffer(h.db, w.seller, listingId, { offerId: o.id }, afterNotice());
    const buyerActor = await loginBuyer(o.buyer_household_id);
    await signDeal(h.db, w.seller, deal.id, clock.now());
    await signDeal(h.db, buyerActor, deal.id, clock.now());
    await confirmPayment(h.db, w.seller, deal.id, clock.now());
    await recordSettlement(h.db, w.officer, deal.id, clock.now());
    const res = await postForm(bureau, `/oversight/deals/${deal.id}/suspend`, { reason: '价格明显偏低，核查中' });
    assert.equal(res.status, 303);
    await rejectsWith(registerDeal(h.db, w.officer, deal.id, clock.now()), 'market.suspended');
    assert.equal((await h.db.select().from(deals).where(eq(deals.id, deal.id)))[0].status, 'settled');
    const page = await bureau.get(`/oversight/deals/${deal.id}`).expect(200);
    assert.match(page.text, /价格明显偏低，核查中/);
    assert.equal((await postForm(bureau, `/oversight/deals/${deal.id}/lift`, { reason: '价格经核实属实' })).status, 303);
    const done = await registerDeal(h.db, w.officer, deal.id, clock.now());
    assert.equal(done.status, 'registered');
    const closed = await postForm(bureau, `/oversight/deals/${deal.id}/suspend`, { reason: '太晚了' });
    assert.equal(closed.status, 422);
    assert.match(closed.text, /该个案已结束，不能暂停/);
  });

  it('when the bureau suspends an exit the collective countered, then the farmer cannot accept the counter-price until lifted; a listing in a deal is suspended through its deal', async () => {
    const home = await registerHomestead(h.db, w.officer, w.sellerHh.id, homesteadInput(w.c));
    const exit = await publish(h.db, w, home.id, { path: 'exit', askingPriceFen: 9000000 }, clock.now());
    await decideExit(h.db, w.officer, exit.id, { decision: 'counter', counterPriceFen: 8000000, reason: null }, clock.now());
    assert.equal((await postForm(bureau, `/oversight/listings/${exit.id}/suspend`, { reason: '补偿标准待核' })).status, 303);
    await rejectsWith(acceptCounter(h.db, w.seller, exit.id, clock.now()), 'market.suspended');
    assert.equal((await postForm(bureau, `/oversight/listings/${exit.id}/lift`, { reason: '已核' })).status, 303);
    const deal = await acceptCounter(h.db, w.seller, exit.id, clock.now());
    const viaDeal = await postForm(bureau, `/oversight/listings/${exit.id}/suspend`, { reason: '再核' });
    assert.equal(viaDeal.status, 422);
    assert.match(viaDeal.text, /该挂牌已进入交易，请暂停交易本身/);
    assert.match(viaDeal.text, new RegExp(`/oversight/deals/${deal.id}`));
  });

  it('when the bureau suspends a draft, then the farmer can neither confirm nor submit it until lifted', async () => {
    const right = await registerLand(h.db, w.officer, w.sellerHh.id, landInput(w.c), now());
    const parcelIds = (
      await h.db
        .execute(sql`select id from parcels where right_id = ${right.id}`)
        .then((r) => (r as unknown as { rows: { id: string }[] }).rows)
    ).map((p) => p.id);
    const draft = await createListing(
      h.db,
      w.officer,
      right.id,
      listed({ path: 'transfer', askingPriceFen: 3000000, parcelIds }),
      clock.now(),
    );
    assert.equal((await postForm(bureau, `/oversight/listings/${draft.id}/suspend`, { reason: '代拟挂牌，核实农户意愿' })).status, 303);
    await rejectsWith(confirmListing(h.db, w.seller, draft.id, clock.now()), 'market.suspended');
    assert.equal((await postForm(bureau, `/oversight/listings/${draft.id}/lift`, { reason: '农户确认自愿' })).status, 303);
    await confirmListing(h.db, w.seller, draft.id, clock.now());
    await consentAll(h.db, w, draft.id, clock.now());
    assert.equal((await postForm(bureau, `/oversight/listings/${draft.id}/suspend`, { reason: '再核' })).status, 303);
    await rejectsWith(submitListing(h.db, w.seller, draft.id, clock.now()), 'market.suspended');
    assert.equal((await postForm(bureau, `/oversight/listings/${draft.id}/lift`, { reason: '已核' })).status, 303);
    assert.equal((await submitListing(h.db, w.seller, draft.id, clock.now())).status, 'submitted');
  });

  it("when someone other than the county's bureau tries to suspend, then it is refused: officers and admins 403, another county 404", async () => {
    const officer = await loginAs(
      app,
      (
        await h.db
          .execute(sql`select username from users where id = ${w.officerUser.id}`)
          .then((r) => (r as unknown as { rows: { username: string }[] }).rows[0])
      ).username,
    );
    assert.equal((await postForm(officer, `/oversight/listings/${listingId}/suspend`, { reason: 'x' })).status, 403);
    const admin = await loginAs(app, (await makeUser(h.db, 'admin')).user.username);
    assert.equal((await postForm(admin, `/oversight/listings/${listingId}/suspend`, { reason: 'x' })).status, 403);
    const other = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440203' })).user.username);
    const res = await postForm(other, `/oversight/listings/${listingId}/suspend`, { reason: 'x' });
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.text, new RegExp(w.c.name));
    assert.equal((await other.get(`/oversight/listings/${listingId}`)).status, 404);
  });

  it('when the bureau searches the trail, then it finds each change with before and after, within its region only', async () => {
    const byHousehold = await bureau.get(`/oversight/audit?household=${w.sellerHh.id}&action=listing`).expect(200);
    assert.match(byHousehold.text, /listing\.suspend/);
    assert.match(byHousehold.text, /群众反映挂牌非本人意愿，核查中/);
    assert.match(byHousehold.text, /&#34;suspendedAt&#34;: null/, 'before, as readable JSON');
    const byCode = await bureau.get(`/oversight/audit?household=${w.sellerHh.code}&action=deal.suspend`).expect(200);
    assert.match(byCode.text, /价格明显偏低/);
    assert.doesNotMatch(byCode.text, /listing\.suspend/);
    const byUser = await bureau.get(`/oversight/audit?user=${bureauUser}`).expect(200);
    assert.equal((byUser.text.match(/<code>/g) ?? []).length, 10, 'the bureau made ten changes: five suspensions, five lifts');
    const today = shanghaiDate(clock.now());
    const dated = await bureau.get(`/oversight/audit?collective=${w.c.id}&from=${today}&to=${today}`).expect(200);
    assert.match(dated.text, /household\.create/);
    const none = await bureau.get(`/oversight/audit?collective=${w.c.id}&to=2000-01-01`).expect(200);
    assert.match(none.text, /没有符合条件的记录/);
    const bad = await bureau.get('/oversight/audit?from=2026-02-30&action=DROP TABLE').expect(422);
    assert.match(bad.text, /请输入有效日期/);
    assert.match(bad.text, /操作类型只能包含小写字母和下划线/);
    const other = await loginAs(app, (await makeUser(h.db, 'bureau', { regionCode: '440203' })).user.username);
    assert.equal((await other.get('/oversight/audit?region=440205')).status, 404);
    assert.equal((await other.get(`/oversight/audit?household=${w.sellerHh.id}`)).status, 404);
    const all = await other.get('/oversight/audit').expect(200);
    assert.doesNotMatch(all.text, new RegExp(w.sellerHh.code));
  });

  it('when the trail is intact, then verification passes; when a row was altered behind the trigger, then it reports that entry as the first broken link', async () => {
    const ok = await postForm(bureau, '/oversight/audit/verify', {});
    assert.equal(ok.status, 200);
    assert.match(ok.text, /校验通过：\d+ 条记录完整/);
    const [victim] = await h.db.select().from(auditLog).where(eq(auditLog.action, 'listing.suspend')).orderBy(desc(auditLog.seq)).limit(1);
    await assert.rejects(h.db.execute(sql`update audit_log set reason = '无' where seq = ${victim.seq}`), 'the table refuses updates');
    await asOwner(h, async (db) => {
      await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
      await db.execute(sql`update audit_log set reason = '无' where seq = ${victim.seq}`);
      await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    });
    const broken = await postForm(bureau, '/oversight/audit/verify', {});
    assert.match(broken.text, new RegExp(`校验失败：第 ${victim.seq} 条记录的链接或内容不符（此前 ${victim.seq - 1} 条完整）`));
  });

  async function loginBuyer(householdId: string) {
    const [u] = await h.db
      .execute(sql`select * from users where household_id = ${householdId} and role = 'farmer'`)
      .then((r) => (r as unknown as { rows: { id: string; username: string; member_id: string; display_name: string }[] }).rows);
    return {
      id: u.id,
      role: 'farmer' as const,
      username: u.username,
      displayName: u.display_name,
      regionCode: null,
      collectiveId: null,
      householdId,
      memberId: u.member_id,
    };
  }
});
