// npx tsx test/bench/profile.ts --url URL [--page household] [--seconds 10] [--connections 16] [--out FILE]
//
// Where one app process spends its CPU on one page of the bench under load: the app (one
// process, production settings) runs under V8's sampling profiler (lib/profiled-main.ts) while
// the page's scenario is loaded as the bench loads it; then prints the functions with the most
// time of their own and the packages they belong to, and writes the whole profile to FILE (open it
// in Chrome's DevTools). Not part of npm test; asserts nothing.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/platform/db';
import { startApp } from './lib/app';
import { load } from './lib/load';
import { prepare, signIn } from './lib/scenarios';

const { values: a } = parseArgs({
  options: {
    url: { type: 'string' },
    page: { type: 'string', default: 'household' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    out: { type: 'string', default: 'tmp/app.cpuprofile' },
  },
});
if (!a.url) throw new Error('usage: --url URL of a generated data set (npm run generate)');
const out = fs.realpathSync('.') + '/' + a.out;

const h = await openDb({ url: a.url });
const s = await prepare(h.db);
await h.close();
const sc = s.scenarios.find((x) => x.id === a.page);
if (!sc) throw new Error(`no page ${a.page}: ${s.scenarios.map((x) => x.id).join(', ')}`);
const app = await startApp({ label: '', url: a.url }, 3499, 'test/bench/lib/profiled-main.ts', { WEB_CONCURRENCY: '1', PROF_OUT: out });
const said = (word: string) =>
  new Promise<void>((ok) => {
    const on = (d: Buffer) => {
      if (String(d).includes(word)) {
        app.proc.stderr!.off('data', on);
        ok();
      }
    };
    app.proc.stderr!.on('data', on);
  });
try {
  const headers = (await signIn(app.base, s))(sc);
  const o = { connections: Number(a.connections), seconds: Number(a.seconds) };
  await load(app.base, sc.paths, headers, { connections: o.connections, seconds: 3 });
  const profiling = said('profiling');
  app.proc.kill('SIGUSR1');
  await profiling;
  const f = await load(app.base, sc.paths, headers, o);
  const written = said('profile written');
  app.proc.kill('SIGUSR2');
  await written;
  console.log(`${a.page}: ${f.rps} pages/s, p95 ${f.p95} ms at ${o.connections} connections, one process; profile in ${a.out}`);
} finally {
  await app.stop();
}

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
const p = JSON.parse(fs.readFileSync(out, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
let total = 0;
p.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  total += p.timeDeltas[i] ?? 0;
});
// A view's compiled function names its file with a quote after it (EJS's sourceURL).
const where = (raw: string) => {
  const url = raw.replace(/"$/, '');
  return url.includes('node_modules/')
    ? url.replace(/.*node_modules\/((@[^/]+\/)?[^/]+).*/, '$1')
    : url.replace(/^.*?\/(server|views|routes|models)\//, '$1/') || '(native)';
};
const top = (key: (n: Node) => string) => {
  const m = new Map<string, number>();
  for (const [id, us] of self) {
    const k = key(byId.get(id)!);
    m.set(k, (m.get(k) ?? 0) + us);
  }
  return [...m]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 20)
    .map(([k, us]) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`)
    .join('\n');
};
console.log(`\nby package or file (own time):\n${top((n) => where(n.callFrame.url))}`);
console.log(
  `\nby function (own time):\n${top((n) => `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`)}`,
);
