import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from '../models/schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Handle = { db: Db; kind: 'pglite' | 'pg'; close: () => Promise<void>; pglite?: PGlite };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../models/migrations');

/** Opens a PostgreSQL server (url given), an embedded PGlite in dataDir, or an in-memory PGlite (neither). */
export async function openDb(opts: { url?: string; dataDir?: string; loadDataDir?: Blob }): Promise<Handle> {
  if (opts.url) {
    // JIT off: for this app's short queries PostgreSQL's JIT compile (hundreds of ms when a
    // plan's estimated cost is high, e.g. the dashboard's correlated subqueries) costs far
    // more than it could save (benchmarks, BENCHMARKS.md).
    const pool = new pg.Pool({ connectionString: opts.url, max: 10, options: '-c jit=off' });
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the pool replaces it and the next query reconnects.
    pool.on('error', (err) => console.error('postgres pool: idle connection lost:', err.message));
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    // Several instances may start together: one migrates, the others wait for it.
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock(727001)');
      await migratePg(db as never, { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock(727001)').catch(() => undefined);
      client.release();
    }
    return { db, kind: 'pg', close: () => pool.end() };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // loadDataDir starts from a dumped, already-initialised cluster, which skips initdb (tests use it).
  const client = await PGlite.create({ dataDir: opts.dataDir, extensions: { pg_trgm }, loadDataDir: opts.loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(db as never, { migrationsFolder });
  return { db, kind: 'pglite', close: () => client.close(), pglite: client };
}

export async function rows<T>(db: Db | Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
