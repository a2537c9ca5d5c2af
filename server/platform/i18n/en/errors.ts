export const errors = {
  errors: {
    notFound: 'The record does not exist, or you may not see it.',
    forbidden: 'Your account may not do this (platform access rules).',
    conflict: 'Someone else changed this record. Reload the page and try again.',
    retry: 'The system is busy. Please try again.',
    unavailable: 'The database cannot be reached right now. Please try again shortly.',
    duplicate: 'This record already exists.',
    csrf: 'The form has expired. Reload the page and submit it again.',
    crossSite: "This request came from another website and was refused; nothing was changed. Please use the registry's own pages.",
    multipartNotRead: 'This page does not accept file-upload submissions; nothing was changed. Go back and submit the form on the page.',
    validation: 'Some of the input is wrong; see the marked fields.',
    invalidValue: 'A value is not acceptable.',
    unknownReference: 'A referenced record does not exist.',
    tooMany: 'Too many requests. Please wait and try again.',
    invalidYear: 'Enter a valid four-digit year, not later than this year.',
    dividendYearExists: 'The dividend for this year is already recorded.',
    memberAccountBlocksRemoval:
      'This member has a farmer account and cannot simply be removed; ask the administrator to deal with the account.',
    required: 'This field is required.',
    tooLong: 'At most {{max}} characters.',
    noMarkup: 'Must not contain markup characters such as < or >.',
    invisibleChars: 'Must not contain invisible characters (zero-width or text-direction controls); please type it again.',
    invalidChoice: 'Choose one of the listed values.',
    invalidDate: 'Enter a valid date (YYYY-MM-DD).',
    dateInFuture: 'The date cannot be later than today.',
    endBeforeStart: 'The end date must be after the start date.',
    invalidNumber: 'Enter a number above 0 with at most two decimals.',
    invalidInteger: 'Enter a positive whole number.',
    absurdArea: 'The area is outside any plausible range.',
    invalidIdNumber: 'Invalid ID number: it must have 18 characters and a correct check digit (GB 11643).',
    duplicateIdNumber: 'This ID number is already registered; a person belongs to one collective only (rule 13).',
    invalidHouseholdCode: "The household code has 18 digits and starts with the collective's 14-digit code ({{prefix}}).",
    duplicateHouseholdCode: 'This household code is already used.',
    invalidParcelCode: "A parcel code has 19 digits and starts with the collective's 14-digit code ({{prefix}}).",
    householdCodeDigits: 'The household code has 18 digits.',
    parcelCodeDigits: 'A parcel code has 19 digits.',
    duplicateIdInForm: 'The same ID number as member {{row}}; a person is registered once.',
    ownTokens: {
      tooMany: 'At most {{max}} personal tokens can be valid at a time; revoke one you no longer use first.',
    },
    batch: {
      confirmMissing: 'Tick the confirmation before starting.',
      nothing: 'There is no right to certify.',
      countChanged: 'The number of rights to certify changed from {{expected}} to {{now}}; check again and confirm.',
    },
    duplicateParcelCode: 'A parcel code is already used by another live land contract.',
    duplicateContractNo: 'This contract number is already used.',
    duplicateCertificate: 'This certificate number is already used; certificate numbers are unique (rule 13).',
    invalidCertificateNumber: 'A certificate number has 4 to 40 letters, digits or hyphens.',
    invalidUscc: 'Invalid unified social credit code: 18 characters with a correct check character (GB 32100).',
    duplicateRegistrationCode: 'This registration code is already registered.',
    duplicateUsername: 'This username is taken.',
    invalidUsername: 'A username has 3 to 64 letters, digits, dots, underscores or hyphens.',
    invalidMobile: 'Enter a valid mainland China mobile number (11 digits starting with 1).',
    phoneOtherHousehold:
      "This number is on an account of another household. One person, one phone: check it and enter the member's own number.",
    activation: {
      codeFormat: 'The activation code has {{n}} digits.',
      failed:
        'Wrong username (mobile number) or code, or the code has expired or died. Check and try again; if it still fails, ask your collective officer for a new code.',
      phoneLocked: 'The farmer has used this account already; the officer can no longer change its phone number.',
      phoneNeeded: "Enter the member's own mobile number first, or ask an admin to print a sealed slip.",
      inactive: 'This account is deactivated; no code can be issued.',
      farmersOnly: "Activation codes are for farmer accounts; reset a staff account's password instead.",
    },
    invalidPhone: 'Enter a valid mobile or landline number.',
    invalidGeojson: 'The parcel outline must be a GeoJSON Polygon or MultiPolygon.',
    shapeSelfIntersects:
      'The parcel outline crosses itself (a figure eight, for instance) and cannot be saved. Drag its corners on the map so that no two edges cross, then save again.',
    invalidRegion: 'Unknown region code, or a region of the wrong level.',
    settledNeedsDateAndCity: 'Settlement in a city needs the date and the city.',
    needHead: 'A household has exactly one head.',
    headMismatch: "The head's name must match the member recorded as head.",
    passwordRules: 'A password has at least 10 characters, with letters and digits.',
    passwordMismatch: 'The two new passwords differ.',
    passwordWrong: 'The current password is wrong.',
    signaturePassword: 'Wrong password: the contract was not signed. Type your login password again (Electronic Signature Law, Art. 13).',
    passwordCommon:
      'This password is too common and easy to guess: it is among leaked passwords, or just a common word, a name, a keyboard row or a repeat followed by a year or digits. Mix several unrelated words (pinyin is fine) with digits or symbols, for example Tian7ming-qiao3 (do not copy the example).',
    passwordHasUsername: 'The password must not contain the username.',
    passwordSame: 'The new password must differ from the current one.',
    sharesExceedTotal:
      "{{allocated}} shares already allocated plus {{shares}} would exceed the collective's total of {{total}} (2016 Opinions on collective property reform).",
    noParcels: 'A land contract needs at least one parcel.',
    tooManyParcels: 'At most {{max}} parcels per contract.',
    rightNotActive: 'The right is "$t(registry.status.{{status}})"; this action is not possible now.',
    certificateNotValid: 'This certificate is no longer valid.',
    alreadyCertified: 'This right already has a valid certificate; use "Reissue" to replace it.',
    // Admin area and accounts.
    bureauRegion: 'A bureau account needs the city or a county as its region.',
    officerCollective: 'An officer account needs a registered collective.',
    cannotDeactivateSelf: 'You cannot deactivate the account you are using.',
    villageRequired: 'Enter the 12-digit code of a registered village.',
    invalidGroupCode: 'The village group code has two digits.',
    groupLevelMismatch: 'A village-level collective has group code 00; a group-level one has its group number (01–99).',
    issuerCodeTaken:
      'This village code and group code (the issuer code) already belong to "{{name}}"; household and parcel codes start with it, so it must be unique.',
    collectiveCodesLocked:
      'This collective has households whose codes start with its issuer code; its village code and group code can no longer change.',
    totalBelowAllocated: 'The total may not be below the {{allocated}} shares already allocated to households.',
    intRange: 'Enter a whole number from {{min}} to {{max}}.',
    regionNoChildren: 'Townships are added under a county, villages under a township.',
    regionCodeForm: 'The code is the parent code {{parent}} followed by 3 digits other than 000.',
    regionCodeTaken: 'Region code {{code}} is already used by "{{name}}".',
    regionNameTaken: '"{{parent}}" already has a subdivision of that name (code {{code}}).',
    tokenUser: 'Choose an active staff account.',
    expiryInPast: 'The expiry date must be after today.',
    accountMinor: 'Accounts are opened only for members aged {{age}} or over (rule 2: adult members consent in person).',
    memberHasAccount: 'This member already has an account ({{username}}); one account per person.',
    rule4: {
      secondHomestead: 'This household already holds a homestead; one household, one homestead (rule 4, Land Administration Law Art. 62).',
      oversize:
        'A new homestead of {{area}} m² exceeds the {{terrain}} limit of {{limit}} m² (rule 4, Guangdong Land Administration Regulations Art. 42; Land Administration Law Art. 62). An existing homestead over the limit is recorded as "existing" and flagged for review.',
      notEligible:
        'This household sold, leased or gave away its house and may not apply for a new homestead (rule 4, Land Administration Law Art. 62).',
      buyerNotEligible:
        'This household sold, leased or gave away a house on its homestead before and may not acquire another homestead (rule 4, Land Administration Law Art. 62).',
    },
    rule1: {
      outsider:
        'The buyer is not a household of this collective; transfers happen only inside the collective (rule 1, Rural Land Contracting Law Art. 34; local origin: Shaoguan 2017 No. 37, section 3(4)).',
      outsider_shares:
        'The buyer is not a household of this collective; collective asset shares are transferred only inside the collective or redeemed by it (rule 1, Opinions on Steadily Advancing the Reform of the Rural Collective Property Rights System, 2016; giving non-members income rights needs three quarters of all members, Rural Collective Economic Organisations Law Art. 15; local origin: Shaoguan 2017 No. 37, section 3(4)).',
      ownListing:
        "You cannot make an offer on your own household's listing; a transfer goes to another household of the collective (rule 1, Rural Land Contracting Law Art. 34).",
      ownListing_shares:
        "You cannot make an offer on your own household's shares; shares go to another member household of the collective (rule 1, Opinions on the Reform of the Rural Collective Property Rights System, 2016).",
      notPublishedToYou:
        'This listing is published only to the members of its collective, and your household is not one of them (rules 1 and 12, Rural Land Contracting Law Art. 34).',
      notPublishedToYou_shares:
        'This shares listing is published only to the members of its collective, and your household is not one of them (rules 1 and 12, Rural Collective Economic Organisations Law Arts. 12 and 15; Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
    },
    rule2: {
      holderOnly:
        'Only the holder household itself may list, submit, confirm or withdraw (rule 2, voluntariness, Rural Land Contracting Law Arts. 27 and 38).',
      holderOnly_shares:
        'Only the household holding the shares may list, submit, confirm or withdraw them (rule 2, voluntariness, Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
      notConfirmed:
        'A listing the officer prepared must be confirmed by the farmer before it is submitted (rule 2, Rural Land Contracting Law Art. 38).',
      notConfirmed_shares:
        'A shares listing the officer prepared must be confirmed by the farmer before it is submitted (rule 2, voluntariness, Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
      consentMissing: '{{count}} adult member(s) have not consented yet: {{names}} (rule 2, Rural Land Contracting Law Arts. 27 and 38).',
      consentMissing_shares:
        '{{count}} adult member(s) have not consented yet: {{names}} (rule 2, voluntariness, Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
      sellerSigned:
        "You have signed the contract, so the listing can no longer be withdrawn: the buyer may sign relying on your signature. If something has changed, talk to the buyer and the collective's officer (rule 2: withdrawal is free until you sign).",
      contractSigned: 'The contract is signed; the listing can no longer be withdrawn (rule 2: withdrawal is free until signing).',
      notMember: 'This person is not a member of the listing household (rule 2).',
      notAdult: '{{name}} is under 18 and does not sign a consent (rule 2).',
      ownAccount: '{{name}} has an account and must consent from it; the officer cannot record it for them (rule 2, voluntariness).',
      noMemberLink: 'Your account is not linked to a household member, so it cannot consent; ask the collective officer (rule 2).',
      officerDraftOnly:
        "An officer may discard only a draft the officer prepared and the farmer has not confirmed; the farmer's own listing is withdrawn by the farmer alone. The collective's say is a rejection with a reason after submission (rule 2, voluntariness).",
    },
    rule5: {
      termEnded: 'The contract term ended on {{end}}; no remaining term can be transferred (rule 5, Rural Land Contracting Law Art. 38).',
    },
    rule6: {
      exitNoOffers:
        'This listing returns the right to the collective, which decides on it; members cannot make offers (rule 6, Rural Land Contracting Law Art. 30).',
      noticeNotElapsed:
        'Returning land needs six months of written notice to the collective; it can be registered after {{date}} (rule 6, Rural Land Contracting Law Art. 30).',
      landBarred:
        'This household returned its land voluntarily and may not claim land again in that term (until {{until}}) (rule 6, Rural Land Contracting Law Art. 30).',
    },
    rule7: {
      shareCap:
        "After this purchase the household would hold {{after}} shares, above the collective's cap of {{cap}} ({{percent}}% of the average holding) (rule 7, 2016 Opinions on collective property reform).",
    },
    rule8: {
      notPublished: 'This listing is not in its notice period; no offers can be made (rule 8, notice period).',
      periodOver: 'The notice period ended at {{end}}; offers can no longer be made, raised or withdrawn (rule 8).',
      periodRunning: 'The notice period runs until {{end}}; no buyer can be chosen before then (rule 8).',
    },
    rule9: {
      bidding: 'There are {{count}} qualified offers, so the highest offer wins (bidding); the seller cannot choose (rule 9).',
    },
    rule11: {
      locked: 'The right is listed or in a transaction and cannot be edited or listed again (rule 11, Rural Land Contracting Law Art. 35).',
      locked_shares:
        'These shares are listed or in a transaction and cannot be edited or listed again (rule 11, Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
      alreadyListed: 'The right is already listed (rule 11).',
      alreadySold: 'This listing already has a deal; a right is never sold twice (rule 11).',
      parcelsChanged:
        'The listed parcels or shares have changed; the registration change cannot be made (rule 11, Rural Land Contracting Law Art. 35).',
      parcelsChanged_shares:
        'The listed shares have changed; the change of holder cannot be recorded (rule 11, Opinions on the Reform of the Rural Collective Property Rights System, 2016).',
      householdFrozen:
        'Household {{code}} has a right listed or in a deal: no head change, split, merge or inheritance until the listing ends (rule 11).',
    },
    rule12: { scope: 'You may only see and act on records within your scope (rule 12).' },
    objection: {
      pausing:
        'An objection to this listing is being dealt with: no offer, choice of buyer or contract until the collective records its finding.',
      notPublished: 'Objections are lodged during the notice period of a published listing.',
      noConsentStands:
        'A household member\'s own "I did not consent" cannot be rejected: the member must consent again (rule 2, voluntariness; Rural Land Contracting Law §38).',
      notReconsentable: 'This is not an open "member did not consent" objection.',
    },
    market: {
      notCertified:
        "This $t(registry.kindShort.{{kind}}) has no valid certificate ($t(registry.certKind.{{kind}})), so it cannot be listed for transfer: registration reissues the certificate to the buyer. Ask the collective's officer to issue it first (rules 11, 13; Rural Land Contracting Law §24, §35).",
      invalidPrice: 'Enter an amount in yuan above 0, with at most two decimals, up to 100 million.',
      chooseParcels: 'Choose at least one parcel.',
      parcelNotInRight: 'A chosen parcel is not part of this contract or no longer contracted.',
      moreThanHeld: 'Your household holds only {{held}} shares.',
      alreadyDone: 'This was already done (perhaps submitted twice); nothing was done again.',
      notLive: 'This listing has ended; the action is not possible.',
      consentClosed: 'The listing has been submitted; consents are no longer collected.',
      alreadyConsented: 'This member has already consented.',
      suspended: 'This listing or deal has been suspended by the agriculture bureau.',
      notSubmitted: 'This listing is still a draft and has not been submitted for review.',
      exitUsesDecision: 'An exit is decided by the collective: use "Take back / Counter-price / Decline".',
      offerNotActive: 'This offer is no longer active.',
      raiseOnly: 'A raised price must be above your current offer of {{current}} yuan.',
      offerExists: 'Your household already has an active offer on this listing; use "Raise".',
      dealCancelled: 'This deal has been cancelled.',
      alreadySigned: 'You have already signed this contract.',
      notSigned: 'Payment can be confirmed once both sides have signed.',
      notPaid: 'The settlement can be recorded once the seller confirmed payment.',
      notSettled: 'The registration change can be made once the settlement is recorded.',
      alreadyRegistered: 'The registration change of this deal is already done; it was not done twice.',
      notExit: 'This is not an exit listing.',
      noCounter: 'The collective has not proposed a counter-price.',
    },
    nyt2539: {
      unknownCollective: 'Collective {{code}} does not exist in the registry; nothing was written.',
      notWritable: 'The data of collective {{code}} has errors or has changed; nothing was written. Upload the package again to check it.',
      alreadyConfirmed: 'This dry run was already confirmed; nothing was written twice.',
      nothingToWrite: 'This dry run has no collective that can be written.',
      packageGone: 'The package is no longer on the server; nothing was written. Upload it again.',
    },
    import: {
      formula: 'The cell looks like a formula (starts with = + - @) and is refused against formula injection; enter plain text.',
      numberAsText: 'Long numbers (ID numbers, codes) must be text cells; a number cell loses the last digits.',
      cellError: 'The cell holds the error value {{value}}.',
      duplicateColumn: 'The header "{{column}}" appears twice.',
      duplicateInFile: 'Repeats row {{row}} (must be unique within the file).',
      idRegistered:
        'This ID number is already registered in household {{household}} ({{collective}}); a person belongs to one collective only (rule 13).',
      inconsistent: 'Differs from row {{row}}: this column must be the same for one household or one contract.',
      unknownHousehold: 'This collective has no household with this code, and the Members rows do not add it.',
      encoding: 'A CSV file must be UTF-8: in Excel choose "Save as → CSV UTF-8 (comma delimited)".',
      failed: 'The system failed during the import; nothing was written. Try again later, or tell the administrator.',
      stale: 'The import was interrupted (server restart); nothing was written. Please upload the file again.',
    },
    exports: {
      badFormat: 'The export format can only be XLSX or CSV.',
      failed: 'The system failed during the export; no file was made. Export again, or tell the administrator if it keeps failing.',
      stale: 'The export was interrupted (server restart); no file was made. Please export again.',
    },
    reports: {
      failed: 'The system failed while preparing the report. Prepare it again, or tell the administrator if it keeps failing.',
      stale: 'Preparing the report was interrupted (server restart). Please prepare it again.',
    },
    upload: {
      broken: 'The uploaded form data was incomplete or damaged; nothing was saved. Choose the file again and submit.',
      missing: 'Choose a file to upload.',
      type: 'Only {{types}} files are accepted.',
      size: 'The file may not exceed {{max}}.',
      unreadable: 'The file cannot be read: use the template (XLSX, or CSV in UTF-8).',
      empty: 'The file has no data rows.',
      tooManyRows: 'At most {{max}} rows per file.',
      hiddenData: 'The file holds data outside its own directory; it does not look like a normal spreadsheet and was refused.',
      unpacked:
        'The file unpacks to too much data (over {{max}}) or is compressed suspiciously well; it does not look like a spreadsheet and was refused.',
      headers: 'The header row does not match the template; missing: {{missing}}.',
    },
    oversight: {
      badMonth: 'Enter a valid month (year-month, e.g. 2026-01).',
      badYear: 'Enter a valid year (four digits, e.g. 2026).',
      badKind: 'The right kind must be contracted land, homestead or collective shares.',
      badRegion: 'A region code has 6, 9 or 12 digits.',
      badId: 'This id is not in the right form.',
      badHousehold: 'Enter a household id or an 18-digit household code.',
      badAction: 'An action has lower-case letters and underscores, e.g. listing or deal.register.',
      badAlertKind: 'Choose an alert kind from the list.',
      badState: 'Choose a state from the list.',
      badFormat: 'Exports are XLSX or CSV.',
      badTable: 'There is no such table.',
      badPercent: 'The alert fraction is a whole number from 1 to 100.',
      badCount: 'Enter a positive whole number (days at most 3650, the others at most 1000).',
      toBeforeFrom: 'The end month cannot be before the start month.',
      periodTooLong: 'A period is at most {{max}} months.',
      alreadySuspended: 'This case is already suspended.',
      notSuspended: 'This case is not suspended.',
      notLive: 'This case is closed and cannot be suspended.',
      alreadyAcknowledged: 'This alert has already been acknowledged.',
      suspendTheDeal: 'This listing is in a deal: suspend the deal itself.',
    },
    membership: {
      buyerNotMember:
        "The buyer household is filed under this collective, but none of its current members is a member of the collective in the members' register; transfers happen only between members (rule 1, Rural Collective Economic Organisations Law Art. 12, Rural Land Contracting Law Art. 34; local origin: Shaoguan 2017 No. 37).",
      buyerNotMember_shares:
        "The buyer household is filed under this collective, but none of its current members is a member in the members' register; collective asset shares pass only between members (rule 1, Rural Collective Economic Organisations Law Arts. 12 and 15; Opinions on the Reform of the Rural Collective Property Rights System, 2016; local origin: Shaoguan 2017 No. 37).",
      ground: {
        confirmed:
          'A confirmation rests on birth, marriage, adoption, policy migration, original membership or another ground (Rural Collective Economic Organisations Law Art. 12).',
        kept: 'Membership is kept through work, business, study or military service elsewhere, marriage, divorce or settling in a city (Rural Collective Economic Organisations Law Arts. 18, 8, 31).',
        ended:
          'Membership ends only on death, loss of nationality, membership of another organisation, becoming a civil servant, or a written voluntary exit; marriage, divorce and settling in a city do not end it (Rural Collective Economic Organisations Law Arts. 16, 17, 18).',
      },
      dead: 'This person is recorded as deceased; no further membership change can be recorded (Rural Collective Economic Organisations Law Art. 17).',
      alreadyMember:
        'This person is already a member; no new confirmation is needed (Rural Collective Economic Organisations Law Art. 12).',
      notMember:
        'This person is not a member now, so membership cannot be kept or ended (Rural Collective Economic Organisations Law Art. 12).',
      decisionNeeded: {
        confirmed:
          "A confirmation rests on a decision of the members' meeting: choose it (Rural Collective Economic Organisations Law Art. 12).",
        ended:
          "A voluntary exit is made in writing and needs the organisation's consent: choose the decision (Rural Collective Economic Organisations Law Art. 16).",
      },
      decisionUnknown: 'The chosen decision is not one of this collective.',
      decisionMatter: 'The chosen decision is not about membership (Rural Collective Economic Organisations Law Arts. 12, 28).',
      beforeDecision: 'The date cannot be before the decision ({{decidedOn}}).',
      import: {
        unknownPerson: 'Row {{row}}: no person of this collective has this ID number.',
        badRow:
          'Row {{row}}: the column "{{field}}" is not valid (change, ground, date YYYY-MM-DD and decision as in the exported register).',
        refused: 'Row {{row}}: $t(errors.{{rule}})',
        file: 'Upload the exported members’ register (.xlsx or .csv).',
      },
      hasHistory:
        "This person has a history in the members' register and is never deleted; record a death or an exit there as the end of membership (Rural Collective Economic Organisations Law Arts. 12, 17).",
    },
    decision: {
      presentOverEntitled: 'Those present ({{present}}) cannot exceed those entitled ({{entitled}}).',
      votesOverPresent: 'The votes cannot exceed those present ({{present}}).',
      generalOnly:
        "Membership, land-contract, homestead and quantification plans, compensation sharing and mergers are decided by the members' meeting, never by the delegates' meeting (Rural Collective Economic Organisations Law Art. 28).",
      quorum:
        '{{present}} present of {{entitled}} entitled: fewer than two thirds (at least {{needed}}), so the meeting cannot decide (Rural Collective Economic Organisations Law Art. 27).',
      twoThirds:
        '{{votesFor}} in favour: fewer than two thirds of all {{entitled}} members (at least {{needed}}), so the decision is not taken (Rural Collective Economic Organisations Law Art. 27).',
      threeQuarters:
        'Giving non-members income rights needs three quarters of all members: {{votesFor}} in favour, at least {{needed}} of {{entitled}} needed (Rural Collective Economic Organisations Law Art. 15).',
      settingsOnlyCharter: 'Only a decision on the charter sets charter settings.',
      settingsNeeded:
        'A charter decision sets at least one setting (share cap, notice days, land-return notice, deposit or supervised payment).',
      setting: {
        shareCapPercent: "The share cap is between {{min}}% and {{max}}% (a charter setting decided by the members' meeting).",
        noticeDays: "Notice days are between {{min}} and {{max}} (a charter setting decided by the members' meeting).",
        depositPercent: "The deposit percentage is between {{min}}% and {{max}}% (a charter setting decided by the members' meeting).",
        landReturnNoticeMonths:
          'Land return needs at least {{min}} months of written notice; it can be raised, never lowered (at most {{max}}) (Rural Land Contracting Law Art. 30).',
      },
    },
    // The market's money (issue 20): deposits and supervised payment.
    money: {
      invalidYuan: 'Enter an amount in yuan with at most two decimals, e.g. 500 or 500.00.',
      noDepositNeeded: 'This listing asks no deposit; there is nothing to record.',
      depositAmount: 'The deposit must equal the one this listing published: {{due}} yuan (the charter’s deposit, fixed at publication).',
      depositAlreadyIn: 'This deposit is already recorded as received; it is not recorded twice.',
      biddingClosed: 'The notice period is over or the listing is no longer published: no deposit can be recorded.',
      depositNotReceived:
        'This offer’s deposit has not been received: the offer does not count and cannot be chosen (the charter’s bidding deposit).',
      notSupervised: 'This deal does not use supervised payment: the seller confirms the price received.',
      priceAmount: 'The amount must equal the price due (the price less the deposit credited to it), to the fen: {{due}} yuan.',
      supervisedPaidIn:
        'This deal uses supervised payment: the price is paid into the collective’s supervised account and recorded by the officer; the seller does not confirm it. Registration pays it to the seller.',
      exitNoBuyer: 'An exit to the collective has no buyer to walk away.',
    },
    // A household's life (issue 16).
    life: {
      notAMember: 'The person chosen is not a current member of this household.',
      alreadyHead: 'This person is already the head.',
      headMustBeAdult: '{{name}} is under 18 and cannot be the head (Civil Code Art. 17).',
      householdEnded: 'Household {{code}} has merged or died out; nothing more can be recorded for it.',
      splitNeedsMembers: 'Choose at least one member who leaves.',
      splitLeavesNone: 'At least one member stays in the household; if all leave, record a merge instead.',
      headStays: 'The head stays in the household; to have someone else leave, change the head first.',
      headAmongMoving: 'The new household’s head must be one of the members who leave.',
      notHeld: 'A right chosen is not held by this household.',
      parcelsOneContract: 'The parcels that leave must come from one contract, and that contract must not leave whole.',
      parcelsAllOfContract: 'Every parcel of the contract is chosen: give the whole contract to the new household instead.',
      consentNeeded:
        'Dividing a contract needs the consent of the collective as the contract-issuing party: give its reference (Rural Land Contracting Law Art. 27).',
      mergeSelf: 'A household cannot merge with itself.',
      mergeUnknown: 'No household of this collective has that household code.',
      membersRemain:
        'Members remain ({{names}}): the household’s contract continues and nothing is inherited (Rural Land Contracting Law Art. 16, 32).',
      heirHouseholdUnknown: 'No household of this collective has that household code (the heir’s household).',
      forestHeirNeedsHousehold:
        'A forest-land contract passes to the heir (Rural Land Contracting Law Art. 32): register the heir’s household first and give its code.',
      sharesOutcome:
        'The shares cannot go that way under the charter: a non-member heir may have income rights only, never hold shares (Rural Collective Economic Organisations Law Art. 15).',
      documentNeeded: 'Upload at least one scan (death certificate, heirs’ agreement, judgment).',
      tooManyDocuments: 'Upload at most {{max}} scans.',
      documentType: 'A scan must be a PDF, JPEG or PNG file.',
      documentTooLarge: 'Each scan may be at most 5 MB.',
      heirNeeded: 'Give at least one heir.',
      extensionUnknownContract: 'A contract excluded or adjusted is not on this extension’s list.',
      extensionEndsEarlier: 'The adjusted end of contract {{contractNo}} must be after its old end.',
      extensionFailed: 'The extension did not finish; nothing was changed. Please try again.',
      extensionStale: 'The extension job stopped; nothing was changed. Please start it again.',
    },
  },
};
