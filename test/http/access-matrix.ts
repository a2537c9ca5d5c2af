import type { RoleName, SecurityWorld, Side } from '../helpers/security-world';
import { PASSWORD } from '../helpers/factories';

// The access matrix (rule 12): for every route of the app, what each role gets, inside its scope
// ("own": the acting farmer's household, the officer's collective, the bureau's county) and
// outside it ("other": the other county's collective). access-matrix.test.ts reads the app's
// route table and fails on any route missing here, so a new route must state who may use it.
//
//   200/302/401/403/404/422 the exact status; 'login' a 302 to the login form;
//   'ok' a POST that passed every access check and reached its rule checks: 200, a redirect
//   (not to the login form), 409 or 422 — what the rules then decide is the market and
//   registry tests' concern. A pair [own, other] when the scopes differ.

export type Expect = 200 | 302 | 303 | 401 | 403 | 404 | 409 | 422 | 'login' | 'ok';
export type PerRole = Expect | readonly [Expect, Expect];
export type Entry = {
  url: (s: Side, w: SecurityWorld) => string;
  expect: Record<RoleName, PerRole>;
  /** false: the URL names nothing in anyone's scope; checked once. */
  scoped: boolean;
  /** Logs the agent out: run with a session of its own. */
  fresh?: boolean;
  /** What the real form sends besides the token (e.g. the household a refusal re-renders). */
  body?: (s: Side, w: SecurityWorld) => Record<string, string>;
};

const L = 'login' as const;
const row = (anon: PerRole, farmer: PerRole, officer: PerRole, bureau: PerRole, admin: PerRole) => ({
  anon,
  farmer,
  officer,
  bureau,
  admin,
});
const at = (url: Entry['url'], expect: Entry['expect'], more: Partial<Entry> = {}): Entry => ({ url, expect, scoped: true, ...more });
const fixed = (url: string, expect: Entry['expect'], more: Partial<Entry> = {}): Entry => ({
  url: () => url,
  expect,
  scoped: false,
  ...more,
});

/** Officer-only pages and forms of their collective. */
const officerOnly = (own: Expect, other: Expect = 404) => row(L, 403, [own, other], 403, 403);
/** Readable by the officer, the bureau (its county) and admins; farmers use /my. */
const staffReads = row(L, 403, [200, 404], [200, 404], 200);
const adminOnly = (code: Expect) => row(L, 403, 403, 403, code);
const oversight = (bureau: PerRole, admin: PerRole) => row(L, 403, 403, bureau, admin);
const everyone = (code: Expect) => row(code, code, code, code, code);
const signedIn = (code: Expect) => row(L, code, code, code, code);

const hh = (s: Side) => `/households/${s.hh.id}`;
const listing = (s: Side) => `/listings/${s.open.id}`;
const deal = (s: Side) => `/deals/${s.deal.id}`;
const region = (s: Side) => s.c.regionCode.slice(0, 6);

export const WEB: Record<string, Entry> = {
  // Public pages and the session.
  'GET /verify/:token': at((s) => `/verify/${s.landCert.verifyToken}`, everyone(200)),
  'GET /healthz': fixed('/healthz', everyone(200)),
  // The turf modules of the parcel maps (issue 17 item 3): public library code, like /vendor/leaflet.
  'GET /vendor/turf/:name.js': fixed('/vendor/turf/area.js', everyone(200)),
  'GET /readyz': fixed('/readyz', everyone(200)),
  'GET /help': fixed('/help', everyone(200)),
  'GET /help/:role': fixed('/help/officer', everyone(200)),
  'GET /login': fixed('/login', row(200, 302, 302, 302, 302)),
  'POST /login': fixed('/login', everyone(401)),
  // Rule 2: the farmer sets the first password with a one-time code (an empty form is refused).
  'GET /activate': fixed('/activate', everyone(200)),
  'POST /activate': fixed('/activate', everyone(422)),
  // The development SMS sink (SMS_PROVIDER=file): officers (their collective's messages) and admins.
  'GET /dev/sms': fixed('/dev/sms', row(L, 403, 200, 403, 200)),
  'POST /logout': fixed('/logout', everyone(L), { fresh: true }),
  'GET /lang/:lang': fixed('/lang/zh-CN', everyone(302)),
  'GET /account/password': fixed('/account/password', signedIn(200)),
  'POST /account/password': fixed('/account/password', signedIn(422)),
  'GET /': fixed('/', row(L, 302, 200, 200, 200)),

  // The registry.
  'GET /households': fixed('/households', row(L, 403, 200, 200, 200)),
  'GET /households/new': fixed('/households/new', officerOnly(200)),
  'POST /households': fixed('/households', officerOnly(422)),
  'GET /households/:id': at(hh, staffReads),
  'GET /households/:id/edit': at((s) => `${hh(s)}/edit`, officerOnly(200)),
  // The edit form sends every field; empty ones clear the optional phone and address.
  'POST /households/:id': at(hh, officerOnly('ok')),
  'POST /households/:id/members': at((s) => `${hh(s)}/members`, officerOnly(422)),
  'GET /households/:id/members/:memberId/edit': at((s) => `${hh(s)}/members/${s.spouse.id}/edit`, officerOnly(200)),
  'POST /households/:id/members/:memberId': at((s) => `${hh(s)}/members/${s.spouse.id}`, officerOnly(422)),
  'POST /households/:id/members/:memberId/remove': at((s) => `${hh(s)}/members/${s.spouse.id}/remove`, officerOnly(422)),
  'GET /households/:id/rights/new/:kind': at((s) => `${hh(s)}/rights/new/land`, officerOnly(200)),
  'POST /households/:id/rights/:kind': at((s) => `${hh(s)}/rights/land`, officerOnly(422)),
  'GET /rights/:rightId/correct': at((s) => `/rights/${s.land.id}/correct`, officerOnly(200)),
  'POST /rights/:rightId/correct': at((s) => `/rights/${s.land.id}/correct`, officerOnly(422)),
  'POST /rights/:rightId/cancel': at((s) => `/rights/${s.land.id}/cancel`, officerOnly(422), { body: (s) => ({ householdId: s.hh.id }) }),
  'POST /rights/:rightId/certificates': at((s) => `/rights/${s.land.id}/certificates`, officerOnly(422), {
    body: (s) => ({ householdId: s.hh.id }),
  }),
  'POST /certificates/:id/reissue': at((s) => `/certificates/${s.landCert.id}/reissue`, officerOnly(422), {
    body: (s) => ({ householdId: s.hh.id }),
  }),
  'POST /certificates/:id/cancel': at((s) => `/certificates/${s.landCert.id}/cancel`, officerOnly(422), {
    body: (s) => ({ householdId: s.hh.id }),
  }),
  'GET /certificates/:id': at((s) => `/certificates/${s.landCert.id}`, row(L, [200, 404], [200, 404], [200, 404], 200)),
  'GET /maps': fixed('/maps', row(L, 403, 302, 200, 200)),
  'GET /collectives/:id/map': at((s) => `/collectives/${s.c.id}/map`, staffReads),
  'GET /collectives/:id/parcels.geojson': at((s) => `/collectives/${s.c.id}/parcels.geojson`, staffReads),
  'GET /dividends': fixed('/dividends', officerOnly(200)),
  'POST /dividends': fixed('/dividends', officerOnly(422)),
  'GET /my': fixed('/my', row(L, 200, 403, 403, 403)),
  'GET /households/:id/accounts/new': at((s) => `${hh(s)}/accounts/new`, officerOnly(200)),
  'POST /households/:id/accounts/new': at((s) => `${hh(s)}/accounts/new`, officerOnly(422)),
  // The account slip, and a new code (the matrix's farmer account has no phone: refused with a reason).
  'GET /households/:id/accounts/:userId': at((s) => `${hh(s)}/accounts/${s.farmer.user.id}`, officerOnly(200)),
  'POST /households/:id/accounts/:userId/code': at((s) => `${hh(s)}/accounts/${s.farmer.user.id}/code`, officerOnly(422)),
  // A household's life (issue 16).
  'GET /households/:id/life': at((s) => `${hh(s)}/life`, staffReads),
  'POST /households/:id/head': at((s) => `${hh(s)}/head`, officerOnly(422)),
  'POST /households/:id/split': at((s) => `${hh(s)}/split`, officerOnly(422)),
  'POST /households/:id/merge': at((s) => `${hh(s)}/merge`, officerOnly(422)),
  'POST /households/:id/marriage': at((s) => `${hh(s)}/marriage`, officerOnly(422)),
  'GET /households/:id/inheritance': at((s) => `${hh(s)}/inheritance`, officerOnly(200)),
  'POST /households/:id/inheritance': at((s) => `${hh(s)}/inheritance`, officerOnly(422)),
  'GET /household-documents/:docId': at((s) => `/household-documents/${s.lifeDoc.id}`, staffReads),
  'GET /extension': fixed('/extension', officerOnly(302)),
  'GET /collectives/:id/extension': at((s) => `/collectives/${s.c.id}/extension`, officerOnly(200)),
  'POST /collectives/:id/extension': at((s) => `/collectives/${s.c.id}/extension`, officerOnly(422)),
  'GET /collectives/:id/extension/:jobId': at((s) => `/collectives/${s.c.id}/extension/${s.extensionJob.id}`, staffReads),
  'GET /extension-counties': fixed('/extension-counties', row(L, 403, 403, 200, 200)),
  'POST /households/:id/accounts/:userId/unlock': at((s) => `${hh(s)}/accounts/${s.farmer.user.id}/unlock`, officerOnly(302)),
  'GET /imports/new': fixed('/imports/new', officerOnly(200)),
  'GET /imports/template.xlsx': fixed('/imports/template.xlsx', officerOnly(200)),
  'GET /imports/template.csv': fixed('/imports/template.csv', officerOnly(200)),
  'POST /imports': fixed('/imports', officerOnly(422)),
  // An import job is its author's and their collective's officers' only.
  'GET /imports/:id': at((s) => `/imports/${s.job.id}`, row(L, 404, [200, 404], 404, 404)),
  // A county's NY/T 2539 package (issue 17): its dry run and write are jobs like the import's.
  'GET /imports/nyt2539/new': fixed('/imports/nyt2539/new', officerOnly(200)),
  'POST /imports/nyt2539': fixed('/imports/nyt2539', officerOnly(422)),
  'GET /imports/nyt2539/:id': at((s) => `/imports/nyt2539/${s.nytJob.id}`, row(L, 404, [200, 404], 404, 404)),
  'POST /imports/nyt2539/:id/confirm': at((s) => `/imports/nyt2539/${s.nytJob.id}/confirm`, officerOnly(422)),
  'GET /collectives/:id/export/nyt2539': at((s) => `/collectives/${s.c.id}/export/nyt2539`, staffReads),
  'GET /exports': fixed('/exports', officerOnly(200)),
  'GET /account/tokens': fixed('/account/tokens', row(L, 200, 403, 403, 403)),
  'POST /account/tokens': fixed('/account/tokens', row(L, 422, 403, 403, 403)),
  'POST /account/tokens/:id/revoke': fixed('/account/tokens/00000000-0000-4000-8000-000000000000/revoke', row(L, 404, 403, 403, 403)),
  'GET /certificate-batches': fixed('/certificate-batches', officerOnly(200)),
  'POST /certificate-batches': fixed('/certificate-batches', officerOnly(422)),
  'GET /certificate-batches/:id': at((s) => `/certificate-batches/${s.batchJob.id}`, row(L, 404, [200, 404], 404, 404)),
  'GET /certificate-batches/:id/print': at((s) => `/certificate-batches/${s.batchJob.id}/print`, row(L, 404, [200, 404], 404, 404)),
  'GET /exports/register.xlsx': fixed('/exports/register.xlsx', officerOnly(200)),
  'GET /exports/register.csv': fixed('/exports/register.csv', officerOnly(200)),
  // A register export in the background (issue 7): its collective's officers' only, like import jobs.
  'POST /exports': fixed('/exports', officerOnly('ok'), { body: () => ({ format: 'csv' }) }),
  'GET /exports/:id': at((s) => `/exports/${s.exportJob.id}`, row(L, 404, [200, 404], 404, 404)),
  'GET /exports/:id/file': at((s) => `/exports/${s.exportJob.id}/file`, row(L, 404, [200, 404], 404, 404)),

  // The market: listings are their collective's (rule 12); deals their parties'.
  'GET /market': fixed('/market', signedIn(200)),
  'GET /market/mine': fixed('/market/mine', row(L, 200, 403, 403, 403)),
  'GET /rights/:rightId/list': at((s) => `/rights/${s.land.id}/list`, row(L, [200, 404], [200, 404], 403, 403)),
  'POST /rights/:rightId/listings': at((s) => `/rights/${s.land.id}/listings`, row(L, [422, 404], [422, 404], 403, 403)),
  // A published listing of another collective: its farmers are told rule 1 (403), with no details.
  'GET /listings/:id': at(listing, row(L, [200, 403], [200, 404], [200, 404], 200)),
  'POST /listings/:id/consent': at((s) => `${listing(s)}/consent`, row(L, ['ok', 403], 403, 403, 403)),
  'POST /listings/:id/paper-consents': at((s) => `/listings/${s.draft.id}/paper-consents`, officerOnly(422)),
  'GET /consents/:cid/scan': at((s) => `/consents/${s.consent.id}/scan`, row(L, [200, 404], [200, 404], [200, 404], 200)),
  'POST /listings/:id/confirm': at((s) => `${listing(s)}/confirm`, row(L, ['ok', 403], 403, 403, 403)),
  'POST /listings/:id/submit': at((s) => `${listing(s)}/submit`, row(L, ['ok', 403], ['ok', 404], 403, 403)),
  'POST /listings/:id/approve': at((s) => `${listing(s)}/approve`, officerOnly('ok')),
  'POST /listings/:id/reject': at((s) => `${listing(s)}/reject`, officerOnly('ok')),
  'POST /listings/:id/exit-decision': at((s) => `${listing(s)}/exit-decision`, officerOnly('ok')),
  'POST /listings/:id/accept-counter': at((s) => `${listing(s)}/accept-counter`, row(L, ['ok', 403], 403, 403, 403)),
  // Rule 1: a farmer of another collective is told the rule.
  'POST /listings/:id/offers': at((s) => `${listing(s)}/offers`, row(L, ['ok', 422], 403, 403, 403)),
  'POST /listings/:id/offers/:oid/raise': at((s) => `${listing(s)}/offers/${s.offer.id}/raise`, row(L, 404, 403, 403, 403)),
  'POST /listings/:id/offers/:oid/withdraw': at((s) => `${listing(s)}/offers/${s.offer.id}/withdraw`, row(L, 404, 403, 403, 403)),
  'POST /listings/:id/choose': at((s) => `${listing(s)}/choose`, row(L, ['ok', 403], 403, 403, 403), {
    body: (s) => ({ offerId: s.offer.id }),
  }),
  'POST /listings/:id/close': at((s) => `${listing(s)}/close`, row(L, ['ok', 403], ['ok', 404], 403, 403)),
  'POST /listings/:id/withdraw': at((s) => `${listing(s)}/withdraw`, row(L, ['ok', 403], ['ok', 404], 403, 403)),
  // Issue 20: objections; an unknown objection is not found whoever asks.
  'POST /listings/:id/objections': at((s) => `${listing(s)}/objections`, row(L, ['ok', 403], ['ok', 404], 403, 403), {
    body: () => ({ ground: 'other', text: '访问测试' }),
  }),
  'POST /listings/:id/objections/:oid/finding': at(
    (s) => `${listing(s)}/objections/00000000-0000-4000-8000-000000000000/finding`,
    row(L, 403, 404, 403, 403),
  ),
  'POST /listings/:id/objections/:oid/reconsent': at(
    (s) => `${listing(s)}/objections/00000000-0000-4000-8000-000000000000/reconsent`,
    row(L, 404, 404, 403, 403),
  ),
  'GET /objections/:oid/attachment': fixed('/objections/00000000-0000-4000-8000-000000000000/attachment', signedIn(404)),
  'GET /deals/:id': at(deal, row(L, [200, 404], [200, 404], [200, 404], 200)),
  'GET /deals/:id/contract': at((s) => `${deal(s)}/contract`, row(L, [200, 404], [200, 404], [200, 404], 200)),
  'GET /deals/:id/attestation': at((s) => `${deal(s)}/attestation`, row(L, [404, 404], [404, 404], [404, 404], 404)),
  'GET /deals/:id/registration-application': at(
    (s) => `${deal(s)}/registration-application`,
    row(L, [404, 404], [404, 404], [404, 404], 404),
  ),
  // The officer signs only an exit, for the collective; here the buyer is a household.
  // The on-screen signature takes the password again and the seller's payee account (issue 18 item 6).
  'POST /deals/:id/sign': at((s) => `${deal(s)}/sign`, row(L, ['ok', 404], [403, 404], 403, 403), {
    body: () => ({ password: PASSWORD, payeeAccount: '6230580000123456789' }),
  }),
  'POST /deals/:id/paid': at((s) => `${deal(s)}/paid`, row(L, ['ok', 404], 403, 403, 403)),
  'POST /deals/:id/settle': at((s) => `${deal(s)}/settle`, officerOnly('ok')),
  'POST /deals/:id/register': at((s) => `${deal(s)}/register`, officerOnly('ok')),
  'POST /deals/:id/withdraw': at((s) => `${deal(s)}/withdraw`, row(L, ['ok', 404], 403, 403, 403)),
  // Issue 20: the officer records money into the supervised account; the chosen buyer (here the farmer is the seller: 403) or the officer records a walk-away.
  'POST /listings/:id/offers/:oid/deposit': at((s) => `${listing(s)}/offers/${s.offer.id}/deposit`, officerOnly('ok')),
  'POST /deals/:id/escrow': at((s) => `${deal(s)}/escrow`, officerOnly('ok')),
  'POST /deals/:id/walk-away': at((s) => `${deal(s)}/walk-away`, row(L, [403, 404], ['ok', 404], 403, 403)),
  'GET /notifications': fixed('/notifications', signedIn(200)),
  'POST /notifications/read': fixed('/notifications/read', signedIn(302)),

  // Administration.
  'GET /admin/': fixed('/admin/', adminOnly(302)),
  'GET /admin/regions': fixed('/admin/regions', adminOnly(200)),
  'GET /admin/regions/:code': at((s) => `/admin/regions/${region(s)}`, adminOnly(200)),
  'POST /admin/regions/:code/children': at((s) => `/admin/regions/${region(s)}/children`, adminOnly(422)),
  'GET /admin/collectives': fixed('/admin/collectives', adminOnly(200)),
  'GET /admin/collectives/new': fixed('/admin/collectives/new', adminOnly(200)),
  'POST /admin/collectives': fixed('/admin/collectives', adminOnly(422)),
  'GET /admin/collectives/:id/edit': at((s) => `/admin/collectives/${s.c.id}/edit`, adminOnly(200)),
  'POST /admin/collectives/:id': at((s) => `/admin/collectives/${s.c.id}`, adminOnly(422)),
  'GET /admin/users': fixed('/admin/users', adminOnly(200)),
  'GET /admin/users/new': fixed('/admin/users/new', adminOnly(200)),
  'POST /admin/users': fixed('/admin/users', adminOnly(422)),
  'POST /admin/users/:id/deactivate': at((_s, w) => `/admin/users/${w.spare.id}/deactivate`, adminOnly(302), { scoped: false }),
  'POST /admin/users/:id/reactivate': at((_s, w) => `/admin/users/${w.spare.id}/reactivate`, adminOnly(302), { scoped: false }),
  'POST /admin/users/:id/unlock': at((_s, w) => `/admin/users/${w.spare.id}/unlock`, adminOnly(302), { scoped: false }),
  // A sealed activation slip is for farmer accounts; the spare officer's is refused with a reason.
  'POST /admin/users/:id/activation-slip': at((_s, w) => `/admin/users/${w.spare.id}/activation-slip`, adminOnly(422), { scoped: false }),
  'POST /admin/users/:id/password': at((_s, w) => `/admin/users/${w.spare.id}/password`, adminOnly(200), { scoped: false }),
  'GET /admin/tokens': fixed('/admin/tokens', adminOnly(200)),
  'GET /admin/tokens/new': fixed('/admin/tokens/new', adminOnly(200)),
  'POST /admin/tokens': fixed('/admin/tokens', adminOnly(422)),
  'POST /admin/tokens/:id/revoke': at((_s, w) => `/admin/tokens/${w.spareToken.id}/revoke`, adminOnly(302), { scoped: false }),

  // Oversight: the bureau within its region, admins everywhere; changes are suspensions only.
  'GET /oversight/assets/chart.umd.min.js': fixed('/oversight/assets/chart.umd.min.js', oversight(200, 200)),
  'GET /oversight/': at((s) => `/oversight/?region=${region(s)}`, oversight([200, 404], 200)),
  'GET /oversight/export': at((s) => `/oversight/export?region=${region(s)}`, oversight([200, 404], 200)),
  'GET /oversight/report': at((s) => `/oversight/report?region=${region(s)}`, oversight([200, 404], 200)),
  'POST /oversight/reports': at(() => '/oversight/reports', oversight(['ok', 404], 'ok'), {
    body: (s) => ({ region: region(s), year: '2026' }),
  }),
  'GET /oversight/reports/:id': at((s) => `/oversight/reports/${s.reportJob.id}`, oversight([200, 404], 200)),
  'GET /oversight/alerts': fixed('/oversight/alerts', oversight(200, 200)),
  'GET /oversight/objections': fixed('/oversight/objections', oversight(200, 200)),
  'POST /oversight/alerts/:id/ack': at((s) => `/oversight/alerts/${s.alert.id}/ack`, oversight([303, 404], 403), {
    body: () => ({ note: '已核实' }),
  }),
  'GET /oversight/prices': fixed('/oversight/prices', oversight(200, 200)),
  'POST /oversight/prices': fixed('/oversight/prices', oversight(422, 403)),
  'GET /oversight/settings': fixed('/oversight/settings', oversight(200, 200)),
  'POST /oversight/settings': fixed('/oversight/settings', oversight(422, 403)),
  'GET /oversight/listings': fixed('/oversight/listings', oversight(200, 200)),
  'GET /oversight/deals': fixed('/oversight/deals', oversight(200, 200)),
  'GET /oversight/listings/:id': at((s) => `/oversight/listings/${s.open.id}`, oversight([200, 404], 200)),
  'GET /oversight/deals/:id': at((s) => `/oversight/deals/${s.deal.id}`, oversight([200, 404], 200)),
  'POST /oversight/listings/:id/suspend': at((s) => `/oversight/listings/${s.open.id}/suspend`, oversight(['ok', 404], 403)),
  'POST /oversight/listings/:id/lift': at((s) => `/oversight/listings/${s.open.id}/lift`, oversight(['ok', 404], 403)),
  'POST /oversight/deals/:id/suspend': at((s) => `/oversight/deals/${s.deal.id}/suspend`, oversight(['ok', 404], 403)),
  'POST /oversight/deals/:id/lift': at((s) => `/oversight/deals/${s.deal.id}/lift`, oversight(['ok', 404], 403)),
  'GET /oversight/audit': fixed('/oversight/audit', oversight(200, 200)),
  'GET /oversight/audit/verify': fixed('/oversight/audit/verify', oversight(200, 200)),
  'POST /oversight/audit/verify': fixed('/oversight/audit/verify', oversight(200, 200)),

  // The 成员名册 and the members' meeting decisions (issue 15): staff read the register, the officer records;
  // every farmer of the collective may read its decisions (集体经济组织法 §13(3)).
  'GET /members': fixed('/members', row(L, 403, 302, 403, 403)),
  'GET /decisions': fixed('/decisions', row(L, 302, 302, 403, 403)),
  'GET /collectives/:id/members': at((s) => `/collectives/${s.c.id}/members`, staffReads),
  'POST /collectives/:id/members/import': at((s) => `/collectives/${s.c.id}/members/import`, officerOnly(422)),
  'GET /collectives/:id/members.csv': at((s) => `/collectives/${s.c.id}/members.csv`, staffReads),
  'GET /collectives/:id/members.xlsx': at((s) => `/collectives/${s.c.id}/members.xlsx`, staffReads),
  'GET /households/:id/members/:memberId/membership': at((s) => `${hh(s)}/members/${s.spouse.id}/membership`, staffReads),
  'POST /households/:id/members/:memberId/membership': at((s) => `${hh(s)}/members/${s.spouse.id}/membership`, officerOnly(422)),
  'GET /collectives/:id/decisions': at((s) => `/collectives/${s.c.id}/decisions`, row(L, [200, 404], [200, 404], [200, 404], 200)),
  'POST /collectives/:id/decisions': at((s) => `/collectives/${s.c.id}/decisions`, officerOnly(422)),
  'GET /decisions/:id/minutes': fixed('/decisions/00000000-0000-4000-8000-000000000000/minutes', signedIn(404)),
  // The supervised account's statement (issue 20): the collective's officers, the bureau of its region, admins.
  'GET /escrow-statement': fixed('/escrow-statement', row(L, 403, 302, 403, 403)),
  'GET /collectives/:id/escrow-statement': at((s) => `/collectives/${s.c.id}/escrow-statement`, staffReads),
  'GET /collectives/:id/escrow-statement.xlsx': at((s) => `/collectives/${s.c.id}/escrow-statement.xlsx`, staffReads),
  'GET /collectives/:id/escrow-statement.csv': at((s) => `/collectives/${s.c.id}/escrow-statement.csv`, staffReads),
  'GET /deals/:id/escrow-statement': at((s) => `${deal(s)}/escrow-statement`, staffReads),
  'GET /deals/:id/escrow-statement.xlsx': at((s) => `${deal(s)}/escrow-statement.xlsx`, staffReads),
  'GET /deals/:id/escrow-statement.csv': at((s) => `${deal(s)}/escrow-statement.csv`, staffReads),
  'GET /oversight/money': fixed('/oversight/money', oversight(200, 200)),
};
