// What `<%= %>` costs per value: EJS's own escapeXML against the views' escapeHtml
// (server/platform/html-escape.ts), on values like a household page's (names, codes, dates, ids,
// numbers; one in ten with a character to escape). npx tsx test/bench/escape.ts
// (BENCHMARKS.md, "Escaping a value"). Prints nanoseconds per value, best of three rounds.
import ejs from 'ejs';
import { escapeHtml } from '../../server/platform/html-escape';

const values: unknown[] = [
  '李建国',
  '440203100201',
  '2026-12-06',
  'c1f0a7e2-4b5c-4d8e-9a1b-2c3d4e5f6a7b',
  '承包地',
  12.5,
  '/households/c1f0a7e2-4b5c-4d8e-9a1b-2c3d4e5f6a7b',
  'field-error',
  '黄 & 李',
  '龙岗村第一村民小组',
];
const N = 2_000_000;
for (const [name, f] of [
  ['ejs.escapeXML', (v: unknown) => ejs.escapeXML(v as string)],
  ['escapeHtml', escapeHtml],
] as const) {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (let i = 0; i < N; i++) sink += f(values[i % values.length]).length;
    best = Math.min(best, ((performance.now() - t) / N) * 1e6);
  }
  console.log(`${name.padEnd(14)} ${best.toFixed(1)} ns per value (${sink} characters written)`);
}
