import type { EscrowKind } from '../../models/escrow';

// The market's money (issue 20), every rule in one place and pure: the deposit (保证金) a listing
// asks of a bidder, and what each event of the market does to the money the collective's
// supervised account (资金监管) holds. Nothing here reads or writes: escrow.ts reads an offer's or
// a deal's rows, asks these functions what to move, writes the rows and the trail. What the
// account holds for an offer or a deal is the sum of its rows (models/escrow.ts), so every
// figure reconciles to the fen.

export type ForfeitTo = 'collective' | 'seller' | 'none';

/** The charter's money settings (collectives.deposit_fen, deposit_percent, deposit_forfeit_to, supervised_payment). */
export type MoneyCharter = { depositFen: number; depositPercent: number; depositForfeitTo: ForfeitTo; supervisedPayment: boolean };

/** One movement of the supervised account, as stored (amounts in fen, always positive). */
export type EscrowRow = {
  kind: EscrowKind;
  amountFen: number;
  offerId: string | null;
  dealId: string | null;
  householdId?: string | null;
};
/** A movement to write: the row without what escrow.ts fills in (collective, listing, who, when). */
export type Movement = EscrowRow & { householdId: string | null; note?: string };

/**
 * The deposit an offer on this listing needs, fixed when the listing is published: the charter's
 * fixed amount or its percentage of the asking price (rounded up to the fen), the larger when both
 * are set; none (null) when the charter asks none, and never for an exit (the collective buys its
 * own right back; nobody bids).
 */
export function depositRequired(
  c: Pick<MoneyCharter, 'depositFen' | 'depositPercent'>,
  l: { path: 'transfer' | 'exit'; askingPriceFen: number },
): number | null {
  if (l.path === 'exit') return null;
  const byPercent = c.depositPercent > 0 ? Math.ceil((c.depositPercent * l.askingPriceFen) / 100) : 0;
  const fen = Math.max(c.depositFen, byPercent);
  return fen > 0 ? fen : null;
}

/** An offer counts (is valid, may be chosen) once its deposit is in, where the listing asks one. */
export function depositSatisfied(l: { depositFen: number | null }, heldFen: number): boolean {
  return !l.depositFen || heldFen >= l.depositFen;
}

// What the account holds. A deposit credited to the price (deposit_to_price) leaves the offer and
// is held for the deal: it counts against the one and for the other, and leaves the account's total
// unchanged. A forfeited deposit is taken from what is held for the deal it was credited to.

const FOR_OFFER: Partial<Record<EscrowKind, 1 | -1>> = { deposit_in: 1, deposit_refund: -1, deposit_to_price: -1, deposit_forfeit: -1 };
const FOR_DEAL: Partial<Record<EscrowKind, 1 | -1>> = {
  deposit_to_price: 1,
  price_in: 1,
  price_release: -1,
  price_refund: -1,
  deposit_forfeit: -1,
};
const IN_OUT: Record<EscrowKind, 1 | 0 | -1> = {
  deposit_in: 1,
  price_in: 1,
  deposit_to_price: 0,
  deposit_refund: -1,
  deposit_forfeit: -1,
  price_release: -1,
  price_refund: -1,
};

/** What the account holds for one offer (its deposit, until refunded or credited to the price). */
export function heldForOffer(rows: readonly EscrowRow[], offerId: string): number {
  return rows.filter((r) => r.offerId === offerId).reduce((s, r) => s + (FOR_OFFER[r.kind] ?? 0) * r.amountFen, 0);
}

/** What the account holds for one deal (the deposit credited to its price, and the price paid in). */
export function heldForDeal(rows: readonly EscrowRow[], dealId: string): number {
  return rows.filter((r) => r.dealId === dealId).reduce((s, r) => s + (FOR_DEAL[r.kind] ?? 0) * r.amountFen, 0);
}

/** The account's balance over these rows: money in less money out. */
export function balance(rows: readonly EscrowRow[]): number {
  return rows.reduce((s, r) => s + IN_OUT[r.kind] * r.amountFen, 0);
}

/** The deposits credited to a deal's price. */
export function creditedToDeal(rows: readonly EscrowRow[], dealId: string): number {
  return rows.filter((r) => r.dealId === dealId && r.kind === 'deposit_to_price').reduce((s, r) => s + r.amountFen, 0);
}

/** What the buyer of a supervised deal pays in: the price less the deposit already credited to it, to the fen. */
export function priceDue(deal: { id: string; priceFen: number }, rows: readonly EscrowRow[]): number {
  return Math.max(0, deal.priceFen - creditedToDeal(rows, deal.id));
}

type Bid = { id: string; buyerHouseholdId: string };

/** The offers' deposits go back to their bidders: an offer withdrawn, a bidder who lost or no longer qualifies, a listing withdrawn, expired or ended. */
export function refundDeposits(rows: readonly EscrowRow[], bids: readonly Bid[]): Movement[] {
  return bids
    .map((o) => ({ o, held: heldForOffer(rows, o.id) }))
    .filter((x) => x.held > 0)
    .map(({ o, held }) => ({ kind: 'deposit_refund', amountFen: held, offerId: o.id, dealId: null, householdId: o.buyerHouseholdId }));
}

/** The buyer is chosen: the losers' deposits are refunded, the winner's credited to the deal's price. */
export function buyerChosen(rows: readonly EscrowRow[], bids: readonly Bid[], winnerOfferId: string, dealId: string): Movement[] {
  const winner = bids.find((o) => o.id === winnerOfferId);
  const held = winner ? heldForOffer(rows, winner.id) : 0;
  const credit: Movement[] =
    winner && held > 0
      ? [{ kind: 'deposit_to_price', amountFen: held, offerId: winner.id, dealId, householdId: winner.buyerHouseholdId }]
      : [];
  return [
    ...credit,
    ...refundDeposits(
      rows,
      bids.filter((o) => o.id !== winnerOfferId),
    ),
  ];
}

/**
 * A deal cancelled before registration gives back everything held for it (price_refund to the
 * buyer), except when the chosen buyer walked away: the deposit credited to the price is then
 * forfeited as the charter says (to the collective or to the seller; 'none': refunded too).
 */
export function dealCancelled(
  rows: readonly EscrowRow[],
  deal: { id: string; buyerHouseholdId: string | null; sellerHouseholdId: string },
  how: { buyerWalkedAway: boolean; forfeitTo: ForfeitTo },
): Movement[] {
  const held = heldForDeal(rows, deal.id);
  if (held <= 0) return [];
  const forfeit = how.buyerWalkedAway && how.forfeitTo !== 'none' ? Math.min(creditedToDeal(rows, deal.id), held) : 0;
  const out: Movement[] = [];
  if (forfeit > 0)
    out.push({
      kind: 'deposit_forfeit',
      amountFen: forfeit,
      offerId: null,
      dealId: deal.id,
      householdId: how.forfeitTo === 'seller' ? deal.sellerHouseholdId : null,
      note: how.forfeitTo,
    });
  if (held - forfeit > 0)
    out.push({ kind: 'price_refund', amountFen: held - forfeit, offerId: null, dealId: deal.id, householdId: deal.buyerHouseholdId });
  return out;
}

/** Registration releases everything held for the deal to the seller, in the transaction that changes the holder. */
export function registered(rows: readonly EscrowRow[], deal: { id: string; sellerHouseholdId: string }): Movement[] {
  const held = heldForDeal(rows, deal.id);
  return held > 0 ? [{ kind: 'price_release', amountFen: held, offerId: null, dealId: deal.id, householdId: deal.sellerHouseholdId }] : [];
}

/** Why a deposit cannot be recorded: the amount must be the listing's deposit, to the fen. */
export function depositAmountRefusal(
  l: { depositFen: number | null },
  amountFen: number,
): { code: string; params?: Record<string, unknown> } | null {
  if (!l.depositFen) return { code: 'money.noDepositNeeded' };
  return amountFen === l.depositFen ? null : { code: 'money.depositAmount', params: { due: l.depositFen / 100 } };
}

/** Why a supervised deal's price cannot be recorded: the amount must be the price less the deposit credited, to the fen. */
export function priceAmountRefusal(due: number, amountFen: number): { code: string; params?: Record<string, unknown> } | null {
  return amountFen === due ? null : { code: 'money.priceAmount', params: { due: due / 100 } };
}

/** Under supervision the seller does not confirm the price: the officer records it paid into the account. */
export function sellerPaymentRefusal(d: { supervised: boolean }): { code: string } | null {
  return d.supervised ? { code: 'money.supervisedPaidIn' } : null;
}

type Refusal = { code: string; params?: Record<string, unknown>; repeat?: true };

/** A deposit is recorded once, for an active offer, while the listing is published and its period not closed. */
export function depositRecordRefusal(
  l: { status: string; noticeClosedAt: Date | null; suspendedAt: Date | null; depositFen: number | null },
  o: { status: string },
  heldFen: number,
): Refusal | null {
  if (heldFen > 0) return { code: 'money.depositAlreadyIn', repeat: true };
  if (!l.depositFen) return { code: 'money.noDepositNeeded' };
  if (l.suspendedAt) return { code: 'market.suspended' };
  if (o.status !== 'active') return { code: 'market.offerNotActive' };
  if (l.status !== 'approved' || l.noticeClosedAt) return { code: 'money.biddingClosed' };
  return null;
}

/** The price is recorded against a supervised deal only. */
export function supervisedPriceRefusal(d: { supervised: boolean }): Refusal | null {
  return d.supervised ? null : { code: 'money.notSupervised' };
}

/** A chosen buyer walks away before registration, once. */
export function walkAwayRefusal(d: { status: string; suspendedAt: Date | null }): Refusal | null {
  if (d.status === 'cancelled') return { code: 'market.alreadyDone', repeat: true };
  if (d.status === 'registered') return { code: 'market.alreadyRegistered' };
  return d.suspendedAt ? { code: 'market.suspended' } : null;
}
