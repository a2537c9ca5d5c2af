// Builds a county's 汇交 package (NY/T 2539) from generated households, for tests and benchmarks:
//   npx tsx scripts/make-nyt2539-fixture.ts --out tmp/nyt2539.zip [--households 60] [--collectives 2]
//       [--township] [--variant clean|wrong-prj|overlap|…] [--tables xlsx|csv] [--cpg] [--seed 17]
// --township makes one township's worth (about 2,180 contracting households in 5 villages, over 15,000 parcels).
// The same seed and sizes give the same data (the dBASE headers carry the day they were written).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { makeNyt2539Fixture, TOWNSHIP_SIZE } from './lib/nyt2539/package';
import { VARIANTS, type Variant } from './lib/nyt2539/variants';

const { values: a } = parseArgs({
  options: {
    out: { type: 'string', default: 'tmp/nyt2539.zip' },
    households: { type: 'string', default: '60' },
    collectives: { type: 'string', default: '2' },
    township: { type: 'boolean', default: false },
    variant: { type: 'string', default: 'clean' },
    tables: { type: 'string', default: 'xlsx' },
    cpg: { type: 'boolean', default: false },
    seed: { type: 'string', default: '17' },
  },
});
if (!(VARIANTS as readonly string[]).includes(a.variant!)) throw new Error(`--variant must be one of ${VARIANTS.join(', ')}`);
if (a.tables !== 'xlsx' && a.tables !== 'csv') throw new Error('--tables must be xlsx or csv');
const size = a.township ? TOWNSHIP_SIZE : { households: Number(a.households), collectives: Number(a.collectives) };
const f = await makeNyt2539Fixture({ ...size, seed: Number(a.seed), variant: a.variant as Variant, tables: a.tables, cpg: a.cpg });
mkdirSync(path.dirname(a.out!), { recursive: true });
writeFileSync(a.out!, f.zip);
console.log(
  `${a.out}: ${(f.zip.length / 1024 / 1024).toFixed(1)} MB`,
  JSON.stringify(f.summary),
  f.planted ? `planted: ${JSON.stringify(f.planted)}` : '',
);
