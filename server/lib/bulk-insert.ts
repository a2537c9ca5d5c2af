import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db';

/** A column and its PostgreSQL type. */
export type ColSpec = readonly [name: string, type: 'uuid' | 'text' | 'int' | 'bigint' | 'bool' | 'date' | 'jsonb' | 'timestamptz'];

const ident = (s: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`bad identifier ${s}`);
  return `"${s}"`;
};

/**
 * Inserts many rows with one statement per batch: the batch travels as ONE JSON parameter
 * (an array of row arrays) and is taken apart on the server. Far faster than a row per
 * round trip, free of the 65,535-parameter limit of multi-row VALUES, and the JSON is made
 * by the engine's own serializer rather than element by element. Same on PGlite and pg.
 * jsonb values are sent as JSON text inside the JSON, so a null stays SQL NULL.
 */
export async function insertMany(db: Db | Tx, table: string, cols: readonly ColSpec[], rows: readonly (readonly unknown[])[], opts: { batch?: number; onBatch?: (n: number) => Promise<void> } = {}): Promise<void> {
  const size = opts.batch ?? 5000;
  const names = cols.map(([n]) => ident(n)).join(', ');
  const select = cols.map(([, t], i) => `(e->>${i})::${t}`).join(', ');
  const jsonCols = cols.flatMap(([, t], i) => (t === 'jsonb' ? [i] : []));
  for (let i = 0; i < rows.length; i += size) {
    let chunk = rows.slice(i, i + size);
    if (jsonCols.length) {
      chunk = chunk.map((r) => r.map((v, c) => (jsonCols.includes(c) && v !== null && v !== undefined ? JSON.stringify(v) : v)));
    }
    await db.execute(sql`insert into ${sql.raw(ident(table))} (${sql.raw(names)}) select ${sql.raw(select)} from json_array_elements(${JSON.stringify(chunk)}::json) as e`);
    await opts.onBatch?.(Math.min(i + size, rows.length));
  }
}
