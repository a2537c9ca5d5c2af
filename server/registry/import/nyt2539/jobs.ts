import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import pg from 'pg';
import { jobFiles, jobs } from '../../../../models/audit';
import { assertRole, canWriteRegistry, type Actor } from '../../../kernel/actor';
import { AppError, DomainError, NotFound, ValidationError } from '../../../kernel/errors';
import { rows, type Db } from '../../../platform/db';
import type { GkCrs } from '../../../platform/files/projection';
import { createJob, finishJob, findJob, heartbeat, inBackground, liveStatus, withoutData, type Job } from '../../../platform/jobs';
import { checkNyt2539, type CollectiveCheck, type PackageCheck } from './check';
import { runPipeline, type ImportFormat, type Unit } from '../pipeline';
import type { Problem } from './messages';
import { planCollective, type CollectivePlan, type PlanHousehold } from './plan';
import { writeCollective, type WriteCounts } from './write';

// The import of a county's NY/T 2539 package as a job: the dry run (read → map → check →
// plan against the register) and, once the officer confirms, the write, one transaction per
// collective. The uploaded package waits in job_files between the two (any instance can run
// the write) and is deleted once written: it is personal data (rule 14).

export const MAX_PACKAGE_BYTES = 100 * 1024 * 1024;
export const MAX_PACKAGE_LABEL = '100 MB';
/** The report keeps this many problems and households per collective; more are counted. */
export const MAX_LISTED = 5_000;
const CHUNK = 4 * 1024 * 1024;

export type Mode = 'check' | 'write';
export type Phase = 'reading' | 'checking' | 'writing' | 'done';

export type CollectiveReport = Omit<CollectivePlan, 'households' | 'problems'> & {
  inScope: boolean;
  households: PlanHousehold[];
  householdCount: number;
  problems: Problem[];
  problemCount: number;
  errorCount: number;
  written?: WriteCounts;
  writeError?: { code: string; params?: Record<string, unknown> };
};

type Result = {
  phase?: Phase;
  at?: string;
  fileName?: string;
  mode?: Mode;
  /** The dry run this write confirms. */
  checkedBy?: string;
  /** The write started from this dry run. */
  confirmedAs?: string;
  fatal?: { code: string; params: Record<string, string | number>; zh: string; en: string };
  problems?: Problem[];
  collectives?: CollectiveReport[];
  failure?: string;
};

export type NytJobView = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  phase: Phase;
  mode: Mode;
  done: number;
  total: number;
  fileName: string;
  createdAt: Date;
  finishedAt: Date | null;
  checkedBy: string | null;
  confirmedAs: string | null;
  fatal: Result['fatal'] | null;
  problems: Problem[];
  collectives: CollectiveReport[];
  failure: string | null;
  /** A dry run whose own collective can be written and is not yet confirmed. */
  canConfirm: boolean;
};

function view(job: Job, actor: Actor, at: Date): NytJobView {
  const r = (job.result ?? {}) as Result;
  const { status, stale } = liveStatus(job, at.getTime());
  const collectives = r.collectives ?? [];
  return {
    id: job.id,
    status,
    phase: r.phase ?? 'reading',
    mode: r.mode ?? 'check',
    done: job.done,
    total: job.total,
    fileName: r.fileName ?? '',
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    checkedBy: r.checkedBy ?? null,
    confirmedAs: r.confirmedAs ?? null,
    fatal: r.fatal ?? null,
    problems: r.problems ?? [],
    collectives,
    failure: stale ? 'import.stale' : (r.failure ?? null),
    canConfirm:
      status === 'succeeded' &&
      r.mode === 'check' &&
      !r.confirmedAs &&
      collectives.some((c) => c.writable && c.collectiveId !== null && canWriteRegistry(actor, { collectiveId: c.collectiveId })),
  };
}

const cleanName = (name: string) =>
  (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f<>]/g, '').slice(0, 120) || 'package.zip';

/** A package is a zip, by its name and its first bytes. */
function assertZip(file: { name: string; buffer: Buffer } | undefined): asserts file is { name: string; buffer: Buffer } {
  if (!file) throw new ValidationError({ file: { code: 'upload.missing' } });
  if (!/\.zip$/i.test(file.name.trim())) throw new ValidationError({ file: { code: 'upload.type', params: { types: 'ZIP' } } });
  const b = file.buffer;
  if (b.length < 4 || b[0] !== 0x50 || b[1] !== 0x4b || b[2] !== 0x03 || b[3] !== 0x04)
    throw new ValidationError({ file: { code: 'upload.type', params: { types: 'ZIP' } } });
}

/** PGlite has one connection: progress cannot be written beside an open write transaction. */
const canReportWhileWriting = (db: Db) => (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;

/** A dry run not confirmed within a day: its package (personal data) is deleted (rule 14); a new upload checks it again. */
export const PACKAGE_TTL_MS = 24 * 60 * 60 * 1000;
async function purgeUnconfirmed(db: Db, at: Date): Promise<void> {
  const old = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, 'nyt2539'), lt(jobs.createdAt, new Date(at.getTime() - PACKAGE_TTL_MS))));
  await db.delete(jobFiles).where(inArray(jobFiles.jobId, old));
}

// The package's bytes cross to the database as base64 text, decoded there: the embedded database's
// driver writes a bytea parameter as hex one byte at a time in JavaScript and parses it back with
// one parseInt a byte (3 s of CPU for a township's 5 MB); Node's base64 is native, on both databases.
async function storePackage(db: Db, jobId: string, buf: Buffer): Promise<void> {
  for (let seq = 0, i = 0; i < buf.length || seq === 0; seq++, i += CHUNK)
    await db.execute(
      sql`insert into job_files (job_id, seq, bytes) values (${jobId}, ${seq}, decode(${buf.subarray(i, i + CHUNK).toString('base64')}, 'base64'))`,
    );
}

async function readPackage(db: Db, jobId: string): Promise<Buffer | null> {
  const parts = await rows<{ b64: string }>(
    db,
    sql`select encode(bytes, 'base64') as b64 from job_files where job_id = ${jobId} order by seq`,
  );
  return parts.length ? Buffer.concat(parts.map((p) => Buffer.from(p.b64, 'base64'))) : null;
}

/**
 * Accepts a package (a zip, checked now) and starts its dry run, or with mode 'write' its
 * dry run and then the write of every collective that passes (the API's one-step form).
 */
export async function startNytImport(
  db: Db,
  actor: Actor,
  file: { name: string; buffer: Buffer } | undefined,
  mode: Mode,
  at: Date,
  log: (err: unknown) => void,
): Promise<{ id: string }> {
  assertRole(actor, 'officer');
  assertZip(file);
  const fileName = cleanName(file.name);
  await purgeUnconfirmed(db, at);
  const job = await createJob(db, {
    kind: 'nyt2539',
    userId: actor.id,
    collectiveId: actor.collectiveId,
    result: { phase: 'reading', fileName, mode },
  });
  await storePackage(db, job.id, file.buffer);
  inBackground(job.id, () => runNyt(db, actor, job.id, { fileName, mode }, file.buffer, at, log), log);
  return { id: job.id };
}

/** The officer confirms a dry run: a write job reads the same stored package and writes what passes. */
export async function confirmNytImport(
  db: Db,
  actor: Actor,
  checkId: string,
  at: Date,
  log: (err: unknown) => void,
): Promise<{ id: string }> {
  assertRole(actor, 'officer');
  const source = await visibleJob(db, actor, checkId);
  const job = await db.transaction(async (tx) => {
    // Locked, so two clicks on "confirm" start one write.
    const [row] = await tx.select().from(jobs).where(eq(jobs.id, source.id)).for('update');
    const checked = view(row, actor, at);
    if (!checked.canConfirm) throw new DomainError(checked.confirmedAs ? 'nyt2539.alreadyConfirmed' : 'nyt2539.nothingToWrite');
    const [created] = await tx
      .insert(jobs)
      .values({
        kind: 'nyt2539',
        userId: actor.id,
        collectiveId: actor.collectiveId,
        status: 'running',
        result: { phase: 'reading', fileName: checked.fileName, mode: 'write', checkedBy: checkId, at: at.toISOString() },
      })
      .returning();
    await tx.update(jobFiles).set({ jobId: created.id }).where(eq(jobFiles.jobId, checkId));
    await tx
      .update(jobs)
      .set({ result: sql`${jobs.result} || ${JSON.stringify({ confirmedAs: created.id })}::jsonb` })
      .where(eq(jobs.id, checkId));
    return created;
  });
  const buf = await readPackage(db, job.id);
  const base = { fileName: checkedName(job), mode: 'write' as const, checkedBy: checkId };
  if (!buf) {
    await finishJob(db, job.id, { status: 'failed', result: { ...base, phase: 'done', failure: 'nyt2539.packageGone' } });
    return { id: job.id };
  }
  inBackground(job.id, () => runNyt(db, actor, job.id, base, buf, at, log), log);
  return { id: job.id };
}

const checkedName = (job: Job) => ((job.result ?? {}) as Result).fileName ?? 'package.zip';

/** The package could not be read at all: the job ends with the reason, nothing is checked further. */
class Unreadable extends Error {
  constructor(readonly fatal: NonNullable<Result['fatal']>) {
    super(fatal.code);
  }
}

type NytUnit = { check: CollectiveCheck; report: CollectiveReport };

/**
 * A NY/T 2539 package as a format of the import pipeline (../pipeline.ts): its reader (tables
 * and layers, mapped and topology-checked: check.ts), the dry run per collective against the
 * register (plan.ts) and the writer of one collective (write.ts). Each collective is a unit.
 */
export function nyt2539Format(
  db: Db,
  actor: Actor,
  job: { id: string; fileName: string },
  buf: Buffer,
  at: Date,
): ImportFormat<PackageCheck, NytUnit, WriteCounts> {
  const inScope = (id: string) => canWriteRegistry(actor, { collectiveId: id });
  let crs: GkCrs | null = null;
  return {
    async read(progress) {
      await progress(0, 0, 'reading');
      const checked = await checkNyt2539(buf, job.fileName, { today: at });
      if (checked.fatal) throw new Unreadable(checked.fatal);
      crs = checked.loaded?.crs ?? null;
      return checked;
    },
    async check(checked, progress) {
      const codes = checked.collectives.map((c) => c.collective.collective.code);
      const found = codes.length
        ? await rows<{ id: string; name: string; code: string }>(
            db,
            sql`select id, name, region_code || group_code as code from collectives where region_code || group_code = any(${sql.param(codes)}::text[])`,
          )
        : [];
      const byCode = new Map(found.map((c) => [c.code, c]));
      const units: Unit<NytUnit>[] = [];
      for (const [i, c] of checked.collectives.entries()) {
        await progress(i, checked.collectives.length, 'validating');
        const reg = byCode.get(c.collective.collective.code) ?? null;
        const scoped = !!reg && inScope(reg.id);
        const plan = await planCollective(db, c, reg, scoped);
        if (!reg) plan.problems.unshift(unknownCollective(c.collective.collective));
        const { writes: _w, households, problems, ...rest } = plan;
        // Another collective's rows are not this officer's to read (rule 12): counts only.
        const report: CollectiveReport = {
          ...rest,
          inScope: scoped,
          households: scoped ? households.slice(0, MAX_LISTED) : [],
          householdCount: households.length,
          problems: scoped ? problems.slice(0, MAX_LISTED) : problems.filter((p) => p.code === 'scope.notYours'),
          problemCount: problems.length,
          errorCount: problems.filter((p) => p.severity === 'error').length,
        };
        units.push({ key: plan.code, plan: { check: c, report }, ok: plan.writable });
      }
      return units;
    },
    write: (unit, progress) => {
      const r = unit.plan.report;
      const size = r.counts.members + r.counts.parcels.create + r.householdCount;
      return writeCollective(db, actor, unit.plan.check, crs, job, inScope, (n) => progress(Math.min(n, size), size, 'writing'));
    },
  };
}

export async function runNyt(
  db: Db,
  actor: Actor,
  jobId: string,
  base: { fileName: string; mode: Mode; checkedBy?: string },
  buf: Buffer,
  at: Date,
  log: (err: unknown) => void,
): Promise<void> {
  const beat = heartbeat(db, jobId, base);
  const concurrentOk = canReportWhileWriting(db);
  const PHASE = { reading: 'reading', validating: 'checking', writing: 'writing' } as const;
  try {
    const { read, units } = await runPipeline(nyt2539Format(db, actor, { id: jobId, fileName: base.fileName }, buf, at), {
      dryRun: base.mode === 'check',
      progress: (done, total, phase) =>
        phase === 'writing' && !concurrentOk ? Promise.resolve() : beat(done, total, { phase: PHASE[phase] }, done === 0),
    });
    const reports = units.map((u) => ({
      ...u.plan.report,
      ...(u.written ? { written: u.written } : {}),
      ...(u.error ? { writeError: asCode(u.error, log) } : {}),
    }));
    if (base.mode === 'write') await db.delete(jobFiles).where(eq(jobFiles.jobId, jobId));
    const failed = base.mode === 'write' && reports.some((r) => r.writeError);
    await finishJob(db, jobId, {
      status: failed ? 'failed' : 'succeeded',
      done: reports.length,
      total: reports.length,
      result: { ...base, phase: 'done', problems: read.problems.slice(0, MAX_LISTED), collectives: reports },
    });
  } catch (err) {
    await db.delete(jobFiles).where(eq(jobFiles.jobId, jobId));
    const result = err instanceof Unreadable ? { fatal: err.fatal } : { failure: asCode(err, log).code };
    await finishJob(db, jobId, { status: 'failed', result: { ...base, phase: 'done', ...result } });
  }
}

function unknownCollective(c: { row: number; code: string }): Problem {
  return {
    table: 'FBF',
    row: c.row,
    field: 'FBFBM',
    code: 'fbf.unknownToRegistry',
    params: { code: c.code },
    severity: 'error',
    collective: c.code,
  };
}

function asCode(err: unknown, log: (err: unknown) => void): { code: string; params?: Record<string, unknown> } {
  if (err instanceof AppError) return { code: err.code, params: err.params };
  // A failed query carries its rows (names, ID numbers) in its message (rule 14).
  log(withoutData(err));
  return { code: 'import.failed' };
}

/** A job is seen by the officer who started it and the other officers of that collective; to anyone else it does not exist. */
async function visibleJob(db: Db, actor: Actor, id: string): Promise<Job> {
  const job = await findJob(db, 'nyt2539', id);
  const visible =
    job && (job.userId === actor.id || (actor.role === 'officer' && !!job.collectiveId && actor.collectiveId === job.collectiveId));
  if (!visible) throw new NotFound();
  return job;
}

export async function loadNytJob(db: Db, actor: Actor, id: string, at: Date): Promise<NytJobView> {
  return view(await visibleJob(db, actor, id), actor, at);
}

export async function recentNytJobs(db: Db, actor: Actor, at: Date, limit = 10): Promise<NytJobView[]> {
  assertRole(actor, 'officer');
  const list = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, 'nyt2539'), eq(jobs.collectiveId, actor.collectiveId!)))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return list.map((j) => ({ ...view(j, actor, at), collectives: [], problems: [] }));
}
