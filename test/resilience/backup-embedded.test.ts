import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from '../../models/schema';
import { backupPglite, openPglite, queryOf } from '../../scripts/lib/backup-pglite';
import { restorePglite } from '../../scripts/lib/backup-pglite-restore';
import { restorePg } from '../../scripts/lib/backup-pg-restore';
import { seedDemo } from '../../server/demo/seed';
import { openDb, type Db } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { DataDirBusy, LOCK_FILE } from '../../server/platform/data-dir-lock';
import { freshDataDir } from '../helpers/db';
import { corruptCopy, editHeader, npmRun, snapshotOf, type DbSnapshot } from '../helpers/db-snapshot';
import { makeCollective } from '../helpers/factories';

// Backups of the embedded database (DATA_DIR, PGlite): `npm run backup` / `npm run restore`
// must bring back every row, sequence and the audit trail's hash chain, refuse a damaged file,
// and never overwrite data that was not meant to be replaced.

async function snapshotDir(dir: string): Promise<DbSnapshot & { chain: Awaited<ReturnType<typeof verifyChain>> }> {
  const pg = await openPglite(dir);
  try {
    return { ...(await snapshotOf(queryOf(pg))), chain: await verifyChain(drizzle(pg, { schema }) as unknown as Db) };
  } finally {
    await pg.close();
  }
}

describe('Backups of the embedded database (DATA_DIR)', function () {
  this.timeout(180_000);
  let root: string;
  let src: string;
  let original: Awaited<ReturnType<typeof snapshotDir>>;
  let backup: string;

  before(async () => {
    // The source is a DATA_DIR made as the app makes one (initdb, migrations); the restore targets
    // that must hold other data start from the test template (test/helpers/db.ts), which is quicker.
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sq-backup-'));
    src = path.join(root, 'data');
    const h = await openDb({ dataDir: src });
    await seedDemo(h.db);
    await h.close();
    original = await snapshotDir(src);
    backup = path.join(root, 'demo.sqbak');
    await backupPglite({ dataDir: src, out: backup });
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A DATA_DIR (from the test template) that holds data of its own, one collective: what a restore must not lose unasked. */
  async function occupiedDataDir(name: string, collectiveName: string) {
    const target = path.join(root, name);
    const h = await freshDataDir(target);
    await makeCollective(h.db, { name: collectiveName });
    await h.close();
    return { target, held: await snapshotDir(target) };
  }

  it('when the demo data is backed up and restored into a fresh DATA_DIR, then every table, sequence and the audit chain are the same', async () => {
    assert.ok(original.tables.households.length >= 4 && original.tables.audit_log.length > 0, 'the demo data is there to compare');
    const target = path.join(root, 'restored');
    const r = await restorePglite({ file: backup, dataDir: target });
    assert.equal(r.replacedDir, null);
    const after = await snapshotDir(target);
    assert.deepEqual(after, original);
    assert.deepEqual(after.chain, { ok: true, count: original.tables.audit_log.length });
    assert.equal(fs.existsSync(path.join(target, LOCK_FILE)), false, 'the restore let go of the folder');
    assert.deepEqual(
      fs.readdirSync(root).filter((f) => f.includes('.restoring-')),
      [],
    );
  });

  it('when npm run backup and npm run restore run as commands, then the restored DATA_DIR holds the same data', async () => {
    const file = path.join(root, 'cli', 'demo.sqbak');
    const b = await npmRun('backup', ['--out', file], { DATA_DIR: src, DATABASE_URL: '' });
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stdout, /Backup written/);
    assert.match(b.stdout, new RegExp(`households ${original.tables.households.length}\\b`));
    assert.match(b.stdout, /hash chain intact/);
    const target = path.join(root, 'cli-restored');
    const r = await npmRun('restore', ['--from', file], { DATA_DIR: target, DATABASE_URL: '' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Restored into/);
    assert.deepEqual(await snapshotDir(target), original);
  });

  it('when a byte of the backup is flipped or the unpacked copy differs from its record, then restore refuses and the target is unchanged', async () => {
    const { target, held } = await occupiedDataDir('occupied', '恢复前新增的合作社');
    const bad = corruptCopy(backup, path.join(root, 'bad.sqbak'));
    const r = await npmRun('restore', ['--from', bad, '--force'], { DATA_DIR: target, DATABASE_URL: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /已损坏/);
    assert.match(r.stderr, /is damaged \(checksum mismatch/);
    assert.deepEqual(await snapshotDir(target), held);
    const miscounted = editHeader(backup, path.join(root, 'miscounted.sqbak'), (x) => {
      (x.tables as Record<string, number>).households = 999;
    });
    await assert.rejects(
      restorePglite({ file: miscounted, dataDir: target, force: true }),
      /does not match the backup's record; nothing was changed: households: backup 999/,
    );
    assert.deepEqual(await snapshotDir(target), held);
    assert.deepEqual(
      fs.readdirSync(root).filter((f) => f.startsWith('occupied.')),
      [],
      'no half-restored folder is left behind',
    );
  });

  it('when the target DATA_DIR holds data, then restore without --force refuses and with --force replaces it, keeping the old folder aside', async () => {
    const { target, held } = await occupiedDataDir('other', '另一个库的合作社');
    await assert.rejects(restorePglite({ file: backup, dataDir: target }), /already holds data \(collectives 1/);
    assert.deepEqual(await snapshotDir(target), held);

    const r = await restorePglite({ file: backup, dataDir: target, force: true });
    assert.deepEqual(await snapshotDir(target), original);
    assert.ok(r.replacedDir && fs.existsSync(r.replacedDir));
    assert.deepEqual(
      (await snapshotDir(r.replacedDir)).tables.collectives,
      held.tables.collectives,
      'the replaced data is still there to go back to',
    );
  });

  it('when the app holds DATA_DIR (a live pid in app.lock), then backup and restore refuse; a lock left by a dead process does not count', async () => {
    const lock = path.join(src, LOCK_FILE);
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, host: os.hostname(), purpose: 'app', since: new Date().toISOString() }));
    await assert.rejects(
      backupPglite({ dataDir: src, out: path.join(root, 'x.sqbak') }),
      (e: Error) => e instanceof DataDirBusy && /in use by process/.test(e.message),
    );
    await assert.rejects(restorePglite({ file: backup, dataDir: src, force: true }), DataDirBusy);
    assert.equal(fs.existsSync(path.join(root, 'x.sqbak')), false);

    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    fs.writeFileSync(lock, JSON.stringify({ pid: dead, host: os.hostname(), purpose: 'app', since: new Date().toISOString() }));
    const r = await backupPglite({ dataDir: src, out: path.join(root, 'after-crash.sqbak') });
    assert.equal(r.header.tables.households, original.tables.households.length);
    assert.equal(fs.existsSync(lock), false);
  });

  it('when the backup comes from a newer schema or from the other kind of database, then restore refuses and changes nothing', async () => {
    const newer = editHeader(backup, path.join(root, 'newer.sqbak'), (h) => {
      h.migrations = { applied: 99, lastCreatedAt: Date.now() + 1e12, lastTag: '0099_future' };
    });
    const target = path.join(root, 'untouched');
    await assert.rejects(restorePglite({ file: newer, dataDir: target }), /newer version of the app \(schema 0099_future/);
    assert.equal(fs.existsSync(target), false);
    await assert.rejects(restorePg({ file: backup, url: 'postgres://nobody@127.0.0.1:1/none' }), /backup of the embedded database/);
    const garbage = path.join(root, 'garbage.sqbak');
    fs.writeFileSync(garbage, 'not a backup\n'.repeat(1000));
    await assert.rejects(restorePglite({ file: garbage, dataDir: target }), /not a backup of this system/);
  });
});
