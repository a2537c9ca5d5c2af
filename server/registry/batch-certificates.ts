import { now } from '../kernel/clock';
import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { jobs } from '../../models/audit';
import { certificates } from '../../models/certificates';
import { rights } from '../../models/rights';
import { type Actor, assertCanWriteRegistry } from '../kernel/actor';
import { recordAudit } from '../kernel/audit';
import { NotFound, ValidationError } from '../kernel/errors';
import type { Db } from '../platform/db';
import { createJob, findJob, finishJob, heartbeat, inBackground, liveStatus, percentOf, withoutData } from '../platform/jobs';
import { insertCertificate } from './certificates';
import type { Collective } from './collectives';
import { registerOf } from './export';

// Batch work (issue 18 item 9): issue a certificate to every active right of the officer's
// collective that has none (e.g. after an import), as one job with progress, after the officer
// confirmed the count shown. Each right is issued in its own transaction (lock, check, write,
// trail), so a right certified meanwhile by hand is skipped, not certified twice; the job's
// certificates are then printed together, one A4 page each (one PDF from the browser).

const BATCH_KIND = 'certificates' as const;

/** Uncertified active rights of a collective, in a fixed order (household code, kind). */
function uncertified(collectiveId: string) {
  return and(
    eq(rights.collectiveId, collectiveId),
    eq(rights.status, 'active'),
    sql`not exists (select 1 from ${certificates} c where c.right_id = ${rights.id} and c.status = 'valid')`,
  );
}

/** The confirmation page: how many rights of each kind would get a certificate. */
export async function batchPreview(db: Db, actor: Actor) {
  const collective = await registerOf(db, actor);
  assertCanWriteRegistry(actor, { collectiveId: collective.id, regionCode: collective.regionCode });
  const rows = await db
    .select({ kind: rights.kind, n: sql<number>`count(*)::int` })
    .from(rights)
    .where(uncertified(collective.id))
    .groupBy(rights.kind);
  const byKind = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)])) as Record<string, number>;
  const total = rows.reduce((s, r) => s + Number(r.n), 0);
  const recent = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, BATCH_KIND), eq(jobs.collectiveId, collective.id)))
    .orderBy(sql`${jobs.createdAt} desc`)
    .limit(5);
  return { collective, byKind, total, recent: recent.map((j) => view(j)) };
}

export const batchCommand = z.object({
  confirm: z.literal('1', { error: 'batch.confirmMissing' }),
  expected: z.coerce.number({ error: 'invalidValue' }).int().nonnegative(),
});

type Result = { issued: number; skipped: number; certificateIds: string[]; failure?: string };

/** Starts the job after the officer confirmed the count they saw; a changed count is shown again. */
export async function startBatchCertificates(
  db: Db,
  actor: Actor,
  input: unknown,
  at: Date,
  log: (err: unknown) => void,
): Promise<{ id: string }> {
  const collective = await registerOf(db, actor);
  assertCanWriteRegistry(actor, { collectiveId: collective.id, regionCode: collective.regionCode });
  const parsed = batchCommand.safeParse(input);
  if (!parsed.success) throw new ValidationError({ confirm: { code: 'batch.confirmMissing' } });
  const ids = await db
    .select({ id: rights.id })
    .from(rights)
    .where(uncertified(collective.id))
    .orderBy(asc(rights.createdAt), asc(rights.id));
  if (ids.length === 0) throw new ValidationError({ confirm: { code: 'batch.nothing' } });
  if (ids.length !== parsed.data.expected)
    throw new ValidationError({ confirm: { code: 'batch.countChanged', params: { expected: parsed.data.expected, now: ids.length } } });
  const base: Result = { issued: 0, skipped: 0, certificateIds: [] };
  const job = await createJob(db, { kind: BATCH_KIND, userId: actor.id, collectiveId: collective.id, result: base });
  await db.update(jobs).set({ total: ids.length }).where(eq(jobs.id, job.id));
  await recordAudit(db, actor, {
    action: 'certificate.batch',
    entityType: 'job',
    entityId: job.id,
    collectiveId: collective.id,
    regionCode: collective.regionCode,
    after: { rights: ids.length, at: at.toISOString() },
  });
  inBackground(
    job.id,
    () =>
      runBatch(
        db,
        actor,
        collective,
        job.id,
        ids.map((r) => r.id),
      ),
    log,
  );
  return { id: job.id };
}

export async function runBatch(db: Db, actor: Actor, collective: Collective, jobId: string, ids: string[]): Promise<void> {
  const result: Result = { issued: 0, skipped: 0, certificateIds: [] };
  const beat = heartbeat(db, jobId, result);
  try {
    for (let i = 0; i < ids.length; i++) {
      const id = await issueOne(db, actor, ids[i], now());
      if (id) {
        result.issued++;
        result.certificateIds.push(id);
      } else result.skipped++;
      await beat(i + 1, ids.length, result);
    }
    await finishJob(db, jobId, { status: 'succeeded', done: ids.length, total: ids.length, result });
  } catch (err) {
    await finishJob(db, jobId, { status: 'failed', result: { ...result, failure: 'desk.batch.failed' } });
    throw new Error(`certificate batch ${jobId} (${collective.id}) failed: ${JSON.stringify(withoutData(err))}`);
  }
}

/** One right: lock, check it is still active and uncertified, issue, trail. Null when skipped. */
async function issueOne(db: Db, actor: Actor, rightId: string, at: Date): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [locked] = await tx.select().from(rights).where(eq(rights.id, rightId)).for('update');
    if (locked?.status !== 'active') return null;
    const [existing] = await tx
      .select({ id: certificates.id })
      .from(certificates)
      .where(and(eq(certificates.rightId, rightId), eq(certificates.status, 'valid')));
    if (existing) return null;
    const c = await insertCertificate(tx, actor, locked, undefined, null, at);
    await recordAudit(tx, actor, {
      action: 'certificate.issue',
      entityType: 'certificate',
      entityId: c.id,
      collectiveId: locked.collectiveId,
      regionCode: locked.regionCode,
      householdId: locked.householdId,
      rightId: locked.id,
      after: { number: c.number, batch: true },
    });
    return c.id;
  });
}

export type BatchView = ReturnType<typeof view>;

function view(job: typeof jobs.$inferSelect) {
  const r = (job.result ?? {}) as Partial<Result>;
  const { status, stale } = liveStatus(job);
  return {
    id: job.id,
    status,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    done: job.done,
    total: job.total,
    percent: percentOf(job.done, job.total),
    issued: r.issued ?? 0,
    skipped: r.skipped ?? 0,
    certificateIds: r.certificateIds ?? [],
    failure: stale ? 'desk.batch.stale' : status === 'failed' ? (r.failure ?? 'desk.batch.failed') : null,
  };
}

/** A batch job is seen by the officers of its collective only; to anyone else it does not exist. */
export async function loadBatch(db: Db, actor: Actor, id: string): Promise<BatchView> {
  const job = await findJob(db, BATCH_KIND, id);
  if (!job || actor.role !== 'officer' || !actor.collectiveId || actor.collectiveId !== job.collectiveId) throw new NotFound();
  return view(job);
}
