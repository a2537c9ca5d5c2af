// The 2026 thirty-year extension (二轮延包) of one generated collective:
// `npx tsx test/bench/extension.bench.ts` (not part of npm test); with DATABASE_URL, on a fresh
// database of that PostgreSQL server, otherwise on the embedded database (PGlite, in memory).
// 400 households, 2,500 parcels in 400 contracts ending in the old term, each certified; the
// job extends every contract by 30 years, reissues the 400 certificates and writes a trail
// entry per contract, in one transaction. Writes its figures to
// test/bench/results/extension[-pg].json; asserts nothing about time (the bound, one
// minute, is compared in BENCHMARKS.md).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { certificates } from '../../models/certificates';
import { households, members } from '../../models/households';
import { landContracts, parcels, rights } from '../../models/rights';
import { makeIdNumber } from '../../server/demo/id-gen';
import { extensionJob, startExtension } from '../../server/registry/household-life';
import { freshDb } from '../helpers/db';
import { makeCollective, makeUser } from '../helpers/factories';

const HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 400);
const PARCELS = Number(process.env.BENCH_PARCELS ?? 2_500);
const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const h = await freshDb();
  const c = await makeCollective(h.db, { totalShares: 100_000 });
  const { actor: officer } = await makeUser(h.db, 'officer', { collectiveId: c.id });
  const prefix = c.regionCode + c.groupCode;
  const t0 = performance.now();
  const hh = await h.db
    .insert(households)
    .values(
      Array.from({ length: HOUSEHOLDS }, (_, i) => ({
        collectiveId: c.id,
        regionCode: c.regionCode,
        code: `${prefix}${String(i + 1).padStart(4, '0')}`,
        headName: `户主${i + 1}`,
      })),
    )
    .returning({ id: households.id });
  await h.db.insert(members).values(
    hh.map((x, i) => ({
      householdId: x.id,
      collectiveId: c.id,
      name: `户主${i + 1}`,
      idNumber: makeIdNumber('440205', '1960-01-01', 10_000 + i * 2 + 1, 'M'),
      sex: 'M' as const,
      birthDate: '1960-01-01',
      relation: 'head' as const,
    })),
  );
  const rs = await h.db
    .insert(rights)
    .values(hh.map((x) => ({ kind: 'land' as const, collectiveId: c.id, regionCode: c.regionCode, householdId: x.id })))
    .returning({ id: rights.id });
  await h.db
    .insert(landContracts)
    .values(rs.map((r, i) => ({ rightId: r.id, contractNo: `YB-${i + 1}`, startDate: '1998-01-01', endDate: '2027-12-31' })));
  const ps = Array.from({ length: PARCELS }, (_, i) => ({
    rightId: rs[i % rs.length].id,
    collectiveId: c.id,
    code: `${prefix}${String(i + 1).padStart(5, '0')}`,
    name: `地块${i + 1}`,
    areaMuCenti: 120,
    landClass: 'paddy' as const,
    east: '路',
    south: '河',
    west: '沟',
    north: '山',
  }));
  for (let i = 0; i < ps.length; i += 1000) await h.db.insert(parcels).values(ps.slice(i, i + 1000));
  await h.db.insert(certificates).values(
    rs.map((r, i) => ({
      rightId: r.id,
      collectiveId: c.id,
      number: `${c.regionCode}J2018${String(i + 1).padStart(6, '0')}`,
      verifyToken: randomBytes(32).toString('base64url'),
    })),
  );
  await h.db.execute(sql`analyze`);
  const generated = (performance.now() - t0) / 1000;

  const at = new Date('2026-09-01T02:00:00Z');
  const cpu0 = process.cpuUsage();
  const t1 = performance.now();
  const { jobId, done } = await startExtension(
    h.db,
    officer,
    c.id,
    { oldTermEndsBy: '2028-12-31', decisionRef: '成员大会 2026-08-20 决议', excluded: [], adjusted: [], dryRun: false },
    at,
    (e) => console.error(e),
  );
  await done;
  const seconds = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const job = await extensionJob(h.db, officer, c.id, jobId, at);
  if (job.status !== 'succeeded' || job.extended !== HOUSEHOLDS) throw new Error(`extension ${job.status}: ${JSON.stringify(job.error)}`);
  const out = {
    date: new Date(performance.timeOrigin + performance.now()).toISOString(),
    node: process.version,
    database: process.env.DATABASE_URL ? 'postgresql server' : 'pglite in memory',
    households: HOUSEHOLDS,
    parcels: PARCELS,
    contracts: job.extended,
    certificatesReissued: job.certificates.length,
    seconds: { generate: Number(generated.toFixed(3)), extension: Number(seconds.toFixed(3)) },
    cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    boundSeconds: 60,
    machine: { cpus: cpus().length, loadavg: loadavg().map((x) => Number(x.toFixed(2))) },
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const file = path.join(here, 'results', process.env.DATABASE_URL ? 'extension-pg.json' : 'extension.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
  await h.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
