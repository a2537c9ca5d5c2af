import { and, desc, eq, inArray, or } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import type { Db } from '../platform/db';
import { Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { getCollective } from '../registry/collectives';
import { now as clockNow } from '../kernel/clock';
import { daysLeft, effectiveState } from './listing-state';
import { fenInWords, type DealSnapshot } from './contract';
import { listingSizes } from './listing-view';
import type { Deal } from './locks';
import { loadDeal } from './scope';

// Read models for deals: the deal page, the printable contract and transaction certificate,
// the farmer's "my market" list, and the listing state shown on the registry's household pages.

export async function dealPage(db: Db, actor: Actor, id: string) {
  const deal = await loadDeal(db, actor, id);
  const [listing] = await db.select().from(listings).where(eq(listings.id, deal.listingId));
  const collective = await getCollective(db, deal.collectiveId);
  const snap = deal.snapshot as DealSnapshot;
  const isSeller = actor.role === 'farmer' && actor.householdId === deal.sellerHouseholdId;
  const isBuyer = actor.role === 'farmer' && !!deal.buyerHouseholdId && actor.householdId === deal.buyerHouseholdId;
  const isOfficer = actor.role === 'officer' && actor.collectiveId === deal.collectiveId;
  const signsForBuyer = isBuyer || (isOfficer && !deal.buyerHouseholdId);
  const newCerts = deal.newRightId
    ? await db
        .select()
        .from(certificates)
        .where(and(eq(certificates.rightId, deal.newRightId), eq(certificates.status, 'valid')))
    : [];
  const open = deal.status !== 'cancelled' && !deal.suspendedAt;
  return {
    deal,
    listing,
    collective,
    snap,
    priceWords: fenInWords(deal.priceFen),
    newCertificate: newCerts[0] ?? null,
    exit: listing.path === 'exit',
    can: {
      sign: open && deal.status === 'signing' && ((isSeller && !deal.sellerSignedAt) || (signsForBuyer && !deal.buyerSignedAt)),
      pay: open && isSeller && deal.status === 'signed',
      settle: open && isOfficer && deal.status === 'paid',
      register: open && isOfficer && deal.status === 'settled',
      withdraw: open && isSeller && deal.status === 'signing',
      attestation: deal.status === 'registered',
    },
  };
}

/** The 交易鉴证书 exists once the registration change is done. */
export async function attestationPage(db: Db, actor: Actor, id: string) {
  const page = await dealPage(db, actor, id);
  if (page.deal.status !== 'registered') throw new NotFound();
  return page;
}

export async function contractPage(db: Db, actor: Actor, id: string) {
  return dealPage(db, actor, id);
}

/** A farmer's own listings, offers and deals with their state. */
export async function myMarket(db: Db, actor: Actor, at = clockNow()) {
  if (actor.role !== 'farmer' || !actor.householdId) throw new Forbidden();
  const hh = actor.householdId;
  const own = await db.select().from(listings).where(eq(listings.sellerHouseholdId, hh)).orderBy(desc(listings.createdAt)).limit(100);
  const bids = await db
    .select({ o: offers, l: listings, sellerName: households.headName })
    .from(offers)
    .innerJoin(listings, eq(listings.id, offers.listingId))
    .innerJoin(households, eq(households.id, listings.sellerHouseholdId))
    .where(eq(offers.buyerHouseholdId, hh))
    .orderBy(desc(offers.updatedAt))
    .limit(100);
  const myDeals = await db
    .select()
    .from(deals)
    .where(or(eq(deals.sellerHouseholdId, hh), eq(deals.buyerHouseholdId, hh)))
    .orderBy(desc(deals.createdAt))
    .limit(100);
  const sizes = await listingSizes(db, [...own, ...bids.map((b) => b.l)]);
  return {
    listings: own.map((l) => ({ ...l, state: effectiveState(l, at), daysLeft: daysLeft(l, at), size: sizes[l.id] })),
    offers: bids.map((b) => ({
      ...b.o,
      listing: { ...b.l, state: effectiveState(b.l, at), daysLeft: daysLeft(b.l, at), size: sizes[b.l.id] },
      sellerName: b.sellerName,
    })),
    deals: myDeals.map((d) => ({ ...d, role: d.sellerHouseholdId === hh ? 'seller' : 'buyer', snap: d.snapshot as DealSnapshot })),
  };
}

/** Live or recent listings of a household's rights, keyed by right id, for the household pages. */
export async function householdListings(
  db: Db,
  householdId: string,
  at = clockNow(),
): Promise<Record<string, { id: string; state: string; daysLeft: number; path: string }>> {
  const rows = await db
    .select()
    .from(listings)
    .where(and(eq(listings.sellerHouseholdId, householdId), inArray(listings.status, ['draft', 'submitted', 'approved', 'in_deal'])));
  return Object.fromEntries(
    rows.map((l) => [l.rightId, { id: l.id, state: effectiveState(l, at), daysLeft: daysLeft(l, at), path: l.path }]),
  );
}

export type { Deal };
