// The help page's section on objections (issue 20): what one is, who may lodge it, what happens to the listing, how long, what a member does after "I did not consent".
export const objectionHelp = {
  objectionHelp: {
    title: 'Objections: when something is wrong with a published listing',
    items: {
      what: {
        name: 'What an objection is',
        text: 'While a listing is published, if you think the transfer is wrong — a family member did not agree, the boundaries or area of a plot are wrong, the right is disputed, or another reason — press "Object" on the listing, choose the ground and say what is wrong. You may add one photo or PDF as evidence (JPEG, PNG or PDF, at most 5 MB); only the collective\'s officers, the seller\'s household, the agriculture bureau and you can see it. Lodging one costs nothing.',
        basis: 'Rule 2 (voluntary), rule 8 (notice period)',
      },
      who: {
        name: 'Who may lodge one',
        text: "A member of the seller's household (from their own account); any other household of the collective; the collective's officer. People of other villages do not see the listing and cannot object. Only during the notice period: not once it has ended, a buyer has been chosen or the listing was withdrawn.",
        basis: 'Rules 1 and 12',
      },
      pause: {
        name: 'What happens to the listing',
        text: 'At once it pauses: no offers or raises, no choice of buyer, no contract (the "Choose this offer" buttons disappear). Existing offers stay. The seller, the bidders and the collective are told.',
        basis: 'Rules 8 and 9',
      },
      finding: {
        name: 'Who decides, and the possible outcomes',
        text: "The collective's officer checks and records a finding with reasons; the objector, the seller and the bidders are told: (1) rejected — the listing resumes and its notice period is extended by the time it was paused (paused 3 days: it ends 3 days later); (2) upheld, returned — the listing goes back to the seller to correct and submit again; (3) upheld, ended — the listing ends, the right is free again and offers lapse.",
        basis: 'Rule 5 (the collective as contract-issuer), rule 8',
      },
      howLong: {
        name: 'How long the pause lasts',
        text: 'No law sets a time limit and the system never resumes a listing by itself: until the finding, the listing stays paused and its notice period does not run. The agriculture bureau sees the open objections of every county and how many days each has been open, and chases those that linger.',
        basis: 'Rule 8; the time to decide is not set by law: the collective decides promptly',
      },
      noConsent: {
        name: 'After a family member says "I did not consent"',
        text: 'If you are a member of the seller\'s household and object with "a family member did not consent", your consent is withdrawn at once; the collective cannot reject this objection, and the listing stays paused until either (1) you yourself agree to the transfer again — sign in to your own account and press "Consent again" on the listing, or go to the collective in person with your ID card and have the officer record it — or (2) the collective upholds the objection and returns or ends the listing. Nobody else (not even the head of the household) can consent for you. Once you consent again, and no other objection is open, the listing resumes with its notice period extended by the paused time.',
        basis: 'Rule 2; Rural Land Contract Law art. 34 and 57 (forced transfers are void)',
      },
    },
  },
};
