// What a test file pays for its database: freshDb() and close(), as every file calls them, on
// the embedded database or (with DATABASE_URL) on a PostgreSQL server. The first round makes the
// process's database; the next ones get it reset by the file before (test/helpers/db-reset.ts).
//   npx tsx test/bench/test-db.ts [--rounds 10]
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx test/bench/test-db.ts
// Each round writes what a small test file writes (a collective, an officer, a household), so the
// reset has tables to empty. Figures in BENCHMARKS.md ("The test suite's time, on a server").
import { parseArgs } from 'node:util';
import { freshDb } from '../helpers/db';
import { makeCollective, makeHousehold, makeUser } from '../helpers/factories';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '10' } } });
const rounds = Number(values.rounds);
const opens: number[] = [];
const closes: number[] = [];
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now();
  const h = await freshDb();
  const t1 = performance.now();
  const c = await makeCollective(h.db);
  const officer = await makeUser(h.db, 'officer', { collectiveId: c.id });
  await makeHousehold(h.db, officer.actor, c);
  const t2 = performance.now();
  await h.close();
  opens.push(t1 - t0);
  closes.push(performance.now() - t2);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;
console.log(
  `${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}, ${rounds} rounds: first open ${ms(opens[0])}; ` +
    `after it, median open ${ms(median(opens.slice(1)))}, median close ${ms(median(closes.slice(1)))} (first close ${ms(closes[0])})`,
);
process.exit(0);
