import { sql } from 'drizzle-orm';
import type { Request } from 'express';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { rows, type Db, type Replica } from './db';
import { INSERT_POSITION_SQL, insertFence, later, lsnOf } from './lsn';
import { ReplicaState } from './replica-state';

// Reads that scale out (README "Read replicas"). Searches, dashboards, reports and exports read
// from streaming replicas; writes, and every read of a request that writes, go to the primary.
// A user never sees a page older than their own last write: a write request ends by noting the
// primary's WAL position (one `select`), in the session (pages, read-your-writes.ts) or by
// waiting until the replicas have replayed it (the API, which has no session). A read then goes
// to a replica only once that replica has replayed the noted position, which this instance
// knows without asking as soon as it has seen the replica get that far (positions only grow).

declare module 'express-session' {
  interface SessionData {
    /** The primary's WAL position after this session's last write ('X/Y'). */
    readAfter?: string;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export type ReadsOptions = {
  logger?: Logger;
  /** An API write waits this long at most for the replicas to replay it; past that, this instance reads from the primary until they have. */
  writeWaitMs?: number;
  /** A replica that has not replayed what the primary had written this long ago is passed over until it catches up. */
  maxLagMs?: number;
  /** How often the replicas' positions are asked while the app serves. */
  pollMs?: number;
  /** Milliseconds from a steady source (tests pass their own to pass time without waiting). */
  now?: () => number;
};

/** Where reads go. Without replicas (the embedded database, one server) every answer is the primary. */
export class Reads {
  readonly replicated: boolean;
  private readonly states: ReplicaState[];
  private readonly now: () => number;
  private turn = 0;
  /** Every routed read of this instance waits for this position: start-up's migrations, an API write the replicas were too slow for. */
  private fenceAll = 0n;
  private readonly writtenByGet = new WeakSet<Request>();
  private samples: { at: number; lsn: bigint }[] = [];
  /** API writes waiting for the replicas now (for the log and the tests). */
  waiting = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly primary: Db,
    replicas: Replica[] = [],
    private readonly o: ReadsOptions = {},
  ) {
    this.now = o.now ?? (() => performance.now());
    this.states = replicas.map((r) => new ReplicaState(r, this.now));
    this.replicated = replicas.length > 0;
  }

  /** Before serving: the schema just migrated is what the replicas must have before they serve; then a poll every pollMs. */
  async start(): Promise<void> {
    if (!this.replicated || this.timer) return;
    this.fenceAll = later(this.fenceAll, await this.position());
    await this.poll();
    this.timer = setInterval(() => void this.poll(), this.o.pollMs ?? 1_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * The database this request reads from: a replica that has replayed the session's last write
   * (round-robin), else the primary. A request that writes reads from the primary throughout.
   * Pages that must read the primary whatever happened use deps.db.
   */
  async for(req: Request): Promise<Db> {
    if (!this.replicated || this.writes(req)) return this.primary;
    const fence = later(lsnOf(req.session?.readAfter), this.fenceAll);
    for (let i = 0; i < this.states.length; i++) {
      const s = this.states[this.turn++ % this.states.length];
      if (s.usable() && (await s.reached(fence))) return s.replica.db;
    }
    return this.primary;
  }

  /** A replica known to be current enough, or the primary: for reads no user waits on (periodic jobs, queued exports). */
  any(): Db {
    for (let i = 0; i < this.states.length; i++) {
      const s = this.states[this.turn++ % this.states.length];
      if (s.usable() && (s.current || s.replayed >= this.fenceAll)) return s.replica.db;
    }
    return this.primary;
  }

  /** A GET that writes (rare) says so: it reads from the primary, and its end fences the session like a form's. */
  wrote(req: Request): void {
    this.writtenByGet.add(req);
  }

  writes(req: Request): boolean {
    return !SAFE.has(req.method) || this.writtenByGet.has(req);
  }

  /** Where the primary's WAL stands: past every transaction committed so far (lsn.ts). */
  async position(): Promise<bigint> {
    const [r] = await rows<{ lsn: string; page: number; segment: string }>(this.primary, sql.raw(INSERT_POSITION_SQL));
    return insertFence(r);
  }

  /**
   * Waits until every replica has replayed `lsn` (an API write's answer waits on it, so that
   * any read after it, on any instance, sees the write). Gives up after writeWaitMs, or at once
   * for a replica that is down or lagging: this instance then reads from the primary until the
   * replicas have replayed it. True when all had.
   */
  async waitFor(lsn: bigint): Promise<boolean> {
    const deadline = this.now() + (this.o.writeWaitMs ?? 2_000);
    let pause = 1;
    this.waiting++;
    try {
      for (const s of this.states) {
        while (!(s.usable() && (await s.reached(lsn)))) {
          if (!s.usable() || this.now() >= deadline) {
            this.fenceAll = later(this.fenceAll, lsn);
            this.o.logger?.warn(
              { replica: s.replica.name },
              'replica too slow for an API write: this instance reads from the primary until it catches up',
            );
            return false;
          }
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(pause * 2, 50);
        }
      }
      return true;
    } finally {
      this.waiting--;
    }
  }

  /**
   * Asks the primary and each replica how far they are. A replica that cannot be reached is
   * passed over for a while; one that has not replayed what the primary had written maxLagMs
   * ago (replication broken or far behind) until it catches up, so that no page is that stale.
   */
  async poll(): Promise<void> {
    const at = this.now();
    const maxLag = this.o.maxLagMs ?? 30_000;
    try {
      const [r] = await rows<{ lsn: string }>(this.primary, sql`select pg_current_wal_lsn()::text as lsn`);
      this.samples.push({ at, lsn: lsnOf(r.lsn) });
    } catch {
      // The primary does not answer: the requests say so (503); the replicas' state is kept.
    }
    // Keep the newest sample at least maxLag old, and the ones after it.
    while (this.samples.length > 1 && this.samples[1].at <= at - maxLag) this.samples.shift();
    const old = this.samples[0]?.at <= at - maxLag ? this.samples[0].lsn : null;
    await Promise.all(
      this.states.map(async (s) => {
        const was = s.usable();
        const reachable = await s.ask().then(
          () => true,
          () => false,
        );
        s.lagging = reachable && old !== null && !s.current && s.replayed < old;
        if (was !== s.usable()) {
          const state = !reachable ? 'unreachable' : s.lagging ? `more than ${maxLag} ms behind` : 'serving reads again';
          this.o.logger?.warn({ replica: s.replica.name }, `replica ${state}`);
        }
      }),
    );
  }
}
