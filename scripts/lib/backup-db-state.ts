import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackupRefused, type MigrationState } from './backup-format';

// What a backup says about the database it holds, read the same way from PGlite and from a
// pg client (both answer `query(text)` with `{ rows }`): the row count of every table, the
// sequences (certificate and deal numbers must not repeat after a restore), and which
// migrations had run, so a restore can refuse a backup made by a newer version of the app.

export type Query = (text: string) => Promise<{ rows: unknown[] }>;

export type { MigrationState } from './backup-format';

type Journal = { entries: { idx: number; when: number; tag: string }[] };

const journalPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../models/migrations/meta/_journal.json');

function journal(): Journal {
  return JSON.parse(fs.readFileSync(journalPath, 'utf8')) as Journal;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

export async function publicTables(q: Query): Promise<string[]> {
  const r = await q(`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  return (r.rows as { tablename: string }[]).map((x) => x.tablename);
}

export async function hasAuditLog(q: Query): Promise<boolean> {
  return ((await q(`select to_regclass('public.audit_log') is not null as ok`)).rows[0] as { ok: boolean }).ok;
}

export async function tableCounts(q: Query): Promise<Record<string, number>> {
  const tables = await publicTables(q);
  if (!tables.length) return {};
  // One statement: one round trip, and one snapshot even outside a transaction.
  const r = await q(tables.map((t) => `select ${lit(t)} as t, count(*)::text as n from public.${ident(t)}`).join(' union all '));
  const found = new Map((r.rows as { t: string; n: string }[]).map((x) => [x.t, Number(x.n)]));
  return Object.fromEntries(tables.map((t) => [t, found.get(t) ?? 0]));
}

export async function sequenceValues(q: Query): Promise<Record<string, string | null>> {
  const r = await q(
    `select sequencename as name, last_value::text as v from pg_sequences where schemaname = 'public' order by sequencename`,
  );
  return Object.fromEntries((r.rows as { name: string; v: string | null }[]).map((x) => [x.name, x.v]));
}

export async function migrationState(q: Query): Promise<MigrationState> {
  const exists = await q(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return { applied: 0, lastCreatedAt: null, lastTag: null };
  const r = await q(`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`);
  const row = r.rows[0] as { n: number; last: string | null };
  const last = row.last === null ? null : Number(row.last);
  return { applied: row.n, lastCreatedAt: last, lastTag: journal().entries.find((e) => e.when === last)?.tag ?? null };
}

/** The newest migration this code knows; the app migrates an older database up to it at start. */
export function codeMigrationState(): MigrationState {
  const entries = journal().entries;
  const last = entries[entries.length - 1];
  return { applied: entries.length, lastCreatedAt: last?.when ?? null, lastTag: last?.tag ?? null };
}

export function assertSchemaNotNewer(backup: MigrationState): void {
  const code = codeMigrationState();
  if (backup.lastCreatedAt !== null && (code.lastCreatedAt === null || backup.lastCreatedAt > code.lastCreatedAt)) {
    throw new BackupRefused(
      `该备份来自更新版本的程序（数据库结构 ${backup.lastTag ?? backup.lastCreatedAt}，本程序只到 ${code.lastTag}），本程序不能恢复它。`,
      `This backup comes from a newer version of the app (schema ${backup.lastTag ?? backup.lastCreatedAt}; this code knows up to ${code.lastTag}); restore it with that version.`,
    );
  }
}

/** Rows a person entered: everything except the region tree, which every start loads by itself. */
export function userRows(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([t]) => t !== 'regions')
    .reduce((s, [, n]) => s + n, 0);
}

export function refuseNonEmpty(target: string, counts: Record<string, number>): BackupRefused {
  const busiest = Object.entries(counts)
    .filter(([t, n]) => t !== 'regions' && n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  return new BackupRefused(
    `目标数据库 ${target} 已有数据（${busiest}…），恢复会整体替换它。确认要替换，请加 --force。`,
    `The target database ${target} already holds data (${busiest}…); a restore replaces all of it. Add --force if that is what you want.`,
  );
}

/** Differences between what the backup header promised and what the restored database holds. */
export function countDifferences(expected: Record<string, number>, actual: Record<string, number>): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((t) => expected[t] !== actual[t]).map((t) => `${t}: backup ${expected[t] ?? '-'}, restored ${actual[t] ?? '-'}`);
}

/** SQL that fails (and so rolls back a single-transaction restore) unless counts and sequences match. */
export function verificationSql(tables: Record<string, number>, sequences: Record<string, string | null>): string {
  const checks = [
    ...Object.entries(tables).map(
      ([t, n]) =>
        `  if (select count(*) from public.${ident(t)}) <> ${Number(n)} then raise exception 'restore check: % rows differ', ${lit(t)}; end if;`,
    ),
    ...Object.entries(sequences).map(
      ([s, v]) =>
        `  if (select last_value::text from pg_sequences where schemaname = 'public' and sequencename = ${lit(s)}) is distinct from ${v === null ? 'null' : lit(v)} then raise exception 'restore check: sequence % differs', ${lit(s)}; end if;`,
    ),
  ];
  return `do $restore_check$\nbegin\n${checks.join('\n')}\nend\n$restore_check$;\n`;
}

export function formatCounts(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ') || '(all tables empty)'
  );
}
