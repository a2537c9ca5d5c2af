import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import * as schema from '../../models/schema';
import { openDb, type Db, type Handle } from '../../server/platform/db';
import { EMBEDDED_APP_ROLE } from '../../server/platform/db-roles';
import { isAlive } from '../../server/platform/data-dir-lock';
import { ensureRegions } from '../../server/admin/reference';
import { systemClock, useClock } from '../../server/kernel/clock';
import { resetTo, stateOf, type Query, type State } from './db-reset';

let templateDump: Promise<Blob> | null = null;

/**
 * One migrated embedded cluster with the regions loaded, dumped once per test process;
 * each test file starts from a copy of it. Creating a PGlite cluster from nothing runs
 * initdb in WebAssembly (seconds); loading a dump skips that.
 */
export function template(): Promise<Blob> {
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
 * DATABASE_URL names a PostgreSQL server, a database on it made from the template. Either is
 * reset to the template's state after the file and handed to the next file of the process, or,
 * when it cannot be, closed (dropped).
 */
export async function freshDb(opts: { as?: 'app' | 'owner' } = {}): Promise<Handle & { url?: string }> {
  // A test file starts on the machine's clock, not on the test clock of the app another file in
  // this process built last (createApp sets the clock the trail, sessions and queues read).
  useClock(systemClock);
  const url = process.env.DATABASE_URL;
  if (!url) return opts.as === 'owner' ? openDb({ loadDataDir: await template(), as: 'owner' }) : embeddedFromTemplate();
  const name = await serverDatabase(url);
  const u = databaseUrl(url, name);
  const h = await openDb({ url: u, as: opts.as });
  await ensureRegions(h.db);
  return {
    ...h,
    url: u,
    close: async () => {
      await h.close();
      if (!(await handBackServer(url, name))) await dropDatabase(url, name);
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
  // Dropping "with (force)" while a closed pool's sockets still close makes the pool emit an
  // unhandled 'error'. So wait (briefly) until they are gone.
  await waitUntilAlone(c, name);
  await c.query(`drop database if exists ${name} with (force)`);
  for (const r of roles) await c.query(`drop role if exists ${r}`);
  await c.end();
}

// ---------------------------------------------------------------------------------------------
// Setup that is the same for every test file, done once (BENCHMARKS.md "The test suite's time").

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const migrationsFolder = path.join(projectRoot, 'models/migrations');

/** A name that changes whenever a migration is added or edited: the template of that schema. */
function schemaTag(): string {
  const h = createHash('sha256');
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(e.name).update(fs.readFileSync(p));
    }
  };
  walk(migrationsFolder);
  return h.digest('hex').slice(0, 16);
}

let serverTemplateName: Promise<string> | null = null;

/**
 * On a PostgreSQL server: one database migrated with the regions loaded, made once per schema
 * (its name carries the migrations' hash) by whichever test process comes first; each test file's
 * database is a copy of it (`create database … template`), which skips running every migration
 * again. The template stays on the server for the next run; a new migration makes a new one.
 */
function serverTemplate(url: string): Promise<string> {
  serverTemplateName ??= (async () => {
    const name = `sq_tpl_${schemaTag()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query('select pg_advisory_lock(727002)');
      await dropOrphans(admin);
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_${randomBytes(3).toString('hex')}`;
        await admin.query(`create database ${building}`);
        const h = await openDb({ url: databaseUrl(url, building) });
        await ensureRegions(h.db);
        await h.close();
        await waitUntilAlone(admin, building);
        // Renamed when complete: a test process never copies a half-made template.
        await admin.query(`alter database ${building} rename to ${name}`);
      }
    } finally {
      await admin.query('select pg_advisory_unlock(727002)').catch(() => undefined);
      await admin.end();
    }
    return name;
  })();
  return serverTemplateName;
}

/**
 * Waits (up to 2 s) until `c` is the only session on the database `name`, or none is: true when
 * so. pool.end() resolves before its sockets have closed, so a file's connections linger briefly.
 */
async function waitUntilAlone(c: pg.Client, name: string): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    if (r.rows[0].n === 0) return true;
    await new Promise((ok) => setTimeout(ok, 10));
  }
  return false;
}

/**
 * On the embedded database: starting PGlite costs a second or two of CPU, whatever it loads
 * (a WebAssembly PostgreSQL booting), more than many test files' own tests. So a test file's
 * close hands its instance back instead, and the next file in this process gets it reset to
 * exactly the template's state (test/helpers/db-reset.ts), the session reset (DISCARD ALL) and
 * the app's role set again.
 */
let spare: PGlite | null = null;
let baseline: State | null = null;
const pgliteQuery =
  (p: PGlite): Query =>
  <T>(text: string, params?: unknown[]) =>
    p.query<T>(text, params);

async function embeddedFromTemplate(): Promise<Handle> {
  let p: PGlite;
  const reused = spare;
  spare = null;
  if (reused) {
    p = reused;
  } else {
    const h = await openDb({ loadDataDir: await template() });
    p = h.pglite!;
    if (!baseline) {
      await p.exec('reset role');
      baseline = await stateOf(pgliteQuery(p), { server: false, withRows: true });
    }
  }
  await p.exec(`set role ${EMBEDDED_APP_ROLE}`);
  const db = drizzlePglite(p, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    pglite: p,
    replicas: [],
    close: async () => {
      if (closed) return;
      closed = true;
      if (!(await handBack(p))) await p.close().catch(() => undefined);
    },
  };
}

/** Resets `p` to the template's state and keeps it for the next file; false when it cannot be. */
async function handBack(p: PGlite): Promise<boolean> {
  if (spare || !baseline) return false;
  try {
    await p.exec('rollback').catch(() => undefined);
    await p.exec('discard all');
    if (!(await resetTo(pgliteQuery(p), baseline, { server: false }))) return false;
    spare = p;
    return true;
  } catch {
    return false;
  }
}

/**
 * On a PostgreSQL server the same, with a database: CREATE DATABASE copies the template through
 * the WAL (0.2–0.6 s, most of it waiting for the disk), so a file's close resets its database and
 * keeps it for the next file of this process. Its name carries this process's id: what a killed
 * process left is dropped by the next run (serverTemplate), what a process that exits holds is
 * dropped as it exits.
 */
let serverSpare: string | null = null;
let serverBaseline: State | null = null;
const clientQuery =
  (c: pg.Client): Query =>
  <T>(text: string, params?: unknown[]) =>
    c.query(text, params) as unknown as Promise<{ rows: T[] }>;

function databaseUrl(server: string, name: string): string {
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** A database for one test file: the one the file before in this process handed back, or a new copy of the template. */
async function serverDatabase(server: string): Promise<string> {
  if (serverSpare) {
    const name = serverSpare;
    serverSpare = null;
    return name;
  }
  const from = await serverTemplate(server);
  const name = `sq_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withClient(server, (c) => c.query(`create database ${name} template ${from}`));
  serverBaseline ??= await withClient(databaseUrl(server, name), (c) => stateOf(clientQuery(c), { server: true, withRows: true }));
  return name;
}

/** Resets the database `name` to the template's state and keeps it for the next file; false when it cannot be. */
async function handBackServer(server: string, name: string): Promise<boolean> {
  if (serverSpare || !serverBaseline) return false;
  const baselineNow = serverBaseline;
  try {
    const kept = await withClient(databaseUrl(server, name), async (c) => {
      // Only a database nobody else holds: a server or client the file left running would write into the next file's.
      if (!(await waitUntilAlone(c, name))) return false;
      return (await resetTo(clientQuery(c), baselineNow, { server: true })) && (await waitUntilAlone(c, name));
    });
    if (!kept) return false;
    serverSpare = name;
    dropSpareAtExit(server);
    return true;
  } catch {
    return false;
  }
}

let exitHook = false;
function dropSpareAtExit(server: string): void {
  if (exitHook) return;
  exitHook = true;
  // An exit handler cannot wait for a promise: a short child process drops the database.
  const drop = `const pg = require('pg'); const c = new pg.Client(process.argv[1]);
    c.connect().then(() => c.query('drop database if exists ' + process.argv[2] + ' with (force)')).catch(() => {}).finally(() => c.end());`;
  process.on('exit', () => {
    if (serverSpare) spawnSync(process.execPath, ['-e', drop, server, serverSpare], { cwd: projectRoot, stdio: 'ignore', timeout: 10_000 });
  });
}

/** Drops the databases of test processes that are gone (killed before their exit handler ran); returns their names. */
export async function dropOrphans(admin: pg.Client): Promise<string[]> {
  const r = await admin.query<{ datname: string }>(`select datname from pg_database where datname ~ '^sq_test_[0-9]+_[0-9a-f]+$'`);
  const gone = r.rows.map((x) => x.datname).filter((name) => !isAlive(Number(name.split('_')[2])));
  for (const name of gone) await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
  return gone;
}
