// The app's memory and speed under load with and without a cap on V8's heap (BENCHMARKS.md, "Memory
// under load"). Two rounds of the household page, the listings and the city dashboard at 16 connections
// and the XLSX export at 2, on the generated S database, WEB_CONCURRENCY=2; prints the peak resident memory.
//   npx tsx test/bench/heap-cap.ts                              # V8's default heap limit
//   npx tsx test/bench/heap-cap.ts --max-old-space-size=160     # passed to the app as NODE_OPTIONS
// BENCH_DATABASE_URL overrides the database (default sq_bench_s on this machine's server).
import pg from 'pg';
import { login, memoryOf, PROXY, startApp } from './lib/app';
import { load } from './lib/load';

const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/sq_bench_s';
const c = new pg.Client({ connectionString: url });
await c.connect();
const coll = (
  await c.query(
    `select c.id, u.username from collectives c join users u on u.collective_id = c.id and u.role = 'officer' join collective_stats s on s.collective_id = c.id order by s.households desc limit 1`,
  )
).rows[0];
const hh = (await c.query(`select id from households where collective_id = $1 limit 100`, [coll.id])).rows.map(
  (r) => `/households/${r.id}`,
);
const bureau = (await c.query(`select username from users where role = 'bureau' order by length(region_code), username limit 1`)).rows[0]
  .username;
await c.end();
const opts = process.argv[2] ?? '';
const app = await startApp({ label: 'S', url }, 3999, 'server/main.ts', { WEB_CONCURRENCY: '2', ...(opts ? { NODE_OPTIONS: opts } : {}) });
try {
  const officer = await login(app.base, coll.username);
  const boss = await login(app.base, bureau);
  const out: string[] = [];
  for (let round = 0; round < 2; round++) {
    for (const [name, paths, cookie] of [
      ['household', hh, officer],
      ['market', ['/market'], officer],
      ['dashboard', ['/oversight'], boss],
      ['export', ['/exports/register.xlsx'], officer],
    ] as const) {
      const f = await load(app.base, [...paths], { ...PROXY, cookie }, { connections: name === 'export' ? 2 : 16, seconds: 8 });
      out.push(`${name} rps ${f.rps.toFixed(0)} p95 ${f.p95.toFixed(0)} errors ${f.errors}`);
    }
  }
  console.log(opts || 'default', JSON.stringify(memoryOf(app.proc.pid!)), '\n ', out.join('\n  '));
} finally {
  await app.stop();
}
