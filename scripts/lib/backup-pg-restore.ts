import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../models/schema';
import type { Db } from '../../server/platform/db';
import { chainHead, databaseLabel } from '../../server/kernel/audit-anchors';
import { GENESIS_HASH } from '../../server/kernel/audit-hash';
import { assertSchemaNotNewer, hasAuditLog, refuseNonEmpty, tableCounts, userRows, verificationSql } from './backup-db-state';
import { BackupRefused, payloadStream, readBackupHeader, verifyPayload } from './backup-format';
import { auditState, connect, queryOf } from './backup-pg';
import { connOf, run, tool } from './backup-pg-tools';
import { checkKind, type RestoreResult } from './backup-pglite-restore';

// The restore is one transaction, so it either replaces the database completely or changes
// nothing: pg_restore turns the archive into SQL, and psql runs it with --single-transaction
// between a prelude that drops the app's schemas (so no table of a newer schema lingers beside
// the restored migration record) and a check that fails, rolling everything back, unless every
// table's row count and every sequence equal what the backup recorded. Dropping schemas fires
// no triggers, so the audit trail's refusal of DELETE/TRUNCATE does not get in the way, and the
// trail comes back exactly, hash chain included.

const PRELUDE = `set client_min_messages = warning;
drop schema if exists drizzle cascade;
drop schema if exists public cascade;
create schema public;
grant usage on schema public to public;
`;

export async function restorePg(opts: { file: string; url: string; force?: boolean; pgBin?: string }): Promise<RestoreResult> {
  const started = Date.now();
  const header = readBackupHeader(opts.file);
  checkKind(header, 'pg');
  assertSchemaNotNewer(header.migrations);
  await verifyPayload(opts.file, header);

  const conn = connOf(opts.url);
  const client = await connect(opts.url, conn.label);
  try {
    const counts = await tableCounts(queryOf(client));
    if (userRows(counts) > 0 && !opts.force) throw refuseNonEmpty(conn.label, counts);
    const others = (
      await client.query('select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')
    ).rows[0].n as number;
    if (others > 0 && !opts.force) {
      throw new BackupRefused(
        `数据库 ${conn.label} 还有 ${others} 个其他连接（应用可能正在运行），请先停止应用；确需继续请加 --force。`,
        `Database ${conn.label} has ${others} other connection(s) (the app may be running); stop the app first, or add --force.`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
  }

  const psql = run(
    tool('psql', opts.pgBin),
    ['--no-psqlrc', '--quiet', '--no-password', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${conn.dbname}`, '--file=-'],
    conn,
    'pipe',
  );
  const restore = run(tool('pg_restore', opts.pgBin), ['--no-owner', '--no-acl', '--file=-'], conn, 'pipe');
  payloadStream(opts.file).pipe(restore.child.stdin!);
  const sink = psql.child.stdin!;
  sink.on('error', () => undefined); // psql stopping early is reported through its exit status
  try {
    sink.write(PRELUDE);
    restore.child.stdout!.pipe(sink, { end: false });
    // pg_restore's exit comes after its output has ended; psql may fail first (an SQL error).
    const psqlEnded = psql.done.then(() => {
      throw new Error('psql ended before the archive did');
    });
    for (const p of [psqlEnded, restore.done, psql.done]) p.catch(() => undefined); // each is awaited below; no unhandled rejection
    await Promise.race([restore.done, psqlEnded]);
  } catch (err) {
    // Never let psql reach the end of its input (which would commit a partial script): kill it,
    // and the server rolls the open transaction back.
    psql.child.kill('SIGKILL');
    restore.child.kill('SIGKILL');
    const psqlError = await psql.done.then(
      () => null,
      (e: Error) => e,
    );
    throw psqlError && !/SIGKILL/.test(psqlError.message) ? psqlError : err;
  }
  sink.end(verificationSql(header.tables, header.sequences));
  await psql.done;

  const after = await connect(opts.url, conn.label);
  try {
    const db = drizzle(after, { schema }) as unknown as Db;
    const head = {
      label: await databaseLabel(db),
      ...(((await hasAuditLog(queryOf(after))) && (await chainHead(db))) || { seq: 0, hash: GENESIS_HASH }),
    };
    return { header, target: conn.label, ms: Date.now() - started, replacedDir: null, audit: await auditState(after), head };
  } finally {
    await after.end().catch(() => undefined);
  }
}
