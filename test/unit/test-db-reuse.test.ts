import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Handle } from '../../server/platform/db';
import { openDb } from '../../server/platform/db';
import { ensureRegions } from '../../server/admin/reference';
import { asOwner, dropOrphans, freshDb, template } from '../helpers/db';
import { projectRoot, snapshotOf } from '../helpers/db-snapshot';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';

// The test setup reuses an embedded database from one test file to the next, reset to the
// template, and copies the server's databases from a migrated template (BENCHMARKS.md "The test
// suite's time"). A file must start from exactly what a database made from nothing holds: no
// row, sequence position, switched-off trigger or role of the file before it.

const query = (h: Handle) => async (text: string) => (await h.pglite!.query(text)) as unknown as { rows: unknown[] };

async function stateOf(h: Handle) {
  if (h.pglite) {
    await h.pglite.exec('reset role');
    try {
      return await snapshotOf(query(h));
    } finally {
      await h.pglite.exec('set role sanquan_app');
    }
  }
  return asOwner(h, async (db) => snapshotOf(async (text) => (await db.execute(sql.raw(text))) as unknown as { rows: unknown[] }));
}

async function heapPages(h: Handle): Promise<Record<string, number>> {
  const r = await asOwner(h, (db) =>
    db.execute(
      sql`select relname as t, (pg_relation_size(oid) / 8192)::int as pages from pg_class where relkind = 'r' and relnamespace = 'public'::regnamespace order by 1`,
    ),
  );
  return Object.fromEntries((r as unknown as { rows: { t: string; pages: number }[] }).rows.map((x) => [x.t, x.pages]));
}

async function serverQuery(text: string, params: unknown[] = []): Promise<unknown[]> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

describe('Test databases: each file starts from the migrated template, whatever the file before did', () => {
  let made: Handle & { url?: string };
  const server = process.env.DATABASE_URL;
  const name = `sq_test_made_${randomBytes(5).toString('hex')}`;
  before(async () => {
    // A new database, migrated with the regions loaded (on the embedded database a new copy of
    // the test template, as every file got one before): the reference.
    if (server) {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`create database ${name}`);
      await c.end();
      const u = new URL(server);
      u.pathname = `/${name}`;
      made = { ...(await openDb({ url: u.toString() })), url: u.toString() };
    } else made = await openDb({ loadDataDir: await template() });
    await ensureRegions(made.db);
  });
  after(async () => {
    await made?.close();
    if (server) {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  });

  it('when a file wrote rows, moved sequences and closed its database, then the next file gets one equal to a database made from nothing', async () => {
    const first = await freshDb();
    const c = await makeCollective(first.db);
    const officer = await makeUser(first.db, 'officer', { collectiveId: c.id });
    await makeHousehold(first.db, officer.actor, c);
    await first.close();

    const next = await freshDb();
    try {
      const a = await stateOf(next);
      const b = await stateOf(made);
      assert.deepEqual(a.tables, b.tables, 'every table holds exactly the rows of a new database (the regions)');
      assert.deepEqual(a.sequences, b.sequences, 'every sequence where a new database has it');
      assert.deepEqual(a.migrations.length, b.migrations.length);
      // Emptied tables hold no pages, as in a new database: the next file's rows lie in the order it inserts them.
      assert.deepEqual(await heapPages(next), await heapPages(made), 'every table as many pages on disk as in a new database');
      assert.ok((a.tables.regions ?? []).length > 0, 'the regions are loaded');
      if (first.pglite) assert.equal(next.pglite, first.pglite, 'the embedded instance was reset and handed on, not made again');
      else assert.equal(next.url, first.url, 'the server database was reset and handed on, not made again');
    } finally {
      await next.close();
    }
  });

  it('when a file switched the trail’s trigger off and left it so, then the next file’s trail still refuses a change', async () => {
    const first = await freshDb();
    await asOwner(first, (db) => db.execute(sql`alter table audit_log disable trigger user`));
    await first.close();

    const next = await freshDb();
    try {
      if (first.pglite) assert.notEqual(next.pglite, first.pglite, 'a new embedded instance, not the altered one');
      else {
        assert.notEqual(next.url, first.url, 'a new server database, not the altered one');
        const left = await serverQuery('select 1 from pg_database where datname = $1', [new URL(first.url!).pathname.slice(1)]);
        assert.equal(left.length, 0, 'the altered database was dropped');
      }
      const r = await asOwner(next, (db) =>
        db.execute(
          sql`select count(*)::int as n from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal and tgenabled = 'D'`,
        ),
      );
      assert.equal((r as unknown as { rows: { n: number }[] }).rows[0].n, 0, 'no trigger of the trail is off');
    } finally {
      await next.close();
    }
  });
});

if (process.env.DATABASE_URL) {
  describe('Test databases on a server: a database a test process kept is not left behind', function () {
    this.timeout(60_000);
    const kept = (pid: number) => serverQuery(`select datname from pg_database where datname like $1`, [`sq_test_${pid}\\_%`]);

    it('when a test process exits holding the database it reset for its next file, then the database is dropped as it exits', async () => {
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `import('./test/helpers/db.ts').then(async (m) => { const h = await m.freshDb(); await h.close(); process.exit(0); })`,
        ],
        { cwd: projectRoot, env: process.env, encoding: 'utf8', timeout: 50_000 },
      );
      assert.equal(child.status, 0, child.stderr);
      assert.deepEqual(await kept(child.pid!), []);
    });

    it('when a test process was killed holding one, then the next run drops it, and keeps those of live processes', async () => {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
      const orphan = `sq_test_${dead}_0a0b0c0d`;
      const live = `sq_test_${process.pid}_0a0b0c0d`;
      for (const n of [orphan, live]) await serverQuery(`create database ${n} template template0`);
      try {
        const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await c.connect();
        const dropped = await dropOrphans(c).finally(() => c.end());
        assert.ok(dropped.includes(orphan) && !dropped.includes(live), `dropped: ${dropped.join(', ')}`);
        assert.deepEqual(await kept(dead), []);
        assert.equal((await kept(process.pid)).length >= 1, true, 'the live process keeps its database');
      } finally {
        for (const n of [orphan, live]) await serverQuery(`drop database if exists ${n}`);
      }
    });
  });
}
