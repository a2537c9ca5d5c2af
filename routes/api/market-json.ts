import type { z } from 'zod';
import type { dealPage, DealSnapshot, Listing, listingPage, listingSizes, marketIndex, Offer, ShownState } from '../../server/market';
import { formatCenti } from '../../server/kernel/money';
import type * as S from './openapi-market-schemas';

// Market rows and read models → the JSON shapes of routes/api/openapi-market-schemas.ts (each
// function returns its schema's type). Like serialize.ts: every field always present (null when
// empty), money in integer fen, timestamps as ISO 8601 UTC. The read models are the pages' own
// (listingPage, dealPage), so the API shows exactly what the web shows to the same person, and no more.

type Json<T extends z.ZodType> = z.output<T>;

const iso = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString() : null);
const isoAt = (d: Date | string): string => new Date(d).toISOString();

type Size = Awaited<ReturnType<typeof listingSizes>>[string];
type Derived = { state: ShownState; daysLeft: number; size?: Size };

export function listingJson(l: Listing & Derived): Omit<Json<typeof S.Listing>, 'size'> {
  return {
    id: l.id,
    rightId: l.rightId,
    collectiveId: l.collectiveId,
    regionCode: l.regionCode,
    sellerHouseholdId: l.sellerHouseholdId,
    path: l.path,
    rightKind: l.rightKind,
    parcelIds: l.parcelIds ?? null,
    shares: l.shares ?? null,
    askingPriceFen: l.askingPriceFen,
    counterPriceFen: l.counterPriceFen ?? null,
    depositFen: l.depositFen ?? null,
    status: l.status,
    state: l.state,
    daysLeft: l.daysLeft,
    suspendedAt: iso(l.suspendedAt),
    suspendReason: l.suspendReason ?? null,
    preparedByOfficer: l.preparedByOfficer === 1,
    confirmedAt: iso(l.confirmedAt),
    submittedAt: iso(l.submittedAt),
    reviewedAt: iso(l.reviewedAt),
    rejectReason: l.rejectReason ?? null,
    noticeEndsAt: iso(l.noticeEndsAt),
    noticeClosedAt: iso(l.noticeClosedAt),
    exitEffectiveAt: iso(l.exitEffectiveAt),
    withdrawnAt: iso(l.withdrawnAt),
    withdrawReason: l.withdrawReason ?? null,
    version: l.version,
    createdAt: isoAt(l.createdAt),
    updatedAt: isoAt(l.updatedAt),
  };
}

const sizeJson = (s: Size | undefined): Json<typeof S.ListingSize> => ({
  value: s?.value ?? '',
  unit: s?.unit ?? 'mu',
  parcels: s?.parcels ?? 0,
});

export function listingSummaryJson(item: Awaited<ReturnType<typeof marketIndex>>['all'][number]): Json<typeof S.ListingSummary> {
  return { ...listingJson(item), sellerName: item.sellerName, offerCount: Number(item.offerCount), size: sizeJson(item.size) };
}

export function offerJson(o: Offer, buyer: { name: string; code: string }): Json<typeof S.Offer> {
  return {
    id: o.id,
    listingId: o.listingId,
    buyerHouseholdId: o.buyerHouseholdId,
    buyerName: buyer.name,
    buyerCode: buyer.code,
    priceFen: o.priceFen,
    status: o.status,
    createdAt: isoAt(o.createdAt),
    updatedAt: isoAt(o.updatedAt),
  };
}

type Page = Awaited<ReturnType<typeof listingPage>>;

/** What is offered: the parcels (with the contract's remaining term), the homestead, or the shares. */
function offeredJson(p: Page): Json<typeof S.ListingDetail>['offered'] {
  const d = p.detail;
  return {
    land:
      p.listing.rightKind === 'land' && d.contract
        ? {
            contractNo: d.contract.contractNo,
            endDate: d.contract.endDate,
            areaMu: formatCenti(p.parcels.reduce((s, x) => s + x.areaMuCenti, 0)),
            areaMuCenti: p.parcels.reduce((s, x) => s + x.areaMuCenti, 0),
            parcels: p.parcels.map((x) => ({
              id: x.id,
              code: x.code,
              name: x.name,
              areaMu: formatCenti(x.areaMuCenti),
              areaMuCenti: x.areaMuCenti,
              landClass: x.landClass,
              east: x.east,
              south: x.south,
              west: x.west,
              north: x.north,
            })),
          }
        : null,
    homestead:
      p.listing.rightKind === 'homestead' && d.homestead
        ? {
            location: d.homestead.location,
            areaM2: formatCenti(d.homestead.areaM2Centi),
            areaM2Centi: d.homestead.areaM2Centi,
            terrain: d.homestead.terrain,
            floorAreaM2Centi: d.homestead.floorAreaM2Centi ?? null,
          }
        : null,
    shares: p.listing.rightKind === 'shares' ? { listed: p.listing.shares ?? 0, held: d.shares ?? 0 } : null,
  };
}

export function listingDetailJson(p: Page, sizes: Record<string, Size>): Json<typeof S.ListingDetail> {
  return {
    ...listingJson({ ...p.listing, state: p.shown, daysLeft: p.daysLeft }),
    size: sizeJson(sizes[p.listing.id]),
    seller: { id: p.seller.id, code: p.seller.code, headName: p.seller.headName },
    collective: { id: p.collective.id, name: p.collective.name },
    offered: offeredJson(p),
    offers: p.offers.map((x) => offerJson(x.o, { name: x.buyerName, code: x.buyerCode })),
    myOfferId: p.myOffer?.id ?? null,
    activeOfferCount: p.activeCount,
    biddingMin: p.biddingMin,
    deal: p.deal ? { id: p.deal.id, number: p.deal.number, status: p.deal.status } : null,
    consents: p.consents.map((c) => ({
      memberId: c.member.id,
      name: c.member.name,
      relation: c.member.relation,
      adult: c.adult,
      hasAccount: c.hasAccount,
      consent: c.consent
        ? { id: c.consent.id, method: c.consent.method, createdAt: isoAt(c.consent.createdAt), hasScan: c.consent.scanBytes != null }
        : null,
    })),
    missingConsents: p.missing.map((m) => ({ memberId: m.id, name: m.name })),
    can: { ...p.can },
  };
}

const party = (p: DealSnapshot['seller']) => ({ id: p.id, name: p.name, code: p.code, address: p.address });

function snapshotJson(s: DealSnapshot): Json<typeof S.Contract> {
  return {
    kind: s.kind,
    path: s.path,
    // The parties as the document describes them: ID numbers stay on the printed copies (issue 18 item 6).
    seller: party(s.seller),
    buyer: s.buyer ? party(s.buyer) : null,
    collective: s.collective,
    certificateNo: s.certificateNo ?? null,
    contract: s.contract ?? null,
    parcels: s.parcels ?? null,
    homestead: s.homestead ?? null,
    shares: s.shares ?? null,
    askingPriceFen: s.askingPriceFen,
  };
}

export function dealJson(p: Awaited<ReturnType<typeof dealPage>>): Json<typeof S.Deal> {
  const d = p.deal;
  return {
    id: d.id,
    number: d.number,
    listingId: d.listingId,
    rightId: d.rightId,
    collectiveId: d.collectiveId,
    regionCode: d.regionCode,
    path: p.listing.path,
    sellerHouseholdId: d.sellerHouseholdId,
    buyerHouseholdId: d.buyerHouseholdId ?? null,
    offerId: d.offerId ?? null,
    priceFen: d.priceFen,
    priceInWords: p.priceWords,
    status: d.status,
    sellerSignedAt: iso(d.sellerSignedAt),
    buyerSignedAt: iso(d.buyerSignedAt),
    paidAt: iso(d.paidAt),
    settledAt: iso(d.settledAt),
    registeredAt: iso(d.registeredAt),
    cancelledAt: iso(d.cancelledAt),
    cancelReason: d.cancelReason ?? null,
    suspendedAt: iso(d.suspendedAt),
    suspendReason: d.suspendReason ?? null,
    newRightId: d.newRightId ?? null,
    newCertificate: p.newCertificate ? { id: p.newCertificate.id, number: p.newCertificate.number } : null,
    createdAt: isoAt(d.createdAt),
    updatedAt: isoAt(d.updatedAt),
    contract: snapshotJson(p.snap),
    supervised: d.supervised,
    escrowHeldFen: p.escrow.held,
    can: { ...p.can },
  };
}

/** A notice's link points at a page; API clients get the record it names instead. */
function resourceOf(link: string | null): { type: 'listing' | 'deal'; id: string } | null {
  const m = /^\/(listings|deals)\/([0-9a-f-]{36})$/i.exec(link ?? '');
  return m ? { type: m[1] === 'listings' ? 'listing' : 'deal', id: m[2] } : null;
}

export function noticeJson(
  n: { id: string; kind: string; params: unknown; link: string | null; readAt: Date | null; createdAt: Date },
  text: string,
): Json<typeof S.Notification> {
  return {
    id: n.id,
    kind: n.kind,
    text,
    params: (n.params ?? {}) as Record<string, unknown>,
    link: n.link ?? null,
    resource: resourceOf(n.link),
    readAt: iso(n.readAt),
    createdAt: isoAt(n.createdAt),
  };
}
