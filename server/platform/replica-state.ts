import { sql } from 'drizzle-orm';
import { rows, type Replica } from './db';
import { later, lsnOf } from './lsn';

// What one app instance knows of one read replica (reads.ts): how far it has been seen to replay,
// and whether it is to be passed over (unreachable a moment ago, or lagging too far).

/** How long a replica that did not answer is passed over before it is tried again. */
const DOWN_MS = 5_000;

/** One replica as this instance knows it. */
export class ReplicaState {
  /** The furthest WAL position it has been seen to have replayed. */
  replayed = 0n;
  /** Not in recovery: the primary itself, or a replica promoted since. Always current. */
  current = false;
  lagging = false;
  downUntil = 0;
  private asking: Promise<void> | null = null;
  constructor(
    readonly replica: Replica,
    private now: () => number,
  ) {}

  usable(): boolean {
    return !this.lagging && this.now() >= this.downUntil;
  }

  /** Asks how far it has replayed; callers at the same moment share one round trip. */
  ask(): Promise<void> {
    this.asking ??= rows<{ lsn: string | null; recovering: boolean }>(
      this.replica.db,
      sql`select pg_last_wal_replay_lsn()::text as lsn, pg_is_in_recovery() as recovering`,
    )
      .then(
        ([r]) => {
          this.current = !r.recovering;
          this.replayed = later(this.replayed, lsnOf(r.lsn));
          this.downUntil = 0;
        },
        (err: unknown) => {
          this.downUntil = this.now() + DOWN_MS;
          throw err;
        },
      )
      .finally(() => {
        this.asking = null;
      });
    return this.asking;
  }

  /** Whether it has replayed `fence`: known at once when it has been seen that far, else asked. */
  async reached(fence: bigint): Promise<boolean> {
    if (this.current || this.replayed >= fence) return true;
    await this.ask().catch(() => undefined);
    return this.usable() && (this.current || this.replayed >= fence);
  }
}
