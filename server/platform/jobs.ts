import { now } from '../kernel/clock';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { jobs } from '../../models/audit';
import type { Db } from './db';
import { isUuid } from '../kernel/ids';

// What imports, register exports and annual reports share as long work: a row in `jobs`
// that the work keeps up to date (progress and a sign of life), so that the page showing
// it can be served by any instance, left and come back to. The work itself runs in the
// background of the process that accepted it; if that process dies, the job reads as failed
// within STALE_MS and is started again by its user (it is not resumed).

export type Job = typeof jobs.$inferSelect;
export type Kind = 'import' | 'export' | 'report' | 'certificates' | 'extension' | 'nyt2539';
export type Status = 'running' | 'succeeded' | 'failed';

/**
 * While a job runs, its process writes a sign of life this often, whether or not the work has
 * moved on (a long query, a large batch).
 */
export const KEEPALIVE_MS = 15 * 1000;
/**
 * A job without a sign of life for this long died with its process (a crash, a restart, a
 * killed worker): it is shown as failed, and its user can start it again within minutes
 * instead of watching a bar that never moves. Eight missed signs, so a busy machine is not
 * taken for a dead one.
 */
export const STALE_MS = 8 * KEEPALIVE_MS;
/** Progress is written at most this often: enough for a page that refreshes every 2 s. */
const BEAT_MS = 500;

/** The status a reader should see: a running job whose process stopped writing is a failed one. */
export function liveStatus(job: Pick<Job, 'status' | 'createdAt' | 'result'>, atMs = now().getTime()): { status: Status; stale: boolean } {
  const at = (job.result as { at?: string } | null)?.at;
  const lastSign = at ? Date.parse(at) : job.createdAt.getTime();
  const stale = (job.status === 'running' || job.status === 'queued') && atMs - lastSign > STALE_MS;
  return { status: stale ? 'failed' : job.status === 'queued' ? 'running' : job.status, stale };
}

export const percentOf = (done: number, total: number): number | null =>
  total > 0 ? Math.min(100, Math.round((done / total) * 100)) : null;

export async function createJob(
  db: Db,
  v: { kind: Kind; userId: string; collectiveId?: string | null; result: Record<string, unknown> },
): Promise<Job> {
  const [job] = await db
    .insert(jobs)
    .values({
      kind: v.kind,
      userId: v.userId,
      collectiveId: v.collectiveId ?? null,
      status: 'running',
      result: { ...v.result, at: now().toISOString() },
    })
    .returning();
  return job;
}

/**
 * A progress writer for one job: each call records done/total and the time (the sign of
 * life), at most every BEAT_MS unless `force`d. `base` is what the job's result keeps
 * while it runs.
 */
export function heartbeat(db: Db, jobId: string, base: Record<string, unknown>, keepAliveMs = KEEPALIVE_MS) {
  let last = 0;
  keepAlive(db, jobId, keepAliveMs);
  return async (done: number, total: number, extra: Record<string, unknown> = {}, force = false): Promise<void> => {
    if (!force && done !== 0 && now().getTime() - last < BEAT_MS) return;
    last = now().getTime();
    await db
      .update(jobs)
      .set({ done, total, result: { ...base, ...extra, at: now().toISOString() } })
      .where(eq(jobs.id, jobId));
  };
}

const alive = new Map<string, NodeJS.Timeout>();

/**
 * Writes the sign of life (result.at) every `ms` until finishJob, only into a job still
 * running, and never two at once: on the embedded database a write waits while an import's
 * transaction holds the one connection, and the next tick must not queue behind it.
 */
function keepAlive(db: Db, jobId: string, ms: number): void {
  if (alive.has(jobId)) return;
  let pending = false;
  const timer = setInterval(() => {
    if (pending) return;
    pending = true;
    db.update(jobs)
      .set({ result: sql`jsonb_set(${jobs.result}, '{at}', to_jsonb(${now().toISOString()}::text))` })
      .where(and(eq(jobs.id, jobId), inArray(jobs.status, ['running', 'queued'])))
      .catch(() => undefined) // the next tick tries again; a job that cannot be written to goes stale, as it should
      .finally(() => {
        pending = false;
      });
  }, ms);
  timer.unref();
  alive.set(jobId, timer);
}

function stopKeepAlive(jobId: string): void {
  clearInterval(alive.get(jobId));
  alive.delete(jobId);
}

/**
 * Runs a job's work in the background of this process. Its sign of life stops with the work,
 * however the work ends: if even the final write failed, the job must go stale, not live on.
 */
export function inBackground(jobId: string, work: () => Promise<void>, log: (err: unknown) => void): void {
  setImmediate(() => {
    work()
      .catch(log)
      .finally(() => stopKeepAlive(jobId));
  });
}

/**
 * What a job's failure may write to the log: a failed query carries its rows (names, ID
 * numbers) in its message and params, so only the statement's head and the database's own
 * reason are kept, never the data (rule 14).
 */
export function withoutData(err: unknown): { name?: string; message: string; cause?: { code?: string; message?: string } } {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  return {
    name: e?.name,
    message: String(e?.message ?? err)
      .split('\nparams:')[0]
      .slice(0, 200),
    cause: e?.cause ? { code: e.cause.code, message: e.cause.message } : undefined,
  };
}

export async function finishJob(
  db: Db,
  jobId: string,
  v: { status: 'succeeded' | 'failed'; done?: number; total?: number; result: Record<string, unknown> },
): Promise<void> {
  stopKeepAlive(jobId);
  await db
    .update(jobs)
    .set({
      status: v.status,
      finishedAt: now(),
      result: { ...v.result, at: now().toISOString() },
      ...(v.done !== undefined ? { done: v.done } : {}),
      ...(v.total !== undefined ? { total: v.total } : {}),
    })
    .where(eq(jobs.id, jobId));
}

/** The job of that kind, or null for a malformed or unknown id (the caller answers 404 alike). */
export async function findJob(db: Db, kind: Kind, id: string): Promise<Job | null> {
  if (!isUuid(id)) return null;
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, id), eq(jobs.kind, kind)))
    .limit(1);
  return job ?? null;
}
