import { sql, type SQL } from 'drizzle-orm';
import { LISTING_STATUSES } from '../../models/market';
import { RIGHT_KINDS, type RightKind } from '../../models/rights';
import { rows, type Db } from '../platform/db';
import type { Filters } from './filters';
import { kindIs, listingsByMonth, listingsByStatus, type MonthCount } from './listing-flows';
import { childKey, nodeWhere, type Node } from './scope';

// Statistics of one node of the drill-down (city → county → township → village → collective).
//
// Design for scale (target: a city of 500,000 households, dashboard p95 under 150 ms): the
// stock figures (households, persons, live rights with their units and certificates, new
// households and settlements per month) are read from the per-collective summary tables
// (models/stats.ts), which triggers keep equal to the registry in the same transaction as
// every change (migration 0004): a city is a sum over its few thousand collectives, not a
// scan of millions of rows. Listing flows of a city or county come from a per-township
// monthly summary that a trigger keeps in the writing transaction (migration 0007); deals
// and prices from deal_facts, one narrow row per registered deal with its month stored
// (migrations 0005, 0007), filtered by `region_code like 'prefix%'` (text_pattern_ops
// indexes); no per-row time-zone formatting. Each query groups once by the node's child (the region code
// cut to the child's length, or the collective), and the totals are rolled up here in code
// from those groups, so one pass serves both the totals and the drill-down table. Medians
// cannot be rolled up, so prices are computed for the node itself.

export type KindStat = { count: number; units: number; certified: number; settledCount: number; settledUnits: number };
export type DealStat = { count: number; units: number; valueFen: number };
export type ListingStatus = (typeof LISTING_STATUSES)[number];
export type Cell = {
  households: number;
  settledHouseholds: number;
  persons: number;
  settledPersons: number;
  rights: Record<RightKind, KindStat>;
  listings: Record<ListingStatus | 'suspended' | 'total', number>;
  deals: Record<'transfer' | 'exit', Record<RightKind, DealStat>>;
};
export type PriceStat = { count: number; median: number; p25: number; p75: number; min: number; max: number };
export type MonthRow = {
  month: string;
  households: number;
  settlements: number;
  listings: number;
  submitted: number;
  transfers: number;
  exits: number;
  valueFen: number;
  median: Record<RightKind, number | null>;
};
export type Stats = { total: Cell; byChild: Record<string, Cell>; prices: Record<RightKind, PriceStat | null>; series: MonthRow[] };

const n = (v: unknown) => Number(v ?? 0);

export function emptyCell(): Cell {
  const kinds = <T>(f: () => T) => Object.fromEntries(RIGHT_KINDS.map((k) => [k, f()])) as Record<RightKind, T>;
  return {
    households: 0,
    settledHouseholds: 0,
    persons: 0,
    settledPersons: 0,
    rights: kinds(() => ({ count: 0, units: 0, certified: 0, settledCount: 0, settledUnits: 0 })),
    listings: Object.fromEntries([...LISTING_STATUSES, 'suspended', 'total'].map((s) => [s, 0])) as Cell['listings'],
    deals: { transfer: kinds(() => ({ count: 0, units: 0, valueFen: 0 })), exit: kinds(() => ({ count: 0, units: 0, valueFen: 0 })) },
  };
}

/** The summary tables' rows of the node (collective_stats s join collectives c). */
function summaryWhere(node: Node): SQL {
  return node.collectiveId ? sql`s.collective_id = ${node.collectiveId}` : sql`c.region_code like ${node.prefix + '%'}`;
}

/** The node's child a summary row belongs to, named as childKey names it for registry rows. */
function summaryKey(node: Node): SQL {
  if (node.level === 'village' || node.level === 'collective') return sql`s.collective_id::text`;
  return sql`left(c.region_code, ${sql.raw(String(node.level === 'city' ? 6 : node.level === 'county' ? 9 : 12))})`;
}

/** Registered deals of the node in the period with what changed hands: centi-mu, centi-m² or shares (deal_facts, migration 0005). */
export function registeredDeals(node: Node, f: Filters): SQL {
  return sql`
    select ${childKey(node, 'd')} as k, d.path, d.kind, d.price_fen, d.registered_at, d.month, d.units
    from deal_facts d
    where ${nodeWhere(node, 'd')}
      and d.registered_at >= ${f.fromAt.toISOString()} and d.registered_at < ${f.toAt.toISOString()} ${kindIs(f, sql`d.kind`)}`;
}

/** fen per mu (land), per m² (homestead), per share. */
export const UNIT_PRICE = sql`(case when kind = 'shares' then price_fen::numeric / units else price_fen::numeric * 100 / units end)`;

/** The queries nodeStats runs (for progress: `onStep` is called as each one ends). */
export const STAT_STEPS = 7;

export async function nodeStats(db: Db, node: Node, f: Filters, onStep?: () => void): Promise<Stats> {
  const step = <T>(p: Promise<T>): Promise<T> =>
    onStep
      ? p.then((v) => {
          onStep();
          return v;
        })
      : p;
  const [hh, rs, ls, ds, prices, hm, lm] = await Promise.all([
    step(
      rows<{ k: string; households: number; settled: number; persons: number; settled_persons: number }>(
        db,
        sql`
      select ${summaryKey(node)} as k, sum(s.households) as households, sum(s.settled_households) as settled,
        sum(s.persons) as persons, sum(s.settled_persons) as settled_persons
      from collective_stats s join collectives c on c.id = s.collective_id where ${summaryWhere(node)} group by 1`,
      ),
    ),
    step(
      rows<{ k: string; kind: RightKind; count: number; units: number; certified: number; settled_count: number; settled_units: number }>(
        db,
        sql`
      select ${summaryKey(node)} as k, s.kind, sum(s.count) as count, sum(s.units) as units, sum(s.certified) as certified,
        sum(s.settled_count) as settled_count, sum(s.settled_units) as settled_units
      from collective_right_stats s join collectives c on c.id = s.collective_id where ${summaryWhere(node)} ${kindIs(f, sql`s.kind`)}
      group by 1, 2`,
      ),
    ),
    step(listingsByStatus(db, node, f)),
    step(dealsBy(db, node, f)),
    step(priceStats(db, node, f)),
    step(
      rows<{ month: string; n: number; settled: number }>(
        db,
        sql`select s.month, sum(s.new_households) as n, sum(s.settlements) as settled
      from collective_month_stats s join collectives c on c.id = s.collective_id
      where ${summaryWhere(node)} and s.month >= ${f.from} and s.month <= ${f.to} group by 1`,
      ),
    ),
    step(listingsByMonth(db, node, f)),
  ]);
  const dealRows = ds.filter((r) => r.month === null);
  const series = monthly(f, hm, lm, ds.filter((r) => r.month !== null) as (DealRow & { month: string })[], prices.byMonth);
  const byChild: Record<string, Cell> = {};
  const total = emptyCell();
  const cell = (k: string) => (byChild[k] ??= emptyCell());
  const add = (k: string, fn: (c: Cell) => void) => {
    fn(cell(k));
    fn(total);
  };
  for (const r of hh)
    add(r.k, (c) => {
      c.households += n(r.households);
      c.settledHouseholds += n(r.settled);
      c.persons += n(r.persons);
      c.settledPersons += n(r.settled_persons);
    });
  for (const r of rs)
    add(r.k, (c) => {
      const s = c.rights[r.kind];
      s.count += n(r.count);
      s.units += n(r.units);
      s.certified += n(r.certified);
      s.settledCount += n(r.settled_count);
      s.settledUnits += n(r.settled_units);
    });
  for (const r of ls)
    add(r.k, (c) => {
      c.listings[r.status] += n(r.count);
      c.listings.suspended += n(r.suspended);
      c.listings.total += n(r.count);
    });
  for (const r of dealRows)
    add(r.k!, (c) => {
      const s = c.deals[r.path!][r.kind!];
      s.count += n(r.count);
      s.units += n(r.units);
      s.valueFen += n(r.value);
    });
  return { total, byChild, prices: prices.all, series };
}

// One pass over the period's deal facts serves two groupings at once (GROUPING SETS): per child,
// path and kind (the tables), and per month (the series); likewise the prices per kind and the
// monthly medians per kind. Half the scans and sorts of one query per grouping.
type DealRow = {
  k: string | null;
  path: 'transfer' | 'exit' | null;
  kind: RightKind | null;
  month: string | null;
  count: number;
  units: number;
  value: number;
  transfers: number;
  exits: number;
};
function dealsBy(db: Db, node: Node, f: Filters): Promise<DealRow[]> {
  return rows<DealRow>(
    db,
    sql`
    select k, path, kind, month, count(*) as count, coalesce(sum(units), 0) as units, coalesce(sum(price_fen), 0) as value,
      count(*) filter (where path = 'transfer') as transfers, count(*) filter (where path = 'exit') as exits
    from (${registeredDeals(node, f)}) x group by grouping sets ((k, path, kind), (month))`,
  );
}

type Prices = { all: Record<RightKind, PriceStat | null>; byMonth: { month: string; kind: RightKind; median: number }[] };
async function priceStats(db: Db, node: Node, f: Filters): Promise<Prices> {
  const got = await rows<{
    kind: RightKind;
    month: string | null;
    count: number;
    median: number;
    p25: number;
    p75: number;
    min: number;
    max: number;
  }>(
    db,
    sql`
    select kind, month, count(*) as count,
      percentile_cont(0.5) within group (order by up) as median, percentile_cont(0.25) within group (order by up) as p25,
      percentile_cont(0.75) within group (order by up) as p75, min(up) as min, max(up) as max
    from (select kind, month, ${UNIT_PRICE} as up from (${registeredDeals(node, f)}) d where units > 0) x group by grouping sets ((kind), (month, kind))`,
  );
  const all = Object.fromEntries(RIGHT_KINDS.map((k) => [k, null])) as Record<RightKind, PriceStat | null>;
  for (const r of got) {
    if (r.month !== null) continue;
    all[r.kind] = {
      count: n(r.count),
      median: Math.round(n(r.median)),
      p25: Math.round(n(r.p25)),
      p75: Math.round(n(r.p75)),
      min: Math.round(n(r.min)),
      max: Math.round(n(r.max)),
    };
  }
  return { all, byMonth: got.filter((r) => r.month !== null) as Prices['byMonth'] };
}

function monthly(
  f: Filters,
  hm: { month: string; n: number; settled: number }[],
  ls: MonthCount[],
  ds: (DealRow & { month: string })[],
  md: Prices['byMonth'],
): MonthRow[] {
  const at = (list: { month: string }[], m: string) => list.find((r) => r.month === m) as Record<string, unknown> | undefined;
  return f.months.map((m) => ({
    month: m,
    households: n(at(hm, m)?.n),
    settlements: n(at(hm, m)?.settled),
    listings: n(at(ls, m)?.started),
    submitted: n(at(ls, m)?.submitted),
    transfers: n(at(ds, m)?.transfers),
    exits: n(at(ds, m)?.exits),
    valueFen: n(at(ds, m)?.value),
    median: Object.fromEntries(
      RIGHT_KINDS.map((k) => {
        const r = md.find((x) => x.month === m && x.kind === k);
        return [k, r ? Math.round(n(r.median)) : null];
      }),
    ) as Record<RightKind, number | null>,
  }));
}
