import { now } from '../../kernel/clock';
import { eq, sql } from 'drizzle-orm';
import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { rateLimits } from '../../../models/accounts';
import type { Db } from '../db';

/** express-rate-limit counters in PostgreSQL: one atomic upsert per hit, shared by all instances. */
export class DbRateLimitStore implements Store {
  private windowMs = 60_000;
  prefix: string;
  constructor(
    private db: Db,
    prefix: string,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [row] = await this.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, this.prefix + key));
    return row && row.resetAt > now() ? { totalHits: row.hits, resetTime: row.resetAt } : undefined;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    // The app's clock on both sides of the comparison (not the database's now()): a window ends when the app says so.
    const at = now();
    const reset = new Date(at.getTime() + this.windowMs);
    const r = (await this.db.execute(sql`
      insert into rate_limits (key, hits, reset_at) values (${this.prefix + key}, 1, ${reset.toISOString()})
      on conflict (key) do update set
        hits = case when rate_limits.reset_at <= ${at.toISOString()}::timestamptz then 1 else rate_limits.hits + 1 end,
        reset_at = case when rate_limits.reset_at <= ${at.toISOString()}::timestamptz then excluded.reset_at else rate_limits.reset_at end
      returning hits, reset_at`)) as unknown as { rows: { hits: number; reset_at: string | Date }[] };
    return { totalHits: Number(r.rows[0].hits), resetTime: new Date(r.rows[0].reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.execute(sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${this.prefix + key}`);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.delete(rateLimits).where(eq(rateLimits.key, this.prefix + key));
  }
}
