// npx tsx test/bench/ab.ts --before DIR [--url URL | --data-dir DIR] [--pages household,api-household]
//                          [--pairs 3] [--connections 16] [--seconds 10] [--workers 1]
//
// An interleaved A/B of two versions of the app on the same data at the same moment: DIR is a
// checkout of the version before (e.g. `git archive <commit> | tar -x -C DIR`, node_modules
// linked), this working copy is the version after. Both apps run at once (the idle one costs
// nothing), and each page is loaded before, after, before, after… so that a slow minute of a
// shared machine falls on both. Prints one line per run and the pairs as JSON. Asserts nothing.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/platform/db';
import { ROOT, startApp, type App } from './lib/app';
import { load } from './lib/load';
import { prepare, signIn } from './lib/scenarios';

const { values: a } = parseArgs({
  options: {
    before: { type: 'string' },
    url: { type: 'string' },
    'data-dir': { type: 'string' },
    pages: { type: 'string', default: 'household' },
    pairs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1' },
  },
});
if (!a.before || (!a.url && !a['data-dir'])) throw new Error('usage: --before DIR and --url URL or --data-dir DIR');
const o = { connections: Number(a.connections), seconds: Number(a.seconds) };
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);

const start = (root: string, port: number, dataDir?: string): Promise<App> =>
  startApp({ label: '', url: a.url, dataDir }, port, 'server/main.ts', { WEB_CONCURRENCY: a.workers! }, root);

const h = await openDb(a.url ? { url: a.url } : { dataDir: a['data-dir'] });
const s = await prepare(h.db);
await h.close();
// The embedded database is one process's: each version gets its own copy of the folder.
const dirs = a['data-dir'] ? [path.resolve(`${a['data-dir']}-before`), path.resolve(`${a['data-dir']}-after`)] : [undefined, undefined];
if (a['data-dir']) {
  const { cpSync, rmSync } = await import('node:fs');
  for (const d of dirs) {
    rmSync(d!, { recursive: true, force: true });
    cpSync(a['data-dir'], d!, { recursive: true });
  }
}
const apps = { before: await start(path.resolve(a.before), 3411, dirs[0]), after: await start(ROOT, 3412, dirs[1]) };
const results: Record<string, { before: number[]; after: number[]; beforeP95: number[]; afterP95: number[] }> = {};
try {
  const credentials = { before: await signIn(apps.before.base, s), after: await signIn(apps.after.base, s) };
  for (const id of a.pages!.split(',')) {
    const sc = s.scenarios.find((x) => x.id === id);
    if (!sc) throw new Error(`no page ${id}`);
    const r = (results[id] = { before: [] as number[], after: [] as number[], beforeP95: [] as number[], afterP95: [] as number[] });
    for (let i = 0; i < Number(a.pairs); i++) {
      for (const v of ['before', 'after'] as const) {
        const headers = credentials[v](sc);
        await load(apps[v].base, sc.paths, headers, { connections: o.connections, seconds: 2 });
        const f = await load(apps[v].base, sc.paths, headers, o);
        log(`${id} ${v}: ${f.rps} req/s, p50 ${f.p50} p95 ${f.p95} ms, ${f.errors} errors`);
        r[v].push(f.rps);
        r[`${v}P95`].push(f.p95);
      }
    }
  }
} finally {
  await Promise.all([apps.before.stop(), apps.after.stop()]);
}
console.log(JSON.stringify({ connections: o.connections, seconds: o.seconds, workers: Number(a.workers), results }));
