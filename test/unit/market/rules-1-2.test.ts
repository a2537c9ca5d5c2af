import { now } from '../../../server/kernel/clock';
import assert from 'node:assert/strict';
import { and, count, eq } from 'drizzle-orm';
import { members } from '../../../models/households';
import { listingConsents, listings, offers } from '../../../models/market';
import { rights } from '../../../models/rights';
import type { Handle } from '../../../server/platform/db';
import { addMember } from '../../../server/registry/households';
import { giveConsent, recordPaperConsent } from '../../../server/market/consents';
import { confirmListing, createListing, submitListing } from '../../../server/market/listings';
import { withdrawListing } from '../../../server/market/withdraw';
import { makeOffer } from '../../../server/market/offers';
import { chooseOffer } from '../../../server/market/award';
import { signDeal } from '../../../server/market/deals';
import { loadListing } from '../../../server/market/scope';
import { registerShares } from '../../../server/registry/rights';
import { AppError, type DomainError, NotFound } from '../../../server/kernel/errors';
import { freshDb } from '../../helpers/db';
import { idNumber, makeCollective, makeHousehold, makeUser, VILLAGE_B } from '../../helpers/factories';
import { afterNotice, consentAll, farmerOf, listed, marketWorld, PAPER, publish, rejectsWith, T0 } from '../../helpers/market';

describe('Market rules 1 and 2: same collective, voluntary listing', () => {
  let h: Handle;
  before(async () => {
    h = await freshDb();
  });
  after(async () => {
    await h.close();
  });

  async function sharesListing() {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 40 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 400000, shares: 10 });
    return { w, r, l };
  }

  it('when a household of another collective offers, then rule 1 refuses it with its legal basis and no offer is stored', async () => {
    const { l } = await sharesListing();
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const outsider = await farmerOf(h.db, await makeHousehold(h.db, otherOfficer, other));
    await rejectsWith(makeOffer(h.db, outsider.actor, l.id, { priceFen: 500000 }, T0), 'rule1.outsider');
    const [{ n }] = await h.db.select({ n: count() }).from(offers).where(eq(offers.listingId, l.id));
    assert.equal(n, 0);
  });

  it('when an outsider opens a published listing, then only the rule-1 refusal is shown, and unpublished ones do not exist for them (rule 1, 12)', async () => {
    const { w, l } = await sharesListing();
    const other = await makeCollective(h.db, { regionCode: VILLAGE_B });
    const { actor: otherOfficer } = await makeUser(h.db, 'officer', { collectiveId: other.id });
    const outsider = await farmerOf(h.db, await makeHousehold(h.db, otherOfficer, other));
    await rejectsWith(loadListing(h.db, outsider.actor, l.id), 'rule1.notPublishedToYou', AppError);
    await rejectsWith(loadListing(h.db, otherOfficer, l.id), 'notFound', NotFound);
    // Rule 11 as well: the listed right cannot be listed a second time.
    await rejectsWith(
      createListing(h.db, w.seller, l.rightId, listed({ path: 'transfer', askingPriceFen: 100, shares: 1 }), T0),
      'rule11.locked',
    );
  });

  it("when the seller's household offers on its own listing, then rule 1 refuses it", async () => {
    const { w, l } = await sharesListing();
    await rejectsWith(makeOffer(h.db, w.seller, l.id, { priceFen: 500000 }, T0), 'rule1.ownListing');
  });

  it('when an officer prepares a listing, then it stays a draft until the farmer confirms it (rule 2)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await createListing(h.db, w.officer, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    assert.equal(l.status, 'draft');
    assert.equal(l.confirmedAt, null);
    await consentAll(h.db, w, l.id);
    await rejectsWith(submitListing(h.db, w.seller, l.id, T0), 'rule2.notConfirmed');
    await rejectsWith(submitListing(h.db, w.officer, l.id, T0), 'rule2.holderOnly');
    await confirmListing(h.db, w.seller, l.id, T0);
    const after = await submitListing(h.db, w.seller, l.id, T0);
    assert.equal(after.status, 'submitted');
  });

  it('when an adult member has not consented, then submission is refused naming them; a minor is not asked (rule 2)', async () => {
    const w = await marketWorld(h.db);
    const teen = new Date(T0);
    teen.setUTCFullYear(teen.getUTCFullYear() - 17);
    await addMember(
      h.db,
      w.officer,
      w.sellerHh.id,
      {
        name: '少年成员',
        idNumber: idNumber(teen.toISOString().slice(0, 10)),
        relation: 'child',
      },
      now(),
    );
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    await giveConsent(h.db, w.seller, l.id, T0);
    await assert.rejects(
      submitListing(h.db, w.seller, l.id, T0),
      (e: DomainError) => e.code === 'rule2.consentMissing' && e.params.count === 1 && String(e.params.names).includes('测试配偶'),
    );
    const [row] = await h.db.select().from(listings).where(eq(listings.id, l.id));
    assert.equal(row.status, 'draft');
    const [spouse] = await h.db
      .select()
      .from(members)
      .where(and(eq(members.householdId, w.sellerHh.id), eq(members.relation, 'spouse')));
    await recordPaperConsent(h.db, w.officer, l.id, { memberId: spouse.id, scan: PAPER }, T0);
    assert.equal((await submitListing(h.db, w.seller, l.id, T0)).status, 'submitted');
    const given = await h.db.select().from(listingConsents).where(eq(listingConsents.listingId, l.id));
    assert.deepEqual(given.map((g) => g.method).sort(), ['account', 'paper'], 'two adults consented; the 17-year-old was not asked');
  });

  it('when a member has an account, then the officer cannot record a paper consent for them (rule 2, voluntariness)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await createListing(h.db, w.seller, r.id, listed({ path: 'transfer', askingPriceFen: 10000, shares: 5 }), T0);
    await rejectsWith(recordPaperConsent(h.db, w.officer, l.id, { memberId: w.seller.memberId!, scan: PAPER }, T0), 'rule2.ownAccount');
  });

  it('when the holder withdraws before the contract is signed, then the right is free again; after signing it is refused (rule 2)', async () => {
    const w = await marketWorld(h.db);
    const r = await registerShares(h.db, w.officer, w.sellerHh.id, { shares: 20 });
    const l = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 10000, shares: 5 });
    const b = await w.buyer();
    const o = await makeOffer(h.db, b.actor, l.id, { priceFen: 12000 }, T0);
    const late = afterNotice();
    const deal = await chooseOffer(h.db, w.seller, l.id, { offerId: o.id }, late);
    await signDeal(h.db, w.seller, deal.id, late);
    const withdrawn = await withdrawListing(h.db, w.seller, l.id, { reason: '家里另有安排' }, late);
    assert.equal(withdrawn.status, 'withdrawn');
    const [right] = await h.db.select().from(rights).where(eq(rights.id, r.id));
    assert.equal(right.status, 'active');

    const l2 = await publish(h.db, w, r.id, { path: 'transfer', askingPriceFen: 10000, shares: 5 }, late);
    const o2 = await makeOffer(h.db, b.actor, l2.id, { priceFen: 12000 }, late);
    const later = afterNotice(late);
    const d2 = await chooseOffer(h.db, w.seller, l2.id, { offerId: o2.id }, later);
    await signDeal(h.db, w.seller, d2.id, later);
    await signDeal(h.db, b.actor, d2.id, later);
    await rejectsWith(withdrawListing(h.db, w.seller, l2.id, { reason: null }, later), 'rule2.contractSigned');
  });
});
