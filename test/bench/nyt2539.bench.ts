// NY/T 2539 package: read + map + check of one township, the dry run of issue 17:
//   npx tsx test/bench/nyt2539.bench.ts [--fresh]   (--fresh: make the package again, timed: wall and CPU)
// Makes (or reuses, from tmp/) a generated township package — 2,400 generated households in 5
// villages of 曲江区马坝镇, of which the ~2,180 holding contracted land are 承包方, with over
// 10,000 parcels, their 界址点/界址线 and village boundaries — then times reading the zip
// (tables from XLSX, four shapefile layers), mapping to the registry's rows, and the topology
// checks. Writes test/bench/results/nyt2539.json; asserts nothing about time.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeNyt2539Fixture, TOWNSHIP_SIZE } from '../../scripts/lib/nyt2539/package';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cached = path.join(root, 'tmp/nyt2539-township.zip');
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);

let made: { ms: number; cpuMs: { user: number; system: number }; summary: unknown } | null = null;
if (process.argv.includes('--fresh') || !existsSync(cached)) {
  const t = performance.now();
  const c = process.cpuUsage();
  const f = await makeNyt2539Fixture({ ...TOWNSHIP_SIZE, seed: 17 });
  const used = process.cpuUsage(c);
  made = {
    ms: Math.round(performance.now() - t),
    cpuMs: { user: Math.round(used.user / 1000), system: Math.round(used.system / 1000) },
    summary: f.summary,
  };
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(cached, f.zip);
  log(`made ${cached} in ${made.ms} ms`);
}
const zip = readFileSync(cached);
const load = loadavg()[0];
const marks: Record<string, number> = {};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let peakRss = 0;
const timer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const res = await checkNyt2539(zip, 'township.zip', {
  today: new Date('2026-06-01T00:00:00Z'),
  onPhase: (p) => {
    marks[p] = performance.now();
  },
});
clearInterval(timer);
const total = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (res.fatal) throw new Error(`the township package was refused: ${res.fatal.en}`);
const households = res.collectives.reduce((s, c) => s + c.counts.households, 0);
const parcels = res.collectives.reduce((s, c) => s + c.counts.parcels, 0);
if (households < 2_000 || parcels < 10_000) throw new Error(`not a township: ${households} households, ${parcels} parcels`);
const problems = res.problems.length + res.collectives.reduce((s, c) => s + c.problems.length, 0);

const out = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  loadavg1: Math.round(load * 100) / 100,
  package: {
    bytes: zip.length,
    files: res.loaded?.tableFiles,
    layers: res.loaded?.counts,
    collectives: res.collectives.length,
    households,
    members: res.collectives.reduce((s, c) => s + c.counts.members, 0),
    parcels,
  },
  ms: {
    read: Math.round(marks.read - t0),
    map: Math.round(marks.mapped - marks.read),
    topology: Math.round(marks.checked - marks.mapped),
    total: Math.round(total),
  },
  cpuMs: { user: Math.round(cpu.user / 1000), system: Math.round(cpu.system / 1000) },
  peakRssMB: Math.round(peakRss / 1024 / 1024),
  problems,
  ...(made ? { fixture: made } : {}),
};
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results/nyt2539.json'), `${JSON.stringify(out, null, 2)}\n`);
log(JSON.stringify(out));
