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
  },
};
