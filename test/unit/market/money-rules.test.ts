import assert from 'node:assert/strict';
import {
  balance,
  buyerChosen,
  dealCancelled,
  depositAmountRefusal,
  depositRequired,
  depositSatisfied,
  type EscrowRow,
  heldForDeal,
  heldForOffer,
  priceAmountRefusal,
  priceDue,
  refundDeposits,
  registered,
} from '../../../server/market/money-rules';

// Issue 20: the deposit (保证金) a listing asks, and what every event of the market does to the
// money held in the collective's supervised account (资金监管). Pure rules, checked to the fen.

const transfer = (askingPriceFen: number) => ({ path: 'transfer' as const, askingPriceFen });
const bids = [
  { id: 'o1', buyerHouseholdId: 'h1' },
  { id: 'o2', buyerHouseholdId: 'h2' },
  { id: 'o3', buyerHouseholdId: 'h3' },
];
const dep = (offerId: string, fen = 5000): EscrowRow => ({ kind: 'deposit_in', amountFen: fen, offerId, dealId: null });
const deal = { id: 'd1', buyerHouseholdId: 'h1', sellerHouseholdId: 's', priceFen: 100_000 };

describe('money rules (issue 20)', () => {
  describe('the deposit a listing asks', () => {
    it('when the charter sets neither an amount nor a percentage, then no deposit is asked', () => {
      assert.equal(depositRequired({ depositFen: 0, depositPercent: 0 }, transfer(1_000_000)), null);
    });
    it('when the charter sets a fixed amount, then that amount is asked', () => {
      assert.equal(depositRequired({ depositFen: 50_000, depositPercent: 0 }, transfer(1_000_000)), 50_000);
    });
    it('when the charter sets a percentage, then the percentage of the asking price is asked, rounded up to the fen', () => {
      assert.equal(depositRequired({ depositFen: 0, depositPercent: 5 }, transfer(1_000_001)), 50_001);
      assert.equal(depositRequired({ depositFen: 0, depositPercent: 3 }, transfer(333)), 10);
    });
    it('when both are set, then the larger is asked', () => {
      assert.equal(depositRequired({ depositFen: 20_000, depositPercent: 5 }, transfer(1_000_000)), 50_000);
      assert.equal(depositRequired({ depositFen: 80_000, depositPercent: 5 }, transfer(1_000_000)), 80_000);
    });
    it('when the right goes back to the collective (an exit), then no deposit is asked', () => {
      assert.equal(depositRequired({ depositFen: 50_000, depositPercent: 5 }, { path: 'exit', askingPriceFen: 1_000_000 }), null);
    });
    it('when a listing asks a deposit, then an offer counts only once its deposit is held', () => {
      assert.equal(depositSatisfied({ depositFen: 5000 }, 0), false);
      assert.equal(depositSatisfied({ depositFen: 5000 }, 5000), true);
      assert.equal(depositSatisfied({ depositFen: null }, 0), true);
    });
    it('when the amount recorded differs from the listing deposit by one fen, then it is refused', () => {
      assert.deepEqual(depositAmountRefusal({ depositFen: 5000 }, 4999), { code: 'money.depositAmount', params: { due: 50 } });
      assert.equal(depositAmountRefusal({ depositFen: 5000 }, 5000), null);
      assert.equal(depositAmountRefusal({ depositFen: null }, 5000)?.code, 'money.noDepositNeeded');
    });
  });

  describe('what the events do to the money', () => {
    it('when an offer is withdrawn, then its deposit is refunded to its bidder', () => {
      const rows = [dep('o1'), dep('o2')];
      assert.deepEqual(refundDeposits(rows, [bids[0]]), [
        { kind: 'deposit_refund', amountFen: 5000, offerId: 'o1', dealId: null, householdId: 'h1' },
      ]);
    });
    it('when an offer holds nothing (no deposit in, or refunded already), then nothing is refunded', () => {
      const rows: EscrowRow[] = [dep('o1'), { kind: 'deposit_refund', amountFen: 5000, offerId: 'o1', dealId: null }];
      assert.deepEqual(refundDeposits(rows, bids), []);
    });
    it('when the buyer is chosen, then the losers are refunded and the winner is credited to the price', () => {
      const rows = [dep('o1'), dep('o2'), dep('o3')];
      const moves = buyerChosen(rows, bids, 'o1', 'd1');
      assert.deepEqual(
        moves.map((m) => [m.kind, m.offerId, m.dealId, m.amountFen, m.householdId]),
        [
          ['deposit_to_price', 'o1', 'd1', 5000, 'h1'],
          ['deposit_refund', 'o2', null, 5000, 'h2'],
          ['deposit_refund', 'o3', null, 5000, 'h3'],
        ],
      );
      const after = [...rows, ...moves];
      assert.equal(heldForOffer(after, 'o1'), 0);
      assert.equal(heldForDeal(after, 'd1'), 5000);
      assert.equal(balance(after), 5000);
      assert.equal(priceDue(deal, after), 95_000);
    });
    it('when the chosen buyer walks away and the charter gives the deposit to the collective, then it is forfeited and the price paid in refunded', () => {
      const rows: EscrowRow[] = [
        ...buyerChosen([dep('o1')], [bids[0]], 'o1', 'd1'),
        dep('o1'),
        { kind: 'price_in', amountFen: 95_000, offerId: null, dealId: 'd1' },
      ];
      const moves = dealCancelled(rows, deal, { buyerWalkedAway: true, forfeitTo: 'collective' });
      assert.deepEqual(
        moves.map((m) => [m.kind, m.amountFen, m.householdId]),
        [
          ['deposit_forfeit', 5000, null],
          ['price_refund', 95_000, 'h1'],
        ],
      );
      assert.equal(heldForDeal([...rows, ...moves], 'd1'), 0);
    });
    it('when the charter gives a forfeited deposit to the seller, then the forfeit names the seller', () => {
      const rows = [dep('o1'), ...buyerChosen([dep('o1')], [bids[0]], 'o1', 'd1')];
      const [m] = dealCancelled(rows, deal, { buyerWalkedAway: true, forfeitTo: 'seller' });
      assert.deepEqual([m.kind, m.amountFen, m.householdId], ['deposit_forfeit', 5000, 's']);
    });
    it("when the charter says 'none', then a buyer who walks away gets the deposit back", () => {
      const rows = [dep('o1'), ...buyerChosen([dep('o1')], [bids[0]], 'o1', 'd1')];
      assert.deepEqual(
        dealCancelled(rows, deal, { buyerWalkedAway: true, forfeitTo: 'none' }).map((m) => [m.kind, m.amountFen, m.householdId]),
        [['price_refund', 5000, 'h1']],
      );
    });
    it('when a deal is cancelled otherwise (the seller withdraws), then everything held for it is refunded to the buyer', () => {
      const rows: EscrowRow[] = [
        dep('o1'),
        ...buyerChosen([dep('o1')], [bids[0]], 'o1', 'd1'),
        { kind: 'price_in', amountFen: 95_000, offerId: null, dealId: 'd1' },
      ];
      assert.deepEqual(
        dealCancelled(rows, deal, { buyerWalkedAway: false, forfeitTo: 'collective' }).map((m) => [m.kind, m.amountFen]),
        [['price_refund', 100_000]],
      );
    });
    it('when the deal is registered, then the whole amount held for it is released to the seller', () => {
      const rows: EscrowRow[] = [
        dep('o1'),
        ...buyerChosen([dep('o1')], [bids[0]], 'o1', 'd1'),
        { kind: 'price_in', amountFen: 95_000, offerId: null, dealId: 'd1' },
      ];
      const moves = registered(rows, deal);
      assert.deepEqual(
        moves.map((m) => [m.kind, m.amountFen, m.householdId]),
        [['price_release', 100_000, 's']],
      );
      assert.equal(balance([...rows, ...moves]), 0);
    });
    it('when nothing is held for a deal, then registration and cancellation move nothing', () => {
      assert.deepEqual(registered([], deal), []);
      assert.deepEqual(dealCancelled([], deal, { buyerWalkedAway: true, forfeitTo: 'collective' }), []);
    });
    it('when the price recorded is not the price less the deposit credited, to the fen, then it is refused', () => {
      assert.deepEqual(priceAmountRefusal(95_000, 95_001), { code: 'money.priceAmount', params: { due: 950 } });
      assert.equal(priceAmountRefusal(95_000, 95_000), null);
    });
  });
});
