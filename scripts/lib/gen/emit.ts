import type { Chain, Pending } from './chain';
import type { MarketOut } from './market';
import { MARKET_FROM, type CollectivePlan } from './plan';
import type { Household } from './registry';
import type { Sink } from './sink';

// Writes one generated collective: its row, households, members, rights with their details
// and certificates, the market, and the registration part of the trail (in time order; the
// market's entries come later, from `pending`, sorted across all collectives).

const ts = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());

export async function emitCollective(
  sink: Sink,
  chain: Chain,
  c: CollectivePlan,
  totalShares: number,
  hs: Household[],
  m: MarketOut,
  pending: Pending[],
) {
  const created = ts(c.from - 86_400_000);
  sink.row('collectives', [c.id, c.regionCode, c.groupCode, c.name, c.level, c.registrationCode, totalShares, created, created]);
  const officer = { id: c.officerId, role: 'officer' };
  const place = { collectiveId: c.id, regionCode: c.regionCode };
  let n = 0;
  for (const h of hs) {
    sink.row('households', [
      h.id,
      c.id,
      c.regionCode,
      h.code,
      h.headName,
      h.phone,
      h.address,
      h.hukouStatus,
      h.settledOn,
      h.settledCity,
      h.homesteadEligible,
      h.landBarredUntil,
      h.version,
      ts(h.createdAt),
      ts(h.updatedAt),
    ]);
    for (const p of h.members) {
      sink.row('members', [
        p.id,
        h.id,
        c.id,
        p.name,
        p.idNumber,
        p.sex,
        p.birthDate,
        p.relation,
        p.isCollectiveMember,
        p.hukouStatus,
        p.settledOn,
        p.settledCity,
        ts(h.createdAt),
        ts(h.createdAt),
      ]);
    }
    if (h.createdAt < MARKET_FROM) {
      chain.add(h.createdAt, officer, {
        action: 'household.create',
        entityType: 'household',
        entityId: h.id,
        ...place,
        householdId: h.id,
        after: {
          code: h.code,
          headName: h.headName,
          hukouStatus: h.hukouStatus,
          settledOn: h.settledOn,
          settledCity: h.settledCity,
          members: h.members.map((p) => ({ name: p.name, relation: p.relation })),
        },
      });
    }
    for (const rt of h.rights) {
      sink.row('rights', [
        rt.id,
        rt.kind,
        c.id,
        c.regionCode,
        h.id,
        rt.status,
        rt.sourceRightId,
        rt.version,
        ts(rt.createdAt),
        ts(rt.updatedAt),
      ]);
      const trail = { ...place, householdId: h.id, rightId: rt.id };
      if (rt.contract) sink.row('land_contracts', [rt.id, rt.contract.contractNo, rt.contract.startDate, rt.contract.endDate]);
      for (const p of rt.parcels ?? []) {
        sink.row('parcels', [
          p.id,
          rt.id,
          c.id,
          p.code,
          p.name,
          p.areaMuCenti,
          p.landClass,
          p.east,
          p.south,
          p.west,
          p.north,
          p.status,
          ts(p.createdAt),
        ]);
      }
      const hd = rt.homestead;
      if (hd) sink.row('homesteads', [rt.id, hd.parcelCode, hd.location, hd.areaM2Centi, hd.terrain, hd.approvalNo, hd.floorAreaM2Centi]);
      if (rt.shares != null) sink.row('share_holdings', [rt.id, rt.shares]);
      const registered = !rt.sourceRightId && rt.createdAt < MARKET_FROM;
      if (registered) {
        const after =
          rt.kind === 'land'
            ? {
                kind: 'land',
                ...rt.contract,
                parcels: (rt.parcels ?? []).map((p) => ({ code: p.code, areaMu: (p.areaMuCenti / 100).toFixed(2) })),
              }
            : rt.kind === 'homestead'
              ? { kind: 'homestead', ...hd }
              : { kind: 'shares', shares: rt.shares };
        chain.add(rt.createdAt, officer, { action: 'right.register', entityType: 'right', entityId: rt.id, ...trail, after });
      }
      for (const k of rt.certs) {
        sink.row('certificates', [
          k.id,
          rt.id,
          c.id,
          k.number,
          k.status,
          k.verifyToken,
          k.replacesId,
          c.officerId,
          ts(k.issuedAt),
          ts(k.endedAt),
          k.endReason,
        ]);
        const entry = { entityType: 'certificate', entityId: k.id, ...trail };
        if (registered && !k.replacesId && k.issuedAt < MARKET_FROM)
          chain.add(k.issuedAt, officer, { action: 'certificate.issue', ...entry, after: { number: k.number } });
        const lost = k.replacesId && rt.certs.find((o) => o.id === k.replacesId && o.endReason === '证书遗失补发');
        if (lost)
          pending.push({
            at: k.issuedAt,
            actor: officer,
            e: {
              action: 'certificate.reissue',
              ...entry,
              before: { number: lost.number },
              after: { number: k.number },
              reason: '证书遗失补发',
            },
          });
      }
    }
    if (++n % 50 === 0) await sink.drain();
  }
  await sink.drain();
  for (const l of m.listings) {
    sink.row('listings', [
      l.id,
      l.right.id,
      c.id,
      c.regionCode,
      l.seller.id,
      l.path,
      l.right.kind,
      l.parcelIds,
      l.shares,
      l.askingPriceFen,
      l.status,
      l.preparedBy,
      l.preparedByOfficer,
      ts(l.confirmedAt),
      ts(l.submittedAt),
      ts(l.reviewedAt),
      l.reviewedBy,
      l.rejectReason,
      ts(l.noticeEndsAt),
      ts(l.withdrawnAt),
      l.counterPriceFen,
      ts(l.exitEffectiveAt),
      ts(l.noticeClosedAt),
      l.withdrawReason,
      ts(l.createdAt),
      ts(l.updatedAt),
    ]);
  }
  for (const k of m.consents) sink.row('listing_consents', [k.id, k.listingId, k.memberId, k.method, k.recordedBy, ts(k.createdAt)]);
  for (const o of m.offers)
    sink.row('offers', [o.id, o.listingId, o.buyer.id, o.priceFen, o.status, o.createdBy, ts(o.createdAt), ts(o.updatedAt)]);
  for (const d of m.deals) {
    sink.row('deals', [
      d.id,
      d.number,
      d.listing.id,
      d.listing.right.id,
      c.id,
      c.regionCode,
      d.listing.seller.id,
      d.buyer?.id ?? null,
      d.offerId,
      d.priceFen,
      d.status,
      ts(d.sellerSignedAt),
      ts(d.buyerSignedAt),
      ts(d.paidAt),
      ts(d.settledAt),
      ts(d.registeredAt),
      d.registeredBy,
      d.newRightId,
      d.snapshot,
      d.settledBy,
      ts(d.cancelledAt),
      d.cancelReason,
      ts(d.createdAt),
      ts(d.updatedAt),
    ]);
  }
}
