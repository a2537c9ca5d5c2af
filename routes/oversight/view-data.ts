import type { Request } from 'express';
import type { TFunction } from 'i18next';
import {
  buildTables,
  childrenOf,
  currentNodeStats,
  nodeStats,
  resolveNode,
  show,
  type Child,
  type Filters,
  type Node,
  type Table,
} from '../../server/oversight/index';
import type { Db } from '../../server/platform/db';
import type { Actor } from '../../server/kernel/actor';

// What the dashboard, the export and the annual report share: the place, its tables, and
// the query strings that keep the filters when drilling down or exporting.

export function queryOf(params: Record<string, string | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return q.toString();
}

export const placeQuery = (n: Node) => (n.collectiveId ? { collective: n.collectiveId } : { region: n.code });
export const filterQuery = (f: Filters) => ({ from: f.from, to: f.to, kind: f.kind ?? '' });

/** Where a child place's row leads: its own dashboard, with the same filters. */
export const childLink = (f: Filters) => (c: Pick<Child, 'collective' | 'region'>) =>
  `/oversight?${queryOf({ ...(c.collective ? { collective: c.collective } : { region: c.region }), ...filterQuery(f) })}`;

/** `counted: 'fresh'` counts again even when nothing changed (the benchmark's database floor). */
export async function dashboardData(
  db: Db,
  actor: Actor,
  t: TFunction,
  q: Request['query'],
  f: Filters,
  counted: 'reuse' | 'fresh' = 'reuse',
) {
  const node = await resolveNode(db, actor, { region: str(q.region), collective: str(q.collective) });
  const [stats, children] = await Promise.all([
    counted === 'fresh' ? nodeStats(db, node, f) : currentNodeStats(db, node, f),
    childrenOf(db, node),
  ]);
  const tables = buildTables(t, stats, children, childLink(f));
  return { node, stats, children, tables, show };
}

/** Chart specs for the page script, from the same numbers as the tables. */
export function chartsOf(tables: Table[]) {
  return tables
    .filter((t) => t.chart)
    .map((t) => ({
      id: t.id,
      type: t.chart!.type,
      title: t.title,
      labels: t.rows.map((r) => String(r[t.chart!.label] ?? '')),
      datasets: t.chart!.data.map((i) => ({ label: t.columns[i], data: t.rows.map((r) => (typeof r[i] === 'number' ? r[i] : null)) })),
    }));
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
