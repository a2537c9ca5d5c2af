import type { Db } from '../platform/db';
import { Forbidden } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { loadHousehold } from '../registry/households';
import { loadRight } from '../registry/rights';
import { type RightDetail, rightAreaLabel, rightDetails } from '../registry/rights-view';
import { readMarketPage } from './market-page-reads';
import { daysLeft, shownState } from './listing-state';
import { referencePrice } from './price-check';
import { validCertificate } from './certified';
import type { Listing } from './locks';
import { certificateRefusal, isSeller, listsAs } from './rules';
import { ownHousehold } from './scope';

// Read models for the market's lists and the "list this right" form: plain objects, links and
// permission flags decided here, so the views hold no role logic.

const LIVE_OR_RECENT = ['draft', 'submitted', 'approved', 'in_deal', 'completed', 'rejected', 'withdrawn', 'expired'] as const;

/** The part of the right a listing offers, as a label: "3.85 亩 (2 parcels)", "110.50 m²", "10 shares". */
export async function listingSizes(db: Db, list: Listing[]) {
  return sizesOf(list, await rightDetails(db, { rightIds: [...new Set(list.map((l) => l.rightId))] }));
}

function sizesOf(list: Listing[], details: RightDetail[]) {
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

/** The market: what the actor may see, newest first, with the state derived from the clock. */
export async function marketIndex(db: Db, actor: Actor, filter: { state?: string }, at: Date) {
  const collectiveId = actor.role === 'farmer' ? (await ownHousehold(db, actor)).collectiveId : actor.collectiveId;
  // One prepared statement: the listings in the actor's scope and their rights (market-page-reads.ts).
  const state = filter.state && (LIVE_OR_RECENT as readonly string[]).includes(filter.state) ? filter.state : null;
  const { rows, details } = await readMarketPage(db, actor, collectiveId, LIVE_OR_RECENT, state);
  const sizes = sizesOf(
    rows.map((r) => r.l),
    details,
  );
  const all = rows.map((r) => ({
    ...r.l,
    sellerName: r.sellerName,
    offerCount: r.offers,
    state: shownState(r.l, at),
    daysLeft: daysLeft(r.l, at),
    size: sizes[r.l.id],
  }));
  return { all, ...marketSections(actor, all) };
}

type Item = { state: string; status: string; sellerHouseholdId: string };
/** A part of the market page: its heading's and its empty text's codes (market.index.*), and its listings. */
export type Section<T> = { id: string; title: string; empty: string | null; items: T[] };

/**
 * The market page's parts for this actor. A farmer: the own household's pages, what is open to
 * offers and the own listings whose notice period ended; an officer first what waits for review;
 * oversight what is open, closed and everything else.
 */
function marketSections<T extends Item>(actor: Actor, all: T[]) {
  const mine = (i: T) => isSeller(actor, i);
  const open = all.filter((i) => i.state === 'open' && !mine(i));
  const closed = all.filter((i) => i.state === 'closed');
  const section = (id: string, title: string, items: T[], empty: string | null): Section<T> => ({ id, title, empty, items });
  if (actor.role === 'farmer') {
    const ownClosed = closed.filter(mine);
    return {
      links: [
        { href: '/market/mine', label: 'market.mine.title' },
        { href: '/my', label: 'market.index.listMine' },
      ],
      sections: [
        section('open', 'market.index.open', open, 'market.index.noneOpen'),
        ...(ownClosed.length ? [section('closed', 'market.index.closed', ownClosed, null)] : []),
      ],
    };
  }
  const review = all.filter((i) => i.status === 'submitted');
  const rest = all.filter((i) => !['open', 'closed', 'submitted'].includes(i.state));
  return {
    links: [],
    sections: [
      ...(actor.role === 'officer' ? [section('review', 'market.index.review', review, 'market.index.noneReview')] : []),
      section('open', 'market.index.open', open, 'market.index.noneOpen'),
      section('closed', 'market.index.closed', closed, 'empty.nothing'),
      section('all', 'market.index.all', rest, 'empty.nothing'),
    ],
  };
}

/** The "list this right" form: for the holder farmer, or the collective's officer preparing a draft (rule 2). */
export async function newListingPage(db: Db, actor: Actor, rightId: string, at: Date) {
  const right = await loadRight(db, actor, rightId);
  const as = listsAs(actor, right);
  if (!as) throw new Forbidden();
  const [detail] = await rightDetails(db, { rightIds: [right.id] });
  const household = await loadHousehold(db, actor, right.householdId);
  return {
    detail,
    byOfficer: as === 'officer',
    /** Rule 10 before the harm (issue 18 item 2): the bureau's reference price for this kind of right here. */
    reference: await referencePrice(db, right.regionCode, right.kind, at),
    /** Issue 18 item 3: a transfer needs the right's valid certificate; said before the form is filled. */
    uncertified: certificateRefusal({ path: 'transfer', rightKind: right.kind }, await validCertificate(db, right.id)),
    /** The parcels a new listing offers unless the holder unticks some: every active one. */
    activeParcelIds: (detail.parcels ?? []).filter((p) => p.status === 'active').map((p) => p.id),
    back: { href: as === 'holder' ? '/my' : `/households/${household.id}`, label: household.headName },
  };
}
