import {
  bigserial,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

// The trail: insert-only (a trigger refuses UPDATE and DELETE, and the app's role may only
// read and append). Each entry carries the hash of the one before, keyed with AUDIT_KEY
// (key_version 1; 0: the unkeyed entries of the first releases), so any later edit of the
// table breaks the chain visibly; anchors outside the database show a cut tail
// (server/kernel/audit-hash.ts, audit-anchors.ts).
export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorRole: text('actor_role'),
    action: varchar('action', { length: 60 }).notNull(),
    entityType: varchar('entity_type', { length: 30 }).notNull(),
    entityId: text('entity_id').notNull(),
    collectiveId: uuid('collective_id'),
    regionCode: varchar('region_code', { length: 12 }),
    householdId: uuid('household_id'),
    rightId: uuid('right_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    prevHash: varchar('prev_hash', { length: 64 }).notNull(),
    hash: varchar('hash', { length: 64 }).notNull(),
    keyVersion: smallint('key_version').notNull().default(0),
  },
  (t) => [
    index('audit_household_idx').on(t.householdId, t.seq),
    index('audit_right_idx').on(t.rightId, t.seq),
    index('audit_collective_idx').on(t.collectiveId, t.seq),
    index('audit_entity_idx').on(t.entityType, t.entityId),
  ],
);

// Long work (imports, register exports, annual reports): progress lives in the database so any instance can report it.
export const jobs = pgTable('jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: varchar('kind', { length: 30 }).notNull(),
  userId: uuid('user_id').notNull(),
  collectiveId: uuid('collective_id'),
  status: text('status', { enum: ['queued', 'running', 'succeeded', 'failed'] })
    .notNull()
    .default('queued'),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  result: jsonb('result'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** Bytes in Node (pg gives a Buffer, PGlite a Uint8Array: both are normalised to Buffer). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

// A job's output file (the register export), in pieces as it was written: any instance can
// serve it, neither side holds it whole in memory, and it goes with its job (rule 14: files of
// personal data are deleted after a day, see server/registry/export-jobs.ts).
export const jobFiles = pgTable(
  'job_files',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);

// Person records (members, households found) that one staff account was shown on one day
// (Asia/Shanghai): one upsert per request that shows persons; crossing a threshold writes a
// trail entry (server/kernel/personal-reads.ts, rule 14, 个人信息保护法 §51).
export const personalReads = pgTable(
  'personal_reads',
  {
    userId: uuid('user_id').notNull(),
    day: date('day').notNull(),
    persons: integer('persons').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);
