import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../models/schema';
import type { Db } from '../../server/platform/db';
import { verifyChain } from '../../server/kernel/audit';
import { hasAuditLog, migrationState, sequenceValues, tableCounts, type Query } from './backup-db-state';
import { BackupRefused, FORMAT, FORMAT_VERSION, writeBackupFile, type BackupHeader } from './backup-format';
import { connOf, run, tool, toolVersion } from './backup-pg-tools';
import type { BackupResult } from './backup-pglite';

// A PostgreSQL server is backed up while the app keeps running: one repeatable-read transaction
// exports its snapshot, counts every table and checks the audit chain in it, and pg_dump reads
// the very same snapshot (--snapshot), so the header describes exactly what the archive holds.

export async function connect(url: string, label: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code === '3D000') {
      throw new BackupRefused(
        `数据库 ${label} 不存在；请先创建它（createdb）。`,
        `Database ${label} does not exist; create it first (createdb).`,
      );
    }
    throw err;
  }
  return client;
}

export function queryOf(client: pg.Client): Query {
  return (text) => client.query(text);
}

export async function auditState(client: pg.Client): Promise<BackupHeader['audit']> {
  if (!(await hasAuditLog(queryOf(client)))) return { entries: 0, intact: true }; // a database the app never migrated
  const r = await verifyChain(drizzle(client, { schema }) as unknown as Db);
  return r.ok ? { entries: r.count, intact: true } : { entries: r.count, intact: false, brokenAt: r.brokenAt };
}

export async function backupPg(opts: { url: string; out: string; pgBin?: string }): Promise<BackupResult> {
  const started = Date.now();
  const conn = connOf(opts.url);
  const pgDump = tool('pg_dump', opts.pgBin);
  const client = await connect(opts.url, conn.label);
  try {
    await client.query('begin isolation level repeatable read read only');
    const snapshot = (await client.query('select pg_export_snapshot() as s')).rows[0].s as string;
    const q = queryOf(client);
    const described: Omit<BackupHeader, 'payloadBytes' | 'sha256'> = {
      format: FORMAT,
      version: FORMAT_VERSION,
      kind: 'pg',
      createdAt: new Date().toISOString(),
      source: conn.label,
      server: (await client.query('select version() as v')).rows[0].v as string,
      tool: `${await toolVersion(pgDump, conn)} --format=custom`,
      migrations: await migrationState(q),
      tables: await tableCounts(q),
      sequences: await sequenceValues(q),
      audit: await auditState(client),
    };
    const dump = run(pgDump, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${conn.dbname}`], conn);
    const header = await writeBackupFile(opts.out, described, dump.child.stdout!, () => dump.done);
    await client.query('commit');
    return { file: opts.out, header, ms: Date.now() - started };
  } finally {
    await client.end().catch(() => undefined);
  }
}
