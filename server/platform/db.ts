import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import * as schema from '../../models/schema';
import type { DbTimeouts } from './config';
import { EMBEDDED_APP_ROLE, embeddedRoleStatements, grantStatements } from './db-roles';

import type { Db, Tx } from './db-types';
export type { Db, Tx } from './db-types';
/** A streaming replica the app reads from (server/platform/reads.ts); `name` is for the log (no credentials). */
export type Replica = { db: Db; name: string };
/** `replicas`: read-only pools on DATABASE_READ_URL's servers (none: the primary serves every read). */
export type Handle = { db: Db; kind: 'pglite' | 'pg'; close: () => Promise<void>; pglite?: PGlite; replicas: Replica[] };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../models/migrations');

export type OpenOptions = {
  /** A PostgreSQL server: the role the app's queries run as. */
  url?: string;
  /** The tables' owner: migrates, and grants the app's role what it needs. Default: url itself (development). */
  ownerUrl?: string;
  /** The embedded database's folder (none: in memory). */
  dataDir?: string;
  /** Start the embedded database from a dumped, already-initialised cluster (skips initdb; tests use it). */
  loadDataDir?: Blob;
  /** 'owner': scripts that load or empty the tables (the generator) keep the owner's powers. */
  as?: 'app' | 'owner';
  /** False: the schema is known to be current (cluster workers, after the primary migrated). */
  migrate?: boolean;
  /** The app's limits on a server; scripts, whose statements may rightly run for minutes, pass none. */
  timeouts?: DbTimeouts;
  /** Streaming replicas of `url`'s server, as the app's role: a read-only pool each (README "Read replicas"). */
  readUrls?: string[];
};

/**
 * Opens a PostgreSQL server (url given), an embedded PGlite in dataDir, or an in-memory PGlite
 * (neither), migrated, with the app's queries running as a role that does not own the tables
 * (db-roles.ts) unless `as: 'owner'`.
 */
export async function openDb(opts: OpenOptions): Promise<Handle> {
  if (opts.url) {
    const pool = serverPool(opts.as === 'owner' ? (opts.ownerUrl ?? opts.url) : opts.url, opts.timeouts);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    try {
      if (opts.migrate !== false)
        await migrateServer(opts.ownerUrl ?? opts.url, opts.ownerUrl && opts.as !== 'owner' ? pool : null, opts.timeouts);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw err;
    }
    // Every transaction on a replica's pool is read-only: a write sent there by mistake fails
    // at once, also where the URL names the primary itself (a replica promoted after a failover).
    const reads = (opts.readUrls ?? []).map((u) => ({ pool: serverPool(u, opts.timeouts, { readOnly: true }), name: serverName(u) }));
    const replicas = reads.map((r) => ({ db: drizzlePg(r.pool, { schema }) as unknown as Db, name: r.name }));
    const close = async () => {
      await Promise.all([pool.end(), ...reads.map((r) => r.pool.end())]);
    };
    return { db, kind: 'pg', close, replicas };
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: opts.dataDir, extensions: { pg_trgm }, loadDataDir: opts.loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  try {
    await migratePglite(db as never, { migrationsFolder });
    // One process holds the embedded database, as its superuser: the app's session drops to a
    // role that does not own the tables. It stops the app's own code from altering the trail;
    // it is no boundary against code running in this process or a copy of DATA_DIR (README).
    if (opts.as !== 'owner') {
      await client.exec(embeddedRoleStatements().join(';\n'));
      await client.exec(`set role ${EMBEDDED_APP_ROLE}`);
    }
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return { db, kind: 'pglite', close: () => client.close(), pglite: client, replicas: [] };
}

/**
 * The app's connections. Without limits, a database that stops answering (a dropped network
 * path, a hung server) holds every request that touches it, for ever. With them: a connection
 * is given up after connectMs, a statement is cancelled by the server after statementMs, a
 * transaction left idle is ended after idleInTransactionMs, and the client stops waiting for an
 * answer a little after the server would have cancelled (the connection itself may be gone).
 */
function serverPool(url: string, t?: DbTimeouts, o: { readOnly?: boolean } = {}): pg.Pool {
  // JIT off: for this app's short queries PostgreSQL's JIT compile (hundreds of ms when a
  // plan's estimated cost is high, e.g. the dashboard's correlated subqueries) costs far
  // more than it could save (benchmarks, BENCHMARKS.md).
  const options = [
    '-c jit=off',
    ...(t ? [`-c statement_timeout=${t.statementMs}`, `-c idle_in_transaction_session_timeout=${t.idleInTransactionMs}`] : []),
    ...(o.readOnly ? ['-c default_transaction_read_only=on'] : []),
  ];
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    options: options.join(' '),
    keepAlive: true,
    ...(t ? { connectionTimeoutMillis: t.connectMs, query_timeout: t.statementMs + 5_000 } : {}),
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the pool replaces it and the next query reconnects.
  pool.on('error', (err) => console.error('postgres pool: idle connection lost:', err.message));
  return pool;
}

/** host:port/database of a URL, for the log: never its user or password. */
function serverName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'replica';
  }
}

/**
 * Migrates as the owner, then grants the app's role (when it is another one) what it needs.
 * Several instances may start together: one migrates, the others wait for it.
 */
async function migrateServer(ownerUrl: string, appPool: pg.Pool | null, t?: DbTimeouts): Promise<void> {
  const owner = new pg.Client({
    connectionString: ownerUrl,
    options: '-c jit=off',
    ...(t ? { connectionTimeoutMillis: t.connectMs } : {}),
  });
  try {
    await owner.connect();
    await owner.query('select pg_advisory_lock(727001)');
    await migratePg(drizzlePg(owner, { schema }) as never, { migrationsFolder });
    if (appPool) {
      const [app, me] = await Promise.all([appPool.query('select current_user as r'), owner.query('select current_user as r')]);
      const role = app.rows[0].r as string;
      if (role !== me.rows[0].r) await owner.query(grantStatements(role).join(';\n'));
    }
  } finally {
    await owner.end().catch(() => undefined);
  }
}

export async function rows<T>(db: Db | Tx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
