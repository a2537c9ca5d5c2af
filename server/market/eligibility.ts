import { basisOf } from '../kernel/legal-basis';
import { HELD_RIGHT_STATUSES, OPEN_DEAL_STATUSES } from '../../models/statuses';
import { and, countDistinct, eq, inArray, ne, sql } from 'drizzle-orm';
import { deals, listings } from '../../models/market';
import { rights, shareHoldings } from '../../models/rights';
import type { Tx } from '../platform/db';
import { DomainError } from '../kernel/errors';
import { assertNoHomestead } from '../registry/rights';
import { householdHasMemberOf } from '../registry/membership';
import type { Listing } from './locks';
import type { Household } from './scope';

// Who may buy (rules 1, 4 and 7), checked once here and asked at three moments: when the
// offer is made, when the buyer is chosen, and again inside the registration change, each
// time under the locks of that transaction — so a buyer who meanwhile bought a homestead or
// more shares elsewhere is caught before the second right moves.

type Collective = { id: string; totalShares: number; shareCapPercent: number };

/**
 * Rule 7, the share cap: cap = floor(total_shares × share_cap_percent / 100 / holders), where
 * holders is the number of households of the collective holding shares now. With the
 * default 300 % a household may hold at most three times the average holding.
 */
export async function shareCap(tx: Tx, c: Collective): Promise<{ cap: number; holders: number; percent: number }> {
  const [{ n }] = await tx
    .select({ n: countDistinct(rights.householdId) })
    .from(rights)
    .where(and(eq(rights.collectiveId, c.id), eq(rights.kind, 'shares'), inArray(rights.status, [...HELD_RIGHT_STATUSES])));
  const holders = Math.max(1, Number(n));
  return { cap: Math.floor((c.totalShares * c.shareCapPercent) / (100 * holders)), holders, percent: c.shareCapPercent };
}

/** Shares a household holds now plus those it is buying in open deals (other than `exceptDealId`). */
export async function sharesHeldAndPending(tx: Tx, householdId: string, exceptDealId?: string): Promise<number> {
  const [held] = await tx
    .select({ n: sql<string>`coalesce(sum(${shareHoldings.shares}), 0)` })
    .from(shareHoldings)
    .innerJoin(rights, eq(rights.id, shareHoldings.rightId))
    .where(and(eq(rights.householdId, householdId), inArray(rights.status, [...HELD_RIGHT_STATUSES])));
  const conds = [eq(deals.buyerHouseholdId, householdId), inArray(deals.status, [...OPEN_DEAL_STATUSES]), eq(listings.rightKind, 'shares')];
  if (exceptDealId) conds.push(ne(deals.id, exceptDealId));
  const [pending] = await tx
    .select({ n: sql<string>`coalesce(sum(${listings.shares}), 0)` })
    .from(deals)
    .innerJoin(listings, eq(listings.id, deals.listingId))
    .where(and(...conds));
  return Number(held.n) + Number(pending.n);
}

async function buyingAnotherHomestead(tx: Tx, householdId: string, exceptDealId?: string): Promise<boolean> {
  const conds = [
    eq(deals.buyerHouseholdId, householdId),
    inArray(deals.status, [...OPEN_DEAL_STATUSES]),
    eq(listings.rightKind, 'homestead'),
  ];
  if (exceptDealId) conds.push(ne(deals.id, exceptDealId));
  const [row] = await tx
    .select({ id: deals.id })
    .from(deals)
    .innerJoin(listings, eq(listings.id, deals.listingId))
    .where(and(...conds))
    .limit(1);
  return !!row;
}

/** Where the check runs: the deal being registered (its own shares and homestead do not count twice), and the field a refusal names. */
type Check = { exceptDealId?: string; field?: string };

/** The rule that refuses this buyer for this listing, or null if the buyer qualifies. */
export async function buyerRefusal(tx: Tx, l: Listing, buyer: Household, c: Collective, check: Check = {}): Promise<DomainError | null> {
  const { exceptDealId, field } = check;
  // Rule 1 / 农村土地承包法 Art. 34: only another household of the same collective.
  if (buyer.collectiveId !== l.collectiveId) return new DomainError('rule1.outsider', basisOf(l.rightKind), field);
  if (buyer.id === l.sellerHouseholdId) return new DomainError('rule1.ownListing', basisOf(l.rightKind), field);
  // Rule 1 / 农村集体经济组织法 §12: filed under the collective is not enough; one of the household's
  // current members must be a member in the 成员名册 (a 外来户 is refused like an outsider).
  if (!(await householdHasMemberOf(tx, buyer.id, l.collectiveId, null)))
    return new DomainError('membership.buyerNotMember', basisOf(l.rightKind), field);
  if (l.rightKind === 'homestead') {
    // Rule 4 / 土地管理法 Art. 62: one household, one homestead.
    if (!buyer.homesteadEligible) return new DomainError('rule4.buyerNotEligible', {}, field);
    try {
      await assertNoHomestead(tx, buyer.id);
    } catch (e) {
      if (e instanceof DomainError) return new DomainError(e.code, e.params, field);
      throw e;
    }
    if (await buyingAnotherHomestead(tx, buyer.id, exceptDealId)) return new DomainError('rule4.secondHomestead', {}, field);
  }
  if (l.rightKind === 'shares') {
    const { cap, percent } = await shareCap(tx, c);
    const after = (await sharesHeldAndPending(tx, buyer.id, exceptDealId)) + (l.shares ?? 0);
    if (after > cap) return new DomainError('rule7.shareCap', { after, cap, percent }, field);
  }
  return null;
}

export async function assertBuyerQualified(tx: Tx, l: Listing, buyer: Household, c: Collective, check: Check = {}): Promise<void> {
  const refusal = await buyerRefusal(tx, l, buyer, c, check);
  if (refusal) throw refusal;
}
