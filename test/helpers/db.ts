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
import { ensureRegions } from '../../server/admin/reference';
import { systemClock, useClock } from '../../server/kernel/clock';

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
 * DATABASE_URL names a PostgreSQL server, a new database created on it and dropped after.
 */
export async function freshDb(opts: { as?: 'app' | 'owner' } = {}): Promise<Handle & { url?: string }> {
  // A test file starts on the machine's clock, not on the test clock of the app another file in
  // this process built last (createApp sets the clock the trail, sessions and queues read).
  useClock(systemClock);
  const url = process.env.DATABASE_URL;
  if (!url) return opts.as === 'owner' ? openDb({ loadDataDir: await template(), as: 'owner' }) : embeddedFromTemplate();
  const name = `sq_test_${randomBytes(6).toString('hex')}`;
  const from = await serverTemplate(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${from}`);
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

// ---------------------------------------------------------------------------------------------
// Setup that is the same for every test file, done once (BENCHMARKS.md "The test suite's time").

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models/migrations');

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
      const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (exists.rowCount === 0) {
        const building = `${name}_${randomBytes(3).toString('hex')}`;
        await admin.query(`create database ${building}`);
        const u = new URL(url);
        u.pathname = `/${building}`;
        const h = await openDb({ url: u.toString() });
        await ensureRegions(h.db);
        await h.close();
        await waitUntilUnused(admin, building);
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

async function waitUntilUnused(c: pg.Client, name: string): Promise<void> {
  // pool.end() resolves before its sockets have closed.
  for (let i = 0; i < 50; i++) {
    const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (r.rows[0].n === 0) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

/**
 * On the embedded database: starting PGlite costs a second or two of CPU, whatever it loads
 * (a WebAssembly PostgreSQL booting), more than many test files' own tests. So a test file's
 * close hands its instance back instead, and the next file in this process gets it reset to
 * exactly the template's state: every table emptied, every sequence where the template had it,
 * the session reset (DISCARD ALL) and the app's role set again. If the file changed anything
 * else (a trigger switched off, a table, function, role or grant altered — the catalog's
 * fingerprint differs from the template's), the instance is closed and the next file starts a
 * new one from the template, as before.
 */
type State = {
  fingerprint: string;
  sequences: { name: string; value: string; called: boolean }[];
  tables: string[];
  /** The template's rows (the regions, and whatever a migration inserts), each table's as one JSON array. */
  rows: { table: string; json: string }[];
};
type Spare = State & { pglite: PGlite };
let spare: Spare | null = null;
let baseline: State | null = null;

const CATALOG_FINGERPRINT = `
  select md5(string_agg(x, E'\\n' order by x)) as f from (
    select 'rel ' || n.nspname || '.' || c.relname || ' ' || c.relkind::text || ' ' || coalesce(c.relacl::text, '') || ' ' || pg_get_userbyid(c.relowner)
      || ' ' || c.relrowsecurity::text || ' ' || coalesce(array_to_string(c.reloptions, ','), '') as x
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all select 'att ' || a.attrelid::regclass::text || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' ' || a.attnotnull::text
      || ' ' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') from pg_attribute a join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and a.attnum > 0 and not a.attisdropped
    union all select 'trg ' || t.tgrelid::regclass::text || ' ' || t.tgname || ' ' || t.tgenabled::text || ' ' || pg_get_triggerdef(t.oid) from pg_trigger t
    union all select 'con ' || conrelid::regclass::text || ' ' || conname || ' ' || convalidated::text || ' ' || pg_get_constraintdef(oid) from pg_constraint
      where connamespace not in (select oid from pg_namespace where nspname in ('pg_catalog', 'information_schema'))
    union all select 'idx ' || indexrelid::regclass::text || ' ' || pg_get_indexdef(indexrelid) from pg_index i join pg_class c on c.oid = i.indrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
    union all select 'fn ' || p.oid::regprocedure::text || ' ' || md5(coalesce(p.prosrc, '')) || ' ' || coalesce(p.proacl::text, '') || ' ' || p.prosecdef::text
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname not in ('pg_catalog', 'information_schema')
    union all select 'role ' || rolname || ' ' || rolsuper::text || ' ' || rolcanlogin::text || ' ' || rolbypassrls::text from pg_roles
    union all select 'member ' || roleid::regrole::text || ' ' || member::regrole::text from pg_auth_members
    union all select 'ns ' || nspname || ' ' || coalesce(nspacl::text, '') from pg_namespace
    union all select 'ext ' || extname || ' ' || extversion from pg_extension
    union all select 'pol ' || polrelid::regclass::text || ' ' || polname from pg_policy
    union all select 'set ' || coalesce(setdatabase::text, '') || ' ' || coalesce(setrole::text, '') || ' ' || array_to_string(setconfig, ',') from pg_db_role_setting
    union all select 'defacl ' || defaclrole::regrole::text || ' ' || defaclobjtype::text || ' ' || defaclacl::text from pg_default_acl
    union all select 'mig ' || count(*)::text from drizzle.__drizzle_migrations
  ) s`;

async function stateOf(p: PGlite, withRows = false): Promise<State> {
  const f = await p.query<{ f: string }>(CATALOG_FINGERPRINT);
  const seq = await p.query<{ name: string; value: string; called: boolean }>(
    `select format('%I.%I', schemaname, sequencename) as name, coalesce(last_value, start_value)::text as value, last_value is not null as called
       from pg_sequences where schemaname = 'public' order by 1`,
  );
  const t = await p.query<{ t: string }>(
    `select format('public.%I', tablename) as t from pg_tables where schemaname = 'public' order by 1`,
  );
  const tables = t.rows.map((r) => r.t);
  const rows: State['rows'] = [];
  for (const table of withRows ? tables : []) {
    const r = await p.query<{ j: string | null }>(`select json_agg(x)::text as j from ${table} x`);
    if (r.rows[0].j) rows.push({ table, json: r.rows[0].j });
  }
  return { fingerprint: f.rows[0].f, sequences: seq.rows, tables, rows };
}

async function embeddedFromTemplate(): Promise<Handle> {
  let p: PGlite;
  const reused = spare;
  spare = null;
  if (reused) {
    p = reused.pglite;
  } else {
    const h = await openDb({ loadDataDir: await template() });
    p = h.pglite!;
    if (!baseline) {
      await p.exec('reset role');
      baseline = await stateOf(p, true);
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
    const now = await stateOf(p);
    if (now.fingerprint !== baseline.fingerprint || now.tables.join() !== baseline.tables.join()) return false;
    const b = baseline;
    await p.transaction(async (tx) => {
      // As the template's owner with triggers off: the trail's table refuses TRUNCATE otherwise.
      await tx.exec('set local session_replication_role = replica');
      await tx.exec(`truncate ${b.tables.join(', ')}`);
      for (const r of b.rows)
        await tx.query(`insert into ${r.table} select * from json_populate_recordset(null::${r.table}, $1::json)`, [r.json]);
      for (const q of b.sequences) await tx.query('select setval($1, $2, $3)', [q.name, q.value, q.called]);
    });
    spare = { pglite: p, ...baseline };
    return true;
  } catch {
    return false;
  }
}
