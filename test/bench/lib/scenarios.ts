import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { apiTokens, users } from '../../../models/accounts';
import { hashPassword } from '../../../server/accounts/passwords';
import { BENCH_PASSWORD, login } from './app';
import { toActor, type UserRow } from '../../../server/accounts/session-user';
import { rows, type Db } from '../../../server/platform/db';
import type { Actor } from '../../../server/kernel/actor';
import { householdPage, householdWithRights } from '../../../server/registry/household-page';
import { searchHouseholds } from '../../../server/registry/household-search';
import { listingPage, marketIndex } from '../../../server/market';
import { parseAuditQuery, searchAudit } from '../../../server/oversight/audit-search';
import { parseFilters } from '../../../server/oversight/filters';
import { translator } from '../../../server/platform/i18n/index';
import { dashboardData } from '../../../routes/oversight/view-data';

// The key pages and API calls, who opens them, and the rows they are opened for: picked
// from the generated data at random (fixed seed), many per page so that a run does not
// measure one cached row. `floor` is the page's data access alone (the database floor).

export type Role = 'officer' | 'bureau' | 'api';
export type Scenario = {
  id: string;
  title: string;
  role: Role;
  paths: string[];
  key: boolean;
  dashboard?: boolean;
  /** Heavy downloads run with fewer connections for longer, so that whole files complete in the window. */
  load?: { connections: number; secondsFactor: number };
  floor?: (db: Db, who: Record<Role, Actor>, i: number) => Promise<unknown>;
};
export type Samples = {
  officer: string;
  bureau: string;
  token: string;
  largestOfficer: string;
  scenarios: Scenario[];
  counts: Record<string, number>;
};

/**
 * Logs the sample officer and bureau in to the app at `base` once; the function it gives answers
 * each scenario's credentials: the API's token, or the session cookie of the scenario's role.
 */
export async function signIn(base: string, s: Samples): Promise<(sc: Scenario) => Record<string, string>> {
  const cookie = { officer: await login(base, s.officer), bureau: await login(base, s.bureau) };
  return (sc): Record<string, string> => (sc.role === 'api' ? { authorization: `Bearer ${s.token}` } : { cookie: cookie[sc.role] });
}

const pick = <T>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[(i * 7919) % list.length]);

/** Chooses the rows, the officer (of a collective of typical size) and an API token; sets the bench password of the accounts it uses. */
export async function prepare(db: Db): Promise<Samples> {
  const q = <T>(s: ReturnType<typeof sql>) => rows<T>(db, s);
  const colls = await q<{ id: string; n: number; username: string }>(sql`select c.id, s.households as n, u.username from collectives c
    join collective_stats s on s.collective_id = c.id join users u on u.collective_id = c.id and u.role = 'officer' order by s.households, c.id`);
  const median = colls[Math.floor(colls.length / 2)];
  const largest = colls[colls.length - 1];
  const own = await q<{ id: string; code: string }>(sql`select id, code from households where collective_id = ${median.id} order by code`);
  const city = await q<{ id_number: string; name: string; code: string }>(sql`
    select m.id_number, m.name, h.code from members m join households h on h.id = m.household_id
    where m.relation = 'head' order by md5(m.id::text) limit 200`);
  const listings = await q<{ id: string }>(sql`select l.id from listings l where l.collective_id = ${median.id}
    order by (select count(*) from offers o where o.listing_id = l.id) desc, l.id limit 20`);
  const counties = (await q<{ code: string }>(sql`select code from regions where level = 'county' order by code`)).map((r) => r.code);
  const ownIds = await q<{ id_number: string }>(
    sql`select id_number from members where collective_id = ${median.id} order by id_number limit 100`,
  );
  const counts = (
    await q<
      Record<string, number>
    >(sql`select (select count(*)::int from households) as households, (select count(*)::int from members) as persons,
    (select count(*)::int from parcels) as parcels, (select count(*)::int from rights where kind = 'homestead') as homesteads,
    (select count(*)::int from listings) as listings, (select count(*)::int from deals) as deals, (select count(*)::int from audit_log) as trail,
    ${median.n}::int as "officerHouseholds", ${largest.n}::int as "largestHouseholds"`)
  )[0];

  const token = randomBytes(32).toString('base64url');
  const [officerRow] = await db.select().from(users).where(sql`username = ${median.username}`);
  const [admin] = await db.select().from(users).where(sql`username = 'admin'`);
  await db.insert(apiTokens).values({
    userId: officerRow.id,
    name: 'benchmark',
    tokenHash: createHash('sha256').update(token).digest('hex'),
    scopes: ['read', 'write'],
    createdBy: admin.id,
  });

  const pages = Math.max(1, Math.ceil(own.length / 20));
  const t = translator('zh-CN');
  const s: Scenario[] = [
    {
      id: 'search-id',
      title: 'Household search by ID number (city bureau)',
      role: 'bureau',
      key: true,
      paths: pick(city, 100).map((r) => `/households?q=${r.id_number}`),
      floor: (d, w, i) => searchHouseholds(d, w.bureau, { q: pick(city, 100)[i % 100].id_number }),
    },
    {
      id: 'search-name',
      title: 'Household search by name (city bureau)',
      role: 'bureau',
      key: true,
      paths: pick(city, 100).map((r) => `/households?q=${encodeURIComponent(r.name)}`),
      floor: (d, w, i) => searchHouseholds(d, w.bureau, { q: pick(city, 100)[i % 100].name }),
    },
    {
      id: 'search-code',
      title: 'Household search by household code (city bureau)',
      role: 'bureau',
      key: true,
      paths: pick(city, 100).map((r) => `/households?q=${r.code}`),
      floor: (d, w, i) => searchHouseholds(d, w.bureau, { q: pick(city, 100)[i % 100].code }),
    },
    {
      id: 'household',
      title: "One household's page (officer)",
      role: 'officer',
      key: true,
      paths: pick(own, 100).map((r) => `/households/${r.id}`),
      floor: (d, w, i) => householdPage(d, w.officer, pick(own, 100)[i % 100].id, new Date()),
    },
    {
      id: 'register',
      title: 'Collective register page, paged (officer)',
      role: 'officer',
      key: true,
      paths: Array.from({ length: pages }, (_, i) => `/households?page=${i + 1}`),
      floor: (d, w, i) => searchHouseholds(d, w.officer, { page: (i % pages) + 1 }),
    },
    {
      id: 'market',
      title: 'Listings of a collective (officer)',
      role: 'officer',
      key: true,
      paths: ['/market'],
      floor: (d, w) => marketIndex(d, w.officer, {}, new Date()),
    },
    {
      id: 'listing',
      title: 'One listing with its offers (officer)',
      role: 'officer',
      key: true,
      paths: listings.map((r) => `/listings/${r.id}`),
      floor: (d, w, i) => listingPage(d, w.officer, listings[i % listings.length].id, new Date()),
    },
    {
      id: 'dashboard-city',
      title: 'Bureau dashboard, whole city',
      role: 'bureau',
      key: false,
      dashboard: true,
      paths: ['/oversight'],
      floor: (d, w) => dashboardData(d, w.bureau, t, {}, parseFilters({}, new Date()), 'fresh'),
    },
    {
      id: 'dashboard-county',
      title: 'Bureau dashboard, county drill-down',
      role: 'bureau',
      key: true,
      paths: counties.map((c) => `/oversight?region=${c}`),
      floor: (d, w, i) => dashboardData(d, w.bureau, t, { region: counties[i % counties.length] }, parseFilters({}, new Date()), 'fresh'),
    },
    {
      id: 'audit',
      title: 'Audit search by household (city bureau)',
      role: 'bureau',
      key: true,
      paths: pick(city, 100).map((r) => `/oversight/audit?household=${r.code}`),
      floor: (d, w, i) => searchAudit(d, w.bureau, parseAuditQuery({ household: pick(city, 100)[i % 100].code })),
    },
    {
      id: 'export',
      title: "XLSX export of one collective's register (officer, 2 connections)",
      role: 'officer',
      key: false,
      paths: ['/exports/register.xlsx'],
      load: { connections: 2, secondsFactor: 3 },
    },
    {
      id: 'api-search',
      title: 'API: GET /api/v1/households?q=<ID number>',
      role: 'api',
      key: true,
      paths: pick(ownIds, 100).map((r) => `/api/v1/households?q=${r.id_number}`),
      floor: (d, w, i) => searchHouseholds(d, w.officer, { q: pick(ownIds, 100)[i % 100].id_number }),
    },
    {
      id: 'api-household',
      title: 'API: GET /api/v1/households/{id}',
      role: 'api',
      key: true,
      paths: pick(own, 100).map((r) => `/api/v1/households/${r.id}`),
      floor: (d, w, i) => householdWithRights(d, w.api, pick(own, 100)[i % 100].id, 'api.household', new Date()),
    },
  ];
  // The accounts it logs in as get the bench's own password: in production the app retires the
  // README's published demo password (server/demo/first-start.ts), which the generator gives bureau_city.
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.execute(sql`update users set password_hash = ${hash}, must_change_password = false
    where username in (${median.username}, 'bureau_city', ${largest.username})`);
  return { officer: median.username, bureau: 'bureau_city', token, largestOfficer: largest.username, scenarios: s, counts };
}

/** The actors the floors act as. */
export async function actors(db: Db, s: Samples): Promise<Record<Role, Actor>> {
  const by = async (u: string) => toActor((await db.select().from(users).where(sql`username = ${u}`))[0] as UserRow);
  const officer = await by(s.officer);
  return { officer, bureau: await by(s.bureau), api: officer };
}
