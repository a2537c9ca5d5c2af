import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { jobFiles, jobs } from '../../models/audit';
import type { Db } from '../platform/db';
import { z } from 'zod';
import { NotFound } from '../kernel/errors';
import { accept, type Submitted } from '../kernel/commands';
import { fmt } from '../platform/format';
import type { Actor } from '../kernel/actor';
import type { Collective } from './collectives';
import { registerFileName, registerOf, writeRegister } from './export';
import { KINDS } from './import/columns';
import type { Format } from '../platform/files/file-type';
import {
  createJob,
  findJob,
  finishJob,
  heartbeat,
  inBackground,
  liveStatus,
  percentOf,
  withoutData,
  type Job,
  type Status,
} from '../platform/jobs';

// The officer's register export as long work: the file is written in the background into
// job_files, a piece at a time, while the job records how far it got. Any instance can
// then serve it; it is deleted a day after it was made (rule 14).

/** Files of personal data are kept this long, then deleted (rule 14). */
export const FILE_TTL_MS = 24 * 3600 * 1000;
/** Size of a stored piece: large enough for few rows, small enough that memory stays flat. */
const CHUNK_BYTES = 256 * 1024;

type Result = { format: Format; fileName: string; asciiName: string; bytes?: number; chunks?: number; failure?: string; at?: string };

export type ExportView = {
  id: string;
  status: Status | 'expired';
  format: Format;
  fileName: string;
  asciiName: string;
  createdAt: Date;
  finishedAt: Date | null;
  done: number;
  total: number;
  percent: number | null;
  bytes: number;
  chunks: number;
  failure: string | null;
  /** Where the writing is: the sheet (1-based, of `sheets`) and households written in it. */
  sheet: number;
  sheets: number;
  households: number;
  inSheet: number;
};

function view(job: Job, at: Date): ExportView {
  const r = (job.result ?? {}) as Result;
  const { status, stale } = liveStatus(job, at.getTime());
  const expired = status === 'succeeded' && at.getTime() - (job.finishedAt ?? job.createdAt).getTime() > FILE_TTL_MS;
  const households = Math.round(job.total / KINDS.length);
  const sheet = households ? Math.min(KINDS.length - 1, Math.floor(job.done / households)) : 0;
  return {
    id: job.id,
    status: expired ? 'expired' : status,
    format: r.format,
    fileName: r.fileName,
    asciiName: r.asciiName,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    done: job.done,
    total: job.total,
    percent: percentOf(job.done, job.total),
    bytes: r.bytes ?? 0,
    chunks: r.chunks ?? 0,
    failure: stale ? 'exports.stale' : status === 'failed' ? (r.failure ?? 'exports.failed') : null,
    sheet: sheet + 1,
    sheets: KINDS.length,
    households,
    inSheet: Math.max(0, Math.min(households, job.done - sheet * households)),
  };
}

/** Receives the file as it is written and stores it in pieces; the writer waits while a piece is saved. */
export class ChunkSink extends Writable {
  private parts: Buffer[] = [];
  private size = 0;
  seq = 0;
  bytes = 0;
  constructor(
    private readonly db: Db,
    private readonly jobId: string,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    super({ highWaterMark: chunkBytes });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.parts.push(chunk);
    this.size += chunk.length;
    if (this.size < this.chunkBytes) return cb();
    this.flush().then(() => cb(), cb);
  }
  override _final(cb: (err?: Error | null) => void): void {
    this.flush().then(() => cb(), cb);
  }
  private async flush(): Promise<void> {
    if (!this.size) return;
    const bytes = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    await this.db.insert(jobFiles).values({ jobId: this.jobId, seq: this.seq++, bytes });
    this.bytes += bytes.length;
  }
}

/** Deletes the stored files of exports made more than a day ago (also those of jobs that died half-way). */
export async function purgeExpiredExports(db: Db, at: Date): Promise<void> {
  const old = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.kind, 'export'), lt(sql`coalesce(${jobs.finishedAt}, ${jobs.createdAt})`, new Date(at.getTime() - FILE_TTL_MS))));
  await db.delete(jobFiles).where(inArray(jobFiles.jobId, old));
}

/** The export form: the file's format. */
export const exportCommand = z.object({
  format: z.preprocess((v) => v ?? '', z.enum(['xlsx', 'csv'], { error: 'exports.badFormat' })),
});
export type ExportCommand = z.input<typeof exportCommand>;

/**
 * Starts writing the register of the officer's collective in the background. Two quick
 * clicks start two exports; each is complete on its own.
 */
export async function startExport(
  db: Db,
  actor: Actor,
  cmd: Submitted<ExportCommand>,
  at: Date,
  log: (err: unknown) => void,
): Promise<{ id: string }> {
  const c = await registerOf(db, actor);
  const f: Format = accept(exportCommand, cmd).format;
  await purgeExpiredExports(db, at);
  const name = registerFileName(c, f, fmt.date(at));
  const base: Result = { format: f, fileName: name.utf8, asciiName: name.ascii };
  const job = await createJob(db, { kind: 'export', userId: actor.id, collectiveId: c.id, result: base });
  inBackground(job.id, () => runExport(db, actor, c, job.id, base), log);
  return { id: job.id };
}

export async function runExport(db: Db, actor: Actor, c: Collective, jobId: string, base: Result): Promise<void> {
  const sink = new ChunkSink(db, jobId);
  const beat = heartbeat(db, jobId, base);
  let total = 0;
  try {
    await writeRegister(db, actor, c, base.format, sink, (d, t) => {
      total = t;
      return beat(d, t);
    });
    if (!sink.writableEnded) sink.end();
    await finished(sink);
    await finishJob(db, jobId, { status: 'succeeded', done: total, total, result: { ...base, bytes: sink.bytes, chunks: sink.seq } });
  } catch (err) {
    sink.destroy();
    // A half-written file is of no use and still personal data.
    await db.delete(jobFiles).where(eq(jobFiles.jobId, jobId));
    await finishJob(db, jobId, { status: 'failed', result: { ...base, failure: 'exports.failed' } });
    // A failed insert carries the piece's bytes (names, ID numbers) in its message (rule 14).
    throw new Error(`export ${jobId} failed: ${JSON.stringify(withoutData(err))}`);
  }
}

/** An export is seen by the officers of its collective only; to anyone else it does not exist. */
export async function loadExport(db: Db, actor: Actor, id: string, at: Date): Promise<ExportView> {
  const job = await findJob(db, 'export', id);
  if (!job || actor.role !== 'officer' || !actor.collectiveId || actor.collectiveId !== job.collectiveId) throw new NotFound();
  return view(job, at);
}

/** The officer's collective and its recent exports (the exports page shows both). */
export async function recentExports(
  db: Db,
  actor: Actor,
  at: Date,
  limit = 10,
): Promise<{ collective: Collective; exports: ExportView[] }> {
  const collective = await registerOf(db, actor);
  const list = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, 'export'), eq(jobs.collectiveId, collective.id)))
    .orderBy(desc(jobs.createdAt))
    .limit(limit);
  return { collective, exports: list.map((j) => view(j, at)) };
}

/** The stored file, a piece at a time (one piece in memory). Throws if a piece is gone (deleted meanwhile). */
export async function* exportFile(db: Db, e: Pick<ExportView, 'id' | 'chunks'>): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < e.chunks; seq++) {
    const [piece] = await db
      .select({ bytes: jobFiles.bytes })
      .from(jobFiles)
      .where(and(eq(jobFiles.jobId, e.id), eq(jobFiles.seq, seq)));
    if (!piece) throw new Error(`export ${e.id}: piece ${seq} is missing`);
    yield piece.bytes;
  }
}
