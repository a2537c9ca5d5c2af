import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import pg from 'pg';
import { jobs } from '../../../models/audit';
import type { Db } from '../../platform/db';
import { AppError, NotFound, ValidationError } from '../../kernel/errors';
import { assertRole, type Actor } from '../../kernel/actor';
import { getCollective, type Collective } from '../collectives';
import { createJob, findJob, finishJob, heartbeat, inBackground, liveStatus, withoutData, type Job } from '../../platform/jobs';
import { sniffFormat, type Format } from '../../platform/files/file-type';
import { assertSafeZip } from '../../platform/files/zip-guard';
import { checkAndWrite } from './run';
import type { Phase, RowError } from './types';
import type { Counts } from './write';

type Result = {
  phase?: Phase | 'done';
  at?: string;
  fileName?: string;
  format?: Format;
  rows?: number;
  counts?: Counts;
  errors?: RowError[];
  errorCount?: number;
  fileError?: { code: string; params?: Record<string, unknown> };
  ignored?: string[];
};

export { STALE_MS } from '../../platform/jobs';
/** The report keeps this many problems; a file with more has a systematic fault, fixed once for all rows. */
export const MAX_STORED_ERRORS = 10_000;

export type JobView = {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  phase: Phase | 'done';
  done: number;
  total: number;
  fileName: string;
  createdAt: Date;
  finishedAt: Date | null;
  counts?: Counts;
  errors: RowError[];
  errorCount: number;
  fileError?: { code: string; params?: Record<string, unknown> };
  ignored: string[];
};

function view(job: Job, at: Date): JobView {
  const r = (job.result ?? {}) as Result;
  const { status, stale } = liveStatus(job, at.getTime());
  return {
    id: job.id,
    status,
    phase: r.phase ?? 'reading',
    done: job.done,
    total: job.total,
    fileName: r.fileName ?? '',
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    counts: r.counts,
    errors: r.errors ?? [],
    errorCount: r.errorCount ?? r.errors?.length ?? 0,
    fileError: stale ? { code: 'import.stale' } : r.fileError,
    ignored: r.ignored ?? [],
  };
}

/** Names are shown on pages and kept in the trail: no paths, no control characters. */
const cleanName = (name: string) => (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f<>]/g, '').slice(0, 120) || 'upload';

/**
 * Accepts an upload (type checked now, so a wrong file is refused at once) and goes on in
 * the background in this process; progress and the result live in the jobs table, so the
 * page that shows them can be served by any instance.
 */
export async function startImport(
  db: Db,
  actor: Actor,
  file: { name: string; buffer: Buffer } | undefined,
  log: (err: unknown) => void,
): Promise<{ id: string }> {
  assertRole(actor, 'officer');
  const collective = await getCollective(db, actor.collectiveId!);
  if (!file) throw new ValidationError({ file: { code: 'upload.missing' } });
  const format = sniffFormat(file.name, file.buffer);
  // A zip bomb is refused before the spreadsheet reader sees it (zip-guard.ts).
  if (format === 'xlsx') await assertSafeZip(file.buffer);
  const fileName = cleanName(file.name);
  const job = await createJob(db, {
    kind: 'import',
    userId: actor.id,
    collectiveId: collective.id,
    result: { phase: 'reading', fileName, format },
  });
  inBackground(job.id, () => runImport(db, actor, collective, job.id, fileName, file.buffer, format, log), log);
  return { id: job.id };
}

/**
 * PGlite has a single connection: while the import's transaction is open, any other query
 * waits for it, so progress cannot be written from outside during the writing phase.
 */
const canReportWhileWriting = (db: Db) => (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;

export async function runImport(
  db: Db,
  actor: Actor,
  collective: Collective,
  jobId: string,
  fileName: string,
  buf: Buffer,
  format: Format,
  log: (err: unknown) => void,
): Promise<void> {
  const base = { fileName, format };
  const concurrentOk = canReportWhileWriting(db);
  const beat = heartbeat(db, jobId, base);
  const progress = async (done: number, total: number, phase: Phase) => {
    if (phase === 'writing' && !concurrentOk) return;
    await beat(done, total, { phase });
  };
  let finish: { status: 'succeeded' | 'failed'; done?: number; total?: number; result: Result };
  try {
    const out = await checkAndWrite(db, actor, collective, { id: jobId, fileName }, buf, format, progress);
    finish = out.ok
      ? {
          status: 'succeeded',
          done: out.rows,
          total: out.rows,
          result: { ...base, phase: 'done', rows: out.rows, counts: out.counts, ignored: out.ignored },
        }
      : {
          status: 'failed',
          total: out.rows,
          result: {
            ...base,
            phase: 'done',
            rows: out.rows,
            errors: out.errors.slice(0, MAX_STORED_ERRORS),
            errorCount: out.errors.length,
            ignored: out.ignored,
          },
        };
  } catch (err) {
    finish = { status: 'failed', result: { ...base, phase: 'done', fileError: asFileError(err, log) } };
  }
  await finishJob(db, jobId, { ...finish, done: finish.done ?? 0 });
}

function asFileError(err: unknown, log: (err: unknown) => void): { code: string; params?: Record<string, unknown> } {
  if (err instanceof ValidationError) {
    const first = Object.values(err.fields)[0];
    return first ?? { code: 'import.failed' };
  }
  if (err instanceof AppError) return { code: err.code, params: err.params };
  // A failed query carries the whole batch (names, ID numbers) in its message and params (rule 14).
  log(withoutData(err));
  return { code: 'import.failed' };
}

/** A job is seen by the officer who started it and the other officers of that collective; to anyone else it does not exist. */
export async function loadJob(db: Db, actor: Actor, id: string, at: Date): Promise<JobView> {
  const job = await findJob(db, 'import', id);
  const visible =
    job && (job.userId === actor.id || (actor.role === 'officer' && !!job.collectiveId && actor.collectiveId === job.collectiveId));
  if (!visible) throw new NotFound();
  return view(job, at);
}

export async function recentJobs(db: Db, actor: Actor, at: Date, limit = 10): Promise<JobView[]> {
  assertRole(actor, 'officer');
  // The stored problem list can be large; the list of recent imports needs only its count.
  const list = await db
    .select({ ...getTableColumns(jobs), result: sql<Result>`${jobs.result} - 'errors'` })
    .from(jobs)
    .where(and(eq(jobs.kind, 'import'), eq(jobs.collectiveId, actor.collectiveId!)))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return list.map((j) => view(j, at));
}
