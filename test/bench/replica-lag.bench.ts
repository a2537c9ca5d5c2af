// A streaming replica's lag under a steady write load (README "Read replicas"):
//   npx tsx test/bench/replica-lag.bench.ts [--seconds 15] [--rates 0,20,100,max]
// Starts a replica with test/helpers/replica.ts (of DATABASE_URL's server if it allows one, else
// of a primary of the helper's own, on this machine), then for each rate writes households
// through the registry's use case (household, members, trail entry: what an officer's form
// writes) and samples, every 100 ms, what PostgreSQL says of the replica (pg_stat_replication's
// replay_lag; now() - pg_last_xact_replay_timestamp() and the WAL distance on the replica), and
// every 250 ms how long a fresh commit takes to be replayed there (what a user's next page after
// a write depends on). Also times the statements read-your-writes adds. Writes
// test/bench/results/replica.json; asserts nothing.
import { now } from '../../server/kernel/clock';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureRegions } from '../../server/admin/reference';
import type { Actor } from '../../server/kernel/actor';
import { openDb } from '../../server/platform/db';
import { INSERT_POSITION_SQL, insertFence, lsnOf } from '../../server/platform/lsn';
import { createHousehold } from '../../server/registry/households';
import { makeIdNumber } from '../../server/demo/id-gen';
import { makeCollective, makeUser } from '../helpers/factories';
import { startReplication } from '../helpers/replica';

const { values: a } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, rates: { type: 'string', default: '0,20,100,max' } },
});
const seconds = Number(a.seconds);
const here = path.dirname(fileURLToPath(import.meta.url));
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_WRITERS = 4;

type Stats = { n: number; p50: number; p95: number; p99: number; max: number };
function stats(xs: number[]): Stats | null {
  if (!xs.length) return null;
  const s = [...xs].sort((x, y) => x - y);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (v: number) => Math.round(v * 100) / 100;
  return { n: s.length, p50: r(q(0.5)), p95: r(q(0.95)), p99: r(q(0.99)), max: r(s[s.length - 1]) };
}

const rep = await startReplication();
log(`replica of ${rep.source === 'server' ? "DATABASE_URL's server" : `a primary of its own (${rep.why})`}`);
const name = await rep.createDatabase();
const h = await openDb({ url: rep.primaryUrl(name) });
await ensureRegions(h.db);
// A group's household codes run from 0001 to 9999: a group (with its officer) for every 9,999 households written.
type Group = { id: string; regionCode: string; groupCode: string; officer: Actor };
const groups = new Map<number, Promise<Group>>();
function group(k: number): Promise<Group> {
  if (!groups.has(k))
    groups.set(
      k,
      (async () => {
        const c = await makeCollective(h.db, { groupCode: String(k + 1).padStart(2, '0'), level: 'group' });
        return { ...c, officer: (await makeUser(h.db, 'officer', { collectiveId: c.id })).actor };
      })(),
    );
  return groups.get(k)!;
}
await group(0);
let serial = 0;
const day = (i: number) => new Date(Date.UTC(1940, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
async function household() {
  const i = serial++;
  const g = await group(Math.floor(i / 9999));
  // Unique ID numbers: 450 people a birthday.
  const person = (k: number, sex: 'M' | 'F') =>
    makeIdNumber('440205', day(Math.floor((2 * i + k) / 450)), ((2 * i + k) % 450) * 2 + 1, sex);
  return createHousehold(
    h.db,
    g.officer,
    g.id,
    {
      code: `${g.regionCode}${g.groupCode}${String((i % 9999) + 1).padStart(4, '0')}`,
      members: [
        { name: '测试户主', idNumber: person(0, 'M'), relation: 'head' },
        { name: '测试配偶', idNumber: person(1, 'F'), relation: 'spouse' },
      ],
    } as never,
    now(),
  );
}
const client = async (url: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
};
const [sampleP, sampleR, probeP, probeR] = await Promise.all([
  client(rep.primaryUrl(name)),
  client(rep.replicaUrl(name)),
  client(rep.primaryUrl(name)),
  client(rep.replicaUrl(name)),
]);
await probeP.query('create table bench_probe (n int); insert into bench_probe values (0)');
await rep.caughtUp();

/** Mean and p99 of one statement's round trip, µs, sequentially. */
async function roundTrip(c: pg.Client, text: string, n = 2000): Promise<Stats> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await c.query(text);
    xs.push((performance.now() - t) * 1000);
  }
  return stats(xs)!;
}
const costs = {
  primaryPositionUs: await roundTrip(probeP, INSERT_POSITION_SQL),
  replicaPositionUs: await roundTrip(probeR, 'select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as recovering'),
  selectOneUs: await roundTrip(probeP, 'select 1'),
};
log(
  `read-your-writes statements: primary position p50 ${costs.primaryPositionUs.p50} µs, replica position p50 ${costs.replicaPositionUs.p50} µs (select 1: ${costs.selectOneUs.p50} µs)`,
);

async function phase(rate: number | 'max') {
  const until = performance.now() + seconds * 1000;
  let writes = 0;
  let failed = 0;
  let running = true;
  const write = () =>
    household().then(
      () => writes++,
      (err: Error) => {
        if (!failed++) log(`a write failed: ${err.message} ${JSON.stringify((err as { fields?: unknown }).fields ?? '')}`);
      },
    );
  const writers: Promise<unknown>[] = [];
  if (rate === 'max') {
    for (let i = 0; i < MAX_WRITERS; i++)
      writers.push(
        (async () => {
          while (performance.now() < until) await write();
        })(),
      );
  } else if (rate > 0) {
    writers.push(
      (async () => {
        const inflight = new Set<Promise<unknown>>();
        for (let i = 0, t0 = performance.now(); performance.now() < until; i++) {
          await sleep(Math.max(0, t0 + (i * 1000) / rate - performance.now()));
          if (inflight.size >= MAX_WRITERS * 2) await Promise.race(inflight);
          const p = write().finally(() => inflight.delete(p));
          inflight.add(p);
        }
        await Promise.all(inflight);
      })(),
    );
  }
  const replayLag: number[] = [];
  const replayTsLag: number[] = [];
  const bytesBehind: number[] = [];
  const visible: number[] = [];
  const sampler = (async () => {
    while (running) {
      const [p, r] = await Promise.all([
        sampleP.query(
          "select pg_current_wal_lsn()::text as lsn, (select extract(epoch from replay_lag) * 1000 from pg_stat_replication where state = 'streaming' limit 1) as lag",
        ),
        sampleR.query(
          'select pg_last_wal_replay_lsn()::text as lsn, extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 as ts',
        ),
      ]);
      if (p.rows[0].lag !== null) replayLag.push(Number(p.rows[0].lag));
      if (rate !== 0) replayTsLag.push(Number(r.rows[0].ts));
      bytesBehind.push(Math.max(0, Number(lsnOf(p.rows[0].lsn) - lsnOf(r.rows[0].lsn))));
      await sleep(100);
    }
  })();
  const prober = (async () => {
    while (running) {
      await probeP.query('update bench_probe set n = n + 1');
      const fence = insertFence((await probeP.query(INSERT_POSITION_SQL)).rows[0]);
      const t = performance.now();
      while (lsnOf((await probeR.query('select pg_last_wal_replay_lsn()::text as lsn')).rows[0].lsn) < fence) {
        if (performance.now() - t > 10_000) break;
      }
      visible.push(performance.now() - t);
      await sleep(250);
    }
  })();
  await Promise.all(writers);
  if (rate === 0) await sleep(seconds * 1000);
  running = false;
  await Promise.all([sampler, prober]);
  const result = {
    rate,
    writesPerSecond: Math.round((writes / seconds) * 10) / 10,
    failed,
    replayLagMs: stats(replayLag),
    replayTimestampLagMs: stats(replayTsLag),
    bytesBehind: stats(bytesBehind),
    commitVisibleOnReplicaMs: stats(visible),
  };
  log(
    `${rate} writes/s target: ${result.writesPerSecond}/s; replay_lag p95 ${result.replayLagMs?.p95 ?? '-'} ms, a commit replayed after p50 ${result.commitVisibleOnReplicaMs?.p50} / p95 ${result.commitVisibleOnReplicaMs?.p95} / max ${result.commitVisibleOnReplicaMs?.max} ms`,
  );
  return result;
}

const load = loadavg()[0];
const phases = [];
for (const r of String(a.rates).split(',')) phases.push(await phase(r === 'max' ? 'max' : Number(r)));
const version = (await probeP.query('show server_version')).rows[0].server_version;
const settings = (
  await probeP.query("select name, setting from pg_settings where name in ('synchronous_commit', 'fsync', 'wal_level', 'shared_buffers')")
).rows;
for (const c of [sampleP, sampleR, probeP, probeR]) await c.end();
await h.close();
await rep.stop();

const out = {
  date: new Date().toISOString(),
  command: `npx tsx test/bench/replica-lag.bench.ts --seconds ${seconds} --rates ${a.rates}`,
  replica:
    rep.source === 'server' ? "streaming replica of DATABASE_URL's server" : `streaming replica of a primary of its own (${rep.why})`,
  postgres: version,
  settings: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
  machine: {
    cpus: cpus().length,
    loadAverageAtStart: Math.round(load * 10) / 10,
    note: 'primary, replica and this script on the same machine',
  },
  write: 'one household with two members and its trail entry per write (the registry use case)',
  readYourWritesCosts: costs,
  phases,
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results/replica.json'), `${JSON.stringify(out, null, 2)}\n`);
log('written test/bench/results/replica.json');
