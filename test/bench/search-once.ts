// npx tsx test/bench/search-once.ts --url URL [--rounds 3] [--seconds 8] [--out FILE]
//
// The household search by name as the database sees it, in the two forms it has had (BENCHMARKS.md,
// "The name search found its matches twice"): a count statement and a page statement sent at once,
// each finding every match (before 2e28c44), and one statement that finds them once (a
// materialized CTE) and counts and pages from there (household-search.ts, pageOfMatches). The 100
// names are the bench's own (test/bench/lib/scenarios.ts: heads' names, every 7,919th of 200),
// searched city-wide by the city bureau's scope, 16 at a time, the forms taking turns. Statements
// only: no app, no session, no personal-read count. Not part of npm test; asserts nothing.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    out: { type: 'string' },
  },
});
if (!a.url) throw new Error('usage: --url URL of a generated database (npm run generate)');

const pool = new pg.Pool({ connectionString: a.url, max: 16 });
const heads: string[] = (
  await pool.query(`select m.name from members m join households h on h.id = m.household_id
    where m.relation = 'head' order by md5(m.id::text) limit 200`)
).rows.map((r) => r.name);
const names = Array.from({ length: 100 }, (_, i) => heads[(i * 7919) % heads.length]);
const [{ region }] = (await pool.query(`select substr(code, 1, 4) as region from regions where level = 'city' order by code limit 1`)).rows;

/** The household search's condition for a name of two characters (bigram index) or more (trigram), as household-search.ts builds it. */
function matches(name: string): { where: string; value: string } {
  const two = Array.from(name).length === 2;
  return two
    ? {
        where: `region_code like $1 and id = any(array(select household_id from members where name_bigrams(name) @> array[lower($2)]
          union select id from households where name_bigrams(head_name) @> array[lower($2)]))`,
        value: name,
      }
    : {
        where: `region_code like $1 and id = any(array(select household_id from members where name ilike $2
          union select id from households where head_name ilike $2))`,
        value: `%${name}%`,
      };
}

const rowsJson = `json_agg(json_build_object('id', h.id, 'code', h.code, 'headName', h.head_name,
  'persons', (select count(*)::int from members m where m.household_id = h.id)) order by h.created_at desc, h.code)`;

const forms: Record<string, (name: string) => Promise<unknown>> = {
  'count and page, two statements': (name) => {
    const m = matches(name);
    const values = [`${region}%`, m.value];
    return Promise.all([
      pool.query(`select count(*) from (select 1 from households where ${m.where} limit 1001) c`, values),
      pool.query(
        `select ${rowsJson} from households h where h.id in (select id from households where ${m.where} order by created_at desc, code limit 20)`,
        values,
      ),
    ]);
  },
  'matches found once, one statement': (name) => {
    const m = matches(name);
    return pool.query(
      `with found as materialized (select id, created_at, code from households where ${m.where}),
        shown as (select id from found order by created_at desc, code limit 20)
      select (select count(*)::int from (select 1 from found limit 1001) c) as counted,
        (select ${rowsJson} from households h where h.id in (select id from shown)) as list`,
      [`${region}%`, m.value],
    );
  },
};

async function measure(form: (name: string) => Promise<unknown>, seconds: number) {
  const latencies: number[] = [];
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 16 }, async (_, lane) => {
      for (let i = lane; Date.now() < end; i++) {
        const t = performance.now();
        await form(names[i % names.length]);
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((x, y) => x - y);
  return { perSecond: +(latencies.length / seconds).toFixed(1), p95: +latencies[Math.floor(latencies.length * 0.95)].toFixed(1) };
}

const results: Record<string, { perSecond: number; p95: number }[]> = {};
for (let r = 0; r < Number(a.rounds); r++) {
  for (const [label, form] of Object.entries(forms)) {
    const m = await measure(form, Number(a.seconds));
    (results[label] ??= []).push(m);
    console.log(`${label}: ${m.perSecond} searches/s, p95 ${m.p95} ms`);
  }
}
await pool.end();
if (a.out)
  writeFileSync(a.out, JSON.stringify({ at: new Date().toISOString(), url: a.url.replace(/:[^:@/]*@/, '@'), results }, null, 2) + '\n');
