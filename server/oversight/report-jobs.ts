import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { jobs } from '../../models/audit';
import type { Db } from '../platform/db';
import { NotFound } from '../kernel/errors';
import type { Actor } from '../kernel/actor';
import { createJob, findJob, finishJob, heartbeat, inBackground, liveStatus, percentOf, type Job, type Status } from '../platform/jobs';
import { writeAnchor, type Anchor } from '../kernel/audit-anchors';
import { yearFilters } from './filters';
import { accept, type Submitted } from '../kernel/commands';
import { reportCommand, type ReportCommand } from './commands';
import { maySeeReport } from './rules';
import { assertOverseer, childrenOf, resolveNode, type Child, type Node } from './scope';
import { nodeStats, STAT_STEPS, type Stats } from './stats';

// The annual report (统计年报) as long work: the figures are computed in the background and
// kept as a snapshot in the job (numbers, not text, so it reads in the reader's language),
// so a report can be prepared, left, and opened again later exactly as it was made.

/** The place's children, then each query of nodeStats. */
const STEPS = 1 + STAT_STEPS;

type Result = { year: string; node: Node; stats?: Stats; children?: Child[]; failure?: string; at?: string; anchor?: Anchor | null };

export type ReportView = {
  id: string;
  status: Status;
  year: string;
  node: Node;
  createdAt: Date;
  finishedAt: Date | null;
  userId: string;
  done: number;
  total: number;
  percent: number | null;
  failure: string | null;
  stats: Stats | null;
  children: Child[];
  /** The trail's head, signed, as it was when the report was made: printed on it, kept on paper. */
  anchor: Anchor | null;
};

function view(job: Job, at: Date): ReportView {
  const r = job.result as Result;
  const { status, stale } = liveStatus(job, at.getTime());
  return {
    id: job.id,
    status,
    year: r.year,
    node: r.node,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    userId: job.userId,
    done: job.done,
    total: job.total,
    percent: percentOf(job.done, job.total),
    failure: stale ? 'reports.stale' : status === 'failed' ? (r.failure ?? 'reports.failed') : null,
    stats: status === 'succeeded' ? (r.stats ?? null) : null,
    children: r.children ?? [],
    anchor: status === 'succeeded' ? (r.anchor ?? null) : null,
  };
}

/** Checks the year and the place now (a refusal is shown on the form at once), then computes in the background. */
export async function startReport(
  db: Db,
  actor: Actor,
  cmd: Submitted<ReportCommand>,
  log: (err: unknown) => void,
  anchorDir?: string,
): Promise<{ id: string }> {
  assertOverseer(actor);
  const v = accept(reportCommand, cmd);
  const node = await resolveNode(db, actor, { region: v.region, collective: v.collective });
  const base: Result = { year: v.year, node };
  const job = await createJob(db, { kind: 'report', userId: actor.id, collectiveId: node.collectiveId, result: base });
  inBackground(job.id, () => runReport(db, job.id, base, { anchorDir, log }), log);
  return { id: job.id };
}

export async function runReport(
  db: Db,
  jobId: string,
  base: Result,
  opts: { anchorDir?: string; log?: (err: unknown) => void } = {},
): Promise<void> {
  const beat = heartbeat(db, jobId, base);
  const beats: Promise<void>[] = [];
  let done = 0;
  const step = () => {
    done++;
    beats.push(beat(done, STEPS));
  };
  try {
    await beat(0, STEPS, {}, true);
    const f = yearFilters(base.year);
    const children = await childrenOf(db, base.node);
    step();
    const stats = await nodeStats(db, base.node, f, step);
    // A late progress write must not land on the finished snapshot.
    await Promise.all(beats);
    // A report made without its anchor is still a report: the failure is logged, not shown as the report's.
    const anchor = opts.anchorDir
      ? await writeAnchor(db, opts.anchorDir, { always: true }).catch((err) => {
          opts.log?.(err);
          return null;
        })
      : null;
    await finishJob(db, jobId, { status: 'succeeded', done: STEPS, total: STEPS, result: { ...base, stats, children, anchor } });
  } catch (err) {
    await Promise.allSettled(beats);
    await finishJob(db, jobId, { status: 'failed', result: { ...base, failure: 'reports.failed' } });
    throw err;
  }
}

/** A report is seen by who made it and by overseers whose region holds its place; to anyone else it does not exist. */
export async function loadReport(db: Db, actor: Actor, id: string, at: Date): Promise<ReportView> {
  const job = await findJob(db, 'report', id);
  const node = (job?.result as Result | undefined)?.node;
  if (!job || !node || !maySeeReport(actor, { userId: job.userId, placeCode: node.code })) throw new NotFound();
  return view(job, at);
}

/** The actor's own recent reports, without their figures (the list needs none). */
export async function recentReports(db: Db, actor: Actor, at: Date, limit = 10): Promise<ReportView[]> {
  assertOverseer(actor);
  const list = await db
    .select({ ...getTableColumns(jobs), result: sql<Result>`${jobs.result} - 'stats' - 'children'` })
    .from(jobs)
    .where(and(eq(jobs.kind, 'report'), eq(jobs.userId, actor.id)))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return list.map((j) => view(j, at));
}
