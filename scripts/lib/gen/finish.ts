import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rows, type Db } from '../../../server/platform/db';

// Before and after a bulk load into a PostgreSQL server: secondary indexes are dropped and
// built again once (far cheaper than maintaining them row by row, GIN trigram ones above
// all), sequences are moved past the generated numbers, summaries rebuilt, statistics taken.

export const BIG_TABLES = [
  'households',
  'members',
  'rights',
  'land_contracts',
  'parcels',
  'homesteads',
  'share_holdings',
  'certificates',
  'audit_log',
  'listings',
  'offers',
  'deals',
  'listing_consents',
];

export type IndexDef = { name: string; def: string };

/** Drops the indexes that back no constraint; returns their definitions to build them again. */
export async function dropIndexes(db: Db): Promise<IndexDef[]> {
  const defs = await rows<{ name: string; def: string }>(
    db,
    sql`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ${BIG_TABLES}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const d of defs) await db.execute(sql.raw(`drop index if exists "${d.name}"`));
  return defs;
}

/** Runs statements on two connections at once (one per core), with more memory for sorts. */
async function inParallel(url: string, statements: { label: string; sql: string }[], log: (s: string) => void): Promise<void> {
  const queue = [...statements];
  const worker = async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`set maintenance_work_mem = '512MB'`);
    try {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const t0 = Date.now();
        await c.query(d.sql);
        if (Date.now() - t0 > 2000) log(`  ${d.label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    } finally {
      await c.end();
    }
  };
  await Promise.all([worker(), worker()]);
}

export async function buildIndexes(url: string, defs: IndexDef[], log: (s: string) => void): Promise<void> {
  await inParallel(
    url,
    defs.map((d) => ({ label: `index ${d.name}`, sql: d.def })),
    log,
  );
}

export async function finish(
  db: Db,
  counters: { cert: number; deal: number; audit: number },
  url: string | undefined,
  log: (s: string) => void,
): Promise<void> {
  await db.execute(sql`select setval('certificate_number_seq', ${counters.cert + 1}, false)`);
  await db.execute(sql`select setval('deal_number_seq', ${counters.deal + 1}, false)`);
  await db.execute(sql`select setval(pg_get_serial_sequence('audit_log', 'seq'), ${counters.audit + 1}, false)`);
  // Statistics first: the summaries' rebuild is planned on them.
  await db.execute(sql`analyze`);
  log('summaries');
  await db.execute(sql`select stats_rebuild_all()`);
  // As autovacuum would leave a live system (and so that it does not start in the middle of
  // a benchmark): visibility maps set, so counts can use index-only scans.
  log('vacuum');
  if (url)
    await inParallel(
      url,
      BIG_TABLES.map((t) => ({ label: `vacuum ${t}`, sql: `vacuum analyze ${t}` })),
      log,
    );
  await db.execute(sql`vacuum analyze`);
}
