import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INSERT_POSITION_SQL, insertFence, lsnText } from '../../server/platform/lsn';
import { binDir, type Cluster, forget, pgTool, start, stopCluster, tempFolder, withClient, writeConf } from './pg-cluster';
import { freePort } from './spawn-server';

// A real streaming replica for the tests (README "Read replicas"), made with Debian's PostgreSQL
// tools: `pg_basebackup -R` copies a running primary into a folder of its own, and that copy,
// started on a free port, replays the primary's write-ahead log as it streams in.
//
// The primary is DATABASE_URL's server when it lets a replica connect; a server installed the
// Debian way does not (its pg_hba.conf has no `replication` line), and a test must not change
// a machine's server. The helper then makes a primary of its own with initdb, on another free
// port. Both clusters run as the `postgres` OS user (PostgreSQL refuses root) in a temporary
// folder, and are stopped and deleted after, also when the test process exits early.
// Nothing is skipped: when no replica can be made, the error says why.

// A base backup of a server that large would take most of a test run: a small primary is made instead.
const MAX_SERVER_BYTES = 512 * 1024 * 1024;

export type Replication = {
  /** 'server': a replica of DATABASE_URL's server; 'own': of a primary this helper started (`why`: the server's refusal). */
  source: 'server' | 'own';
  why?: string;
  primaryUrl(database: string): string;
  replicaUrl(database: string): string;
  /** A new database on the primary, there on the replica too when this returns. */
  createDatabase(): Promise<string>;
  /** Stops replaying (the replica keeps receiving); resolves once replay has stopped. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Resolves once the replica has replayed everything the primary had written when called. */
  caughtUp(): Promise<void>;
  /** One statement on the primary or the replica, in `database`. */
  query<T = Record<string, unknown>>(where: 'primary' | 'replica', database: string, text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
};

/** Settings a hot standby must have at least as high as its primary's, or it refuses to start. */
const AT_LEAST_PRIMARY = [
  'max_connections',
  'max_worker_processes',
  'max_wal_senders',
  'max_prepared_transactions',
  'max_locks_per_transaction',
];

/** initdb, a primary that lets replicas connect (trust on 127.0.0.1 only), started on a free port. */
async function ownPrimary(dir: string): Promise<Cluster> {
  const bin = binDir();
  const c = { dir: path.join(dir, 'primary'), port: await freePort(), bin };
  await pgTool(bin, 'initdb', ['-D', c.dir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const conf = path.join(c.dir, 'postgresql.conf');
  writeFileSync(
    conf,
    `${readFileSync(conf, 'utf8')}\nlisten_addresses = '127.0.0.1'\nport = ${c.port}\nunix_socket_directories = '${dir}'\n` +
      "wal_level = replica\nmax_wal_senders = 5\nwal_keep_size = '256MB'\nshared_buffers = '64MB'\n",
  );
  await start(c);
  return c;
}

/** A user's part of a server URL for pg_basebackup, whose connection goes to the server's host and port. */
function backupSource(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password),
  };
}

/** `pg_basebackup -R` of the primary at `url` into dir/replica, configured to run on a free port. */
async function replicaOf(url: string, dir: string, bin: string): Promise<Cluster> {
  const src = backupSource(url);
  const c = { dir: path.join(dir, 'replica'), port: await freePort(), bin };
  const settings = await withClient(url, (db) =>
    db.query<{ name: string; setting: string }>('select name, setting from pg_settings where name = any($1)', [AT_LEAST_PRIMARY]),
  );
  await pgTool(
    bin,
    'pg_basebackup',
    ['-h', src.host, '-p', String(src.port), '-U', src.user, '-D', c.dir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', '-w'],
    src.password ? { PGPASSWORD: src.password } : {},
  );
  // The primary's own configuration files (on Debian they are not even in its data folder) are replaced by the replica's.
  writeConf(path.join(c.dir, 'postgresql.conf'), [
    "listen_addresses = '127.0.0.1'",
    `port = ${c.port}`,
    `unix_socket_directories = '${dir}'`,
    'hot_standby = on',
    "shared_buffers = '64MB'",
    ...settings.rows.map((r) => `${r.name} = ${r.setting}`),
  ]);
  writeConf(path.join(c.dir, 'pg_hba.conf'), ['local all all trust', 'host all all 127.0.0.1/32 trust']);
  writeConf(path.join(c.dir, 'pg_ident.conf'), []);
  await start(c);
  return c;
}

const urlOn = (base: string, port: number | null, database: string) => {
  const u = new URL(base);
  if (port !== null) Object.assign(u, { hostname: '127.0.0.1', port: String(port) });
  u.pathname = `/${database}`;
  return u.toString();
};

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`read replica: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The programs for DATABASE_URL's server, or why it cannot be the primary here. */
async function serverPrograms(url: string): Promise<{ bin: string } | { why: string }> {
  const { bytes, major } = await withClient(url, async (c) => {
    const r = await c.query<{ bytes: string; v: string }>(
      "select sum(pg_database_size(datname))::text as bytes, current_setting('server_version_num') as v from pg_database",
    );
    return { bytes: Number(r.rows[0].bytes), major: Math.floor(Number(r.rows[0].v) / 10_000) };
  });
  if (bytes > MAX_SERVER_BYTES) return { why: `the server holds ${Math.round(bytes / 2 ** 20)} MB, too much to copy for a test` };
  try {
    return { bin: binDir(major) };
  } catch (err) {
    return { why: (err as Error).message };
  }
}

/**
 * Starts a streaming replica (of DATABASE_URL's server if it allows one, else of a primary of the
 * helper's own) and resolves once it streams. Call stop() after.
 */
export async function startReplication(serverUrl = process.env.DATABASE_URL): Promise<Replication> {
  const dir = tempFolder();
  let primary: Cluster | null = null;
  let replica: Cluster | null = null;
  let base = serverUrl ?? 'postgres://postgres@127.0.0.1/postgres';
  let primaryPort: number | null = null;
  let why: string | undefined;
  const created: string[] = [];
  try {
    const server = serverUrl ? await serverPrograms(serverUrl) : { why: 'no DATABASE_URL' };
    if ('bin' in server) {
      replica = await replicaOf(serverUrl!, dir, server.bin).catch((err: Error) => {
        // Typically: no pg_hba.conf entry for replication connections (Debian's default).
        why = err.message.split('\n')[0];
        rmSync(path.join(dir, 'replica'), { recursive: true, force: true });
        return null;
      });
    } else why = server.why;
    if (!replica) {
      primary = await ownPrimary(dir);
      base = 'postgres://postgres@127.0.0.1/postgres';
      primaryPort = primary.port;
      replica = await replicaOf(urlOn(base, primaryPort, 'postgres'), dir, primary.bin);
    }
  } catch (err) {
    for (const c of [replica, primary]) if (c) await stopCluster(c);
    forget(dir);
    throw new Error(
      `a streaming replica could not be set up: ${(err as Error).message}${why ? `\n(DATABASE_URL's server was not used: ${why})` : ''}`,
    );
  }
  const rep = replica;
  const primaryUrl = (db: string) => urlOn(base, primaryPort, db);
  const replicaUrl = (db: string) => urlOn(base, rep.port, db);
  const query = async <T>(where: 'primary' | 'replica', db: string, text: string, params: unknown[] = []) =>
    withClient(where === 'primary' ? primaryUrl(db) : replicaUrl(db), async (c) => (await c.query(text, params)).rows as T[]);
  const one = async <T>(where: 'primary' | 'replica', text: string, params: unknown[] = []) =>
    (await query<T>(where, 'postgres', text, params))[0];

  const caughtUp = async () => {
    // Where the primary stands, as the app's fences read it (server/platform/lsn.ts).
    const lsn = lsnText(insertFence(await one('primary', INSERT_POSITION_SQL)));
    await until(
      'catching up with the primary',
      async () => (await one<{ ok: boolean }>('replica', 'select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])).ok,
    );
  };
  await until(
    'streaming from the primary',
    async () =>
      (await one<{ n: number }>('replica', "select count(*)::int as n from pg_stat_wal_receiver where status = 'streaming'")).n === 1,
  );

  return {
    source: primary ? 'own' : 'server',
    why,
    primaryUrl,
    replicaUrl,
    query,
    caughtUp,
    async createDatabase() {
      const name = `sq_replica_${randomBytes(5).toString('hex')}`;
      await one('primary', `create database ${name}`);
      created.push(name);
      await caughtUp();
      return name;
    },
    async pause() {
      await one('replica', 'select pg_wal_replay_pause()');
      await until(
        'pausing replay',
        async () => (await one<{ s: string }>('replica', 'select pg_get_wal_replay_pause_state() as s')).s === 'paused',
      );
    },
    async resume() {
      await one('replica', 'select pg_wal_replay_resume()');
    },
    async stop() {
      await stopCluster(rep);
      if (primary) await stopCluster(primary);
      // On DATABASE_URL's server, the databases made for the test; a primary of our own goes with its folder.
      else for (const name of created) await one('primary', `drop database if exists ${name} with (force)`).catch(() => undefined);
      forget(dir);
    },
  };
}
