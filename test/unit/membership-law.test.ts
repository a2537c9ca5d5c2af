import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { members } from '../../models/households';
import { offers } from '../../models/market';
import { membershipEvents } from '../../models/membership';
import type { Handle } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { giveConsent } from '../../server/market/consents';
import { createListing, submitListing } from '../../server/market/listings';
import { makeOffer } from '../../server/market/offers';
import { withdrawListing } from '../../server/market/withdraw';
import { chooseOffer } from '../../server/market/award';
import { confirmPayment, recordSettlement, signDeal } from '../../server/market/deals';
import { registerDeal } from '../../server/market/registration';
import { removeMember } from '../../server/registry/households';
import { registerShares } from '../../server/registry/rights';
import { currentMembers, isMember, pastMembers, recordMembership } from '../../server/registry/membership';
import { recordDecision } from '../../server/registry/decisions';
import { decisionRefusal, type Votes } from '../../server/registry/membership-rules';
import { collectiveCommand } from '../../server/admin/commands';
import { freshDb } from '../helpers/db';
import { makeUser } from '../helpers/factories';
import { afterNotice, certified, listed, marketWorld, publish, rejectsWith, T0 } from '../helpers/market';

// The 成员名册 under the 农村集体经济组织法 (in force 2025-05-01): membership confirmed, kept and
// ended on the grounds of §12, §16–18; the thresholds of §27, §28 and §15; the market's rule 1
// resting on membership; a member who dies stays in the history and is no longer asked to consent.

const vote = (v: Partial<Votes>): Votes => ({
  meetingType: 'general',
  matter: 'charter',
  entitled: 30,
  presentInPerson: 30,
  presentOnline: 0,
  presentByProxy: 0,
  votesFor: 20,
  votesAgainst: 0,
  votesAbstain: 0,
  ...v,
});

describe('集体经济组织法 §27, §28, §15: the thresholds of a members’ meeting (pure)', () => {
  it('§27: 20 of 30 members in favour (two thirds of all) stands; 19 (2/3 − 1) is refused naming §27', () => {
    assert.equal(decisionRefusal(vote({ votesFor: 20 })), null);
    const r = decisionRefusal(vote({ votesFor: 19 }));
    assert.equal(r?.code, 'decision.twoThirds');
    assert.equal(r?.params.needed, 20);
  });

  it('§27: two thirds of ALL members, not of those present: 20 present all in favour of 31 entitled is refused', () => {
    assert.equal(decisionRefusal(vote({ entitled: 31, presentInPerson: 21, votesFor: 20 }))?.code, 'decision.twoThirds');
  });

  it('§27: fewer than two thirds present (online and proxies count) cannot decide', () => {
    assert.equal(decisionRefusal(vote({ presentInPerson: 19, votesFor: 19 }))?.code, 'decision.quorum');
    assert.equal(decisionRefusal(vote({ presentInPerson: 14, presentOnline: 4, presentByProxy: 2, votesFor: 20 })), null);
  });

  it('§28: a delegates’ meeting may not decide membership, homestead plans or mergers; it may decide the charter', () => {
    for (const matter of ['membership', 'homestead_plan', 'contract_plan', 'quantification', 'compensation', 'merger'] as const)
      assert.equal(decisionRefusal(vote({ meetingType: 'representative', matter }))?.code, 'decision.generalOnly', matter);
    assert.equal(decisionRefusal(vote({ meetingType: 'representative', matter: 'charter' })), null);
  });

  it('§15: income rights for non-members need three quarters: 22 of 30 refused, 23 stands', () => {
    assert.equal(decisionRefusal(vote({ matter: 'non_member_income', votesFor: 22 }))?.code, 'decision.threeQuarters');
    assert.equal(decisionRefusal(vote({ matter: 'non_member_income', votesFor: 23 })), null);
  });
});

describe('集体经济组织法 §12, §16–18: the 成员名册 and the market resting on it', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  const personsOf = (householdId: string) => h.db.select().from(members).where(eq(members.householdId, householdId));
  const endAll = async (officer: Actor, householdId: string, ground: 'civil_servant' | 'other_organisation') => {
    for (const m of await personsOf(householdId))
      await recordMembership(h.db, officer, m.id, { kind: 'ended', ground, effectiveOn: '2026-01-05' }, T0);
  };

  async function sharesListing() {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 400000, shares: 10 });
    return { w, r, l };
  }

  it('rule 1 (§12): a 外来户 household filed under the collective, whose members are not members, is refused at the offer and no offer is stored', async () => {
    const { w, l } = await sharesListing();
    const b = await w.buyer();
    await h.db.update(members).set({ isCollectiveMember: false }).where(eq(members.householdId, b.household.id));
    await rejectsWith(makeOffer(h.db, b.actor, l.id, { priceFen: 500000 }, T0), 'membership.buyerNotMember');
    assert.equal((await h.db.select().from(offers).where(eq(offers.listingId, l.id))).length, 0);
  });

  it('rule 1 (§17): a buyer household whose members all left after offering is refused at the choice and, if it got that far, at registration', async () => {
    const { w, l } = await sharesListing();
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 500000 }, T0);
    const at = afterNotice();
    // The choice: the members left before the seller chose.
    await endAll(w.officer, b.household.id, 'civil_servant');
    await rejectsWith(chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, at), 'membership.buyerNotMember');

    // Registration: another buyer is chosen, then leaves before the change is registered.
    const { w: w2, l: l2 } = await sharesListing();
    const b2 = await w2.buyer();
    const o2 = await makeOffer(h.db, b2.actor, l2.id, { priceFen: 500000 }, T0);
    const d = await chooseOffer(h.db, w2.seller, l2.id, { offerId: o2.id }, at);
    await signDeal(h.db, w2.seller, d.id, at);
    await signDeal(h.db, b2.actor, d.id, at);
    await confirmPayment(h.db, w2.seller, d.id, at);
    await recordSettlement(h.db, w2.officer, d.id, at);
    await endAll(w2.officer, b2.household.id, 'other_organisation');
    await rejectsWith(registerDeal(h.db, w2.officer, d.id, at), 'membership.buyerNotMember');
  });

  it('§18 and the settlement policy: a member who settled in a city keeps membership and may still buy', async () => {
    const { w, l } = await sharesListing();
    const b = await w.buyer();
    for (const m of await personsOf(b.household.id))
      await recordMembership(
        h.db,
        w.officer,
        m.id,
        { kind: 'kept', ground: 'settled_city', effectiveOn: '2025-09-01', note: '进城落户广州' },
        T0,
      );
    for (const m of await personsOf(b.household.id)) assert.equal(await isMember(h.db, m.id, T0), true);
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 500000 }, T0);
    assert.equal(o.status, 'active');
  });

  it('§8, §31, §18: marriage is never a ground to end membership; it is refused naming the articles and nothing is written', async () => {
    const w = await marketWorld(h.db);
    const [, wife] = await personsOf(w.sellerHh.id);
    await rejectsWith(
      recordMembership(h.db, w.officer, wife.id, { kind: 'ended', ground: 'marriage', effectiveOn: '2026-01-01' }, T0),
      'membership.ground.ended',
    );
    assert.equal((await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id))).length, 0);
    assert.equal(await isMember(h.db, wife.id, T0), true);
  });

  it('§16: a voluntary exit needs the organisation’s consent (a membership decision); with one it is recorded', async () => {
    const w = await marketWorld(h.db);
    const [, wife] = await personsOf(w.sellerHh.id);
    await rejectsWith(
      recordMembership(h.db, w.officer, wife.id, { kind: 'ended', ground: 'voluntary_exit', effectiveOn: '2026-02-01' }, T0),
      'membership.decisionNeeded.ended',
    );
    const d = await recordDecision(
      h.db,
      w.officer,
      w.c.id,
      {
        decidedOn: '2026-01-20',
        meetingType: 'general',
        matter: 'membership',
        title: '同意测试配偶书面退出',
        text: '经成员大会表决，同意其书面自愿退出本集体经济组织。',
        entitled: 30,
        presentInPerson: 24,
        votesFor: 21,
        votesAgainst: 2,
        votesAbstain: 1,
      },
      T0,
    );
    const e = await recordMembership(
      h.db,
      w.officer,
      wife.id,
      { kind: 'ended', ground: 'voluntary_exit', effectiveOn: '2026-02-01', decisionId: d.id },
      T0,
    );
    assert.equal(e.decisionId, d.id);
    assert.equal(e.recordedBy, w.officer.id);
    assert.equal(await isMember(h.db, wife.id, T0), false);
  });

  it('#16.3 (§17): a wife who dies with an account and a past consent stays in the history, her account closes, and the widower’s next listing does not wait for her', async () => {
    const w = await marketWorld(h.db);
    const [, wife] = await personsOf(w.sellerHh.id);
    const { actor: wifeActor, user: wifeUser } = await makeUser(h.db, 'farmer', { householdId: w.sellerHh.id, memberId: wife.id });
    // She consented to an earlier listing from her own account.
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    await certified(h.db, w.officer, r.id); // only a certified right is listed (issue 18 item 3)
    const first = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    await giveConsent(h.db, wifeActor, first.id, T0);

    await recordMembership(h.db, w.officer, wife.id, { kind: 'ended', ground: 'death', effectiveOn: '2026-03-01', note: '病故' }, T0);
    // Never deleted: the person, her event and her account row are all still there.
    assert.equal((await h.db.select().from(members).where(eq(members.id, wife.id))).length, 1);
    const [acc] = await h.db.select().from(users).where(eq(users.id, wifeUser.id));
    assert.equal(acc.active, false, 'a dead member’s account no longer signs in');
    await rejectsWith(removeMember(h.db, w.officer, w.sellerHh.id, wife.id, '误录'), 'memberAccountBlocksRemoval');
    assert.deepEqual(
      (await pastMembers(h.db, w.sellerHh.id, T0)).map((m) => m.id),
      [wife.id],
    );
    assert.ok(!(await currentMembers(h.db, w.sellerHh.id, T0)).some((m) => m.id === wife.id));

    // The widower's listing: his consent is all it needs now.
    await withdrawListing(h.db, w.seller, first.id, { reason: null }, T0);
    const second = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    await giveConsent(h.db, w.seller, second.id, T0);
    assert.equal((await submitListing(h.db, w.seller, second.id, T0)).status, 'submitted');
    // And nothing can be recorded after a death.
    await rejectsWith(
      recordMembership(h.db, w.officer, wife.id, { kind: 'confirmed', ground: 'other', effectiveOn: '2026-03-05' }, T0),
      'membership.dead',
    );
  });

  it('§12: a member with a register history is never deleted: the removal is refused and the person stays', async () => {
    const w = await marketWorld(h.db);
    const [, wife] = await personsOf(w.sellerHh.id);
    await recordMembership(h.db, w.officer, wife.id, { kind: 'kept', ground: 'work', effectiveOn: '2026-01-01' }, T0);
    await rejectsWith(removeMember(h.db, w.officer, w.sellerHh.id, wife.id, '误录'), 'membership.hasHistory');
    assert.equal(
      (
        await h.db
          .select()
          .from(members)
          .where(and(eq(members.id, wife.id)))
      ).length,
      1,
    );
  });

  it('rule 12: only the collective’s officer records membership; a farmer is refused and nothing is written', async () => {
    const w = await marketWorld(h.db);
    const [, wife] = await personsOf(w.sellerHh.id);
    await assert.rejects(recordMembership(h.db, w.seller, wife.id, { kind: 'ended', ground: 'death', effectiveOn: '2026-01-01' }, T0));
    assert.equal((await h.db.select().from(membershipEvents).where(eq(membershipEvents.memberId, wife.id))).length, 0);
  });
});

describe('农村土地承包法 §30: land return needs at least six months’ notice (configurable upward only)', () => {
  const base = {
    name: '测试村股份经济合作社',
    regionCode: '440205100201',
    level: 'village',
    registrationCode: 'x',
    noticeDays: '10',
    shareCapPercent: '300',
    totalShares: '100',
    homesteadLimitPlainM2: '80',
    homesteadLimitHillM2: '120',
    homesteadLimitMountainM2: '150',
  };
  it('a collective’s charter of 5 months is refused on its field; 6 and 12 are accepted there', () => {
    const issues = (months: string) =>
      (collectiveCommand.safeParse({ ...base, landReturnNoticeMonths: months }).error?.issues ?? []).filter(
        (i) => i.path[0] === 'landReturnNoticeMonths',
      );
    assert.equal(issues('5').length, 1);
    assert.equal(issues('5')[0].message, 'intRange');
    assert.equal(issues('6').length, 0);
    assert.equal(issues('12').length, 0);
  });
});
