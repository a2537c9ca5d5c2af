import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import * as schema from '../../models/schema';
import type { Db } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { acquireDataDirLock } from '../../server/platform/data-dir-lock';
import { hasAuditLog, migrationState, sequenceValues, tableCounts, type Query } from './backup-db-state';
import { BackupRefused, FORMAT, FORMAT_VERSION, writeBackupFile, type BackupHeader } from './backup-format';

// The embedded database is backed up as a copy of its whole folder (PGlite's dumpDataDir, a
// gzipped tar), taken while this process alone has the folder open: the app must be stopped,
// and DATA_DIR/app.lock makes sure it is. A folder copy restores exactly (rows, sequences,
// indexes, the audit trail's triggers) and is consistent because nothing else writes meanwhile.
// Anything else kept in DATA_DIR (uploads) comes along, so it matches the database.

export type BackupResult = { file: string; header: BackupHeader; ms: number };

export async function openPglite(dataDir: string, loadDataDir?: Blob): Promise<PGlite> {
  return PGlite.create({ dataDir, extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
}

export function queryOf(pg: PGlite): Query {
  return (text) => pg.query(text);
}

export async function auditState(pg: PGlite): Promise<BackupHeader['audit']> {
  if (!(await hasAuditLog(queryOf(pg)))) return { entries: 0, intact: true }; // a database the app never migrated
  const r = await verifyChain(drizzle(pg, { schema }) as unknown as Db);
  return r.ok ? { entries: r.count, intact: true } : { entries: r.count, intact: false, brokenAt: r.brokenAt };
}

export function hasDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

export async function backupPglite(opts: { dataDir: string; out: string }): Promise<BackupResult> {
  const started = Date.now();
  const dataDir = path.resolve(opts.dataDir);
  if (!hasDatabase(dataDir)) {
    throw new BackupRefused(
      `${dataDir} 中没有嵌入式数据库，无可备份。`,
      `There is no embedded database in ${dataDir}; nothing to back up.`,
    );
  }
  if (path.resolve(opts.out).startsWith(dataDir + path.sep)) {
    throw new BackupRefused(
      '备份文件不能放在数据目录里（它会被下一次备份再打包进去）。',
      'Put the backup outside the data directory (it would be packed into the next backup).',
    );
  }
  const lock = acquireDataDirLock(dataDir, 'backup');
  try {
    const pg = await openPglite(dataDir);
    let payload: Buffer;
    let described: Omit<BackupHeader, 'payloadBytes' | 'sha256'>;
    try {
      const q = queryOf(pg);
      described = {
        format: FORMAT,
        version: FORMAT_VERSION,
        kind: 'pglite',
        createdAt: new Date().toISOString(),
        source: dataDir,
        server: ((await q('select version() as v')).rows[0] as { v: string }).v,
        tool: 'PGlite dumpDataDir (gzip tar of the data folder)',
        migrations: await migrationState(q),
        tables: await tableCounts(q),
        sequences: await sequenceValues(q),
        audit: await auditState(pg),
      };
      // Flush shared buffers to the data files so the copy needs no WAL replay to be complete.
      await pg.exec('checkpoint');
      payload = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await pg.close();
    }
    const header = await writeBackupFile(opts.out, described, Readable.from([payload]));
    return { file: opts.out, header, ms: Date.now() - started };
  } finally {
    lock.release();
  }
}
