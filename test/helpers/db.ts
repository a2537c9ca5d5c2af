import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../models/schema';
import { openDb, type Db, type Handle } from '../../server/platform/db';
import { EMBEDDED_APP_ROLE } from '../../server/platform/db-roles';
import { ensureRegions } from '../../server/admin/reference';
import { systemClock, useClock } from '../../server/kernel/clock';

let templateDump: Promise<Blob> | null = null;

/**
 * One migrated embedded cluster with the regions loaded, dumped once per test process;
 * each test file starts from a copy of it. Creating a PGlite cluster from nothing runs
 * initdb in WebAssembly (seconds); loading a dump skips that.
 */
function template(): Promise<Blob> {
  templateDump ??= (async () => {
    const h = await openDb({});
    await ensureRegions(h.db);
    const dump = await h.pglite!.dumpDataDir('none');
    await h.close();
    return dump;
  })();
  return templateDump;
}

/**
 * An embedded DATA_DIR folder (as the app keeps one on disk) started from the template: for the
 * tests whose subject is what happens to a DATA_DIR later (crashes, restores), not its initdb.
 */
export async function freshDataDir(dataDir: string): Promise<Handle> {
  return openDb({ dataDir, loadDataDir: await template() });
}

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when
 * DATABASE_URL names a PostgreSQL server, a new database created on it and dropped after.
 */
export async function freshDb(opts: { as?: 'app' | 'owner' } = {}): Promise<Handle & { url?: string }> {
  // A test file starts on the machine's clock, not on the test clock of the app another file in
  // this process built last (createApp sets the clock the trail, sessions and queues read).
  useClock(systemClock);
  const url = process.env.DATABASE_URL;
  if (!url) return openDb({ loadDataDir: await template(), as: opts.as });
  const name = `sq_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const h = await openDb({ url: u.toString(), as: opts.as });
  await ensureRegions(h.db);
  return {
    ...h,
    url: u.toString(),
    close: async () => {
      await h.close();
      await dropDatabase(url, name);
    },
  };
}

/**
 * Runs `fn` as the tables' owner, behind the app's back: what someone who holds the database
 * (not the app) can do, such as switching the trail's triggers off. On the embedded database
 * the session leaves the app's role for the while; on a server it is a connection of its own.
 */
export async function asOwner<T>(h: Handle & { url?: string; ownerUrl?: string }, fn: (db: Db) => Promise<T>): Promise<T> {
  if (h.pglite) {
    await h.pglite.exec('reset role');
    try {
      return await fn(h.db);
    } finally {
      await h.pglite.exec(`set role ${EMBEDDED_APP_ROLE}`);
    }
  }
  const client = new pg.Client({ connectionString: h.ownerUrl ?? h.url });
  await client.connect();
  try {
    return await fn(drizzle(client, { schema }) as unknown as Db);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database as production runs it: on a PostgreSQL server, two login roles made for it,
 * its owner (who migrates and grants) and the app's (h.db, h.url); on the embedded database the
 * app's session role (openDb's SET ROLE). Either way h.db cannot alter the trail, and asOwner can.
 */
export async function freshDbWithRoles(): Promise<Handle & { url?: string; ownerUrl?: string; roles?: { owner: string; app: string } }> {
  const server = process.env.DATABASE_URL;
  if (!server) return freshDb();
  const tag = randomBytes(5).toString('hex');
  const roles = { owner: `sq_owner_${tag}`, app: `sq_app_${tag}` };
  const password = randomBytes(12).toString('hex');
  const name = `sq_test_${tag}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (const r of Object.values(roles)) await admin.query(`create role ${r} login password '${password}'`);
  await admin.query(`create database ${name} owner ${roles.owner}`);
  await admin.end();
  const urlAs = (user: string) => {
    const u = new URL(server);
    Object.assign(u, { username: user, password, pathname: `/${name}` });
    return u.toString();
  };
  let h: Handle;
  try {
    h = await openDb({ url: urlAs(roles.app), ownerUrl: urlAs(roles.owner) });
    await ensureRegions(h.db);
  } catch (err) {
    await dropDatabase(server, name, Object.values(roles));
    throw err;
  }
  return {
    ...h,
    url: urlAs(roles.app),
    ownerUrl: urlAs(roles.owner),
    roles,
    close: async () => {
      await h.close();
      await dropDatabase(server, name, Object.values(roles));
    },
  };
}

async function dropDatabase(server: string, name: string, roles: string[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  // pool.end() resolves before its sockets have closed; dropping "with (force)" while they
  // close makes the pool emit an unhandled 'error'. So wait (briefly) until they are gone.
  for (let i = 0; i < 50; i++) {
    const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (r.rows[0].n === 0) break;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  await c.query(`drop database if exists ${name} with (force)`);
  for (const r of roles) await c.query(`drop role if exists ${r}`);
  await c.end();
}
