import type { Entry, Expect, PerRole } from './access-matrix';
import type { Side } from '../helpers/security-world';

// The same matrix for /api: "anon" sends no token; each role sends a bearer token of its own
// account (the farmer's put in by hand, as no admin can issue one: the API must still hold a
// farmer to their household). Writes send an empty JSON object.

const row = (anon: PerRole, farmer: PerRole, officer: PerRole, bureau: PerRole, admin: PerRole) => ({
  anon,
  farmer,
  officer,
  bureau,
  admin,
});
const at = (url: Entry['url'], expect: Entry['expect']): Entry => ({ url, expect, scoped: true });
const fixed = (url: string, expect: Entry['expect']): Entry => ({ url: () => url, expect, scoped: false });

const hh = (s: Side) => `/api/v1/households/${s.hh.id}`;
/** Registry writes: the collective's officer only; others may read (403) or not even that (404). */
const write = (own: Expect) => row(401, [403, 404], [own, 404], [403, 404], 403);
const listing = (s: Side) => `/api/v1/listings/${s.open.id}`;
const deal = (s: Side) => `/api/v1/deals/${s.deal.id}`;
/** The seller farmer's steps: a farmer of the other collective is told rule 1 (403), other roles 403. */
const sellerStep = row(401, ['ok', 403], 403, 403, 403);
const sellerOrOfficer = row(401, ['ok', 403], ['ok', 404], 403, 403);
const officerStep = row(401, 403, ['ok', 404], 403, 403);

export const API: Record<string, Entry> = {
  // A county's NY/T 2539 package (issue 17): officers import; a job is its collective's officers' only.
  'POST /api/v1/imports/nyt2539': fixed('/api/v1/imports/nyt2539', row(401, 403, 422, 403, 403)),
  'GET /api/v1/collectives/:id/parcels.geojson': at(
    (s) => `/api/v1/collectives/${s.c.id}/parcels.geojson`,
    row(401, 404, [200, 404], [200, 404], 200),
  ),
  'GET /api/v1/collectives/:id/export/nyt2539': at(
    (s) => `/api/v1/collectives/${s.c.id}/export/nyt2539`,
    row(401, 404, [200, 404], [200, 404], 200),
  ),
  'GET /api/v1/imports/nyt2539/:id': at((s) => `/api/v1/imports/nyt2539/${s.nytJob.id}`, row(401, 404, [200, 404], 404, 404)),
  'GET /api/openapi.json': fixed('/api/openapi.json', row(200, 200, 200, 200, 200)),
  'GET /api/v1/verify/:token': at((s) => `/api/v1/verify/${s.landCert.verifyToken}`, row(200, 200, 200, 200, 200)),
  'GET /api/v1/me': fixed('/api/v1/me', row(401, 200, 200, 200, 200)),
  'GET /api/v1/households': fixed('/api/v1/households', row(401, 403, 200, 200, 200)),
  'POST /api/v1/households': fixed('/api/v1/households', row(401, 403, 422, 403, 403)),
  'GET /api/v1/households/:id': at(hh, row(401, [200, 404], [200, 404], [200, 404], 200)),
  'PATCH /api/v1/households/:id': at(hh, write(200)),
  'POST /api/v1/households/:id/members': at((s) => `${hh(s)}/members`, write(422)),
  'POST /api/v1/households/:id/rights/:kind': at((s) => `${hh(s)}/rights/land`, write(422)),
  'POST /api/v1/rights/:id/cancel': at((s) => `/api/v1/rights/${s.land.id}/cancel`, write(422)),
  'POST /api/v1/rights/:id/certificates': at((s) => `/api/v1/rights/${s.land.id}/certificates`, write(422)),
  // A household's life (issue 16).
  'POST /api/v1/households/:id/head': at((s) => `${hh(s)}/head`, write(422)),
  'POST /api/v1/households/:id/split': at((s) => `${hh(s)}/split`, write(422)),
  'POST /api/v1/households/merge': fixed('/api/v1/households/merge', row(401, 403, 422, 403, 403)),
  'POST /api/v1/households/:id/inheritance': at((s) => `${hh(s)}/inheritance`, write(422)),
  'POST /api/v1/collectives/:id/extensions': at(
    (s) => `/api/v1/collectives/${s.c.id}/extensions`,
    row(401, 404, [422, 404], [403, 404], 403),
  ),
  'GET /api/v1/collectives/:id/extensions/:jobId': at(
    (s) => `/api/v1/collectives/${s.c.id}/extensions/${s.extensionJob.id}`,
    row(401, 404, [200, 404], [200, 404], 200),
  ),
  'POST /api/v1/certificates/:id/reissue': at((s) => `/api/v1/certificates/${s.landCert.id}/reissue`, write(422)),
  'POST /api/v1/certificates/:id/cancel': at((s) => `/api/v1/certificates/${s.landCert.id}/cancel`, write(422)),
  'GET /api/v1/certificates/:id': at((s) => `/api/v1/certificates/${s.landCert.id}`, row(401, [200, 404], [200, 404], [200, 404], 200)),

  // The market: the web's role guards and use cases (routes/api/v1/market-*.ts), so the web's rows with 401 for no token.
  'GET /api/v1/listings': fixed('/api/v1/listings', row(401, 200, 200, 200, 200)),
  'GET /api/v1/listings/:id': at(listing, row(401, [200, 403], [200, 404], [200, 404], 200)),
  'POST /api/v1/rights/:rightId/listings': at((s) => `/api/v1/rights/${s.land.id}/listings`, row(401, [422, 404], [422, 404], 403, 403)),
  'POST /api/v1/listings/:id/confirm': at((s) => `${listing(s)}/confirm`, sellerStep),
  'POST /api/v1/listings/:id/consent': at((s) => `${listing(s)}/consent`, sellerStep),
  'POST /api/v1/listings/:id/submit': at((s) => `${listing(s)}/submit`, sellerOrOfficer),
  'POST /api/v1/listings/:id/withdraw': at((s) => `${listing(s)}/withdraw`, sellerOrOfficer),
  'POST /api/v1/listings/:id/approve': at((s) => `${listing(s)}/approve`, officerStep),
  'POST /api/v1/listings/:id/reject': at((s) => `${listing(s)}/reject`, officerStep),
  'POST /api/v1/listings/:id/exit-decision': at((s) => `${listing(s)}/exit-decision`, officerStep),
  'POST /api/v1/listings/:id/accept-counter': at((s) => `${listing(s)}/accept-counter`, sellerStep),
  'POST /api/v1/listings/:id/choose': at((s) => `${listing(s)}/choose`, sellerStep),
  'POST /api/v1/listings/:id/close': at((s) => `${listing(s)}/close`, sellerOrOfficer),
  'POST /api/v1/listings/:id/offers': at((s) => `${listing(s)}/offers`, row(401, ['ok', 422], 403, 403, 403)),
  'POST /api/v1/offers/:id/raise': at((s) => `/api/v1/offers/${s.offer.id}/raise`, row(401, 404, 403, 403, 403)),
  // Issue 20: objections (异议); an unknown objection is not found whoever may decide one.
  'GET /api/v1/listings/:id/objections': at((s) => `${listing(s)}/objections`, row(401, [200, 403], [200, 404], [200, 404], 200)),
  'POST /api/v1/listings/:id/objections': at((s) => `${listing(s)}/objections`, sellerOrOfficer),
  'POST /api/v1/objections/:id/finding': fixed(
    '/api/v1/objections/00000000-0000-4000-8000-000000000000/finding',
    row(401, 403, 404, 403, 403),
  ),
  'POST /api/v1/offers/:id/withdraw': at((s) => `/api/v1/offers/${s.offer.id}/withdraw`, row(401, 404, 403, 403, 403)),
  'GET /api/v1/deals/:id': at(deal, row(401, [200, 404], [200, 404], [200, 404], 200)),
  // By now the seller has signed in the web rows, so their withdrawal there was refused (rule 2: not after the
  // seller's signature, issue 18 item 4) and the deal is still open: the officer signs for no side (403).
  'POST /api/v1/deals/:id/sign': at((s) => `${deal(s)}/sign`, row(401, ['ok', 404], [403, 404], 403, 403)),
  'POST /api/v1/deals/:id/confirm-payment': at((s) => `${deal(s)}/confirm-payment`, row(401, ['ok', 404], 403, 403, 403)),
  'POST /api/v1/deals/:id/settle': at((s) => `${deal(s)}/settle`, officerStep),
  'POST /api/v1/deals/:id/register': at((s) => `${deal(s)}/register`, officerStep),
  'POST /api/v1/deals/:id/withdraw': at((s) => `${deal(s)}/withdraw`, row(401, ['ok', 404], 403, 403, 403)),
  // Issue 20: money recorded into the supervised account, by the collective's officer.
  'POST /api/v1/offers/:id/deposit': at((s) => `/api/v1/offers/${s.offer.id}/deposit`, officerStep),
  'POST /api/v1/deals/:id/escrow': at((s) => `${deal(s)}/escrow`, officerStep),
  'GET /api/v1/notifications': fixed('/api/v1/notifications', row(401, 200, 200, 200, 200)),
  'POST /api/v1/notifications/read': fixed('/api/v1/notifications/read', row(401, 200, 200, 200, 200)),

  // The 成员名册 and decisions (issue 15): farmers read their collective's decisions only (§13(3)).
  'GET /api/v1/collectives/:id/members': at((s) => `/api/v1/collectives/${s.c.id}/members`, row(401, 404, [200, 404], [200, 404], 200)),
  'GET /api/v1/collectives/:id/decisions': at(
    (s) => `/api/v1/collectives/${s.c.id}/decisions`,
    row(401, [200, 404], [200, 404], [200, 404], 200),
  ),
  'POST /api/v1/collectives/:id/decisions': at(
    (s) => `/api/v1/collectives/${s.c.id}/decisions`,
    row(401, 404, [422, 404], [403, 404], 403),
  ),
  'POST /api/v1/members/:id/membership': at(
    (s) => `/api/v1/members/${s.spouse.id}/membership`,
    row(401, [403, 404], [422, 404], [403, 404], 403),
  ),
  'POST /api/v1/members/:id/end': at((s) => `/api/v1/members/${s.spouse.id}/end`, row(401, [403, 404], [422, 404], [403, 404], 403)),
  // The supervised account's statement (issue 20).
  'GET /api/v1/collectives/:id/escrow-statement': at(
    (s) => `/api/v1/collectives/${s.c.id}/escrow-statement`,
    row(401, 404, [200, 404], [200, 404], 200),
  ),
};
