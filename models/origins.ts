import { bigint, index, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

// The network address a trail entry came from (web requests only), kept beside the trail so
// the coercion alert can see one address serving an officer and a farmer of the same
// collective (rule 2). A short row per entry, written with it; purged after ORIGIN_DAYS
// (server/kernel/origins.ts): an address is personal data and the alert looks back days, not years.
export const requestOrigins = pgTable(
  'request_origins',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    ip: varchar('ip', { length: 45 }).notNull(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    // The officer's own collective, or the collective of the record the farmer acted on.
    collectiveId: uuid('collective_id'),
  },
  (t) => [index('request_origins_ip_idx').on(t.ip, t.at), index('request_origins_at_idx').on(t.at)],
);
