import { sql, type SQL } from 'drizzle-orm';
import type { LISTING_STATUSES } from '../../models/market';
import { rows, type Db } from '../platform/db';
import type { Filters } from './filters';
import { childKey, nodeWhere, type Node } from './scope';

export const kindIs = (f: Filters, col: SQL) => (f.kind ? sql`and ${col} = ${f.kind}` : sql``);
export const shanghaiMonth = (col: SQL) => sql`to_char(${col} at time zone 'Asia/Shanghai', 'YYYY-MM')`;

// Listing flows. A city or county is read from listing_month_stats (per township and month,
// kept by a trigger on listings, migration 0007): a few thousand rows instead of every
// listing of the city. A township or smaller has a few hundred listings: read live.
const fromSummary = (node: Node) => node.level === 'city' || node.level === 'county';
const listingSummaryWhere = (node: Node, f: Filters) =>
  sql`s.township_code like ${node.prefix + '%'} and s.month >= ${f.from} and s.month <= ${f.to} ${kindIs(f, sql`s.kind`)}`;

export type StatusRow = { k: string; status: (typeof LISTING_STATUSES)[number]; count: number; suspended: number };
export function listingsByStatus(db: Db, node: Node, f: Filters): Promise<StatusRow[]> {
  if (fromSummary(node)) {
    return rows<StatusRow>(
      db,
      sql`
      select left(s.township_code, ${sql.raw(node.level === 'city' ? '6' : '9')}) as k, s.status, sum(s.started) as count,
        coalesce(sum(s.started) filter (where s.suspended), 0) as suspended
      from listing_month_stats s where ${listingSummaryWhere(node, f)} group by 1, 2`,
    );
  }
  return rows<StatusRow>(
    db,
    sql`
    select ${childKey(node, 'l')} as k, l.status, count(*) as count, count(*) filter (where l.suspended_at is not null) as suspended
    from listings l where ${nodeWhere(node, 'l')}
      and l.created_at >= ${f.fromAt.toISOString()} and l.created_at < ${f.toAt.toISOString()} ${kindIs(f, sql`l.right_kind`)}
    group by 1, 2`,
  );
}

export type MonthCount = { month: string; started: number; submitted: number };
export function listingsByMonth(db: Db, node: Node, f: Filters): Promise<MonthCount[]> {
  if (fromSummary(node)) {
    return rows<MonthCount>(
      db,
      sql`select s.month, sum(s.started) as started, sum(s.submitted) as submitted
      from listing_month_stats s where ${listingSummaryWhere(node, f)} group by 1`,
    );
  }
  const from = f.fromAt.toISOString();
  const to = f.toAt.toISOString();
  return rows<MonthCount>(
    db,
    sql`select m as month, count(*) filter (where w = 'c') as started, count(*) filter (where w = 's') as submitted from (
      select ${shanghaiMonth(sql`l.created_at`)} as m, 'c' as w from listings l where ${nodeWhere(node, 'l')} and l.created_at >= ${from} and l.created_at < ${to} ${kindIs(f, sql`l.right_kind`)}
      union all
      select ${shanghaiMonth(sql`l.submitted_at`)}, 's' from listings l where ${nodeWhere(node, 'l')} and l.submitted_at >= ${from} and l.submitted_at < ${to} ${kindIs(f, sql`l.right_kind`)}) x group by 1`,
  );
}
