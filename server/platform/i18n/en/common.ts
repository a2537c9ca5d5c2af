export const common = {
  app: { name: 'Rural Three Rights Registry and Transfer Platform', short: 'Three Rights', region: 'Shaoguan' },
  nav: {
    home: 'Home', households: 'Households', register: 'Register', imports: 'Import', exports: 'Export', myHousehold: 'My household',
    admin: 'Administration', regions: 'Regions', collectives: 'Collectives', users: 'Accounts', tokens: 'API tokens',
    logout: 'Log out', login: 'Log in', password: 'Change password', language: '中文', skip: 'Skip to content', menu: 'Menu',
    dividends: 'Dividends', market: 'Market', oversight: 'Oversight',
  },
  roles: { admin: 'Administrator', bureau: 'Agriculture bureau', officer: 'Collective officer', farmer: 'Farmer' },
  actions: {
    save: 'Save', cancel: 'Cancel', search: 'Search', back: 'Back', edit: 'Edit', add: 'Add', remove: 'Remove', print: 'Print',
    confirm: 'Confirm', view: 'View', download: 'Download', upload: 'Upload', next: 'Next', prev: 'Previous', submit: 'Submit',
  },
  flash: { saved: 'Saved.', loggedOut: 'You have logged out.', passwordChanged: 'Your password has been changed.' },
  form: { errorSummary: 'Please correct {{count}} problem(s):', required: 'required', optional: 'optional' },
  empty: { nothing: 'Nothing recorded yet.' },
  pager: { page: 'Page {{page}} of {{pages}} ({{total}} records)', pageMore: 'Page {{page}} of {{pages}} (more than {{total}} records; the newest {{total}} are listed, narrow the search)' },
  yes: 'Yes', no: 'No',
  auth: {
    title: 'Log in', username: 'Username', password: 'Password', submit: 'Log in', failed: 'Wrong username or password.',
    throttled: 'Too many attempts. Try again after {{time}} (Beijing time).', retryAt: 'You can try again after {{time}} (Beijing time).', delayHint: 'After several wrong passwords, each new try has to wait a little longer.', inactive: 'Wrong username or password.',
    changeTitle: 'Change password', mustChange: 'Please set a new password before you continue.', current: 'Current password', newPassword: 'New password',
    repeat: 'Repeat the new password', passwordRules: 'At least 10 characters with letters and digits, and nothing easy to guess such as a common password or a word plus a year; something like Tian7ming-qiao3 (do not copy it).', demoHint: 'Demo accounts are printed at start-up and listed in the README.',
  },
  home: {
    welcome: 'Welcome, {{name}}', officerIntro: 'You register the three rights of {{collective}}.', bureauIntro: 'You can see (read-only) every record in {{region}}.',
    adminIntro: 'Manage regions, collectives, accounts and API tokens.', farmerIntro: "See your household's contracted land, homestead and collective shares.",
    stats: { households: 'Households', persons: 'Persons', land: 'Land contracts', homesteads: 'Homesteads', shares: 'Share holdings', settled: 'Households settled in a city' },
  },
  status: { notFound: 'Page not found', forbidden: 'Access denied', serverError: 'Something went wrong', requestId: 'Request id: {{id}}', tooMany: 'Too many requests', unavailable: 'Temporarily unavailable' },
  notFoundText: 'The page does not exist, or you may not see it.', forbiddenText: 'Your account may not do this.', serverErrorText: 'Please try again later; if it keeps happening, give the request id to the administrator.',
  unavailableText: 'The database cannot be reached right now. Please try again in a minute or two; if it keeps happening, tell the system administrator.',
};
