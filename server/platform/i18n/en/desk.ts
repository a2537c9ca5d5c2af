// Officers' daily work (issue 18): correcting a registration, batch certificates, the to-do list.
export const desk = {
  desk: {
    correct: {
      title: 'Correct the registration',
      link: 'Correct the registration',
      intro:
        'Correct a registration that was recorded wrongly here, instead of cancelling and registering it again. Give a reason; the details before and after and the reason go into the trail (Interim Regulations on Real Estate Registration, Art. 22; Rural Land Contract Law, Art. 24).',
      notEditable: 'This right is “{{status}}”: a right that is listed or in a deal cannot be corrected (rule 11).',
      parcelsHint:
        "Change, add or remove parcels. A new parcel's code starts with the collective's code {{prefix}}; use the empty rows below to add parcels.",
      removeParcel: 'Remove parcel {{code}} (taken off the contract; its history is kept)',
      newParcel: 'Add a parcel (leave empty if not needed)',
      reason: 'Reason for the correction',
      reasonHint: 'For example: the parcel area was typed wrongly; corrected from the contract.',
      submit: 'Save the correction',
      confirm: 'Correct the registration as shown? The correction goes into the trail and cannot be undone, only corrected again.',
      done: 'The registration is corrected; the reason is in the trail.',
    },
    cert: {
      address: 'Address',
      totalArea: 'Total contracted area',
      mu: 'mu',
      parcels: 'parcels',
      noHouse: 'no house registered',
      registeredAt: 'Registered on',
      membersBasis: 'Rural Land Contract Law, Art. 24: the certificate names all household members',
      countyGov: 'People’s Government of {{county}}',
      realEstateAuthority: 'Real-estate registration authority of {{county}}',
      seal: 'Issuing authority (seal)',
      sealDate: 'Date:',
      annex: 'Annex',
      annexTitle: 'Annex {{n}}/{{of}}: parcel sketches',
    },
    batch: {
      title: 'Issue certificates in batch',
      link: 'Issue certificates for all uncertified rights',
      intro:
        'Issues one certificate to every active right of the collective that has none (e.g. after an import). Numbers are generated; each certificate has its own trail entry.',
      count: 'Certificates will be issued for {{total}} rights:',
      none: 'Every active right of the collective has a certificate.',
      confirm: 'I have checked: issue certificates for these {{total}} rights',
      start: 'Start issuing',
      job: 'Batch issuing',
      running: 'Issuing: {{done}} of {{total}} done.',
      refreshing: 'This page refreshes every 2 seconds; you may leave and come back.',
      finished: 'Done: {{issued}} certificates issued, {{skipped}} skipped (certified meanwhile or no longer active).',
      print: 'Print all certificates of this batch (one A4 page each; save as one PDF from the print dialog)',
      printTitle: 'Certificates of this batch ({{count}})',
      failed: 'The batch stopped. Certificates issued so far are valid; start again and those rights are skipped.',
      stale: 'The batch process stopped; start again and rights already certified are skipped.',
      recent: 'Recent batches',
      status: { running: 'running', succeeded: 'done', failed: 'not finished' },
    },
    draft: {
      expired:
        'Your session has expired and the form was not submitted. Please log in again: you will be taken back to the form with what you typed (except passwords).',
      restored: 'What you typed before your session expired has been put back. Please check it and submit again.',
    },
    search: {
      filters: 'Only',
      uncertified: 'with a right not yet certified',
      settled: 'settled in a city',
      listed: 'with a right listed or in a deal',
      kindDigits: 'By the last digits of an ID number or the start of a household code',
      group: 'Village group (collective)',
      allGroups: 'All',
      groupsTooMany:
        "Too many village groups in your area to list them all. Search by the first 14 digits of a household code (the collective's code) to see one group.",
    },
    todo: {
      title: 'To do',
      none: 'Nothing to do at the moment.',
      review: 'Listings waiting for review',
      register: 'Deals settled and waiting for registration',
      consents: 'Listings not yet submitted (family consents missing)',
      alerts: 'Open alerts',
      certificates: 'Certificates to issue',
      listing: '{{kind}} of the household of {{head}}',
      uncertified: '{{count}} active rights have no certificate',
    },
    tokens: {
      title: 'Personal tokens for phone apps',
      link: 'Personal tokens for phone apps',
      intro:
        'A phone app can use a personal token to see your household’s rights, listings and deals, and to offer, consent, sign and confirm payment in your name (what you can do on the web pages). A token stops working after {{days}} days; revoke it here at any time. Never give a token to anyone.',
      name: 'Token name',
      nameHint: 'For example: my phone',
      make: 'Make a token',
      made: 'Personal token made',
      madeNote: 'Copy the token into the phone app now; it cannot be shown again after you leave this page.',
      token: 'Token',
      created: 'Made',
      expires: 'Expires',
      used: 'Last used',
      never: 'never',
      state: 'State',
      revoke: 'Revoke',
      revokeConfirm: 'Apps using this token will lose access. Revoke it?',
      revoked: 'The token is revoked.',
      isRevoked: 'revoked',
      isExpired: 'expired',
    },
    contract: {
      signature: 'Signature:',
      thumb: 'Thumbprint:',
      date: 'Date: ________',
      seal: '(seal)',
      idNumber: 'ID number',
      address: 'address',
      payeeAccount: 'Payee account',
      payeeHint:
        'Where the price (or compensation) is paid: bank and account number, e.g. "Shaoguan Rural Commercial Bank 6230 5800 0012 3456 789".',
      signPassword: 'Type your login password again',
      signPasswordHint: 'An electronic signature must be confirmed by you yourself (Electronic Signature Law, Art. 13).',
      signedOnScreen:
        'Signed online: each signer typed their login password again to confirm who they are (Electronic Signature Law, Art. 13).',
      basis: {
        transfer_land:
          'Basis: Rural Land Contracting Law Art. 34 (transfer with the issuer’s consent), Art. 38 (principles), Art. 40 (written contract); local origin: Shaoguan 2017 No. 37.',
        exit_land: 'Basis: Rural Land Contracting Law Art. 30 (voluntary return of contracted land); local origin: Shaoguan 2017 No. 37.',
        transfer_homestead:
          'Basis: Land Administration Law Art. 62 (one homestead per household, area limits); Civil Code Arts. 362–365 (homestead use rights); local origin: Shaoguan 2017 No. 37.',
        exit_homestead:
          'Basis: Land Administration Law Art. 62 para. 6 (voluntary paid exit from homesteads); local origin: Shaoguan 2017 No. 37.',
        transfer_shares:
          'Basis: Opinions of the CPC Central Committee and the State Council on the reform of rural collective property rights (2016 No. 37: shares transferred within the collective); the collective’s charter; local origin: Shaoguan 2017 No. 37.',
        exit_shares:
          'Basis: Opinions of the CPC Central Committee and the State Council on the reform of rural collective property rights (2016 No. 37: paid exit of shares); the collective’s charter; local origin: Shaoguan 2017 No. 37.',
      },
    },
  },
};
