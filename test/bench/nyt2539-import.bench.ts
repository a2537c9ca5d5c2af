// NY/T 2539 import of one township, end to end (issue 17's target: ≥ 2,000 households, ≥ 10,000
// parcels imported with every check in under 2 minutes):
//   npx tsx test/bench/nyt2539-import.bench.ts            (embedded PGlite)
//   DATABASE_URL=postgres://… npx tsx test/bench/nyt2539-import.bench.ts   (a fresh database on the server)
// Uses the township package of nyt2539.bench.ts (tmp/nyt2539-township.zip, made if missing), the
// five collectives of it registered with an officer each, then times what the job does: read +
// map + topology (checkNyt2539), the dry run against the register per collective (planCollective)
// and the write, one transaction per collective (writeCollective); then a second run of the same
// package (everything matched, nothing written). Writes test/bench/results/nyt2539-import.json;
// asserts nothing about time.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import { makeNyt2539Fixture, TOWNSHIP_SIZE } from '../../scripts/lib/nyt2539/package';
import { rows } from '../../server/platform/db';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';
import { planCollective } from '../../server/registry/import/nyt2539/plan';
import { writeCollective } from '../../server/registry/import/nyt2539/write';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cached = path.join(root, 'tmp/nyt2539-township.zip');
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
const TODAY = new Date('2026-06-01T00:00:00Z');

if (!existsSync(cached)) {
  log('making the township package (once; kept in tmp/)');
  const f = await makeNyt2539Fixture({ ...TOWNSHIP_SIZE, seed: 17 });
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(cached, f.zip);
}
const zip = readFileSync(cached);
const h = await freshDb();
const server = !!process.env.DATABASE_URL;

async function run(label: string) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const checked = await checkNyt2539(zip, 'township.zip', { today: TODAY });
  if (checked.fatal) throw new Error(checked.fatal.en);
  const t1 = performance.now();
  let created = 0,
    parcels = 0,
    matched = 0;
  let planMs = 0,
    writeMs = 0;
  for (const c of checked.collectives) {
    const code = c.collective.collective.code;
    const [reg] = await rows<{ id: string; name: string }>(
      h.db,
      sql`select id, name from collectives where region_code || group_code = ${code}`,
    );
    const [officer] = await rows<{ id: string }>(h.db, sql`select id from users where collective_id = ${reg.id} limit 1`);
    const actor = {
      id: officer.id,
      role: 'officer' as const,
      username: 'bench',
      displayName: 'bench',
      regionCode: null,
      collectiveId: reg.id,
      householdId: null,
      memberId: null,
    };
    const p0 = performance.now();
    const plan = await planCollective(h.db, c, reg, true);
    if (!plan.writable)
      throw new Error(`${code} not writable: ${JSON.stringify(plan.problems.filter((p) => p.severity === 'error').slice(0, 3))}`);
    const p1 = performance.now();
    const counts = await writeCollective(h.db, actor, c, checked.loaded!.crs, { id: randomUUID(), fileName: 'township.zip' }, () => true);
    writeMs += performance.now() - p1;
    planMs += p1 - p0;
    created += counts.households.create;
    matched += counts.households.exists;
    parcels += counts.parcels.create;
  }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out = {
    cpuMs: { user: Math.round(cpu.user / 1000), system: Math.round(cpu.system / 1000) },
    households: checked.collectives.reduce((s, c) => s + c.counts.households, 0),
    parcels: checked.collectives.reduce((s, c) => s + c.counts.parcels, 0),
    created,
    matched,
    parcelsCreated: parcels,
    ms: { readMapCheck: Math.round(t1 - t0), plan: Math.round(planMs), write: Math.round(writeMs), total: Math.round(total) },
  };
  log(`${label}: ${JSON.stringify(out)}`);
  return out;
}

try {
  for (let i = 0; i < TOWNSHIP_SIZE.collectives; i++) {
    const regionCode = `440205100${210 + i}`;
    await h.db
      .insert(regions)
      .values({ code: regionCode, name: `村${210 + i}`, level: 'village', parentCode: '440205100' })
      .onConflictDoNothing();
    const c = await makeCollective(h.db, { regionCode, groupCode: '00' });
    await makeUser(h.db, 'officer', { collectiveId: c.id });
  }
  const load = loadavg()[0];
  log('importing');
  const first = await run('first import');
  const second = await run('second run (nothing to write)');
  const [db] = await rows<{ h: number; m: number; p: number; a: number }>(
    h.db,
    sql`select (select count(*) from households)::int h, (select count(*) from members)::int m, (select count(*) from parcels)::int p, (select count(*) from audit_log)::int a`,
  );
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    loadavg1: Math.round(load * 100) / 100,
    database: server ? 'PostgreSQL server' : 'embedded PGlite',
    package: { bytes: zip.length },
    first,
    second,
    registered: db,
    targetMs: 120_000,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  writeFileSync(path.join(here, `results/nyt2539-import${server ? '-pg' : ''}.json`), `${JSON.stringify(result, null, 2)}\n`);
  log(JSON.stringify(result));
} finally {
  await h.close();
}
