import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from '../../../models/schema';
import type { Db } from '../../../server/platform/db';
import { figuresOf, type Figures } from './load';
import { actors, type Samples, type Scenario } from './scenarios';

// The database floor: the very statements a page sends (recorded from the page's own use
// case through Drizzle's logger), replayed straight through pg with the same pool size as
// the app (10) and the same concurrency as the load test, with no HTTP, session, Drizzle
// or rendering. Statements of one page run one after another, so this floor is a little
// pessimistic for pages whose use case runs some queries in parallel. Statements the app sends
// as named prepared statements (server/platform/prepared.ts) are replayed named too.

type Query = { text: string; params: unknown[]; name?: string };

export async function recordQueries(url: string, s: Samples, sc: Scenario, variants: number): Promise<Query[][]> {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  let log: Query[] = [];
  // Drizzle passes a prepared statement's name to pg with its text: kept for the replay.
  const names = new Map<string, string>();
  const query = pool.query.bind(pool) as (...a: unknown[]) => unknown;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (cfg: unknown, ...rest: unknown[]) => {
    const c = cfg as { name?: string; text?: string };
    if (c && typeof c === 'object' && c.name && c.text) names.set(c.text, c.name);
    return query(cfg, ...rest);
  };
  const db = drizzle(pool, {
    schema,
    logger: {
      logQuery: (text, params) => {
        log.push({ text, params });
      },
    },
  }) as unknown as Db;
  const who = await actors(db, s);
  const out: Query[][] = [];
  try {
    for (let i = 0; i < variants; i++) {
      log = [];
      await sc.floor!(db, who, i);
      out.push(log);
    }
  } finally {
    await pool.end();
  }
  for (const page of out) for (const q of page) q.name = names.get(q.text);
  return out;
}

export async function dbFloor(url: string, pages: Query[][], o: { connections: number; seconds: number }): Promise<Figures> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' });
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = Date.now() + o.seconds * 1000;
  const t0 = Date.now();
  const user = async () => {
    while (Date.now() < end) {
      const page = pages[n++ % pages.length];
      const s = performance.now();
      try {
        for (const q of page) await (q.name ? pool.query({ name: q.name, text: q.text, values: q.params }) : pool.query(q.text, q.params));
        latencies.push(performance.now() - s);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, user));
  const seconds = (Date.now() - t0) / 1000;
  await pool.end();
  return figuresOf(latencies, errors, seconds);
}

/** EXPLAIN of a recorded statement (with its parameters), to show which indexes serve it. */
export async function explain(url: string, q: Query): Promise<string> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(`explain (analyze, costs off, timing off, summary off) ${q.text}`, q.params);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  } finally {
    await c.end();
  }
}
