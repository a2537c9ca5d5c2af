// What "nothing changed" costs per check (test/helpers/db-fingerprint.ts: a count and a hash of
// every table in one query), on the security tests' world, for the query the tests use and the
// md5-over-sorted-rows query it replaced (the one query alone, and fingerprint() with the two
// reads it makes first: the table names, and no background job running). hostile-input.test.ts
// takes about a thousand.
//   npx tsx test/bench/fingerprint.ts              (embedded database)
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/bench/fingerprint.ts
// Prints milliseconds per fingerprint, median of 5 rounds of 20 (BENCHMARKS.md, "The test suite, night 2").
import { sql } from 'drizzle-orm';
import { rows } from '../../server/platform/db';
import { freshDb } from '../helpers/db';
import { fingerprint, tableHashSql } from '../helpers/db-fingerprint';
import { securityWorld } from '../helpers/security-world';

const h = await freshDb();
await securityWorld(h.db);
const names = (await rows<{ t: string }>(h.db, sql`select tablename as t from pg_tables where schemaname = 'public' order by 1`)).map(
  (r) => r.t,
);
const md5Query = sql.raw(
  names
    .map(
      (t) =>
        `select '${t}' as t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as v from public."${t}" x`,
    )
    .join(' union all '),
);
const sumQuery = sql.raw(names.map(tableHashSql).join(' union all '));
const variants: [string, () => Promise<unknown>][] = [
  ['md5 of the sorted rows (before)', () => rows(h.db, md5Query)],
  ["sum of the rows' hashes (now)", () => rows(h.db, sumQuery)],
  ['fingerprint(): the sum, and its two reads first', () => fingerprint(h.db)],
];
for (const [name, run] of variants) {
  await run();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) await run();
    rounds.push((performance.now() - t0) / 20);
  }
  console.log(`${name.padEnd(48)} ${rounds.sort((a, b) => a - b)[2].toFixed(2)} ms`);
}
await h.close();
process.exit(0);
