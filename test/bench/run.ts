// npm run bench -- [--s-url URL] [--l-url URL] [--s-dir DIR] [--connections 16] [--seconds 10] [--workers 2]
//                   [--village-connections 2] [--only pg-s,pg-l,pglite-s,import] [--out FILE]
//
// With --out, the figures go to FILE only (a partial run, e.g. S alone, leaves the full run's
// BENCHMARKS.md section and bench.json as they are).
//
// Drives the running app over HTTP (autocannon) for every key page and API call on each
// generated data set that exists (see README: npm run generate), measures the database
// floor and the render floor, the import and the app's memory, and writes the figures to
// BENCHMARKS.md and test/bench/results/bench.json. Not part of npm test; asserts nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDb } from '../../server/platform/db';
import { login, memoryOf, PROXY, ROOT, startApp, type Target } from './lib/app';
import { dbFloor, explain, recordQueries } from './lib/db-floor';
import { load } from './lib/load';
import { writeReport, type Run, type TargetResult } from './lib/report';
import { prepare, signIn } from './lib/scenarios';

const { values: a } = parseArgs({
  options: {
    's-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sq_bench_s' },
    'l-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/sq_bench_l' },
    's-dir': { type: 'string', default: path.join(ROOT, 'tmp/bench-pglite-s') },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    // App processes on the PostgreSQL server (WEB_CONCURRENCY): one per core of this machine.
    workers: { type: 'string', default: String(os.cpus().length) },
    // The embedded database is also measured as a village office uses it: a few users at once.
    'village-connections': { type: 'string', default: '2' },
    only: { type: 'string' },
    'skip-import': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const o = { connections: Number(a.connections), seconds: Number(a.seconds) };
const workers = Number(a.workers);
const village = Number(a['village-connections']);
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);

async function hasData(t: Target): Promise<boolean> {
  if (t.dataDir) return existsSync(path.join(t.dataDir, 'PG_VERSION'));
  const c = new pg.Client({ connectionString: t.url });
  try {
    await c.connect();
    return (await c.query('select count(*)::int as n from households')).rows[0].n > 0;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function measure(t: Target, port: number): Promise<TargetResult> {
  const h = await openDb(t);
  const s = await prepare(h.db);
  await h.close();
  const res: TargetResult = {
    label: t.label,
    database: t.url ? 'PostgreSQL server' : 'embedded PGlite',
    counts: s.counts,
    officer: s.officer,
    scenarios: {},
  };
  const recorded: Record<string, Awaited<ReturnType<typeof recordQueries>>> = {};
  if (t.url) {
    for (const sc of s.scenarios.filter((x) => x.floor)) recorded[sc.id] = await recordQueries(t.url, s, sc, sc.paths.length > 1 ? 20 : 1);
    res.explain = {};
    for (const id of ['search-id', 'search-name', 'search-code', 'dashboard-city']) {
      for (const [i, q] of (recorded[id]?.[0] ?? []).entries()) {
        if (id === 'dashboard-city' && !/collective_stats|collective_right_stats/.test(q.text)) continue;
        // Only reads are explained (a day's read count crossing a threshold adds a trail entry in a transaction).
        if (!/^\s*(select|with)\b/i.test(q.text)) continue;
        res.explain[`${id} #${i + 1}`] = `${q.text}\n-- params: ${JSON.stringify(q.params)}\n\n${await explain(t.url, q)}`;
      }
    }
  }
  const app = await startApp(t, port, 'server/main.ts', t.url ? { WEB_CONCURRENCY: String(workers) } : {});
  res.workers = t.url ? workers : 1;
  try {
    const credentials = await signIn(app.base, s);
    for (const sc of s.scenarios) {
      const headers = credentials(sc);
      const lo = sc.load ? { connections: sc.load.connections, seconds: o.seconds * sc.load.secondsFactor } : o;
      await load(app.base, sc.paths, headers, { connections: lo.connections, seconds: 2 });
      const fig = await load(app.base, sc.paths, headers, lo);
      // Requests still running when the window closed finish before the next page starts.
      await fetch(app.base + sc.paths[0], { headers: { ...PROXY, ...headers } })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
      log(`  ${t.label} ${sc.id}: p50 ${fig.p50} p95 ${fig.p95} p99 ${fig.p99} ms, ${fig.rps} req/s, ${fig.errors} errors`);
      res.scenarios[sc.id] = { title: sc.title, key: sc.key, dashboard: sc.dashboard, app: fig };
    }
    if (t.dataDir && village !== o.connections) {
      // A village office: the key pages again with a few users at once (PGlite runs one query at a time).
      res.village = { connections: village, scenarios: {} };
      for (const sc of s.scenarios.filter((x) => x.key)) {
        const headers = credentials(sc);
        await load(app.base, sc.paths, headers, { connections: village, seconds: 2 });
        const fig = await load(app.base, sc.paths, headers, { connections: village, seconds: o.seconds });
        log(`  ${t.label} ${sc.id} at ${village} connections: p50 ${fig.p50} p95 ${fig.p95} p99 ${fig.p99} ms, ${fig.rps} req/s`);
        res.village.scenarios[sc.id] = fig;
      }
    }
    const afterLoad = memoryOf(app.proc.pid!);
    await app.stop();
    // The largest export on a fresh single process, so its peak is its own and not the load test's.
    const fresh = await startApp(t, port + 2, 'server/main.ts', { WEB_CONCURRENCY: '1' });
    try {
      const idle = memoryOf(fresh.proc.pid!);
      const big = await login(fresh.base, s.largestOfficer);
      const t0 = performance.now();
      const x = await fetch(`${fresh.base}/exports/register.xlsx`, { headers: { ...PROXY, cookie: big } });
      let bytes = 0;
      for await (const chunk of x.body!) bytes += (chunk as Uint8Array).length;
      const seconds = (performance.now() - t0) / 1000;
      res.memory = {
        afterLoadPeakMb: afterLoad.peakMb,
        afterLoadRssMb: afterLoad.rssMb,
        afterLoadProcesses: afterLoad.processes,
        afterLoadMaxProcessPeakMb: afterLoad.maxProcessPeakMb,
        idleRssMb: idle.rssMb,
        largestExport: { households: s.counts.largestHouseholds, bytes, seconds, peakMb: memoryOf(fresh.proc.pid!).peakMb },
      };
    } finally {
      await fresh.stop();
    }
    log(`  ${t.label} memory ${JSON.stringify(res.memory)}`);
  } finally {
    await app.stop();
  }
  if (t.url) {
    for (const [id, pages] of Object.entries(recorded)) {
      res.scenarios[id].dbFloor = await dbFloor(t.url, pages, o);
      log(`  ${t.label} ${id} DB floor: p95 ${res.scenarios[id].dbFloor!.p95} ms, ${res.scenarios[id].dbFloor!.rps} req/s`);
    }
    const householdPaths = s.scenarios.find((x) => x.id === 'household')!.paths;
    const floor = await startApp(t, port + 1, 'test/bench/render-floor.ts', {
      BENCH_HOUSEHOLDS: householdPaths.map((p) => p.split('/').pop()!).join(','),
      BENCH_OFFICER: s.officer,
      WEB_CONCURRENCY: String(workers),
    });
    try {
      await load(floor.base, householdPaths, {}, { connections: o.connections, seconds: 2 });
      res.renderFloor = await load(floor.base, householdPaths, {}, o);
      log(`  ${t.label} render floor: p95 ${res.renderFloor.p95} ms, ${res.renderFloor.rps} req/s`);
      // A floor whose every page failed is no floor (it read 0 req/s twice before this check).
      if (res.renderFloor.errors && !res.renderFloor.rps)
        throw new Error(`the render floor answered ${res.renderFloor.errors} errors and no page`);
    } finally {
      await floor.stop();
    }
  }
  return res;
}

/** The import benchmark (test/bench/import.bench.ts, 99,990 rows) against the server, if present. */
async function importBench(url: string): Promise<Record<string, unknown> | undefined> {
  const script = path.join(ROOT, 'test/bench/import.bench.ts');
  if (!existsSync(script)) return undefined;
  const base = new URL(url);
  base.pathname = '/postgres';
  await new Promise<void>((ok, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: base.toString() },
      stdio: 'inherit',
    });
    p.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`import bench exited ${code}`))));
  });
  return JSON.parse(readFileSync(path.join(ROOT, 'test/bench/results/import-pg.json'), 'utf8'));
}

const all: (Target & { key: string })[] = [
  { key: 'pg-s', label: 'PostgreSQL server, S', url: a['s-url'] },
  { key: 'pg-l', label: 'PostgreSQL server, L', url: a['l-url'] },
  { key: 'pglite-s', label: 'Embedded PGlite, S', dataDir: path.resolve(a['s-dir']!) },
];
const only = a.only?.split(',');
const run: Run = {
  date: new Date().toISOString(),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  machine: {
    cpu: `${os.cpus()[0]?.model} × ${os.cpus().length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgresql: '',
    os: `${os.type()} ${os.release()}`,
  },
  connections: o.connections,
  seconds: o.seconds,
  loadBefore: os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' '),
  loadAfter: '',
  targets: [],
};
let port = 3900;
for (const t of all) {
  if (only && !only.includes(t.key)) continue;
  if (!(await hasData(t))) {
    log(`skipped ${t.label}: no generated data (npm run generate)`);
    continue;
  }
  if (t.url && !run.machine.postgresql) {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    run.machine.postgresql =
      (await c.query('show server_version')).rows[0].server_version +
      ` (shared_buffers ${(await c.query('show shared_buffers')).rows[0].shared_buffers})`;
    await c.end();
  }
  log(`measuring ${t.label}`);
  run.targets.push(await measure(t, (port += 10)));
}
if (!a['skip-import'] && (!only || only.includes('import'))) {
  log('import benchmark');
  run.import = await importBench(a['s-url']!);
}
run.loadAfter = os
  .loadavg()
  .map((x) => x.toFixed(1))
  .join(' ');
mkdirSync(path.join(ROOT, 'test/bench/results'), { recursive: true });
if (a.out) {
  writeFileSync(path.resolve(a.out), JSON.stringify(run, null, 2) + '\n');
  log(`written ${a.out}`);
} else {
  writeFileSync(path.join(ROOT, 'test/bench/results/bench.json'), JSON.stringify(run, null, 2) + '\n');
  writeReport(path.join(ROOT, 'BENCHMARKS.md'), run);
  log('written BENCHMARKS.md and test/bench/results/bench.json');
}
