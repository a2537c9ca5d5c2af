import type { Actor, Pending } from './chain';
import type { CollectivePlan } from './plan';
import type { Rand } from './random';
import { newCert, type Counters, type Household, type Right } from './registry';

/** A generated listing (the market plan's unit; scripts/lib/gen/market.ts makes them). */
export type Listing = {
  id: string;
  right: Right;
  seller: Household;
  path: 'transfer' | 'exit';
  parcelIds: string[] | null;
  shares: number | null;
  askingPriceFen: number;
  status: string;
  preparedBy: string;
  preparedByOfficer: number;
  confirmedAt: number | null;
  submittedAt: number | null;
  reviewedAt: number | null;
  reviewedBy: string | null;
  rejectReason: string | null;
  noticeEndsAt: number | null;
  withdrawnAt: number | null;
  counterPriceFen: number | null;
  exitEffectiveAt: number | null;
  noticeClosedAt: number | null;
  withdrawReason: string | null;
  createdAt: number;
  updatedAt: number;
};

// The registration change of a generated deal (变更登记), as registration.ts, transfer.ts and
// exits.ts make it: the holder changes or the right ends, certificates are superseded or
// cancelled and reissued, a homestead seller loses eligibility, a land exit bars new claims.

export type MarketCtx = {
  r: Rand;
  c: CollectivePlan;
  counters: Counters;
  today: number;
  noticeDays: number;
  farmerOf: (h: Household) => { id: string; role: string };
  homesteadBuyers: Set<string>;
};
export type Deal = {
  id: string;
  number: string;
  listing: Listing;
  buyer: Household | null;
  offerId: string | null;
  priceFen: number;
  status: string;
  sellerSignedAt: number | null;
  buyerSignedAt: number | null;
  paidAt: number | null;
  settledAt: number | null;
  registeredAt: number | null;
  registeredBy: string | null;
  newRightId: string | null;
  snapshot: unknown;
  settledBy: string | null;
  cancelledAt: number | null;
  cancelReason: string | null;
  createdAt: number;
  updatedAt: number;
};

const party = (h: Household) => ({ id: h.id, name: h.headName, code: h.code, address: h.address });
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** What the contract froze at the deal (DealSnapshot in contract.ts). */
export function snapshot(x: MarketCtx, l: Listing, buyer: Household | null): unknown {
  const rt = l.right;
  const base = {
    kind: rt.kind,
    path: l.path,
    seller: party(l.seller),
    buyer: buyer ? party(buyer) : null,
    collective: { name: x.c.name, registrationCode: x.c.registrationCode, region: x.c.villageName },
    certificateNo: rt.certs.find((c) => c.status === 'valid')?.number ?? null,
    askingPriceFen: l.askingPriceFen,
  };
  if (rt.kind === 'land') {
    const ps = rt.parcels!.filter((p) => l.parcelIds!.includes(p.id));
    return {
      ...base,
      contract: rt.contract,
      parcels: ps.map((p) => ({
        code: p.code,
        name: p.name,
        areaMuCenti: p.areaMuCenti,
        landClass: p.landClass,
        east: p.east,
        south: p.south,
        west: p.west,
        north: p.north,
      })),
    };
  }
  if (rt.kind === 'homestead') return { ...base, homestead: rt.homestead };
  return { ...base, shares: { count: l.shares, held: rt.shares } };
}

export function register(x: MarketCtx, l: Listing, deal: Deal, buyer: Household | null, ms: number, pending: Pending[]): void {
  const { r, c } = x;
  const officer: Actor = { id: c.officerId, role: 'officer' };
  const reason = `${l.path === 'exit' ? '退出' : '流转'} ${deal.number}`;
  const rt = l.right;
  let t = ms;
  const log = (action: string, e: Record<string, unknown>) =>
    pending.push({
      at: (t += 1000),
      actor: officer,
      e: { action, entityType: 'right', entityId: rt.id, collectiveId: c.id, regionCode: c.regionCode, reason, ...e } as never,
    });
  const setStatus = (x2: Right, status: Right['status']) => {
    x2.status = status;
    x2.version++;
    x2.updatedAt = ms;
  };
  const endCert = (x2: Right, how: 'cancelled' | 'superseded') => {
    const old = x2.certs.find((k) => k.status === 'valid');
    if (!old) return null;
    Object.assign(old, { status: how, endedAt: ms, endReason: reason });
    log(how === 'cancelled' ? 'certificate.cancel' : 'certificate.supersede', {
      entityType: 'certificate',
      entityId: old.id,
      householdId: x2.householdId,
      rightId: x2.id,
      before: { number: old.number, status: 'valid' },
      after: { status: how },
    });
    return old;
  };
  const issue = (x2: Right, replaces: { id: string; number: string } | null) => {
    const k = newCert(r, x.counters, c.regionCode, x2.kind, ms, replaces?.id ?? null);
    x2.certs.push(k);
    log('certificate.issue', {
      entityType: 'certificate',
      entityId: k.id,
      householdId: x2.householdId,
      rightId: x2.id,
      before: replaces ? { number: replaces.number } : undefined,
      after: { number: k.number },
    });
  };
  const reissueOrCancel = (x2: Right, lives: boolean) => {
    const old = endCert(x2, lives ? 'superseded' : 'cancelled');
    if (lives) issue(x2, old);
  };
  const newRight = (kind: Right['kind'], h: Household): Right => {
    const n: Right = {
      id: r.uuid(),
      kind,
      householdId: h.id,
      status: 'active',
      sourceRightId: rt.id,
      version: 1,
      createdAt: ms,
      updatedAt: ms,
      certs: [],
    };
    h.rights.push(n);
    log('right.transfer_in', { entityId: n.id, householdId: h.id, rightId: n.id, after: { kind, from: rt.id, deal: deal.number } });
    return n;
  };
  const seller = l.seller;
  let newRightId: string | null = null;
  if (rt.kind === 'land') {
    const moving = rt.parcels!.filter((p) => l.parcelIds!.includes(p.id));
    for (const p of moving) p.status = l.path === 'exit' ? 'returned' : 'transferred';
    const left = rt.parcels!.some((p) => p.status === 'active');
    setStatus(rt, left ? 'active' : l.path === 'exit' ? 'exited' : 'transferred');
    reissueOrCancel(rt, left);
    if (l.path === 'exit') {
      seller.landBarredUntil = rt.contract!.endDate;
      seller.updatedAt = ms;
    } else {
      const n = newRight('land', buyer!);
      n.contract = { contractNo: deal.number, startDate: shanghaiDate(ms), endDate: rt.contract!.endDate };
      n.parcels = moving.map((p) => ({ ...p, id: r.uuid(), status: 'active' as const, createdAt: ms }));
      issue(n, null);
      newRightId = n.id;
    }
  } else if (rt.kind === 'homestead') {
    setStatus(rt, l.path === 'exit' ? 'exited' : 'transferred');
    seller.homesteadEligible = false;
    seller.updatedAt = ms;
    log('household.homestead_ineligible', {
      entityType: 'household',
      entityId: seller.id,
      householdId: seller.id,
      before: { homesteadEligible: true },
      after: { homesteadEligible: false },
    });
    reissueOrCancel(rt, false);
    if (l.path === 'transfer') {
      const n = newRight('homestead', buyer!);
      n.homestead = { ...rt.homestead! };
      issue(n, null);
      newRightId = n.id;
    }
  } else {
    const left = rt.shares! - l.shares!;
    if (left > 0) rt.shares = left;
    setStatus(rt, left > 0 ? 'active' : l.path === 'exit' ? 'exited' : 'transferred');
    reissueOrCancel(rt, left > 0);
    if (l.path === 'transfer') {
      const own = buyer!.rights.find((k) => k.kind === 'shares' && k.status === 'active');
      if (own) {
        log('right.transfer_in', {
          entityId: own.id,
          householdId: buyer!.id,
          rightId: own.id,
          before: { shares: own.shares },
          after: { shares: own.shares! + l.shares!, deal: deal.number },
        });
        own.shares! += l.shares!;
        setStatus(own, 'active');
        reissueOrCancel(own, true);
        newRightId = own.id;
      } else {
        const n = newRight('shares', buyer!);
        n.shares = l.shares!;
        issue(n, null);
        newRightId = n.id;
      }
    }
  }
  if (l.path === 'exit')
    log('right.exit', {
      householdId: seller.id,
      rightId: rt.id,
      after: { kind: rt.kind, parcelIds: l.parcelIds, shares: l.shares, compensationFen: deal.priceFen, deal: deal.number },
    });
  Object.assign(l, { status: 'completed', updatedAt: ms });
  Object.assign(deal, { status: 'registered', registeredAt: ms, registeredBy: c.officerId, newRightId, updatedAt: ms });
  const dealTrail = { entityType: 'deal', entityId: deal.id, householdId: seller.id, rightId: rt.id };
  log('deal.register', {
    ...dealTrail,
    before: { status: 'settled' },
    after: { status: 'registered', newRightId, priceFen: deal.priceFen },
  });
  if (buyer) log('deal.register', { ...dealTrail, householdId: buyer.id, after: { status: 'registered', newRightId } });
}
