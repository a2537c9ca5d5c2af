import { isHeld } from '../../../models/statuses';
import type { Pending } from './chain';
import type { CollectivePlan } from './plan';
import { MARKET_FROM } from './plan';
import type { Rand } from './random';
import { ageAt, type Counters, type Household, type Right } from './registry';
import { register, snapshot, type Deal, type Listing, type MarketCtx } from './market-register';

export type { Listing } from './market-register';

// Listings, consents, offers and deals of one collective, in every state the market knows,
// each with the timeline and the rights' statuses the rules imply: a right in a live listing
// is 'listed', in a deal 'in_transaction'; a registered deal moved or ended it (rules 2, 5–9, 11).

const DAY = 86_400_000;
export type Offer = {
  id: string;
  listingId: string;
  buyer: Household;
  priceFen: number;
  status: string;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
};
export type Consent = {
  id: string;
  listingId: string;
  memberId: string;
  method: 'account' | 'paper';
  recordedBy: string;
  createdAt: number;
};
export type MarketOut = { listings: Listing[]; consents: Consent[]; offers: Offer[]; deals: Deal[] };

// Twenty listings in a row cover every state; larger collectives repeat the pattern.
const PATTERN = [
  'completed',
  'approved_open',
  'in_deal:signing',
  'completed',
  'draft',
  'withdrawn',
  'completed',
  'in_deal:signed',
  'submitted',
  'approved_closed',
  'completed',
  'rejected',
  'in_deal:paid',
  'expired',
  'completed',
  'withdrawn_deal',
  'in_deal:settled',
  'approved_open',
  'submitted',
  'completed',
];
const EXIT_OK = new Set([
  'completed',
  'draft',
  'submitted',
  'withdrawn',
  'in_deal:signing',
  'in_deal:signed',
  'in_deal:paid',
  'in_deal:settled',
]);
/** Reference unit prices (fen per mu, per m², per share), the bureau's as well. */
export const UNIT_FEN = { land: 2_000_000, homestead: 30_000, shares: 20_000 } as const;

const live = (h: Household, kind: Right['kind']) => h.rights.find((x) => x.kind === kind && isHeld(x.status));

function size(l: Pick<Listing, 'right' | 'parcelIds' | 'shares'>): number {
  if (l.right.kind === 'land')
    return l.right.parcels!.filter((p) => l.parcelIds!.includes(p.id)).reduce((s, p) => s + p.areaMuCenti, 0) / 100;
  if (l.right.kind === 'homestead') return l.right.homestead!.areaM2Centi / 100;
  return l.shares!;
}

export function makeMarket(x: MarketCtx, households: Household[], counter: { n: number }, pending: Pending[]): MarketOut {
  const { r, c } = x;
  const out: MarketOut = { listings: [], consents: [], offers: [], deals: [] };
  const want = Math.max(Math.round(households.length * 0.025), Math.min(20, Math.floor(households.length / 2.5)));
  const used = new Set<string>();
  const officer = { id: c.officerId, role: 'officer' };
  for (let i = 0; i < want; i++) {
    const state = PATTERN[counter.n++ % PATTERN.length];
    const path: Listing['path'] = EXIT_OK.has(state) && r.chance(0.15) ? 'exit' : 'transfer';
    const kind = r.weighted({ shares: 45, land: 40, homestead: 15 });
    let seller: Household | undefined, right: Right | undefined;
    for (let k = 0; k < 30 && !right; k++) {
      seller = r.pick(households);
      const cand = seller.rights.find((x) => x.kind === kind && x.status === 'active' && !used.has(x.id));
      if (cand && seller.members.some((m) => m.relation === 'head')) right = cand;
    }
    if (!right || !seller) continue;
    const partial = r.chance(0.3);
    const parcels = right.kind === 'land' ? right.parcels!.filter((p) => p.status === 'active') : [];
    const parcelIds =
      right.kind === 'land'
        ? (partial && parcels.length > 1 ? parcels.slice(0, r.int(1, parcels.length - 1)) : parcels).map((p) => p.id)
        : null;
    const shares = right.kind === 'shares' ? (partial ? Math.min(right.shares!, r.int(1, 10)) : Math.min(right.shares!, 10)) : null;
    const draft = { right, parcelIds, shares };
    const fair = UNIT_FEN[right.kind] * size(draft);
    const askingPriceFen = Math.max(100, Math.round((fair * (0.85 + r.next() * 0.45)) / 100) * 100);
    // Buyers who qualify (rules 1, 4, 7): same collective, no second homestead, small share lots.
    const buyers =
      path === 'exit'
        ? []
        : households.filter(
            (h) =>
              h.id !== seller!.id &&
              h.members.length &&
              !x.homesteadBuyers.has(h.id) &&
              (right!.kind !== 'homestead' || (h.homesteadEligible && !live(h, 'homestead'))) &&
              (right!.kind !== 'land' || !h.landBarredUntil),
          );
    const needsBuyer = state.startsWith('in_deal') || state === 'completed' || state === 'withdrawn_deal' || state === 'approved_closed';
    if (needsBuyer && path === 'transfer' && !buyers.length) continue;
    used.add(right.id);

    // The timeline: how long each step took, then where it sits before now.
    const byOfficer = r.chance(0.2);
    const d = (a: number, b: number) => Math.floor((a + r.next() * (b - a)) * DAY);
    const confirm = byOfficer ? d(1, 3) : 0;
    const submit = confirm + d(0.2, 3);
    const review = submit + d(1, 4);
    const noticeEnd = review + x.noticeDays * DAY;
    const landExit = path === 'exit' && right.kind === 'land';
    const award = path === 'exit' ? review : noticeEnd + d(0, 1);
    const steps = [award + d(1, 3), 0, 0, 0, 0];
    steps[1] = steps[0] + d(0, 2);
    steps[2] = steps[1] + d(1, 5);
    steps[3] = steps[2] + d(1, 3);
    steps[4] = Math.max(steps[3] + d(1, 3), landExit ? submit + 184 * DAY : 0);
    const lastOf: Record<string, number> = {
      draft: confirm + DAY,
      submitted: submit + DAY,
      rejected: review,
      withdrawn: review + DAY,
      expired: noticeEnd + DAY,
      withdrawn_deal: steps[0],
      'in_deal:signing': steps[0],
      'in_deal:signed': steps[1],
      'in_deal:paid': steps[2],
      'in_deal:settled': steps[3],
      completed: steps[4],
    };
    let t0: number;
    if (state === 'approved_open') t0 = x.today - review - d(0.3, x.noticeDays - 0.5);
    else if (state === 'approved_closed') t0 = x.today - noticeEnd - d(1, 15);
    else t0 = MARKET_FROM + Math.floor(r.next() * Math.max(DAY, x.today - DAY - lastOf[state] - MARKET_FROM));
    const at = (ms: number) => t0 + ms;
    const farmer = x.farmerOf(seller);
    const l: Listing = {
      id: r.uuid(),
      right,
      seller,
      path,
      parcelIds,
      shares,
      askingPriceFen,
      status: 'draft',
      preparedBy: byOfficer ? c.officerId : farmer.id,
      preparedByOfficer: byOfficer ? 1 : 0,
      confirmedAt: byOfficer ? (state === 'draft' && r.chance(0.5) ? null : at(confirm)) : at(0),
      submittedAt: null,
      reviewedAt: null,
      reviewedBy: null,
      rejectReason: null,
      noticeEndsAt: null,
      withdrawnAt: null,
      counterPriceFen: null,
      exitEffectiveAt: null,
      noticeClosedAt: null,
      withdrawReason: null,
      createdAt: at(0),
      updatedAt: at(0),
    };
    out.listings.push(l);
    const trail = {
      entityType: 'listing',
      entityId: l.id,
      collectiveId: c.id,
      regionCode: c.regionCode,
      householdId: seller.id,
      rightId: right.id,
    };
    const log = (
      ms: number,
      actor: { id: string | null; role: string | null },
      action: string,
      after?: unknown,
      before?: unknown,
      reason?: string,
    ) => pending.push({ at: ms, actor, e: { action, ...trail, after, before, reason } });
    log(at(0), byOfficer ? officer : farmer, 'listing.create', { path, kind: right.kind, parcelIds, shares, askingPriceFen, byOfficer });
    if (byOfficer && l.confirmedAt) log(l.confirmedAt, farmer, 'listing.confirm', { confirmedAt: new Date(l.confirmedAt).toISOString() });
    right.status = 'listed';
    right.version++;
    if (state === 'draft') continue;

    // Rule 2: every adult member consented before submission (the head from the account, the others on paper).
    for (const m of seller.members.filter((mm) => ageAt(mm, at(submit)) >= 18)) {
      const head = m.relation === 'head';
      const ms = at(confirm) + 3_600_000;
      out.consents.push({
        id: r.uuid(),
        listingId: l.id,
        memberId: m.id,
        method: head ? 'account' : 'paper',
        recordedBy: head ? farmer.id : c.officerId,
        createdAt: ms,
      });
      log(ms, head ? farmer : officer, 'listing.consent', { member: m.name, method: head ? 'account' : 'paper' });
    }
    l.status = 'submitted';
    l.submittedAt = l.updatedAt = at(submit);
    if (landExit) l.exitEffectiveAt = at(submit) + 184 * DAY;
    log(
      at(submit),
      farmer,
      'listing.submit',
      { status: 'submitted', exitEffectiveAt: l.exitEffectiveAt ? new Date(l.exitEffectiveAt).toISOString() : null },
      { status: 'draft' },
    );
    if (state === 'submitted') continue;
    if (state === 'withdrawn' && (path === 'exit' || r.chance(0.5))) {
      withdraw(l, at(submit) + DAY, log, farmer);
      continue;
    }
    if (state === 'rejected') {
      Object.assign(l, {
        status: 'rejected',
        reviewedAt: at(review),
        reviewedBy: c.officerId,
        rejectReason: '地块四至与登记簿不符，请核实后重新申请',
        updatedAt: at(review),
      });
      right.status = 'active';
      log(at(review), officer, 'listing.reject', { status: 'rejected' }, { status: 'submitted' }, l.rejectReason!);
      continue;
    }
    l.reviewedAt = l.updatedAt = at(review);
    l.reviewedBy = c.officerId;
    let price = askingPriceFen;
    let winner: Offer | null = null;
    let buyer: Household | null = null;
    if (path === 'transfer') {
      l.status = 'approved';
      l.noticeEndsAt = at(noticeEnd);
      log(
        at(review),
        officer,
        'listing.approve',
        { status: 'approved', noticeEndsAt: new Date(l.noticeEndsAt).toISOString() },
        { status: 'submitted' },
      );
      const n =
        state === 'expired'
          ? 0
          : state === 'approved_closed'
            ? r.int(1, 2)
            : state === 'approved_open'
              ? r.int(0, 4)
              : state === 'withdrawn'
                ? r.int(0, 2)
                : r.chance(0.5)
                  ? r.int(3, 5)
                  : r.int(1, 2);
      const picked = new Set<Household>();
      for (let k = 0; k < n * 3 && picked.size < n && buyers.length; k++) picked.add(r.pick(buyers));
      const offerAt = (k: number) => Math.min(at(review) + d(0.1, x.noticeDays - 0.2) + k, x.today - 60_000);
      const list = [...picked]
        .map((b, k): Offer => {
          const low = r.chance(0.05);
          const p = Math.max(
            100,
            Math.round((low ? fair * (0.5 + r.next() * 0.15) : askingPriceFen * (0.9 + r.next() * 0.35)) / 100) * 100,
          );
          const ms = offerAt(k);
          return {
            id: r.uuid(),
            listingId: l.id,
            buyer: b,
            priceFen: p,
            status: 'active',
            createdBy: x.farmerOf(b).id,
            createdAt: ms,
            updatedAt: ms,
          };
        })
        .sort((a, b) => b.priceFen - a.priceFen || a.createdAt - b.createdAt);
      for (const o of list)
        pending.push({
          at: o.createdAt,
          actor: { id: o.createdBy, role: 'farmer' },
          e: {
            action: 'offer.create',
            ...trail,
            entityType: 'offer',
            entityId: o.id,
            householdId: o.buyer.id,
            after: { priceFen: o.priceFen },
          },
        });
      out.offers.push(...list);
      if (state === 'approved_open' || state === 'approved_closed') continue;
      if (state === 'withdrawn' || state === 'expired') {
        for (const o of list) Object.assign(o, { status: 'lost', updatedAt: at(noticeEnd) });
        if (state === 'withdrawn') withdraw(l, at(review) + DAY, log, farmer);
        else {
          Object.assign(l, { status: 'expired', noticeClosedAt: at(noticeEnd) + 600_000, updatedAt: at(noticeEnd) + 600_000 });
          right.status = 'active';
          log(l.noticeClosedAt!, { id: null, role: null }, 'listing.expire', { status: 'expired' }, { status: 'approved' });
        }
        continue;
      }
      if (!list.length)
        list.push(
          ...[r.pick(buyers)].map((b) => ({
            id: r.uuid(),
            listingId: l.id,
            buyer: b,
            priceFen: askingPriceFen,
            status: 'active',
            createdBy: x.farmerOf(b).id,
            createdAt: at(review) + DAY,
            updatedAt: at(review) + DAY,
          })),
        );
      if (!out.offers.includes(list[0])) out.offers.push(list[0]);
      winner = list[0];
      buyer = winner.buyer;
      price = winner.priceFen;
      for (const o of list) Object.assign(o, { status: o === winner ? 'won' : 'lost', updatedAt: at(award) });
      l.noticeClosedAt = at(award);
      const mode = list.length >= 3 ? 'bidding' : 'negotiation';
      log(at(award), mode === 'bidding' ? { id: null, role: null } : farmer, 'listing.award', {
        rule: 9,
        mode,
        offers: list.length,
        winner: winner.id,
        priceFen: price,
      });
      // Rule 4: this buyer will hold a homestead; no second one is awarded to it.
      if (right.kind === 'homestead') x.homesteadBuyers.add(buyer.id);
    } else {
      price = Math.round((fair * (0.8 + r.next() * 0.2)) / 100) * 100;
      log(at(review), officer, 'exit.accept', { priceFen: price });
    }
    const deal = dealFor(x, l, buyer, winner, price, at(award), counters(x));
    out.deals.push(deal);
    l.status = 'in_deal';
    l.updatedAt = at(award);
    right.status = 'in_transaction';
    right.version++;
    pending.push({
      at: at(award),
      actor: path === 'exit' ? officer : { id: null, role: null },
      e: {
        action: 'deal.create',
        ...trail,
        entityType: 'deal',
        entityId: deal.id,
        after: { number: deal.number, buyerHouseholdId: buyer?.id ?? null, priceFen: price, path },
      },
    });
    const dealLog = (ms: number, actor: { id: string | null; role: string | null }, action: string, after: unknown) =>
      pending.push({ at: ms, actor, e: { action, ...trail, entityType: 'deal', entityId: deal.id, after } });
    if (state === 'withdrawn_deal') {
      Object.assign(deal, { status: 'cancelled', cancelledAt: at(steps[0]), cancelReason: '卖方撤回', updatedAt: at(steps[0]) });
      if (winner) Object.assign(winner, { status: 'lost', updatedAt: at(steps[0]) });
      withdraw(l, at(steps[0]), log, farmer);
      continue;
    }
    const buyerActor = buyer ? x.farmerOf(buyer) : officer;
    const stage = state === 'completed' ? 9 : ['in_deal:signing', 'in_deal:signed', 'in_deal:paid', 'in_deal:settled'].indexOf(state);
    deal.sellerSignedAt = at(steps[0]);
    dealLog(at(steps[0]), farmer, 'deal.sign', { side: 'seller', status: 'signing' });
    if (stage === 0) continue;
    Object.assign(deal, { buyerSignedAt: at(steps[1]), status: 'signed', updatedAt: at(steps[1]) });
    dealLog(at(steps[1]), buyerActor, 'deal.sign', { side: 'buyer', status: 'signed' });
    if (stage === 1) continue;
    Object.assign(deal, { paidAt: at(steps[2]), status: 'paid', updatedAt: at(steps[2]) });
    dealLog(at(steps[2]), farmer, 'deal.paid', { status: 'paid', priceFen: price });
    if (stage === 2) continue;
    Object.assign(deal, { settledAt: at(steps[3]), settledBy: c.officerId, status: 'settled', updatedAt: at(steps[3]) });
    dealLog(at(steps[3]), officer, 'deal.settle', { status: 'settled' });
    if (stage === 3) continue;
    register(x, l, deal, buyer, at(steps[4]), pending);
  }
  return out;
}

const counters = (x: MarketCtx): Counters => x.counters;

function withdraw(
  l: Listing,
  ms: number,
  log: (ms: number, a: { id: string; role: string }, action: string, after?: unknown, before?: unknown, reason?: string) => void,
  farmer: { id: string; role: string },
) {
  const before = l.status;
  Object.assign(l, { status: 'withdrawn', withdrawnAt: ms, withdrawReason: '家庭决定暂不流转', updatedAt: ms });
  l.right.status = 'active';
  l.right.version++;
  log(ms, farmer, 'listing.withdraw', { status: 'withdrawn' }, { status: before }, l.withdrawReason!);
}

function dealFor(x: MarketCtx, l: Listing, buyer: Household | null, offer: Offer | null, price: number, ms: number, k: Counters): Deal {
  return {
    id: x.r.uuid(),
    number: `${x.c.county}JY${new Date(ms).getUTCFullYear()}${String(++k.deal).padStart(6, '0')}`,
    listing: l,
    buyer,
    offerId: offer?.id ?? null,
    priceFen: price,
    status: 'signing',
    sellerSignedAt: null,
    buyerSignedAt: null,
    paidAt: null,
    settledAt: null,
    registeredAt: null,
    registeredBy: null,
    newRightId: null,
    snapshot: snapshot(x, l, buyer),
    settledBy: null,
    cancelledAt: null,
    cancelReason: null,
    createdAt: ms,
    updatedAt: ms,
  };
}

export type { Rand, CollectivePlan };
