import { and, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import type { Actor } from '../kernel/actor';
import { regionPrefix } from '../kernel/codes';
import { getCollective } from '../registry/collectives';
import { rightAreaLabel, rightDetails } from '../registry/rights-view';
import { now as clockNow } from '../kernel/clock';
import { daysLeft, effectiveState } from './listing-state';
import { consentTable, missingConsents } from './consents';
import { BIDDING_MIN } from './award';
import type { Listing } from './locks';
import { loadListing, ownHousehold, seesDeal } from './scope';
import { officerMayDiscard } from './listings';

// Read models for the market pages: plain objects and permission flags, no role logic in views.

const LIVE_OR_RECENT = ['draft', 'submitted', 'approved', 'in_deal', 'completed', 'rejected', 'withdrawn', 'expired'] as const;

/** The part of the right a listing offers, as a label: "3.85 亩 (2 parcels)", "110.50 m²", "10 shares". */
export async function listingSizes(db: Db, list: Listing[]) {
  const details = await rightDetails(db, { rightIds: [...new Set(list.map((l) => l.rightId))] });
  return Object.fromEntries(
    list.map((l) => {
      const d = details.find((x) => x.right.id === l.rightId);
      if (!d) return [l.id, { value: '', unit: 'mu' as const, parcels: 0 }];
      if (l.rightKind === 'land') {
        const ps = (d.parcels ?? []).filter((p) => (l.parcelIds ?? []).includes(p.id));
        return [l.id, { value: (ps.reduce((s, p) => s + p.areaMuCenti, 0) / 100).toFixed(2), unit: 'mu' as const, parcels: ps.length }];
      }
      if (l.rightKind === 'shares') return [l.id, { value: String(l.shares ?? 0), unit: 'shares' as const, parcels: 0 }];
      return [l.id, { ...rightAreaLabel(d), parcels: 0 }];
    }),
  );
}

function scopeFor(actor: Actor, collectiveId: string | null): SQL | undefined {
  if (actor.role === 'officer') return eq(listings.collectiveId, actor.collectiveId!);
  if (actor.role === 'bureau') return like(listings.regionCode, `${regionPrefix(actor.regionCode!)}%`);
  if (actor.role === 'farmer')
    return or(
      and(eq(listings.collectiveId, collectiveId!), eq(listings.status, 'approved')),
      eq(listings.sellerHouseholdId, actor.householdId!),
    );
  return undefined;
}

/** The market page: what the actor may see, newest first, with the state derived from the clock. */
export async function marketIndex(db: Db, actor: Actor, filter: { state?: string } = {}, at = clockNow()) {
  const collectiveId = actor.role === 'farmer' ? (await ownHousehold(db, actor)).collectiveId : actor.collectiveId;
  const conds = [scopeFor(actor, collectiveId), inArray(listings.status, [...LIVE_OR_RECENT])];
  if (filter.state && (LIVE_OR_RECENT as readonly string[]).includes(filter.state))
    conds.push(eq(listings.status, filter.state as Listing['status']));
  const rows = await db
    .select({
      l: listings,
      sellerName: households.headName,
      offers: sql<number>`(select count(*)::int from offers o where o.listing_id = ${listings.id} and o.status = 'active')`,
    })
    .from(listings)
    .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
    .where(and(...conds))
    .orderBy(desc(listings.updatedAt))
    .limit(200);
  const sizes = await listingSizes(
    db,
    rows.map((r) => r.l),
  );
  const items = rows.map((r) => ({
    ...r.l,
    sellerName: r.sellerName,
    offerCount: r.offers,
    state: effectiveState(r.l, at),
    daysLeft: daysLeft(r.l, at),
    size: sizes[r.l.id],
  }));
  return {
    open: items.filter((i) => i.state === 'open' && i.sellerHouseholdId !== actor.householdId),
    closed: items.filter((i) => i.state === 'closed'),
    review: items.filter((i) => i.status === 'submitted'),
    mine: items.filter((i) => i.sellerHouseholdId === actor.householdId),
    all: items,
  };
}

/** Everything the listing page shows, and what this actor may do there. */
export async function listingPage(db: Db, actor: Actor, id: string, at = clockNow()) {
  const l = await loadListing(db, actor, id);
  const [seller] = await db.select().from(households).where(eq(households.id, l.sellerHouseholdId));
  const [detail] = await rightDetails(db, { rightIds: [l.rightId] });
  const collective = await getCollective(db, l.collectiveId);
  const isSeller = actor.role === 'farmer' && actor.householdId === l.sellerHouseholdId;
  const isOfficer = actor.role === 'officer' && actor.collectiveId === l.collectiveId;
  const state = effectiveState(l, at);
  const allOffers = await db
    .select({ o: offers, buyerName: households.headName, buyerCode: households.code })
    .from(offers)
    .innerJoin(households, eq(households.id, offers.buyerHouseholdId))
    .where(eq(offers.listingId, l.id))
    .orderBy(desc(offers.priceFen), offers.updatedAt);
  const visibleOffers =
    isSeller || actor.role !== 'farmer' ? allOffers : allOffers.filter((x) => x.o.buyerHouseholdId === actor.householdId);
  const myOffer =
    actor.role === 'farmer'
      ? (allOffers.find((x) => x.o.buyerHouseholdId === actor.householdId && x.o.status === 'active')?.o ?? null)
      : null;
  const activeCount = allOffers.filter((x) => x.o.status === 'active').length;
  const [deal] = await db.select().from(deals).where(eq(deals.listingId, l.id));
  const consents = isSeller || actor.role !== 'farmer' ? await consentTable(db, l, at) : [];
  const missing = l.status === 'draft' ? await missingConsents(db, l, at) : [];
  const me = consents.find((c) => c.member.id === actor.memberId);
  const buyerHere = actor.role === 'farmer' && !isSeller;
  const live = ['draft', 'submitted', 'approved', 'in_deal'].includes(l.status);
  const dealOpenForWithdraw = !deal || deal.status === 'signing';
  return {
    listing: l,
    seller,
    detail,
    collective,
    state,
    daysLeft: daysLeft(l, at),
    offers: visibleOffers,
    myOffer,
    activeCount,
    parcels: (detail.parcels ?? []).filter((p) => (l.parcelIds ?? []).includes(p.id)),
    deal: deal && seesDeal(actor, deal) ? deal : null,
    consents,
    missing,
    biddingMin: BIDDING_MIN,
    can: {
      consent: isSeller && l.status === 'draft' && !!me && me.adult && !me.consent,
      paperConsent: isOfficer && l.status === 'draft',
      confirm: isSeller && l.status === 'draft' && !l.confirmedAt,
      submit: isSeller && l.status === 'draft' && !!l.confirmedAt,
      withdraw: isSeller && live && dealOpenForWithdraw,
      discard: officerMayDiscard(actor, l),
      review: isOfficer && l.status === 'submitted' && l.path === 'transfer',
      decideExit: isOfficer && l.status === 'submitted' && l.path === 'exit',
      acceptCounter: isSeller && l.status === 'submitted' && !!l.counterPriceFen,
      offer: buyerHere && state === 'open' && !myOffer,
      raise: buyerHere && state === 'open' && !!myOffer,
      choose: isSeller && state === 'closed' && activeCount > 0 && activeCount < BIDDING_MIN,
      close: (isSeller || isOfficer) && state === 'closed',
      seeOffers: isSeller || actor.role !== 'farmer',
    },
  };
}
