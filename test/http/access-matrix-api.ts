import type { Entry, Expect, PerRole } from './access-matrix';
import type { Side } from '../helpers/security-world';

// The same matrix for /api: "anon" sends no token; each role sends a bearer token of its own
// account (the farmer's put in by hand, as no admin can issue one: the API must still hold a
// farmer to their household). Writes send an empty JSON object.

const row = (anon: PerRole, farmer: PerRole, officer: PerRole, bureau: PerRole, admin: PerRole) => ({ anon, farmer, officer, bureau, admin });
const at = (url: Entry['url'], expect: Entry['expect']): Entry => ({ url, expect, scoped: true });
const fixed = (url: string, expect: Entry['expect']): Entry => ({ url: () => url, expect, scoped: false });

const hh = (s: Side) => `/api/v1/households/${s.hh.id}`;
/** Registry writes: the collective's officer only; others may read (403) or not even that (404). */
const write = (own: Expect) => row(401, [403, 404], [own, 404], [403, 404], 403);

export const API: Record<string, Entry> = {
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
  'POST /api/v1/certificates/:id/reissue': at((s) => `/api/v1/certificates/${s.landCert.id}/reissue`, write(422)),
  'POST /api/v1/certificates/:id/cancel': at((s) => `/api/v1/certificates/${s.landCert.id}/cancel`, write(422)),
  'GET /api/v1/certificates/:id': at((s) => `/api/v1/certificates/${s.landCert.id}`, row(401, [200, 404], [200, 404], [200, 404], 200)),
};
