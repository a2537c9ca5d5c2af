import { getTableColumns, type Table } from 'drizzle-orm';
import type { Db } from './db-types';

// Prepared statements (BENCHMARKS.md "Round trips and prepared statements"): a hot page's reads
// are built by Drizzle once per database handle, not per request, and on the PostgreSQL server
// sent as named statements, which each connection parses and plans once and then only executes
// (planning cost about twice the execution of these sub-millisecond reads). The embedded
// database runs the same statements unnamed; it gains the SQL built once.

const built = new WeakMap<Db, Map<string, unknown>>();

/**
 * The statement `name` on this handle (the primary, or a replica's pool), built on first use.
 * `name` is the statement's name on the server: one text per name, so a name is never reused
 * for another statement (the server refuses a name prepared with another text).
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let m = built.get(db);
  if (!m) built.set(db, (m = new Map()));
  let p = m.get(name) as T | undefined;
  if (p === undefined) m.set(name, (p = build(db)));
  return p;
}

/**
 * A row of `table` read as JSON (`to_jsonb(t)`, in a folded statement), as Drizzle's own select
 * returns it: property names of the model, timestamps as Date, bigint as number, JSON columns
 * as they are. JSON numbers are exact for this schema (integers, bigint in number mode).
 */
export function rowFromJson<T extends Table>(table: T, json: Record<string, unknown>): T['$inferSelect'] {
  const out: Record<string, unknown> = {};
  for (const [key, col] of Object.entries(getTableColumns(table))) {
    const v = json[col.name];
    out[key] = v == null ? null : col.columnType === 'PgJsonb' || col.columnType === 'PgJson' ? v : col.mapFromDriverValue(v);
  }
  return out as T['$inferSelect'];
}
