import { and, eq } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { listings, offers } from '../../models/market';
import { households } from '../../models/households';
import { parcels, rights } from '../../models/rights';
import { toActor } from '../../server/accounts/session-user';
import type { Db } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';
import { listMembers } from '../../server/registry/households';
import { chooseOffer } from '../../server/market/award';
import { addDays } from '../../server/kernel/clock';
import { adultMembers, giveConsent, recordPaperConsent } from '../../server/market/consents';
import { createListing, submitListing } from '../../server/market/listings';
import { makeOffer } from '../../server/market/offers';
import { approveListing } from '../../server/market/review';
import { completeDeal, type Listed, listed } from './market';
import { demoIds } from './demo-pages';
import { makeUser } from './factories';
import { PDF } from './market-http';

// The browser tests' market on top of the demo (server/demo/seed.ts), made through the market's own
// use cases: 李建国's published land listing (the demo's own if it seeds one, else his paddy
// 塘背田) with offers from 陈志强 and 黄丽华, a draft of his shares still waiting for his
// family's consent, and 陈志强's five shares sold to 黄丽华 and registered (deal, contract and
// 交易鉴证书).

async function actorOf(db: Db, username: string): Promise<Actor> {
  const [u] = await db.select().from(users).where(eq(users.username, username));
  return toActor(u) as Actor;
}

async function rightOf(db: Db, householdId: string, kind: 'land' | 'homestead' | 'shares') {
  const [r] = await db
    .select()
    .from(rights)
    .where(and(eq(rights.householdId, householdId), eq(rights.kind, kind), eq(rights.status, 'active')));
  return r;
}

/** `now`: the time of the app the browser tests run against (the machine's clock). */
export async function demoMarket(db: Db, now: Date = new Date()) {
  const ids = await demoIds(db);
  const [chenHh] = await db.select().from(households).where(eq(households.code, '440205100201000002'));
  const officer = await actorOf(db, 'officer_longgang');
  const li = await actorOf(db, 'farmer_li');
  const chen = await actorOf(db, 'farmer_chen');
  const [huangHead] = await listMembers(db, ids.huang.id);
  const [huangUser] = await db.select().from(users).where(eq(users.memberId, huangHead.id));
  const huang = huangUser
    ? (toActor(huangUser) as Actor)
    : (await makeUser(db, 'farmer', { householdId: ids.huang.id, memberId: huangHead.id, displayName: '黄丽华' })).actor;

  /** Every adult consents: from their own account if they have one, otherwise on a scanned paper. */
  async function publish(seller: Actor, rightId: string, input: Listed, at: Date) {
    const l = await createListing(db, seller, rightId, listed(input), at);
    for (const m of await adultMembers(db, l.sellerHouseholdId, at)) {
      const [own] = await db
        .select()
        .from(users)
        .where(and(eq(users.memberId, m.id), eq(users.active, true)));
      if (own) await giveConsent(db, toActor(own) as Actor, l.id, at);
      else await recordPaperConsent(db, officer, l.id, { memberId: m.id, scan: { bytes: PDF, mime: 'application/pdf' } }, at);
    }
    await submitListing(db, seller, l.id, at);
    return approveListing(db, officer, l.id, at);
  }

  let [withOffers] = await db
    .select()
    .from(listings)
    .where(and(eq(listings.sellerHouseholdId, ids.li.id), eq(listings.status, 'approved')));
  if (!withOffers) {
    const liLand = await rightOf(db, ids.li.id, 'land');
    const [tangbei] = await db
      .select()
      .from(parcels)
      .where(and(eq(parcels.rightId, liLand.id), eq(parcels.name, '塘背田')));
    withOffers = await publish(li, liLand.id, { path: 'transfer', askingPriceFen: 1680000, parcelIds: [tangbei.id] }, addDays(now, -3));
  }
  const bidders = (
    await db
      .select()
      .from(offers)
      .where(and(eq(offers.listingId, withOffers.id), eq(offers.status, 'active')))
  ).map((o) => o.buyerHouseholdId);
  const price = (plus: number) => withOffers.askingPriceFen + plus;
  if (!bidders.includes(chen.householdId!)) await makeOffer(db, chen, withOffers.id, { priceFen: price(20000) }, now);
  await makeOffer(db, huang, withOffers.id, { priceFen: price(70000) }, now);

  const draft = await createListing(
    db,
    li,
    (await rightOf(db, ids.li.id, 'shares')).id,
    listed({
      path: 'transfer',
      askingPriceFen: 300000,
      shares: 10,
    }),
    now,
  );
  await giveConsent(db, li, draft.id, now);

  const start = addDays(now, -12);
  const sold = await publish(
    chen,
    (await rightOf(db, chenHh.id, 'shares')).id,
    { path: 'transfer', askingPriceFen: 500000, shares: 5 },
    start,
  );
  const offer = await makeOffer(db, huang, sold.id, { priceFen: 520000 }, addDays(start, 1));
  const chosen = await chooseOffer(db, chen, sold.id, { offerId: offer.id }, now);
  const deal = await completeDeal(db, { officer, seller: chen }, huang, chosen.id, now);

  return { ...ids, withOffers, draft, deal, liHome: await rightOf(db, ids.li.id, 'homestead') };
}
