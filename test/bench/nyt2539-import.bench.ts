// NY/T 2539 import of one township, end to end (issue 17's target: ≥ 2,000 households, ≥ 10,000
// parcels imported with every check in under 2 minutes):
//   npx tsx test/bench/nyt2539-import.bench.ts [--flow pass|officers]            (embedded PGlite)
//   DATABASE_URL=postgres://… npx tsx test/bench/nyt2539-import.bench.ts [--flow …]   (a fresh database on the server)
// Uses the township package of nyt2539.bench.ts (tmp/nyt2539-township.zip, made if missing: 2,181
// contracting households, 15,225 parcels in 5 villages), registers its five collectives with an
// officer each, and times the import twice, the second time on the same package (everything
// matched: nothing may change — checked on a fingerprint of every table but the jobs').
//
// --flow pass (the default): the pipeline's steps once over the whole township — read + map +
//   topology (checkNyt2539, with its phases), the dry run against the register per collective
//   (planCollective) and the write, one transaction per collective (writeCollective, which makes
//   the dry run again under its lock). Writes results/nyt2539-import[-pg].json.
// --flow officers: what the officers do through the job the API and the page start: each village's
//   officer uploads the township package for a dry run (startNytImport: the package stored, read,
//   checked, planned, the report saved), reads it, and confirms it (confirmNytImport: a second job
//   reads and checks the stored package again and writes that officer's village). Five dry runs,
//   five writes. Writes results/nyt2539-import-officers[-pg].json.
// Asserts nothing about time; throws if the import refuses anything or a second run changes a row.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { regions } from '../../models/regions';
import { makeNyt2539Fixture, TOWNSHIP_SIZE } from '../../scripts/lib/nyt2539/package';
import type { Actor } from '../../server/kernel/actor';
import { rows } from '../../server/platform/db';
import { checkNyt2539 } from '../../server/registry/import/nyt2539/check';
import { confirmNytImport, loadNytJob, startNytImport, type NytJobView } from '../../server/registry/import/nyt2539/jobs';
import { planCollective } from '../../server/registry/import/nyt2539/plan';
import { writeCollective } from '../../server/registry/import/nyt2539/write';
import { freshDb } from '../helpers/db';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { makeCollective, makeUser } from '../helpers/factories';

const { values: args } = parseArgs({ options: { flow: { type: 'string', default: 'pass' }, officers: { type: 'string' } } });
if (args.flow !== 'pass' && args.flow !== 'officers') throw new Error('--flow must be pass or officers');
const flow = args.flow;

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const cached = path.join(root, 'tmp/nyt2539-township.zip');
const log = (s: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${s}`);
const TODAY = new Date('2026-06-01T00:00:00Z');
const ms = (n: number) => Math.round(n);

if (!existsSync(cached)) {
  log('making the township package (once; kept in tmp/)');
  const f = await makeNyt2539Fixture({ ...TOWNSHIP_SIZE, seed: 17 });
  mkdirSync(path.dirname(cached), { recursive: true });
  writeFileSync(cached, f.zip);
}
const zip = readFileSync(cached);
const h = await freshDb();
const server = !!process.env.DATABASE_URL;
const officers = new Map<string, Actor>();
const names = new Map<string, string>();

function cpuSince(c0: NodeJS.CpuUsage) {
  const c = process.cpuUsage(c0);
  return { user: ms(c.user / 1000), system: ms(c.system / 1000) };
}

/** The steps of the pipeline once over the whole township. */
async function pass(label: string) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const marks: Record<string, number> = {};
  const checked = await checkNyt2539(zip, 'township.zip', { today: TODAY, onPhase: (p) => (marks[p] = performance.now()) });
  if (checked.fatal) throw new Error(checked.fatal.en);
  const problems = checked.problems.length + checked.collectives.reduce((s, c) => s + c.problems.length, 0);
  if (problems) throw new Error(`the township package has ${problems} problems`);
  const t1 = performance.now();
  let created = 0,
    parcels = 0,
    matched = 0,
    planMs = 0,
    writeMs = 0;
  for (const c of checked.collectives) {
    const code = c.collective.collective.code;
    const actor = officers.get(code)!;
    const reg = { id: actor.collectiveId!, name: names.get(code)! };
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
  const out = {
    cpuMs: cpuSince(cpu0),
    households: checked.collectives.reduce((s, c) => s + c.counts.households, 0),
    parcels: checked.collectives.reduce((s, c) => s + c.counts.parcels, 0),
    problems,
    created,
    matched,
    parcelsCreated: parcels,
    ms: {
      read: ms(marks.read - t0),
      map: ms(marks.mapped - marks.read),
      topology: ms(marks.checked - marks.mapped),
      readMapCheck: ms(t1 - t0),
      plan: ms(planMs),
      dryRun: ms(t1 - t0 + planMs),
      write: ms(writeMs),
      total: ms(total),
    },
  };
  log(`${label}: ${JSON.stringify(out)}`);
  return out;
}

async function finished(actor: Actor, id: string): Promise<NytJobView> {
  for (;;) {
    const job = await loadNytJob(h.db, actor, id, TODAY);
    if (job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Each village's officer: a dry run of the township package, then its confirmation (the write of that village). */
async function byOfficers(label: string) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const fail = (e: unknown) => console.error(e);
  const perOfficer: { collective: string; dryRunMs: number; writeMs: number; created: number; exists: number; parcels: number }[] = [];
  // --officers N (for a profile): only the first N villages' officers.
  for (const [code, actor] of [...officers].slice(0, Number(args.officers ?? officers.size))) {
    const d0 = performance.now();
    const dry = await finished(actor, (await startNytImport(h.db, actor, { name: 'township.zip', buffer: zip }, 'check', TODAY, fail)).id);
    const d1 = performance.now();
    const mine = dry.collectives.find((c) => c.code === code);
    if (dry.status !== 'succeeded' || !mine?.writable || !dry.canConfirm)
      throw new Error(`dry run of ${code}: ${dry.status} ${JSON.stringify(dry.fatal ?? dry.failure ?? mine?.problems.slice(0, 3))}`);
    const w = await finished(actor, (await confirmNytImport(h.db, actor, dry.id, TODAY, fail)).id);
    const d2 = performance.now();
    const written = w.collectives.find((c) => c.code === code)?.written;
    if (w.status !== 'succeeded' || !written) throw new Error(`write of ${code}: ${w.status} ${w.failure}`);
    perOfficer.push({
      collective: code,
      dryRunMs: ms(d1 - d0),
      writeMs: ms(d2 - d1),
      created: written.households.create,
      exists: written.households.exists,
      parcels: written.parcels.create,
    });
  }
  const out = {
    cpuMs: cpuSince(cpu0),
    created: perOfficer.reduce((s, o) => s + o.created, 0),
    matched: perOfficer.reduce((s, o) => s + o.exists, 0),
    parcelsCreated: perOfficer.reduce((s, o) => s + o.parcels, 0),
    ms: {
      dryRun: perOfficer.reduce((s, o) => s + o.dryRunMs, 0),
      write: perOfficer.reduce((s, o) => s + o.writeMs, 0),
      total: ms(performance.now() - t0),
    },
    perOfficer,
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
    const { actor } = await makeUser(h.db, 'officer', { collectiveId: c.id });
    names.set(`${regionCode}00`, c.name);
    officers.set(`${regionCode}00`, actor);
  }
  const run = flow === 'pass' ? pass : byOfficers;
  const load = loadavg();
  log(`importing (${flow}), load average ${load.map((l) => l.toFixed(2)).join(' ')}`);
  const first = await run('first import');
  const loadAfterFirst = loadavg();
  // Jobs and their stored packages are the runs' own records; everything else must stay as it was.
  const before = await fingerprint(h.db);
  const second = await run('second run of the same package');
  const changed = changedTables(before, await fingerprint(h.db)).filter((t) => t !== 'jobs' && t !== 'job_files');
  if (changed.length) throw new Error(`the second run changed ${changed.join(', ')}`);
  const [db] = await rows<{ h: number; m: number; p: number; a: number }>(
    h.db,
    sql`select (select count(*) from households)::int h, (select count(*) from members)::int m, (select count(*) from parcels)::int p, (select count(*) from audit_log)::int a`,
  );
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    loadavg: { atStart: load.map((l) => Math.round(l * 100) / 100), afterFirst: loadAfterFirst.map((l) => Math.round(l * 100) / 100) },
    database: server ? 'PostgreSQL server' : 'embedded PGlite',
    flow,
    package: { bytes: zip.length },
    first,
    second: { ...second, changedTables: changed },
    registered: db,
    targetMs: 120_000,
  };
  mkdirSync(path.join(here, 'results'), { recursive: true });
  const file = `results/nyt2539-import${flow === 'officers' ? '-officers' : ''}${server ? '-pg' : ''}.json`;
  writeFileSync(path.join(here, file), `${JSON.stringify(result, null, 2)}\n`);
  log(`${file}: ${JSON.stringify(result)}`);
} finally {
  await h.close();
}
