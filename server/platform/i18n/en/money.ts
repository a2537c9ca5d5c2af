// The market's money (issue 20): bidding deposits and the supervised payment of the price. Refusals are in errors.ts (errors.money).
export const money = {
  money: {
    depositNeeded: 'An offer needs a bidding deposit of ¥{{amount}}.',
    depositNeededHint:
      'Pay the deposit into the collective’s supervised account; your offer counts once the officer records it as received. If you are not chosen it is refunded in full; if you are, it becomes part of the price.',
    depositHeld: 'Deposit ¥{{amount}} received',
    depositSettled: 'Deposit received (since refunded or credited to the price)',
    depositMissing: 'Deposit not received: the offer does not count yet',
    recordDeposit: 'Record the deposit as received',
    recordDepositConfirm:
      'Confirm that the deposit of ¥{{amount}} from {{name}} is in the supervised account? It cannot be changed afterwards.',
    depositAmountHint: 'Must equal this listing’s deposit: ¥{{amount}} (yuan, at most two decimals).',
    amount: 'Amount (yuan)',
    valueDate: 'Value date',
    valueDateHint: 'The date on the bank’s slip; not later than today.',
    bankReference: 'Bank reference',
    bankReferenceHint: 'The transaction or voucher number on the bank’s slip, for reconciliation.',
    recordPrice: 'Record the price as received (supervised payment)',
    recordPriceText:
      'This deal uses supervised payment: the buyer pays ¥{{amount}} (the price less the deposit credited to it) into the collective’s supervised account. Record it here once it is in.',
    recordPriceConfirm: 'Confirm that the buyer’s ¥{{amount}} is in the supervised account? It cannot be changed afterwards.',
    priceAmountHint: 'Must equal the amount due, to the fen: ¥{{amount}}.',
    deal: {
      title: 'Money in the supervised account',
      supervisedHint:
        'This deal uses supervised payment: the price is held in the collective’s supervised account and paid to the seller when the registration change is done; refunded to the buyer if the deal is cancelled before.',
      held: 'Held for this deal',
      credited: 'Of which deposit credited to the price',
      due: 'Still to be paid in by the buyer',
      released: 'Paid to the seller at registration',
      when: 'Date',
      kind: 'Movement',
    },
    kind: {
      deposit_in: 'Deposit received',
      deposit_refund: 'Deposit refunded',
      deposit_to_price: 'Deposit credited to the price',
      deposit_forfeit: 'Deposit forfeited',
      price_in: 'Price received',
      price_release: 'Price paid to the seller (registration)',
      price_refund: 'Refunded to the buyer',
    },
    walkAway: {
      title: 'The buyer walks away',
      hint: 'When the chosen buyer abandons the deal before registration, the contract is cancelled and the right is free to be listed again. The deposit is dealt with as the charter says (to the collective, to the seller, or refunded); everything else is refunded to the buyer.',
      reason: 'Reason',
      confirm: 'Record that the buyer walked away? The deal is cancelled for good.',
      button: 'Record that the buyer walked away',
    },
    flash: {
      depositRecorded: 'The deposit is recorded as received.',
      priceRecorded: 'The price is recorded as received; the deal is paid.',
      walkedAway: 'Recorded that the buyer walked away; the deal is cancelled.',
    },
  },
};
