import { makeNyt2539Fixture } from '/work/wt/i17-readers/scripts/lib/nyt2539/package';
import { checkNyt2539 } from '/work/wt/i17-readers/server/registry/import/nyt2539/check';
import { describe } from '/work/wt/i17-readers/server/registry/import/nyt2539/messages';
import { writeFileSync } from 'node:fs';
const t0 = Date.now();
const f = await makeNyt2539Fixture({ households: 60, collectives: 2, variant: (process.argv[2] as any) ?? 'clean' });
console.log('made', Date.now() - t0, 'ms', f.zip.length, f.summary, f.planted);
writeFileSync('/tmp/i17-fixture.zip', f.zip);
const t1 = Date.now();
const res = await checkNyt2539(f.zip, 'fixture.zip', { today: new Date('2026-06-01') });
console.log('checked', Date.now() - t1, 'ms', res.fatal, res.loaded && { ...res.loaded, boundaries: [...res.loaded.boundaries.village.keys()] });
for (const p of res.problems) console.log('G', describe(p, 'zh'), '|', describe(p, 'en'));
for (const c of res.collectives) { console.log(c.collective.collective.code, c.collective.collective.name, c.ok, c.counts); for (const p of c.problems.slice(0, 10)) console.log('  ', p.severity, describe(p, 'zh'), '|', describe(p, 'en')); }
