import { eq, sql, type SQL } from 'drizzle-orm';
import { users } from '../../models/accounts';
import { auditLog } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { listings } from '../../models/market';
import { collectives, dividends } from '../../models/regions';
import { homesteads, landContracts, parcels, rights } from '../../models/rights';
import { LIVE_LISTING_STATUSES } from '../../models/statuses';
import type { Db } from '../platform/db';
import { prepared, rowFromJson } from '../platform/prepared';
import type { RightDetail } from './rights-view';
import { type LatestEventRow, latestEventJoin, latestFromRow } from './membership-latest';
import { shanghaiDate } from '../kernel/clock';

// What the household page shows, read in one prepared statement (issue 19): the household, its
// collective, members, rights with their contract, homestead, shares, parcels and certificates,
// its trail with who acted, its accounts, the collective's allocated shares and dividends, and
// its live listings — one JSON value, one round trip, planned once per connection. Measured
// against the 11 statements it replaces in BENCHMARKS.md. The caller checks the actor's scope on
// the household before using anything else (household-page.ts), and shows members through the
// kernel's masking.

export type J = Record<string, unknown>;

/**
 * A right's details as JSON parts of a folded statement (as rightDetails in rights-view.ts reads
 * them): the rights whose alias `r` meets `where`, their parcels and certificates.
 */
export function rightParts(where: SQL) {
  const ids = sql`(select r.id from ${rights} r where ${where})`;
  return {
    rights: sql`(select json_agg(json_build_object('right', r, 'contract', lc, 'homestead', hs, 'shares', sh.shares) order by r.kind, r.created_at)
      from ${rights} r
      left join land_contracts lc on lc.right_id = r.id
      left join homesteads hs on hs.right_id = r.id
      left join share_holdings sh on sh.right_id = r.id
     where ${where})`,
    parcels: sql`(select json_agg(p order by p.code) from ${parcels} p where p.right_id in ${ids})`,
    certificates: sql`(select json_agg(ce order by ce.created_at desc) from ${certificates} ce where ce.right_id in ${ids})`,
  };
}

/** The `memberLatest` part for the members of the household whose id is `householdId` (an SQL expression), on the day placeholder `day`. */
export const memberLatestPart = (householdId: SQL) =>
  sql`(select json_agg(json_build_object('id', m.id, 'kind', e.kind, 'ground', e.ground, 'effective_on', e.effective_on, 'decision_id', e.decision_id))
      from ${members} m ${latestEventJoin(sql.placeholder('day'))} where m.household_id = ${householdId})`;

// The parts of the folded statement, each a JSON value computed from the household's row.
const PARTS = {
  household: sql`to_jsonb(households)`,
  collective: sql`(select to_jsonb(c) from ${collectives} c where c.id = households.collective_id)`,
  members: sql`(select json_agg(m order by m.relation <> 'head', m.birth_date) from ${members} m where m.household_id = households.id)`,
  ...rightParts(sql`r.household_id = households.id`),
  history: sql`(select json_agg(json_build_object('entry', a, 'actorName', u.display_name) order by a.seq desc)
      from (select * from ${auditLog} a where a.household_id = households.id order by a.seq desc limit 100) a
      left join ${users} u on u.id = a.actor_id)`,
  accounts: sql`(select json_agg(json_build_object('id', u.id, 'username', u.username, 'displayName', u.display_name,
        'memberId', u.member_id, 'active', u.active, 'awaitingActivation', u.awaiting_activation, 'lastLoginAt', u.last_login_at))
      from ${users} u where u.household_id = households.id)`,
  allocated: sql`(select s.units from collective_right_stats s where s.collective_id = households.collective_id and s.kind = 'shares')`,
  dividends: sql`(select json_agg(d order by d.year desc) from ${dividends} d where d.collective_id = households.collective_id)`,
  // Each member's latest membership event on the page's day (membership-latest.ts): their status, without two more reads.
  memberLatest: memberLatestPart(sql`households.id`),
  listings: sql`(select json_agg(l) from ${listings} l
     where l.seller_household_id = households.id and l.status in (${sql.join(
       LIVE_LISTING_STATUSES.map((s) => sql.raw(`'${s}'`)),
       sql`, `,
     )}))`,
};
type Part = keyof typeof PARTS;

/** One statement that reads the given parts of one household as a JSON object. */
const folded = (parts: Part[], name: string) => (db: Db) =>
  db
    .select({
      page: sql<J>`json_build_object(${sql.join(
        parts.map((k) => sql`${sql.raw(`'${k}'`)}, ${PARTS[k]}`),
        sql`, `,
      )})`,
    })
    .from(households)
    .where(eq(households.id, sql.placeholder('id')))
    .prepare(name);

const page = folded(Object.keys(PARTS) as Part[], 'household_page');
const detail = folded(['household', 'members', 'rights', 'parcels', 'certificates'], 'household_detail');

export const list = (v: unknown) => (Array.isArray(v) ? (v as J[]) : []);

/** The `memberLatest` part (each member's latest membership event) as membership.ts keys it. */
export const latestById = (v: unknown) => new Map(list(v).map((m) => [m.id as string, latestFromRow(m as unknown as LatestEventRow)]));

/** A household with its members and rights (null: no such household), for the API's household. */
export async function readHouseholdDetail(db: Db, householdId: string) {
  const [row] = await prepared(db, 'household_detail', detail).execute({ id: householdId });
  if (!row) return null;
  const p = row.page;
  return {
    household: rowFromJson(households, p.household as J),
    members: list(p.members).map((m) => rowFromJson(members, m)),
    rights: rightsOf(p),
  };
}

/** As rightDetails (rights-view.ts) returns them. */
export function rightsOf(p: J): RightDetail[] {
  const parcelRows = list(p.parcels).map((x) => rowFromJson(parcels, x));
  const certRows = list(p.certificates).map((x) => rowFromJson(certificates, x));
  return list(p.rights).map((x) => {
    const right = rowFromJson(rights, x.right as J);
    const certs = certRows.filter((c) => c.rightId === right.id);
    return {
      right,
      contract: x.contract ? rowFromJson(landContracts, x.contract as J) : undefined,
      parcels: right.kind === 'land' ? parcelRows.filter((q) => q.rightId === right.id) : undefined,
      homestead: x.homestead ? rowFromJson(homesteads, x.homestead as J) : undefined,
      shares: x.shares == null ? undefined : Number(x.shares),
      certificates: certs,
      validCertificate: certs.find((c) => c.status === 'valid'),
    };
  });
}

/**
 * The household page's data (null: no such household), as the separate reads returned it; each
 * member's latest membership event is the one in force on the Beijing day of `at`.
 */
export async function readHouseholdPage(db: Db, householdId: string, at: Date) {
  const [row] = await prepared(db, 'household_page', page).execute({ id: householdId, day: shanghaiDate(at) });
  if (!row) return null;
  const p = row.page;
  const household = rowFromJson(households, p.household as J);
  const collective = p.collective ? rowFromJson(collectives, p.collective as J) : null;
  const memberList = list(p.members).map((m) => rowFromJson(members, m));
  const actorNames: Record<string, string> = {};
  const history = list(p.history).map((x) => {
    const entry = rowFromJson(auditLog, x.entry as J);
    if (entry.actorId && x.actorName != null) actorNames[entry.actorId] = x.actorName as string;
    return entry;
  });
  const accounts = list(p.accounts).map((u) => ({
    id: u.id as string,
    username: u.username as string,
    displayName: u.displayName as string,
    memberId: (u.memberId ?? null) as string | null,
    active: u.active as boolean,
    awaitingActivation: u.awaitingActivation as boolean,
    lastLoginAt: u.lastLoginAt == null ? null : new Date(u.lastLoginAt as string),
  }));
  return {
    household,
    collective,
    members: memberList,
    rights: rightsOf(p),
    history,
    actorNames,
    accounts,
    allocated: Number(p.allocated ?? 0),
    dividends: list(p.dividends).map((d) => rowFromJson(dividends, d)),
    listings: list(p.listings).map((l) => rowFromJson(listings, l)),
    memberLatest: latestById(p.memberLatest),
  };
}
