import pg from 'pg';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { jobs } from '../../../models/audit';
import { contractExtensions, householdEvents } from '../../../models/household-life';
import { households } from '../../../models/households';
import { landContracts, parcels, rights } from '../../../models/rights';
import { HELD_RIGHT_STATUSES, LIVE_LISTING_STATUSES } from '../../../models/statuses';
import { listings } from '../../../models/market';
import { assertCanRead, assertCanWriteRegistry, type Actor } from '../../kernel/actor';
import { recordAudit } from '../../kernel/audit';
import { shanghaiDate } from '../../kernel/clock';
import { regionPrefix } from '../../kernel/codes';
import { accept, type Submitted } from '../../kernel/commands';
import { AppError, NotFound, ValidationError } from '../../kernel/errors';
import type { Db, Tx } from '../../platform/db';
import { createJob, finishJob, heartbeat, inBackground, liveStatus, percentOf, withoutData, type Job } from '../../platform/jobs';
import { getCollective } from '../collectives';
import { reissueBatch } from './certs';
import { type Extension, extensionSchema } from './commands';
import { endsInOldTerm, extendedEnd, isFrozen } from './rules';
import { isUuid } from '../../kernel/ids';

// 二轮延包 (the 2026 central opinion): a collective extends its second-round contracts by 30
// years, household by household, on the members' decision. The officer lists the contracts
// ending in the old term (a dry run), excludes or adjusts households, then runs the extension
// as a job: one transaction for the collective, certificates reissued in the same batch.

export type PlanRow = {
  rightId: string;
  householdId: string;
  householdCode: string;
  headName: string;
  contractNo: string;
  startDate: string;
  endDate: string;
  newEndDate: string;
  parcelCount: number;
  areaMuCenti: number;
  /** Why this contract is not extended now: excluded by the officer, or held still by a listing (rule 11). */
  skip: { code: 'excluded' | 'rule11'; reason?: string } | null;
  adjusted: string | null;
};
export type Plan = { collectiveId: string; oldTermEndsBy: string; rows: PlanRow[]; extend: number; skipped: number };

async function frozenIds(db: Db | Tx, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    const live = await db
      .select({ rightId: listings.rightId })
      .from(listings)
      .where(and(inArray(listings.rightId, part), inArray(listings.status, [...LIVE_LISTING_STATUSES])));
    for (const l of live) out.add(l.rightId);
  }
  return out;
}

/** The contracts the extension would touch, with what the officer excluded or adjusted. */
export async function buildPlan(db: Db | Tx, collectiveId: string, c: Extension, lock = false): Promise<Plan> {
  const q = db
    .select({
      rightId: rights.id,
      status: rights.status,
      householdId: rights.householdId,
      householdCode: households.code,
      headName: households.headName,
      contractNo: landContracts.contractNo,
      startDate: landContracts.startDate,
      endDate: landContracts.endDate,
    })
    .from(rights)
    .innerJoin(landContracts, eq(landContracts.rightId, rights.id))
    .innerJoin(households, eq(households.id, rights.householdId))
    .where(
      and(
        eq(rights.collectiveId, collectiveId),
        eq(rights.kind, 'land'),
        inArray(rights.status, [...HELD_RIGHT_STATUSES]),
        lte(landContracts.endDate, c.oldTermEndsBy),
      ),
    )
    .orderBy(households.code, landContracts.contractNo);
  const list = lock ? await q.for('update', { of: rights }) : await q;
  const ids = list.map((r) => r.rightId);
  const sizes = new Map<string, { n: number; area: number }>();
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    const rows = await db
      .select({ rightId: parcels.rightId, n: sql<number>`count(*)::int`, area: sql<number>`coalesce(sum(${parcels.areaMuCenti}), 0)::int` })
      .from(parcels)
      .where(and(inArray(parcels.rightId, part), eq(parcels.status, 'active')))
      .groupBy(parcels.rightId);
    for (const r of rows) sizes.set(r.rightId, { n: r.n, area: r.area });
  }
  const frozen = await frozenIds(db, ids);
  const excluded = new Map(c.excluded.map((e) => [e.rightId, e.reason]));
  const adjusted = new Map(c.adjusted.map((a) => [a.rightId, a]));
  const unknown = [...excluded.keys(), ...adjusted.keys()].filter((id) => !ids.includes(id));
  if (unknown.length) throw new ValidationError({ excluded: { code: 'life.extensionUnknownContract' } });
  const rows: PlanRow[] = list
    .filter((r) => endsInOldTerm(r.endDate, c.oldTermEndsBy))
    .map((r) => {
      const adj = adjusted.get(r.rightId);
      if (adj && adj.newEndDate <= r.endDate)
        throw new ValidationError({ adjusted: { code: 'life.extensionEndsEarlier', params: { contractNo: r.contractNo } } });
      const skip = excluded.has(r.rightId)
        ? { code: 'excluded' as const, reason: excluded.get(r.rightId) }
        : isFrozen(r.status) || frozen.has(r.rightId)
          ? { code: 'rule11' as const }
          : null;
      const size = sizes.get(r.rightId) ?? { n: 0, area: 0 };
      return {
        rightId: r.rightId,
        householdId: r.householdId,
        householdCode: r.householdCode,
        headName: r.headName,
        contractNo: r.contractNo,
        startDate: r.startDate,
        endDate: r.endDate,
        newEndDate: adj?.newEndDate ?? extendedEnd(r.endDate),
        parcelCount: size.n,
        areaMuCenti: size.area,
        skip,
        adjusted: adj?.reason ?? null,
      };
    });
  const extend = rows.filter((r) => !r.skip).length;
  return { collectiveId, oldTermEndsBy: c.oldTermEndsBy, rows, extend, skipped: rows.length - extend };
}

/** The collective, for its officer only (404 outside their scope, 403 for other roles). */
export async function extensionCollective(db: Db, actor: Actor, collectiveId: string) {
  const collective = await getCollective(db, collectiveId).catch(() => null);
  assertCanWriteRegistry(actor, collective ? { collectiveId: collective.id, regionCode: collective.regionCode } : null);
  return collective;
}

/** The dry run: what the extension would do, changing nothing. */
export async function planExtension(db: Db, actor: Actor, collectiveId: string, cmd: Submitted<Extension>): Promise<Plan> {
  const collective = await getCollective(db, collectiveId).catch(() => null);
  assertCanWriteRegistry(actor, collective ? { collectiveId: collective.id, regionCode: collective.regionCode } : null);
  const c = accept(extensionSchema, cmd);
  return buildPlan(db, collectiveId, c);
}

const canReportWhileWriting = (db: Db) => (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;

/**
 * Starts the extension as a job (progress in the jobs table). `done` settles when the work has
 * ended, whatever its outcome (the routes leave it, tests and the benchmark await it).
 */
export async function startExtension(
  db: Db,
  actor: Actor,
  collectiveId: string,
  cmd: Submitted<Extension>,
  at: Date,
  log: (err: unknown) => void,
): Promise<{ jobId: string; done: Promise<void> }> {
  const collective = await getCollective(db, collectiveId).catch(() => null);
  assertCanWriteRegistry(actor, collective ? { collectiveId: collective.id, regionCode: collective.regionCode } : null);
  const c = accept(extensionSchema, cmd);
  // Refuse a command that would fail (unknown contracts, an earlier end) before a job exists.
  const plan = await buildPlan(db, collectiveId, c);
  const job = await createJob(db, {
    kind: 'extension',
    userId: actor.id,
    collectiveId,
    result: { phase: 'checking', oldTermEndsBy: c.oldTermEndsBy, decisionRef: c.decisionRef, planned: plan.extend },
  });
  let settle: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    settle = resolve;
  });
  inBackground(
    job.id,
    () => runExtension(db, actor, job.id, collectiveId, c, at, log).finally(() => settle()),
    (err) => {
      log(withoutData(err));
    },
  );
  return { jobId: job.id, done };
}

export async function runExtension(
  db: Db,
  actor: Actor,
  jobId: string,
  collectiveId: string,
  c: Extension,
  at: Date,
  log: (err: unknown) => void,
) {
  const base = { oldTermEndsBy: c.oldTermEndsBy, decisionRef: c.decisionRef };
  const beat = heartbeat(db, jobId, base);
  const concurrentOk = canReportWhileWriting(db);
  const progress = async (done: number, total: number, phase: string) => {
    if (phase === 'writing' && !concurrentOk) return;
    await beat(done, total, { phase });
  };
  try {
    const out = await db.transaction(async (tx) => {
      const plan = await buildPlan(tx, collectiveId, c, true);
      const todo = plan.rows.filter((r) => !r.skip);
      await progress(0, todo.length, 'writing');
      const CHUNK = 200;
      for (let i = 0; i < todo.length; i += CHUNK) {
        const part = todo.slice(i, i + CHUNK);
        const pairs = sql.join(
          part.map((r) => sql`(${r.rightId}::uuid, ${r.newEndDate}::date)`),
          sql`, `,
        );
        await tx.execute(sql`update land_contracts lc set end_date = v.e from (values ${pairs}) as v(id, e) where lc.right_id = v.id`);
        await tx
          .update(rights)
          .set({ version: sql`${rights.version} + 1`, updatedAt: at })
          .where(
            inArray(
              rights.id,
              part.map((r) => r.rightId),
            ),
          );
        await tx.insert(contractExtensions).values(
          part.map((r) => ({
            rightId: r.rightId,
            jobId,
            collectiveId,
            regionCode: '',
            oldEndDate: r.endDate,
            newEndDate: r.newEndDate,
            adjusted: r.adjusted,
            extendedAt: at,
          })),
        );
        await progress(i + part.length, todo.length, 'writing');
      }
      await tx.execute(
        sql`update contract_extensions ce set region_code = r.region_code from rights r where ce.job_id = ${jobId} and r.id = ce.right_id`,
      );
      const rightRows = todo.length
        ? (
            await Promise.all(
              chunks(
                todo.map((r) => r.rightId),
                1000,
              ).map((part) => tx.select().from(rights).where(inArray(rights.id, part))),
            )
          ).flat()
        : [];
      const certs = await reissueBatch(tx, actor.id, rightRows, 'life.extension', at);
      // The household's history shows the extension; the trail names every contract.
      const byHousehold = new Map<string, PlanRow[]>();
      for (const r of todo) byHousehold.set(r.householdId, [...(byHousehold.get(r.householdId) ?? []), r]);
      const regionOf = new Map(rightRows.map((r) => [r.householdId, r.regionCode]));
      const events = [...byHousehold].map(([householdId, rs]) => ({
        kind: 'extension' as const,
        householdId,
        collectiveId,
        regionCode: regionOf.get(householdId) ?? '',
        occurredOn: shanghaiDate(at),
        decidedBy: c.decisionRef,
        details: {
          jobId,
          contracts: rs.map((r) => ({
            rightId: r.rightId,
            contractNo: r.contractNo,
            from: r.endDate,
            to: r.newEndDate,
            adjusted: r.adjusted,
          })),
        },
        recordedBy: actor.id,
        recordedAt: at,
      }));
      for (const part of chunks(events, 500)) await tx.insert(householdEvents).values(part);
      for (const r of todo) {
        const cert = certs.find((x) => x.rightId === r.rightId);
        await recordAudit(tx, actor, {
          action: 'contract.extend',
          entityType: 'right',
          entityId: r.rightId,
          collectiveId,
          regionCode: regionOf.get(r.householdId) ?? null,
          householdId: r.householdId,
          rightId: r.rightId,
          before: { endDate: r.endDate, certificate: cert?.oldNumber ?? null },
          after: { endDate: r.newEndDate, certificate: cert?.number ?? null, jobId },
          reason: r.adjusted ?? c.decisionRef,
        });
      }
      for (const r of plan.rows.filter((x) => x.skip))
        await recordAudit(tx, actor, {
          action: 'contract.extendSkipped',
          entityType: 'right',
          entityId: r.rightId,
          collectiveId,
          householdId: r.householdId,
          rightId: r.rightId,
          after: { skip: r.skip, jobId },
          reason: r.skip?.reason ?? null,
        });
      return { plan, todo, certs };
    });
    await finishJob(db, jobId, {
      status: 'succeeded',
      done: out.todo.length,
      total: out.todo.length,
      result: {
        ...base,
        phase: 'done',
        extended: out.todo.length,
        skipped: out.plan.skipped,
        certificates: out.certs.map((x) => ({ id: x.certificateId, number: x.number })),
      },
    });
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'life.extensionFailed';
    if (!(err instanceof AppError)) log(withoutData(err));
    await finishJob(db, jobId, { status: 'failed', result: { ...base, phase: 'done', error: { code } } });
  }
}

function chunks<T>(list: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += n) out.push(list.slice(i, i + n));
  return out;
}

export type ExtensionJobView = {
  id: string;
  collectiveId: string;
  status: 'running' | 'succeeded' | 'failed';
  done: number;
  total: number;
  percent: number | null;
  extended: number | null;
  skipped: number | null;
  certificates: { id: string; number: string }[];
  error: { code: string } | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/** A job of the extension, for whoever may read the collective (404 otherwise). */
export async function extensionJob(db: Db, actor: Actor, collectiveId: string, jobId: string, at: Date): Promise<ExtensionJobView> {
  if (!isUuid(jobId) || !isUuid(collectiveId)) throw new NotFound();
  const [job] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.id, jobId), eq(jobs.kind, 'extension'), eq(jobs.collectiveId, collectiveId)))
    .limit(1);
  if (!job) throw new NotFound();
  const collective = await getCollective(db, collectiveId);
  assertCanRead(actor, { collectiveId, regionCode: collective.regionCode });
  return jobView(job, at);
}

function jobView(job: Job, at: Date): ExtensionJobView {
  const r = (job.result ?? {}) as {
    extended?: number;
    skipped?: number;
    certificates?: { id: string; number: string }[];
    error?: { code: string };
  };
  const { status, stale } = liveStatus(job, at.getTime());
  return {
    id: job.id,
    collectiveId: job.collectiveId!,
    status,
    done: job.done,
    total: job.total,
    percent: percentOf(job.done, job.total),
    extended: r.extended ?? null,
    skipped: r.skipped ?? null,
    certificates: r.certificates ?? [],
    error: stale ? { code: 'life.extensionStale' } : (r.error ?? null),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}

/** The bureau's figure: per county (six-digit code), how many collectives and contracts are extended. */
export async function extensionByCounty(db: Db, actor: Actor): Promise<{ county: string; collectives: number; contracts: number }[]> {
  if (actor.role !== 'bureau' && actor.role !== 'admin') throw new NotFound();
  const prefix = actor.role === 'admin' ? '' : regionPrefix(actor.regionCode ?? 'x');
  const rows = await db
    .select({
      county: sql<string>`substring(${contractExtensions.regionCode}, 1, 6)`,
      collectives: sql<number>`count(distinct ${contractExtensions.collectiveId})::int`,
      contracts: sql<number>`count(distinct ${contractExtensions.rightId})::int`,
    })
    .from(contractExtensions)
    .where(sql`${contractExtensions.regionCode} like ${`${prefix}%`}`)
    .groupBy(sql`substring(${contractExtensions.regionCode}, 1, 6)`)
    .orderBy(sql`1`);
  return rows;
}
