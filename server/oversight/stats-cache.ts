import { sql } from 'drizzle-orm';
import { rows, type Db } from '../platform/db';
import type { Filters } from './filters';
import type { Node } from './scope';
import { nodeStats, type Stats } from './stats';

// The dashboard's figures, reused while nothing has been written. Every change to the registry
// and the market is recorded in the trail in its own transaction, and trail entries are numbered
// in commit order (audit.ts takes one lock per writer), so the trail's last number says whether
// anything changed since the figures were counted: the same number, the same figures. A page
// therefore costs one index lookup while the data is still, and never shows stale numbers. Many
// bureau users opening the same place at once share one count (the pending promise is kept).

const MAX_ENTRIES = 500;
type Entry = { seq: number; stats: Promise<Stats> };
// One cache per database handle (tests open many databases in one process).
const caches = new WeakMap<Db, Map<string, Entry>>();

const keyOf = (node: Node, f: Filters) => `${node.collectiveId ?? node.code}|${f.from}|${f.to}|${f.kind ?? ''}`;

/** The trail's last entry number: it moves with every committed change to the registry and the market. */
export async function lastTrailSeq(db: Db): Promise<number> {
  const [r] = await rows<{ seq: string | number | null }>(db, sql`select max(seq) as seq from audit_log`);
  return Number(r?.seq ?? 0);
}

export async function currentNodeStats(db: Db, node: Node, f: Filters): Promise<Stats> {
  const seq = await lastTrailSeq(db);
  const key = keyOf(node, f);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && hit.seq === seq) return hit.stats;
  const stats = nodeStats(db, node, f);
  cache.set(key, { seq, stats });
  // A failed count is not kept: the next request counts again.
  stats.catch(() => {
    if (cache.get(key)?.stats === stats) cache.delete(key);
  });
  if (cache.size > MAX_ENTRIES) {
    for (const [k, v] of cache) if (v.seq !== seq || cache.size > MAX_ENTRIES) cache.delete(k);
  }
  return stats;
}
