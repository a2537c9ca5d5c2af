import { and, desc, eq, inArray, or } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { households } from '../../models/households';
import { deals, listings, offers } from '../../models/market';
import { LIVE_LISTING_STATUSES } from '../../models/statuses';
import type { Db } from '../platform/db';
import { Forbidden, NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { contractPartiesShown } from '../kernel/personal-data';
import { getCollective } from '../registry/collectives';
import { daysLeft, shownState } from './listing-state';
import { suspensionOf } from './suspension-view';
import { fenInWords, type DealSnapshot } from './contract';
import { listingSizes } from './listing-view';
import type { Deal } from './locks';
import {
  dealSide,
  dealStepRefusal,
  isCollectiveOfficer,
  isSeller,
  paymentRefusal,
  registrationRefusal,
  settlementRefusal,
  signRefusal,
  withdrawRefusal,
} from './rules';
import { loadDeal } from './scope';
import { escrowOfListing } from './escrow';
import { creditedToDeal, heldForDeal, priceDue, supervisedPriceRefusal, walkAwayRefusal } from './money-rules';

// Read models for deals: the deal page, the printable contract and transaction certificate,
// the farmer's "my market" list, and the listing state shown on the registry's household pages.

/** The deal page: the deal and its contract's terms, and what the actor may do now (the rules of rules.ts). */
export async function dealPage(db: Db, actor: Actor, id: string) {
  const deal = await loadDeal(db, actor, id);
  const [listing] = await db.select().from(listings).where(eq(listings.id, deal.listingId));
  const collective = await getCollective(db, deal.collectiveId);
  const exit = listing.path === 'exit';
  const shown = contractPartiesShown(actor, deal, deal.snapshot as DealSnapshot, exit);
  const snap = shown.snap;
  const seller = isSeller(actor, deal);
  const officer = isCollectiveOfficer(actor, deal);
  const side = dealSide(actor, deal);
  const newCerts = deal.newRightId
    ? await db
        .select()
        .from(certificates)
        .where(and(eq(certificates.rightId, deal.newRightId), eq(certificates.status, 'valid')))
    : [];
  const open = !dealStepRefusal(deal);
  // Issue 20: the supervised account's rows for this deal, and what it holds for it now.
  const money = (await escrowOfListing(db, deal.listingId)).filter((m) => m.dealId === deal.id);
  const buyer = actor.role === 'farmer' && !!actor.householdId && actor.householdId === deal.buyerHouseholdId;
  return {
    escrow: {
      rows: money,
      held: heldForDeal(money, deal.id),
      credited: creditedToDeal(money, deal.id),
      due: priceDue(deal, money),
      released: money.filter((m) => m.kind === 'price_release').reduce((s, m) => s + m.amountFen, 0),
      shown: deal.supervised || money.length > 0,
      /** Staff open the deal's statement of the supervised account (escrow-statement routes). */
      statement: actor.role !== 'farmer',
    },
    deal: { ...deal, payeeAccount: shown.payeeAccount },
    /** The seller's or the buyer's own copy: full ID numbers and payee account (issue 18 item 6). */
    ownCopy: shown.ownCopy,
    /** The on-screen signature asks the seller for the payee account. */
    askPayee: side === 'seller',
    listing,
    collective,
    snap,
    priceWords: fenInWords(deal.priceFen),
    newCertificate: newCerts[0] ?? null,
    exit,
    /** The bureau's suspension of the deal (or of its listing), in words (issue 18 item 1). */
    suspension: (await suspensionOf(db, 'deal', deal)) ?? (await suspensionOf(db, 'listing', listing)),
    // The households follow their deals from "my market"; officers and oversight from the market.
    back: { href: actor.role === 'farmer' ? '/market/mine' : '/market' },
    can: {
      sign: open && !!side && !signRefusal(deal, side),
      pay: open && seller && !paymentRefusal(deal) && !deal.supervised,
      /** Issue 20: under supervision the officer records the price paid into the account. */
      recordPrice: open && officer && !supervisedPriceRefusal(deal) && !paymentRefusal(deal),
      walkAway: (buyer || officer) && !!deal.buyerHouseholdId && !walkAwayRefusal(deal),
      settle: open && officer && !settlementRefusal(deal),
      register: officer && !registrationRefusal(deal, listing),
      withdraw: open && seller && !withdrawRefusal(listing, deal),
      attestation: deal.status === 'registered',
      /** The 变更登记 application for the issuing authority: land and homesteads (shares are the collective's own register). */
      registrationApplication: deal.status === 'registered' && snap.kind !== 'shares',
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
export async function myMarket(db: Db, actor: Actor, at: Date) {
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
    listings: own.map((l) => ({ ...l, state: shownState(l, at), daysLeft: daysLeft(l, at), size: sizes[l.id] })),
    offers: bids.map((b) => ({
      ...b.o,
      listing: { ...b.l, state: shownState(b.l, at), daysLeft: daysLeft(b.l, at), size: sizes[b.l.id] },
      sellerName: b.sellerName,
    })),
    deals: myDeals.map((d) => ({ ...d, role: d.sellerHouseholdId === hh ? 'seller' : 'buyer', snap: d.snapshot as DealSnapshot })),
  };
}

/** Live or recent listings of a household's rights, keyed by right id, for the household pages. */
export async function householdListings(
  db: Db,
  householdId: string,
  at: Date,
): Promise<Record<string, { id: string; state: string; daysLeft: number; path: string }>> {
  const rows = await db
    .select()
    .from(listings)
    .where(and(eq(listings.sellerHouseholdId, householdId), inArray(listings.status, [...LIVE_LISTING_STATUSES])));
  return Object.fromEntries(rows.map((l) => [l.rightId, { id: l.id, state: shownState(l, at), daysLeft: daysLeft(l, at), path: l.path }]));
}

export type { Deal };
