import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Query } from '../../scripts/lib/backup-db-state';
import { HEADER_BYTES } from '../../scripts/lib/backup-format';

// Everything a backup must bring back, read so two databases can be compared with deepEqual:
// every row of every public table as JSON ordered by its primary key, every sequence's
// position, and the record of applied migrations.

export type DbSnapshot = { tables: Record<string, string[]>; sequences: Record<string, string | null>; migrations: string[] };

export async function snapshotOf(q: Query): Promise<DbSnapshot> {
  const pks = new Map(
    (
      await q(`
    select c.relname as t, string_agg(quote_ident(a.attname), ', ' order by array_position(i.indkey::int2[], a.attnum)) as pk
    from pg_index i join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
    where i.indisprimary and n.nspname = 'public' group by c.relname`)
    ).rows.map((r) => [(r as { t: string }).t, (r as { pk: string }).pk]),
  );
  const names = (await q(`select tablename as t from pg_tables where schemaname = 'public' order by 1`)).rows.map(
    (r) => (r as { t: string }).t,
  );
  const tables: DbSnapshot['tables'] = {};
  for (const t of names) {
    const order = pks.get(t) ?? 'x::text';
    const r = await q(`select to_jsonb(x)::text as j from public."${t}" x order by ${order}`);
    tables[t] = r.rows.map((row) => (row as { j: string }).j);
  }
  const seq = await q(`select sequencename as s, last_value::text as v from pg_sequences where schemaname = 'public' order by 1`);
  const sequences = Object.fromEntries(seq.rows.map((r) => [(r as { s: string }).s, (r as { v: string | null }).v]));
  const mig = await q(`select hash || ' ' || created_at::text as m from drizzle.__drizzle_migrations order by id`);
  return { tables, sequences, migrations: mig.rows.map((r) => (r as { m: string }).m) };
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `npm run <script> -- ...args` the way an operator would, with the given environment. */
export function npmRun(script: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', script, '--', ...args],
      { cwd: projectRoot, env: { ...process.env, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** A copy of `file` with one payload byte flipped: what a bad disk or a truncated copy does. */
export function corruptCopy(file: string, to: string): string {
  const buf = fs.readFileSync(file);
  const at = HEADER_BYTES + Math.floor((buf.length - HEADER_BYTES) / 2);
  buf[at] ^= 0xff;
  fs.writeFileSync(to, buf);
  return to;
}

/** A copy of `file` whose header is changed by `edit` (payload and checksum untouched). */
export function editHeader(file: string, to: string, edit: (h: Record<string, unknown>) => void): string {
  const buf = fs.readFileSync(file);
  const h = JSON.parse(buf.subarray(0, HEADER_BYTES).toString('utf8').trimEnd()) as Record<string, unknown>;
  edit(h);
  const block = Buffer.alloc(HEADER_BYTES, 0x20);
  Buffer.from(JSON.stringify(h)).copy(block);
  block[HEADER_BYTES - 1] = 0x0a;
  block.copy(buf);
  fs.writeFileSync(to, buf);
  return to;
}

/** A copy whose archive is cut short but whose header checksum matches it: only the restore itself can notice. */
export function truncatedCopy(file: string, to: string): string {
  const buf = fs.readFileSync(file);
  const payload = buf.subarray(HEADER_BYTES, HEADER_BYTES + Math.floor((buf.length - HEADER_BYTES) * 0.7));
  fs.writeFileSync(to, Buffer.concat([buf.subarray(0, HEADER_BYTES), payload]));
  return editHeader(to, to, (h) => {
    h.sha256 = createHash('sha256').update(payload).digest('hex');
    h.payloadBytes = payload.length;
  });
}
