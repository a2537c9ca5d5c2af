// The help pages (/help): plain words for farmers first, then staff. Each rule has its own anchor
// (#rule-N); refusal messages link to it. Keep the same keys in zh/help.ts.
export const help = {
  help: {
    nav: 'Help',
    title: 'Help',
    intro: 'Plain words on the three rights, the steps of a listing, and why the platform refuses some actions. No login needed.',
    forRole: 'For the {{role}}',
    otherRoles: 'Help for other roles',
    contents: 'On this page',
    why: 'Why? Read rule {{n}}',
    basis: 'Basis: ',
    backToTop: 'Back to top',
    roles: {
      farmer: {
        title: 'farmer',
        items: {
          look: 'After logging in, "My household" shows your household\'s members, contracted land, homestead, shares and certificates. It works on a phone.',
          cert: 'Click a certificate number to open the certificate. Anyone can scan its QR code to check that it is genuine; the check shows the number, the kind of right and the family name only, never an ID number.',
          wrong:
            "If something registered is wrong (a name, an area, a neighbour), ask your collective's officer to correct it; every correction is recorded.",
          settle:
            "Settling in a city, for the whole family or some members, never changes, freezes or takes away any of your household's rights (see rule 3).",
          sell: 'To transfer a right to another household of your own collective, or to return it to the collective, list it yourself or ask the officer to prepare a draft; a draft counts only once you confirm it (see rule 2).',
          object:
            'During the notice period, if something is wrong with a listing (a family member did not agree, the boundaries or area are wrong, the right is disputed), your family or any household of the collective may press "Object" on the listing page. The listing pauses while the collective looks into it and writes down its finding with reasons; you are told the result. If a family member says "I did not agree", the listing goes on only after that person agrees again (from their own account or in person at the collective).',
          warnings:
            'The listing page shows the agriculture bureau\'s reference price. If the asking price is far below it you are warned, and the bureau is alerted when you submit: make sure it is truly what you want. Only a right with a certificate can be listed for transfer; when the bureau suspends a listing the page says "Suspended" and why.',
          buy: 'When another household of your collective lists a right, you may make an offer during the notice period. People from other villages or collectives cannot buy, nor can a household filed here none of whose members is a member of the collective (see rule 1, Rural Collective Economic Organisations Law Art. 12).',
          members:
            "Who is a member of the collective is what the members' meeting confirmed and the members' register records (Art. 12). Working, doing business, studying or serving elsewhere, marriage, divorce and settling in a city do not cost you your membership (Art. 18); marriage never costs a woman her membership or land (Arts. 8, 31). You may read the meeting's decisions under \"Members' meeting decisions\" (Art. 13).",
        },
      },
      officer: {
        title: 'collective officer',
        items: {
          register:
            'Under "Households", register households and their members, then each household\'s land, homestead and shares, then issue certificates. ID numbers are checked against their check digit; parcel codes start with the collective\'s code.',
          map: '"Parcel map" draws every parcel of the collective that has a surveyed outline, coloured by kind of right and status; click a parcel to open its household. Parcels without an outline are in the table below the map.',
          accounts:
            "You may open farmer accounts for members aged 18 or more, with the member's own mobile number. The system sends the activation code by SMS and the farmer sets the password; you never see the code or a password (rule 2). Print the account slip for the farmer; for a member without a phone, an admin prints a sealed activation slip.",
          draft:
            "You may prepare a listing on a farmer's behalf, but the farmer must confirm it, and every adult member must consent (rule 2). Until the farmer confirms it you may discard your draft, with a reason; the farmer's own listing is withdrawn by the farmer alone, and the collective's say is a rejection with a reason after submission.",
          review:
            "A land listing needs the collective's approval as the contract-issuer (rule 5). After a deal, the registration change reissues the certificate and records everything in one step (rule 11).",
          scope: "You see and change your own collective's records only (rule 12).",
          objections:
            'A listing with an open objection is paused: no offers, choice of buyer or contract. Check the facts and record your finding with reasons on the listing page: a rejected objection resumes the listing and its notice period is extended by the paused days; an upheld one returns it to the farmer or ends it. A household member\'s own "I did not consent" cannot be rejected: that member must consent again.',
          members:
            "The members' register records each person's membership: confirmed (birth, marriage, adoption, policy migration, original member; Art. 12), kept (work, business, study, military service, marriage, divorce, settling in a city; Art. 18), ended (death, loss of nationality, membership elsewhere, civil servant; Art. 17; a written voluntary exit needs the organisation's consent, Art. 16). When a member dies or leaves, record the end of membership instead of deleting: the person stays in the register and the household history, their account closes, and later listings no longer ask for their consent. Export the register as XLSX or CSV for the township and county.",
          decisions:
            "Confirmations, charter settings (share cap, notice days, land-return notice) and collective redemptions rest on a members' meeting decision: date, entitled, present (in person, online, by proxy from the same household), votes and text. Fewer than two thirds present, or fewer than two thirds of all members in favour, is refused with the article (Art. 27); a delegates' meeting may not decide the matters of Art. 28; income rights for non-members need three quarters (Art. 15).",
        },
      },
      bureau: {
        title: 'agriculture bureau',
        items: {
          read: 'You may read every collective, household, right and parcel map in your region, but not change the registry (rule 12).',
          watch:
            'A deal below a set share of the reference price raises an alert (rule 10); you may suspend a listing or a deal with a stated reason.',
          trail: 'Every change records who, when, what and why; the trail can only grow, never be edited.',
        },
      },
      admin: {
        title: 'system administrator',
        items: {
          setup:
            'Maintain regions, collectives (with their charter settings: notice days, share cap, homestead limits) and staff accounts.',
          tokens:
            'Issue API tokens for connected systems: read-only for statistics and reports, read-write only where the system must write; they expire after 90 days by default. A token is shown once, can be revoked at any time, and is revoked when its account is deactivated.',
          data: "Administrators can read every record, but registration is done by each collective's officer.",
        },
      },
    },
    rights: {
      title: 'What the three rights are',
      land: {
        name: 'Contracted-land right (承包地)',
        text: 'A household contracts fields, orchards and the like from its collective for a term (usually 30 years), to farm them or to transfer them. One contract may cover several parcels; each parcel has a code, an area in mu and its four neighbours (east, south, west, north).',
      },
      homestead: {
        name: 'Homestead use right (宅基地)',
        text: "The plot the household's house stands on. One per household, no larger than Guangdong's limits: plain 80 m², hill 120 m², mountain 150 m² (a collective may set its own within the rules).",
      },
      shares: {
        name: 'Collective income distribution right (shares)',
        text: "The household's shares in its collective, which earn dividends. Shares may be transferred inside the collective or redeemed by the collective.",
      },
      certificate: {
        name: 'Certificates',
        text: 'Each right has its certificate: land contract certificate, homestead (real-estate) certificate, share certificate. A reissued certificate voids the old one; certificate numbers are never reused.',
      },
    },
    listing: {
      title: 'A listing, from draft to registration',
      intro:
        'Listing a right offers it, voluntarily and for payment, to the other households of the same collective, or back to the collective. Every step is recorded.',
      steps: {
        draft: {
          name: '1. Draft',
          text: "The farmer fills it in, or the officer prepares it. An officer's draft goes on only once the farmer confirms it.",
        },
        consent: {
          name: '2. Family consent',
          text: 'Every member aged 18 or more consents. Members with their own account consent by logging in themselves.',
        },
        submit: { name: '3. Submit', text: 'Once every adult member has consented, the farmer submits the listing.' },
        review: {
          name: '4. Collective review',
          text: "A land listing needs the collective's (contract-issuer's) approval; homesteads and shares are reviewed under the collective's charter.",
        },
        notice: {
          name: '5. Notice period',
          text: 'An approved listing is published inside the collective (10 days by default); only members of the collective can see it.',
        },
        offers: { name: '6. Offers', text: 'During the notice period, other households of the collective make and raise offers.' },
        buyer: {
          name: '7. Choosing the buyer',
          text: 'With three or more qualified offers the highest wins; otherwise the seller chooses.',
        },
        contract: {
          name: '8. Contract and payment',
          text: 'Both sides sign the contract on the platform; the seller confirms the payment received.',
        },
        registration: {
          name: '9. Registration change',
          text: 'The officer registers the change: the right passes to the buyer, the old certificate is voided and a new one issued, the listing is closed, all in one step.',
        },
      },
      withdraw: 'Until the contract is signed, the farmer may withdraw the listing at any time, without a reason and without any penalty.',
      exit: 'Returning a right to the collective (paid exit) is the other path: the collective redeems shares, takes back a homestead, or takes back land with compensation.',
    },
    money: {
      title: 'Deposits and supervised payment',
      deposit: {
        name: 'Bidding deposit (保证金)',
        text: 'A collective’s charter may ask a bidder to pay a deposit first (a fixed amount, or a percentage of the asking price; with both set, the larger). The deposit goes into the collective’s supervised account; your offer counts once the officer has checked the bank slip and recorded it as received. If you are not chosen, it is refunded in full; if you are, it becomes part of the price. A chosen buyer who walks away loses it as the charter says: to the collective, to the seller, or refunded where the charter forfeits nothing. Exits to the collective ask no deposit.',
      },
      supervision: {
        name: 'Supervised payment (资金监管)',
        text: 'Where the charter says so, the buyer does not pay the seller directly but into the collective’s supervised account; once the officer records it, the deal is paid. When the officer completes the registration change (the right moves to the buyer, a new certificate is issued), the same step pays the money to the seller: both happen, or neither does. If the deal is cancelled before registration, the money goes back to the buyer (a buyer who walked away loses the deposit part as the charter says).',
      },
      ledger: {
        name: 'Every fen is recorded',
        text: 'Every movement of the supervised account (deposit in, refunded, credited to the price, forfeited; price in, paid to the seller, refunded) is one row, to the fen, with its date and bank reference, and is never changed. The deal page shows what is held for the deal and what was paid out.',
      },
    },
    rules: {
      title: 'The rules the platform enforces',
      intro: 'When the platform refuses an action, the message names the rule and links here.',
      r1: {
        title: 'Rule 1: inside the collective only',
        text: 'A buyer must be a household of the same collective economic organisation. People from other villages or collectives, and companies or people from town, cannot buy. This is current policy: farmers settling in cities may transfer their three rights voluntarily and for payment, but for now strictly inside their own collective. The platform refuses an outside buyer whether the request comes from a page, the API or an import.',
        basis:
          "Rural Collective Economic Organisations Law Art. 12 (the members' register) and Art. 15; land: Rural Land Contracting Law Art. 34; shares: Opinions on Steadily Advancing the Reform of the Rural Collective Property Rights System (2016); local origin: 韶府办〔2017〕37号 section 3(4)",
      },
      r2: {
        title: 'Rule 2: voluntary',
        text: "Only the holder household decides to list. An officer's draft needs the farmer's confirmation; every adult member consents before it is submitted. The farmer may withdraw at any time before signing, without penalty.",
        basis: 'Rural Land Contracting Law Art. 27 and 38',
      },
      r3: {
        title: 'Rule 3: no forced exit; settling in a city keeps your rights',
        text: "After settling in a city, your household's land, homestead and shares are still yours: moving your hukou never takes them back, freezes them or lists them, and giving them up may not be made a condition of urban registration. Nothing on the platform makes giving up a right a condition of anything. Whether you later transfer or return a right is your own choice, and it is paid.",
        basis:
          'Rural Land Contracting Law Art. 27; Land Administration Law Implementing Regulations Art. 36 (giving up a homestead may not be a condition of settling); Rural Collective Economic Organisations Law Art. 18 (settling, work away and the like do not end membership); local origin: 韶府办〔2017〕37号 section 3(4)',
      },
      r4: {
        title: 'Rule 4: one household, one homestead',
        text: 'A household may hold one homestead only. A household that has one cannot buy another; a newly approved homestead may not exceed the limit for its terrain (plain, hill, mountain), while an existing homestead over the limit is recorded as it is and flagged for the bureau to review, not refused; a household that sold, leased or gave away its house cannot apply for a new homestead.',
        basis:
          'Land Administration Law Art. 62; Implementing Regulations Arts. 34-36; Guangdong Land Administration Regulations Art. 42 (area limits, for new approvals); local origin: 粤府办〔2017〕24号',
      },
      r5: {
        title: 'Rule 5: the collective consents to land transfers',
        text: "The collective issued the land contract, so a land listing needs its approval. After the deal the buyer holds the parcels for the rest of the term only, and the seller's contract on them ends. Some of a contract's parcels may be transferred.",
        basis: 'Rural Land Contracting Law Art. 34',
      },
      r6: {
        title: 'Rule 6: exit to the collective',
        text: "The collective may redeem shares, take back a homestead, or take back land with compensation. Returning land needs at least six months' written notice (a minimum set by law: a collective may lengthen it, never shorten it), and the household cannot claim land again during that contract term.",
        basis: 'Rural Land Contracting Law Art. 30; Land Administration Law Art. 62',
      },
      r7: {
        title: 'Rule 7: share cap',
        text: "After buying shares, a household may not hold more than the cap in the collective's charter (e.g. three times the average holding).",
        basis:
          "Opinions on Steadily Advancing the Reform of the Rural Collective Property Rights System (2016); the cap is a charter setting decided by the members' meeting under Rural Collective Economic Organisations Law Art. 27 (the law sets no figure)",
      },
      r8: {
        title: 'Rule 8: notice period',
        text: 'An approved listing is published inside the collective (10 days by default); no deal before the period ends.',
        basis:
          "The collective's charter: the number of days is a charter setting decided by the members' meeting under Rural Collective Economic Organisations Law Art. 27 (the law sets no figure)",
      },
      r9: {
        title: 'Rule 9: choosing the buyer',
        text: 'With three or more qualified offers in the notice period the highest wins; with fewer, the seller chooses.',
        basis:
          "The collective's charter: the bidding threshold is a charter setting decided by the members' meeting under Rural Collective Economic Organisations Law Art. 27 (the law sets none)",
      },
      r10: {
        title: 'Rule 10: fair price',
        text: 'The bureau sets reference prices per region and kind of right. A deal below a set share of it (70% by default) raises an alert for the bureau.',
        basis:
          'Set by the agriculture bureau (the law sets no reference price or alert fraction); for collective redemptions below value, Rural Collective Economic Organisations Law Art. 35(6)',
      },
      r11: {
        title: 'Rule 11: all at once, never sold twice',
        text: 'Changing the holder, reissuing the certificate, closing the listing and recording it happen together or not at all. A right cannot be sold twice; a right in a listing or a deal cannot be edited or listed again.',
        basis: 'Rural Land Contracting Law Art. 35',
      },
      r12: {
        title: 'Rule 12: everyone sees their own',
        text: 'Officers see and change their own collective only; farmers see their household and the listings of their collective (listings are not public); the bureau reads its region and changes nothing but suspensions. Every page and API call checks this, not just the menu.',
        basis: 'Platform access rules',
      },
      r13: {
        title: 'Rule 13: valid data',
        text: 'ID numbers pass their check digit and are unique; areas, prices and dates are positive and consistent; codes have their standard form; certificate numbers are unique; money is kept in fen.',
        basis: 'GB 11643 (citizen ID numbers); GB 32100 (unified social credit codes)',
      },
      r14: {
        title: 'Rule 14: personal data',
        text: "Only officers of the household's collective see ID numbers and birth dates in full; everyone else sees the region and the last character (e.g. 440203***********4) and the age, so the number cannot be worked out. Staff who read many people's records in a day are noted in the audit trail. The public certificate check shows the family name only.",
        basis: 'Personal Information Protection Law, Art. 51',
      },
    },
    law: {
      title: 'Legal and policy basis',
      items: {
        contract:
          "Rural Land Contracting Law (2018 amendment): Art. 27 (settling in a city is no reason to take land back; exit may not be a condition of settlement), Art. 30 (voluntary return, six months' written notice), Art. 33 (exchange), Art. 34 (transfer, with the contract-issuer's consent, to another household of the same collective), Art. 35 (registration).",
        land: 'Land Administration Law (2019 amendment) Art. 62: one household one homestead, within the provincial area limits; no new homestead after selling, renting out or giving away the house; villagers settling in cities may exit voluntarily and for payment.',
        reform:
          'Opinions on Steadily Advancing the Reform of the Rural Collective Property Rights System (2016): paid exit of shares stays inside the collective, by transfer to members or redemption by the collective.',
        collective:
          "Rural Collective Economic Organisations Law (in force 2025-05-01): Art. 12 (confirming members, the members' register), Art. 16 (voluntary exit), Art. 17 (end of membership), Art. 18 (work elsewhere, marriage etc. do not end it), Arts. 8 and 31 (women's rights), Art. 13 (members may inspect records), Arts. 15, 27, 28 (votes of the members' meeting).",
        local:
          "Local origin (a trial measure, now expired; the product's origin, not its basis): 粤府办〔2017〕24号; 韶府办〔2017〕37号, Shaoguan measures on settling the non-registered population in cities (trial), section 3(4).",
      },
    },
  },
};
