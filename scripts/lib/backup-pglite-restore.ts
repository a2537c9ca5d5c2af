import { drizzle } from 'drizzle-orm/pglite';
import fs from 'node:fs';
import path from 'node:path';
import * as schema from '../../models/schema';
import type { Db } from '../../server/platform/db';
import { chainHead } from '../../server/kernel/audit-anchors';
import { GENESIS_HASH } from '../../server/kernel/audit-hash';
import { acquireDataDirLock, LOCK_FILE } from '../../server/platform/data-dir-lock';
import {
  assertSchemaNotNewer,
  countDifferences,
  hasAuditLog,
  refuseNonEmpty,
  sequenceValues,
  tableCounts,
  userRows,
} from './backup-db-state';
import { BackupRefused, HEADER_BYTES, readBackupHeader, verifyPayload, type BackupHeader } from './backup-format';
import { auditState, hasDatabase, openPglite, queryOf } from './backup-pglite';

// Restoring the embedded database never writes into DATA_DIR itself: the backup is unpacked
// into a sibling folder, opened and checked against the header (row counts, sequences, the
// audit chain), and only then swapped in by two renames. The folder it replaces is kept aside
// (printed), so a restore over the wrong folder can be undone by renaming it back.

/** head: the restored trail's last entry (seq 0 when empty), anchored as the restore by scripts/restore.ts. */
export type RestoreResult = {
  header: BackupHeader;
  target: string;
  ms: number;
  replacedDir: string | null;
  audit: BackupHeader['audit'];
  head: { label: string; seq: number; hash: string };
};

export function checkKind(header: BackupHeader, want: BackupHeader['kind']): void {
  if (header.kind === want) return;
  if (want === 'pglite') {
    throw new BackupRefused(
      '这是 PostgreSQL 服务器的备份；恢复到服务器请设置 DATABASE_URL。',
      'This is a backup of a PostgreSQL server; set DATABASE_URL to restore it to a server.',
    );
  }
  throw new BackupRefused(
    '这是嵌入式数据库（DATA_DIR）的备份；恢复它请不要设置 DATABASE_URL。',
    'This is a backup of the embedded database (DATA_DIR); unset DATABASE_URL to restore it.',
  );
}

export async function restorePglite(opts: { file: string; dataDir: string; force?: boolean }): Promise<RestoreResult> {
  const started = Date.now();
  const header = readBackupHeader(opts.file);
  checkKind(header, 'pglite');
  assertSchemaNotNewer(header.migrations);
  await verifyPayload(opts.file, header);

  const dataDir = path.resolve(opts.dataDir);
  const lock = acquireDataDirLock(dataDir, 'restore');
  const staging = `${dataDir}.restoring-${process.pid}`;
  try {
    if (hasDatabase(dataDir)) {
      const current = await openPglite(dataDir);
      let counts: Record<string, number>;
      try {
        counts = await tableCounts(queryOf(current));
      } finally {
        await current.close();
      }
      if (userRows(counts) > 0 && !opts.force) throw refuseNonEmpty(dataDir, counts);
    }

    fs.rmSync(staging, { recursive: true, force: true });
    const payload = fs.readFileSync(opts.file).subarray(HEADER_BYTES);
    const pg = await openPglite(staging, new Blob([payload]));
    let audit: BackupHeader['audit'];
    let head: RestoreResult['head'];
    try {
      const q = queryOf(pg);
      const diffs = countDifferences(header.tables, await tableCounts(q));
      const seqs = await sequenceValues(q);
      for (const [s, v] of Object.entries(header.sequences))
        if (seqs[s] !== v) diffs.push(`sequence ${s}: backup ${v}, restored ${seqs[s]}`);
      audit = await auditState(pg);
      head = {
        label: 'embedded',
        ...(((await hasAuditLog(q)) && (await chainHead(drizzle(pg, { schema }) as unknown as Db))) || { seq: 0, hash: GENESIS_HASH }),
      };
      if (audit.entries !== header.audit.entries || audit.intact !== header.audit.intact)
        diffs.push(`audit trail: backup ${JSON.stringify(header.audit)}, restored ${JSON.stringify(audit)}`);
      if (diffs.length) {
        throw new BackupRefused(
          `恢复出的数据与备份记录不符，未做任何更改：${diffs.join('; ')}`,
          `The restored copy does not match the backup's record; nothing was changed: ${diffs.join('; ')}`,
        );
      }
    } finally {
      await pg.close();
    }
    // The folder was packed while its backup held it; those markers belong to no process now.
    for (const f of [LOCK_FILE, 'postmaster.pid']) fs.rmSync(path.join(staging, f), { force: true });

    const replacedDir = swapIn(dataDir, staging);
    return { header, target: dataDir, ms: Date.now() - started, replacedDir, audit, head };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}

/** Puts `staging` in place of `dataDir`, keeping our lock on it; returns where the old folder went. */
function swapIn(dataDir: string, staging: string): string | null {
  fs.copyFileSync(path.join(dataDir, LOCK_FILE), path.join(staging, LOCK_FILE));
  const old = fs.readdirSync(dataDir).filter((f) => f !== LOCK_FILE);
  if (old.length === 0) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.renameSync(staging, dataDir);
    return null;
  }
  const aside = `${dataDir}.replaced-${new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-')}`;
  fs.renameSync(dataDir, aside);
  fs.renameSync(staging, dataDir);
  fs.rmSync(path.join(aside, LOCK_FILE), { force: true });
  return aside;
}
