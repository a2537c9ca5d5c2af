import { readFileSync } from 'node:fs';
import { loadNyt2539 } from './server/registry/import/nyt2539/load';
import { checkLoaded } from './server/registry/import/nyt2539/check';
const buf = readFileSync('tmp/nyt2539-township.zip');
let t = performance.now();
const lap = (s: string) => { const n = performance.now(); console.log(s, Math.round(n - t), 'ms', Math.round(process.memoryUsage().rss / 1e6), 'MB'); t = n; };
const pkg = await loadNyt2539(buf, 'x.zip'); lap('load');
const res = checkLoaded(pkg, { today: new Date('2026-06-01') }); lap('check');
console.log(res.problems.length, res.collectives.map((c) => [c.ok, c.counts, c.problems.length]));
