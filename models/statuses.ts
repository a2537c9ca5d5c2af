import { type SQL, sql } from 'drizzle-orm';

// Named sets of statuses, defined once: the TypeScript rules, the SQL of the queries and the
// partial indexes of the schema (models/rights.ts, models/market.ts) all take them from here.
// Migrations already applied keep the literal SQL they were written with; a test compares the
// database's index predicates with these sets (test/unit/statuses.test.ts).

export const RIGHT_STATUSES = ['active', 'listed', 'in_transaction', 'transferred', 'exited', 'cancelled'] as const;
export type RightStatus = (typeof RIGHT_STATUSES)[number];

/** A right its household still holds: not transferred, exited or cancelled (rules 4, 11). */
export const HELD_RIGHT_STATUSES = ['active', 'listed', 'in_transaction'] as const satisfies readonly RightStatus[];

export const LISTING_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'expired', 'in_deal', 'completed'] as const;
/** A listing that still holds its right (one per right, rule 11). */
export const LIVE_LISTING_STATUSES = ['draft', 'submitted', 'approved', 'in_deal'] as const;

export const DEAL_STATUSES = ['signing', 'signed', 'paid', 'settled', 'registered', 'cancelled'] as const;
/** A deal not yet registered or cancelled (one per right, rule 11). */
export const OPEN_DEAL_STATUSES = ['signing', 'signed', 'paid', 'settled'] as const;

/** `('a', 'b')` for a partial index or a query: the set's own words, quoted. */
export function sqlSet(values: readonly string[]): SQL {
  return sql.raw(`(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')})`);
}

export function isHeld(status: string): boolean {
  return (HELD_RIGHT_STATUSES as readonly string[]).includes(status);
}
