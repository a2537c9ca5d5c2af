import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '../../server/platform/db';
import type { Agent } from './http';

// Independent counts for the oversight tests: plain queries written without the module's
// SQL (no group-by roll-up, no lateral joins), so that a mistake there shows as a mismatch.

const one = async (db: Db, q: ReturnType<typeof sql>) => Number((await rows<{ n: unknown }>(db, q))[0]?.n ?? 0);
const LIVE = sql.raw(`('active', 'listed', 'in_transaction')`);

export type Where = ReturnType<typeof sql>; // a condition on a table with region_code and collective_id

export async function directCounts(db: Db, w: Where, period: { from: Date; to: Date }) {
  const hh = sql`select id from households where ${w}`;
  const settledHh = sql`select id from households where ${w} and hukou_status = 'settled_city'`;
  const live = (kind: string) => sql`select id from rights where ${w} and kind = ${kind} and status in ${LIVE}`;
  const kind = async (k: 'land' | 'homestead' | 'shares') => {
    const area =
      k === 'land'
        ? sql`select coalesce(sum(area_mu_centi), 0) as n from parcels where status = 'active' and right_id in (${live(k)})`
        : k === 'homestead'
          ? sql`select coalesce(sum(area_m2_centi), 0) as n from homesteads where right_id in (${live(k)})`
          : sql`select coalesce(sum(shares), 0) as n from share_holdings where right_id in (${live(k)})`;
    const settledArea =
      k === 'land'
        ? sql`select coalesce(sum(area_mu_centi), 0) as n from parcels where status = 'active' and right_id in (${live(k)} and household_id in (${settledHh}))`
        : k === 'homestead'
          ? sql`select coalesce(sum(area_m2_centi), 0) as n from homesteads where right_id in (${live(k)} and household_id in (${settledHh}))`
          : sql`select coalesce(sum(shares), 0) as n from share_holdings where right_id in (${live(k)} and household_id in (${settledHh}))`;
    return {
      count: await one(db, sql`select count(*) as n from (${live(k)}) x`),
      units: await one(db, area),
      certified: await one(
        db,
        sql`select count(distinct right_id) as n from certificates where status = 'valid' and right_id in (${live(k)})`,
      ),
      settledCount: await one(db, sql`select count(*) as n from (${live(k)} and household_id in (${settledHh})) x`),
      settledUnits: await one(db, settledArea),
    };
  };
  const statuses = await rows<{ status: string; n: unknown }>(
    db,
    sql`select status, count(*) as n from listings
    where ${w} and created_at >= ${period.from.toISOString()} and created_at < ${period.to.toISOString()} group by status`,
  );
  return {
    households: await one(db, sql`select count(*) as n from households where ${w}`),
    persons: await one(db, sql`select count(*) as n from members where household_id in (${hh})`),
    settledHouseholds: await one(db, sql`select count(*) as n from (${settledHh}) x`),
    settledPersons: await one(db, sql`select count(*) as n from members where hukou_status = 'settled_city' and household_id in (${hh})`),
    land: await kind('land'),
    homestead: await kind('homestead'),
    shares: await kind('shares'),
    listings: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])) as Record<string, number>,
    suspended: await one(
      db,
      sql`select count(*) as n from listings where ${w} and suspended_at is not null
      and created_at >= ${period.from.toISOString()} and created_at < ${period.to.toISOString()}`,
    ),
  };
}

/** A table's CSV export as rows of strings (BOM checked and dropped). */
export async function csvTable(agent: Agent, query: string, table: string): Promise<string[][]> {
  const res = await agent
    .get(`/oversight/export?${query}&table=${table}&format=csv`)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  if (res.status !== 200) throw new Error(`export ${table}: ${res.status}`);
  const buf = res.body as Buffer;
  if (buf[0] !== 0xef || buf[1] !== 0xbb || buf[2] !== 0xbf) throw new Error('CSV without UTF-8 BOM');
  return parse(buf.subarray(3).toString('utf8')) as string[][];
}

/** The row whose first cell is `label`, as numbers (blank → null). */
export function rowOf(table: string[][], label: string): (number | null)[] {
  const r = table.find((x) => x[0] === label);
  if (!r) throw new Error(`no row ${label} in ${JSON.stringify(table.map((x) => x[0]))}`);
  return r.slice(1).map((v) => (v === '' || Number.isNaN(Number(v)) ? null : Number(v)));
}

/** Quantiles as PostgreSQL's percentile_cont computes them (linear interpolation). */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
