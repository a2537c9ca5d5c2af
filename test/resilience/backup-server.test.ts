import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { backupPg, queryOf } from '../../scripts/lib/backup-pg';
import { restorePg } from '../../scripts/lib/backup-pg-restore';
import { seedDemo } from '../../server/demo/seed';
import { openDb } from '../../server/platform/db';
import { corruptCopy, editHeader, npmRun, snapshotOf, truncatedCopy, type DbSnapshot } from '../helpers/db-snapshot';
import { makeCollective } from '../helpers/factories';

// Backups of a PostgreSQL server (DATABASE_URL): pg_dump's snapshot, restored in one
// transaction. This block needs a server, so it is only defined when DATABASE_URL is set
// (`.ci/run` sets it); without one, test/resilience/backup-embedded.test.ts covers the embedded
// database, which shares the file format, checksum and refusals tested here.

const serverUrl = process.env.DATABASE_URL;

function urlOf(db: string): string {
  const u = new URL(serverUrl!);
  u.pathname = `/${db}`;
  return u.toString();
}

async function withClient<T>(db: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: urlOf(db) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const snapshotDb = (db: string): Promise<DbSnapshot> => withClient(db, (c) => snapshotOf(queryOf(c)));

/** pool.end() resolves before its sockets close; a restore refuses while others are connected. */
async function untilIdle(db: string): Promise<void> {
  await withClient('postgres', async (c) => {
    for (let i = 0; i < 50; i++) {
      const r = await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [db]);
      if (r.rows[0].n === 0) return;
      await new Promise((ok) => setTimeout(ok, 100));
    }
  });
}

/** Adds one collective through the app's own connection (data a restore must not lose unasked), then reads the database back. */
async function withCollectiveAdded(db: string, name: string): Promise<DbSnapshot> {
  const h = await openDb({ url: urlOf(db) });
  await makeCollective(h.db, { name });
  await h.close();
  await untilIdle(db);
  return snapshotDb(db);
}

if (serverUrl) {
  describe('Backups of a PostgreSQL server (DATABASE_URL)', function () {
    this.timeout(180_000);
    const tag = randomBytes(4).toString('hex');
    const dbs = { src: `sq_bk_src_${tag}`, dst: `sq_bk_dst_${tag}`, cli: `sq_bk_cli_${tag}` };
    let root: string;
    let backup: string;
    let original: DbSnapshot;

    before(async () => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-backup-pg-'));
      await withClient('postgres', async (c) => {
        for (const d of Object.values(dbs)) await c.query(`create database ${d}`);
      });
      const h = await openDb({ url: urlOf(dbs.src) });
      await seedDemo(h.db);
      await h.close();
      await untilIdle(dbs.src);
      original = await snapshotDb(dbs.src);
      backup = path.join(root, 'demo.sqbak');
      await backupPg({ url: urlOf(dbs.src), out: backup });
    });

    after(async () => {
      fs.rmSync(root, { recursive: true, force: true });
      await withClient('postgres', async (c) => {
        for (const d of Object.values(dbs)) await c.query(`drop database if exists ${d} with (force)`);
      });
    });

    it('when the demo data is backed up and restored into an empty database, then every table, sequence and the audit chain are the same', async () => {
      assert.ok(original.tables.households.length >= 4 && original.tables.audit_log.length > 0, 'the demo data is there to compare');
      const r = await restorePg({ file: backup, url: urlOf(dbs.dst) });
      assert.deepEqual(await snapshotDb(dbs.dst), original);
      assert.deepEqual(r.audit, { entries: original.tables.audit_log.length, intact: true });
      // The append-only trigger came back with the trail.
      await assert.rejects(
        withClient(dbs.dst, (c) => c.query('delete from audit_log')),
        /append-only/,
      );
    });

    it('when the target holds data, then restore without --force refuses and changes nothing, and with --force the target becomes the backup', async () => {
      const changed = await withCollectiveAdded(dbs.src, '备份之后新增的合作社');
      assert.equal(changed.tables.collectives.length, original.tables.collectives.length + 1);
      await assert.rejects(restorePg({ file: backup, url: urlOf(dbs.src) }), /already holds data .*Add --force/s);
      assert.deepEqual(await snapshotDb(dbs.src), changed);

      await restorePg({ file: backup, url: urlOf(dbs.src), force: true });
      assert.deepEqual(await snapshotDb(dbs.src), original);
    });

    it('when a byte of the backup is flipped, then restore refuses with a checksum message and the database is unchanged', async () => {
      const held = await snapshotDb(dbs.dst);
      const bad = corruptCopy(backup, path.join(root, 'bad.sqbak'));
      await assert.rejects(restorePg({ file: bad, url: urlOf(dbs.dst), force: true }), /已损坏.*checksum mismatch/s);
      assert.deepEqual(await snapshotDb(dbs.dst), held);
    });

    it('when the restore fails part-way (a cut archive, or rows that differ from the record), then the single transaction leaves the database as it was', async () => {
      const held = await withCollectiveAdded(dbs.dst, '恢复失败时必须保留的合作社');
      await assert.rejects(
        restorePg({ file: truncatedCopy(backup, path.join(root, 'cut.sqbak')), url: urlOf(dbs.dst), force: true }),
        /pg_restore failed/,
      );
      assert.deepEqual(await snapshotDb(dbs.dst), held);
      const miscounted = editHeader(backup, path.join(root, 'miscounted.sqbak'), (x) => {
        (x.tables as Record<string, number>).households = 999;
      });
      await assert.rejects(restorePg({ file: miscounted, url: urlOf(dbs.dst), force: true }), /restore check: households rows differ/);
      assert.deepEqual(await snapshotDb(dbs.dst), held);
    });

    it('when npm run backup and npm run restore run as commands against the server, then the restored database holds the same data', async () => {
      const file = path.join(root, 'cli.sqbak');
      const b = await npmRun('backup', ['--out', file], { DATABASE_URL: urlOf(dbs.src) });
      assert.equal(b.code, 0, b.stderr);
      assert.match(b.stdout, /PostgreSQL server .*sq_bk_src_/);
      const r = await npmRun('restore', ['--from', file], { DATABASE_URL: urlOf(dbs.cli) });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /hash chain intact/);
      assert.deepEqual(await snapshotDb(dbs.cli), original);
      const again = await npmRun('restore', ['--from', file], { DATABASE_URL: urlOf(dbs.cli) });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /已有数据/);
    });
  });
}
